//! One `glossalign.toml` file: its schema, parsed strictly (an unknown key is
//! an error naming its line), and validated (rule ids, severities, score
//! range, globs) with the line of every bad value.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::lint::{FailOn, Severity};
use crate::rules;

/// A rule's setting: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Error.
    Error,
    /// Warning.
    Warning,
    /// Info.
    Info,
    /// Disabled.
    Off,
}

impl RuleLevel {
    /// The severity, `None` for off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Error => Some(Severity::Error),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Off => None,
        }
    }

    /// Parse `error`, `warning`, `info` or `off`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(RuleLevel::Error),
            "warning" => Some(RuleLevel::Warning),
            "info" => Some(RuleLevel::Info),
            "off" => Some(RuleLevel::Off),
            _ => None,
        }
    }
}

/// The `[fuzzy]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FuzzyTable {
    /// Run fuzzy matching of unlisted spellings.
    pub enabled: Option<bool>,
    /// Ignore fuzzy matches scoring below this (0–1).
    pub min_score: Option<Spanned<f64>>,
}

/// The contents of a `glossalign.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Glossary files or folders, relative to the file's folder.
    pub glossary: Option<Vec<String>>,
    /// What to check when no path is given, relative to the file's folder.
    pub paths: Option<Vec<String>>,
    /// Globs a walked file must match (instead of the default extensions).
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files and folders never checked.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Lowest severity that fails the run.
    pub fail_on: Option<FailOn>,
    /// Fuzzy matching.
    pub fuzzy: Option<FuzzyTable>,
    /// Rule id → severity or off.
    pub rules: Option<BTreeMap<String, Spanned<RuleLevel>>>,
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn located(name: &str, text: &str, offset: usize, message: &str) -> Error {
    let (line, col) = line_col(text, offset);
    Error::Other(format!("{name}:{line}:{col}: {message}"))
}

/// Parse and validate a configuration file shown as `name`.
pub fn parse(name: &str, text: &str) -> Result<ConfigFile, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let cfg: ConfigFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end().to_string();
        match e.span() {
            Some(span) => located(name, text, span.start, &message),
            None => Error::Other(format!("{name}: {message}")),
        }
    })?;
    if let Some(rules) = &cfg.rules {
        for (id, level) in rules {
            if rules::find(id).is_none() {
                return Err(located(
                    name,
                    text,
                    level.span().start,
                    &format!("unknown rule `{id}` (rules: {})", rules::ids()),
                ));
            }
        }
    }
    if let Some(s) = cfg.fuzzy.as_ref().and_then(|f| f.min_score.as_ref()) {
        if !(0.0..=1.0).contains(s.get_ref()) {
            return Err(located(
                name,
                text,
                s.span().start,
                "fuzzy.min-score must be between 0 and 1",
            ));
        }
    }
    for g in cfg.include.iter().chain(&cfg.exclude).flatten() {
        if let Err(e) = globset::Glob::new(g.get_ref()) {
            return Err(located(
                name,
                text,
                g.span().start,
                &format!("bad glob `{}`: {}", g.get_ref(), e.kind()),
            ));
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_file_parses() {
        let c = parse(
            "glossalign.toml",
            "glossary = [\"g\"]\npaths = [\"a\"]\ninclude = [\"**/*.md\"]\nexclude = [\"drafts/**\"]\nfail-on = \"error\"\n\
             [fuzzy]\nenabled = false\nmin-score = 0.9\n[rules]\nadmitted-spelling = \"info\"\ndeprecated-spelling = \"off\"\n",
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(FailOn::Error));
        assert_eq!(c.fuzzy.unwrap().min_score.unwrap().into_inner(), 0.9);
        assert_eq!(
            c.rules.unwrap()["deprecated-spelling"].get_ref(),
            &RuleLevel::Off
        );
    }

    #[test]
    fn unknown_keys_name_the_line() {
        let e = parse(
            "g.toml",
            "fail-on = \"error\"\n\n[fuzzy]\nmin_score = 0.5\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("g.toml:4:1: unknown field `min_score`"),
            "{e}"
        );
        let e = parse("g.toml", "colour = 1\n").unwrap_err().to_string();
        assert!(e.starts_with("g.toml:1:1: unknown field `colour`"), "{e}");
    }

    #[test]
    fn bad_values_name_the_line() {
        let e = parse("g.toml", "[rules]\ndeprecated-spelling = \"warn\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.toml:2:23: unknown variant `warn`"), "{e}");
        let e = parse("g.toml", "[rules]\n\nno-such-rule = \"info\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("g.toml:3:16: unknown rule `no-such-rule`"),
            "{e}"
        );
        let e = parse("g.toml", "[fuzzy]\nmin-score = 3.0\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "g.toml:2:13: fuzzy.min-score must be between 0 and 1");
        let e = parse("g.toml", "exclude = [\"a\", \"[z\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("g.toml:1:17: bad glob `[z`"), "{e}");
        let e = parse("g.toml", "fail-on = \"sometimes\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("g.toml:1:11: unknown variant `sometimes`"),
            "{e}"
        );
        let e = parse("g.toml", "fail-on = \n").unwrap_err().to_string();
        assert!(e.starts_with("g.toml:1:"), "{e}");
    }
}
