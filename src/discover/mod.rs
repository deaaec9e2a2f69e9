//! `discover`: what the glossary does not know yet, as a review file.
//!
//! Two kinds of proposals, one row per spelling, in the glossary schema plus
//! review columns:
//! - **new-variant**: spellings the matcher links to a known entity but the
//!   glossary does not list — fuzzy matches, and spacing or orthographic
//!   (hamza, ى/ي, ة/ه) variants of a listed form — grouped per entity and
//!   spelling, with counts, files and an example line;
//! - **new-entity**: candidate names the glossary has no entity for
//!   ([`names`]), grouped into variant groups ([`cluster`]) with a suggested
//!   preferred spelling and a confidence built from the evidence.
//!
//! The reviewer fills the `decision` column (`accept`, `reject`, `skip`) and
//! runs `glossalign glossary merge`.

pub mod cluster;
pub mod cues;
pub mod names;
pub mod words;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::glossary::{EntityType, Glossary, Status};
use crate::key::form_keys;
use crate::matcher::similarity::compare;
use crate::matcher::{spelling, MatchKind, MatchOptions, Matcher};
use crate::normalize::{normalize, strip_marks};
use crate::report::csv_out::SheetWriter;
use crate::source::SourceFile;
use crate::tokenize::{tokenize, Script};
use cluster::Found;
use names::{candidates, line_bounds, Corpus};

/// Columns of the review CSV, in order: the glossary schema, then the review columns.
pub const REVIEW_COLUMNS: [&str; 15] = [
    "entity_id",
    "type",
    "lang",
    "form",
    "status",
    "note",
    "term_type",
    "proposal",
    "count",
    "files",
    "example",
    "suggested_status",
    "confidence",
    "evidence",
    "decision",
];

/// Kind of proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProposalKind {
    /// A new spelling of a known entity.
    NewVariant,
    /// A name the glossary has no entity for.
    NewEntity,
}

impl ProposalKind {
    /// As written in the review file.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalKind::NewVariant => "new-variant",
            ProposalKind::NewEntity => "new-entity",
        }
    }
}

/// One row of the review file.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// Known entity, or suggested id of a new one.
    pub entity_id: String,
    /// Entity type (known, or guessed from the context; `other` when unknown).
    pub etype: EntityType,
    /// `ar` or `en`.
    pub lang: String,
    /// The spelling.
    pub form: String,
    /// Status to merge with (starts as the suggested status).
    pub status: Status,
    /// Note to merge with (empty).
    pub note: String,
    /// Term type.
    pub term_type: String,
    /// Kind.
    pub kind: ProposalKind,
    /// Occurrences.
    pub count: usize,
    /// Documents, sorted.
    pub files: Vec<String>,
    /// `file:line: context` of the first occurrence.
    pub example: String,
    /// Suggested status.
    pub suggested_status: Status,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// Why it is proposed.
    pub evidence: String,
}

/// Options.
#[derive(Debug, Clone)]
pub struct DiscoverOptions {
    /// New entities below this confidence are left out.
    pub min_confidence: f64,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        Self {
            min_confidence: 0.5,
        }
    }
}

