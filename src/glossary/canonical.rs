//! Canonical layout of a glossary file, so the curated data can be reviewed
//! like code: required columns first (then `term_type`, then extra columns in
//! their original order), rows sorted by (entity_id, lang, status rank, form),
//! minimal quoting, LF line endings, no BOM.
//!
//! `glossalign glossary fmt` rewrites files into this layout; a test fails
//! when a shipped glossary file is not in it.

use crate::error::Error;
use crate::glossary::{Status, REQUIRED_COLUMNS};

/// Return the canonical text of one glossary CSV file. The file must parse
/// as CSV with a header containing the required columns.
pub fn canonicalize(name: &str, text: &str) -> Result<String, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let bad = |e: csv::Error| Error::Other(format!("{name}: {e}"));
    let header: Vec<String> = rdr
        .headers()
        .map_err(bad)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut order: Vec<usize> = Vec::new();
    for want in REQUIRED_COLUMNS {
        let i = header
            .iter()
            .position(|h| h == want)
            .ok_or_else(|| Error::Other(format!("{name}: header has no column `{want}`")))?;
        order.push(i);
    }
    if let Some(i) = header.iter().position(|h| h == "term_type") {
        order.push(i);
    }
    for (i, _) in header.iter().enumerate() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(bad)?;
        if rec.len() == 1 && rec[0].trim().is_empty() {
            continue;
        }
        rows.push(
            order
                .iter()
                .map(|&i| rec.get(i).unwrap_or("").to_string())
                .collect(),
        );
    }
    rows.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    rows.dedup();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let out_header: Vec<&str> = order.iter().map(|&i| header[i].as_str()).collect();
    w.write_record(&out_header).map_err(bad)?;
    for r in &rows {
        w.write_record(r).map_err(bad)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Other(format!("{name}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Other(format!("{name}: {e}")))
}

fn sort_key(row: &[String]) -> (&str, &str, usize, &str) {
    let rank = row[4]
        .parse::<Status>()
        .map_or(Status::ALL.len(), |s| s as usize);
    (row[0].as_str(), row[2].as_str(), rank, row[3].as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_rows_and_orders_columns() {
        let input = "note,entity_id,type,lang,form,status,x\r\n\
                     ,b,place,ar,ب,preferred,1\r\n\
                     typo,a,place,ar,اا,deprecated,2\r\n\
                     ,a,place,ar,ا,preferred,3\r\n";
        let out = canonicalize("g.csv", input).unwrap();
        assert_eq!(
            out,
            "entity_id,type,lang,form,status,note,x\n\
             a,place,ar,ا,preferred,,3\n\
             a,place,ar,اا,deprecated,typo,2\n\
             b,place,ar,ب,preferred,,1\n"
        );
        assert_eq!(
            canonicalize("g.csv", &out).unwrap(),
            out,
            "canonical form is stable"
        );
    }
}
