//! Unified diffs of a fix, for review before `--write` (via `similar`).

use similar::TextDiff;

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, three lines of context) from
/// `old` to `new`; empty when they are equal. Line endings are part of the
/// lines, so a CRLF file shows as CRLF, and a missing final newline is marked.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_only() {
        let d = unified("x.txt", "a\nفي المااتا\nc\n", "a\nفي ألماتي\nc\n");
        assert_eq!(
            d,
            "--- a/x.txt\n+++ b/x.txt\n@@ -1,3 +1,3 @@\n a\n-في المااتا\n+في ألماتي\n c\n"
        );
        assert_eq!(unified("x", "same", "same"), "");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = unified("x", "المااتا", "ألماتي");
        assert!(d.contains("\\ No newline at end of file"), "{d}");
    }
}
