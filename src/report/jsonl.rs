//! JSON Lines: the mentions of a scan as a stream, one JSON object per line,
//! and the reader that turns such streams (from many shards of a corpus)
//! back into the documents a single run would have produced.
//!
//! Two kinds of line, told apart by `"kind"`:
//! - `mention`: the [`Mention`] serialisation plus what a report needs and
//!   the plain serialisation leaves out (`form_index`, the matched glossary
//!   form; `context`, the snippet around the name);
//! - `document`: written after the mentions of every document (also one with
//!   none), so a merge counts documents and keeps their order.
//!
//! Merging needs the glossary the shards were scanned with: mentions refer to
//! its forms by index, and a line whose entity or form does not agree with
//! the glossary is an error naming the file and line.

use std::collections::HashMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::glossary::{Glossary, Status};
use crate::matcher::MatchKind;
use crate::scan::{DocumentResult, Mention, Snippet};

/// One line of a mentions stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Line {
    /// A mention.
    Mention(Box<MentionLine>),
    /// The end of a document.
    Document(DocumentLine),
}

/// The end-of-document line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentLine {
    /// Document as displayed.
    pub file: String,
    /// Number of mentions written for it.
    pub mentions: usize,
}

/// A mention as written to the stream: the fields of [`Mention`]'s
/// serialisation, then `form_index` and `context`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionLine {
    /// Document as displayed.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (Unicode scalar values).
    pub column: usize,
    /// Byte offset of the start in the stored file.
    pub byte_start: usize,
    /// Byte offset of the end (exclusive).
    pub byte_end: usize,
    /// Original text of the span.
    pub surface: String,
    /// Spelling as it would stand alone.
    pub spelling: String,
    /// Entity id.
    pub entity_id: String,
    /// Status of the matched form; `null` for unlisted spellings.
    pub form_status: Option<Status>,
    /// How it matched.
    pub match_kind: MatchKind,
    /// Confidence.
    pub score: f64,
    /// Proclitic removed.
    pub clitic: String,
    /// Article alef elided (ل + ال → لل).
    pub elided_article: bool,
    /// Why.
    pub reason: String,
    /// Rival entity ids.
    pub rivals: Vec<String>,
    /// Index of the matched form in the glossary (load order).
    pub form_index: usize,
    /// Text around the name.
    pub context: ContextLine,
}

/// [`Snippet`] as written to the stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextLine {
    /// Text before the name.
    pub before: String,
    /// Text after the name.
    pub after: String,
    /// The line goes on before.
    pub cut_before: bool,
    /// The line goes on after.
    pub cut_after: bool,
}

impl From<&Mention> for MentionLine {
    fn from(m: &Mention) -> Self {
        Self {
            file: m.file.clone(),
            line: m.line,
            column: m.column,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
            surface: m.surface.clone(),
            spelling: m.spelling.clone(),
            entity_id: m.entity_id.clone(),
            form_status: m.form_status,
            match_kind: m.match_kind,
            score: m.score,
            clitic: m.clitic.clone(),
            elided_article: m.elided_article,
            reason: m.reason.clone(),
            rivals: m.rivals.clone(),
            form_index: m.form,
            context: ContextLine {
                before: m.context.before.clone(),
                after: m.context.after.clone(),
                cut_before: m.context.cut_before,
                cut_after: m.context.cut_after,
            },
        }
    }
}

