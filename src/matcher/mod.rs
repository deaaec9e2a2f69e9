//! Finding glossary names in text.
//!
//! Two passes over the tokens of the normalised text:
//! 1. **exact**: every token may start a window of up to `max_tokens + 2`
//!    tokens (a one-word form may be written as two words and vice versa);
//!    the first token is read with and without its proclitics; the window's
//!    loose key is looked up in the [`FormIndex`]. Leftmost-longest wins and
//!    matches never overlap (روسيا البيضاء is Belarus, not Russia).
//! 2. **fuzzy**: tokens no exact match covered are compared with the forms
//!    the skeleton index proposes ([`fuzzy`]).
//!
//! Matches carry byte offsets into the *original* text, never the folded one.

pub mod clitic;
pub mod context;
pub mod explain;
pub mod facts;
pub mod fuzzy;
pub mod similarity;

use std::collections::HashSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::glossary::cache::codec::Encoder;
use crate::glossary::index::FormIndex;
use crate::glossary::Glossary;
use crate::key::push_loose;
use crate::lexicon::Lexicon;
use crate::normalize::{normalize, Normalized};
use crate::tokenize::{tokenize, Script, Token};
use fuzzy::FuzzyIndex;

/// Score from which a fuzzy match of a (moderately) frequent word is allowed.
pub const NEAR_IDENTICAL: f64 = 0.9;

/// How a match was made.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// Same letters as a glossary form (vowel marks ignored).
    Exact,
    /// Same after orthographic folding (hamza seats, ى/ي, ة/ه, …).
    Normalized,
    /// Same once spaces and hyphens inside the name are ignored.
    Spacing,
    /// A Latin-script name matched against a non-Arabic form.
    Latin,
    /// A person's surname standing alone (derived from a full-name form).
    Surname,
    /// An unlisted spelling close to a glossary form.
    Fuzzy,
}

impl MatchKind {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::Spacing => "spacing",
            MatchKind::Latin => "latin",
            MatchKind::Surname => "surname",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// A match in a text, in byte offsets of that text.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Start (inclusive) of the name, clitics excluded.
    pub start: usize,
    /// End (exclusive), including the last letter's vowel marks.
    pub end: usize,
    /// Entity index.
    pub entity: usize,
    /// The glossary form that matched (for fuzzy: the closest form).
    pub form: usize,
    /// How.
    pub kind: MatchKind,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Proclitic letters removed from the first word (normalised), e.g. `و`, `بال`.
    pub clitic: String,
    /// The name's article alef was elided by ل + ال → لل.
    pub elided_article: bool,
    /// Why (fuzzy: the edits that separate the spellings).
    pub reason: String,
    /// Other entities that matched about as well (ambiguous fuzzy match).
    pub rivals: Vec<usize>,
}

/// Matcher options.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    /// Run the fuzzy stage.
    pub fuzzy: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self { fuzzy: true }
    }
}

/// Reusable per-thread state of a [`Matcher`]: buffers, and a cache of
/// fuzzy decisions per distinct key (a name is decided once per thread, not
/// once per occurrence). Pass the same scratch to [`Matcher::find_with`] for
/// every document a thread scans; it may be shared by several matchers (it
/// forgets its cache when the matcher changes).
#[derive(Debug, Default)]
pub struct MatchScratch {
    matcher: u64,
    /// Distinct tokens with what the passes need of them.
    tokens: facts::TokenTable,
    /// Fuzzy decisions.
    cache: FuzzyCache,
    /// Matches of the last call dropped by a qualifier, with it.
    dropped: Vec<(Match, String)>,
    bounds: CacheBounds,
}

/// How much the caches of a scratch hold before they forget: the constants
/// ([`facts::FACTS_CACHE_MAX`], [`DECISION_CACHE_MAX`]), smaller in tests.
#[derive(Debug, Clone, Copy)]
struct CacheBounds {
    tokens: usize,
    decisions: usize,
}

impl Default for CacheBounds {
    fn default() -> Self {
        Self {
            tokens: facts::FACTS_CACHE_MAX,
            decisions: DECISION_CACHE_MAX,
        }
    }
}

/// No decision (no accepted candidate), in the caches of [`FuzzyCache`].
const NO_DECISION: u32 = u32::MAX;

/// The fuzzy decisions of a scratch, each an index into `decided` or
/// [`NO_DECISION`]: those of one-word windows by loose key (so tokens that
/// read the same, such as روسيا and وروسيا, share one), those of longer
/// windows by the token ids and reading that spell them ([`window_id`]: no
/// key is written or hashed to find a decision made before).
#[derive(Debug, Default)]
struct FuzzyCache {
    fuzzy: fuzzy::FuzzyScratch,
    /// By key, `[without article, with article]`.
    by_key: [crate::strmap::StrMap; 2],
    /// By [`window_id`]; valid as long as the token table that gave the ids
    /// (emptied with it).
    by_window: HashMap<u64, u32>,
    decided: Vec<Decided>,
    /// Multi-word windows whose probe failed, by [`window_id`], one per
    /// slot ([`failed_slot`]; [`NO_WINDOW`] when empty), valid as long as
    /// `by_window`: a third of the probes at 100 entities are of a window
    /// seen shortly before (a phrase that recurs). Allocated at the first
    /// failure.
    failed: Vec<u64>,
    /// Buffer for a window's loose key.
    key: String,
}

/// Slots of [`FuzzyCache::failed`] (512 KiB).
const FAILED_SLOTS: usize = 1 << 16;

/// An empty slot of [`FuzzyCache::failed`]: no window id (a window id's
/// first token id is below the "no token" value, so its top bits are never
/// all set).
const NO_WINDOW: u64 = u64::MAX;

/// The slot of window id `w` in [`FuzzyCache::failed`].
fn failed_slot(w: u64) -> usize {
    (w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FAILED_SLOTS.trailing_zeros())) as usize
}

/// An accepted fuzzy decision with the parts of its matches.
#[derive(Debug)]
struct Decided {
    decision: fuzzy::Decision,
    /// The reason of a match (without a title).
    reason: String,
    /// Rival entities.
    rivals: Vec<usize>,
}

impl FuzzyCache {
    fn clear(&mut self) {
        self.by_key
            .iter_mut()
            .for_each(crate::strmap::StrMap::clear);
        self.forget_windows();
        self.decided.clear();
    }

    /// Forget the decisions by token ids (the token table is emptied).
    fn forget_windows(&mut self) {
        self.by_window.clear();
        self.failed.fill(NO_WINDOW);
    }

    /// Keep the decisions by key that were asked for again since they were
    /// made (names that recur), forget the others (windows seen once) and
    /// those by token ids, and renumber the kept ones. The token table's
    /// one-word decisions point into `decided`: the caller empties it.
    fn keep_recurring(&mut self) {
        self.forget_windows();
        let mut kept: Vec<Decided> = Vec::new();
        let mut old = std::mem::take(&mut self.decided)
            .into_iter()
            .map(Some)
            .collect::<Vec<_>>();
        for map in &mut self.by_key {
            map.keep_read(|d| {
                if d == NO_DECISION {
                    return d;
                }
                match old[d as usize].take() {
                    Some(dec) => {
                        kept.push(dec);
                        (kept.len() - 1) as u32
                    }
                    // (Two keys with one decision: not made that way.)
                    None => NO_DECISION,
                }
            });
        }
        self.decided = kept;
    }

    /// Entries held: the larger of the decisions cached and the accepted
    /// decisions kept (those of forgotten windows stay in `decided` until it
    /// is renumbered), so that both stay bounded.
    fn len(&self) -> usize {
        (self.by_key[0].len() + self.by_key[1].len() + self.by_window.len()).max(self.decided.len())
    }
}

/// Bits of a token id in a [`window_id`].
const WINDOW_ID_BITS: u32 = 20;

