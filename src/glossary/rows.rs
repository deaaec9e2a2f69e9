//! Glossary rows as plain data, for the commands that produce or rewrite
//! glossary files (`import`, `merge`, `export --format csv`).
//!
//! A [`Row`] is one line of the glossary schema before validation; text made
//! of rows goes through [`canonicalize`](super::canonical::canonicalize) and
//! is then loaded like any glossary file, so a command never writes a file
//! the loader would reject.

use crate::error::Error;
use crate::glossary::canonical::canonicalize;
use crate::glossary::{EntityType, Glossary, Status, REQUIRED_COLUMNS};

/// One row of the glossary schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Entity slug.
    pub entity_id: String,
    /// Entity type.
    pub etype: EntityType,
    /// Language tag.
    pub lang: String,
    /// The written form.
    pub form: String,
    /// Its status.
    pub status: Status,
    /// Free-text note.
    pub note: String,
    /// Term type (`full`, `short`, `acronym`, `nickname`).
    pub term_type: String,
    /// Extra columns (name, value).
    pub extra: Vec<(String, String)>,
}

impl Row {
    /// Value of the glossary column `name` (required columns, `term_type`, or an extra column).
    pub fn get(&self, name: &str) -> &str {
        match name {
            "entity_id" => &self.entity_id,
            "type" => self.etype.as_str(),
            "lang" => &self.lang,
            "form" => &self.form,
            "status" => self.status.as_str(),
            "note" => &self.note,
            "term_type" => &self.term_type,
            _ => self
                .extra
                .iter()
                .find(|(k, _)| k == name)
                .map_or("", |(_, v)| v.as_str()),
        }
    }
}

/// Every form of a loaded glossary as a row, in load order.
pub fn rows_of(g: &Glossary) -> Vec<Row> {
    g.forms
        .iter()
        .map(|f| {
            let e = &g.entities[f.entity];
            Row {
                entity_id: e.id.clone(),
                etype: e.etype,
                lang: f.lang.to_string(),
                form: f.text.to_string(),
                status: f.status,
                note: f.note.to_string(),
                term_type: f.term_type.to_string(),
                extra: f
                    .extra
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            }
        })
        .collect()
}

/// The header of a glossary file holding `extra` columns after `term_type`.
pub fn header(extra: &[String]) -> Vec<String> {
    REQUIRED_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(std::iter::once("term_type".to_string()))
        .chain(extra.iter().filter(|c| *c != "term_type").cloned())
        .collect()
}

/// Canonical glossary CSV text of `rows` with the given header.
pub fn to_canonical_csv(name: &str, columns: &[String], rows: &[Row]) -> Result<String, Error> {
    canonical_csv_with(name, columns, [], rows)
}

/// A glossary file with header `columns`: the `records` as they are (an
/// existing file's rows), then `rows`, in canonical layout.
pub fn canonical_csv_with<'r>(
    name: &str,
    columns: &[String],
    records: impl IntoIterator<Item = Vec<String>>,
    rows: impl IntoIterator<Item = &'r Row>,
) -> Result<String, Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let bad = |e: csv::Error| Error::Other(format!("{name}: {e}"));
    w.write_record(columns).map_err(bad)?;
    for rec in records {
        w.write_record(&rec).map_err(bad)?;
    }
    for r in rows {
        w.write_record(columns.iter().map(|c| r.get(c)))
            .map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Other(format!("{name}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Other(format!("{name}: {e}")))?;
    canonicalize(name, &text)
}

/// Undo the spreadsheet guard of [`crate::report::csv_out::guard`]: a cell
/// that starts with `'` followed by `=`, `+`, `-`, `@`, TAB or CR loses the `'`.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load_sources;
    use crate::report::csv_out::guard;

    #[test]
    fn rows_round_trip_through_canonical_csv() {
        let src = "entity_id,type,lang,form,status,note,term_type,wikidata\n\
                   b,place,ar,ب,preferred,,full,Q2\n\
                   a,person,en,A,preferred,\"x, y\",full,Q1\n";
        let g = load_sources(&[("g.csv".into(), src.as_bytes().to_vec())]).unwrap();
        let rows = rows_of(&g);
        let text = to_canonical_csv("g.csv", &header(&g.extra_columns), &rows).unwrap();
        assert_eq!(
            text,
            "entity_id,type,lang,form,status,note,term_type,wikidata\n\
             a,person,en,A,preferred,\"x, y\",full,Q1\n\
             b,place,ar,ب,preferred,,full,Q2\n"
        );
    }

    #[test]
    fn unguard_undoes_guard_only() {
        for s in ["=1", "-x", "@a", "+3", "ألماتي", "'quoted", "'"] {
            assert_eq!(unguard(&guard(s)), s);
        }
    }
}
