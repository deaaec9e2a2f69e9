//! `deprecated-spelling`: a spelling the glossary marks deprecated. Fixed
//! safely to the form [`Glossary::replacement_for`] names.
//!
//! [`Glossary::replacement_for`]: crate::glossary::Glossary::replacement_for

use crate::fix::Applicability;
use crate::glossary::Status;
use crate::lint::{Context, Finding, Severity};
use crate::rules::{named, RuleInfo};

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "deprecated-spelling",
    summary: "a spelling the glossary marks deprecated",
    default: Some(Severity::Warning),
    enabled_severity: Severity::Warning,
    fixable: true,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    listed_replacement(cx, Status::Deprecated, RULE.id, out);
}

/// Findings for every mention of a listed form with `status`, each with a
/// safe fix to the replacement form. Shared with `superseded-spelling`.
pub(crate) fn listed_replacement(
    cx: &Context<'_>,
    status: Status,
    rule: &'static str,
    out: &mut Vec<Finding>,
) {
    let g = cx.glossary;
    for m in cx.mentions.iter().filter(|m| m.form_status == Some(status)) {
        let target = g.replacement_for(m.form);
        let mut f = if target == m.form {
            let msg = format!(
                "«{}» is {status} and the glossary lists nothing to write instead",
                m.spelling
            );
            cx.finding(rule, m, msg)
        } else {
            let to = &g.forms[target].text;
            cx.finding(
                rule,
                m,
                format!("«{}» → {}", m.spelling, named(g, m.entity, to)),
            )
        };
        if target != m.form {
            f.fix = cx.replacement_fix(m, &g.forms[target].text, Applicability::Safe);
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::Applicability;
    use crate::markup::InputFormat;
    use crate::rules::testing::{fixed, lint_with, messages};

    #[test]
    fn flags_and_fixes_a_deprecated_spelling() {
        assert_eq!(
            messages("deprecated-spelling", "في المااتا اليوم"),
            ["«المااتا» → «ألماتي» (Almaty)"]
        );
        assert_eq!(
            fixed("deprecated-spelling", "في المااتا اليوم"),
            "في ألماتي اليوم"
        );
        let f = &lint_with("deprecated-spelling", "في المااتا", InputFormat::Text)[0];
        assert_eq!(f.fix.as_ref().unwrap().applicability, Applicability::Safe);
        assert_eq!((f.location.line, f.location.column), (1, 4));
    }

    #[test]
    fn keeps_proclitics_and_the_lam_article_contraction() {
        assert_eq!(
            fixed("deprecated-spelling", "وفي المااتا وبالمااتا"),
            "وفي ألماتي وبألماتي"
        );
        assert_eq!(
            fixed("deprecated-spelling", "دعوة للاتحاد الاوربي"),
            "دعوة للاتحاد الأوروبي"
        );
        assert_eq!(
            fixed("deprecated-spelling", "والاتحاد الاوربي"),
            "والاتحاد الأوروبي"
        );
        assert_eq!(fixed("deprecated-spelling", "بالكريملين"), "بالكرملين");
        assert_eq!(fixed("deprecated-spelling", "للمااتا"), "لألماتي");
    }

    #[test]
    fn keeps_marks_outside_the_span_and_replaces_marks_inside() {
        // Shadda on the last letter belongs to the span; the kasra on the next word does not.
        assert_eq!(fixed("deprecated-spelling", "المااتّا بِها"), "ألماتي بِها");
    }

    #[test]
    fn other_statuses_are_not_flagged() {
        assert!(messages("deprecated-spelling", "ألماتي ألماتا ألما اتا").is_empty());
    }
}
