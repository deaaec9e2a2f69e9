//! Match keys built from normalised tokens.
//!
//! Two keys exist for every glossary form and every window of text:
//! - the *spaced* key: tokens joined by one space (`نور سلطان`), which decides
//!   whether a match is `normalized` (same words, same spacing);
//! - the *loose* key: tokens concatenated, with runs of alef collapsed to one
//!   (`نورسلطان`, `الماتا`), which makes matching insensitive to spaces and
//!   hyphens inside names: `ألما اتا` ≡ `ألماتا`, `نور-سلطان` ≡ `نورسلطان`.
//!   (Splitting ألماتا after its first alef writes that alef twice; collapsing
//!   alef runs undoes it.)

use crate::normalize::fold;
use crate::tokenize::tokenize;

/// Append `part` to a loose key, collapsing alef runs across the join.
pub fn push_loose(key: &mut String, part: &str) {
    // Alef is the bytes D8 A7; D8 only ever starts a character, so alefs are
    // found by a byte scan (parts are short: no searcher to set up).
    let b = part.as_bytes();
    // Most parts have no two alefs in a row, and do not start with an alef
    // where the key ends with one: nothing to collapse, the part goes in
    // whole. (The test is one predictable branch per byte, where the loop
    // below branches on every alef.)
    let double = b.windows(4).any(|w| w == [0xD8, 0xA7, 0xD8, 0xA7]);
    if !(double || b.starts_with(&[0xD8, 0xA7]) && key.ends_with('ا')) {
        key.push_str(part);
        return;
    }
    // Whole runs between alefs at once: an alef is pushed unless the key
    // already ends with one (the same as deciding char by char).
    let (mut start, mut i) = (0, 0);
    while i + 1 < b.len() {
        if b[i] == 0xD8 && b[i + 1] == 0xA7 {
            key.push_str(&part[start..i]);
            if !key.ends_with('ا') {
                key.push('ا');
            }
            i += 2;
            start = i;
        } else {
            i += 1;
        }
    }
    key.push_str(&part[start..]);
}

/// Loose key of a sequence of normalised token texts.
pub fn loose_key<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for p in parts {
        push_loose(&mut key, p);
    }
    key
}

/// Normalised token texts of a raw string (a glossary form).
pub fn form_tokens(raw: &str) -> Vec<String> {
    let folded = fold(raw);
    tokenize(&folded)
        .iter()
        .map(|t| folded[t.start..t.end].to_string())
        .collect()
}

/// (spaced key, loose key, token count) of a raw form: the tokens of
/// [`form_tokens`] joined by one space, and their [`loose_key`] (built from
/// the folded text directly: a 300,000-form glossary calls this for every
/// form).
pub fn form_keys(raw: &str) -> (String, String, usize) {
    let folded = fold(raw);
    let toks = tokenize(&folded);
    let mut spaced = String::with_capacity(folded.len());
    let mut loose = String::with_capacity(folded.len());
    for (i, t) in toks.iter().enumerate() {
        let text = &folded[t.start..t.end];
        if i > 0 {
            spaced.push(' ');
        }
        spaced.push_str(text);
        push_loose(&mut loose, text);
    }
    (spaced, loose, toks.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_keys_agree_with_form_tokens() {
        for raw in ["ألما اتا", "نور-سلطان", "Il-76", "مير24", "  ", "الـــماتا"]
        {
            let toks = form_tokens(raw);
            let (spaced, loose, n) = form_keys(raw);
            assert_eq!(spaced, toks.join(" "), "{raw}");
            assert_eq!(loose, loose_key(toks.iter().map(String::as_str)), "{raw}");
            assert_eq!(n, toks.len(), "{raw}");
        }
    }

    #[test]
    fn push_loose_equals_char_by_char() {
        let reference = |key: &str, part: &str| {
            let mut key = key.to_string();
            for c in part.chars() {
                if !(c == 'ا' && key.ends_with('ا')) {
                    key.push(c);
                }
            }
            key
        };
        let parts = [
            "",
            "ا",
            "اا",
            "الماتا",
            "ااب",
            "بااا",
            "x",
            "نور",
            "ألما",
            "اxا",
        ];
        for key in ["", "ا", "ب", "با"] {
            for a in parts {
                for b in parts {
                    let part = format!("{a}{b}");
                    let mut got = key.to_string();
                    push_loose(&mut got, &part);
                    assert_eq!(got, reference(key, &part), "{key:?} + {part:?}");
                }
            }
        }
    }

    #[test]
    fn spacing_and_hyphens_do_not_change_the_loose_key() {
        assert_eq!(form_keys("ألما اتا").1, form_keys("ألماتا").1);
        assert_eq!(form_keys("نور سلطان").1, form_keys("نورسلطان").1);
        assert_eq!(form_keys("نور-سلطان").1, form_keys("نورسلطان").1);
        assert_eq!(form_keys("Il-76").1, "il76");
    }

    #[test]
    fn spaced_key_keeps_word_boundaries() {
        assert_eq!(form_keys("نور-سلطان").0, "نور سلطان");
        assert_eq!(
            form_keys("  Organization of Turkic States ").0,
            "organization of turkic states"
        );
        assert_ne!(form_keys("ألما اتا").0, form_keys("ألماتا").0);
    }
}
