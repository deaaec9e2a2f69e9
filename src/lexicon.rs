//! The frequent-word guard: ordinary Arabic words that fuzzy matching must
//! never turn into names (آسيا must never become روسيا).
//!
//! The list is `data/ar_frequent_words.txt`, the 30,382 most frequent Arabic
//! words of wordfreq 3.1.1 (CC BY-SA 4.0; see `data/README.md`), embedded in
//! the binary and folded with the same profile as the text.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::normalize::fold;

const RAW: &str = include_str!("../data/ar_frequent_words.txt");

/// Folded frequent words with their rank (1 = most frequent).
pub struct Lexicon {
    words: HashSet<String>,
}

impl Lexicon {
    /// The embedded list.
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(RAW))
    }

    /// Parse a list (one word per line, `#` comments).
    pub fn parse(raw: &str) -> Self {
        let words = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold)
            .collect();
        Self { words }
    }

    /// True when the folded word `w` is a frequent ordinary word.
    pub fn is_frequent(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// The folded words, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// Number of distinct folded words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_guards_common_words() {
        let lex = Lexicon::embedded();
        assert!(lex.len() > 25_000);
        assert!(lex.is_frequent(&fold("آسيا")));
        assert!(lex.is_frequent(&fold("الأمن")));
        assert!(!lex.is_frequent(&fold("قرغيزستان")));
    }
}
