//! One printer per output format. Printers only format [`Finding`]s; they
//! never count or decide (see [`crate::lint::Counts`]).
//!
//! Streaming formats (human, JSON Lines, GitHub) write each document's
//! findings as they come; SARIF and CSV are whole documents written by
//! [`Printer::finish`].

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};
use std::str::FromStr;

use serde::Serialize;

use crate::lint::{Finding, LintOptions};

/// Output format of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// `path:line:column: severity rule-id: message`.
    #[default]
    Human,
    /// JSON Lines: one object per finding.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// CSV for spreadsheets.
    Csv,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl OutputFormat {
    /// All formats.
    pub const ALL: [OutputFormat; 5] = [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Csv,
        OutputFormat::Github,
    ];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Csv => "csv",
            OutputFormat::Github => "github",
        }
    }
}

impl FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not one of human, json, sarif, csv, github"))
    }
}

/// A printer for one output format.
pub trait Printer {
    /// Print the findings of one document (called once per document, in input order).
    fn document(&mut self, out: &mut dyn Write, findings: &[Finding]) -> io::Result<()>;
    /// Print whatever is left once every document has been seen.
    fn finish(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// The printer for `format`; SARIF lists the rules with their configured levels.
pub fn printer(format: OutputFormat, options: &LintOptions) -> Box<dyn Printer> {
    match format {
        OutputFormat::Human => Box::new(human::Human),
        OutputFormat::Json => Box::new(json::JsonLines),
        OutputFormat::Sarif => Box::new(sarif::Sarif::new(options)),
        OutputFormat::Csv => Box::<csv::Csv>::default(),
        OutputFormat::Github => Box::new(github::Github),
    }
}

/// Print all `docs` with a fresh printer into a byte vector (for tests and libraries).
pub fn render(format: OutputFormat, options: &LintOptions, docs: &[Vec<Finding>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut p = printer(format, options);
    for d in docs {
        p.document(&mut out, d)
            .expect("writing to memory cannot fail");
    }
    p.finish(&mut out).expect("writing to memory cannot fail");
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! A few findings covering every field, shared by the printer tests.

    use crate::fix::{Applicability, Fix};
    use crate::lint::{Finding, Location, Related, Severity};

    pub fn findings() -> Vec<Finding> {
        let loc = |line, column, start, len| Location {
            line,
            column,
            end_line: line,
            end_column: column + len,
            byte_start: start,
            byte_end: start + 2 * len,
        };
        vec![
            Finding {
                file: "docs/a b.md".into(),
                location: loc(2, 5, 20, 7),
                severity: Severity::Warning,
                rule: "deprecated-spelling",
                message: "«المااتا» → «ألماتي» (Almaty)".into(),
                entity_id: "almaty".into(),
                related: vec![],
                fix: Some(Fix::replace(20, 34, "ألماتي", Applicability::Safe)),
            },
            Finding {
                file: "docs/a b.md".into(),
                location: loc(3, 1, 40, 6),
                severity: Severity::Error,
                rule: "inconsistent-spelling",
                message: "two ways: a, b\nnext line".into(),
                entity_id: "almaty".into(),
                related: vec![Related {
                    location: loc(2, 5, 20, 7),
                    message: "«المااتا» (deprecated)".into(),
                }],
                fix: None,
            },
            Finding {
                file: "<stdin>".into(),
                location: loc(1, 1, 3, 5),
                severity: Severity::Info,
                rule: "admitted-spelling",
                message: "=cmd|' /C calc'!A0".into(),
                entity_id: "x".into(),
                related: vec![],
                fix: None,
            },
        ]
    }
}