/// The id of the window of tokens `i..=j` (two or three tokens) read with
/// reading `reading` of token `i`, from the token ids: what decides it (the
/// words and the reading) in one integer. `None` when an id does not fit
/// (a document of a million distinct words): that window is not cached.
fn window_id(ids: &[u32], i: usize, j: usize, reading: usize) -> Option<u64> {
    // The last id value stands for "no third token".
    const NONE: u64 = (1 << WINDOW_ID_BITS) - 1;
    let id = |k: usize| {
        let v = u64::from(ids[k]);
        (v < NONE).then_some(v)
    };
    let third = if j > i + 1 { id(i + 2)? } else { NONE };
    debug_assert!(j <= i + 2 && reading < 16);
    Some(
        (id(i)? << (2 * WINDOW_ID_BITS) | id(i + 1)? << WINDOW_ID_BITS | third) << 4
            | reading as u64,
    )
}

/// Most cached fuzzy decisions kept per scratch (both article flags) before
/// the decisions made once and never asked for again are forgotten (the
/// recurring ones are kept; the whole cache is emptied if they alone fill
/// half of it): memory stays bounded on any corpus.
pub const DECISION_CACHE_MAX: usize = 750_000;

// The token table's ids must fit a window id: were the table allowed to
// reach the id limit, most windows of a large document would go uncached.
const _: () = assert!(facts::FACTS_CACHE_MAX < (1 << WINDOW_ID_BITS) - 1);

impl MatchScratch {
    /// Matches the last `find…_with` call dropped because a qualifier right
    /// after them makes another name ([`Matcher::qualified_by`]), each with
    /// that qualifier (normalised).
    pub fn dropped(&self) -> &[(Match, String)] {
        &self.dropped
    }

    /// Ready for a call of matcher `id`: forget what another matcher
    /// cached, and keep the caches bounded (emptied between calls only, so
    /// token ids stay valid during one).
    fn for_matcher(&mut self, id: u64) {
        if self.matcher != id {
            self.matcher = id;
            self.cache.clear();
            self.tokens.clear();
        }
        if self.tokens.len() >= self.bounds.tokens {
            self.tokens.clear();
            self.cache.forget_windows();
        }
        if self.cache.len() >= self.bounds.decisions {
            // (The token table holds decisions of one-word windows.)
            self.cache.keep_recurring();
            self.tokens.clear();
            if self.cache.len() >= self.bounds.decisions / 2 {
                self.cache.clear();
            }
        }
    }
}

/// The exact and fuzzy indexes of a glossary, as read from the
/// [compiled-glossary cache](crate::glossary::cache) (the other parts of a
/// [`Matcher`] take milliseconds to build).
/// ([`Matcher::encode_exact`] and [`Matcher::encode_fuzzy`] write them.)
#[derive(Debug)]
pub struct Indexes {
    pub(crate) exact: FormIndex,
    pub(crate) fuzzy: FuzzyIndex,
}

static NEXT_MATCHER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A glossary compiled for matching.
pub struct Matcher<'g> {
    id: u64,
    glossary: &'g Glossary,
    index: FormIndex,
    fuzzy: FuzzyIndex,
    /// Rules out most multi-word fuzzy windows of a small glossary before
    /// their skeleton's variants are hashed (none for a large one).
    window_filter: Option<fuzzy::WindowFilter>,
    surnames: context::Surnames<'g>,
    /// Arabic forms of three or more words, for the word pass.
    long_forms: LongForms<'g>,
    lexicon: &'static Lexicon,
    /// The very frequent words that are a word of some Arabic form: any
    /// other very frequent word rules out a fuzzy match of any window that
    /// contains it.
    frequent_form_words: FxHashSet<&'g str>,
    /// [`context::QUALIFIERS`], normalised.
    qualifiers: FxHashSet<String>,
    options: MatchOptions,
}

/// The longest exact window at a token ([`Matcher::exact_at`]): tokens
/// `first..=last`, the first read with `split`, whose loose key is key `at`
/// of the exact index (its forms of the window's script are the candidates).
struct Window {
    first: usize,
    last: usize,
    split: clitic::Reading,
    at: usize,
}

impl<'g> Matcher<'g> {
    /// Compile `glossary`.
    pub fn new(glossary: &'g Glossary, options: MatchOptions) -> Self {
        Self::build(glossary, options, None)
    }

    /// [`new`](Self::new) with the exact and fuzzy indexes given (read from
    /// the [compiled-glossary cache](crate::glossary::cache)): the same
    /// matcher, without building them.
    pub fn with_indexes(glossary: &'g Glossary, options: MatchOptions, indexes: Indexes) -> Self {
        Self::build(glossary, options, Some(indexes))
    }

    fn build(glossary: &'g Glossary, options: MatchOptions, indexes: Option<Indexes>) -> Self {
        // The indexes are independent: built side by side on the current
        // rayon pool (one thread in a one-thread pool). Same result either way.
        // (The lexicon is read after the fuzzy index, whose build is the
        // peak of memory, as before.)
        let lexicon = Lexicon::embedded;
        let both = || match indexes {
            Some(i) => (i.exact, i.fuzzy),
            None => rayon::join(|| FormIndex::new(glossary), || FuzzyIndex::new(glossary)),
        };
        let ((index, fuzzy), ((surnames, window_filter), (long_forms, frequent_form_words))) =
            rayon::join(both, || {
                rayon::join(
                    || {
                        (
                            context::Surnames::new(glossary, lexicon()),
                            fuzzy::WindowFilter::new(glossary),
                        )
                    },
                    || {
                        let words: FxHashSet<&str> = glossary
                            .forms
                            .iter()
                            .filter(|f| f.is_arabic())
                            .flat_map(|f| f.spaced.split(' '))
                            .filter(|w| lexicon().is_very_frequent(w))
                            .collect();
                        (LongForms::new(glossary), words)
                    },
                )
            });
        Self {
            id: NEXT_MATCHER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            glossary,
            index,
            fuzzy,
            window_filter,
            surnames,
            long_forms,
            lexicon: lexicon(),
            frequent_form_words,
            qualifiers: context::QUALIFIERS
                .iter()
                .map(|q| normalize(q).text)
                .collect(),
            options,
        }
    }

