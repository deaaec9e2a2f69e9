//! The scan pipeline: documents in, [`Mention`]s out.
//!
//! A [`Mention`] is the message model every printer consumes: it carries byte
//! offsets into the stored file (the single truth), plus the line and column
//! computed once here while the document is in memory, so reports never need
//! the text again.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;
use crate::glossary::{Glossary, Status};
use crate::markup::{self, InputFormat, TextView};
use crate::matcher::{spelling, MatchKind, MatchScratch, Matcher};
use crate::source::SourceFile;

/// One name found in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// Document as displayed.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// Byte offset of the start in the stored file.
    pub byte_start: usize,
    /// Byte offset of the end (exclusive) in the stored file.
    pub byte_end: usize,
    /// The original text of the span.
    pub surface: String,
    /// The spelling as it would stand alone (marks removed, article restored).
    pub spelling: String,
    /// Entity index in the glossary.
    #[serde(skip)]
    pub entity: usize,
    /// Entity id.
    pub entity_id: String,
    /// Glossary form index that matched (closest form for fuzzy matches).
    #[serde(skip)]
    pub form: usize,
    /// Status of the matched form; `None` for unlisted (fuzzy) spellings.
    pub form_status: Option<Status>,
    /// How it matched.
    pub match_kind: MatchKind,
    /// Confidence in [0, 1].
    pub score: f64,
    /// Proclitic removed from the first word.
    pub clitic: String,
    /// The article alef was elided (ل + ال → لل).
    pub elided_article: bool,
    /// Why (fuzzy matches).
    pub reason: String,
    /// Other entities an ambiguous fuzzy match could be.
    pub rivals: Vec<String>,
    /// A short piece of the line around the name, for human reports (HTML,
    /// XLSX). Not serialised: machine outputs point into the file by offset.
    #[serde(skip)]
    pub context: Snippet,
}

impl Mention {
    /// `form_status` as written in reports (`unlisted` for fuzzy matches).
    pub fn status_str(&self) -> &'static str {
        self.form_status.map_or("unlisted", Status::as_str)
    }
}

/// Characters of context kept on each side of a mention (see [`Snippet`]).
pub const SNIPPET_CHARS: usize = 40;

/// The text around a mention on its line, cut to at most [`SNIPPET_CHARS`]
/// characters on each side (at a word boundary where one is near), so a
/// report can show a name in context without keeping the document: memory
/// per mention stays bounded whatever the size of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    /// Text before the name (clitics included), display-safe.
    pub before: String,
    /// Text after the name, display-safe.
    pub after: String,
    /// The line goes on before `before` (show an ellipsis).
    pub cut_before: bool,
    /// The line goes on after `after` (show an ellipsis).
    pub cut_after: bool,
}

impl Snippet {
    /// The snippet around `text[start..end]` (byte offsets on char boundaries).
    pub fn around(text: &str, start: usize, end: usize) -> Snippet {
        let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = text[end..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| end + i);
        let head = &text[line_start..start];
        let tail = &text[end..line_end];

        // Before: the last SNIPPET_CHARS characters, then drop a partial first word.
        let (mut before, mut cut_before) = (head, false);
        if let Some((i, _)) = head.char_indices().rev().nth(SNIPPET_CHARS - 1) {
            if i > 0 {
                before = &head[i..];
                cut_before = true;
                if let Some(sp) = before.find(char::is_whitespace) {
                    if !before[sp..].trim_start().is_empty() {
                        before = before[sp..].trim_start();
                    }
                }
            }
        }
        // After: the first SNIPPET_CHARS characters, then drop a partial last word.
        let (mut after, mut cut_after) = (tail, false);
        if let Some((i, _)) = tail.char_indices().nth(SNIPPET_CHARS) {
            after = &tail[..i];
            cut_after = true;
            if let Some(sp) = after.rfind(char::is_whitespace) {
                if !after[..sp].trim_end().is_empty() {
                    after = after[..sp].trim_end();
                }
            }
        }
        Snippet {
            before: display_safe(before),
            after: display_safe(after),
            cut_before,
            cut_after,
        }
    }
}

/// Text made safe to show: bidi embeddings, overrides and isolates, the BOM
/// and the noncharacters U+FFFE/U+FFFF (not allowed in XML) are removed (an
/// unbalanced override in an article would reverse the rest of a report
/// line), other control characters become spaces.
pub fn display_safe(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}'
                    | '\u{FFFE}'
                    | '\u{FFFF}'
            )
        })
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The result of scanning one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentResult {
    /// Document as displayed.
    pub file: String,
    /// Mentions in order of position.
    pub mentions: Vec<Mention>,
}

/// Scan one decoded document, read as the format its name implies
/// ([`InputFormat::from_path`]): plain text, Markdown or HTML.
pub fn scan_document(matcher: &Matcher<'_>, doc: &SourceFile) -> DocumentResult {
    scan_document_as(matcher, doc, InputFormat::from_path(&doc.display))
}

/// [`scan_document`] with a scratch reused across documents (see
/// [`MatchScratch`]): the same result, faster over many documents.
pub fn scan_document_with(
    matcher: &Matcher<'_>,
    doc: &SourceFile,
    scratch: &mut MatchScratch,
) -> DocumentResult {
    let view = markup::extract(&doc.text, InputFormat::from_path(&doc.display));
    scan_view_with(matcher, doc, &view, scratch)
}

/// Scan one decoded document read as `format`.
pub fn scan_document_as(
    matcher: &Matcher<'_>,
    doc: &SourceFile,
    format: InputFormat,
) -> DocumentResult {
    scan_view(matcher, doc, &markup::extract(&doc.text, format))
}

