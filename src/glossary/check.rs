//! `glossary check`: risks in a glossary that loads fine.
//!
//! Load-time validation rejects what is certainly wrong (two entities with
//! the same normalised form, two preferred forms, …). This module reports
//! what is *risky*, each risk with a level:
//!
//! | id | level | what |
//! |----|-------|------|
//! | `never-matches` | error | the matcher can never find the form: an `ar` form that does not start with an Arabic word, a non-Arabic form that does, or a form that starts with digits |
//! | `near-collision` | error | two entities' forms that differ only in the article ال, a final ا/ي/ه or a doubled letter (ساكي / ساكا), a nisba and its base excepted: text will be linked to the wrong one |
//! | `clitic-shadow` | warning | a form that reads as a proclitic + another entity's form (بالي = ب + الي): that entity written with the clitic is taken as this one |
//! | `fuzzy-confusable` | warning | forms of two entities close enough for the fuzzy matcher to link one's misspellings to the other (with the score; near-collisions are not repeated here) |
//! | `frequent-word` | warning / info | a one-word form that is a frequent ordinary word (wordfreq top 30k): warning for short forms, acronyms and nicknames, info for full names |
//! | `duplicate-spelling` | warning | two forms of one entity that normalise to the same text: one row is enough |
//! | `missing-en` | warning | an entity without an `en` form (exports to MT glossaries skip it) |
//! | `contained` | info | a form whose words occur inside a longer form of another entity: inside that longer name the text is the other entity |

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::glossary::{Glossary, Status};
use crate::key::form_tokens;
use crate::lexicon::Lexicon;
use crate::matcher::clitic;
use crate::matcher::fuzzy::{accept, is_nisba_of, FuzzyIndex};
use crate::normalize::fold;
use crate::tokenize::{tokenize, Script};

/// Severity of a risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Makes `glossary check` exit 1.
    Error,
    /// Worth fixing.
    Warning,
    /// For information.
    Info,
}

impl Level {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// One risk, located at a glossary row.
#[derive(Debug, Clone, PartialEq)]
pub struct Risk {
    /// Level.
    pub level: Level,
    /// Stable id (`near-collision`, …).
    pub id: &'static str,
    /// Glossary file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, naming the forms and entities involved.
    pub message: String,
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} {}: {}",
            self.file,
            self.line,
            self.level.as_str(),
            self.id,
            self.message
        )
    }
}

