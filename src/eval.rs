//! Precision and recall of mentions against a gold annotation.
//!
//! Gold format (CSV, header required): `file,byte_start,byte_end,entity_id`
//! (extra columns such as `surface` are ignored). `file` may be the path as
//! scanned or any suffix of it after a `/` (e.g. the basename). A predicted
//! mention is correct when file, byte span and entity all agree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Error;
use crate::scan::Mention;

/// One gold mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct GoldMention {
    /// File as written in the gold file.
    pub file: String,
    /// Start byte in the stored file.
    pub byte_start: usize,
    /// End byte (exclusive).
    pub byte_end: usize,
    /// Entity id.
    pub entity_id: String,
}

/// A CSV reader over UTF-8 bytes (BOM allowed) and its header row.
fn open_csv<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(csv::Reader<&'a [u8]>, csv::StringRecord), Error> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body)
        .map_err(|e| Error::Other(format!("{name}: invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let mut rdr = csv::Reader::from_reader(body);
    let headers = rdr
        .headers()
        .map_err(|e| Error::Other(format!("{name}: {e}")))?
        .clone();
    Ok((rdr, headers))
}

/// Index of the column named `want`.
fn column(headers: &csv::StringRecord, name: &str, want: &str) -> Result<usize, Error> {
    headers
        .iter()
        .position(|h| h.trim() == want)
        .ok_or_else(|| Error::Other(format!("{name}:1: no column `{want}`")))
}

/// Read a gold CSV.
pub fn read_gold(name: &str, bytes: &[u8]) -> Result<Vec<GoldMention>, Error> {
    let (mut rdr, headers) = open_csv(name, bytes)?;
    let col = |want: &str| column(&headers, name, want);
    let (cf, cs, ce, cid) = (
        col("file")?,
        col("byte_start")?,
        col("byte_end")?,
        col("entity_id")?,
    );
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{name}: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line());
        let num = |i: usize, what: &str| {
            rec.get(i)
                .unwrap_or("")
                .trim()
                .parse::<usize>()
                .map_err(|_| Error::Other(format!("{name}:{line}: `{what}` is not a number")))
        };
        out.push(GoldMention {
            file: rec.get(cf).unwrap_or("").to_string(),
            byte_start: num(cs, "byte_start")?,
            byte_end: num(ce, "byte_end")?,
            entity_id: rec.get(cid).unwrap_or("").to_string(),
        });
    }
    Ok(out)
}

/// Counts for one slice of the evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives (misses).
    pub fn_: usize,
}

impl Counts {
    /// Precision (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A wrong or missing mention, for listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// File.
    pub file: String,
    /// Start byte.
    pub byte_start: usize,
    /// End byte.
    pub byte_end: usize,
    /// Entity id.
    pub entity_id: String,
    /// Surface (predictions only).
    pub surface: String,
    /// Match kind (predictions only).
    pub match_kind: String,
}

/// Result of an evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    /// All mentions.
    pub overall: Counts,
    /// Predictions by match kind (tp and fp only; misses have no kind).
    pub by_kind: BTreeMap<String, Counts>,
    /// Predicted but not in gold.
    pub false_positives: Vec<Miss>,
    /// In gold but not predicted.
    pub misses: Vec<Miss>,
}

fn same_file(pred: &str, gold: &str) -> bool {
    pred == gold || pred.ends_with(&format!("/{gold}"))
}

/// Compare predictions with gold. Only gold rows whose file was scanned count.
pub fn evaluate(pred: &[Mention], gold: &[GoldMention]) -> Evaluation {
    let files: BTreeSet<&str> = pred.iter().map(|m| m.file.as_str()).collect();
    let gold_key = |g: &GoldMention, file: &str| {
        (
            file.to_string(),
            g.byte_start,
            g.byte_end,
            g.entity_id.clone(),
        )
    };
    let mut gold_set = BTreeSet::new();
    for g in gold {
        if let Some(f) = files.iter().find(|f| same_file(f, &g.file)) {
            gold_set.insert(gold_key(g, f));
        }
    }
    let mut ev = Evaluation::default();
    let mut found = BTreeSet::new();
    for m in pred {
        let k = (
            m.file.clone(),
            m.byte_start,
            m.byte_end,
            m.entity_id.clone(),
        );
        let slot = ev
            .by_kind
            .entry(m.match_kind.as_str().to_string())
            .or_default();
        if gold_set.contains(&k) {
            ev.overall.tp += 1;
            slot.tp += 1;
            found.insert(k);
        } else {
            ev.overall.fp += 1;
            slot.fp += 1;
            ev.false_positives.push(Miss {
                file: m.file.clone(),
                byte_start: m.byte_start,
                byte_end: m.byte_end,
                entity_id: m.entity_id.clone(),
                surface: m.surface.clone(),
                match_kind: m.match_kind.as_str().to_string(),
            });
        }
    }
    for k in gold_set.difference(&found) {
        ev.overall.fn_ += 1;
        ev.misses.push(Miss {
            file: k.0.clone(),
            byte_start: k.1,
            byte_end: k.2,
            entity_id: k.3.clone(),
            surface: String::new(),
            match_kind: String::new(),
        });
    }
    ev
}

