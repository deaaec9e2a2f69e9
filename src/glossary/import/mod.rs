//! Importing term bases into the glossary schema.
//!
//! - **TBX**: TBX v3 (`tbx` / `conceptEntry` / `langSec` / `termSec`) and the
//!   older TBX v2 shape many CAT tools still export (`martif` / `termEntry` /
//!   `langSet` / `tig` or `ntig`/`termGrp`). Elements are matched by local
//!   name, so any namespace (or none) is accepted. `administrativeStatus`
//!   (or v2 `normativeAuthorization`) gives the status; without one, the
//!   first term of a language is preferred and the others admitted.
//!   `termType` gives the term type, `subjectField` the entity type when it
//!   is one of ours, `note` the note.
//! - **CSV**: a glossary-schema CSV (header with `entity_id`, …) is taken as
//!   is; otherwise a CSV whose header row is language codes (`ar,en`, as in
//!   a Google equivalent-term-set file) or, without such a header, two
//!   columns `ar,en`: one entity per row, the cells its preferred forms.
//!
//! Ids are made slugs (`Concept 12` → `concept-12`); entities without a
//! usable id get one from their English (or first) term.

mod tbx;

use std::collections::HashMap;

use crate::error::Error;
use crate::glossary::rows::{unguard, Row};
use crate::glossary::{EntityType, Status, REQUIRED_COLUMNS, TERM_TYPES};
pub use tbx::{status_of, term_type_of};

/// Import formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// TBX v2 or v3.
    Tbx,
    /// Glossary-schema CSV, or a CSV of language columns.
    Csv,
}

/// Import options.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Entity type when the source does not give one of ours.
    pub default_type: EntityType,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            default_type: EntityType::Other,
        }
    }
}

/// What an import produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Glossary rows.
    pub rows: Vec<Row>,
    /// Names of extra columns (glossary-schema CSV input only).
    pub extra_columns: Vec<String>,
    /// Things changed or dropped on the way, each naming its place.
    pub warnings: Vec<String>,
}

/// Import `bytes` (named `name` in messages).
pub fn import(
    name: &str,
    bytes: &[u8],
    format: ImportFormat,
    opts: &ImportOptions,
) -> Result<Imported, Error> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|e| {
            Error::InvalidUtf8 {
                path: name.to_string(),
                offset: e.valid_up_to(),
            }
        })?;
    let mut out = match format {
        ImportFormat::Tbx => tbx::import_tbx(name, text, opts)?,
        ImportFormat::Csv => import_csv(name, text, opts)?,
    };
    tidy(&mut out);
    Ok(out)
}

/// One term read from the source, before statuses are settled.
pub(super) struct Term {
    pub(super) entity: usize,
    pub(super) lang: String,
    pub(super) form: String,
    pub(super) status: Option<Status>,
    pub(super) term_type: String,
    pub(super) note: String,
}

/// One entry (concept) read from the source.
pub(super) struct Concept {
    pub(super) id: String,
    pub(super) etype: EntityType,
}

/// Turn concepts and terms into rows: ids made unique slugs, statuses
/// defaulted (first term of a language preferred, others admitted).
pub(super) fn settle(concepts: Vec<Concept>, terms: Vec<Term>) -> Vec<Row> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::with_capacity(concepts.len());
    for (i, c) in concepts.iter().enumerate() {
        let mut base = slug(&c.id);
        if !meaningful_id(&base) {
            // Generic ids (17, c1, _42, term-3) give way to a name.
            let named = terms
                .iter()
                .filter(|t| t.entity == i)
                .find(|t| t.lang == "en" || t.lang.starts_with("en-"))
                .or_else(|| terms.iter().find(|t| t.entity == i))
                .map(|t| slug(&t.form))
                .unwrap_or_default();
            base = if named.is_empty() {
                format!("entity-{}", i + 1)
            } else {
                named
            };
        }
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        ids.push(if *n == 1 { base } else { format!("{base}-{n}") });
    }
    let mut seen_pref: std::collections::HashSet<(usize, String)> =
        std::collections::HashSet::new();
    for t in &terms {
        if t.status == Some(Status::Preferred) {
            seen_pref.insert((t.entity, t.lang.clone()));
        }
    }
    let mut rows = Vec::with_capacity(terms.len());
    for t in terms {
        let status = t.status.unwrap_or_else(|| {
            // The first term of a language without a preferred one is preferred.
            if seen_pref.insert((t.entity, t.lang.clone())) {
                Status::Preferred
            } else {
                Status::Admitted
            }
        });
        rows.push(Row {
            entity_id: ids[t.entity].clone(),
            etype: concepts[t.entity].etype,
            lang: t.lang,
            form: t.form,
            status,
            note: t.note,
            term_type: t.term_type,
            extra: Vec::new(),
        });
    }
    rows
}

