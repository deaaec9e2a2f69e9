//! CSV printers: `mentions.csv` and `canonical_names.csv`.
//!
//! Spreadsheet-safe: a UTF-8 BOM so Excel opens Arabic correctly on
//! double-click, and a leading `'` on any text cell that starts with `=`, `+`,
//! `-`, `@`, TAB or CR so no cell is ever run as a formula.

use std::io::Write;

use crate::glossary::Glossary;
use crate::report::ReportSource;
use crate::scan::DocumentResult;

/// Columns of `mentions.csv`, in order.
pub const MENTION_COLUMNS: [&str; 17] = [
    "file",
    "line",
    "column",
    "byte_start",
    "byte_end",
    "surface",
    "entity_id",
    "canonical",
    "form_status",
    "match_kind",
    "score",
    "clitic",
    "spelling",
    "matched_form",
    "term_type",
    "reason",
    "alternatives",
];

/// Columns of `canonical_names.csv`, in order.
pub const CANONICAL_COLUMNS: [&str; 11] = [
    "entity_id",
    "type",
    "canonical_ar",
    "canonical_en",
    "variant",
    "variant_status",
    "count",
    "files",
    "term_type",
    "match_kinds",
    "suggested",
];

/// Guard a text cell against formula injection.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV writer for spreadsheet-bound output (BOM, LF, minimal quoting),
/// into memory (the default) or any writer ([`SheetWriter::to_writer`]).
pub struct SheetWriter<W: Write = Vec<u8>> {
    w: csv::Writer<W>,
    /// The first write error (later rows are skipped).
    err: Option<csv::Error>,
}

impl Default for SheetWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl SheetWriter {
    /// New writer into memory with the BOM already written.
    pub fn new() -> Self {
        Self::to_writer(Vec::new())
    }

    /// The bytes.
    pub fn finish(self) -> Vec<u8> {
        self.w.into_inner().unwrap_or_default()
    }
}

impl<W: Write> SheetWriter<W> {
    /// New writer into `out`; the BOM goes first.
    pub fn to_writer(mut out: W) -> Self {
        let err = out
            .write_all("\u{FEFF}".as_bytes())
            .err()
            .map(csv::Error::from);
        let w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(out);
        Self { w, err }
    }

    /// Write a header row (not guarded: it is ours).
    pub fn header(&mut self, cols: &[&str]) {
        if self.err.is_none() {
            self.err = self.w.write_record(cols).err();
        }
    }

    /// Write a row; `text[i]` says whether cell i is text (guarded) or a number.
    pub fn row(&mut self, cells: &[(String, bool)]) {
        if self.err.is_some() {
            return;
        }
        let guarded = cells.iter().map(|(c, is_text)| {
            if *is_text {
                guard(c)
            } else {
                c.as_str().into()
            }
        });
        self.err = self
            .w
            .write_record(
                guarded
                    .collect::<Vec<std::borrow::Cow<'_, str>>>()
                    .iter()
                    .map(|c| c.as_ref()),
            )
            .err();
    }

    /// Write a row of cells already guarded (or numbers), as bytes: the
    /// same bytes as [`SheetWriter::row`] with the unguarded cells, without
    /// a `String` per cell.
    pub(crate) fn row_bytes(&mut self, cells: &[&[u8]]) {
        if self.err.is_none() {
            self.err = self.w.write_record(cells).err();
        }
    }

    /// Flush and hand back the writer, or the first error.
    pub fn into_writer(mut self) -> std::io::Result<W> {
        if let Some(e) = self.err.take() {
            return Err(std::io::Error::other(e));
        }
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

fn t(s: impl Into<String>) -> (String, bool) {
    (s.into(), true)
}
fn n(v: impl ToString) -> (String, bool) {
    (v.to_string(), false)
}

/// `mentions.csv`.
pub fn mentions_csv(g: &Glossary, docs: &[DocumentResult]) -> Vec<u8> {
    crate::report::in_memory(|out| mentions_csv_to(g, docs, out))
}

/// [`mentions_csv`] into a writer, row by row.
pub fn mentions_csv_to(
    g: &Glossary,
    docs: &[DocumentResult],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut w = MentionsCsv::new(g, out);
    for d in docs {
        w.add(d);
    }
    w.finish().map(drop)
}

/// `mentions.csv` written a document at a time (while a scan runs).
pub struct MentionsCsv<'g, W: Write> {
    g: &'g Glossary,
    w: SheetWriter<W>,
    /// The score of the row being written (a buffer kept across rows).
    score: String,
}

impl<'g, W: Write> MentionsCsv<'g, W> {
    /// The header, written into `out`.
    pub fn new(g: &'g Glossary, out: W) -> Self {
        let mut w = SheetWriter::to_writer(out);
        w.header(&MENTION_COLUMNS);
        MentionsCsv {
            g,
            w,
            score: String::new(),
        }
    }

