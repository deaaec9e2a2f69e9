//! Candidate proper-name spans in one document, with the evidence for each.
//!
//! Three sources, all skipping text that a glossary mention already covers
//! and links, handles and hashtags:
//! 1. **Arabic runs**: maximal runs of adjacent words that are not ordinary
//!    Arabic words (nor nisba adjectives, participles or inflected verbs),
//!    kept whole (سالتانات أزيربك). A run needs at least one word the lexicon
//!    cannot explain at all, or a strong transliteration shape. A given name
//!    that is also an ordinary word (كريم ماسيموف) is attached when a title
//!    announces the name (رئيس المخابرات الكازاخية السابق، كريم ماسيموف).
//! 2. **Quoted names**: a short quotation of one to four words after a
//!    class noun (صحيفة “جيروزاليم بوست”، وكالة أنباء “خبر 24”) is taken whole,
//!    ordinary words included.
//! 3. **Latin-script names**: capitalised words, acronyms and codes (Il-76).
//!    Inside Arabic text they are strong evidence; in Latin-script lines only
//!    multi-word capitalised names count.

pub use crate::discover::cues::Cue;
use crate::discover::words::{
    arabic_morphology, familiarity, function_word, phrase_head, shape, title, title_link,
    Familiarity, Shape,
};
use crate::glossary::EntityType;
use crate::matcher::{clitic, spelling};
use crate::normalize::{strip_marks, Normalized};
use crate::source::SourceFile;
use crate::tokenize::{Script, Token};

/// One candidate span.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Start in the document text (bytes).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The spelling as it would stand alone (marks removed, clitics removed).
    pub form: String,
    /// Latin script.
    pub latin: bool,
    /// Number of words.
    pub words: usize,
    /// Cues, with details (shape reason, title word).
    pub cues: Vec<(Cue, String)>,
    /// Entity type suggested by the context.
    pub type_hint: Option<EntityType>,
    /// Carries the article ال (Arabic translated names, often ordinary phrases).
    pub has_article: bool,
}

/// What the extractor needs to know about a token.
#[derive(Debug, Clone)]
pub struct Word {
    /// Folded text of the reading used.
    text: String,
    /// Bytes of the token skipped as proclitic.
    skip: usize,
    /// The article alef was elided (ل + ال).
    elided: bool,
    /// A conjunction (و/ف) was stripped: the word cannot continue a run.
    conj: bool,
    fam: Familiarity,
    shape: (Shape, &'static str),
    morph: Option<&'static str>,
    title: Option<EntityType>,
}

impl Word {
    fn is_candidate(&self) -> bool {
        self.title.is_none()
            && self.morph.is_none()
            && (self.fam != Familiarity::Ordinary || self.shape.0 == Shape::Decisive)
    }
    fn is_core(&self) -> bool {
        self.is_candidate() && (self.fam == Familiarity::Unknown || self.shape.0 >= Shape::Strong)
    }
}

/// Inputs shared by all documents.
pub struct Corpus<'a> {
    /// Folded plain tokens seen anywhere in the corpus (for clitic decisions).
    pub plain_tokens: &'a std::collections::HashSet<String>,
    /// Analyses of (folded token, written token) already made: a corpus
    /// repeats its words, and each analysis is many lexicon lookups.
    pub cache: std::cell::RefCell<std::collections::HashMap<(String, String), Word>>,
}