/// True for an id with a run of three or more letters (`almaty`, `mir-24`);
/// generic numbering (`17`, `c1`, `t-3`) is not worth keeping.
fn meaningful_id(slug: &str) -> bool {
    let mut run = 0;
    for c in slug.chars() {
        run = if c.is_ascii_alphabetic() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

/// Lowercase ASCII slug: letters and digits, single hyphens.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = fold_latin(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn fold_latin(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut base = c;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base == c && d.is_ascii() {
            base = d;
        }
    });
    match c {
        'ı' => 'i',
        'ø' => 'o',
        'ł' => 'l',
        _ => base,
    }
}

/// Repair what term bases commonly get "wrong" for a glossary, with a
/// warning each: language tags in upper case (`AR` → `ar`, `en-US` kept),
/// the same term twice in one language (kept once), and two preferred
/// terms for one (entity, language) (the first kept, the others admitted).
fn tidy(out: &mut Imported) {
    for r in &mut out.rows {
        let (primary, region) = r.lang.split_once('-').unwrap_or((r.lang.as_str(), ""));
        let lower = primary.to_ascii_lowercase();
        if lower != primary {
            r.lang = if region.is_empty() {
                lower
            } else {
                format!("{lower}-{region}")
            };
        }
    }
    let mut dup = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    out.rows.retain(|r| {
        let fresh = dup.insert((r.entity_id.clone(), r.lang.clone(), r.form.clone()));
        if !fresh {
            warnings.push(format!(
                "entity `{}`: `{}` `{}` appears twice; imported once",
                r.entity_id, r.lang, r.form
            ));
        }
        fresh
    });
    out.warnings.extend(warnings);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for i in 0..out.rows.len() {
        let r = &out.rows[i];
        if r.status != Status::Preferred {
            continue;
        }
        let key = (r.entity_id.clone(), r.lang.clone());
        if let Some(&first) = seen.get(&key) {
            let msg = format!(
                "entity `{}`: `{}` and `{}` are both preferred `{}` terms; `{}` imported as admitted",
                r.entity_id, out.rows[first].form, r.form, r.lang, r.form
            );
            out.warnings.push(msg);
            out.rows[i].status = Status::Admitted;
        } else {
            seen.insert(key, i);
        }
    }
}

fn import_csv(name: &str, text: &str, opts: &ImportOptions) -> Result<Imported, Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{name}: malformed CSV: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line());
        let cells: Vec<String> = rec.iter().map(|c| unguard(c.trim()).to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        records.push((line, cells));
    }
    let Some((_, first)) = records.first() else {
        return Err(Error::Other(format!("{name}: empty file")));
    };
    if REQUIRED_COLUMNS
        .iter()
        .all(|c| first.iter().any(|h| h == c))
    {
        return schema_csv(name, &records);
    }
    let (langs, body) = if first.iter().all(|h| is_lang_code(h)) {
        (first.clone(), &records[1..])
    } else {
        (vec!["ar".to_string(), "en".to_string()], &records[..])
    };
    let mut concepts = Vec::new();
    let mut terms = Vec::new();
    let mut warnings = Vec::new();
    for (line, cells) in body {
        if cells.len() > langs.len() {
            warnings.push(format!(
                "{name}:{line}: {} cells for {} language columns; extra cells ignored",
                cells.len(),
                langs.len()
            ));
        }
        let entity = concepts.len();
        concepts.push(Concept {
            id: String::new(),
            etype: opts.default_type,
        });
        for (lang, form) in langs.iter().zip(cells) {
            if form.is_empty() {
                continue;
            }
            terms.push(Term {
                entity,
                lang: lang.clone(),
                form: form.clone(),
                status: Some(Status::Preferred),
                term_type: "full".into(),
                note: String::new(),
            });
        }
    }
    Ok(Imported {
        rows: settle(concepts, terms),
        extra_columns: Vec::new(),
        warnings,
    })
}

