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

/// All readings of `token` (normalised Arabic), the plain one first, then by
/// number of letters removed.
pub fn splits(token: &str) -> Vec<Split> {
    let mut out = vec![Split {
        clitic: String::new(),
        skip: 0,
        restore: "",
        elided_article: false,
    }];
    // Only the first few letters matter (at most 3 removed, 2 kept); a token
    // may be a whole 200 MB line, so look no further.
    let chars: Vec<(usize, char)> = token.char_indices().take(LOOK_AHEAD).collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let byte = |k: usize| chars.get(k).map_or(token.len(), |c| c.0);

    // Proclitic prefixes (conjunction, preposition, both), as char counts.
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
        // Article after the prefix.
        if at(p) == Some('ا') && at(p + 1) == Some('ل') && n - p - 2 >= MIN_REST_CHARS {
            push(&mut out, format!("{clitic}ال"), byte(p + 2), "", false);
        }
        // ل + ال contracted to لل: the name (with its article) starts at the second ل.
        let lam_prep = p >= 1 && at(p - 1) == Some('ل');
        if lam_prep && at(p) == Some('ل') && n - p > MIN_REST_CHARS {
            push(&mut out, clitic.clone(), byte(p), "ا", true);
            // …or the article itself is a clitic too (لل + name without article).
            push(&mut out, format!("{clitic}ل"), byte(p + 1), "", false);
        }
    }
    out.sort_by_key(|s| (s.skip, s.elided_article));
    out.dedup();
    out
}

fn push(out: &mut Vec<Split>, clitic: String, skip: usize, restore: &'static str, elided: bool) {
    out.push(Split {
        clitic,
        skip,
        restore,
        elided_article: elided,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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
