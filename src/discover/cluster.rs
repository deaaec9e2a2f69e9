//! Grouping candidate spellings of unknown names into proposed entities.
//!
//! Spellings with the same loose key are one spelling. Spellings are then
//! joined when fuzzy matching would accept one for the other
//! ([`accept`], the matcher's own rule, blocked by consonant skeleton as in
//! [`FuzzyIndex`](crate::matcher::fuzzy::FuzzyIndex)), and a one-word
//! spelling joins the multi-word name it ends (باشينيان → نيكول باشينيان) when
//! that name is the only one it ends. Each group becomes one proposed entity:
//! the most frequent full spelling is suggested as preferred, the others as
//! admitted, surnames alone as admitted short forms.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::discover::names::{Candidate, Cue};
use crate::glossary::import::slug;
use crate::glossary::{EntityType, Glossary, Status};
use crate::key::form_keys;
use crate::matcher::fuzzy::{accept, skeleton};

/// One occurrence handed to clustering.
#[derive(Debug, Clone)]
pub struct Found {
    /// Document index (for counting documents).
    pub doc: usize,
    /// Document as displayed.
    pub file: String,
    /// The candidate.
    pub cand: Candidate,
    /// Context line for the review file.
    pub example: String,
}

/// One distinct spelling.
#[derive(Debug, Clone, Default)]
pub struct Spelling {
    /// Loose key.
    pub key: String,
    /// Spaced normalised key (words).
    pub spaced: String,
    /// Literal spellings and their counts.
    pub literal: BTreeMap<String, usize>,
    /// Occurrences.
    pub count: usize,
    /// Documents (indices).
    pub docs: BTreeSet<usize>,
    /// Files.
    pub files: BTreeSet<String>,
    /// Strongest cues with a detail.
    pub cues: BTreeMap<Cue, String>,
    /// Type hints and their counts.
    pub types: BTreeMap<EntityType, usize>,
    /// Latin script.
    pub latin: bool,
    /// Words.
    pub words: usize,
    /// Starts with the article.
    pub has_article: bool,
    /// First example.
    pub example: String,
}

impl Spelling {
    /// The most frequent literal spelling.
    pub fn text(&self) -> &str {
        self.literal
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or("", |(t, _)| t.as_str())
    }
}

/// A proposed new entity.
#[derive(Debug, Clone)]
pub struct Group {
    /// Suggested id.
    pub id: String,
    /// Suggested type.
    pub etype: EntityType,
    /// Members: (spelling, suggested status, term type).
    pub members: Vec<(Spelling, Status, &'static str)>,
    /// Confidence in [0, 1].
    pub confidence: f64,
    /// Cues that made it, for the reviewer.
    pub evidence: String,
}

/// Group found candidates into proposed entities with confidence ≥ `min_confidence`.
pub fn group(g: &Glossary, found: Vec<Found>, min_confidence: f64) -> Vec<Group> {
    let spellings = spellings(found);
    let n = spellings.len();
    let mut uf = UnionFind::new(n);
    // Fuzzy variants, blocked by skeleton and its one-deletion neighbours.
    let mut postings: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in spellings.iter().enumerate() {
        if s.latin {
            continue;
        }
        for k in neighbourhood(&s.key) {
            postings.entry(k).or_default().push(i);
        }
    }
    for (i, s) in spellings.iter().enumerate() {
        if s.latin {
            continue;
        }
        let mut cands: Vec<usize> = neighbourhood(&s.key)
            .iter()
            .filter_map(|k| postings.get(k))
            .flatten()
            .copied()
            .filter(|&j| j > i)
            .collect();
        cands.sort_unstable();
        cands.dedup();
        for j in cands {
            let o = &spellings[j];
            if accept(&s.key, &o.key, false).is_some() || accept(&o.key, &s.key, false).is_some() {
                uf.union(i, j);
            }
        }
    }
    // A surname alone joins the one multi-word name it ends.
    let mut short = vec![false; n];
    for (i, s) in spellings.iter().enumerate() {
        if s.words != 1 || s.latin {
            continue;
        }
        let ends: Vec<usize> = (0..n)
            .filter(|&j| {
                spellings[j].words > 1
                    && spellings[j].spaced.rsplit(' ').next() == Some(s.spaced.as_str())
            })
            .collect();
        if ends.len() == 1 {
            uf.union(i, ends[0]);
            short[i] = true;
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        by_root.entry(uf.find(i)).or_default().push(i);
    }
    let mut groups = Vec::new();
    for members in by_root.into_values() {
        if let Some(gr) = build(&spellings, &members, &short, min_confidence) {
            groups.push(gr);
        }
    }
    groups.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then_with(|| count(b).cmp(&count(a)))
            .then_with(|| a.members[0].0.key.cmp(&b.members[0].0.key))
    });
    assign_ids(g, &mut groups);
    groups
}