/// One leave-one-spelling-out trial.
#[derive(Debug, Clone, Serialize)]
pub struct LosoTrial {
    /// Entity id.
    pub entity_id: String,
    /// The spelling removed from the glossary.
    pub removed: String,
    /// Its status.
    pub status: String,
    /// Correct mentions of that spelling with the full glossary.
    pub mentions: usize,
    /// Of those, still linked to the right entity (a mention of it overlaps).
    pub linked: usize,
    /// Of those, linked with exactly the same span.
    pub recovered: usize,
    /// Linked to another entity (span overlapping).
    pub wrong_entity: usize,
    /// Match kinds that recovered them.
    pub kinds: Vec<String>,
}

/// Leave-one-spelling-out over a scanned corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LosoReport {
    /// Trials, one per removed spelling.
    pub trials: Vec<LosoTrial>,
    /// Sum of mentions.
    pub mentions: usize,
    /// Sum of linked.
    pub linked: usize,
    /// Sum of recovered (same span).
    pub recovered: usize,
    /// Sum of wrong-entity links.
    pub wrong_entity: usize,
}

impl LosoReport {
    /// Linked / mentions: the removed spelling is still linked to its entity.
    pub fn recall(&self) -> f64 {
        ratio(self.linked, self.mentions)
    }

    /// Recovered / mentions: linked with exactly the gold span.
    pub fn span_recall(&self) -> f64 {
        ratio(self.recovered, self.mentions)
    }
}

/// For every entity with two or more Arabic spellings and every one of those
/// spellings used correctly in `docs` (per `gold`), remove the spelling from
/// the glossary, scan again, and check that its mentions are still linked to
/// the right entity.
pub fn leave_one_spelling_out(
    g: &crate::glossary::Glossary,
    docs: &[crate::source::SourceFile],
    gold: &[GoldMention],
    options: &crate::matcher::MatchOptions,
) -> LosoReport {
    use crate::matcher::Matcher;
    use crate::scan::scan_document;
    let scan_all = |g: &crate::glossary::Glossary| -> Vec<Mention> {
        let m = Matcher::new(g, options.clone());
        docs.iter()
            .flat_map(|d| scan_document(&m, d).mentions)
            .collect()
    };
    let base = scan_all(g);
    let ev = evaluate(&base, gold);
    let wrong: BTreeSet<(String, usize)> = ev
        .false_positives
        .iter()
        .map(|f| (f.file.clone(), f.byte_start))
        .collect();
    let mut report = LosoReport::default();
    for (ei, e) in g.entities.iter().enumerate() {
        let arabic: Vec<usize> = e
            .forms
            .iter()
            .copied()
            .filter(|&f| g.forms[f].is_arabic())
            .collect();
        if arabic.len() < 2 {
            continue;
        }
        for &fi in &arabic {
            let targets: Vec<&Mention> = base
                .iter()
                .filter(|m| {
                    m.form == fi
                        && m.entity == ei
                        && !wrong.contains(&(m.file.clone(), m.byte_start))
                })
                .collect();
            if targets.is_empty() {
                continue;
            }
            let reduced = g.without_form(fi);
            let after = scan_all(&reduced);
            let mut trial = LosoTrial {
                entity_id: e.id.clone(),
                removed: g.forms[fi].text.to_string(),
                status: g.forms[fi].status.as_str().to_string(),
                mentions: targets.len(),
                linked: 0,
                recovered: 0,
                wrong_entity: 0,
                kinds: Vec::new(),
            };
            let mut kinds = BTreeSet::new();
            for t in &targets {
                let over: Vec<&Mention> = after
                    .iter()
                    .filter(|m| {
                        m.file == t.file && m.byte_start < t.byte_end && t.byte_start < m.byte_end
                    })
                    .collect();
                if let Some(m) = over.iter().find(|m| m.entity_id == t.entity_id) {
                    trial.linked += 1;
                    kinds.insert(m.match_kind.as_str().to_string());
                    if m.byte_start == t.byte_start && m.byte_end == t.byte_end {
                        trial.recovered += 1;
                    }
                }
                if over.iter().any(|m| m.entity_id != t.entity_id) {
                    trial.wrong_entity += 1;
                }
            }
            trial.kinds = kinds.into_iter().collect();
            report.mentions += trial.mentions;
            report.linked += trial.linked;
            report.recovered += trial.recovered;
            report.wrong_entity += trial.wrong_entity;
            report.trials.push(trial);
        }
    }
    report
}

/// One query of a variant set.
#[derive(Debug, Clone, Serialize)]
pub struct VariantQuery {
    /// The spelling.
    pub query: String,
    /// Expected entity id; empty for spellings of entities not in the glossary.
    pub expected: String,
    /// `identical`, `variant` or `holdout`.
    pub kind: String,
    /// `country`, `city`, `language` or `other`: the `category` column when
    /// present, else the entity id prefix (`country-…`), else guessed from
    /// `source` (a time-zone path → city, a two-letter upper-case or M49 code
    /// → country, otherwise language).
    pub category: String,
}

