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
}

impl Mention {
    /// `form_status` as written in reports (`unlisted` for fuzzy matches).
    pub fn status_str(&self) -> &'static str {
        self.form_status.map_or("unlisted", Status::as_str)
    }
}

/// The result of scanning one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentResult {
    /// Document as displayed.
    pub file: String,
    /// Mentions in order of position.
    pub mentions: Vec<Mention>,
}

/// Scan one decoded document.
pub fn scan_document(matcher: &Matcher<'_>, doc: &SourceFile) -> DocumentResult {
    scan_document_with(matcher, doc, &mut MatchScratch::default())
}

/// [`scan_document`] with a scratch reused across documents (see
/// [`MatchScratch`]).
pub fn scan_document_with(
    matcher: &Matcher<'_>,
    doc: &SourceFile,
    scratch: &mut MatchScratch,
) -> DocumentResult {
    let g: &Glossary = matcher.glossary();
    let mentions = matcher
        .find_with(&doc.text, scratch)
        .into_iter()
        .map(|m| {
            let (line, column) = doc.line_col(m.start);
            let surface = doc.text[m.start..m.end].to_string();
            let form = &g.forms[m.form];
            Mention {
                file: doc.display.clone(),
                line,
                column,
                byte_start: doc.file_offset(m.start),
                byte_end: doc.file_offset(m.end),
                spelling: spelling(&surface, m.elided_article),
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
            }
        })
        .collect();
    DocumentResult {
        file: doc.display.clone(),
        mentions,
    }
}

/// File extensions read when walking folders.
pub const TEXT_EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];

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
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => errors.push(Error::Io {
                path: display(p),
                action: "reading input",
                source: e,
            }),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors, 0),
            Ok(_) => files.push(InputFile {
                path: p.clone(),
                display: display(p),
            }),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<InputFile>, errors: &mut Vec<Error>, depth: usize) {
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
            Ok(m) if m.is_dir() => walk(&p, files, errors, depth + 1),
            Ok(_) => {
                let ext_ok = p
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| TEXT_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
                if ext_ok {
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
