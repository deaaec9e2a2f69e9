//! CSV for spreadsheets: one row per finding, with the BOM and formula guard
//! of [`SheetWriter`].

use std::io::{self, Write};

use crate::lint::printers::Printer;
use crate::lint::Finding;
use crate::report::csv_out::SheetWriter;

/// Columns, in order.
pub const COLUMNS: [&str; 13] = [
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "byte_start",
    "byte_end",
    "severity",
    "rule",
    "message",
    "entity_id",
    "fix",
    "fix_applicability",
];

/// The CSV printer (buffers rows, writes them on finish).
pub struct Csv {
    w: SheetWriter,
}

impl Default for Csv {
    fn default() -> Self {
        let mut w = SheetWriter::new();
        w.header(&COLUMNS);
        Self { w }
    }
}

impl Printer for Csv {
    fn document(&mut self, _out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        let t = |s: &str| (s.to_string(), true);
        let n = |v: usize| (v.to_string(), false);
        for f in findings {
            let l = &f.location;
            let replacement = f
                .fix
                .as_ref()
                .map(|x| {
                    x.edits
                        .iter()
                        .map(|e| e.replacement.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .unwrap_or_default();
            self.w.row(&[
                t(&f.file),
                n(l.line),
                n(l.column),
                n(l.end_line),
                n(l.end_column),
                n(l.byte_start),
                n(l.byte_end),
                t(f.severity.as_str()),
                t(f.rule),
                t(&f.message),
                t(&f.entity_id),
                t(&replacement),
                t(f.fix.as_ref().map_or("", |x| x.applicability.as_str())),
            ]);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let w = std::mem::take(&mut self.w);
        out.write_all(&w.finish())
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::printers::{render, testing::findings, OutputFormat};
    use crate::lint::LintOptions;

    #[test]
    fn header_rows_bom_and_guard() {
        let out = String::from_utf8(render(
            OutputFormat::Csv,
            &LintOptions::default(),
            &[findings()],
        ))
        .unwrap();
        assert!(out.starts_with("\u{feff}file,line,column,"));
        let mut r = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][8], "deprecated-spelling");
        assert_eq!(&rows[0][11], "ألماتي");
        assert_eq!(&rows[0][12], "safe");
        assert_eq!(&rows[2][9], "'=cmd|' /C calc'!A0");
    }
}
