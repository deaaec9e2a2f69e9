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
pub const FACTS_CACHE_MAX: usize = 250_000;

/// What the passes need of one distinct token text, computed once per
/// scratch: its facts, its clitic readings, which readings may start a fuzzy
/// window, and where each reading's loose key falls in the exact index.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TokenInfo {
    /// The flags.
    pub facts: TokenFacts,
    /// The clitic readings (Arabic; the plain reading alone otherwise).
    pub readings: clitic::Readings,
    /// Bit `k`: reading `k` may start a fuzzy window (it strips no article and
    /// its word is not ruled out by the frequent-word guard).
    pub fuzzy_readings: u16,
    /// With [`TokenFacts::exact_start`]: index in [`TokenTable::exact`] of the
    /// first of one entry per reading.
    pub exact_at: u32,
    /// With `fuzzy_readings`: index in [`TokenTable::singles`] of the first
    /// of one entry per reading.
    pub single_at: u32,
}

/// The range of sorted exact keys that start with one reading's loose key,
/// and whether that key is itself a key ([`FormIndex::prefix_range`]).
///
/// [`FormIndex::prefix_range`]: crate::glossary::index::FormIndex::prefix_range
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ExactStart {
    pub lo: u32,
    pub hi: u32,
    pub is_key: bool,
}

/// Distinct token texts of a scratch, each with an id and its [`TokenInfo`].
#[derive(Debug, Default)]
pub(crate) struct TokenTable {
    ids: crate::strmap::StrMap,
    /// By id.
    pub infos: Vec<TokenInfo>,
    /// See [`TokenInfo::exact_at`].
    pub exact: Vec<ExactStart>,
    /// The fuzzy decision on the one-word window of each reading of a token
    /// (see [`TokenInfo::single_at`]): [`UNDECIDED`] until made, then as in
    /// the scratch's fuzzy cache (which is emptied only with this table).
    pub singles: Vec<std::cell::Cell<u32>>,
    /// Buffers of [`Matcher::token_info`]: a reading's loose key and word.
    key: String,
    word: String,
}

/// A one-word window not decided yet ([`TokenTable::singles`]).
pub(crate) const UNDECIDED: u32 = u32::MAX - 1;

impl TokenTable {
    /// Forget every token (ids are reused afterwards).
    pub fn clear(&mut self) {
        self.ids.clear();
        self.infos.clear();
        self.exact.clear();
        self.singles.clear();
    }

    /// Number of distinct tokens.
    pub fn len(&self) -> usize {
        self.infos.len()
    }
}

impl Matcher<'_> {
    /// Everything [`TokenInfo`] holds about token text `t`; the exact ranges
    /// of its readings are appended to `exact`.
    pub(crate) fn token_info(
        &self,
        t: &str,
        script: Script,
        exact: &mut Vec<ExactStart>,
        (key, word): (&mut String, &mut String),
    ) -> TokenInfo {
        let mut info = TokenInfo {
            readings: clitic::Readings::plain(),
            exact_at: u32::MAX,
            single_at: u32::MAX,
            ..TokenInfo::default()
        };
        let f = &mut info.facts;
        if script == Script::Digit {
            // A digit run never starts a name (`can_start`), and never ends a
            // fuzzy window, which holds Arabic tokens only.
            f.fuzzy_stop = true;
            return info;
        }
        if script == Script::Arabic {
            info.readings = clitic::readings(t);
        }
        let mut ranges = [ExactStart::default(); clitic::MAX_READINGS];
        for (k, s) in info.readings.as_slice().iter().enumerate() {
            let rest = &t[s.skip()..];
            key.clear();
            push_loose(key, s.restore());
            push_loose(key, rest);
            let (r, is_key) = self.index.prefix_range(key, 0..self.index.len());
            ranges[k] = ExactStart {
                lo: r.start as u32,
                hi: r.end as u32,
                is_key,
            };
            f.exact_start |= !r.is_empty();
            if script != Script::Arabic {
                continue;
            }
            word.clear();
            word.push_str(s.restore());
            word.push_str(rest);
            f.long_start |= self.long_forms.firsts.contains(word.as_str());
            f.surname |= !self.surnames.get(word).is_empty();
            // Fuzzy readings never strip an article (see `fuzzy_at`).
            if !s.strips_article(t) && !self.hopeless(word) {
                f.fuzzy_start = true;
                info.fuzzy_readings |= 1 << k;
            }
        }
        f.fuzzy_stop = script != Script::Arabic || self.hopeless(t);
        if f.exact_start {
            info.exact_at = exact.len() as u32;
            exact.extend_from_slice(&ranges[..info.readings.as_slice().len()]);
        }
        info
    }

    /// The id of every token of a document, from the table (new tokens are
    /// added), and their facts.
    pub(crate) fn all_facts(
        &self,
        text: &str,
        toks: &[crate::tokenize::Token],
        table: &mut TokenTable,
        ids: &mut Vec<u32>,
        facts: &mut Vec<TokenFacts>,
    ) {
        ids.clear();
        facts.clear();
        ids.reserve(toks.len());
        facts.reserve(toks.len());
        for tk in toks {
            let t = &text[tk.start..tk.end];
            let id = match table.ids.get(t) {
                Some(id) => id,
                None => {
                    let buffers = (&mut table.key, &mut table.word);
                    let mut info = self.token_info(t, tk.script, &mut table.exact, buffers);
                    if info.fuzzy_readings != 0 {
                        info.single_at = table.singles.len() as u32;
                        let n = info.readings.as_slice().len();
                        table
                            .singles
                            .extend((0..n).map(|_| std::cell::Cell::new(UNDECIDED)));
                    }
                    let id = table.infos.len() as u32;
                    table.infos.push(info);
                    table.ids.insert_new(t, id);
                    id
                }
            };
            ids.push(id);
            facts.push(table.infos[id as usize].facts);
        }
    }
}
