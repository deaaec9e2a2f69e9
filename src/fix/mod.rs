//! Fixes as data, and the one function that applies them.
//!
//! A rule that knows how to correct what it found attaches a [`Fix`]: one or
//! more [`Edit`]s (a byte span of the file and its replacement) with an
//! [`Applicability`]. Nothing is rewritten until [`apply`] runs, which sorts
//! the fixes, skips any whose edits overlap an edit already taken, and copies
//! every byte outside the edits verbatim. [`orthography`] builds replacement
//! text that stays right next to Arabic proclitics.

pub mod diff;
pub mod document;
pub mod orthography;

use std::collections::BTreeMap;

use serde::Serialize;

/// Replace the bytes `start..end` of a file with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Start (inclusive), a byte offset in the file as stored.
    #[serde(rename = "byte_start")]
    pub start: usize,
    /// End (exclusive).
    #[serde(rename = "byte_end")]
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// How safe it is to apply a fix without a human looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Unambiguous: a listed deprecated or superseded spelling to its replacement.
    Safe,
    /// Probably right but may change meaning (a fuzzy match, an admitted form): `--unsafe`.
    Unsafe,
    /// Shown as a suggestion, never applied (e.g. a span that covers markup).
    DisplayOnly,
}

impl Applicability {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A set of edits applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The edits (non-overlapping).
    pub edits: Vec<Edit>,
    /// How safe.
    pub applicability: Applicability,
}

impl Fix {
    /// One replacement.
    pub fn replace(
        start: usize,
        end: usize,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Self {
        Self {
            edits: vec![Edit {
                start,
                end,
                replacement: replacement.into(),
            }],
            applicability,
        }
    }

    /// True when `fix` may apply it: safe, or unsafe with `unsafe_fixes`.
    pub fn allowed(&self, unsafe_fixes: bool) -> bool {
        match self.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }

    fn start(&self) -> usize {
        self.edits.iter().map(|e| e.start).min().unwrap_or(0)
    }
}

/// The result of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// Fixes applied.
    pub applied: usize,
    /// Fixes skipped (overlapping an earlier one, or out of bounds).
    pub skipped: usize,
}

/// Apply `fixes` to `text` (the whole file, offsets as in [`Edit`]).
///
/// Fixes are taken in order of their first edit (ties: in the order given); a
/// fix is skipped whole when any of its edits overlaps an edit already taken,
/// falls outside the text or off a character boundary, or when two of its own
/// edits overlap. Bytes outside the taken edits are copied verbatim.
pub fn apply<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Applied {
    let mut fixes: Vec<&Fix> = fixes.into_iter().collect();
    fixes.sort_by_key(|f| f.start());
    // Taken edits by start → (end, index into `taken_edits`).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let (mut applied, mut skipped) = (0, 0);
    for fix in fixes {
        let mut own: Vec<&Edit> = fix.edits.iter().collect();
        own.sort_by_key(|e| (e.start, e.end));
        let valid = !own.is_empty()
            && own.iter().all(|e| {
                e.start <= e.end
                    && e.end <= text.len()
                    && text.is_char_boundary(e.start)
                    && text.is_char_boundary(e.end)
            })
            && own
                .windows(2)
                .all(|w| !overlaps((w[0].start, w[0].end), (w[1].start, w[1].end)))
            && own.iter().all(|e| !conflicts(&taken, e.start, e.end));
        if !valid {
            skipped += 1;
            continue;
        }
        for e in own {
            taken.insert(e.start, e.end);
            edits.push(e);
        }
        applied += 1;
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.start]);
        out.push_str(&e.replacement);
        at = e.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied,
        skipped,
    }
}

/// Two ranges overlap, or are insertions at the same point (their order would be arbitrary).
fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    (a.0 < b.1 && b.0 < a.1) || a.0 == b.0
}

