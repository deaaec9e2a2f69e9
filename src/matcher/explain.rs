//! `explain`: why a text did or did not match — the normalisation steps, the
//! tokens and their clitic readings, the fuzzy candidates with scores and
//! reasons, and the final decisions. The library builds an [`Explanation`];
//! [`render`] turns it into text for the CLI.

use std::fmt::Write;

use serde::Serialize;

use crate::matcher::fuzzy::{
    accept, is_nisba_of, max_distance, max_edits, max_hard_edits, skeleton, MIN_FUZZY_CHARS,
};
use crate::matcher::similarity::compare;
use crate::matcher::{clitic, Matcher};
use crate::normalize::{classify, fold_char, normalize, CharClass};
use crate::tokenize::{tokenize, Script};

/// One normalisation step and its result (only steps that changed something).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What the step does.
    pub name: &'static str,
    /// Text after the step.
    pub result: String,
}

/// A token with its clitic readings.
#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    /// Normalised token.
    pub text: String,
    /// `arabic`, `latin` or `digit`.
    pub script: &'static str,
    /// Readings as `clitic+name`.
    pub readings: Vec<String>,
    /// A frequent ordinary word (never matched fuzzily).
    pub frequent: bool,
}

/// A fuzzy candidate considered for a key.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateInfo {
    /// The text key (clitics removed).
    pub key: String,
    /// Glossary form.
    pub form: String,
    /// Its entity.
    pub entity_id: String,
    /// Weighted distance.
    pub distance: f64,
    /// Similarity score.
    pub score: f64,
    /// The edits.
    pub edits: String,
    /// Accepted, or why not.
    pub verdict: String,
}

/// A final decision.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionInfo {
    /// Matched text.
    pub surface: String,
    /// Entity id.
    pub entity_id: String,
    /// Match kind.
    pub kind: &'static str,
    /// Score.
    pub score: f64,
    /// Clitic removed.
    pub clitic: String,
    /// Reason.
    pub reason: String,
    /// Ambiguous with.
    pub alternatives: Vec<String>,
}

/// Everything `explain` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The input.
    pub input: String,
    /// Normalisation steps.
    pub steps: Vec<Step>,
    /// Tokens.
    pub tokens: Vec<TokenInfo>,
    /// Fuzzy candidates considered.
    pub candidates: Vec<CandidateInfo>,
    /// Final matches.
    pub decisions: Vec<DecisionInfo>,
    /// Matches dropped because a qualifier after them makes another name.
    pub dropped: Vec<DroppedInfo>,
}

/// A match dropped by a qualifier (روسيا in روسيا البيضاء).
#[derive(Debug, Clone, Serialize)]
pub struct DroppedInfo {
    /// The name as written.
    pub surface: String,
    /// The entity it would have named.
    pub entity_id: String,
    /// The adjective after it (normalised).
    pub qualifier: String,
}

fn steps(input: &str) -> Vec<Step> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in input.chars() {
        if (c as u32) < 0x80 || ('\u{0600}'..='\u{06FF}').contains(&c) {
            cur.push(c);
        } else {
            unicode_normalization::char::decompose_compatible(c, |d| cur.push(d));
        }
    }
    let mut push = |name, s: &String, prev: &mut String| {
        if s != prev {
            out.push(Step {
                name,
                result: s.clone(),
            });
            *prev = s.clone();
        }
    };
    let mut prev = input.to_string();
    push(
        "compatibility decomposition (presentation forms, ligatures)",
        &cur,
        &mut prev,
    );
    let s: String = cur
        .chars()
        .filter(|&c| classify(c) != CharClass::Mark)
        .collect();
    push(
        "remove harakat, shadda, sukun, dagger alef, tatweel, Latin accents",
        &s,
        &mut prev,
    );
    let s: String = s
        .chars()
        .filter(|&c| classify(c) != CharClass::Invisible)
        .collect();
    push("remove zero-width and bidi controls", &s, &mut prev);
    let s: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect();
    push(
        "fold hamza seats, ى→ي, ة→ه, Persian letters, digits, case",
        &s,
        &mut prev,
    );
    out
}

