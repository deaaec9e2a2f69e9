//! The scan pipeline: documents in, [`Mention`]s out.
//!
//! A [`Mention`] is the message model every printer consumes: it carries byte
//! offsets into the stored file (the single truth), plus the line and column
//! computed once here while the document is in memory, so reports never need
//! the text again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;
use crate::glossary::{Glossary, Status};
use crate::markup::{self, InputFormat, TextView};
use crate::matcher::{spelling, Match, MatchKind, MatchScratch, Matcher};
use crate::source::is_char_start;
use crate::source::SourceFile;

mod segment;
pub use segment::{context_start, segments, SEGMENT_LEN};

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
        // Look for the line's ends no further than the snippet can reach (at
        // most 4 bytes a character), so that a mention on a 200 MB line costs
        // no more than one on a short line.
        const REACH: usize = 4 * (SNIPPET_CHARS + 2);
        let mut lo = start.saturating_sub(REACH);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (end + REACH).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        // Line breaks are ASCII, so they are searched for as bytes (memchr:
        // this runs once per mention, over up to REACH bytes each side).
        let bytes = text.as_bytes();
        let line_start =
            memchr::memrchr2(b'\n', b'\r', &bytes[lo..start]).map_or(lo, |i| lo + i + 1);
        let line_end = memchr::memchr2(b'\n', b'\r', &bytes[end..hi]).map_or(hi, |i| end + i);
        let head = &text[line_start..start];
        let tail = &text[end..line_end];

        // Before: the last SNIPPET_CHARS characters, then drop a partial first word.
        let (mut before, mut cut_before) = (head, false);
        if let Some(i) = nth_char_from_end(head, SNIPPET_CHARS) {
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
        if let Some(i) = nth_char_start(tail, SNIPPET_CHARS) {
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

/// Byte offset of the `n`-th character of `s` counted from its end (`n` ≥ 1:
/// 1 is the last character), as `s.char_indices().rev().nth(n - 1)` but
/// counting lead bytes instead of decoding; `None` when `s` is shorter.
fn nth_char_from_end(s: &str, n: usize) -> Option<usize> {
    if s.len() < n {
        return None; // fewer bytes, so fewer characters
    }
    let mut seen = 0;
    for (i, &b) in s.as_bytes().iter().enumerate().rev() {
        if is_char_start(b) {
            seen += 1;
            if seen == n {
                return Some(i);
            }
        }
    }
    None
}

/// Byte offset of the 0-based `n`-th character of `s`, as
/// `s.char_indices().nth(n)` but counting lead bytes; `None` when `s` has no
/// more than `n` characters.
fn nth_char_start(s: &str, n: usize) -> Option<usize> {
    if s.len() <= n {
        return None;
    }
    let mut seen = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if is_char_start(b) {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
    }
    None
}

/// True for the characters [`display_safe`] removes: bidi embeddings,
/// overrides and isolates, the BOM and the noncharacters U+FFFE/U+FFFF.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
    )
}

/// True when [`display_safe`] changes nothing in `s`, decided on bytes:
/// every character it changes is an ASCII control or starts with the byte
/// C2 (C1 controls), E2 (bidi controls) or EF (BOM, U+FFFE/FFFF), which
/// never occur inside another character, so text without them (most text)
/// is already safe.
pub fn is_display_safe(s: &str) -> bool {
    // Non-short-circuiting within a block, so the test of a block compiles
    // to vector instructions (this runs on every snippet and workbook cell).
    s.as_bytes()
        .chunks(32)
        .all(|block| !block.iter().fold(false, |acc, &b| acc | is_flagged_byte(b)))
}

/// A byte [`is_display_safe`] looks for (written with `|`, not `||`, so a
/// fold over a block of bytes vectorises).
pub(crate) const fn is_flagged_byte(b: u8) -> bool {
    (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF)
}