fn count(g: &Group) -> usize {
    g.members.iter().map(|m| m.0.count).sum()
}

fn spellings(found: Vec<Found>) -> Vec<Spelling> {
    let mut by_key: BTreeMap<(bool, String), Spelling> = BTreeMap::new();
    for f in found {
        let (spaced, key, words) = form_keys(&f.cand.form);
        if key.is_empty() {
            continue;
        }
        let s = by_key
            .entry((f.cand.latin, key.clone()))
            .or_insert_with(|| Spelling {
                key,
                spaced,
                latin: f.cand.latin,
                words,
                has_article: f.cand.has_article,
                example: f.example.clone(),
                ..Spelling::default()
            });
        *s.literal.entry(f.cand.form.clone()).or_insert(0) += 1;
        s.count += 1;
        s.docs.insert(f.doc);
        s.files.insert(f.file.clone());
        for (cue, detail) in f.cand.cues {
            let e = s.cues.entry(cue).or_default();
            if e.is_empty() {
                *e = detail;
            }
        }
        if let Some(t) = f.cand.type_hint {
            *s.types.entry(t).or_insert(0) += 1;
        }
    }
    by_key.into_values().collect()
}

fn neighbourhood(key: &str) -> Vec<String> {
    let sk = skeleton(key);
    let chars: Vec<char> = sk.chars().collect();
    let mut out = vec![sk.clone()];
    for k in 0..chars.len() {
        out.push(
            chars
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != k)
                .map(|(_, c)| c)
                .collect(),
        );
    }
    out
}