/// Discover new variants and new names in `docs`.
pub fn discover(g: &Glossary, docs: &[SourceFile], opts: &DiscoverOptions) -> Vec<Proposal> {
    let matcher = Matcher::new(g, MatchOptions::default());
    struct Prepared {
        norm: crate::normalize::Normalized,
        toks: Vec<crate::tokenize::Token>,
        covered: Vec<bool>,
    }
    let mut plain_tokens = HashSet::new();
    let mut variants = VariantTable::default();
    let mut prepared = Vec::with_capacity(docs.len());
    for doc in docs {
        let norm = normalize(&doc.text);
        let toks = tokenize(&norm.text);
        let matches = matcher.find(&doc.text);
        let mut covered = vec![false; toks.len()];
        for (i, t) in toks.iter().enumerate() {
            let (s, e) = norm.orig_range(t.start, t.end);
            covered[i] = matches.iter().any(|m| m.start < e && s < m.end);
            if t.script == Script::Arabic {
                plain_tokens.insert(norm.text[t.start..t.end].to_string());
            }
        }
        for m in &matches {
            variants.add(g, doc, m);
        }
        prepared.push(Prepared {
            norm,
            toks,
            covered,
        });
    }
    let corpus = Corpus {
        plain_tokens: &plain_tokens,
        cache: Default::default(),
    };
    let parts = name_parts(g);
    let mut found = Vec::new();
    for (d, (doc, p)) in docs.iter().zip(&prepared).enumerate() {
        for cand in candidates(doc, &p.norm, &p.toks, &p.covered, &corpus) {
            // The surname of a known person alone (بلينكن): a short form of
            // that entity, not a new one.
            if !cand.latin {
                if let Some(&(entity, form)) = parts.get(&form_keys(&cand.form).0) {
                    variants.add_part(doc, &cand, entity, form);
                    continue;
                }
            }
            found.push(Found {
                doc: d,
                file: doc.display.clone(),
                example: example(doc, cand.start, cand.end),
                cand,
            });
        }
    }
    let mut out = variants.proposals(g);
    for gr in cluster::group(g, found, opts.min_confidence) {
        for (s, status, term_type) in &gr.members {
            out.push(Proposal {
                entity_id: gr.id.clone(),
                etype: gr.etype,
                lang: if s.latin { "en".into() } else { "ar".into() },
                form: s.text().to_string(),
                status: *status,
                note: String::new(),
                term_type: term_type.to_string(),
                kind: ProposalKind::NewEntity,
                count: s.count,
                files: s.files.iter().cloned().collect(),
                example: s.example.clone(),
                suggested_status: *status,
                confidence: gr.confidence,
                evidence: gr.evidence.clone(),
            });
        }
    }
    out
}

/// Word-level final parts of multi-word Arabic forms (بلينكن of أنتوني
/// بلينكن, جاويش أوغلو of مولود جاويش أوغلو) that belong to exactly one
/// entity and are not listed as forms themselves: (entity, form).
fn name_parts(g: &Glossary) -> std::collections::HashMap<String, (usize, usize)> {
    let mut seen: std::collections::HashMap<String, Option<(usize, usize)>> =
        std::collections::HashMap::new();
    for (i, f) in g.forms.iter().enumerate() {
        if !f.is_arabic() || f.tokens < 2 {
            continue;
        }
        let words: Vec<&str> = f.spaced.split(' ').collect();
        for k in 1..words.len() {
            let part = words[k..].join(" ");
            let e = seen.entry(part).or_insert(Some((f.entity, i)));
            if e.is_some_and(|(ent, _)| ent != f.entity) {
                *e = None;
            }
        }
    }
    let listed: HashSet<&str> = g.forms.iter().map(|f| f.spaced.as_str()).collect();
    seen.into_iter()
        .filter(|(k, _)| !listed.contains(k.as_str()))
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// `file:line: context` around a span, at most ~40 characters each side.
pub fn example(doc: &SourceFile, start: usize, end: usize) -> String {
    const SIDE: usize = 40;
    let (line, _) = doc.line_col(start);
    let r = line_bounds(&doc.text, start);
    let before: Vec<char> = doc.text[r.start..start].chars().collect();
    let after: Vec<char> = doc.text[end.min(r.end)..r.end].chars().collect();
    let mut s = String::new();
    if before.len() > SIDE {
        s.push('…');
    }
    s.extend(&before[before.len().saturating_sub(SIDE)..]);
    s.push_str(&doc.text[start..end.min(r.end)]);
    s.extend(after.iter().take(SIDE));
    if after.len() > SIDE {
        s.push('…');
    }
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}:{line}: {s}", doc.display)
}

/// Unlisted spellings linked to known entities.
#[derive(Default)]
struct VariantTable {
    /// (entity, spaced key) → accumulated occurrences.
    rows: BTreeMap<(usize, String), VariantAcc>,
}

struct VariantAcc {
    literal: BTreeMap<String, usize>,
    count: usize,
    files: BTreeSet<String>,
    example: String,
    form: usize,
    /// How it was linked; `None` for the final part of a listed name.
    kind: Option<MatchKind>,
    score: f64,
    /// Other entities an ambiguous fuzzy match could be.
    rivals: BTreeSet<String>,
}