    /// The glossary.
    pub fn glossary(&self) -> &'g Glossary {
        self.glossary
    }

    /// Write the exact index for the compiled-glossary cache (read back
    /// into [`Indexes`]).
    pub(crate) fn encode_exact(&self, e: &mut Encoder) {
        self.index.encode(e);
    }

    /// Write the fuzzy index for the compiled-glossary cache.
    pub(crate) fn encode_fuzzy(&self, e: &mut Encoder) {
        self.fuzzy.encode(e);
    }

    /// Find all names in `text`, sorted by start offset, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.find_with(text, &mut MatchScratch::default())
    }

    /// [`find`](Self::find) with reusable state: the same result, faster
    /// when one scratch serves many documents.
    pub fn find_with(&self, text: &str, scratch: &mut MatchScratch) -> Vec<Match> {
        self.find_in_document_with(text, None, scratch)
    }

    /// Entities named in full (exact and multi-word matches) in `text`: what
    /// the surname rule calls "named in full in this document". A caller
    /// that matches a large document in parts collects this over all parts
    /// first (see [`Matcher::find_in_document`]).
    pub fn named_in_full(&self, text: &str) -> HashSet<usize> {
        self.named_in_full_with(text, &mut MatchScratch::default())
    }

    /// [`named_in_full`](Self::named_in_full) with reusable state.
    pub fn named_in_full_with(&self, text: &str, scratch: &mut MatchScratch) -> HashSet<usize> {
        let p = self.prepare(text, scratch);
        let doc = p.doc(&scratch.tokens);
        let mut covered = vec![false; p.toks.len()];
        self.first_passes(text, &doc, &mut covered)
            .iter()
            .map(|m| m.entity)
            .collect()
    }

    /// [`Matcher::find`] on `text`, a part of a larger document in which the
    /// entities `named` are named in full (`None`: `text` is the whole
    /// document).
    pub fn find_in_document(&self, text: &str, named: Option<&HashSet<usize>>) -> Vec<Match> {
        self.find_in_document_with(text, named, &mut MatchScratch::default())
    }

    /// [`find_in_document`](Self::find_in_document) with reusable state.
    pub fn find_in_document_with(
        &self,
        text: &str,
        named: Option<&HashSet<usize>>,
        scratch: &mut MatchScratch,
    ) -> Vec<Match> {
        let p = self.prepare(text, scratch);
        let doc = p.doc(&scratch.tokens);
        let mut covered = vec![false; p.toks.len()];
        let mut out = self.first_passes(text, &doc, &mut covered);
        let own: HashSet<usize>;
        let named = match named {
            Some(n) => n,
            None => {
                own = out.iter().map(|m| m.entity).collect();
                &own
            }
        };
        let surnames = self.surname_pass(&doc, &mut covered, named);
        out.extend(surnames);
        if self.options.fuzzy {
            out.extend(self.fuzzy_pass(&doc, &mut covered, &mut scratch.cache));
        }
        scratch.dropped.clear();
        // The tokens' ends in the text, mapped in one walk of the offset map
        // when a match first needs them, then searched for each match.
        let ends = std::cell::OnceCell::new();
        out.retain(|m| match self.qualified_at(&p.norm, &p.toks, &ends, m) {
            None => true,
            Some(q) => {
                scratch.dropped.push((m.clone(), q.to_string()));
                false
            }
        });
        out.sort_by_key(|m| m.start);
        self.join_given_names(text, out)
    }

    /// The qualifier that turns match `m` into the name of another place or
    /// body (روسيا البيضاء is Belarus, not Russia; الناتو المصغر is not NATO;
    /// كوريا الشمالية is not Korea), if any: a place or organisation name
    /// followed directly by a definite adjective of [`context::QUALIFIERS`]
    /// that the glossary does not list with it (a listed longer form wins by
    /// longest match before this is asked). Such a match is dropped: the
    /// longer name is unknown, and linking its first word would name the
    /// wrong entity. Not when a class noun stands before the name, which the
    /// adjective then describes (مقاطعة مانجيساو الغربية: the western
    /// province of Mangystau).
    pub fn qualified_by<'t>(
        &self,
        norm: &'t Normalized,
        toks: &[Token],
        m: &Match,
    ) -> Option<&'t str> {
        self.qualified_at(norm, toks, &std::cell::OnceCell::new(), m)
    }

    /// [`qualified_by`](Self::qualified_by), with `ends` the original end of
    /// each token, filled on first use (shared by the matches of a document).
    fn qualified_at<'t>(
        &self,
        norm: &'t Normalized,
        toks: &[Token],
        ends: &std::cell::OnceCell<Vec<usize>>,
        m: &Match,
    ) -> Option<&'t str> {
        let etype = self.glossary.entities[m.entity].etype;
        if etype == crate::glossary::EntityType::Person || self.qualifiers.is_empty() {
            return None;
        }
        // Tokens are in `norm` coordinates and ordered, so are their ends
        // mapped back to the text.
        let ends = ends.get_or_init(|| norm.orig_ends(toks.iter().map(|t| t.end)));
        let last = ends.partition_point(|&e| e < m.end);
        let next = toks.get(last + 1)?;
        let tok = &toks[last];
        if ends[last] != m.end || !tok.joins_next || tok.glued_next {
            return None;
        }
        let word = &norm.text[next.start..next.end];
        if next.script != Script::Arabic || !self.qualifiers.contains(word) {
            return None;
        }
        let first = ends.partition_point(|&e| e <= m.start);
        if first > 0 {
            let prev = &norm.text[toks[first - 1].start..toks[first - 1].end];
            if context::title_before(&[prev], etype).is_some() {
                return None;
            }
        }
        Some(word)
    }

    /// What every pass reads: the folded text, its tokens and their facts
    /// (from the scratch's cache, which is reset for another matcher).
    fn prepare(&self, text: &str, scratch: &mut MatchScratch) -> Prepared {
        scratch.for_matcher(self.id);
        let norm = normalize(text);
        let toks = tokenize(&norm.text);
        let (mut ids, mut facts) = (Vec::new(), Vec::new());
        self.all_facts(&norm.text, &toks, &mut scratch.tokens, &mut ids, &mut facts);
        Prepared {
            norm,
            toks,
            ids,
            facts,
        }
    }

    /// The exact pass, then (with fuzzy matching on) the multi-word pass.
    fn first_passes(&self, text: &str, doc: &Doc<'_>, covered: &mut [bool]) -> Vec<Match> {
        let (norm, toks, facts) = (doc.norm, doc.toks, doc.facts);
        let mut out = Vec::new();
        let (mut key, mut written) = (String::new(), String::new());
        let mut i = 0;
        while i < toks.len() {
            if !facts[i].exact_start {
                i += 1;
                continue;
            }
            match self.exact_at(doc, i, &mut key) {
                Some(w) => {
                    out.push(self.exact_match(text, norm, toks, &w, &mut written));
                    covered[w.first..=w.last].iter_mut().for_each(|c| *c = true);
                    i = w.last + 1;
                }
                None => i += 1,
            }
        }
        if self.options.fuzzy {
            let words = self.word_pass(doc, covered);
            out.extend(words);
        }
        out
    }

    /// A place or other non-person match right before a person's surname is
    /// that person's given name (نور سلطان نزارباييف, بغداد أمرييف): join them.
    fn join_given_names(&self, text: &str, ms: Vec<Match>) -> Vec<Match> {
        let g = self.glossary;
        let mut out: Vec<Match> = Vec::with_capacity(ms.len());
        for m in ms {
            let is_surname = g.entities[m.entity].etype == crate::glossary::EntityType::Person
                && (m.kind == MatchKind::Surname || g.forms[m.form].term_type == "short")
                && m.clitic.is_empty();
            if let Some(prev) = out.last() {
                let gap = &text[prev.end.min(m.start)..m.start];
                let joinable = !gap.is_empty() && gap.chars().all(|c| c == ' ');
                if is_surname
                    && joinable
                    && g.entities[prev.entity].etype != crate::glossary::EntityType::Person
                {
                    let prev = out.pop().expect("checked");
                    let given = &text[prev.start..prev.end];
                    let mut joined = m;
                    joined.reason = format!("given name «{given}» + surname; {}", joined.reason);
                    joined.start = prev.start;
                    joined.clitic = prev.clitic;
                    joined.elided_article = prev.elided_article;
                    joined.score = joined.score.min(0.9);
                    joined.kind = MatchKind::Fuzzy;
                    out.push(joined);
                    continue;
                }
            }
            out.push(m);
        }
        out
    }

    /// Multi-word names (three words or more) with one word inserted or
    /// dropped: منظمة معاهدة الأمن الجماعي / منظمة الأمن الجماعي. The first and
    /// last words must be the form's, every other word identical but one.
    fn word_pass(&self, doc: &Doc<'_>, covered: &mut [bool]) -> Vec<Match> {
        let (norm, toks, facts) = (doc.norm, doc.toks, doc.facts);
        let mut out = Vec::new();
        let mut i = 0;
        'tokens: while i < toks.len() {
            if covered[i]
                || !facts[i].long_start
                || toks[i].script != Script::Arabic
                || !Self::can_start(toks, i)
            {
                i += 1;
                continue;
            }
            let t = &norm.text[toks[i].start..toks[i].end];
            for &split in doc.readings(i) {
                let first = format!("{}{}", split.restore(), &t[split.skip()..]);
                let long = &self.long_forms;
                if !long.firsts.contains(first.as_str()) {
                    continue;
                }
                // The words of the longest window a form can match.
                let mut words: Vec<&str> = vec![first.as_str()];
                words.extend(
                    toks[i + 1..toks.len().min(i + long.max_words + 1)]
                        .iter()
                        .map(|tk| &norm.text[tk.start..tk.end]),
                );
                // The window of `len` tokens and how it differs from form
                // `fw`, if it is one word apart from it.
                let check = |fw: &[&str]| {
                    [fw.len() + 1, fw.len() - 1].into_iter().find_map(|len| {
                        let last = i + len - 1;
                        if last >= toks.len() || toks[last].glued_next {
                            return None;
                        }
                        let ok_window = (i..last).all(|k| {
                            toks[k].joins_next
                                && !covered[k + 1]
                                && toks[k + 1].script == Script::Arabic
                                && !toks[k + 1].in_link
                        });
                        if !ok_window {
                            return None;
                        }
                        one_word_apart(&words[..len], fw).map(|diff| (last, diff))
                    })
                };
                // A form passes `one_word_apart` only against a window of
                // one word more or one fewer whose last word is the form's:
                // for each window length, only the forms of those lengths
                // ending with its last word are read (a form that passes is
                // read at the window length it passes with). The first of
                // them in form order that passes wins. Each list of
                // `long_forms.ends` is in form order: the first passing form
                // of each, then the smallest of those (the same result as
                // reading all forms with this first word in form order).
                let mut found: Option<(u32, usize, String)> = None;
                for len in 2..=long.max_words + 1 {
                    let Some(tk) = toks.get(i + len - 1) else {
                        break;
                    };
                    let last_word = &norm.text[tk.start..tk.end];
                    for n in [len - 1, len + 1] {
                        for (fi, fw) in long.ending(&first, last_word, n) {
                            if found.as_ref().is_some_and(|f| fi >= f.0) {
                                break;
                            }
                            if let Some((last, diff)) = check(fw) {
                                found = Some((fi, last, diff));
                                break;
                            }
                        }
                    }
                }
                if let Some((fi, last, diff)) = found {
                    let fi = fi as usize;
                    let f = &self.glossary.forms[fi];
                    out.push(Match {
                        start: norm.orig_start(toks[i].start + split.skip()),
                        end: norm.orig_end(toks[last].end),
                        entity: f.entity,
                        form: fi,
                        kind: MatchKind::Fuzzy,
                        score: 0.85,
                        clitic: split.clitic(t).to_string(),
                        elided_article: split.elided_article,
                        reason: format!("close to «{}»: {diff}", f.text),
                        rivals: Vec::new(),
                    });
                    covered[i..=last].iter_mut().for_each(|c| *c = true);
                    i = last + 1;
                    continue 'tokens;
                }
            }
            i += 1;
        }
        out
    }

    /// Link lone surnames to persons (see [`context`]).
    fn surname_pass(
        &self,
        doc: &Doc<'_>,
        covered: &mut [bool],
        named: &HashSet<usize>,
    ) -> Vec<Match> {
        let (norm, toks, facts) = (doc.norm, doc.toks, doc.facts);
        let mut out = Vec::new();
        if self.surnames.is_empty() {
            return out;
        }
        for i in 0..toks.len() {
            if covered[i]
                || !facts[i].surname
                || toks[i].script != Script::Arabic
                || !Self::can_start(toks, i)
                || toks[i].glued_next
            {
                continue;
            }
            let t = &norm.text[toks[i].start..toks[i].end];
            for &split in doc.readings(i) {
                let rest = format!("{}{}", split.restore(), &t[split.skip()..]);
                let persons = self.surnames.get(&rest);
                if persons.is_empty() {
                    continue;
                }
                let in_doc: Vec<&(usize, usize)> =
                    persons.iter().filter(|(e, _)| named.contains(e)).collect();
                let (pick, why, rivals) = match (persons.len(), in_doc.len()) {
                    (1, _) => (
                        persons[0],
                        "the only person in the glossary with this surname",
                        vec![],
                    ),
                    (_, 1) => (*in_doc[0], "named in full in this document", vec![]),
                    _ => (
                        persons[0],
                        "ambiguous surname",
                        persons[1..].iter().map(|p| p.0).collect(),
                    ),
                };
                let f = &self.glossary.forms[pick.1];
                out.push(Match {
                    start: norm.orig_start(toks[i].start + split.skip()),
                    end: norm.orig_end(toks[i].end),
                    entity: pick.0,
                    form: pick.1,
                    kind: MatchKind::Surname,
                    score: if rivals.is_empty() { 0.9 } else { 0.5 },
                    clitic: split.clitic(t).to_string(),
                    elided_article: split.elided_article,
                    reason: format!("surname of «{}»: {why}", f.text),
                    rivals,
                });
                covered[i] = true;
                break;
            }
        }
        out
    }

    /// True when token `i` may start a name (not inside a link, not glued to
    /// the previous token, not a digit run).
    fn can_start(toks: &[Token], i: usize) -> bool {
        let t = &toks[i];
        !t.in_link && t.script != Script::Digit && !(i > 0 && toks[i - 1].glued_next)
    }

    fn same_family(a: Script, b: Script) -> bool {
        a == b || b == Script::Digit
    }

    /// The longest exact window starting at token `i` (a token with
    /// [`facts::TokenFacts::exact_start`]); `key` is a buffer.
    fn exact_at(&self, doc: &Doc<'_>, i: usize, key: &mut String) -> Option<Window> {
        let (norm, toks) = (doc.norm, doc.toks);
        if !Self::can_start(toks, i) {
            return None;
        }
        let script = toks[i].script;
        let first_text = &norm.text[toks[i].start..toks[i].end];
        let info = &doc.table.infos[doc.ids[i] as usize];
        let starts = &doc.table.exact[info.exact_at as usize..];
        let max_len = self.index.max_tokens + 2;
        let mut best: Option<Window> = None;
        for (k, &split) in info.readings.as_slice().iter().enumerate() {
            // The range of the reading alone was looked up once per token.
            let start = starts[k];
            if start.lo == start.hi {
                continue;
            }
            let rest = &first_text[split.skip()..];
            // The key is built when the window grows (often it cannot).
            let mut key_built = false;
            let mut range = start.lo as usize..start.hi as usize;
            let mut is_key = start.is_key;
            let mut j = i;
            loop {
                if is_key
                    && !toks[j].glued_next
                    && best.as_ref().is_none_or(|b| j > b.last)
                    && self.window_forms(range.start, script).next().is_some()
                {
                    best = Some(Window {
                        first: i,
                        last: j,
                        split,
                        at: range.start,
                    });
                }
                j += 1;
                if j >= toks.len()
                    || j - i >= max_len
                    || !toks[j - 1].joins_next
                    || toks[j].in_link
                    || !Self::same_family(script, toks[j].script)
                {
                    break;
                }
                if is_key && range.len() == 1 {
                    // The only key that starts with the key so far is that
                    // key: no longer window can match.
                    break;
                }
                if !key_built {
                    key.clear();
                    push_loose(key, split.restore());
                    push_loose(key, rest);
                    key_built = true;
                }
                let t = &norm.text[toks[j].start..toks[j].end];
                // Every key of `range` starts with the key so far.
                let common = key.len();
                push_loose(key, t);
                let (r, k2) = self.index.prefix_range_from(key, range, common);
                if r.is_empty() {
                    break;
                }
                range = r;
                is_key = k2;
            }
        }
        best
    }

    /// The forms of key `at` of the exact index in `script`'s family
    /// (Arabic forms for Arabic text, the others for Latin text), ascending.
    fn window_forms(&self, at: usize, script: Script) -> impl Iterator<Item = usize> + '_ {
        self.index
            .forms_at(at)
            .iter()
            .map(|&f| f as usize)
            .filter(move |&f| self.glossary.forms[f].is_arabic() == (script == Script::Arabic))
    }

    /// The match of exact window `w`; `written` is a buffer.
    fn exact_match(
        &self,
        text: &str,
        norm: &Normalized,
        toks: &[Token],
        w: &Window,
        written: &mut String,
    ) -> Match {
        let start = norm.orig_start(toks[w.first].start + w.split.skip());
        let end = norm.orig_end(toks[w.last].end);
        let script = toks[w.first].script;
        let first_text = &norm.text[toks[w.first].start..toks[w.first].end];
        let g = self.glossary;
        let forms = || self.window_forms(w.at, script);
        // The window's normalised words joined by one space, the clitics
        // removed (built only when the written form is no form's).
        let spaced = || {
            let mut spaced = format!("{}{}", w.split.restore(), &first_text[w.split.skip()..]);
            for t in &toks[w.first + 1..=w.last] {
                spaced.push(' ');
                spaced.push_str(&norm.text[t.start..t.end]);
            }
            spaced
        };
        let first_form = forms().next().expect("a window has a form");
        let (form, kind) = if script != Script::Arabic {
            let spaced = spaced();
            let f = forms()
                .find(|&f| g.forms[f].spaced == spaced)
                .unwrap_or(first_form);
            (f, MatchKind::Latin)
        } else {
            spelling_into(&text[start..end], w.split.elided_article, written);
            if let Some(f) = forms().find(|&f| strip_marks_eq(&g.forms[f].text, written)) {
                (f, MatchKind::Exact)
            } else {
                let spaced = spaced();
                if let Some(f) = forms().find(|&f| g.forms[f].spaced == spaced) {
                    (f, MatchKind::Normalized)
                } else {
                    let f = forms()
                        .min_by_key(|&f| {
                            (
                                strsim::levenshtein(&g.forms[f].spaced, &spaced),
                                g.forms[f].status,
                                f,
                            )
                        })
                        .unwrap_or(first_form);
                    (f, MatchKind::Spacing)
                }
            }
        };
        let score = match kind {
            MatchKind::Spacing => 0.97,
            _ => 1.0,
        };
        Match {
            start,
            end,
            entity: g.forms[form].entity,
            form,
            kind,
            score,
            clitic: w.split.clitic(first_text).to_string(),
            elided_article: w.split.elided_article,
            reason: String::new(),
            rivals: Vec::new(),
        }
    }

    fn fuzzy_pass(
        &self,
        doc: &Doc<'_>,
        covered: &mut [bool],
        cache: &mut FuzzyCache,
    ) -> Vec<Match> {
        let (toks, facts) = (doc.toks, doc.facts);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if covered[i]
                || !facts[i].fuzzy_start
                || toks[i].script != Script::Arabic
                || !Self::can_start(toks, i)
            {
                i += 1;
                continue;
            }
            match self.fuzzy_at(doc, covered, i, cache) {
                Some((last, m)) => {
                    covered[i..=last].iter_mut().for_each(|c| *c = true);
                    out.push(m);
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// A very frequent word that is no word of any form: a fuzzy window
    /// holding it is always rejected by the frequent-word guard.
    fn hopeless(&self, w: &str) -> bool {
        self.lexicon.is_very_frequent(w) && !self.frequent_form_words.contains(w)
    }

    /// The fuzzy decision on the window of tokens `i..=j` read with
    /// `reading` of token `i` (an index into `cache.decided`), from the
    /// cache when seen before: a one-word window from the token table, any
    /// window by its loose key.
    fn decide_window(
        &self,
        doc: &Doc<'_>,
        i: usize,
        j: usize,
        reading: usize,
        had_article: bool,
        cache: &mut FuzzyCache,
    ) -> Option<usize> {
        // One-word windows: decided once per token and reading, kept in the
        // token table.
        let single = (i == j).then(|| {
            let info = &doc.table.infos[doc.ids[i] as usize];
            &doc.table.singles[info.single_at as usize + reading]
        });
        if let Some(d) = single.map(|s| s.get()).filter(|&d| d != facts::UNDECIDED) {
            return (d != NO_DECISION).then_some(d as usize);
        }
        let (norm, toks) = (doc.norm, doc.toks);
        let split = doc.readings(i)[reading];
        let rest = &norm.text[toks[i].start + split.skip()..toks[i].end];
        // A multi-word window is first probed from its parts: most have no
        // skeleton variant posted for any form, and are settled (no
        // decision) without writing the key or looking it up.
        // The parts of the window's loose key: the clitic restored, the rest
        // of the first word, the later words (`fuzzy_at` grows a window to
        // at most MAX_FUZZY_WINDOW words).
        let mut parts = [""; MAX_FUZZY_WINDOW + 1];
        parts[0] = split.restore();
        parts[1] = rest;
        for (k, t) in toks[i + 1..=j].iter().enumerate() {
            parts[2 + k] = &norm.text[t.start..t.end];
        }
        let probed = i != j;
        let window = probed.then(|| window_id(doc.ids, i, j, reading)).flatten();
        if probed {
            // A window whose probe failed recently (the same words and
            // reading) fails again: its slot in `failed` says so.
            let slot = window.map(|w| (w, failed_slot(w)));
            if slot.is_some_and(|(w, k)| cache.failed.get(k) == Some(&w)) {
                return None;
            }
            if !self
                .fuzzy
                .probe_parts(&parts, self.window_filter.as_ref(), &mut cache.fuzzy)
            {
                if let Some((w, k)) = slot {
                    if cache.failed.is_empty() {
                        cache.failed = vec![NO_WINDOW; FAILED_SLOTS];
                    }
                    cache.failed[k] = w;
                }
                return None;
            }
        }
        // Only decisions that read candidates are cached (besides those of
        // one-word windows, which recur): the others cost a few lookups, and
        // most multi-word windows of a text are seen once.
        if let Some(&d) = window.and_then(|w| cache.by_window.get(&w)) {
            return (d != NO_DECISION).then_some(d as usize);
        }
        let key = &mut cache.key;
        key.clear();
        parts.iter().for_each(|p| push_loose(key, p));
        let by_key = &mut cache.by_key[usize::from(had_article)];
        // (One-word windows by key: tokens that read alike share them.)
        let cached = if probed {
            None
        } else {
            by_key.get_mark(key.as_str())
        };
        let d = match cached {
            Some(d) => d,
            None => {
                let fuzzy = &mut cache.fuzzy;
                let d = if probed {
                    self.fuzzy
                        .decide_probed(self.glossary, key, had_article, fuzzy)
                } else {
                    self.fuzzy
                        .decide_with(self.glossary, key, had_article, fuzzy)
                };
                let d = match d {
                    None => NO_DECISION,
                    Some(d) => {
                        let f = &self.glossary.forms[d.best.form];
                        cache.decided.push(Decided {
                            reason: format!("close to «{}»: {}", f.text, d.best.cmp.reason()),
                            rivals: d.rivals.iter().map(|r| r.entity).collect(),
                            decision: d,
                        });
                        (cache.decided.len() - 1) as u32
                    }
                };
                if cache.fuzzy.read_postings() {
                    match window {
                        Some(w) => {
                            cache.by_window.insert(w, d);
                        }
                        None if !probed => by_key.insert_new(key.as_str(), d),
                        // (A window whose ids do not fit a window id: not cached.)
                        None => {}
                    }
                }
                d
            }
        };
        if let Some(s) = single {
            s.set(d);
        }
        (d != NO_DECISION).then_some(d as usize)
    }

    /// The frequent-word guard for a fuzzy decision on `words` (the window's
    /// words, clitics removed): a word identical to the matching word of the
    /// form is fine; a very frequent word never changes into a name; a
    /// frequent one only on a near-identical spelling.
    fn frequent_words_ok(&self, words: &[&str], d: &fuzzy::Decision) -> bool {
        let c = &d.best.cmp;
        let near_identical = c.score >= NEAR_IDENTICAL && c.hard_edits == 0;
        let form_words: Vec<&str> = self.glossary.forms[d.best.form].spaced.split(' ').collect();
        let aligned = form_words.len() == words.len();
        words.iter().enumerate().all(|(k, w)| {
            if aligned && form_words[k] == *w {
                return true;
            }
            if self.lexicon.is_very_frequent(w) {
                return false;
            }
            !self.lexicon.is_frequent(w) || near_identical
        })
    }

    fn fuzzy_at(
        &self,
        doc: &Doc<'_>,
        covered: &[bool],
        i: usize,
        cache: &mut FuzzyCache,
    ) -> Option<(usize, Match)> {
        let (norm, toks, facts) = (doc.norm, doc.toks, doc.facts);
        let first_text = &norm.text[toks[i].start..toks[i].end];
        let info = &doc.table.infos[doc.ids[i] as usize];
        // A very frequent word may only start a multi-word name it is part of
        // (الاتحاد السوفيتي); `frequent_words_ok` decides per word.
        let mut best: Option<(f64, usize, Match)> = None;
        // Foreign names rarely take the article: a fuzzy reading never strips
        // one (اللوندا is not لواندا), only exact matching does. Readings
        // whose word the frequent-word guard rules out are skipped too
        // (every window of such a reading holds that word): both are known
        // per token (`fuzzy_readings`).
        for (k, &split) in info.readings.as_slice().iter().enumerate() {
            if info.fuzzy_readings & (1 << k) == 0 {
                continue;
            }
            let had_article = split.strips_article(first_text);
            let mut j = i;
            loop {
                // (Every later word is free of fuzzy-stop words, checked
                // below before the window grows: no window holds a hopeless word.)
                if !toks[j].glued_next {
                    let decision = self
                        .decide_window(doc, i, j, k, had_article, cache)
                        .map(|d| &cache.decided[d])
                        .filter(|d| {
                            let first =
                                format!("{}{}", split.restore(), &first_text[split.skip()..]);
                            let mut words: Vec<&str> = vec![first.as_str()];
                            words
                                .extend(toks[i + 1..=j].iter().map(|t| &norm.text[t.start..t.end]));
                            self.frequent_words_ok(&words, &d.decision)
                        });
                    if let Some(d) = decision {
                        let score = d.decision.best.cmp.score;
                        let better = best.as_ref().is_none_or(|b| {
                            score > b.0 + 1e-9 || ((score - b.0).abs() < 1e-9 && j > b.1)
                        });
                        if better {
                            let start = norm.orig_start(toks[i].start + split.skip());
                            let end = norm.orig_end(toks[j].end);
                            let m = Match {
                                start,
                                end,
                                entity: d.decision.best.entity,
                                form: d.decision.best.form,
                                kind: MatchKind::Fuzzy,
                                score,
                                clitic: split.clitic(first_text).to_string(),
                                elided_article: split.elided_article,
                                reason: d.reason.clone(),
                                rivals: d.rivals.clone(),
                            };
                            best = Some((score, j, m));
                        }
                    }
                }
                j += 1;
                if j >= toks.len()
                    || j - i >= MAX_FUZZY_WINDOW
                    || covered[j]
                    || !toks[j - 1].joins_next
                    || toks[j].in_link
                    || toks[j].script != Script::Arabic
                    || facts[j].fuzzy_stop
                {
                    // (A fuzzy-stop word would rule out this window and every longer one.)
                    break;
                }
            }
        }
        best.map(|(_, last, mut m)| {
            let prev: Vec<&str> = toks[i.saturating_sub(3)..i]
                .iter()
                .map(|t| &norm.text[t.start..t.end])
                .collect();
            let etype = self.glossary.entities[m.entity].etype;
            if let Some(title) = context::title_before(&prev, etype) {
                m.score = (m.score + context::TITLE_BONUS).min(0.99);
                m.reason.push_str(&format!("; after the title «{title}»"));
            }
            (last, m)
        })
    }
}

/// Most words in a fuzzy window.
const MAX_FUZZY_WINDOW: usize = 3;

/// What the passes read of one document: the folded text, its tokens, their
/// ids in the scratch's token table and their facts.
/// A document prepared for the passes ([`Matcher::prepare`]): the folded
/// text, its tokens, their ids in the token table and their facts.
struct Prepared {
    norm: Normalized,
    toks: Vec<Token>,
    ids: Vec<u32>,
    facts: Vec<facts::TokenFacts>,
}

impl Prepared {
    /// What the passes read, with the scratch's token table.
    fn doc<'a>(&'a self, table: &'a facts::TokenTable) -> Doc<'a> {
        Doc {
            norm: &self.norm,
            toks: &self.toks,
            ids: &self.ids,
            facts: &self.facts,
            table,
        }
    }
}

struct Doc<'a> {
    norm: &'a Normalized,
    toks: &'a [Token],
    ids: &'a [u32],
    facts: &'a [facts::TokenFacts],
    table: &'a facts::TokenTable,
}

impl Doc<'_> {
    /// The clitic readings of token `i`.
    fn readings(&self, i: usize) -> &[clitic::Reading] {
        self.table.infos[self.ids[i] as usize].readings.as_slice()
    }
}