fn is_lang_code(s: &str) -> bool {
    let mut parts = s.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A glossary-schema CSV (for instance `export --format csv`, possibly edited
/// in a spreadsheet): rows taken as they are; the loader validates them.
fn schema_csv(name: &str, records: &[(u64, Vec<String>)]) -> Result<Imported, Error> {
    let header = &records[0].1;
    let col = |n: &str| header.iter().position(|h| h == n);
    let extra_columns: Vec<String> = header
        .iter()
        .filter(|h| !REQUIRED_COLUMNS.contains(&h.as_str()) && *h != "term_type")
        .cloned()
        .collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, cells) in &records[1..] {
        let get = |n: &str| col(n).and_then(|i| cells.get(i)).map_or("", String::as_str);
        let etype = get("type").parse::<EntityType>();
        let status = get("status").parse::<Status>();
        let term_type = match get("term_type") {
            "" => "full",
            t => t,
        };
        match (etype, status) {
            (Ok(etype), Ok(status)) if TERM_TYPES.contains(&term_type) => rows.push(Row {
                entity_id: get("entity_id").to_string(),
                etype,
                lang: get("lang").to_string(),
                form: get("form").to_string(),
                status,
                note: get("note").to_string(),
                term_type: term_type.to_string(),
                extra: extra_columns
                    .iter()
                    .map(|c| (c.clone(), get(c).to_string()))
                    .collect(),
            }),
            _ => problems.push(format!(
                "{name}:{line}: type `{}`, status `{}` or term_type `{term_type}` is not valid",
                get("type"),
                get("status")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Other(problems.join("\n")));
    }
    Ok(Imported {
        rows,
        extra_columns,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_column_csv_with_and_without_header() {
        let o = ImportOptions::default();
        let a = import(
            "a.csv",
            "ar,en\nألماتي,Almaty\n".as_bytes(),
            ImportFormat::Csv,
            &o,
        )
        .unwrap();
        let b = import("b.csv", "ألماتي,Almaty\n".as_bytes(), ImportFormat::Csv, &o).unwrap();
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.rows[0].entity_id, "almaty");
        assert_eq!(a.rows[1].lang, "en");
        assert!(a
            .rows
            .iter()
            .all(|r| r.status == Status::Preferred && r.etype == EntityType::Other));
    }

    #[test]
    fn tidy_lowercases_languages_and_drops_duplicates() {
        let o = ImportOptions::default();
        let out = import(
            "a.csv",
            "AR,en-US\nبيشكيك,Bishkek\n".as_bytes(),
            ImportFormat::Csv,
            &o,
        )
        .unwrap();
        let langs: Vec<&str> = out.rows.iter().map(|r| r.lang.as_str()).collect();
        assert_eq!(langs, ["ar", "en-US"]);
        let tbx = r#"<tbx><text><body><conceptEntry id="bishkek"><langSec xml:lang="AR">
            <termSec><term>بيشكيك</term></termSec><termSec><term>بيشكيك</term></termSec></langSec>
            </conceptEntry></body></text></tbx>"#;
        let out = import("t.tbx", tbx.as_bytes(), ImportFormat::Tbx, &o).unwrap();
        assert_eq!(out.rows.len(), 1);
        assert_eq!(out.rows[0].lang, "ar");
        assert!(
            out.warnings[0].contains("appears twice"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Mevlüt Çavuşoğlu"), "mevlut-cavusoglu");
        assert_eq!(slug("  Il-76 "), "il-76");
        assert_eq!(slug("ألماتي"), "");
    }
}