/// Write one document's mentions and its end line.
///
/// The bytes are those of serialising [`Line`] with `serde_json` (the
/// reader's model, and the reference the tests compare with), but each
/// line is written straight from the borrowed [`Mention`]: the punctuation
/// and keys are literals and every value goes through its own `Serialize`
/// impl (so strings, floats and enums are escaped and formatted exactly as
/// the derived serialisation would), without first copying the mention's
/// nine strings into a [`MentionLine`].
pub fn write_document(w: &mut dyn Write, doc: &DocumentResult) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(1024);
    for m in &doc.mentions {
        line.clear();
        mention_line(&mut line, m).map_err(std::io::Error::other)?;
        w.write_all(&line)?;
    }
    line.clear();
    string(&mut line, br#"{"kind":"document","file":"#, &doc.file)
        .map_err(std::io::Error::other)?;
    number(&mut line, br#","mentions":"#, doc.mentions.len());
    line.extend_from_slice(b"}\n");
    w.write_all(&line)
}

/// `v` as compact JSON at the end of `out`.
fn value<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> serde_json::Result<()> {
    serde_json::to_writer(out, v)
}

/// `key` (the JSON text before a value), then `s` as a JSON string, as
/// serde_json writes it: copied between quotes when no byte needs an escape
/// (a quote, a backslash or a control character below U+0020: serde_json
/// escapes nothing else), which holds for nearly every field; otherwise by
/// serde_json.
fn string(out: &mut Vec<u8>, key: &[u8], s: &str) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    // Tested a block at a time without short-circuiting, so that the test
    // of a block compiles to vector instructions.
    let plain = s.as_bytes().chunks(32).all(|block| {
        !block.iter().fold(false, |acc, &b| {
            acc | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    });
    if !plain {
        return value(out, s);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// `key`, then a count or offset, as serde_json writes it.
fn number(out: &mut Vec<u8>, key: &[u8], n: usize) {
    out.extend_from_slice(key);
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// `key`, then `v` by serde_json.
fn other<T: Serialize + ?Sized>(out: &mut Vec<u8>, key: &[u8], v: &T) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    value(out, v)
}

/// The line of `m` (with its newline), the fields in [`MentionLine`]'s order.
fn mention_line(out: &mut Vec<u8>, m: &Mention) -> serde_json::Result<()> {
    string(out, br#"{"kind":"mention","file":"#, &m.file)?;
    number(out, br#","line":"#, m.line);
    number(out, br#","column":"#, m.column);
    number(out, br#","byte_start":"#, m.byte_start);
    number(out, br#","byte_end":"#, m.byte_end);
    string(out, br#","surface":"#, &m.surface)?;
    string(out, br#","spelling":"#, &m.spelling)?;
    string(out, br#","entity_id":"#, &m.entity_id)?;
    other(out, br#","form_status":"#, &m.form_status)?;
    other(out, br#","match_kind":"#, &m.match_kind)?;
    other(out, br#","score":"#, &m.score)?;
    string(out, br#","clitic":"#, &m.clitic)?;
    other(out, br#","elided_article":"#, &m.elided_article)?;
    string(out, br#","reason":"#, &m.reason)?;
    other(out, br#","rivals":"#, &m.rivals)?;
    number(out, br#","form_index":"#, m.form);
    string(out, br#","context":{"before":"#, &m.context.before)?;
    string(out, br#","after":"#, &m.context.after)?;
    other(out, br#","cut_before":"#, &m.context.cut_before)?;
    other(out, br#","cut_after":"#, &m.context.cut_after)?;
    out.extend_from_slice(b"}}\n");
    Ok(())
}

/// Reads mention streams back into documents, checking them against the
/// glossary they were scanned with.
pub struct Reader<'g> {
    g: &'g Glossary,
    entity_by_id: HashMap<&'g str, usize>,
    documents: Vec<DocumentResult>,
    pending: Vec<Mention>,
}

impl<'g> Reader<'g> {
    /// A reader for streams scanned with `g`.
    pub fn new(g: &'g Glossary) -> Self {
        Self {
            g,
            entity_by_id: g
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect(),
            documents: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Read one stream (`name` is shown in errors). Documents are appended
    /// in the order they appear.
    pub fn read(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let mut docs = std::mem::take(&mut self.documents);
        let r = self.read_each(name, bytes, &mut |d| docs.push(d));
        self.documents = docs;
        r
    }

    /// [`read`](Self::read), handing each document to `sink` as soon as its
    /// end line is read instead of keeping it (a merge that writes its
    /// reports as it reads). On an error the documents before it have been
    /// handed on already.
    pub fn read_each(
        &mut self,
        name: &str,
        bytes: &[u8],
        sink: &mut dyn FnMut(DocumentResult),
    ) -> Result<(), Error> {
        let err = |line: usize, msg: String| Error::Other(format!("{name}:{line}: {msg}"));
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            err(line, "invalid UTF-8".into())
        })?;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            if raw.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(raw)
                .map_err(|e| err(n, format!("not a glossalign mention line: {e}")))?;
            match line {
                Line::Mention(m) => {
                    let m = self.mention(*m).map_err(|msg| err(n, msg))?;
                    self.pending.push(m);
                }
                Line::Document(d) => {
                    if d.mentions != self.pending.len()
                        || self.pending.iter().any(|m| m.file != d.file)
                    {
                        return Err(err(
                            n,
                            format!(
                                "document `{}` ends with {} mention(s) but {} precede it (truncated or mixed stream?)",
                                d.file,
                                d.mentions,
                                self.pending.len()
                            ),
                        ));
                    }
                    sink(DocumentResult {
                        file: d.file,
                        mentions: std::mem::take(&mut self.pending),
                    });
                }
            }
        }
        if !self.pending.is_empty() {
            return Err(err(
                text.lines().count(),
                format!(
                    "{} mention(s) after the last document line (truncated stream?)",
                    self.pending.len()
                ),
            ));
        }
        Ok(())
    }

    fn mention(&self, m: MentionLine) -> Result<Mention, String> {
        let entity = *self
            .entity_by_id
            .get(m.entity_id.as_str())
            .ok_or_else(|| format!("entity `{}` is not in the glossary", m.entity_id))?;
        let form_ok = self
            .g
            .forms
            .get(m.form_index)
            .is_some_and(|f| f.entity == entity);
        if !form_ok {
            return Err(format!(
                "form_index {} is not a form of `{}` in this glossary (scanned with another glossary?)",
                m.form_index, m.entity_id
            ));
        }
        for r in &m.rivals {
            if !self.entity_by_id.contains_key(r.as_str()) {
                return Err(format!("rival entity `{r}` is not in the glossary"));
            }
        }
        Ok(Mention {
            file: m.file,
            line: m.line,
            column: m.column,
            byte_start: m.byte_start,
            byte_end: m.byte_end,
            surface: m.surface,
            spelling: m.spelling,
            entity,
            entity_id: m.entity_id,
            form: m.form_index,
            form_status: m.form_status,
            match_kind: m.match_kind,
            score: m.score,
            clitic: m.clitic,
            elided_article: m.elided_article,
            reason: m.reason,
            rivals: m.rivals,
            context: Snippet {
                before: m.context.before,
                after: m.context.after,
                cut_before: m.context.cut_before,
                cut_after: m.context.cut_after,
            },
        })
    }

    /// The documents read, in order.
    pub fn finish(self) -> Vec<DocumentResult> {
        self.documents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load;
    use crate::matcher::{MatchOptions, Matcher};
    use crate::scan::scan_document;
    use crate::source::SourceFile;

    fn glossary() -> Glossary {
        load(&[std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/glossary"
        ))])
        .unwrap()
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let g = glossary();
        let m = Matcher::new(&g, MatchOptions::default());
        let docs: Vec<DocumentResult> = [
            ("a.txt", "زار بلينكن ألماتا وقازاقستان، ثم موسكو."),
            ("b.txt", "لا أسماء هنا"),
        ]
        .iter()
        .map(|(n, t)| scan_document(&m, &SourceFile::from_text(*n, t.to_string(), 0)))
        .collect();
        assert!(docs[0].mentions.len() >= 3);
        let mut out = Vec::new();
        for d in &docs {
            write_document(&mut out, d).unwrap();
        }
        let mut r = Reader::new(&g);
        r.read("s.jsonl", &out).unwrap();
        let back = r.finish();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].mentions, docs[0].mentions);
        assert!(back[1].mentions.is_empty());
    }

    /// What [`write_document`] wrote before it wrote from the borrowed
    /// mention: the derived serialisation of [`Line`].
    fn write_document_with_serde(doc: &DocumentResult) -> Vec<u8> {
        let mut out = Vec::new();
        for m in &doc.mentions {
            serde_json::to_writer(&mut out, &Line::Mention(Box::new(m.into()))).unwrap();
            out.push(b'\n');
        }
        let end = Line::Document(DocumentLine {
            file: doc.file.clone(),
            mentions: doc.mentions.len(),
        });
        serde_json::to_writer(&mut out, &end).unwrap();
        out.push(b'\n');
        out
    }

    #[test]
    fn strings_and_numbers_are_written_as_serde_json_writes_them() {
        // Every ASCII character and a few others, alone, at the start and
        // end of a long Arabic run, and past the first 32-byte block.
        let mut samples = vec![String::new(), "قازاقستان".repeat(20)];
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['\u{85}', '\u{2028}', '\u{FEFF}', 'ب'])
        {
            samples.push(c.to_string());
            samples.push(format!("{c}{}", "ب".repeat(40)));
            samples.push(format!("{}{c}", "ب".repeat(40)));
        }
        for s in &samples {
            let mut mine = Vec::new();
            string(&mut mine, b"", s).unwrap();
            assert_eq!(mine, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        for n in [0usize, 7, 10, 99_999, usize::MAX] {
            let mut mine = Vec::new();
            number(&mut mine, b"", n);
            assert_eq!(mine, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn written_lines_are_the_derived_serialisation_byte_for_byte() {
        let g = glossary();
        let m = Matcher::new(&g, MatchOptions::default());
        let mut docs: Vec<DocumentResult> = [
            (
                "a \"q\"\\b.txt",
                "زار بلينكن ألماتا وقازاقستان، ثم موسكو.\r\nوموسكوُ",
            ),
            ("b.txt", "لا أسماء هنا"),
        ]
        .iter()
        .map(|(n, t)| scan_document(&m, &SourceFile::from_text(*n, t.to_string(), 0)))
        .collect();
        assert!(docs[0].mentions.len() >= 3);
        // Every kind of value a field can hold: escapes, controls, DEL,
        // non-ASCII, no status, rivals, odd scores.
        let mut odd = docs[0].mentions[0].clone();
        odd.file = "\u{1}\u{7F}\t\n/\u{2028}ب".into();
        odd.form_status = None;
        odd.score = 1.0 - 0.35 / 18.0;
        odd.reason = "«x» \"y\" \\ z\u{0}".into();
        odd.rivals = vec!["a".into(), "b\"c".into()];
        odd.context.cut_before = true;
        odd.elided_article = true;
        docs[0].mentions.push(odd.clone());
        for score in [0.0, 1.0, 0.1 + 0.2, 1e-7, 123456789.0, f64::NAN] {
            let mut m = odd.clone();
            m.score = score;
            docs[0].mentions.push(m);
        }
        for d in &docs {
            let mut out = Vec::new();
            write_document(&mut out, d).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(write_document_with_serde(d)).unwrap()
            );
        }
    }

    #[test]
    fn scores_survive_the_round_trip_to_the_last_bit() {
        // Regression (issue 8): without exact float parsing 0.9805555555555556
        // came back as 0.9805555555555555 and a merged workbook differed.
        for score in [1.0 - 0.35 / 18.0, 0.1 + 0.2, 2.0f64.sqrt() / 3.0] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&score).unwrap()).unwrap();
            assert_eq!(back.to_bits(), score.to_bits(), "{score}");
        }
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let g = glossary();
        let mut r = Reader::new(&g);
        let e = r.read(
            "x.jsonl",
            b"{\"kind\":\"document\",\"file\":\"a\",\"mentions\":0}\nnope\n",
        );
        assert!(e
            .unwrap_err()
            .to_string()
            .starts_with("x.jsonl:2: not a glossalign mention line"));
        let mut r = Reader::new(&g);
        let e = r.read(
            "y.jsonl",
            b"{\"kind\":\"document\",\"file\":\"a\",\"mentions\":2}\n",
        );
        assert!(e
            .unwrap_err()
            .to_string()
            .starts_with("y.jsonl:1: document `a` ends with 2"));
    }
}
