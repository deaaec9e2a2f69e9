//! Library error types. Every message names the file (and line/column where
//! known) and what was being done, so a user can act on it.

use std::fmt;

/// A problem found in a glossary file, with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryIssue {
    /// Glossary file as displayed.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based CSV column, when one column is at fault.
    pub column: Option<usize>,
    /// Name of that column.
    pub column_name: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GlossaryIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(name) = &self.column_name {
            write!(f, "column `{name}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Errors of the glossalign library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O failure on a named path.
    #[error("{path}: error {action}: {source}")]
    Io {
        /// The path.
        path: String,
        /// What was being done ("reading", "writing", …).
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A document that is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The document.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// One or more problems in the glossary.
    #[error("{}", format_issues(.0))]
    Glossary(Vec<GlossaryIssue>),
    /// Anything else, with a complete message.
    #[error("{0}")]
    Other(String),
}

fn format_issues(issues: &[GlossaryIssue]) -> String {
    let mut out = String::new();
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("glossary error: ");
        out.push_str(&issue.to_string());
    }
    out
}
