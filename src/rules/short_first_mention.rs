//! `short-first-mention` (off by default): the first mention of a person in a
//! document (per language) uses a short name — a surname alone — instead of
//! the full name the glossary gives. The suggested full name is display-only:
//! whether to expand it is an editor's call.

use std::collections::BTreeSet;

use crate::fix::Applicability;
use crate::glossary::{EntityType, Status};
use crate::lint::{Context, Finding, Severity};
use crate::rules::RuleInfo;

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "short-first-mention",
    summary: "a person first mentioned by a short name instead of the full name",
    default: None,
    enabled_severity: Severity::Info,
    fixable: false,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let g = cx.glossary;
    let mut seen: BTreeSet<(usize, &str)> = BTreeSet::new();
    for m in cx.mentions {
        if g.entities[m.entity].etype != EntityType::Person {
            continue;
        }
        let form = &g.forms[m.form];
        if !seen.insert((m.entity, form.lang.as_str())) || form.term_type == "full" {
            continue;
        }
        let full = g.entities[m.entity]
            .forms
            .iter()
            .map(|&i| &g.forms[i])
            .filter(|f| f.lang == form.lang && f.term_type == "full")
            .filter(|f| matches!(f.status, Status::Preferred | Status::Admitted))
            .min_by_key(|f| f.status);
        let Some(full) = full else { continue };
        let msg = format!(
            "first mention of «{}» should use the full name «{}»",
            m.spelling, full.text
        );
        let mut f = cx.finding(RULE.id, m, msg);
        f.fix = cx
            .replacement_fix(m, &full.text, Applicability::DisplayOnly)
            .map(|mut x| {
                x.applicability = Applicability::DisplayOnly;
                x
            });
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::messages;

    #[test]
    fn only_the_first_mention_counts() {
        assert_eq!(
            messages("short-first-mention", "قال توكاييف إن قاسم جومارت توكاييف"),
            ["first mention of «توكاييف» should use the full name «قاسم جومارت توكاييف»"]
        );
        assert!(messages("short-first-mention", "قال قاسم جومارت توكاييف ثم توكاييف").is_empty());
    }

    #[test]
    fn places_are_not_people() {
        assert!(messages("short-first-mention", "ألماتا").is_empty());
    }
}
