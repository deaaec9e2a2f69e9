//! JSON Lines: one JSON object per finding, fields as in [`Finding`].

use std::io::{self, Write};

use crate::lint::printers::Printer;
use crate::lint::Finding;

/// The JSON Lines printer.
#[derive(Debug, Default)]
pub struct JsonLines;

impl Printer for JsonLines {
    fn document(&mut self, out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            serde_json::to_writer(&mut *out, f)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::printers::{render, testing::findings, OutputFormat};
    use crate::lint::LintOptions;

    #[test]
    fn every_line_is_an_object_with_the_fields() {
        let out = String::from_utf8(render(
            OutputFormat::Json,
            &LintOptions::default(),
            &[findings()],
        ))
        .unwrap();
        let rows: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["rule"], "deprecated-spelling");
        assert_eq!(rows[0]["severity"], "warning");
        assert_eq!(rows[0]["line"], 2);
        assert_eq!(rows[0]["byte_start"], 20);
        assert_eq!(rows[0]["fix"]["applicability"], "safe");
        assert_eq!(rows[0]["fix"]["edits"][0]["replacement"], "ألماتي");
        assert_eq!(rows[1]["related"][0]["line"], 2);
        assert!(rows[2].get("fix").is_none());
    }
}