fn build(sp: &[Spelling], members: &[usize], short: &[bool], min_confidence: f64) -> Option<Group> {
    let mut cues: BTreeMap<Cue, String> = BTreeMap::new();
    let mut docs = BTreeSet::new();
    let mut total = 0;
    let mut types: BTreeMap<EntityType, usize> = BTreeMap::new();
    for &m in members {
        let s = &sp[m];
        for (c, d) in &s.cues {
            let e = cues.entry(*c).or_default();
            if e.is_empty() {
                e.clone_from(d);
            }
        }
        docs.extend(s.docs.iter().copied());
        total += s.count;
        for (t, n) in &s.types {
            *types.entry(*t).or_insert(0) += n;
        }
    }
    if docs.len() >= 2 {
        cues.insert(Cue::ManyDocuments, format!("in {} documents", docs.len()));
    }
    if total >= 2 {
        cues.insert(Cue::Repeated, format!("{total} occurrences"));
    }
    let full: Vec<usize> = members.iter().copied().filter(|&m| !short[m]).collect();
    if full.len() >= 2 {
        cues.insert(Cue::Variants, String::new());
    }
    // Being unknown and frequent is not enough: verbs and rare inflections
    // recur too. A name needs some evidence of being a name.
    if !cues.keys().any(|c| c.is_name_cue()) {
        return None;
    }
    let mut p = 1.0;
    for c in cues.keys() {
        p *= 1.0 - c.weight();
    }
    let mut confidence = 1.0 - p;
    // Names with the article are mostly Arabic phrases (المسال، التضليل);
    // without a strong shape or a title they are kept only when very likely.
    let strong = cues.contains_key(&Cue::ShapeStrong) || cues.contains_key(&Cue::Title);
    if members.iter().all(|&m| sp[m].has_article) && !strong {
        confidence *= 0.7;
    }
    if confidence + 1e-9 < min_confidence {
        return None;
    }
    let preferred = *full
        .iter()
        .max_by(|&&a, &&b| {
            sp[a]
                .count
                .cmp(&sp[b].count)
                .then(sp[a].words.cmp(&sp[b].words))
                .then(sp[b].key.cmp(&sp[a].key))
        })
        .unwrap_or(&members[0]);
    let mut ms: Vec<(Spelling, Status, &'static str)> = Vec::new();
    ms.push((sp[preferred].clone(), Status::Preferred, "full"));
    let mut rest: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| m != preferred)
        .collect();
    rest.sort_by(|&a, &b| {
        sp[b]
            .count
            .cmp(&sp[a].count)
            .then(sp[a].key.cmp(&sp[b].key))
    });
    for m in rest {
        let tt = if short[m] { "short" } else { "full" };
        ms.push((sp[m].clone(), Status::Admitted, tt));
    }
    let etype = types
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(EntityType::Other, |(t, _)| *t);
    let evidence = cues
        .iter()
        .map(|(c, d)| c.describe(d))
        .collect::<Vec<_>>()
        .join("; ");
    Some(Group {
        id: String::new(),
        etype,
        members: ms,
        confidence,
        evidence,
    })
}

fn assign_ids(g: &Glossary, groups: &mut [Group]) {
    let mut used: BTreeSet<String> = g.entities.iter().map(|e| e.id.clone()).collect();
    for gr in groups.iter_mut() {
        let p = &gr.members[0].0;
        let base = if p.latin {
            slug(p.text())
        } else {
            romanize(p.text())
        };
        let base = if base.is_empty() {
            "new-entity".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut k = 2;
        while used.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        used.insert(id.clone());
        gr.id = id;
    }
}

/// A rough ASCII romanisation of an Arabic name, for a suggested entity id
/// (the reviewer renames it): consonants by their usual transliteration,
/// و and ي as vowels between consonants.
pub fn romanize(text: &str) -> String {
    let chars: Vec<char> = crate::normalize::fold(text).chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let r = match c {
            'ا' => "a",
            'ب' => "b",
            'ت' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' => "h",
            'خ' => "kh",
            'د' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' => "s",
            'ش' => "sh",
            'ص' => "s",
            'ض' => "d",
            'ط' => "t",
            'ظ' => "z",
            'ع' | 'ء' => "",
            'غ' => "gh",
            'ف' => "f",
            'ڤ' => "v",
            'ق' => "q",
            'ك' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'ه' => {
                if i + 1 == chars.len() || !chars[i + 1].is_alphanumeric() {
                    "a"
                } else {
                    "h"
                }
            }
            'و' => {
                if word_start {
                    "w"
                } else {
                    "u"
                }
            }
            'ي' => {
                if word_start {
                    "y"
                } else {
                    "i"
                }
            }
            'پ' => "p",
            'چ' => "ch",
            'ژ' => "zh",
            c if c.is_ascii_alphanumeric() => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "-",
        };
        out.push_str(r);
    }
    slug(&out)
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // Keep the smaller index as root: deterministic groups.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanize_gives_readable_slugs() {
        assert_eq!(romanize("قرغيزستان"), "qrghizstan");
        assert_eq!(romanize("نيكول باشينيان"), "nikul-bashinian");
        assert_eq!(romanize("خبر 24"), "khbr-24");
    }
}