    /// One row per mention of `d`. The cells are borrowed from the mention
    /// and the glossary (text guarded, numbers formatted on the stack)
    /// rather than copied into a `String` each: the bytes of
    /// [`SheetWriter::row`], without 17 allocations a mention.
    pub fn add(&mut self, d: &DocumentResult) {
        use std::fmt::Write as _;
        let g = self.g;
        for m in &d.mentions {
            let f = &g.forms[m.form];
            self.score.clear();
            let _ = write!(self.score, "{:.3}", m.score);
            let rivals: std::borrow::Cow<'_, str> = match m.rivals.as_slice() {
                [] => "".into(),
                [one] => one.as_str().into(),
                all => all.join(";").into(),
            };
            // (Numbers formatted on the stack; each temporary lives to the
            // end of the statement.)
            self.w.row_bytes(&[
                guard(&m.file).as_bytes(),
                itoa::Buffer::new().format(m.line).as_bytes(),
                itoa::Buffer::new().format(m.column).as_bytes(),
                itoa::Buffer::new().format(m.byte_start).as_bytes(),
                itoa::Buffer::new().format(m.byte_end).as_bytes(),
                guard(&m.surface).as_bytes(),
                guard(&m.entity_id).as_bytes(),
                guard(g.canonical_ar(m.entity)).as_bytes(),
                guard(m.status_str()).as_bytes(),
                guard(m.match_kind.as_str()).as_bytes(),
                self.score.as_bytes(),
                guard(&m.clitic).as_bytes(),
                guard(&m.spelling).as_bytes(),
                guard(&f.text).as_bytes(),
                guard(&f.term_type).as_bytes(),
                guard(&m.reason).as_bytes(),
                guard(&rivals).as_bytes(),
            ]);
        }
    }

    /// Flush; the writer back, or the first write error.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_writer()
    }
}

/// `canonical_names.csv`: one row per (entity, distinct spelling).
pub fn canonical_csv(report: &dyn ReportSource) -> Vec<u8> {
    crate::report::in_memory(|out| canonical_csv_to(report, out))
}

/// [`canonical_csv`] into a writer, row by row.
pub fn canonical_csv_to(report: &dyn ReportSource, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = SheetWriter::to_writer(out);
    w.header(&CANONICAL_COLUMNS);
    for i in crate::report::by_entity_id(report) {
        let e = report.entity(i);
        for (k, s) in e.spellings.iter().enumerate() {
            w.row(&[
                t(&e.entity_id),
                t(&e.etype),
                t(&e.canonical_ar),
                t(&e.canonical_en),
                t(&s.spelling),
                t(&s.status),
                n(s.count),
                t(report.files(i, k).join(";")),
                t(&s.term_type),
                t(s.match_kinds.join(";")),
                t(s.suggested.clone().unwrap_or_default()),
            ]);
        }
    }
    w.into_writer().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_rows_are_those_of_row_with_owned_cells() {
        use crate::glossary::load::load;
        use crate::matcher::{MatchOptions, Matcher};
        use crate::scan::scan_document;
        use crate::source::SourceFile;
        let g = load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/glossary"
        ))])
        .unwrap();
        let matcher = Matcher::new(&g, MatchOptions::default());
        let mut doc = scan_document(
            &matcher,
            &SourceFile::from_text(
                "=a,\"b\".txt",
                "زار بلينكن ألماتا وقازاقستان، ثم موسكو.".to_string(),
                0,
            ),
        );
        assert!(doc.mentions.len() >= 3);
        let mut odd = doc.mentions[0].clone();
        (odd.line, odd.column, odd.byte_start, odd.byte_end) = (0, 9, 10, usize::MAX);
        odd.score = 0.9995;
        odd.reason = "-x\ny".into();
        odd.clitic = "@".into();
        odd.rivals = vec!["a".into(), "b,c".into()];
        doc.mentions.push(odd.clone());
        odd.rivals = vec!["+one".into()];
        doc.mentions.push(odd);

        // mentions.csv as first written: one String per cell.
        let mut old = SheetWriter::new();
        old.header(&MENTION_COLUMNS);
        for m in &doc.mentions {
            let f = &g.forms[m.form];
            old.row(&[
                t(&m.file),
                n(m.line),
                n(m.column),
                n(m.byte_start),
                n(m.byte_end),
                t(&m.surface),
                t(&m.entity_id),
                t(g.canonical_ar(m.entity)),
                t(m.status_str()),
                t(m.match_kind.as_str()),
                n(format!("{:.3}", m.score)),
                t(&m.clitic),
                t(&m.spelling),
                t(&f.text),
                t(&f.term_type),
                t(&m.reason),
                t(m.rivals.join(";")),
            ]);
        }
        let new = mentions_csv(&g, std::slice::from_ref(&doc));
        assert_eq!(
            String::from_utf8(new).unwrap(),
            String::from_utf8(old.finish()).unwrap()
        );
    }

    #[test]
    fn guards_formula_cells() {
        for bad in ["=1+1", "+x", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(guard(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(guard("ألماتي"), "ألماتي");
        let mut w = SheetWriter::new();
        w.row(&[t("=HYPERLINK(\"x\")"), n(-1)]);
        let s = String::from_utf8(w.finish()).unwrap();
        assert_eq!(s, "\u{FEFF}\"'=HYPERLINK(\"\"x\"\")\",-1\n");
    }
}
