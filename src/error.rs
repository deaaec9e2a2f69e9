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
    /// A document that is not valid UTF-8. (Documents are decoded by
    /// `source::encoding`, which reports [`Error::Decode`]; kept for callers
    /// that only take UTF-8.)
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The document.
        path: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A document whose bytes are not valid in its encoding.
    #[error("{path}: invalid {encoding} at byte {offset}{hint}")]
    Decode {
        /// The document.
        path: String,
        /// The encoding tried (`UTF-8`, `UTF-16LE`, …).
        encoding: &'static str,
        /// Offset of the first invalid byte in the stored file.
        offset: usize,
        /// What the bytes look like and what to do (starts with `; `), or empty.
        hint: String,
    },
    /// A binary file (NUL bytes near the start): skipped with a notice, not an error.
    #[error("{path}: skipped: binary file (NUL byte at offset {offset})")]
    Binary {
        /// The file.
        path: String,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// An input that cannot be scanned (not a regular file, too large, …).
    #[error("{path}: {message}")]
    Input {
        /// The file or folder.
        path: String,
        /// What is wrong, and what was done.
        message: String,
    },
    /// Something worth telling that is not a failure (an input skipped on
    /// purpose, a path shown differently from how it is stored).
    #[error("{path}: {message}")]
    Notice {
        /// The file or folder.
        path: String,
        /// What happened.
        message: String,
    },
    /// One or more problems in the glossary.
    #[error("{}", format_issues(.0))]
    Glossary(Vec<GlossaryIssue>),
    /// Anything else, with a complete message.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// True for problems reported as notices that do not make the run fail
    /// (binary files skipped, symlink loops not followed, …).
    pub fn is_notice(&self) -> bool {
        matches!(self, Error::Binary { .. } | Error::Notice { .. })
    }

    /// The file or folder the problem is about, when one is named.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Io { path, .. }
            | Error::InvalidUtf8 { path, .. }
            | Error::Decode { path, .. }
            | Error::Binary { path, .. }
            | Error::Input { path, .. }
            | Error::Notice { path, .. } => Some(path),
            Error::Glossary(issues) => issues.first().map(|i| i.file.as_str()),
            Error::Other(_) => None,
        }
    }
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