/// Extract candidates from one document. `covered[i]` is true for tokens
/// inside a glossary mention.
pub fn candidates(
    doc: &SourceFile,
    norm: &Normalized,
    toks: &[Token],
    covered: &[bool],
    corpus: &Corpus<'_>,
) -> Vec<Candidate> {
    let words: Vec<Option<Word>> = toks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (t.script == Script::Arabic && !t.in_link && !covered[i]).then(|| {
                let (s, e) = norm.orig_range(t.start, t.end);
                let key = (
                    norm.text[t.start..t.end].to_string(),
                    strip_marks(&doc.text[s..e]),
                );
                if let Some(w) = corpus.cache.borrow().get(&key) {
                    return w.clone();
                }
                let w = analyse(&key.0, &key.1, corpus);
                corpus.cache.borrow_mut().insert(key, w.clone());
                w
            })
        })
        .collect();
    let x = Extractor {
        doc,
        norm,
        toks,
        covered,
        words,
    };
    let mut out: Vec<Candidate> = Vec::new();
    for c in x
        .quoted()
        .into_iter()
        .chain(x.phrases())
        .chain(x.arabic_runs())
        .chain(x.latin())
    {
        if !out.iter().any(|o| c.start < o.end && o.start < c.end) {
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Choose the reading of a token: a conjunction or preposition is removed
/// when the rest occurs on its own elsewhere in the corpus, or when a
/// conjunction و precedes a consonant (names starting with و are wa-/wi-/wu-).
/// The article always stays: glossary forms keep it (الكرملين).
fn analyse(token: &str, written: &str, corpus: &Corpus<'_>) -> Word {
    let mut best = (0usize, false, false);
    // A frequent word keeps its reading (وزراء is not و + زراء).
    let plain_ordinary = crate::lexicon::Lexicon::embedded().is_frequent(token);
    for s in clitic::splits(token).into_iter().skip(1) {
        if plain_ordinary && title(&token[s.skip..]).is_none() {
            break;
        }
        if s.clitic.ends_with("ال") {
            continue;
        }
        let rest = format!("{}{}", s.restore, &token[s.skip..]);
        if rest.chars().count() < 3 {
            continue;
        }
        let conj = s.clitic.starts_with(['و', 'ف']);
        let seen = corpus.plain_tokens.contains(&rest);
        let wa = s.clitic == "و" && !rest.starts_with(['ا', 'و', 'ي']) && rest.chars().count() >= 4;
        if seen || wa {
            best = (s.skip, s.elided_article, conj);
            if seen {
                break;
            }
        }
    }
    let (skip, elided, conj) = best;
    let text = format!("{}{}", if elided { "ا" } else { "" }, &token[skip..]);
    Word {
        fam: familiarity(&text),
        shape: shape(&text),
        morph: {
            // The same reading of the token as written (hamza kept).
            let skipped = token[..skip].chars().count();
            let rest: String = written.chars().skip(skipped).collect();
            arabic_morphology(&format!("{}{rest}", if elided { "ا" } else { "" }))
        },
        title: title(&text).or_else(|| title(token)),
        text,
        skip,
        elided,
        conj,
    }
}

struct Extractor<'a> {
    doc: &'a SourceFile,
    norm: &'a Normalized,
    toks: &'a [Token],
    covered: &'a [bool],
    words: Vec<Option<Word>>,
}

const QUOTES: [char; 8] = ['«', '»', '“', '”', '"', '„', '″', '\''];
const SENTENCE_END: [char; 7] = ['.', '!', '?', ':', '؛', '؟', '\n'];

impl Extractor<'_> {
    fn gap(&self, i: usize) -> &str {
        let end = self
            .toks
            .get(i + 1)
            .map_or(self.norm.text.len(), |t| t.start);
        &self.norm.text[self.toks[i].end..end]
    }
    fn gap_before(&self, i: usize) -> &str {
        if i == 0 {
            &self.norm.text[..self.toks[0].start]
        } else {
            self.gap(i - 1)
        }
    }

    fn span(&self, first: usize, last: usize, skip: usize, elided: bool) -> (usize, usize, String) {
        let start = self.norm.orig_start(self.toks[first].start + skip);
        let end = self.norm.orig_end(self.toks[last].end);
        let form = spelling(&self.doc.text[start..end], elided);
        (start, end, form.trim().to_string())
    }

    /// Walk back from token `i` (exclusive) over a title phrase: words with
    /// the article, a construct head followed by one, linking words, commas
    /// and quotes. Returns the title's type and word when one is reached.
    fn title_before(&self, i: usize) -> Option<(EntityType, String)> {
        let mut k = i;
        for _ in 0..6 {
            if k == 0 {
                return None;
            }
            if self.gap_before(k).contains(SENTENCE_END) {
                return None;
            }
            k -= 1;
            let t = &self.toks[k];
            if t.script != Script::Arabic {
                return None;
            }
            let w = &self.norm.text[t.start..t.end];
            if let Some(ty) = title(w).or_else(|| self.words[k].as_ref().and_then(|x| x.title)) {
                return Some((ty, strip_marks(self.orig(k))));
            }
            if function_word(w) {
                return None;
            }
            let next_has_article = self
                .toks
                .get(k + 1)
                .is_some_and(|n| self.norm.text[n.start..n.end].starts_with("ال"));
            // Known names (وزير خارجية روسيا …) may be part of the title phrase.
            let ok = w.starts_with("ال")
                || title_link(w)
                || self.covered[k]
                || (next_has_article && k + 1 < i);
            // A comma may close a title phrase (… السابق، كريم ماسيموف), not a
            // name that was already announced (ماسيموف، للاشتباه).
            let comma_ok = !self.gap(k).contains(['،', ',']) || w.starts_with("ال");
            if !ok || !comma_ok {
                return None;
            }
        }
        None
    }

    fn arabic_runs(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let Some(w) = self.words[i].as_ref().filter(|w| w.is_candidate()) else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < n
                && self.toks[j].joins_next
                && !self.gap(j).contains(QUOTES)
                && self.words[j + 1]
                    .as_ref()
                    .is_some_and(|x| x.is_candidate() && !x.conj && x.skip == 0)
            {
                j += 1;
            }
            let core = (i..=j)
                .filter(|&k| self.words[k].as_ref().is_some_and(Word::is_core))
                .count();
            if core == 0 {
                i = j + 1;
                continue;
            }
            let mut first = i;
            let mut cues: Vec<(Cue, String)> = Vec::new();
            let mut type_hint = None;
            // A title before the run; or before an ordinary given name that
            // directly precedes it (رئيس الوزراء عسكر مامين).
            if let Some((ty, t)) = self.title_before(i) {
                cues.push((Cue::Title, t));
                type_hint = Some(ty);
            } else if i > 0 && self.given_name(i - 1) {
                if let Some((ty, t)) = self.title_before(i - 1) {
                    cues.push((Cue::Title, t));
                    type_hint = Some(ty);
                    first = i - 1;
                }
            }
            // A person title in apposition after the name: رئيس without the
            // article (باشينيان رئيس وزراء), or after a comma. "ناشد الرئيس"
            // is a verb and its subject.
            if j + 1 < n && !self.gap(j).contains(SENTENCE_END) {
                let next = &self.norm.text[self.toks[j + 1].start..self.toks[j + 1].end];
                let apposition = !next.starts_with("ال") || self.gap(j).contains(['،', ',']);
                if title(next) == Some(EntityType::Person) && apposition {
                    cues.push((Cue::TitleAfter, strip_marks(self.orig(j + 1))));
                    type_hint = type_hint.or(Some(EntityType::Person));
                }
            }
            let fw = self.words[first].as_ref().unwrap_or(w);
            let (start, end, form) = self.span(first, j, fw.skip, fw.elided);
            let unknown = (first..=j)
                .filter(|&k| {
                    self.words[k]
                        .as_ref()
                        .is_some_and(|x| x.fam == Familiarity::Unknown)
                })
                .count();
            if unknown >= 1 {
                cues.push((Cue::Unknown, String::new()));
            }
            if unknown >= 2 {
                cues.push((Cue::UnknownRun, String::new()));
            }
            let best_shape = (first..=j)
                .filter_map(|k| self.words[k].as_ref().map(|x| x.shape))
                .max_by_key(|s| s.0)
                .unwrap_or((Shape::None, ""));
            match best_shape.0 {
                Shape::Strong | Shape::Decisive => {
                    cues.push((Cue::ShapeStrong, best_shape.1.into()))
                }
                Shape::Weak => cues.push((Cue::ShapeWeak, best_shape.1.into())),
                Shape::None => {}
            }
            if best_shape.1.contains("ستان") {
                type_hint = type_hint.or(Some(EntityType::Place));
            }
            let quoted = self.gap_before(first).contains(QUOTES) && self.gap(j).contains(QUOTES);
            if quoted {
                cues.push((Cue::Quoted, String::new()));
            }
            out.push(Candidate {
                start,
                end,
                form,
                latin: false,
                words: j - first + 1,
                cues,
                type_hint,
                has_article: fw.text.starts_with("ال"),
            });
            i = j + 1;
        }
        out
    }

    /// An ordinary word that may be a given name: no article, no clitic,
    /// not a title, not covered.
    fn given_name(&self, k: usize) -> bool {
        self.words[k].as_ref().is_some_and(|w| {
            w.fam == Familiarity::Ordinary
                && w.skip == 0
                && !w.text.starts_with("ال")
                && w.title.is_none()
                && w.morph.is_none()
                && self.toks[k].joins_next
                && !self.gap(k).contains(QUOTES)
        })
    }

    /// Organisation and media names made of ordinary words: a class noun and
    /// its complement of article words (منظمة معاهدة الأمن الجماعي، وكالة
    /// الصحافة الفرنسية). One occurrence is weak evidence; the cluster score
    /// rewards repetition across documents.
    fn phrases(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        let n = self.toks.len();
        for i in 0..n {
            let Some(w) = self.words[i].as_ref() else {
                continue;
            };
            let Some(ty) = phrase_head(&w.text) else {
                continue;
            };
            // (`None` past the last token: a phrase may end the text.)
            let plain = |k: usize| -> Option<&str> {
                let t = self.toks.get(k)?;
                (t.script == Script::Arabic && !t.in_link).then(|| &self.norm.text[t.start..t.end])
            };
            let mut j = i;
            let mut end = None;
            while j + 1 < n && j - i < 4 && self.toks[j].joins_next && !self.gap(j).contains(QUOTES)
            {
                let Some(t) = plain(j + 1) else { break };
                let verbish = self.words[j + 1]
                    .as_ref()
                    .and_then(|x| x.morph)
                    .is_some_and(|m| m == "inflected verb");
                if function_word(t) || verbish || title(t).is_some() {
                    break;
                }
                let next_article = plain(j + 2).is_some_and(|x| x.starts_with("ال"))
                    && self.toks[j + 1].joins_next;
                if t.starts_with("ال") {
                    end = Some(j + 1);
                } else if !next_article {
                    break;
                }
                j += 1;
            }
            let Some(last) = end else { continue };
            // Two-word phrases are mostly descriptions (حركة الاحتجاج).
            if last - i + 1 < 3 || (i..=last).any(|k| self.covered[k]) {
                continue;
            }
            let (start, e, form) = self.span(i, last, w.skip, w.elided);
            out.push(Candidate {
                start,
                end: e,
                form,
                latin: false,
                words: last - i + 1,
                cues: vec![(Cue::NamedPhrase, strip_marks(self.orig(i)))],
                type_hint: Some(ty),
                has_article: false,
            });
        }
        out
    }

    /// Short quotations announced by a class noun, or holding an unknown word.
    fn quoted(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if !self.gap_before(i).contains(QUOTES) || self.toks[i].in_link {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < n
                && j - i < 4
                && !self.gap(j).contains(QUOTES)
                && !self.gap(j).contains(SENTENCE_END)
            {
                j += 1;
            }
            if j >= n || j - i >= 4 || !self.gap(j).contains(QUOTES) {
                i += 1;
                continue;
            }
            let any_covered = (i..=j).any(|k| self.covered[k] || self.toks[k].in_link);
            let arabic = self.toks[i].script == Script::Arabic;
            let all_known = (i..=j).all(|k| {
                self.toks[k].script == Script::Digit
                    || self.words[k]
                        .as_ref()
                        .is_some_and(|w| w.fam == Familiarity::Ordinary || w.morph.is_some())
            });
            // Names hold no verbs, participles or function words.
            let clause = (i..=j).any(|k| {
                self.words[k]
                    .as_ref()
                    .is_some_and(|w| w.morph.is_some() || function_word(&w.text))
            });
            let title = self.title_before(i);
            if any_covered || !arabic || clause || (title.is_none() && all_known) {
                i = j + 1;
                continue;
            }
            let has_core = (i..=j).any(|k| self.words[k].as_ref().is_some_and(Word::is_core));
            if title.is_none() && !has_core {
                i = j + 1;
                continue;
            }
            let fw = self.words[i].as_ref();
            let (start, end, form) =
                self.span(i, j, fw.map_or(0, |w| w.skip), fw.is_some_and(|w| w.elided));
            let mut cues = Vec::new();
            let mut type_hint = None;
            match title {
                Some((ty, t)) => {
                    cues.push((Cue::QuotedAfterTitle, t));
                    type_hint = Some(ty);
                }
                None => cues.push((Cue::Quoted, String::new())),
            }
            if has_core {
                cues.push((Cue::Unknown, String::new()));
            }
            out.push(Candidate {
                start,
                end,
                form,
                latin: false,
                words: j - i + 1,
                cues,
                type_hint,
                has_article: fw.is_some_and(|w| w.text.starts_with("ال")),
            });
            i = j + 1;
        }
        out
    }

    fn orig(&self, k: usize) -> &str {
        let (s, e) = self.norm.orig_range(self.toks[k].start, self.toks[k].end);
        &self.doc.text[s..e]
    }

    /// Latin-script names: runs of capitalised words (with lowercase
    /// connectors inside), acronyms and codes glued to digits.
    fn latin(&self) -> Vec<Candidate> {
        const CONNECTORS: [&str; 14] = [
            "of", "the", "and", "de", "al", "el", "bin", "von", "van", "la", "le", "du", "da", "di",
        ];
        let mut out = Vec::new();
        let n = self.toks.len();
        let capital = |k: usize| self.orig(k).chars().next().is_some_and(char::is_uppercase);
        let usable = |k: usize| !self.covered[k] && !self.toks[k].in_link;
        let mut i = 0;
        while i < n {
            if self.toks[i].script != Script::Latin || !capital(i) || !usable(i) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut connected = false;
            loop {
                let mut k = j + 1;
                // Digits glued or hyphened to the name (Il-76, F-16).
                if k < n
                    && self.toks[j].joins_next
                    && self.toks[k].script == Script::Digit
                    && usable(k)
                {
                    j = k;
                    continue;
                }
                let mut conn = false;
                while k < n
                    && self.toks[k - 1].joins_next
                    && self.toks[k].script == Script::Latin
                    && CONNECTORS.contains(&self.orig(k))
                    && k - j <= 2
                {
                    k += 1;
                    conn = true;
                }
                if k < n
                    && self.toks[k - 1].joins_next
                    && self.toks[k].script == Script::Latin
                    && capital(k)
                    && usable(k)
                {
                    connected |= conn;
                    j = k;
                } else {
                    break;
                }
            }
            let (s, _) = self.norm.orig_range(self.toks[i].start, self.toks[i].end);
            let (_, e) = self.norm.orig_range(self.toks[j].start, self.toks[j].end);
            let line = &self.doc.text[line_bounds(&self.doc.text, s)];
            let (arabic, latin) = line.chars().fold((0, 0), |(a, l), c| {
                if ('\u{0621}'..='\u{064A}').contains(&c) {
                    (a + 1, l)
                } else if c.is_alphabetic() {
                    (a, l + 1)
                } else {
                    (a, l)
                }
            });
            let caps = (i..=j)
                .filter(|&k| self.toks[k].script == Script::Latin && capital(k))
                .count();
            let cue = if arabic > latin {
                Some(Cue::LatinInArabic)
            } else if caps >= 2 && connected {
                Some(Cue::LatinConnected)
            } else if caps >= 2 {
                Some(Cue::LatinMulti)
            } else {
                None
            };
            if let Some(cue) = cue {
                let form = spelling(&self.doc.text[s..e], false);
                out.push(Candidate {
                    start: s,
                    end: e,
                    form,
                    latin: true,
                    words: caps,
                    cues: vec![(cue, String::new())],
                    type_hint: None,
                    has_article: false,
                });
            }
            i = j + 1;
        }
        out
    }
}

/// Byte range of the line holding `p` (a char boundary of `text`).
pub fn line_bounds(text: &str, p: usize) -> std::ops::Range<usize> {
    let start = text[..p].rfind('\n').map_or(0, |i| i + 1);
    let end = text[p..].find('\n').map_or(text.len(), |i| p + i);
    start..end
}
