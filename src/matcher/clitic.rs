//! Proclitic splitting of a normalised Arabic token.
//!
//! Names arrive with attached conjunctions and prepositions: و ف (and, so),
//! ب ك ل (with, like, for), the article ال, and their combinations (وال، بال،
//! فال، كال، وبال …). ل + ال contracts to لل, dropping the article's alef
//! (للاتحاد = ل + الاتحاد): the split then starts at the second ل and the key
//! gets its alef back.

/// One way to read a token as clitic + name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The clitic letters removed (normalised), e.g. `و`, `بال`, `ل`.
    pub clitic: String,
    /// Bytes of the token skipped before the name starts.
    pub skip: usize,
    /// Text to put before the remainder to rebuild the name (`ا` for لل).
    pub restore: &'static str,
    /// True when the name's article alef was elided by ل + ال → لل.
    pub elided_article: bool,
}

const CONJ: [char; 2] = ['و', 'ف'];
const PREP: [char; 3] = ['ب', 'ك', 'ل'];
const MIN_REST_CHARS: usize = 2;
/// Letters of a token inspected (more than any prefix plus [`MIN_REST_CHARS`]).
const LOOK_AHEAD: usize = 8;

/// One reading of a token as clitic + name, without allocating: the clitic
/// is always the first [`skip`](Self::skip) bytes of the token, and the
/// restored text is `ا` exactly when the article alef was elided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// Bytes of the token skipped before the name starts (at most
    /// [`LOOK_AHEAD`] letters, so it fits a byte).
    pub skip: u8,
    /// True when the name's article alef was elided by ل + ال → لل.
    pub elided_article: bool,
}

impl Reading {
    /// Bytes skipped, as an index.
    pub fn skip(self) -> usize {
        usize::from(self.skip)
    }

    /// Text to put before the remainder to rebuild the name.
    pub fn restore(self) -> &'static str {
        if self.elided_article {
            "ا"
        } else {
            ""
        }
    }

    /// The clitic letters removed from `token` (the token this reading is of).
    pub fn clitic(self, token: &str) -> &str {
        &token[..self.skip()]
    }

    /// True when the clitic ends with the article ال.
    pub fn strips_article(self, token: &str) -> bool {
        self.clitic(token).ends_with("ال")
    }

    /// The [`Split`] of `token` this reading stands for.
    pub fn split(self, token: &str) -> Split {
        Split {
            clitic: self.clitic(token).to_string(),
            skip: self.skip(),
            restore: self.restore(),
            elided_article: self.elided_article,
        }
    }
}

/// Most readings a token can have.
pub const MAX_READINGS: usize = 12;

/// The readings of one token, in the order of [`splits`] (a fixed array: no
/// allocation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Readings {
    len: u8,
    items: [Reading; MAX_READINGS],
}

impl Readings {
    /// The readings as a slice.
    pub fn as_slice(&self) -> &[Reading] {
        &self.items[..usize::from(self.len)]
    }

    /// The single plain reading (the token as it is).
    pub fn plain() -> Self {
        Self {
            len: 1,
            ..Self::default()
        }
    }

    fn push(&mut self, skip: usize, elided_article: bool) {
        self.items[usize::from(self.len)] = Reading {
            skip: skip as u8,
            elided_article,
        };
        self.len += 1;
    }
}

/// All readings of `token` (normalised Arabic), the plain one first, then by
/// number of letters removed.
pub fn splits(token: &str) -> Vec<Split> {
    readings(token)
        .as_slice()
        .iter()
        .map(|r| r.split(token))
        .collect()
}