/// `strip_marks(marked) == plain`, without allocating.
fn strip_marks_eq(marked: &str, plain: &str) -> bool {
    marked
        .chars()
        .filter(|&c| crate::normalize::classify(c) == crate::normalize::CharClass::Keep)
        .eq(plain.chars())
}

/// Arabic forms of three or more words (for the word pass), by their first
/// and last words and number of words: a window's candidates without reading
/// every form that shares a common first word (شركة، حزب، وكالة), or first
/// and last words (شركة … للطاقة: thousands of forms in a large glossary)
/// but not a length one word away from the window's. The words are borrowed
/// from the forms' spaced keys (normalised tokens joined by one space).
#[derive(Debug, Default)]
struct LongForms<'g> {
    /// The first words.
    firsts: FxHashSet<&'g str>,
    /// (first word, last word, number of words) → its range of `forms`.
    ends: HashMap<(&'g str, &'g str, usize), (u32, u32)>,
    /// Form indices, ascending within each range.
    forms: Vec<u32>,
    /// The words of `forms[k]` are `words[word_starts[k]..word_starts[k + 1]]`.
    word_starts: Vec<u32>,
    words: Vec<&'g str>,
    /// Most words in a long form.
    max_words: usize,
}

impl<'g> LongForms<'g> {
    fn new(g: &'g Glossary) -> Self {
        let mut all: Vec<(&'g str, &'g str, usize, u32)> = Vec::new();
        let mut n_words = 0;
        for (i, f) in g.forms.iter().enumerate() {
            if f.is_arabic() && f.tokens >= 3 {
                n_words += usize::from(f.tokens);
                let n = f.spaced.split(' ').count();
                let mut words = f.spaced.split(' ');
                let first = words.next().unwrap_or("");
                let last = words.next_back().unwrap_or(first);
                all.push((first, last, n, i as u32));
            }
        }
        // By first and last word and number of words, then form index.
        all.sort_unstable();
        let mut firsts: FxHashSet<&'g str> = FxHashSet::default();
        let mut ends: HashMap<(&'g str, &'g str, usize), (u32, u32)> = HashMap::default();
        let forms: Vec<u32> = all.iter().map(|a| a.3).collect();
        let mut start = 0;
        for group in all.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
            let end = start + group.len() as u32;
            firsts.insert(group[0].0);
            ends.insert((group[0].0, group[0].1, group[0].2), (start, end));
            start = end;
        }
        let mut word_starts = Vec::with_capacity(forms.len() + 1);
        // (Sized exactly unless a form has more than 65,535 words.)
        let mut words = Vec::with_capacity(n_words);
        let mut max_words = 0;
        for &fi in &forms {
            word_starts.push(words.len() as u32);
            let before = words.len();
            words.extend(g.forms[fi as usize].spaced.split(' '));
            max_words = max_words.max(words.len() - before);
        }
        word_starts.push(words.len() as u32);
        Self {
            firsts,
            ends,
            forms,
            word_starts,
            words,
            max_words,
        }
    }

    /// Long forms of `n` words whose first word is `first` and last `last`,
    /// in form order: (form, its words).
    fn ending(&self, first: &str, last: &str, n: usize) -> impl Iterator<Item = (u32, &[&'g str])> {
        let (s, e) = self.ends.get(&(first, last, n)).copied().unwrap_or((0, 0));
        (s as usize..e as usize).map(|k| {
            let w = self.word_starts[k] as usize..self.word_starts[k + 1] as usize;
            (self.forms[k], &self.words[w])
        })
    }
}

