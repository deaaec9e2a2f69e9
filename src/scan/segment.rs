//! Cutting a document into segments that can be matched one at a time, so
//! that the matcher's working memory stays bounded on huge documents and
//! single huge lines (issue 5).

use unicode_normalization::char::decompose_compatible;

#[cfg(doc)]
use crate::matcher::Matcher;
use crate::normalize::{classify, CharClass};

/// Texts are matched in segments of about this many bytes, so the working
/// memory of the matcher (folded text, offset map, tokens) stays bounded
/// whatever the size of the document or of one of its lines.
pub const SEGMENT_LEN: usize = 1 << 20;

/// Split `text` into consecutive `(start, end)` ranges of at least `target`
/// bytes (the last may be shorter), cut only where no name can cross: after
/// a blank line, or after the spaces that follow sentence punctuation. A
/// segment grows past `target` until such a place comes (a text without any
/// is one segment). Matching each segment alone — from its
/// [`context_start`], keeping the matches that start in the segment, and
/// given the entities named in full anywhere in the text (see
/// [`Matcher::find_in_document`]) — finds exactly what matching the whole
/// text finds: a name never spans punctuation or a blank line, a link or
/// handle never spans a space, no mark follows the cut, and the words the
/// matcher looks back at are in the context.
pub fn segments(text: &str, target: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = target.max(1);
    while i < b.len() {
        if is_cut(text, i) {
            out.push((start, i));
            start = i;
            i += target.max(1);
        } else {
            i += 1;
        }
    }
    if start < b.len() || out.is_empty() {
        out.push((start, b.len()));
    }
    out
}

/// True when `text` may be cut before byte `i` (see [`segments`]).
fn is_cut(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    if !b[i - 1].is_ascii_whitespace() || b[i].is_ascii_whitespace() {
        return false;
    }
    if !starts_fresh(&text[i..]) {
        return false;
    }
    // Walk back over the whitespace run before `i`.
    let mut j = i;
    let mut newlines = 0;
    while j > 0 && b[j - 1].is_ascii_whitespace() {
        newlines += usize::from(b[j - 1] == b'\n');
        j -= 1;
    }
    if newlines >= 2 {
        return true;
    }
    let before = text[..j].chars().next_back();
    matches!(
        before,
        Some(
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | ')'
                | ']'
                | '}'
                | '"'
                | '»'
                | '«'
                | '،'
                | '؛'
                | '؟'
                | '۔'
        )
    )
}

/// True when the first character `rest` folds to (past invisible controls)
/// is kept: folding would attach a mark to the character before the cut.
fn starts_fresh(rest: &str) -> bool {
    for c in rest.chars() {
        let mut verdict = None;
        decompose_compatible(c, |d| {
            if verdict.is_none() {
                verdict = match classify(d) {
                    CharClass::Invisible => None,
                    CharClass::Mark => Some(false),
                    CharClass::Keep => Some(true),
                };
            }
        });
        if let Some(v) = verdict {
            return v;
        }
    }
    true
}

/// Words of context matched before a segment (and then dropped): the
/// matcher looks back a few words (a title such as الرئيس before a name
/// raises a fuzzy match's confidence, across punctuation).
const CONTEXT_WORDS: usize = 8;
/// At most this many bytes of context (then from the next word start).
const CONTEXT_BYTES: usize = 64 * 1024;

/// Where to start matching for a segment that begins at `at`: a few
/// whitespace-delimited words earlier, so that the matcher sees the same
/// words before the segment's first name as in the whole text. Matches that
/// start before `at` belong to the previous segment and are dropped.
pub fn context_start(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let floor = at.saturating_sub(CONTEXT_BYTES);
    let (mut p, mut words) = (at, 0);
    while p > floor && words < CONTEXT_WORDS {
        while p > floor && b[p - 1].is_ascii_whitespace() {
            p -= 1;
        }
        let end = p;
        while p > 0 && !b[p - 1].is_ascii_whitespace() {
            p -= 1;
        }
        if p < floor {
            // A word that runs past the byte budget: start after it.
            return end
                + b[end..at]
                    .iter()
                    .take_while(|c| !c.is_ascii_whitespace())
                    .count();
        }
        words += usize::from(text[p..end].chars().any(char::is_alphanumeric));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, target: usize) -> Vec<&str> {
        segments(text, target)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn cuts_only_after_punctuation_and_space_or_a_blank_line() {
        assert_eq!(
            pieces("نور سلطان. قال، ذلك\n\nثم", 1),
            ["نور سلطان. ", "قال، ", "ذلك\n\n", "ثم"]
        );
        // No cut between the words of a possible name, nor after one line break.
        assert_eq!(pieces("نور سلطان\nنزارباييف", 1), ["نور سلطان\nنزارباييف"]);
    }

    #[test]
    fn never_cuts_before_a_mark_and_covers_the_text() {
        // A fathatan presentation form after the space folds to a mark.
        assert_eq!(pieces("قال. \u{FE71}ب", 1), ["قال. \u{FE71}ب"]);
        assert_eq!(pieces("", 4), [""]);
        let text = "a. b. c. d";
        let segs = segments(text, 3);
        assert_eq!(segs.first().unwrap().0, 0);
        assert_eq!(segs.last().unwrap().1, text.len());
        assert!(segs.windows(2).all(|w| w[0].1 == w[1].0));
    }

    #[test]
    fn context_reaches_back_a_few_words_from_a_word_start() {
        let text = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10. name";
        let at = text.find("name").unwrap();
        assert_eq!(
            &text[context_start(text, at)..at],
            "w3 w4 w5 w6 w7 w8 w9 w10. "
        );
        assert_eq!(context_start(text, 3), 0);
        // Punctuation alone is not a word.
        let short = "a - - b. c";
        assert_eq!(&short[context_start(short, 9)..9], "a - - b. ");
    }
}
