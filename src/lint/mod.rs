//! Editorial checks: the [`Finding`] message model, the [`Linter`] that runs
//! the rules of [`crate::rules`] over one document, and the [`Counts`] that
//! decide the exit status (kept apart from printing, see [`printers`]).
//!
//! A finding carries a byte span into the file as stored (BOM included), the
//! 1-based line and column (Unicode scalar values, BOM not counted) of both
//! ends, a message, optionally the locations it relates to, and optionally a
//! [`Fix`].

pub mod inputs;
pub mod printers;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::fix::{Applicability, Fix};
use crate::glossary::Glossary;
use crate::markup::{self, InputFormat, TextView};
use crate::matcher::{MatchKind, Matcher};
use crate::rules::{self, RuleInfo};
use crate::scan::{scan_view, Mention};
use crate::source::SourceFile;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Should be changed.
    Warning,
    /// Must be changed.
    Error,
}

impl Severity {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lowest severity that makes a run fail (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors (the default).
    #[default]
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// All values.
    pub const ALL: [FailOn; 4] = [FailOn::Error, FailOn::Warning, FailOn::Info, FailOn::Never];

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// The lowest failing severity (`None` for never).
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

impl FromStr for FailOn {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        FailOn::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not one of error, warning, info, never"))
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in Unicode scalar values.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just after the end.
    pub end_column: usize,
    /// Start, a byte offset into the file as stored.
    pub byte_start: usize,
    /// End (exclusive).
    pub byte_end: usize,
}

impl Location {
    /// The location of the text bytes `start..end` of `doc` (offsets into `doc.text`).
    pub fn of(doc: &SourceFile, start: usize, end: usize) -> Self {
        let (line, column) = doc.line_col(start);
        let (end_line, end_column) = doc.line_col(end);
        Self {
            line,
            column,
            end_line,
            end_column,
            byte_start: doc.file_offset(start),
            byte_end: doc.file_offset(end),
        }
    }
}

/// Another place a finding refers to (e.g. every use of a competing spelling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// What is there.
    pub message: String,
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Document as displayed.
    pub file: String,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// How serious.
    pub severity: Severity,
    /// Rule id (kebab-case).
    pub rule: &'static str,
    /// What is wrong, and what to write instead.
    pub message: String,
    /// The glossary entity concerned.
    pub entity_id: String,
    /// Related places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// A correction, when one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// Lint settings that do not concern input discovery.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Severity of each rule, `None` when it is off; in [`rules::RULES`] order.
    pub rules: Vec<(&'static RuleInfo, Option<Severity>)>,
    /// Fuzzy matches below this score are ignored.
    pub min_score: f64,
}

impl Default for LintOptions {
    fn default() -> Self {
        Self {
            rules: rules::RULES.iter().map(|r| (r, r.default)).collect(),
            min_score: 0.0,
        }
    }
}

/// What a rule sees of one document.
pub struct Context<'a> {
    /// The glossary.
    pub glossary: &'a Glossary,
    /// The document.
    pub doc: &'a SourceFile,
    /// Its prose view.
    pub view: &'a TextView,
    /// Its format.
    pub format: InputFormat,
    /// Names found, in order of position.
    pub mentions: &'a [Mention],
    /// The severity the rule runs at.
    pub severity: Severity,
}

impl Context<'_> {
    /// Offset into `doc.text` of a file offset.
    fn text_offset(&self, file_offset: usize) -> usize {
        file_offset - self.doc.bom_len
    }

    /// A finding at a mention.
    pub fn finding(&self, rule: &'static str, m: &Mention, message: String) -> Finding {
        Finding {
            file: self.doc.display.clone(),
            location: self.location(m),
            severity: self.severity,
            rule,
            message,
            entity_id: m.entity_id.clone(),
            related: Vec::new(),
            fix: None,
        }
    }

    /// The location of a mention.
    pub fn location(&self, m: &Mention) -> Location {
        Location::of(
            self.doc,
            self.text_offset(m.byte_start),
            self.text_offset(m.byte_end),
        )
    }