fn conflicts(taken: &BTreeMap<usize, usize>, start: usize, end: usize) -> bool {
    if let Some((&s, &e)) = taken.range(..=start).next_back() {
        if overlaps((s, e), (start, end)) {
            return true;
        }
    }
    taken
        .range(start..)
        .next()
        .is_some_and(|(&s, &e)| overlaps((s, e), (start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fix(s: usize, e: usize, r: &str) -> Fix {
        Fix::replace(s, e, r, Applicability::Safe)
    }

    #[test]
    fn applies_in_order_and_copies_the_rest() {
        let text = "\u{feff}في المااتا\r\nوفي المااتا\n";
        let a = text.find("المااتا").unwrap();
        let b = text.rfind("المااتا").unwrap();
        let fixes = [
            fix(b, b + "المااتا".len(), "ألماتي"),
            fix(a, a + "المااتا".len(), "ألماتي"),
        ];
        let out = apply(text, &fixes);
        assert_eq!(out.text, "\u{feff}في ألماتي\r\nوفي ألماتي\n");
        assert_eq!((out.applied, out.skipped), (2, 0));
    }

    #[test]
    fn overlapping_fixes_are_skipped() {
        let fixes = [
            fix(0, 4, "x"),
            fix(2, 6, "y"),
            fix(6, 6, "!"),
            fix(6, 6, "?"),
        ];
        let out = apply("abcdefgh", &fixes);
        assert_eq!(out.text, "xef!gh");
        assert_eq!((out.applied, out.skipped), (2, 2));
    }

    #[test]
    fn invalid_edits_are_skipped_not_panicking() {
        let fixes = [fix(0, 1, "x"), fix(3, 99, "y"), fix(5, 2, "z")];
        let out = apply("ألف", &fixes);
        assert_eq!(out.text, "ألف");
        assert_eq!(out.skipped, 3);
    }

    #[test]
    fn multi_edit_fixes_are_all_or_nothing() {
        let two = Fix {
            edits: vec![
                Edit {
                    start: 0,
                    end: 1,
                    replacement: "A".into(),
                },
                Edit {
                    start: 4,
                    end: 5,
                    replacement: "E".into(),
                },
            ],
            applicability: Applicability::Safe,
        };
        // `two` loses on its first edit, so its second one is not applied either.
        let out = apply("abcdef", [&fix(0, 2, "Z"), &two]);
        assert_eq!(out.text, "Zcdef");
        assert_eq!((out.applied, out.skipped), (1, 1));
    }

    proptest! {
        /// Disjoint fixes given in any order all apply, and every byte outside
        /// them is copied verbatim.
        #[test]
        fn disjoint_fixes_apply_in_any_order(
            text in "[a-zأبت \r\n]{0,40}",
            cuts in proptest::collection::btree_set(0usize..41, 0..8),
            reps in proptest::collection::vec("[xyز]{0,3}", 4),
            rotate in 0usize..4,
        ) {
            // Char-boundary cut points, paired into disjoint ranges.
            let bounds: Vec<usize> = cuts
                .into_iter()
                .filter_map(|c| text.char_indices().map(|(i, _)| i).chain([text.len()]).nth(c))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let ranges: Vec<(usize, usize)> = bounds.chunks_exact(2).map(|w| (w[0], w[1])).collect();
            let fixes: Vec<Fix> = ranges
                .iter()
                .enumerate()
                .map(|(i, &(s, e))| fix(s, e, &reps[i % reps.len()]))
                .collect();
            let mut expect = String::new();
            let mut at = 0;
            for (i, &(s, e)) in ranges.iter().enumerate() {
                expect.push_str(&text[at..s]);
                expect.push_str(&reps[i % reps.len()]);
                at = e;
            }
            expect.push_str(&text[at..]);
            let mut shuffled: Vec<&Fix> = fixes.iter().collect();
            let n = shuffled.len().max(1);
            shuffled.rotate_left(rotate % n);
            let out = apply(&text, shuffled);
            prop_assert_eq!(out.text, expect);
            prop_assert_eq!(out.applied, fixes.len());
        }
    }
}
