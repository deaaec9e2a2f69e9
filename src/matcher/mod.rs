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
pub mod fuzzy;
pub mod similarity;

use crate::glossary::index::FormIndex;
use crate::glossary::Glossary;
use crate::key::push_loose;
use crate::lexicon::Lexicon;
use crate::normalize::{normalize, strip_marks, Normalized};
use crate::tokenize::{tokenize, Script, Token};
use fuzzy::FuzzyIndex;

/// How a match was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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

/// A glossary compiled for matching.
pub struct Matcher<'g> {
    glossary: &'g Glossary,
    index: FormIndex,
    fuzzy: FuzzyIndex,
    lexicon: &'static Lexicon,
    options: MatchOptions,
}

struct Window {
    first: usize,
    last: usize,
    split: clitic::Split,
    forms: Vec<usize>,
    spaced: String,
}

impl<'g> Matcher<'g> {
    /// Compile `glossary`.
    pub fn new(glossary: &'g Glossary, options: MatchOptions) -> Self {
        Self {
            glossary,
            index: FormIndex::new(glossary),
            fuzzy: FuzzyIndex::new(glossary),
            lexicon: Lexicon::embedded(),
            options,
        }
    }

    /// The glossary.
    pub fn glossary(&self) -> &'g Glossary {
        self.glossary
    }

    /// Find all names in `text`, sorted by start offset, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let norm = normalize(text);
        let toks = tokenize(&norm.text);
        let mut covered = vec![false; toks.len()];
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match self.exact_at(&norm, &toks, i) {
                Some(w) => {
                    out.push(self.exact_match(text, &norm, &toks, &w));
                    covered[w.first..=w.last].iter_mut().for_each(|c| *c = true);
                    i = w.last + 1;
                }
                None => i += 1,
            }
        }
        if self.options.fuzzy {
            out.extend(self.fuzzy_pass(&norm, &toks, &mut covered));
            out.sort_by_key(|m| m.start);
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

    /// The longest exact window starting at token `i`.
    fn exact_at(&self, norm: &Normalized, toks: &[Token], i: usize) -> Option<Window> {
        if !Self::can_start(toks, i) {
            return None;
        }
        let script = toks[i].script;
        let first_text = &norm.text[toks[i].start..toks[i].end];
        let splits = if script == Script::Arabic {
            clitic::splits(first_text)
        } else {
            clitic::splits("")
        };
        let max_len = self.index.max_tokens + 2;
        let mut best: Option<Window> = None;
        for split in splits {
            let rest = &first_text[split.skip..];
            let mut key = String::new();
            push_loose(&mut key, split.restore);
            push_loose(&mut key, rest);
            let mut spaced = format!("{}{}", split.restore, rest);
            let mut j = i;
            loop {
                if !self.index.has_prefix(&key) {
                    break;
                }
                if !toks[j].glued_next {
                    let forms: Vec<usize> = self
                        .index
                        .get(&key)
                        .iter()
                        .copied()
                        .filter(|&f| {
                            self.glossary.forms[f].is_arabic() == (script == Script::Arabic)
                        })
                        .collect();
                    let better = best.as_ref().is_none_or(|b| j > b.last);
                    if !forms.is_empty() && better {
                        best = Some(Window {
                            first: i,
                            last: j,
                            split: split.clone(),
                            forms,
                            spaced: spaced.clone(),
                        });
                    }
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
                let t = &norm.text[toks[j].start..toks[j].end];
                push_loose(&mut key, t);
                spaced.push(' ');
                spaced.push_str(t);
            }
        }
        best
    }

    fn exact_match(&self, text: &str, norm: &Normalized, toks: &[Token], w: &Window) -> Match {
        let start = norm.orig_start(toks[w.first].start + w.split.skip);
        let end = norm.orig_end(toks[w.last].end);
        let script = toks[w.first].script;
        let written = spelling(&text[start..end], w.split.elided_article);
        let g = self.glossary;
        let pick = |pred: &dyn Fn(usize) -> bool| w.forms.iter().copied().find(|&f| pred(f));
        let (form, kind) = if script != Script::Arabic {
            let f = pick(&|f| g.forms[f].spaced == w.spaced).unwrap_or(w.forms[0]);
            (f, MatchKind::Latin)
        } else if let Some(f) = pick(&|f| strip_marks(&g.forms[f].text) == written) {
            (f, MatchKind::Exact)
        } else if let Some(f) = pick(&|f| g.forms[f].spaced == w.spaced) {
            (f, MatchKind::Normalized)
        } else {
            let f = w
                .forms
                .iter()
                .copied()
                .min_by_key(|&f| {
                    (
                        strsim::levenshtein(&g.forms[f].spaced, &w.spaced),
                        g.forms[f].status,
                        f,
                    )
                })
                .unwrap_or(w.forms[0]);
            (f, MatchKind::Spacing)
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
            clitic: w.split.clitic.clone(),
            elided_article: w.split.elided_article,
            reason: String::new(),
            rivals: Vec::new(),
        }
    }

    fn fuzzy_pass(&self, norm: &Normalized, toks: &[Token], covered: &mut [bool]) -> Vec<Match> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if covered[i] || toks[i].script != Script::Arabic || !Self::can_start(toks, i) {
                i += 1;
                continue;
            }
            match self.fuzzy_at(norm, toks, covered, i) {
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

    fn is_frequent(&self, word: &str) -> bool {
        self.lexicon.is_frequent(word)
    }

    fn fuzzy_at(
        &self,
        norm: &Normalized,
        toks: &[Token],
        covered: &[bool],
        i: usize,
    ) -> Option<(usize, Match)> {
        const MAX_WINDOW: usize = 3;
        let first_text = &norm.text[toks[i].start..toks[i].end];
        if self.is_frequent(first_text) {
            return None;
        }
        let mut best: Option<(f64, usize, Match)> = None;
        for split in clitic::splits(first_text) {
            let rest = &first_text[split.skip..];
            if self.is_frequent(rest) {
                continue;
            }
            let mut key = String::new();
            push_loose(&mut key, split.restore);
            push_loose(&mut key, rest);
            let mut j = i;
            loop {
                if !toks[j].glued_next {
                    let had_article = split.clitic.ends_with("ال") || rest.starts_with("ال");
                    if let Some(d) = self.fuzzy.decide(self.glossary, &key, had_article) {
                        let score = d.best.cmp.score;
                        let better = best.as_ref().is_none_or(|b| {
                            score > b.0 + 1e-9 || ((score - b.0).abs() < 1e-9 && j > b.1)
                        });
                        if better {
                            let start = norm.orig_start(toks[i].start + split.skip);
                            let end = norm.orig_end(toks[j].end);
                            let f = &self.glossary.forms[d.best.form];
                            let m = Match {
                                start,
                                end,
                                entity: d.best.entity,
                                form: d.best.form,
                                kind: MatchKind::Fuzzy,
                                score,
                                clitic: split.clitic.clone(),
                                elided_article: split.elided_article,
                                reason: format!("close to «{}»: {}", f.text, d.best.cmp.reason()),
                                rivals: d.rivals.iter().map(|r| r.entity).collect(),
                            };
                            best = Some((score, j, m));
                        }
                    }
                }
                j += 1;
                if j >= toks.len()
                    || j - i >= MAX_WINDOW
                    || covered[j]
                    || !toks[j - 1].joins_next
                    || toks[j].in_link
                    || toks[j].script != Script::Arabic
                {
                    break;
                }
                let t = &norm.text[toks[j].start..toks[j].end];
                if self.is_frequent(t) {
                    break;
                }
                push_loose(&mut key, t);
            }
        }
        best.map(|(_, last, m)| (last, m))
    }
}

/// The spelling of a matched span as it would stand alone: vowel marks and
/// invisible controls removed, whitespace runs as one space, and the article
/// alef restored after ل + ال → لل.
pub fn spelling(surface: &str, elided_article: bool) -> String {
    let s = strip_marks(surface);
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars();
    if elided_article {
        out.push('ا');
    }
    let mut in_space = false;
    for c in chars.by_ref() {
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
    out
}