fn guess_category(expected: &str, source: &str) -> String {
    if let Some((p, _)) = expected.split_once('-') {
        return match p {
            "lang" => "language".into(),
            other => other.into(),
        };
    }
    let last = source.rsplit(':').find(|f| *f != "name").unwrap_or("");
    if source.contains('/') {
        "city".into()
    } else if (last.len() == 2 && last.chars().all(|c| c.is_ascii_uppercase()))
        || (last.len() == 3 && last.chars().all(|c| c.is_ascii_digit()))
    {
        "country".into()
    } else {
        "language".into()
    }
}

/// Read `queries.csv` (`query,expected_entity,source,kind`).
pub fn read_queries(name: &str, bytes: &[u8]) -> Result<Vec<VariantQuery>, Error> {
    let (mut rdr, headers) = open_csv(name, bytes)?;
    let col = |want: &str| column(&headers, name, want);
    let (q, x, k) = (col("query")?, col("expected_entity")?, col("kind")?);
    let src = column(&headers, name, "source").ok();
    let cat = column(&headers, name, "category").ok();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{name}: {e}")))?;
        let expected = rec.get(x).unwrap_or("").to_string();
        let source = src.and_then(|i| rec.get(i)).unwrap_or("");
        let category = match cat.and_then(|i| rec.get(i)) {
            Some(c) if !c.is_empty() => c.to_string(),
            _ => guess_category(&expected, source),
        };
        out.push(VariantQuery {
            query: rec.get(q).unwrap_or("").to_string(),
            expected,
            kind: rec.get(k).unwrap_or("").to_string(),
            category,
        });
    }
    Ok(out)
}

/// Results on a variant set, per query kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VariantCounts {
    /// Queries.
    pub queries: usize,
    /// Linked to the expected entity and to no other (holdouts: no match).
    pub correct: usize,
    /// Linked to the expected entity as one mention covering the whole query.
    pub whole: usize,
    /// Linked to another entity.
    pub wrong_entity: usize,
    /// Holdout queries that matched anything.
    pub false_match: usize,
    /// Holdout queries matched as a whole (the query claimed to be a listed
    /// entity), as opposed to a listed name found inside a longer one
    /// (مدينة المكسيك → المكسيك).
    pub false_whole: usize,
}

impl VariantCounts {
    /// correct / queries.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.queries)
    }
}

/// A failed variant query: (query, expected entity, entities found).
pub type VariantFailure = (String, String, String);

/// Evaluate a matcher on variant queries; returns counts per query kind and
/// the failures.
pub fn variant_set(
    m: &crate::matcher::Matcher<'_>,
    queries: &[VariantQuery],
) -> (BTreeMap<String, VariantCounts>, Vec<VariantFailure>) {
    let g = m.glossary();
    let mut by_kind: BTreeMap<String, VariantCounts> = BTreeMap::new();
    let mut failures = Vec::new();
    for q in queries {
        let c = by_kind
            .entry(format!("{}/{}", q.category, q.kind))
            .or_default();
        c.queries += 1;
        let found = m.find(&q.query);
        let got: Vec<String> = found
            .iter()
            .map(|f| g.entities[f.entity].id.clone())
            .collect();
        let whole = found.len() == 1 && found[0].start == 0 && found[0].end == q.query.len();
        if q.expected.is_empty() {
            if found.is_empty() {
                c.correct += 1;
            } else {
                c.false_match += 1;
                if whole {
                    c.false_whole += 1;
                }
                failures.push((q.query.clone(), String::new(), got.join(";")));
            }
        } else {
            let right = got.iter().any(|e| e == &q.expected);
            let wrong = got.iter().any(|e| e != &q.expected);
            if right && !wrong {
                c.correct += 1;
                if whole {
                    c.whole += 1;
                }
            } else {
                failures.push((q.query.clone(), q.expected.clone(), got.join(";")));
            }
            if wrong {
                c.wrong_entity += 1;
            }
        }
    }
    (by_kind, failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let c = Counts {
            tp: 8,
            fp: 2,
            fn_: 0,
        };
        assert!((c.precision() - 0.8).abs() < 1e-12);
        assert_eq!(c.recall(), 1.0);
        assert!((c.f1() - 2.0 * 0.8 / 1.8).abs() < 1e-12);
    }

    #[test]
    fn reads_gold_and_reports_bad_numbers() {
        let g = read_gold(
            "g.csv",
            b"file,byte_start,byte_end,surface,entity_id\na.txt,1,5,x,e\n",
        )
        .unwrap();
        assert_eq!(g[0].byte_end, 5);
        let e = read_gold(
            "g.csv",
            b"file,byte_start,byte_end,entity_id\na.txt,x,5,e\n",
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "g.csv:2: `byte_start` is not a number");
    }
}