/// `Some(description)` when `text` equals `form` with one inner word
/// inserted or dropped (first and last words fixed).
pub fn one_word_apart<S: AsRef<str>>(text: &[&str], form: &[S]) -> Option<String> {
    if text.len() == form.len() + 1 {
        word_apart(text, form, "word inserted")
    } else if text.len() + 1 == form.len() {
        word_apart(form, text, "word dropped")
    } else {
        None
    }
}

/// [`one_word_apart`] once the longer list is known (without copying either
/// list: `long` without its word `k` is `short`). `long` without word `k`
/// is `short` when their first `k` words and their last `m - k` words are
/// the same (`short` has `m`): one pass from each end gives the words the
/// two share at the start (`a`) and at the end (`b`), and the first such
/// `k` (an inner word: `1 ≤ k < m`) is `max(1, m - b)` if it is at most `a`.
fn word_apart<L: AsRef<str>, S: AsRef<str>>(long: &[L], short: &[S], verb: &str) -> Option<String> {
    let eq = |x: &L, y: &S| x.as_ref() == y.as_ref();
    let m = short.len();
    if m < 2 || long.len() != m + 1 {
        return None;
    }
    let a = long.iter().zip(short).take_while(|(x, y)| eq(x, y)).count();
    let b = long
        .iter()
        .rev()
        .zip(short.iter().rev())
        .take_while(|(x, y)| eq(x, y))
        .count();
    // (`b ≤ m`: the pairs end with `short`.)
    let k = 1.max(m - b);
    (k <= a.min(m - 1)).then(|| format!("{verb}: «{}»", long[k].as_ref()))
}

