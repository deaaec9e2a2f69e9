//! Human-readable lines: `path:line:column: severity rule-id: message`, the
//! form editors, terminals and `grep` understand.

use std::io::{self, Write};

use crate::lint::printers::Printer;
use crate::lint::Finding;

/// The human printer.
#[derive(Debug, Default)]
pub struct Human;

impl Printer for Human {
    fn document(&mut self, out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            writeln!(
                out,
                "{}:{}:{}: {} {}: {}",
                f.file,
                f.location.line,
                f.location.column,
                f.severity,
                f.rule,
                f.message.replace('\n', " ")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::printers::{render, testing::findings, OutputFormat};
    use crate::lint::LintOptions;

    #[test]
    fn one_line_per_finding() {
        let out = String::from_utf8(render(
            OutputFormat::Human,
            &LintOptions::default(),
            &[findings()],
        ))
        .unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "docs/a b.md:2:5: warning deprecated-spelling: «المااتا» → «ألماتي» (Almaty)"
        );
        assert_eq!(
            lines[1],
            "docs/a b.md:3:1: error inconsistent-spelling: two ways: a, b next line"
        );
    }
}
