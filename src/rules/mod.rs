//! Editorial rules, one per file. Each rule reads the mentions of one
//! document (see [`crate::lint::Context`]) and pushes [`Finding`]s; rule ids
//! are kebab-case and name what the rule catches.
//!
//! | id | default | catches |
//! |---|---|---|
//! | `superseded-spelling` | error | a spelling the glossary marks superseded |
//! | `deprecated-spelling` | warning | a spelling the glossary marks deprecated |
//! | `unlisted-spelling` | warning | a spelling the glossary does not list, found by fuzzy matching |
//! | `inconsistent-spelling` | warning | one entity spelled more than one way in a document |
//! | `admitted-spelling` | off (info) | an admitted spelling where a preferred one of the same kind exists |
//! | `short-first-mention` | off (info) | a person first mentioned by a short name |

pub mod admitted_spelling;
pub mod deprecated_spelling;
pub mod inconsistent_spelling;
pub mod short_first_mention;
pub mod superseded_spelling;
pub mod unlisted_spelling;

use crate::glossary::Glossary;
use crate::lint::{Context, Finding, Severity};

/// What a rule is and how it runs.
#[derive(Debug)]
pub struct RuleInfo {
    /// Id (kebab-case).
    pub id: &'static str,
    /// One line: what it catches.
    pub summary: &'static str,
    /// Severity when not configured; `None` when off by default.
    pub default: Option<Severity>,
    /// Severity it runs at when enabled without a severity (`--enable`).
    pub enabled_severity: Severity,
    /// Whether its findings can carry a fix `glossalign fix` applies.
    pub fixable: bool,
    /// The check.
    pub check: fn(&Context<'_>, &mut Vec<Finding>),
}

/// Every rule, in the order they run and are listed.
pub static RULES: [RuleInfo; 6] = [
    superseded_spelling::RULE,
    deprecated_spelling::RULE,
    unlisted_spelling::RULE,
    inconsistent_spelling::RULE,
    admitted_spelling::RULE,
    short_first_mention::RULE,
];

/// The rule with id `id`.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// Ids of all rules, comma-separated (for error messages).
pub fn ids() -> String {
    RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

/// `«form» (English name)`, or `«form»` when the entity has no English form.
pub(crate) fn named(g: &Glossary, entity: usize, form: &str) -> String {
    match g.canonical_en(entity) {
        "" => format!("«{form}»"),
        en => format!("«{form}» ({en})"),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Shared helpers for rule tests: a small glossary and a one-call lint.

    use crate::glossary::load::load_sources;
    use crate::glossary::Glossary;
    use crate::lint::{Finding, LintOptions, Linter, Severity};
    use crate::markup::InputFormat;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::source::SourceFile;

    /// A glossary with every status and term type the rules care about.
    pub fn glossary() -> Glossary {
        let csv = "entity_id,type,lang,form,status,note,term_type
almaty,place,ar,ألماتي,preferred,,full
almaty,place,ar,ألماتا,admitted,,full
almaty,place,ar,المااتا,deprecated,,full
almaty,place,ar,ألما اتا,superseded,,full
almaty,place,en,Almaty,preferred,,full
european-union,organization,ar,الاتحاد الأوروبي,preferred,,full
european-union,organization,ar,الاتحاد الاوربي,deprecated,,full
european-union,organization,en,European Union,preferred,,full
kremlin,place,ar,الكرملين,preferred,,full
kremlin,place,ar,الكريملين,deprecated,,full
kremlin,place,en,Kremlin,preferred,,full
kyrgyzstan,place,ar,قيرغيزستان,preferred,,full
kyrgyzstan,place,ar,قرغيزستان,admitted,,full
kyrgyzstan,place,en,Kyrgyzstan,preferred,,full
tokayev,person,ar,قاسم جومارت توكاييف,preferred,,full
tokayev,person,ar,توكاييف,admitted,,short
tokayev,person,en,Kassym-Jomart Tokayev,preferred,,full
";
        load_sources(&[("g.csv".into(), csv.as_bytes().to_vec())]).expect("test glossary is valid")
    }

    /// Lint `text` (plain text) with only `rule` enabled, at `Info` unless it has a default.
    pub fn lint_with(rule: &str, text: &str, format: InputFormat) -> Vec<Finding> {
        let g = Box::leak(Box::new(glossary()));
        let mut options = LintOptions::default();
        for (r, sev) in &mut options.rules {
            *sev = (r.id == rule).then(|| r.default.unwrap_or(Severity::Info));
        }
        let linter = Linter::new(Matcher::new(g, MatchOptions::default()), options);
        let doc = SourceFile::from_text("t.txt", text.to_string(), 0);
        linter.lint(&doc, format)
    }

    /// Messages of the findings of `rule` on plain `text`.
    pub fn messages(rule: &str, text: &str) -> Vec<String> {
        lint_with(rule, text, InputFormat::Text)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    /// `text` after applying every fix the findings of `rule` carry (any applicability but display-only).
    #[track_caller]
    pub fn fixed(rule: &str, text: &str) -> String {
        let findings = lint_with(rule, text, InputFormat::Text);
        let fixes: Vec<_> = findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .filter(|f| f.allowed(true))
            .collect();
        crate::fix::apply(text, fixes).text
    }
}