/// Scan the prose view of a document; mentions point into the document's text.
pub fn scan_view(matcher: &Matcher<'_>, doc: &SourceFile, view: &TextView) -> DocumentResult {
    scan_view_with(matcher, doc, view, &mut MatchScratch::default())
}

/// [`scan_view`] with a reusable scratch.
pub fn scan_view_with(
    matcher: &Matcher<'_>,
    doc: &SourceFile,
    view: &TextView,
    scratch: &mut MatchScratch,
) -> DocumentResult {
    let g: &Glossary = matcher.glossary();
    let mentions = matcher
        .find_with(&view.text, scratch)
        .into_iter()
        .map(|m| {
            let start = view.orig_start(m.start);
            let end = view.orig_end(m.end).max(start);
            let (line, column) = doc.line_col(start);
            let surface = doc.text[start..end].to_string();
            let form = &g.forms[m.form];
            Mention {
                file: doc.display.clone(),
                line,
                column,
                byte_start: doc.file_offset(start),
                byte_end: doc.file_offset(end),
                spelling: spelling(&view.text[m.start..m.end], m.elided_article),
                surface,
                entity: m.entity,
                entity_id: g.entities[m.entity].id.clone(),
                form: m.form,
                form_status: match m.kind {
                    MatchKind::Fuzzy => None,
                    // A lone surname is a short form of a listed name: acceptable.
                    MatchKind::Surname => Some(Status::Admitted),
                    _ => Some(form.status),
                },
                match_kind: m.kind,
                score: m.score,
                clitic: m.clitic,
                elided_article: m.elided_article,
                reason: m.reason,
                rivals: m.rivals.iter().map(|&e| g.entities[e].id.clone()).collect(),
                context: Snippet::around(&view.text, m.start, m.end),
            }
        })
        .collect();
    DocumentResult {
        file: doc.display.clone(),
        mentions,
    }
}

/// File extensions read when walking folders.
pub const TEXT_EXTENSIONS: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

/// One input file found by [`collect_inputs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path as displayed.
    pub display: String,
}

/// Expand input paths into files: folders are walked recursively in sorted
/// order (hidden entries skipped, only [`TEXT_EXTENSIONS`]); files named
/// explicitly are always read. Problems are returned, not fatal.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Error>) {
    collect_inputs_with(paths, &|p: &Path, is_dir: bool| {
        is_dir || has_text_extension(p)
    })
}

/// True when `p` ends in one of [`TEXT_EXTENSIONS`].
pub fn has_text_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| TEXT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

/// Like [`collect_inputs`], but `keep(path, is_dir)` decides which folders
/// are entered and which of their files are read while walking (hidden
/// entries are always skipped); files named explicitly are always read.
pub fn collect_inputs_with(
    paths: &[PathBuf],
    keep: &dyn Fn(&Path, bool) -> bool,
) -> (Vec<InputFile>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push(Error::Io {
                path: display(p),
                action: "reading input",
                source: e,
            }),
            Ok(m) if m.is_dir() => walk(p, keep, &mut files, &mut errors, 0),
            Ok(_) => files.push(InputFile {
                path: p.clone(),
                display: display(p),
            }),
        }
    }
    (files, errors)
}

fn walk(
    dir: &Path,
    keep: &dyn Fn(&Path, bool) -> bool,
    files: &mut Vec<InputFile>,
    errors: &mut Vec<Error>,
    depth: usize,
) {
    if depth > 64 {
        errors.push(Error::Other(format!(
            "{}: folder nesting deeper than 64 levels (symlink loop?); skipped",
            display(dir)
        )));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Error::Io {
                path: display(dir),
                action: "listing folder",
                source: e,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => {
                if keep(&p, true) {
                    walk(&p, keep, files, errors, depth + 1)
                }
            }
            Ok(_) => {
                if keep(&p, false) {
                    files.push(InputFile {
                        display: display(&p),
                        path: p,
                    });
                }
            }
            Err(e) => errors.push(Error::Io {
                path: display(&p),
                action: "reading input",
                source: e,
            }),
        }
    }
}

/// Path as displayed: forward slashes, no leading `./`.
pub fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn snip(text: &str, name: &str) -> Snippet {
        let start = text.find(name).expect("name in text");
        Snippet::around(text, start, start + name.len())
    }

    #[test]
    fn snippet_stays_on_the_line_of_the_name() {
        let s = snip(
            "سطر أول\nقال وزير خارجية كازاخستان اليوم\r\nسطر ثالث",
            "كازاخستان",
        );
        assert_eq!(s.before, "قال وزير خارجية ");
        assert_eq!(s.after, " اليوم");
        assert!(!s.cut_before && !s.cut_after);
    }

    #[test]
    fn snippet_is_bounded_and_cut_at_word_boundaries() {
        let words = "كلمة ".repeat(50);
        let text = format!("{words}ألماتي {words}");
        let s = snip(&text, "ألماتي");
        assert!(s.cut_before && s.cut_after);
        assert!(s.before.chars().count() <= SNIPPET_CHARS);
        assert!(s.after.chars().count() <= SNIPPET_CHARS);
        assert!(s.before.starts_with("كلمة"), "{:?}", s.before);
        assert!(s.after.ends_with("كلمة"), "{:?}", s.after);
    }

    #[test]
    fn snippet_drops_bidi_overrides_and_controls() {
        let s = snip("\u{202E}قال\tموسكو\u{2066}x\u{2069}\u{FFFF}", "موسكو");
        assert_eq!(s.before, "قال ");
        assert_eq!(s.after, "x");
    }

    #[test]
    fn snippet_of_one_long_word_keeps_its_characters() {
        let text = format!("{}ألماتي", "ب".repeat(100));
        let s = snip(&text, "ألماتي");
        assert!(s.cut_before);
        assert_eq!(s.before.chars().count(), SNIPPET_CHARS);
    }
}
