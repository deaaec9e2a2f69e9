//! The frequent-word guard: ordinary Arabic words that fuzzy matching must
//! never turn into names (آسيا must never become روسيا).
//!
//! The list is `data/ar_frequent_words.txt`, the 30,382 most frequent Arabic
//! words of wordfreq 3.1.1 (CC BY-SA 4.0; see `data/README.md`), embedded in
//! the binary and folded with the same profile as the text.

use rustc_hash::FxHashMap as HashMap;
use std::hash::BuildHasher;

use crate::keyfilter::KeyFilter;
use std::sync::OnceLock;

use crate::normalize::fold;

const RAW: &str = include_str!("../data/ar_frequent_words.txt");

/// Rank up to which a word counts as *very* frequent: ordinary vocabulary
/// (and the few names every article uses) that fuzzy matching never touches.
/// Words ranked below it are still frequent: fuzzy matching may link them
/// only on near-identical spellings (see `matcher::fuzzy`).
pub const VERY_FREQUENT_RANK: usize = 5000;

/// Folded frequent words with their rank (1 = most frequent).
pub struct Lexicon {
    words: HashMap<String, usize>,
    /// The hashes of `words`: most words asked about (each new token and
    /// each of its clitic readings) are not in the list, and are ruled out
    /// without the map's cache misses.
    filter: KeyFilter,
}

/// The hash of a word in [`Lexicon::filter`].
fn word_hash(w: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(w)
}

impl Lexicon {
    /// The embedded list.
    pub fn embedded() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| Lexicon::parse(RAW))
    }

    /// Parse a list (one word per line, `#` comments).
    pub fn parse(raw: &str) -> Self {
        let mut words = HashMap::default();
        for (i, w) in raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .enumerate()
        {
            words.entry(fold(w)).or_insert(i + 1);
        }
        let mut filter = KeyFilter::with_keys(words.len());
        words.keys().for_each(|w| filter.insert(word_hash(w)));
        Self { words, filter }
    }

    /// Rank of the folded word `w` (1 = most frequent), if listed.
    pub fn rank(&self, w: &str) -> Option<usize> {
        if !self.filter.may_contain(word_hash(w)) {
            return None;
        }
        self.words.get(w).copied()
    }

    /// True when the folded word `w` is a frequent ordinary word.
    pub fn is_frequent(&self, w: &str) -> bool {
        self.rank(w).is_some()
    }

    /// True when `w` is among the [`VERY_FREQUENT_RANK`] most frequent words.
    pub fn is_very_frequent(&self, w: &str) -> bool {
        self.rank(w).is_some_and(|r| r <= VERY_FREQUENT_RANK)
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
        assert!(lex.is_very_frequent(&fold("آسيا")));
        assert!(lex.is_frequent(&fold("كازاخستان")) && !lex.is_very_frequent(&fold("كازاخستان")));
    }

    #[test]
    fn the_filter_hides_no_listed_word() {
        // Every word of the list keeps its rank through the filter (the
        // first rank of a word listed twice once folded), and words that are
        // not listed have none.
        let lex = Lexicon::embedded();
        let mut seen = std::collections::HashSet::new();
        let listed = RAW
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (i, w) in listed.enumerate() {
            let w = fold(w);
            if seen.insert(w.clone()) {
                assert_eq!(lex.rank(&w), Some(i + 1), "{w}");
            }
        }
        for w in ["قرغيزستان", "توكاييف", "xyz", ""] {
            let w = fold(w);
            assert_eq!(lex.rank(&w), lex.words.get(&w).copied(), "{w}");
        }
    }
}