/// [`splits`] without allocating: the same readings in the same order.
pub fn readings(token: &str) -> Readings {
    let mut out = Readings::plain();
    // Only the first few letters matter (at most 3 removed, 2 kept); a token
    // may be a whole 200 MB line, so look no further.
    let mut chars = [(0usize, '\0'); LOOK_AHEAD];
    let mut n = 0;
    for (i, c) in token.char_indices().take(LOOK_AHEAD) {
        chars[n] = (i, c);
        n += 1;
    }
    let at = |k: usize| (k < n).then(|| chars[k].1);
    let byte = |k: usize| if k < n { chars[k].0 } else { token.len() };

    // Proclitic prefixes (conjunction, preposition, both), as char counts.
    let mut prefixes = [0usize; 3];
    let mut np = 1;
    if at(0).is_some_and(|c| CONJ.contains(&c) || PREP.contains(&c)) {
        prefixes[np] = 1;
        np += 1;
    }
    if at(0).is_some_and(|c| CONJ.contains(&c)) && at(1).is_some_and(|c| PREP.contains(&c)) {
        prefixes[np] = 2;
        np += 1;
    }
    for &p in &prefixes[..np] {
        if p > 0 && n - p >= MIN_REST_CHARS {
            out.push(byte(p), false);
        }
        // Article after the prefix.
        if at(p) == Some('ا') && at(p + 1) == Some('ل') && n - p - 2 >= MIN_REST_CHARS {
            out.push(byte(p + 2), false);
        }
        // ل + ال contracted to لل: the name (with its article) starts at the second ل.
        let lam_prep = p >= 1 && at(p - 1) == Some('ل');
        if lam_prep && at(p) == Some('ل') && n - p > MIN_REST_CHARS {
            out.push(byte(p), true);
            // …or the article itself is a clitic too (لل + name without article).
            out.push(byte(p + 1), false);
        }
    }
    // A reading is its (skip, elided) pair (the clitic is the skipped bytes),
    // so sorting by it and dropping repeats is what sorting and deduplicating
    // the splits did.
    let len = usize::from(out.len);
    out.items[..len].sort_by_key(|r| (r.skip, r.elided_article));
    let mut w = 0;
    for k in 0..len {
        if w == 0 || out.items[k] != out.items[w - 1] {
            out.items[w] = out.items[k];
            w += 1;
        }
    }
    out.len = w as u8;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitting as first written (allocating), kept as the oracle of
    /// [`readings`].
    fn reference_splits(token: &str) -> Vec<Split> {
        let mut out = vec![Split {
            clitic: String::new(),
            skip: 0,
            restore: "",
            elided_article: false,
        }];
        let chars: Vec<(usize, char)> = token.char_indices().take(LOOK_AHEAD).collect();
        let n = chars.len();
        let at = |k: usize| chars.get(k).map(|c| c.1);
        let byte = |k: usize| chars.get(k).map_or(token.len(), |c| c.0);
        let push = |out: &mut Vec<Split>, clitic: String, skip, restore, elided| {
            out.push(Split {
                clitic,
                skip,
                restore,
                elided_article: elided,
            })
        };
        let mut prefixes: Vec<usize> = vec![0];
        if at(0).is_some_and(|c| CONJ.contains(&c) || PREP.contains(&c)) {
            prefixes.push(1);
        }
        if at(0).is_some_and(|c| CONJ.contains(&c)) && at(1).is_some_and(|c| PREP.contains(&c)) {
            prefixes.push(2);
        }
        for &p in &prefixes {
            let clitic: String = chars[..p].iter().map(|c| c.1).collect();
            if p > 0 && n - p >= MIN_REST_CHARS {
                push(&mut out, clitic.clone(), byte(p), "", false);
            }
            if at(p) == Some('ا') && at(p + 1) == Some('ل') && n - p - 2 >= MIN_REST_CHARS {
                push(&mut out, format!("{clitic}ال"), byte(p + 2), "", false);
            }
            let lam_prep = p >= 1 && at(p - 1) == Some('ل');
            if lam_prep && at(p) == Some('ل') && n - p > MIN_REST_CHARS {
                push(&mut out, clitic.clone(), byte(p), "ا", true);
                push(&mut out, format!("{clitic}ل"), byte(p + 1), "", false);
            }
        }
        out.sort_by_key(|s| (s.skip, s.elided_article));
        out.dedup();
        out
    }

    #[test]
    fn readings_equal_the_reference_splitting() {
        // Every combination of up to four leading clitic-like letters before
        // short and long stems.
        let letters = ["و", "ف", "ب", "ك", "ل", "ا", "م"];
        let mut tokens = vec![String::new()];
        for _ in 0..4 {
            let prev = tokens.clone();
            for t in prev {
                for l in letters {
                    tokens.push(format!("{t}{l}"));
                }
            }
        }
        let mut checked = 0;
        for head in &tokens {
            for stem in ["", "ن", "ند", "ندن", "اتحاد", "لندن", "x"] {
                let t = format!("{head}{stem}");
                assert_eq!(splits(&t), reference_splits(&t), "token {t}");
                checked += 1;
            }
        }
        assert!(checked > 10_000);
    }

    fn readings(t: &str) -> Vec<String> {
        splits(t)
            .iter()
            .map(|s| format!("{}+{}{}", s.clitic, s.restore, &t[s.skip..]))
            .collect()
    }

    #[test]
    fn single_proclitics() {
        assert_eq!(readings("وقرغيزستان"), ["+وقرغيزستان", "و+قرغيزستان"]);
        assert_eq!(readings("لنزارباييف"), ["+لنزارباييف", "ل+نزارباييف"]);
    }

    #[test]
    fn article_and_combinations() {
        let r = readings("بالكرملين");
        assert!(r.contains(&"ب+الكرملين".to_string()));
        assert!(r.contains(&"بال+كرملين".to_string()));
        let r = readings("والكرملين");
        assert!(r.contains(&"و+الكرملين".to_string()));
        assert!(r.contains(&"وال+كرملين".to_string()));
        let r = readings("وبالكرملين");
        assert!(r.contains(&"وب+الكرملين".to_string()));
    }

    #[test]
    fn lam_lam_contraction_restores_the_article() {
        let r = readings("للاتحاد");
        assert!(r.contains(&"ل+الاتحاد".to_string()), "{r:?}");
        let s = splits("للاتحاد")
            .into_iter()
            .find(|s| s.elided_article)
            .unwrap();
        assert_eq!(s.skip, "ل".len());
        let r = readings("وللولايات");
        assert!(r.contains(&"ول+الولايات".to_string()), "{r:?}");
        // ل + لندن (a name starting with lam) is still found.
        assert!(readings("للندن").contains(&"ل+لندن".to_string()));
    }

    #[test]
    fn short_remainders_are_not_split() {
        assert_eq!(readings("وه"), ["+وه"]);
        assert_eq!(readings("بال"), ["+بال", "ب+ال"]);
    }
}