impl VariantTable {
    fn add(&mut self, g: &Glossary, doc: &SourceFile, m: &crate::matcher::Match) {
        if !matches!(
            m.kind,
            MatchKind::Fuzzy | MatchKind::Normalized | MatchKind::Spacing | MatchKind::Surname
        ) {
            return;
        }
        let mut sp = spelling(&doc.text[m.start..m.end], m.elided_article);
        let closest = &g.forms[m.form];
        // A fuzzy match may have read the article as a clitic (بال + كرملين).
        if m.clitic.ends_with("ال") && closest.spaced.starts_with("ال") && !sp.starts_with("ال")
        {
            sp = format!("ال{sp}");
        }
        let listed = g.entities[m.entity]
            .forms
            .iter()
            .any(|&f| strip_marks(&g.forms[f].text) == sp);
        if listed {
            return;
        }
        let spaced = form_keys(&sp).0;
        let acc = self
            .rows
            .entry((m.entity, spaced))
            .or_insert_with(|| VariantAcc {
                literal: BTreeMap::new(),
                count: 0,
                files: BTreeSet::new(),
                example: example(doc, m.start, m.end),
                form: m.form,
                kind: Some(m.kind),
                score: m.score,
                rivals: BTreeSet::new(),
            });
        acc.rivals
            .extend(m.rivals.iter().map(|&e| g.entities[e].id.clone()));
        *acc.literal.entry(sp).or_insert(0) += 1;
        acc.count += 1;
        acc.files.insert(doc.display.clone());
        acc.score = acc.score.max(m.score);
    }

    fn add_part(&mut self, doc: &SourceFile, cand: &names::Candidate, entity: usize, form: usize) {
        let acc = self
            .rows
            .entry((entity, form_keys(&cand.form).0))
            .or_insert_with(|| VariantAcc {
                literal: BTreeMap::new(),
                count: 0,
                files: BTreeSet::new(),
                example: example(doc, cand.start, cand.end),
                form,
                kind: None,
                score: 0.9,
                rivals: BTreeSet::new(),
            });
        *acc.literal.entry(cand.form.clone()).or_insert(0) += 1;
        acc.count += 1;
        acc.files.insert(doc.display.clone());
    }

    fn proposals(&self, g: &Glossary) -> Vec<Proposal> {
        let mut out: Vec<Proposal> = Vec::new();
        for ((entity, _), acc) in &self.rows {
            let form = acc
                .literal
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(String::new(), |(t, _)| t.clone());
            let closest = &g.forms[acc.form];
            let mut term_type = closest.term_type.clone();
            let (status, why) = match acc.kind {
                None | Some(MatchKind::Surname) => {
                    term_type = "short".into();
                    (
                        Status::Admitted,
                        format!("the end of the listed name «{}», used alone", closest.text),
                    )
                }
                Some(MatchKind::Fuzzy) => {
                    let c = compare(&form_keys(&form).1, &closest.key);
                    let s = if c.hard_edits == 0 {
                        Status::Admitted
                    } else {
                        Status::Deprecated
                    };
                    (
                        s,
                        format!("fuzzy match, close to «{}»: {}", closest.text, c.reason()),
                    )
                }
                Some(MatchKind::Spacing) => (
                    Status::Deprecated,
                    format!("same as «{}» but for spaces or hyphens", closest.text),
                ),
                _ => (
                    Status::Deprecated,
                    format!(
                        "same as «{}» once hamza, ى/ي and ة/ه are folded",
                        closest.text
                    ),
                ),
            };
            let ent = &g.entities[*entity];
            let (why, confidence) = if acc.rivals.is_empty() {
                (why, acc.score)
            } else {
                let r: Vec<&str> = acc.rivals.iter().map(String::as_str).collect();
                (
                    format!(
                        "{why}; ambiguous, also close to {}: check the entity",
                        r.join(", ")
                    ),
                    acc.score / 2.0,
                )
            };
            out.push(Proposal {
                entity_id: ent.id.clone(),
                etype: ent.etype,
                lang: closest.lang.to_string(),
                form,
                status,
                note: String::new(),
                term_type: term_type.to_string(),
                kind: ProposalKind::NewVariant,
                count: acc.count,
                files: acc.files.iter().cloned().collect(),
                example: acc.example.clone(),
                suggested_status: status,
                confidence,
                evidence: why,
            });
        }
        out.sort_by(|a, b| {
            a.entity_id
                .cmp(&b.entity_id)
                .then(b.count.cmp(&a.count))
                .then(a.form.cmp(&b.form))
        });
        out
    }
}

