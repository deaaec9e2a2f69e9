//! What the matcher knows about a token from its text alone, computed once
//! per distinct token and cached in the [`MatchScratch`](super::MatchScratch).
//!
//! Ordinary text repeats a few thousand words; the passes of the matcher ask
//! the same questions about each occurrence (can a glossary form start here?
//! is this a surname? could a fuzzy match start here?). The answers depend on
//! the token's text only, so each distinct token is asked once and every
//! occurrence reads a few flags. The flags are necessary conditions: a pass
//! skips a token only where its full check could not succeed, so results are
//! the same as without them.

use crate::key::push_loose;
use crate::matcher::{clitic, Matcher};
use crate::tokenize::Script;

/// Flags of one token text (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenFacts {
    /// Some reading (clitics removed or not) is a prefix of a form's loose key.
    pub exact_start: bool,
    /// Some reading is the first word of an Arabic form of three words or more.
    pub long_start: bool,
    /// Some reading is a known surname.
    pub surname: bool,
    /// Some reading is not ruled out for fuzzy matching by the frequent-word guard.
    pub fuzzy_start: bool,
    /// The token, as a later word of a window, rules out any fuzzy match of that window.
    pub fuzzy_stop: bool,
}

/// Most distinct tokens remembered per scratch before the cache is emptied.
pub const FACTS_CACHE_MAX: usize = 200_000;

impl Matcher<'_> {
    /// The facts about token text `t` of script `script` (normalised).
    pub(crate) fn token_facts(&self, t: &str, script: Script) -> TokenFacts {
        let mut f = TokenFacts::default();
        if script == Script::Digit {
            // A digit run never starts a name (`can_start`), and never ends a
            // fuzzy window, which holds Arabic tokens only.
            f.fuzzy_stop = true;
            return f;
        }
        let splits = if script == Script::Arabic {
            clitic::splits(t)
        } else {
            clitic::splits("")
        };
        let mut key = String::new();
        let mut word = String::new();
        for s in &splits {
            let rest = &t[s.skip..];
            key.clear();
            push_loose(&mut key, s.restore);
            push_loose(&mut key, rest);
            f.exact_start |= self.index.has_prefix(&key);
            if script != Script::Arabic {
                continue;
            }
            word.clear();
            word.push_str(s.restore);
            word.push_str(rest);
            f.long_start |= self.long_forms.contains_key(word.as_str());
            f.surname |= !self.surnames.get(&word).is_empty();
            // Fuzzy readings never strip an article (see `fuzzy_at`).
            if !s.clitic.ends_with("ال") {
                f.fuzzy_start |= !self.hopeless(&word);
            }
        }
        f.fuzzy_stop = script != Script::Arabic || self.hopeless(t);
        f
    }

    /// The facts of every token of a document, from the scratch's cache.
    pub(crate) fn all_facts(
        &self,
        text: &str,
        toks: &[crate::tokenize::Token],
        cache: &mut rustc_hash::FxHashMap<Box<str>, TokenFacts>,
    ) -> Vec<TokenFacts> {
        toks.iter()
            .map(|tk| {
                let t = &text[tk.start..tk.end];
                if let Some(f) = cache.get(t) {
                    return *f;
                }
                let f = self.token_facts(t, tk.script);
                if cache.len() >= FACTS_CACHE_MAX {
                    cache.clear();
                }
                cache.insert(t.into(), f);
                f
            })
            .collect()
    }
}
