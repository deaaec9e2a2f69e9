//! Fixing a whole document: lint, apply the allowed fixes, and lint again
//! until nothing more applies (a replacement can make a neighbouring span
//! read differently), so that one `fix` run is final: a second run changes
//! nothing.

use crate::fix::apply;
use crate::lint::{Finding, Linter};
use crate::markup::InputFormat;
use crate::source::SourceFile;

/// At most this many lint-and-apply rounds per document.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one document did.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The file's text as stored (BOM included).
    pub original: String,
    /// The text after fixing (BOM included).
    pub fixed: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// Findings left after the last round.
    pub remaining: Vec<Finding>,
}

impl Fixed {
    /// True when fixing changed the text.
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

fn stored(doc: &SourceFile) -> String {
    if doc.bom_len > 0 {
        format!("\u{feff}{}", doc.text)
    } else {
        doc.text.clone()
    }
}

/// Fix `doc` (read as `format`) with the safe fixes, plus the unsafe ones when
/// `unsafe_fixes`. Display-only fixes never apply.
pub fn fix_document(
    linter: &Linter<'_>,
    doc: &SourceFile,
    format: InputFormat,
    unsafe_fixes: bool,
) -> Fixed {
    let original = stored(doc);
    let mut current = doc.clone();
    let mut applied = 0;
    let mut findings = linter.lint(&current, format);
    for _ in 0..MAX_ROUNDS {
        let fixes: Vec<_> = findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .filter(|f| f.allowed(unsafe_fixes))
            .collect();
        if fixes.is_empty() {
            break;
        }
        let text = stored(&current);
        let out = apply(&text, fixes);
        if out.applied == 0 || out.text == text {
            break;
        }
        applied += out.applied;
        let body = out.text[current.bom_len..].to_string();
        let mut next = SourceFile::from_text(current.display.clone(), body, current.bom_len);
        next.path = current.path.clone();
        current = next;
        findings = linter.lint(&current, format);
    }
    Fixed {
        original,
        fixed: stored(&current),
        applied,
        remaining: findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::LintOptions;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::rules::testing::glossary;

    fn fix(text: &str, bom: bool, format: InputFormat) -> Fixed {
        let g = Box::leak(Box::new(glossary()));
        let linter = Linter::new(
            Matcher::new(g, MatchOptions::default()),
            LintOptions::default(),
        );
        let mut bytes = if bom {
            "\u{feff}".as_bytes().to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(text.as_bytes());
        let doc = SourceFile::from_bytes("t", bytes).unwrap();
        fix_document(&linter, &doc, format, false)
    }

    #[test]
    fn bom_crlf_and_trailing_newline_survive() {
        let f = fix("في المااتا\r\nوالمااتا\r\n", true, InputFormat::Text);
        assert_eq!(f.fixed, "\u{feff}في ألماتي\r\nوألماتي\r\n");
        assert_eq!(f.applied, 2);
        assert!(f
            .remaining
            .iter()
            .all(|x| x.fix.is_none() || !x.fix.as_ref().unwrap().allowed(false)));
        let again = fix(&f.fixed[3..], true, InputFormat::Text);
        assert!(!again.changed(), "a second run changes nothing");
    }

    #[test]
    fn html_markup_is_never_changed() {
        let html = "<p title=\"المااتا\">في <b>المااتا</b> و&#1575;&#1604;&#1605;&#1575;&#1575;&#1578;&#1575;</p><script>المااتا</script>";
        let f = fix(html, false, InputFormat::Html);
        assert_eq!(
            f.fixed,
            "<p title=\"المااتا\">في <b>ألماتي</b> وألماتي</p><script>المااتا</script>"
        );
    }

    #[test]
    fn a_span_across_tags_is_not_rewritten() {
        let f = fix("<p>ألما <i>اتا</i></p>", false, InputFormat::Html);
        assert!(!f.changed());
        assert_eq!(f.remaining.len(), 1, "still reported");
        assert_eq!(
            f.remaining[0].fix.as_ref().unwrap().applicability,
            crate::fix::Applicability::DisplayOnly
        );
    }

    mod converge {
        use super::*;
        use proptest::prelude::*;

        /// Words around the test glossary's names: clitics, harakat, tatweel,
        /// lam-alef, bidi marks, line breaks, markup-free punctuation.
        const WORDS: [&str; 16] = [
            "المااتا",
            "والمااتا",
            "للاتحاد الاوربي",
            "بالكريملين",
            "ألما اتا",
            "ألماتي",
            "المااتّا",
            "قرغيزستان",
            "في",
            "قَالَ",
            "الرئيـــس",
            "اﻻتحاد",
            "\u{200f}",
            "،",
            "\r\n",
            "\n",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// Fixing converges: after one `fix`, lint finds no safe fix and a
            /// second `fix` changes nothing.
            #[test]
            fn fix_then_lint_converges(idx in proptest::collection::vec(0usize..WORDS.len(), 0..24), bom: bool) {
                let text: String = idx.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
                let once = fix(&text, bom, InputFormat::Text);
                let body = once.fixed.strip_prefix('\u{feff}').unwrap_or(&once.fixed);
                prop_assert_eq!(body.strip_prefix('\u{feff}'), None);
                let twice = fix(body, bom, InputFormat::Text);
                prop_assert!(!twice.changed(), "second run changed {:?} to {:?}", once.fixed, twice.fixed);
                prop_assert!(twice.remaining.iter().all(|f| f.fix.as_ref().is_none_or(|x| !x.allowed(false))));
            }
        }
    }
}