    /// A fix writing the glossary form `target` in place of mention `m`,
    /// keeping its proclitic right; `None` when nothing would change. A span
    /// that covers markup, or an ambiguous match, is only ever display-only.
    pub fn replacement_fix(
        &self,
        m: &Mention,
        target: &str,
        applicability: Applicability,
    ) -> Option<Fix> {
        let name = crate::fix::orthography::replacement_after_clitic(&m.clitic, target);
        let text = self.format.escape(name).into_owned();
        if text == m.surface {
            return None;
        }
        let (s, e) = (self.text_offset(m.byte_start), self.text_offset(m.byte_end));
        let applicability = if self.view.touches_markup(s, e) || !m.rivals.is_empty() {
            Applicability::DisplayOnly
        } else {
            applicability
        };
        Some(Fix::replace(m.byte_start, m.byte_end, text, applicability))
    }
}

/// A glossary compiled for linting, with the rules to run.
pub struct Linter<'g> {
    matcher: Matcher<'g>,
    options: LintOptions,
}

impl<'g> Linter<'g> {
    /// Build a linter.
    pub fn new(matcher: Matcher<'g>, options: LintOptions) -> Self {
        Self { matcher, options }
    }

    /// The glossary.
    pub fn glossary(&self) -> &'g Glossary {
        self.matcher.glossary()
    }

    /// The options.
    pub fn options(&self) -> &LintOptions {
        &self.options
    }

    /// Lint one document read as `format`. Findings are sorted by position,
    /// then rule id.
    pub fn lint(&self, doc: &SourceFile, format: InputFormat) -> Vec<Finding> {
        let view = markup::extract(&doc.text, format);
        let mut mentions = scan_view(&self.matcher, doc, &view).mentions;
        mentions.retain(|m| {
            m.match_kind != MatchKind::Fuzzy || m.score + 1e-9 >= self.options.min_score
        });
        let mut out = Vec::new();
        for &(rule, severity) in &self.options.rules {
            let Some(severity) = severity else { continue };
            let cx = Context {
                glossary: self.glossary(),
                doc,
                view: &view,
                format,
                mentions: &mentions,
                severity,
            };
            (rule.check)(&cx, &mut out);
        }
        out.sort_by(|a, b| {
            (a.location.byte_start, a.location.byte_end, a.rule).cmp(&(
                b.location.byte_start,
                b.location.byte_end,
                b.rule,
            ))
        });
        out
    }
}

/// Findings counted by severity, for the exit status and the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// Findings with an unsafe fix (applied by `fix --unsafe`).
    pub unsafe_fixable: usize,
}

impl Counts {
    /// Count `findings`.
    pub fn add(&mut self, findings: &[Finding]) {
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match f.fix.as_ref().map(|x| x.applicability) {
                Some(Applicability::Safe) => self.fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                _ => {}
            }
        }
    }

    /// All findings.
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// True when some finding is at or above `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        match fail_on.threshold() {
            None => false,
            Some(Severity::Error) => self.errors > 0,
            Some(Severity::Warning) => self.errors + self.warnings > 0,
            Some(Severity::Info) => self.total() > 0,
        }
    }

    /// One line for humans: `3 problems (1 error, 2 warnings, 0 info); 2 fixable with `glossalign fix``.
    pub fn summary(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let mut s = format!(
            "{} ({}, {}, {} info)",
            plural(self.total(), "problem"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            self.infos
        );
        if self.fixable > 0 {
            s.push_str(&format!("; {} fixable with `glossalign fix`", self.fixable));
        }
        if self.unsafe_fixable > 0 {
            let more = if self.fixable > 0 { "more" } else { "fixable" };
            s.push_str(&format!(
                "; {} {more} with `glossalign fix --unsafe`",
                self.unsafe_fixable
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_fail_levels() {
        assert!(Severity::Info < Severity::Warning && Severity::Warning < Severity::Error);
        let mut c = Counts::default();
        assert!(!c.fails(FailOn::Info));
        c.infos = 1;
        assert!(c.fails(FailOn::Info) && !c.fails(FailOn::Warning));
        c.warnings = 1;
        assert!(c.fails(FailOn::Warning) && !c.fails(FailOn::Error));
        c.errors = 1;
        assert!(c.fails(FailOn::Error) && !c.fails(FailOn::Never));
        assert_eq!("never".parse::<FailOn>(), Ok(FailOn::Never));
        assert!("warn".parse::<FailOn>().is_err());
    }

    #[test]
    fn summary_line() {
        let c = Counts {
            errors: 1,
            warnings: 2,
            infos: 0,
            fixable: 2,
            unsafe_fixable: 0,
        };
        assert_eq!(
            c.summary(),
            "3 problems (1 error, 2 warnings, 0 info); 2 fixable with `glossalign fix`"
        );
    }
}
