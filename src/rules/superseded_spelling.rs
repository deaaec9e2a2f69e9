//! `superseded-spelling`: a spelling the glossary marks superseded (outdated,
//! must be replaced). Same check and fix as `deprecated-spelling`, at a
//! higher default severity.

use crate::glossary::Status;
use crate::lint::{Context, Finding, Severity};
use crate::rules::deprecated_spelling::listed_replacement;
use crate::rules::RuleInfo;

/// The rule.
pub const RULE: RuleInfo = RuleInfo {
    id: "superseded-spelling",
    summary: "a spelling the glossary marks superseded",
    default: Some(Severity::Error),
    enabled_severity: Severity::Error,
    fixable: true,
    check,
};

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    listed_replacement(cx, Status::Superseded, RULE.id, out);
}

#[cfg(test)]
mod tests {
    use crate::lint::Severity;
    use crate::markup::InputFormat;
    use crate::rules::testing::{fixed, lint_with};

    #[test]
    fn flags_superseded_as_error_and_fixes() {
        let f = lint_with("superseded-spelling", "زار ألما اتا", InputFormat::Text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].message, "«ألما اتا» → «ألماتي» (Almaty)");
        assert_eq!(fixed("superseded-spelling", "زار ألما اتا."), "زار ألماتي.");
    }
}
