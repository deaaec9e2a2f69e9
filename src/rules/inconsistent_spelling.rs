//! `inconsistent-spelling`: one entity written more than one way within a
//! document. Spellings compete when their glossary forms share language and
//! term type (a surname alone does not compete with the full name), the same
//! grouping as the consistency report. One finding per entity and group, at
//! the first use of a second spelling, listing every location.

use std::collections::BTreeMap;

use crate::lint::{Context, Finding, Related, Severity};
use crate::rules::{named, RuleInfo};
use crate::scan::Mention;

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "inconsistent-spelling",
    summary: "one entity spelled more than one way within a document",
    default: Some(Severity::Warning),
    enabled_severity: Severity::Warning,
    fixable: false,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let g = cx.glossary;
    // (entity, lang, term type) → mentions in document order.
    let mut groups: BTreeMap<(usize, &str, &str), Vec<&Mention>> = BTreeMap::new();
    for m in cx.mentions {
        let f = &g.forms[m.form];
        groups
            .entry((m.entity, &f.lang, &f.term_type))
            .or_default()
            .push(m);
    }
    for ((entity, _, _), ms) in groups {
        // Spellings in order of first use.
        let mut spellings: Vec<(&str, Vec<&Mention>)> = Vec::new();
        for m in &ms {
            match spellings.iter_mut().find(|(s, _)| *s == m.spelling) {
                Some((_, list)) => list.push(m),
                None => spellings.push((&m.spelling, vec![m])),
            }
        }
        if spellings.len() < 2 {
            continue;
        }
        let anchor = spellings[1].1[0];
        let listing: Vec<String> = spellings
            .iter()
            .map(|(s, list)| {
                let at: Vec<String> = list
                    .iter()
                    .map(|m| format!("{}:{}", m.line, m.column))
                    .collect();
                format!("«{s}» ×{} ({})", list.len(), at.join(", "))
            })
            .collect();
        let msg = format!(
            "{} is spelled {} ways in this document: {}",
            named(g, entity, g.canonical_ar(entity)),
            spellings.len(),
            listing.join(", ")
        );
        let mut f = cx.finding(RULE.id, anchor, msg);
        for m in ms {
            f.related.push(Related {
                location: cx.location(m),
                message: format!("«{}» ({})", m.spelling, m.status_str()),
            });
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::markup::InputFormat;
    use crate::rules::testing::{lint_with, messages};

    #[test]
    fn lists_every_location_of_every_spelling() {
        let text = "في ألماتي\nثم المااتا وألماتي\nوالمااتا";
        assert_eq!(
            messages("inconsistent-spelling", text),
            ["«ألماتي» (Almaty) is spelled 2 ways in this document: «ألماتي» ×2 (1:4, 2:13), «المااتا» ×2 (2:4, 3:2)"]
        );
        let f = &lint_with("inconsistent-spelling", text, InputFormat::Text)[0];
        assert_eq!((f.location.line, f.location.column), (2, 4));
        assert_eq!(f.related.len(), 4);
        assert!(f.fix.is_none());
    }

    #[test]
    fn short_and_full_names_do_not_compete() {
        assert!(messages("inconsistent-spelling", "قاسم جومارت توكاييف ثم توكاييف").is_empty());
    }

    #[test]
    fn harakat_alone_are_not_a_second_spelling() {
        assert!(messages("inconsistent-spelling", "ألماتي ثم أَلْماتي").is_empty());
    }
}
