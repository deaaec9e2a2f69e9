//! `admitted-spelling` (off by default): an admitted spelling where the
//! glossary has a preferred form of the same language and term type — an
//! alternative spelling, not a short name or a nickname, which are admitted
//! for a reason. The fix to the preferred form is unsafe: admitted forms may
//! be right in context (a former official name, a quotation).

use crate::fix::Applicability;
use crate::glossary::Status;
use crate::lint::{Context, Finding, Severity};
use crate::rules::{named, RuleInfo};

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "admitted-spelling",
    summary: "an admitted spelling where a preferred one of the same kind exists",
    default: None,
    enabled_severity: Severity::Info,
    fixable: true,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let g = cx.glossary;
    for m in cx
        .mentions
        .iter()
        .filter(|m| m.form_status == Some(Status::Admitted))
    {
        let form = &g.forms[m.form];
        let preferred = g.entities[m.entity]
            .forms
            .iter()
            .map(|&i| &g.forms[i])
            .find(|f| {
                f.status == Status::Preferred
                    && f.lang == form.lang
                    && f.term_type == form.term_type
            });
        let Some(p) = preferred else { continue };
        let mut f = cx.finding(
            RULE.id,
            m,
            format!("«{}» → {}", m.spelling, named(g, m.entity, &p.text)),
        );
        f.fix = cx.replacement_fix(m, &p.text, Applicability::Unsafe);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, messages};

    #[test]
    fn admitted_alternative_spelling_with_proclitic() {
        assert_eq!(
            messages("admitted-spelling", "وقرغيزستان"),
            ["«قرغيزستان» → «قيرغيزستان» (Kyrgyzstan)"]
        );
        assert_eq!(
            fixed("admitted-spelling", "روسيا وقرغيزستان."),
            "روسيا وقيرغيزستان."
        );
    }

    #[test]
    fn short_names_are_not_alternative_spellings() {
        assert!(messages("admitted-spelling", "قال توكاييف").is_empty());
    }
}