/// True when [`spelling_into`] leaves `b` as it is: ASCII other than
/// whitespace, single spaces, and kept characters of the Arabic block
/// (U+0600–U+06FF, read from the normaliser's table); anything else takes
/// the full path.
fn spelled_as_is(b: &[u8]) -> bool {
    let mut i = 0;
    let mut after_space = false;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            let space = x == b' ';
            if (char::from(x).is_whitespace() && !space) || (space && after_space) {
                return false;
            }
            after_space = space;
            i += 1;
        } else if crate::normalize::arabic_block_kept_at(b, i) == Some(true) {
            after_space = false;
            i += 2;
        } else {
            return false;
        }
    }
    true
}

/// The spelling of a matched span as it would stand alone: vowel marks and
/// invisible controls removed, whitespace runs as one space, and the article
/// alef restored after ل + ال → لل.
pub fn spelling(surface: &str, elided_article: bool) -> String {
    let mut out = String::with_capacity(surface.len() + 2);
    spelling_into(surface, elided_article, &mut out);
    out
}

/// [`spelling`] written into `out` (cleared first).
fn spelling_into(surface: &str, elided_article: bool, out: &mut String) {
    out.clear();
    if elided_article {
        out.push('ا');
    }
    // Most spans are letters of the Arabic block or ASCII with single spaces
    // between words: their spelling is the span itself.
    if spelled_as_is(surface.as_bytes()) {
        out.push_str(surface);
        return;
    }
    spelling_in_full(surface, out);
}