/// The review CSV (spreadsheet-safe: BOM, formula guard).
pub fn review_csv(rows: &[Proposal]) -> Vec<u8> {
    let mut w = SheetWriter::new();
    w.header(&REVIEW_COLUMNS);
    for p in rows {
        let t = |s: &str| (s.to_string(), true);
        w.row(&[
            t(&p.entity_id),
            t(p.etype.as_str()),
            t(&p.lang),
            t(&p.form),
            t(p.status.as_str()),
            t(&p.note),
            t(&p.term_type),
            t(p.kind.as_str()),
            (p.count.to_string(), false),
            t(&p.files.join(";")),
            t(&p.example),
            t(p.suggested_status.as_str()),
            (format!("{:.2}", p.confidence), false),
            t(&p.evidence),
            t(""),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load_sources;

    fn glossary() -> Glossary {
        let src = "entity_id,type,lang,form,status,note,term_type\n\
                   almaty,place,ar,ألماتي,preferred,,full\n\
                   almaty,place,en,Almaty,preferred,,full\n\
                   antony-blinken,person,ar,أنتوني بلينكن,preferred,,full\n\
                   antony-blinken,person,en,Antony Blinken,preferred,,full\n\
                   kyrgyzstan,place,ar,قيرغيزستان,preferred,,full\n\
                   kyrgyzstan,place,en,Kyrgyzstan,preferred,,full\n";
        load_sources(&[("g.csv".into(), src.as_bytes().to_vec())]).unwrap()
    }

    fn doc(name: &str, text: &str) -> SourceFile {
        SourceFile::from_text(name, text.to_string(), 0)
    }

    fn run(docs: &[SourceFile]) -> Vec<Proposal> {
        discover(&glossary(), docs, &DiscoverOptions::default())
    }

    #[track_caller]
    fn row<'a>(rows: &'a [Proposal], form: &str) -> &'a Proposal {
        rows.iter()
            .find(|r| r.form == form)
            .unwrap_or_else(|| panic!("no row for {form}: {rows:#?}"))
    }

    #[test]
    fn a_phrase_head_near_the_end_of_the_text_is_no_panic() {
        // A class noun and one more word end the text: the phrase reader
        // looked one token past the last (found by `never_panics_on_any_text`).
        for text in ["بنك ا", "قال بنك معاهدة", "منظمة معاهدة", "منظمة"]
        {
            let _ = run(&[doc("p.txt", text)]);
        }
    }

    #[test]
    fn new_names_are_kept_whole_and_grouped_by_variant() {
        let docs = [
            doc(
                "a.txt",
                "وصل وزير الخارجية الفنلندي بيكا هافيستو إلى العاصمة بيشكيك أمس.",
            ),
            doc(
                "b.txt",
                "وقال هافيستو في مدينة بشكيك إن المحادثات كانت مثمرة. وزار بيشكيك مرة أخرى.",
            ),
        ];
        let rows = run(&docs);
        let full = row(&rows, "بيكا هافيستو");
        assert_eq!(
            (full.kind, full.etype, full.status),
            (
                ProposalKind::NewEntity,
                EntityType::Person,
                Status::Preferred
            )
        );
        let short = row(&rows, "هافيستو");
        assert_eq!(
            short.entity_id, full.entity_id,
            "the surname alone joins the full name"
        );
        assert_eq!(
            (short.term_type.as_str(), short.status),
            ("short", Status::Admitted)
        );
        let a = row(&rows, "بيشكيك");
        let b = row(&rows, "بشكيك");
        assert_eq!(
            a.entity_id, b.entity_id,
            "two spellings, one proposed entity"
        );
        assert_eq!(
            (a.status, b.status),
            (Status::Preferred, Status::Admitted),
            "the more frequent is preferred"
        );
        assert_eq!(a.etype, EntityType::Place);
        assert_eq!(a.files, ["a.txt", "b.txt"]);
        assert!(a.example.starts_with("a.txt:1: "), "{}", a.example);
    }

    #[test]
    fn known_names_links_and_adjectives_are_not_proposed() {
        let docs = [doc(
            "a.txt",
            "زار بلينكن ألماتي، وكتب على #طشقندستان وفي @هافيستو_فنلندا أن الحكومة الأوزبكية والكازاخستانية مستعدة.",
        )];
        let rows = run(&docs);
        assert!(
            rows.iter().all(|r| r.kind != ProposalKind::NewEntity),
            "{rows:#?}"
        );
        // بلينكن alone is the surname of a listed name: a short variant.
        let b = row(&rows, "بلينكن");
        assert_eq!(
            (b.kind, b.entity_id.as_str(), b.term_type.as_str()),
            (ProposalKind::NewVariant, "antony-blinken", "short")
        );
    }

    #[test]
    fn latin_names_inside_arabic_text_are_proposed_in_english() {
        let docs = [doc(
            "a.txt",
            "قالت شركة Gazprom Neft إن الإمدادات مستمرة، وأكدت ذلك Gazprom Neft مرة أخرى.",
        )];
        let rows = run(&docs);
        let g = row(&rows, "Gazprom Neft");
        assert_eq!(
            (g.lang.as_str(), g.entity_id.as_str(), g.count),
            ("en", "gazprom-neft", 2)
        );
    }

    #[test]
    fn unlisted_spellings_of_known_names_are_new_variants() {
        let docs = [doc(
            "a.txt",
            "وصل بلينكن إلى قرغيزستان، ثم عاد إلى وقرغيزستان.",
        )];
        let rows = run(&docs);
        let v = row(&rows, "قرغيزستان");
        assert_eq!(
            (v.kind, v.entity_id.as_str(), v.count),
            (ProposalKind::NewVariant, "kyrgyzstan", 2)
        );
        assert_eq!(v.suggested_status, Status::Admitted, "a vowel letter only");
        assert!(v.evidence.contains("قيرغيزستان"), "{}", v.evidence);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(200))]
        /// Any text (Arabic with marks, tatweel, ZWJ, quotes, Latin, digits,
        /// links, CRLF): no panic, and every row names a non-empty form.
        #[test]
        fn never_panics_on_any_text(chars in proptest::collection::vec(proptest::sample::select(vec![
            'ا', 'أ', 'ل', 'م', 'و', 'ي', 'ك', 'س', 'ت', 'ن', 'ف', 'ب', 'ة', 'ى', 'ڤ', 'گ', '\u{064E}', '\u{0651}',
            'ـ', '\u{200D}', '\u{200F}', ' ', ' ', ' ', '،', '.', '«', '»', '“', '”', '"', '-', '#', '@', '/',
            '\n', '\r', 'A', 'G', 'z', 'o', 'f', '7', '٣', 'é',
        ]), 0..120)) {
            let text: String = chars.into_iter().collect();
            let rows = run(&[doc("p.txt", &text), doc("q.txt", &text)]);
            for r in &rows {
                proptest::prop_assert!(!r.form.trim().is_empty(), "{:?}", r);
                proptest::prop_assert!(r.example.starts_with("p.txt:") || r.example.starts_with("q.txt:"));
            }
            let _ = review_csv(&rows);
        }
    }

    #[test]
    fn review_csv_is_spreadsheet_safe() {
        let docs = [doc(
            "a.txt",
            "قالت شركة Gazprom Neft إن الإمدادات مستمرة، وأكدت ذلك Gazprom Neft مرة أخرى.",
        )];
        let text = String::from_utf8(review_csv(&run(&docs))).unwrap();
        assert!(text.starts_with(&format!("\u{FEFF}{}\n", REVIEW_COLUMNS.join(","))));
        assert!(
            text.lines().nth(1).unwrap().ends_with(','),
            "empty decision column"
        );
    }
}