/// Run every check; risks sorted by file (load order), line, id.
pub fn check(g: &Glossary) -> Vec<Risk> {
    let mut c = Checker { g, out: Vec::new() };
    c.never_matches();
    c.near_collisions();
    c.clitic_shadows();
    c.fuzzy_confusable();
    c.frequent_words();
    c.duplicate_spellings();
    c.missing_en();
    c.contained();
    let file_rank: HashMap<&str, usize> = g
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let mut out = c.out;
    out.sort_by(|a, b| {
        let ra = file_rank
            .get(a.file.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        let rb = file_rank
            .get(b.file.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (ra, a.line, a.id, &a.message).cmp(&(rb, b.line, b.id, &b.message))
    });
    out
}

/// True when any risk is an error.
pub fn has_errors(risks: &[Risk]) -> bool {
    risks.iter().any(|r| r.level == Level::Error)
}

struct Checker<'g> {
    g: &'g Glossary,
    out: Vec<Risk>,
}

impl Checker<'_> {
    fn push(&mut self, form: usize, level: Level, id: &'static str, message: String) {
        let f = &self.g.forms[form];
        self.out.push(Risk {
            level,
            id,
            file: f.file.to_string(),
            line: f.line as usize,
            message,
        });
    }

    /// `«form»` (entity) at file:line.
    fn name(&self, form: usize) -> String {
        let f = &self.g.forms[form];
        format!("`{}` ({})", f.text, self.g.entities[f.entity].id)
    }

    fn at(&self, form: usize) -> String {
        let f = &self.g.forms[form];
        format!("{}:{}", f.file, f.line)
    }

    fn never_matches(&mut self) {
        for (i, f) in self.g.forms.iter().enumerate() {
            let folded = fold(&f.text);
            let toks = tokenize(&folded);
            let Some(first) = toks.first() else { continue };
            let msg = if first.script == Script::Digit {
                Some("starts with digits; a name is never matched from a number, so this form can never match".to_string())
            } else if f.is_arabic() && first.script != Script::Arabic {
                Some(format!(
                    "is an `{}` form but starts with non-Arabic letters; it can never match",
                    f.lang
                ))
            } else if !f.is_arabic() && first.script == Script::Arabic {
                Some(format!(
                    "starts with Arabic letters but its language is `{}`; only `ar` forms match Arabic text, so it can never match",
                    f.lang
                ))
            } else {
                None
            };
            if let Some(m) = msg {
                self.push(
                    i,
                    Level::Error,
                    "never-matches",
                    format!("form `{}` {m}", f.text),
                );
            }
        }
    }

    fn near_collisions(&mut self) {
        let mut by_near: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            if f.is_arabic() {
                by_near.entry(near_key(&f.key)).or_default().push(i);
            }
        }
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for forms in by_near.values() {
            for &a in forms {
                for &b in forms {
                    let (fa, fb) = (&self.g.forms[a], &self.g.forms[b]);
                    if fa.entity == fb.entity || a <= b || !seen.insert((a, b)) {
                        continue;
                    }
                    if nisba_pair(&fa.key, &fb.key) {
                        continue;
                    }
                    found.push((a, b));
                }
            }
        }
        found.sort_unstable();
        for (a, b) in found {
            let msg = format!(
                "{} and {} at {} differ only in the article, a final vowel letter or a doubled letter; text will be linked to the wrong entity",
                self.name(a),
                self.name(b),
                self.at(b)
            );
            self.push(a, Level::Error, "near-collision", msg);
        }
    }

    fn clitic_shadows(&mut self) {
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            by_key.entry(f.key.as_str()).or_default().push(i);
        }
        let mut found = Vec::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            if !f.is_arabic() {
                continue;
            }
            let toks = form_tokens(&f.text);
            let Some(first) = toks.first() else { continue };
            for s in clitic::splits(first).into_iter().skip(1) {
                let mut key = String::new();
                crate::key::push_loose(&mut key, s.restore);
                crate::key::push_loose(&mut key, &first[s.skip..]);
                for t in &toks[1..] {
                    crate::key::push_loose(&mut key, t);
                }
                for &o in by_key.get(key.as_str()).map_or(&[][..], Vec::as_slice) {
                    if self.g.forms[o].entity != f.entity {
                        found.push((i, o, s.clitic.clone()));
                    }
                }
            }
        }
        found.sort();
        found.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        for (i, o, c) in found {
            let msg = format!(
                "{} reads as the proclitic `{c}` + {} at {}: text written this way is always taken as {}",
                self.name(i),
                self.name(o),
                self.at(o),
                self.g.entities[self.g.forms[i].entity].id
            );
            self.push(i, Level::Warning, "clitic-shadow", msg);
        }
    }

    fn fuzzy_confusable(&mut self) {
        let idx = FuzzyIndex::new(self.g);
        let mut found = Vec::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            if !f.is_arabic() {
                continue;
            }
            for o in idx.candidates(self.g, &f.key) {
                let of = &self.g.forms[o];
                // Near-collisions are reported as such; a nisba is another word.
                if of.entity == f.entity
                    || o >= i
                    || near_key(&of.key) == near_key(&f.key)
                    || nisba_pair(&of.key, &f.key)
                {
                    continue;
                }
                // Either direction may be the text; report the closer.
                let c = [
                    accept(&f.key, &of.key, false),
                    accept(&of.key, &f.key, false),
                ]
                .into_iter()
                .flatten()
                .max_by(|a, b| a.score.total_cmp(&b.score));
                if let Some(c) = c {
                    found.push((i, o, c.score, c.reason()));
                }
            }
        }
        for (i, o, score, reason) in found {
            let msg = format!(
                "{} and {} at {} are close enough for fuzzy matching to confuse (score {score:.2}: {reason})",
                self.name(i),
                self.name(o),
                self.at(o)
            );
            self.push(i, Level::Warning, "fuzzy-confusable", msg);
        }
    }

    fn frequent_words(&mut self) {
        let lex = Lexicon::embedded();
        for (i, f) in self.g.forms.iter().enumerate() {
            if !f.is_arabic() || f.tokens != 1 || !lex.is_frequent(&f.spaced) {
                continue;
            }
            let (level, why) = if f.term_type == "full" {
                (
                    Level::Info,
                    "a well-known name, or also an ordinary word; check that its occurrences are the name",
                )
            } else {
                (
                    Level::Warning,
                    "as a short form it is linked wherever that word occurs; if it is also an ordinary word, list only the full name",
                )
            };
            let rank = lex.rank(&f.spaced).unwrap_or(0);
            let msg = format!(
                "{} is word {rank} of the frequent-word list (wordfreq top 30k): {why}",
                self.name(i)
            );
            self.push(i, level, "frequent-word", msg);
        }
    }

    fn duplicate_spellings(&mut self) {
        let mut first: HashMap<(usize, &str, &str), usize> = HashMap::new();
        let mut found = Vec::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            match first.get(&(f.entity, f.lang.as_str(), f.spaced.as_str())) {
                Some(&o) => found.push((i, o)),
                None => {
                    first.insert((f.entity, f.lang.as_str(), f.spaced.as_str()), i);
                }
            }
        }
        for (i, o) in found {
            let msg = format!(
                "{} normalises to the same text as `{}` at {}; the matcher treats them as one spelling, so one row is enough",
                self.name(i),
                self.g.forms[o].text,
                self.at(o)
            );
            self.push(i, Level::Warning, "duplicate-spelling", msg);
        }
    }

    fn missing_en(&mut self) {
        for e in 0..self.g.entities.len() {
            let ent = &self.g.entities[e];
            let has_en = ent
                .forms
                .iter()
                .any(|&f| self.g.forms[f].lang == "en" || self.g.forms[f].lang.starts_with("en-"));
            if !has_en {
                let f = ent
                    .forms
                    .iter()
                    .copied()
                    .find(|&f| self.g.forms[f].status == Status::Preferred)
                    .unwrap_or(ent.forms[0]);
                let msg = format!(
                    "entity `{}` has no `en` form; MT glossary exports (google, deepl) leave it out",
                    ent.id
                );
                self.push(f, Level::Warning, "missing-en", msg);
            }
        }
    }

    fn contained(&mut self) {
        // Every shorter run of words of every multi-word form → that form.
        let mut windows: HashMap<String, Vec<usize>> = HashMap::new();
        for (o, of) in self.g.forms.iter().enumerate() {
            let words: Vec<&str> = of.spaced.split(' ').collect();
            for len in 1..words.len() {
                for w in words.windows(len) {
                    windows.entry(w.join(" ")).or_default().push(o);
                }
            }
        }
        let mut found = Vec::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            let mut longer: Vec<usize> =
                windows.get(f.spaced.as_str()).cloned().unwrap_or_default();
            longer.sort_unstable();
            longer.dedup();
            for o in longer {
                let of = &self.g.forms[o];
                if of.entity != f.entity && of.is_arabic() == f.is_arabic() {
                    found.push((i, o));
                }
            }
        }
        for (i, o) in found {
            let msg = format!(
                "{} occurs inside {} at {}; where the text continues as that longer name it is linked to {} (leftmost-longest match)",
                self.name(i),
                self.name(o),
                self.at(o),
                self.g.entities[self.g.forms[o].entity].id
            );
            self.push(i, Level::Info, "contained", msg);
        }
    }
}