/// Text made safe to show: the [`is_hidden`] characters are removed (an
/// unbalanced override in an article would reverse the rest of a report
/// line; U+FFFE/U+FFFF are not allowed in XML), other control characters
/// become spaces.
pub fn display_safe(s: &str) -> String {
    if is_display_safe(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    out.extend(
        s.chars()
            .filter(|&c| !is_hidden(c))
            .map(|c| if c.is_control() { ' ' } else { c }),
    );
    out
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
    let parts = segments(&view.text, SEGMENT_LEN);
    // "Named in full in this document" is about the whole document.
    let named: Option<HashSet<usize>> = (parts.len() > 1).then(|| {
        parts
            .iter()
            .flat_map(|&(a, b)| matcher.named_in_full_with(&view.text[a..b], scratch))
            .collect()
    });
    let mut mentions = Vec::new();
    for (start, end) in parts {
        let from = segment::context_start(&view.text, start);
        mentions.extend(
            matcher
                .find_in_document_with(&view.text[from..end], named.as_ref(), scratch)
                .into_iter()
                .filter(|m| from + m.start >= start)
                .map(|mut m| {
                    m.start += from;
                    m.end += from;
                    to_mention(g, doc, view, m)
                }),
        );
    }
    DocumentResult {
        file: doc.display.clone(),
        mentions,
    }
}

/// A match in `view` coordinates as a mention in the document's stored bytes.
fn to_mention(g: &Glossary, doc: &SourceFile, view: &TextView, m: Match) -> Mention {
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

/// Deepest folder nesting walked.
const MAX_DEPTH: usize = 64;

/// Expand input paths into files: folders are walked recursively (hidden
/// entries skipped, only [`TEXT_EXTENSIONS`]); files named explicitly are
/// always read. The result is sorted by displayed path and holds each file
/// once, so the order of `paths` never changes the output. Symbolic links are
/// followed, but a link back to a folder being walked (a loop) or to a folder
/// already walked is not. Problems are returned, not fatal; those for which
/// [`Error::is_notice`] holds are notices, not failures.
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
    let mut w = Walker {
        keep,
        files: Vec::new(),
        errors: Vec::new(),
        seen: HashMap::new(),
        ancestors: Vec::new(),
    };
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => w.errors.push(Error::Io {
                path: display(p),
                action: "reading input",
                source: e,
            }),
            Ok(m) if m.is_dir() => w.walk(p, 0),
            Ok(_) => w.file(p),
        }
    }
    w.files
        .sort_by(|a, b| Path::new(&a.display).cmp(Path::new(&b.display)));
    (w.files, w.errors)
}

struct Walker<'k> {
    keep: &'k dyn Fn(&Path, bool) -> bool,
    files: Vec<InputFile>,
    errors: Vec<Error>,
    /// Canonical path → displayed path of every file and folder taken.
    seen: HashMap<PathBuf, String>,
    /// Canonical paths of the folders being walked (the current branch).
    ancestors: Vec<PathBuf>,
}

impl Walker<'_> {
    fn file(&mut self, p: &Path) {
        let shown = display(p);
        let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if self.seen.contains_key(&canon) {
            return; // named twice, or reached through a link: read once
        }
        if p.to_str().is_none() {
            self.errors.push(Error::Notice {
                path: shown.clone(),
                message: "file name is not valid UTF-8; shown with \\x escapes".into(),
            });
        }
        self.seen.insert(canon, shown.clone());
        self.files.push(InputFile {
            path: p.to_path_buf(),
            display: shown,
        });
    }

    fn walk(&mut self, dir: &Path, depth: usize) {
        let shown = display(dir);
        if depth > MAX_DEPTH {
            self.errors.push(Error::Input {
                path: shown,
                message: format!("folder nesting deeper than {MAX_DEPTH} levels; skipped"),
            });
            return;
        }
        let canon = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if self.ancestors.contains(&canon) {
            self.errors.push(Error::Notice {
                path: shown,
                message: "symbolic link loop (leads back to a folder being scanned); not followed"
                    .into(),
            });
            return;
        }
        if let Some(first) = self.seen.get(&canon) {
            self.errors.push(Error::Notice {
                path: shown,
                message: format!("same folder as `{first}`, already scanned; not scanned again"),
            });
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.errors.push(Error::Io {
                    path: shown,
                    action: "listing folder",
                    source: e,
                });
                return;
            }
        };
        self.seen.insert(canon.clone(), shown.clone());
        let mut paths = Vec::new();
        for e in entries {
            match e {
                Ok(e) => paths.push(e.path()),
                Err(e) => self.errors.push(Error::Io {
                    path: shown.clone(),
                    action: "listing folder",
                    source: e,
                }),
            }
        }
        paths.sort();
        self.ancestors.push(canon);
        for p in paths {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
            if hidden {
                continue;
            }
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    if (self.keep)(&p, true) {
                        self.walk(&p, depth + 1);
                    }
                }
                Ok(_) => {
                    if (self.keep)(&p, false) {
                        self.file(&p);
                    }
                }
                Err(e) => self.errors.push(Error::Io {
                    path: display(&p),
                    action: "reading input",
                    source: e,
                }),
            }
        }
        self.ancestors.pop();
    }
}

