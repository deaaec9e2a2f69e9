//! `unlisted-spelling`: a spelling the glossary does not list, recognised by
//! fuzzy matching. The message gives the score and the reason; the fix (to the
//! form the closest listed form would be replaced by) is unsafe, and an
//! ambiguous match (close to two entities) gets none.

use crate::fix::Applicability;
use crate::lint::{Context, Finding, Severity};
use crate::rules::{named, RuleInfo};

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "unlisted-spelling",
    summary: "a spelling the glossary does not list, found by fuzzy matching",
    default: Some(Severity::Warning),
    enabled_severity: Severity::Warning,
    fixable: true,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let g = cx.glossary;
    for m in cx.mentions.iter().filter(|m| m.form_status.is_none()) {
        let target = g.replacement_for(m.form);
        let to = &g.forms[target].text;
        let mut msg = if m.rivals.is_empty() {
            format!("«{}» → {}", m.spelling, named(g, m.entity, to))
        } else {
            let mut alts = vec![named(g, m.entity, to)];
            for r in &m.rivals {
                if let Some(e) = g.entity_index(r) {
                    alts.push(named(g, e, g.canonical_ar(e)));
                }
            }
            format!("«{}» is ambiguous: {}", m.spelling, alts.join(" or "))
        };
        msg.push_str(&format!("; unlisted spelling, score {:.2}", m.score));
        if !m.reason.is_empty() {
            msg.push_str(&format!(": {}", m.reason));
        }
        let mut f = cx.finding(RULE.id, m, msg);
        if m.rivals.is_empty() {
            f.fix = cx.replacement_fix(m, to, Applicability::Unsafe);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::markup::InputFormat;
    use crate::rules::testing::{fixed, lint_with};

    #[test]
    fn fuzzy_spelling_gets_an_unsafe_fix_with_score() {
        let f = lint_with(
            "unlisted-spelling",
            "قال الرئيس توكايييف امس",
            InputFormat::Text,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        let msg = &f[0].message;
        assert!(
            msg.starts_with(
                "«توكايييف» → «توكاييف» (Kassym-Jomart Tokayev); unlisted spelling, score "
            ),
            "{msg}"
        );
        assert_eq!(
            f[0].fix.as_ref().unwrap().applicability,
            Applicability::Unsafe
        );
        assert_eq!(
            fixed("unlisted-spelling", "قال ولتوكايييف"),
            "قال ولتوكاييف"
        );
    }

    #[test]
    fn listed_spellings_are_not_unlisted() {
        assert!(lint_with("unlisted-spelling", "ألماتي والمااتا", InputFormat::Text).is_empty());
    }
}