/// True when one key is a nisba adjective (or its plural) of the other,
/// with or without the article: البلغارية of بلغاريا, الدانمركية of الدانمرك.
/// They are different words, not spellings of one name.
fn nisba_pair(a: &str, b: &str) -> bool {
    let bare = |k: &str| k.strip_prefix("ال").unwrap_or(k).to_string();
    let (ka, kb) = (bare(a), bare(b));
    is_nisba_of(&ka, &kb, a.starts_with("ال")) || is_nisba_of(&kb, &ka, b.starts_with("ال"))
}

/// A looser key for near-collisions: without a leading article, doubled
/// letters collapsed, a final ا / ي / ه written as ا.
pub fn near_key(key: &str) -> String {
    let k = key
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(key);
    let mut out: Vec<char> = Vec::new();
    for c in k.chars() {
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    if let Some(last) = out.last_mut() {
        if matches!(*last, 'ي' | 'ه') {
            *last = 'ا';
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load_sources;
    use crate::key::form_keys;

    fn key_of(form: &str) -> String {
        form_keys(form).1
    }

    fn risks(rows: &str) -> Vec<Risk> {
        let src = format!("entity_id,type,lang,form,status,note,term_type\n{rows}");
        let g = load_sources(&[("g.csv".into(), src.into_bytes())]).unwrap();
        check(&g)
    }

    #[track_caller]
    fn has(risks: &[Risk], line: usize, level: Level, id: &str) {
        assert!(
            risks
                .iter()
                .any(|r| r.line == line && r.level == level && r.id == id),
            "no {level:?} {id} at line {line} in {risks:#?}"
        );
    }

    #[test]
    fn near_key_folds_article_final_vowel_and_doubles() {
        assert_eq!(near_key(&key_of("الناتو")), near_key(&key_of("ناتو")));
        assert_eq!(near_key(&key_of("ساكي")), near_key(&key_of("ساكا")));
        assert_eq!(near_key(&key_of("توكاييف")), near_key(&key_of("توكايف")));
        assert_ne!(near_key(&key_of("روسيا")), near_key(&key_of("روس")));
    }

    #[test]
    fn a_clean_pair_of_entities_has_no_risks() {
        let r = risks("a,place,ar,ألماتي,preferred,,full\na,place,en,Almaty,preferred,,full\n");
        assert!(r.is_empty(), "{r:#?}");
    }

    #[test]
    fn never_matches_and_missing_en() {
        let r = risks("a,media,ar,RT,preferred,,acronym\nb,media,ar,24 ساعة,preferred,,full\nc,media,en,قناة,preferred,,full\n");
        has(&r, 2, Level::Error, "never-matches");
        has(&r, 3, Level::Error, "never-matches");
        has(&r, 4, Level::Error, "never-matches");
        has(&r, 2, Level::Warning, "missing-en");
        assert!(has_errors(&r));
    }
}