/// Path as displayed: forward slashes, no leading `./`; bytes that are not
/// UTF-8 (possible in Linux file names) are shown as `\xHH`, so two such
/// names never look the same.
pub fn display(p: &Path) -> String {
    let s = match p.to_str() {
        Some(s) => s.replace('\\', "/"),
        None => {
            let mut out = String::new();
            for chunk in p.as_os_str().as_encoded_bytes().utf8_chunks() {
                out.push_str(&chunk.valid().replace('\\', "/"));
                for b in chunk.invalid() {
                    out.push_str(&format!("\\x{b:02X}"));
                }
            }
            out
        }
    };
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

    /// `Snippet::around` as first written (char_indices, byte-by-byte line
    /// search): the reference the byte-counting version must agree with.
    fn around_reference(text: &str, start: usize, end: usize) -> Snippet {
        const REACH: usize = 4 * (SNIPPET_CHARS + 2);
        let mut lo = start.saturating_sub(REACH);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (end + REACH).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let is_break = |b: &u8| *b == b'\n' || *b == b'\r';
        let line_start = text.as_bytes()[lo..start]
            .iter()
            .rposition(is_break)
            .map_or(lo, |i| lo + i + 1);
        let line_end = text.as_bytes()[end..hi]
            .iter()
            .position(is_break)
            .map_or(hi, |i| end + i);
        let head = &text[line_start..start];
        let tail = &text[end..line_end];
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
        let safe = |s: &str| -> String {
            s.chars()
                .filter(|&c| !is_hidden(c))
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect()
        };
        Snippet {
            before: safe(before),
            after: safe(after),
            cut_before,
            cut_after,
        }
    }

    #[test]
    fn snippet_agrees_with_the_char_by_char_reference_everywhere() {
        let para = "قالَ وزيرُ الخارجيّة ـــ سيرغي لافروف\u{00A0}إنّ موسكو\tستردّ؛ 😀 «ألماتي» x";
        let texts = [
            format!("\u{FEFF}{para}\r\n{para} {para}\r\n\r\nسطر\n"),
            format!("{}\n{para}\u{202E}{para}\u{2066}\r", "كــلمة ".repeat(30)),
            format!("{}{}", "ب".repeat(45), "ُ".repeat(45)),
            format!("a\u{0085}b\u{2028}{para}\u{FFFF}{para}"),
            "x".repeat(90),
            String::new(),
        ];
        for text in &texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &a) in bounds.iter().enumerate() {
                for &b in bounds[k..].iter().take(12) {
                    assert_eq!(
                        Snippet::around(text, a, b),
                        around_reference(text, a, b),
                        "{text:?} {a}..{b}"
                    );
                }
            }
        }
    }

    #[test]
    fn char_counting_by_lead_bytes_matches_char_indices() {
        for s in ["", "a", "ألماتي", "😀bَ", "ـــx", &"ب".repeat(50)] {
            for n in 0..60 {
                assert_eq!(nth_char_start(s, n), s.char_indices().nth(n).map(|c| c.0));
                if n > 0 {
                    assert_eq!(
                        nth_char_from_end(s, n),
                        s.char_indices().rev().nth(n - 1).map(|c| c.0)
                    );
                }
            }
        }
    }

    #[test]
    fn display_safe_test_on_blocks_finds_a_flagged_byte_anywhere() {
        // One character of each flagged lead byte (and the ASCII controls).
        let flagged = [
            '\u{0}', '\u{1F}', '\u{7F}', '\u{A0}', '\u{2026}', '\u{FEFF}',
        ];
        for len in [0usize, 1, 15, 16, 17, 31, 32, 33, 64, 65, 100] {
            let plain = "ب".repeat(len);
            assert!(is_display_safe(&plain));
            for pos in [0, len / 2, len] {
                for c in flagged {
                    let mut s: String = plain.chars().take(pos).collect();
                    s.push(c);
                    s.extend(plain.chars().skip(pos));
                    assert!(!is_display_safe(&s), "{len} {pos} {c:?}");
                }
            }
        }
    }

    #[test]
    fn display_safe_fast_path_changes_nothing_it_should_change() {
        let reference = |s: &str| -> String {
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
        };
        let mut samples = vec!["قال وزير خارجية كازاخستان".to_string(), "a b".into()];
        for u in (0..0x300u32).chain(0x2000..0x2100).chain(0xFE00..=0xFFFF) {
            if let Some(c) = char::from_u32(u) {
                samples.push(format!("ب{c}x"));
            }
        }
        for s in &samples {
            assert_eq!(display_safe(s), reference(s), "{s:?}");
        }
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
    fn snippet_on_a_long_line_is_the_same_as_on_its_neighbourhood() {
        // Issue 5: the snippet looks only near the name, with the same result.
        let pad = "ك".repeat(500);
        let text = format!("{pad} قال إن ألماتي مدينة {pad}");
        let s = snip(&text, "ألماتي");
        assert!(s.cut_before && s.cut_after);
        assert_eq!((s.before.as_str(), s.after.as_str()), ("قال إن ", " مدينة"));
        let short = snip("\nقال إن ألماتي مدينة\n", "ألماتي");
        assert_eq!(
            (short.before.as_str(), short.after.as_str()),
            ("قال إن ", " مدينة")
        );
        assert!(!short.cut_before && !short.cut_after);
    }

    #[test]
    fn snippet_of_one_long_word_keeps_its_characters() {
        let text = format!("{}ألماتي", "ب".repeat(100));
        let s = snip(&text, "ألماتي");
        assert!(s.cut_before);
        assert_eq!(s.before.chars().count(), SNIPPET_CHARS);
    }
}
