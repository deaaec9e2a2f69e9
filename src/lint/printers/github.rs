//! GitHub Actions workflow commands: `::warning file=…,line=…,col=…::message`,
//! shown as annotations on the pull request. Severity info becomes `notice`.
//! Values are escaped as the runner expects (`%`, CR, LF; and `:` `,` in
//! properties).

use std::io::{self, Write};

use crate::lint::printers::Printer;
use crate::lint::{Finding, Severity};

/// The GitHub printer.
#[derive(Debug, Default)]
pub struct Github;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Printer for Github {
    fn document(&mut self, out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let l = &f.location;
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&f.file),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                escape_property(f.rule),
                escape_data(&f.message)
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
    fn annotations_are_escaped() {
        let out = String::from_utf8(render(
            OutputFormat::Github,
            &LintOptions::default(),
            &[findings()],
        ))
        .unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::warning file=docs/a b.md,line=2,col=5,endLine=2,endColumn=12,title=deprecated-spelling::«المااتا» → «ألماتي» (Almaty)"
        );
        assert_eq!(
            lines[1],
            "::error file=docs/a b.md,line=3,col=1,endLine=3,endColumn=7,title=inconsistent-spelling::two ways: a, b%0Anext line"
        );
        assert!(lines[2].starts_with("::notice file=<stdin>,"));
    }
}