impl Matcher<'_> {
    /// Explain how `text` is matched.
    pub fn explain(&self, text: &str) -> Explanation {
        let g = self.glossary;
        let norm = normalize(text);
        let toks = tokenize(&norm.text);
        let mut tokens = Vec::new();
        let mut candidates = Vec::new();
        for t in &toks {
            let w = &norm.text[t.start..t.end];
            let readings = if t.script == Script::Arabic {
                clitic::splits(w)
                    .iter()
                    .map(|s| format!("{}+{}{}", s.clitic, s.restore, &w[s.skip..]))
                    .collect()
            } else {
                vec![format!("+{w}")]
            };
            let frequent = self.lexicon.is_frequent(w);
            tokens.push(TokenInfo {
                text: w.to_string(),
                script: match t.script {
                    Script::Arabic => "arabic",
                    Script::Latin => "latin",
                    Script::Digit => "digit",
                },
                readings,
                frequent,
            });
            if t.script != Script::Arabic {
                continue;
            }
            for s in clitic::splits(w) {
                let key = format!("{}{}", s.restore, &w[s.skip..]);
                let had_article = s.clitic.ends_with("ال");
                for fi in self.fuzzy.candidates(g, &key) {
                    let f = &g.forms[fi];
                    let c = compare(&key, &f.key);
                    let len = key.chars().count().max(f.key.chars().count());
                    let verdict = if frequent && self.lexicon.is_very_frequent(w)
                        || self.lexicon.is_very_frequent(&key)
                    {
                        "rejected: very frequent ordinary word".to_string()
                    } else if key.chars().count() < MIN_FUZZY_CHARS
                        || f.key.chars().count() < MIN_FUZZY_CHARS
                    {
                        format!("rejected: shorter than {MIN_FUZZY_CHARS} letters")
                    } else if skeleton(&key).chars().next() != skeleton(&f.key).chars().next() {
                        "rejected: first consonant differs".to_string()
                    } else if is_nisba_of(&key, &f.key, had_article) {
                        "rejected: adjective or plural built on the name (nisba)".to_string()
                    } else if accept(&key, &f.key, had_article).is_some() {
                        "accepted".to_string()
                    } else if c.distance == 0.0 {
                        "identical key (exact pass)".to_string()
                    } else {
                        format!(
                            "rejected: for {} letters the limits are distance {:.2}, {} edit(s), {} unrelated",
                            len,
                            max_distance(len),
                            max_edits(len),
                            max_hard_edits(len)
                        )
                    };
                    candidates.push(CandidateInfo {
                        key: key.clone(),
                        form: f.text.to_string(),
                        entity_id: g.entities[f.entity].id.clone(),
                        distance: c.distance,
                        score: c.score,
                        edits: c.reason(),
                        verdict,
                    });
                }
            }
        }
        let mut scratch = super::MatchScratch::default();
        let found = self.find_with(text, &mut scratch);
        let dropped = scratch
            .dropped()
            .iter()
            .map(|(m, q)| DroppedInfo {
                surface: text[m.start..m.end].to_string(),
                entity_id: g.entities[m.entity].id.clone(),
                qualifier: q.clone(),
            })
            .collect();
        let decisions = found
            .into_iter()
            .map(|m| DecisionInfo {
                surface: text[m.start..m.end].to_string(),
                entity_id: g.entities[m.entity].id.clone(),
                kind: m.kind.as_str(),
                score: m.score,
                clitic: m.clitic,
                reason: if m.reason.is_empty() {
                    format!(
                        "glossary form «{}» ({})",
                        g.forms[m.form].text, g.forms[m.form].status
                    )
                } else {
                    m.reason
                },
                alternatives: m.rivals.iter().map(|&e| g.entities[e].id.clone()).collect(),
            })
            .collect();
        Explanation {
            input: text.to_string(),
            steps: steps(text),
            tokens,
            candidates,
            decisions,
            dropped,
        }
    }
}

/// Render an explanation as text.
pub fn render(e: &Explanation) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "input: {}", e.input);
    let _ = writeln!(o, "\nnormalisation:");
    if e.steps.is_empty() {
        let _ = writeln!(o, "  (nothing to fold)");
    }
    for s in &e.steps {
        let _ = writeln!(o, "  {}: {}", s.name, s.result);
    }
    let _ = writeln!(o, "\ntokens:");
    for t in &e.tokens {
        let _ = writeln!(
            o,
            "  {} [{}{}] readings: {}",
            t.text,
            t.script,
            if t.frequent { ", frequent word" } else { "" },
            t.readings.join(" | ")
        );
    }
    let _ = writeln!(o, "\nfuzzy candidates:");
    if e.candidates.is_empty() {
        let _ = writeln!(o, "  (none)");
    }
    for c in &e.candidates {
        let _ = writeln!(
            o,
            "  {} ~ «{}» ({}): distance {:.2}, score {:.3} [{}] → {}",
            c.key, c.form, c.entity_id, c.distance, c.score, c.edits, c.verdict
        );
    }
    let _ = writeln!(o, "\ndecision:");
    if e.decisions.is_empty() {
        let _ = writeln!(o, "  no match");
    }
    for d in &e.decisions {
        let clitic = if d.clitic.is_empty() {
            String::new()
        } else {
            format!(" (clitic {})", d.clitic)
        };
        let _ = writeln!(
            o,
            "  «{}»{} → {} [{}, score {:.3}]: {}{}",
            d.surface,
            clitic,
            d.entity_id,
            d.kind,
            d.score,
            d.reason,
            if d.alternatives.is_empty() {
                String::new()
            } else {
                format!("; AMBIGUOUS with {}", d.alternatives.join(", "))
            }
        );
    }
    for d in &e.dropped {
        let _ = writeln!(
            o,
            "  «{}» → not {}: followed by «{}», which makes the name of another place or body",
            d.surface, d.entity_id, d.qualifier
        );
    }
    o
}