/// [`spelling_into`] without its fast path, appended to `out`.
fn spelling_in_full(surface: &str, out: &mut String) {
    let mut in_space = false;
    // (`strip_marks` and the spacing rule in one pass.)
    let kept = surface
        .chars()
        .filter(|&c| crate::normalize::classify(c) == crate::normalize::CharClass::Keep);
    for c in kept {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn spelling_fast_path_spells_as_the_full_path(
            surface in "[ \t\u{B}\u{A0}a-zA-Z0-9.\u{0600}-\u{06FF}\u{200C}\u{0750}\u{FE8D}]{0,12}",
            elided in proptest::bool::ANY,
        ) {
            // The full path alone, as before the fast path.
            let mut want = String::new();
            if elided {
                want.push('ا');
            }
            super::spelling_in_full(&surface, &mut want);
            proptest::prop_assert_eq!(super::spelling(&surface, elided), want);
        }
    }

    #[test]
    fn spelled_as_is_only_when_nothing_changes() {
        use super::spelled_as_is as as_is;
        assert!(as_is("منظمة الأمن الجماعي".as_bytes()));
        assert!(as_is("NATO 2022".as_bytes()));
        assert!(!as_is("منظمة  الأمن".as_bytes()), "two spaces");
        assert!(!as_is("منظمة\tالأمن".as_bytes()), "a tab");
        assert!(!as_is("منظمة\u{B}الأمن".as_bytes()), "a vertical tab");
        assert!(!as_is("مُنظمة".as_bytes()), "a haraka");
        assert!(!as_is("منظـمة".as_bytes()), "tatweel");
        assert!(!as_is("منظمة\u{200C}".as_bytes()), "ZWNJ");
    }

    #[test]
    fn caches_that_forget_give_the_same_matches() {
        // The seed articles and glossary, document after document through
        // one scratch, with caches bounded to a few entries (they forget,
        // keep the recurring decisions and renumber them on nearly every
        // call), against a fresh scratch per document.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/glossary");
        let paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        let g = crate::glossary::load::load(&paths).unwrap();
        let m = Matcher::new(&g, MatchOptions::default());
        let mut small = bounded_scratch(50, 4);
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut files: Vec<_> = std::fs::read_dir(seeds)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let (mut full, mut matches) = (0, 0);
        for _round in 0..2 {
            for f in &files {
                let text = std::fs::read_to_string(f).unwrap();
                for para in text.split("\n\n") {
                    let want = m.find(para);
                    assert_eq!(m.find_with(para, &mut small), want, "{}", f.display());
                    matches += want.len();
                    full += usize::from(small.cache.len() >= small.bounds.decisions);
                }
            }
        }
        assert!(matches > 100, "{matches}");
        // The bound was reached, so the caches forgot, many times.
        assert!(full > 5, "{full}");

        // Unlisted spellings of several entities that recur, between words
        // seen once that also read candidates: the recurring decisions are
        // kept and renumbered each time the cache forgets, and must still
        // name the right entity.
        let g = glossary(
            "kg,place,ar,قرغيزستان,preferred,\n\
             kz,place,ar,كازاخستان,preferred,\n\
             tj,place,ar,طاجيكستان,preferred,\n\
             uz,place,ar,أوزبكستان,preferred,\n",
        );
        let m = Matcher::new(&g, MatchOptions::default());
        let forms = ["قرغيزستان", "كازاخستان", "طاجيكستان", "أوزبكستان"];
        let variants = ["قيرغيزستان", "كازخستان", "طاجكستان", "اوزبيكستان"];
        let letters: Vec<char> = "بتثجحخدذرزسشصضطظعغفقكلمن".chars().collect();
        let mut small = MatchScratch {
            bounds: CacheBounds {
                tokens: 8,
                decisions: 12,
            },
            ..MatchScratch::default()
        };
        let (mut entities, mut kept) = (std::collections::BTreeSet::new(), 0);
        for k in 0..60 {
            let text = format!(
                "زار {}{} الوفد {} ثم {} و{}{}{} في اليوم",
                forms[k % 4],
                letters[k % letters.len()],
                variants[k % 4],
                variants[(k * 3 + 1) % 4],
                forms[(k + 1) % 4],
                letters[(k * 7) % letters.len()],
                letters[(k * 5 + 3) % letters.len()],
            );
            let want = m.find(&text);
            entities.extend(want.iter().map(|x| x.entity));
            let before = small.cache.len();
            assert_eq!(m.find_with(&text, &mut small), want, "{text}");
            // (The call started by forgetting, and kept some decisions.)
            kept += usize::from(before >= 12 && !small.cache.decided.is_empty());
        }
        assert_eq!(entities.len(), 4);
        assert!(kept > 5, "{kept}");
    }

    use super::*;
    use crate::glossary::load::load_sources;

    fn glossary(rows: &str) -> Glossary {
        let csv = format!("entity_id,type,lang,form,status,note\n{rows}");
        load_sources(&[("g.csv".into(), csv.into_bytes())]).unwrap()
    }

    #[test]
    fn multi_word_decisions_cached_by_window_keep_their_length_and_reading() {
        // The same two words as a window of two and the start of a window
        // of three, with and without a proclitic, through one scratch: a
        // decision found again by token ids must be the one of the same
        // words and reading (a window of three taking the decision of its
        // first two would grow the match by a word).
        let g = glossary(
            "ned-price,person,ar,نيد برايس,preferred,\n\
             almaty,place,ar,ألماتا,preferred,\n",
        );
        let m = Matcher::new(&g, MatchOptions::default());
        let mut scratch = MatchScratch::default();
        // (The third words are no frequent words, which would end a window.)
        let texts = [
            "قال نيد براس زربخت",
            "وقال نيد براس كشلوم",
            "وأكد ونيد براس زربخت",
            "قال نيد براس زربخت",
            "نيد براس كشلوم من الكلام",
        ];
        for _round in 0..3 {
            for t in texts {
                let got = m.find_with(t, &mut scratch);
                assert_eq!(got, m.find(t), "{t}");
                let names: Vec<(&str, &str)> = got
                    .iter()
                    .map(|x| (&t[x.start..x.end], x.clitic.as_str()))
                    .collect();
                let clitic = if t.contains("ونيد") { "و" } else { "" };
                assert_eq!(names, [("نيد براس", clitic)], "{t}");
                assert_eq!(g.entities[got[0].entity].id, "ned-price", "{t}");
            }
        }
        assert!(!scratch.cache.by_window.is_empty());
    }

    /// A scratch whose caches forget beyond `tokens` tokens and `decisions`
    /// decisions.
    fn bounded_scratch(tokens: usize, decisions: usize) -> MatchScratch {
        MatchScratch {
            bounds: CacheBounds { tokens, decisions },
            ..MatchScratch::default()
        }
    }

    #[test]
    fn failed_probes_are_forgotten_with_the_token_ids() {
        // A token table that empties before every call hands the same ids
        // to other words: a window remembered as failing under ids (0, 1)
        // must not stand for the next document's first two words.
        let g = glossary("ned-price,person,ar,نيد برايس,preferred,\n");
        let m = Matcher::new(&g, MatchOptions::default());
        let mut scratch = bounded_scratch(1, 1_000);
        for _round in 0..3 {
            assert!(m.find_with("زربخت كشلوم", &mut scratch).is_empty());
            assert!(scratch.cache.failed.iter().any(|&w| w != NO_WINDOW));
            let got = m.find_with("نيد براس", &mut scratch);
            assert_eq!(got, m.find("نيد براس"));
            assert_eq!(got.len(), 1, "{got:?}");
            assert_eq!((got[0].start, got[0].end), (0, "نيد براس".len()));
        }
        // With the table kept, the failing window is answered from its slot
        // (and still fails).
        let mut kept = MatchScratch::default();
        assert!(m.find_with("زربخت كشلوم", &mut kept).is_empty());
        let failed = kept
            .cache
            .failed
            .iter()
            .filter(|&&w| w != NO_WINDOW)
            .count();
        assert!(failed > 0);
        assert!(m.find_with("زربخت كشلوم", &mut kept).is_empty());
        assert_eq!(m.find_with("نيد براس", &mut kept).len(), 1);
    }

    #[test]
    fn long_forms_by_first_and_last_word_in_form_order() {
        let g = glossary(
            "y,organization,ar,حزب الشعب الكردستاني,preferred,\n\
             x,organization,ar,حزب العمال الكردستاني,preferred,\n\
             z,organization,ar,حزب العمال,preferred,\n\
             w,organization,ar,حزب الخضر الديمقراطي الكبير,preferred,\n\
             v,organization,en,Party Of Workers,preferred,\n",
        );
        let long = LongForms::new(&g);
        let ending = |first, last| {
            (0..8)
                .flat_map(|n| long.ending(first, last, n))
                .collect::<Vec<_>>()
        };
        assert_eq!(long.ending("حزب", "الكبير", 3).count(), 0);
        assert_eq!(
            ending("حزب", "الكردستاني"),
            [
                (0, &["حزب", "الشعب", "الكردستاني"][..]),
                (1, &["حزب", "العمال", "الكردستاني"][..])
            ]
        );
        assert_eq!(
            ending("حزب", "الكبير"),
            [(3, &["حزب", "الخضر", "الديمقراطي", "الكبير"][..])]
        );
        assert!(ending("حزب", "العمال").is_empty());
        assert!(long.firsts.contains("حزب") && long.firsts.len() == 1);
        assert_eq!(long.max_words, 4);
    }

    /// [`word_apart`] as first written: every inner word tried in turn.
    fn word_apart_by_every_word<'a>(long: &[&'a str], short: &[&'a str]) -> Option<&'a str> {
        if short.len() < 2 || long[0] != short[0] || long[long.len() - 1] != short[short.len() - 1]
        {
            return None;
        }
        (1..long.len() - 1).find_map(|k| {
            let same = long[..k] == short[..k] && long[k + 1..] == short[k..];
            same.then_some(long[k])
        })
    }

    proptest::proptest! {
        #[test]
        fn word_apart_finds_the_word_that_every_word_tried_finds(
            short in proptest::collection::vec(0..3usize, 0..6),
            at in 0..7usize,
            extra in 0..4usize,
        ) {
            // Words from a tiny vocabulary, so that lists agree often and
            // repeated words make several inner words candidates.
            let words = ["أ", "ب", "ج", "د"];
            let short: Vec<&str> = short.iter().map(|&w| words[w]).collect();
            let mut long = short.clone();
            long.insert(at.min(short.len()), words[extra]);
            let want = word_apart_by_every_word(&long, &short)
                .map(|w| format!("word inserted: «{w}»"));
            proptest::prop_assert_eq!(word_apart(&long, &short, "word inserted"), want);
            // Lists that are not one word apart.
            proptest::prop_assert_eq!(word_apart(&short, &short, "x"), None);
        }
    }

    #[test]
    fn word_pass_takes_the_first_form_that_is_one_word_apart() {
        // Both forms are one word from the text (العمال or الشعب dropped):
        // the first in glossary order wins.
        let g = glossary(
            "x,organization,ar,حزب العمال الكردستاني,preferred,\n\
             y,organization,ar,حزب الشعب الكردستاني,preferred,\n",
        );
        let m = Matcher::new(&g, MatchOptions::default());
        let found = m.find("قال حزب العمال الشعب الكردستاني اليوم");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(g.entities[found[0].entity].id, "x");
        assert!(
            found[0].reason.contains("word inserted"),
            "{}",
            found[0].reason
        );
        let g2 = glossary(
            "y,organization,ar,حزب الشعب الكردستاني,preferred,\n\
             x,organization,ar,حزب العمال الكردستاني,preferred,\n",
        );
        let m2 = Matcher::new(&g2, MatchOptions::default());
        let found = m2.find("قال حزب العمال الشعب الكردستاني اليوم");
        assert_eq!(g2.entities[found[0].entity].id, "y");
    }
}
