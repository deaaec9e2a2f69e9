//! Input documents: bytes from disk, decoded text, encoding and BOM, and the
//! line index that turns byte offsets into 1-based line and column numbers.
//!
//! Byte offsets reported to users are always offsets into the *file as stored*
//! (a UTF-8 BOM counts three bytes, an Arabic letter two bytes in UTF-16 and
//! one in Windows-1256); [`SourceFile::file_offset`] is the one place that
//! converts. Columns are counted in Unicode scalar values and computed only
//! when printing. [`SourceFile::encode`] writes edited text back in the
//! original encoding, BOM and line endings.

pub mod encoding;

use std::path::{Path, PathBuf};

use crate::error::Error;
use encoding::{DecodeProblem, MAX_TEXT_LEN};
pub use encoding::{Encoding, InputEncoding, LineEnding};

/// True for a byte that starts a character in UTF-8 (not a continuation
/// byte `10xxxxxx`): counting them counts characters without decoding.
pub(crate) const fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// A decoded input document.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as the user should see it (forward slashes, relative where given so).
    pub display: String,
    /// Path on disk, when the document came from a file.
    pub path: Option<PathBuf>,
    /// Decoded text (without BOM).
    pub text: String,
    /// Encoding of the stored file.
    pub encoding: Encoding,
    /// Bytes of BOM before `text` in the stored file (0 when none).
    pub bom_len: usize,
    /// Line endings of the stored file.
    pub line_ending: LineEnding,
    line_index: LineIndex,
}

impl SourceFile {
    /// Build a document from raw bytes: UTF-8 with or without BOM, or UTF-16
    /// with a BOM. Invalid bytes are an error naming the byte offset.
    pub fn from_bytes(display: impl Into<String>, bytes: Vec<u8>) -> Result<Self, Error> {
        Self::decode(display, bytes, InputEncoding::Utf8)
    }

    /// Build a document from raw bytes, assuming `assume` for files without a BOM.
    pub fn decode(
        display: impl Into<String>,
        bytes: Vec<u8>,
        assume: InputEncoding,
    ) -> Result<Self, Error> {
        let display = display.into();
        match encoding::decode(bytes, assume) {
            Ok(d) => {
                let mut f = Self::from_text(display, d.text, d.bom_len);
                f.encoding = d.encoding;
                Ok(f)
            }
            Err(DecodeProblem::Binary { offset }) => Err(Error::Binary {
                path: display,
                offset,
            }),
            Err(DecodeProblem::Invalid {
                encoding,
                offset,
                hint,
            }) => Err(Error::Decode {
                path: display,
                encoding: encoding.name(),
                offset,
                hint,
            }),
            Err(DecodeProblem::TooLarge { len }) => Err(too_large(&display, len as u64)),
        }
    }

    /// Build a UTF-8 document from already decoded text (`bom_len` is 3 when
    /// the stored file starts with a UTF-8 BOM, else 0).
    pub fn from_text(display: impl Into<String>, text: String, bom_len: usize) -> Self {
        let line_index = LineIndex::new(&text);
        Self {
            display: display.into(),
            path: None,
            line_ending: LineEnding::detect(&text),
            text,
            encoding: Encoding::Utf8,
            bom_len,
            line_index,
        }
    }

    /// Read a document from disk (UTF-8, or UTF-16 with a BOM).
    pub fn read(path: &Path, display: impl Into<String>) -> Result<Self, Error> {
        Self::read_with(path, display, InputEncoding::Utf8)
    }

    /// Read a document from disk, assuming `assume` for files without a BOM.
    /// Only regular files are read (a FIFO or a device would block or never end).
    pub fn read_with(
        path: &Path,
        display: impl Into<String>,
        assume: InputEncoding,
    ) -> Result<Self, Error> {
        let display = display.into();
        let io = |action: &'static str, e: std::io::Error| Error::Io {
            path: display.clone(),
            action,
            source: e,
        };
        let meta = std::fs::metadata(path).map_err(|e| io("reading", e))?;
        if !meta.is_file() {
            return Err(Error::Input {
                path: display,
                message: "not a regular file (a FIFO, socket or device); skipped".into(),
            });
        }
        if meta.len() > MAX_TEXT_LEN as u64 {
            return Err(too_large(&display, meta.len()));
        }
        let bytes = std::fs::read(path).map_err(|e| io("reading", e))?;
        let mut file = Self::decode(display, bytes, assume)?;
        file.path = Some(path.to_path_buf());
        Ok(file)
    }

    /// Offset in the stored file of a byte offset into `text` (a char boundary).
    pub fn file_offset(&self, text_offset: usize) -> usize {
        self.bom_len
            + match self.encoding {
                Encoding::Utf8 => text_offset,
                Encoding::Utf16Le | Encoding::Utf16Be => {
                    let (chars, supplementary) =
                        self.line_index.blocks.counts(&self.text, text_offset);
                    2 * (chars + supplementary)
                }
                Encoding::Windows1256 => self.line_index.blocks.counts(&self.text, text_offset).0,
            }
    }

    /// Offset into `text` of a byte offset in the stored file: the inverse of
    /// [`SourceFile::file_offset`] on char boundaries. An offset inside the
    /// BOM maps to 0; one inside a stored character, to that character's start.
    pub fn text_offset(&self, file_offset: usize) -> usize {
        let f = file_offset.saturating_sub(self.bom_len);
        match self.encoding {
            Encoding::Utf8 => {
                let mut t = f.min(self.text.len());
                while !self.text.is_char_boundary(t) {
                    t -= 1;
                }
                t
            }
            Encoding::Utf16Le | Encoding::Utf16Be => {
                self.line_index
                    .blocks
                    .find(&self.text, |c, s| 2 * (c + s), f)
            }
            Encoding::Windows1256 => self.line_index.blocks.find(&self.text, |c, _| c, f),
        }
    }

    /// A document like this one (same name, encoding, BOM and line endings)
    /// holding `text`: what an edited document is, before [`SourceFile::encode`].
    pub fn with_text(&self, text: String) -> SourceFile {
        SourceFile {
            display: self.display.clone(),
            path: self.path.clone(),
            line_index: LineIndex::new(&text),
            text,
            encoding: self.encoding,
            bom_len: self.bom_len,
            line_ending: self.line_ending,
        }
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset into `text`.
    pub fn line_col(&self, text_offset: usize) -> (usize, usize) {
        self.line_index.line_col(&self.text, text_offset)
    }

    /// The text of the 1-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        self.line_index.line_text(&self.text, line)
    }

    /// True when the stored file starts with a byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom_len > 0
    }

    /// `new_text` (this document's text after edits) as bytes in the stored
    /// file's encoding, with its BOM, and with bare `\n` written as `\r\n`
    /// when the file uses CRLF throughout. Encoding the unchanged text gives
    /// the stored bytes back exactly. Fails, naming the character, when
    /// `new_text` holds a character the encoding cannot store (Windows-1256
    /// has no emoji, for one).
    pub fn encode(&self, new_text: &str) -> Result<Vec<u8>, Error> {
        encoding::encode(new_text, self.encoding, self.has_bom(), self.line_ending).map_err(|p| {
            let (line, col) = LineIndex::new(new_text).line_col(new_text, p.offset);
            Error::Input {
                path: self.display.clone(),
                message: format!(
                    "line {line}, column {col}: cannot write {:?} (U+{:04X}) in {}; file left unchanged",
                    p.ch,
                    p.ch as u32,
                    self.encoding.name()
                ),
            }
        })
    }
}

fn too_large(display: &str, len: u64) -> Error {
    Error::Input {
        path: display.to_string(),
        message: format!(
            "too large ({len} bytes; documents are limited to {MAX_TEXT_LEN} bytes); skipped"
        ),
    }
}

/// Bytes of text between two checkpoints of [`Blocks`].
const BLOCK: usize = 1024;

/// Running counts at every [`BLOCK`] bytes of a text, so that the number of
/// characters (and of characters outside the Basic Multilingual Plane) before
/// any offset is found by scanning at most one block: column numbers and
/// UTF-16 / Windows-1256 file offsets in O(1) time whatever the line length,
/// for 16 bytes of memory per KiB of text.
#[derive(Debug, Clone, Default)]
struct Blocks {
    /// (chars, supplementary chars) before byte `k * BLOCK`.
    at: Vec<(usize, usize)>,
}

impl Blocks {
    fn new(text: &str) -> Self {
        let mut at = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut acc = (0, 0);
        for chunk in text.as_bytes().chunks(BLOCK) {
            at.push(acc);
            let c = count(chunk);
            acc = (acc.0 + c.0, acc.1 + c.1);
        }
        Self { at }
    }

    /// (chars, supplementary chars) in `text[..offset]`.
    fn counts(&self, text: &str, offset: usize) -> (usize, usize) {
        let k = offset / BLOCK;
        let Some(&base) = self.at.get(k) else {
            return count(text.as_bytes());
        };
        let rest = count(&text.as_bytes()[k * BLOCK..offset]);
        (base.0 + rest.0, base.1 + rest.1)
    }
}

impl Blocks {
    /// The last char boundary of `text` whose `stored(chars, supplementary)`
    /// length is at most `target` (`stored` grows with the counts).
    fn find(&self, text: &str, stored: impl Fn(usize, usize) -> usize, target: usize) -> usize {
        // The last block that starts at or before the target…
        let k = self
            .at
            .partition_point(|&(c, s)| stored(c, s) <= target)
            .saturating_sub(1);
        let Some(&(mut c, mut s)) = self.at.get(k) else {
            return 0;
        };
        // …then char by char from the first boundary in it (a char cut by the
        // block start was counted before it). (c, s) describe `text[..t]`.
        let mut t = k * BLOCK;
        while !text.is_char_boundary(t) {
            t += 1;
        }
        let mut best = t;
        loop {
            if stored(c, s) > target {
                return best;
            }
            best = t;
            let Some(ch) = text[t..].chars().next() else {
                return best;
            };
            c += 1;
            s += usize::from(ch.len_utf8() == 4);
            t += ch.len_utf8();
        }
    }
}

/// (chars, chars of 4 UTF-8 bytes) starting in `bytes`.
fn count(bytes: &[u8]) -> (usize, usize) {
    // Summed in chunks of bytes so that the loops vectorise (a chunk's
    // count fits a byte).
    let (mut starts, mut supplementary) = (0usize, 0usize);
    for chunk in bytes.chunks(255) {
        starts += usize::from(
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_char_start(b))),
        );
        supplementary += usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b >= 0xF0)));
    }
    (starts, supplementary)
}

/// Start offsets of every line, plus character counts for long lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    blocks: Blocks,
}

impl LineIndex {
    /// Index the line starts of `text` (lines end at `\n`; a preceding `\r` belongs to the line end).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            starts,
            blocks: Blocks::new(text),
        }
    }

    /// 1-based line and column (in chars) of `offset`. Takes the same time
    /// on a 200 MB line as on a short one.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = if offset - start <= 2 * BLOCK {
            count(&text.as_bytes()[start..offset]).0
        } else {
            self.blocks.counts(text, offset).0 - self.blocks.counts(text, start).0
        };
        (line, col + 1)
    }

    /// Text of 1-based `line` without `\r\n` / `\n`.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text[start..end].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_count_equals_counting_each_byte() {
        let text = "قال x 😀 é\n".repeat(200);
        for end in [0, 1, 254, 255, 256, 600, text.len()] {
            let b = &text.as_bytes()[..end];
            let want = (
                b.iter().filter(|&&x| (x as i8) >= -0x40).count(),
                b.iter().filter(|&&x| x >= 0xF0).count(),
            );
            assert_eq!(count(b), want, "{end}");
        }
    }

    #[test]
    fn bom_is_counted_in_file_offsets_not_columns() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend("روسيا".as_bytes());
        let f = SourceFile::from_bytes("x.txt", bytes).unwrap();
        assert_eq!(f.text, "روسيا");
        assert_eq!(f.file_offset(0), 3);
        assert_eq!(f.line_col(0), (1, 1));
    }

    #[test]
    fn columns_count_scalar_values_on_crlf_lines() {
        let f = SourceFile::from_text("x", "أ\r\nبَ ت".to_string(), 0);
        let t = f.text.find('ت').unwrap();
        assert_eq!(f.line_col(t), (2, 4));
        assert_eq!(f.line_text(1), "أ");
        assert_eq!(f.line_text(2), "بَ ت");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = SourceFile::from_bytes("bad.txt", vec![b'a', b'b', 0xFF, 0x20]).unwrap_err();
        assert_eq!(err.to_string(), "bad.txt: invalid UTF-8 at byte 2");
        let err = SourceFile::from_bytes("bad.txt", vec![b'a', b'b', 0xC7, 0xE1]).unwrap_err();
        assert!(err.to_string().starts_with(
            "bad.txt: invalid UTF-8 at byte 2; it looks like Windows-1256 (Arabic): rerun with `--encoding cp1256`"
        ));
    }

    /// Stored bytes of `text` in `enc`, with BOM when the encoding has one.
    fn stored(text: &str, enc: Encoding) -> Vec<u8> {
        encoding::encode(text, enc, enc != Encoding::Windows1256, LineEnding::Mixed).unwrap()
    }

    /// Every stored encoding with `text` as it can hold it (Windows-1256 has
    /// no emoji: 😀 becomes x).
    fn in_every_encoding(text: &str) -> Vec<(Encoding, String)> {
        [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Windows1256,
        ]
        .into_iter()
        .map(|enc| match enc {
            Encoding::Windows1256 => (enc, text.replace('😀', "x")),
            _ => (enc, text.to_string()),
        })
        .collect()
    }

    #[test]
    fn file_offsets_point_into_the_stored_bytes_in_every_encoding() {
        for (enc, t) in in_every_encoding("سطر 😀\r\né قال روسيا\n") {
            let bytes = stored(&t, enc);
            let f = SourceFile::decode("x", bytes.clone(), InputEncoding::Windows1256).unwrap();
            assert_eq!((f.encoding, f.text.as_str()), (enc, t.as_str()));
            let a = t.find("روسيا").unwrap();
            let b = a + "روسيا".len();
            let (fa, fb) = (f.file_offset(a), f.file_offset(b));
            assert_eq!(stored(&t[..a], enc).len(), fa, "{}", enc.name());
            assert_eq!(
                encoding::encode("روسيا", enc, false, LineEnding::None).unwrap(),
                bytes[fa..fb],
                "{}",
                enc.name()
            );
            assert_eq!(f.file_offset(t.len()), bytes.len());
            assert_eq!(f.encode(&f.text).unwrap(), bytes);
        }
    }

    #[test]
    fn text_offset_inverts_file_offset_in_every_encoding() {
        let text = "سطر 😀\r\né ".repeat(400) + "قال روسيا\n";
        for (enc, t) in in_every_encoding(&text) {
            let f = SourceFile::decode("x", stored(&t, enc), InputEncoding::Windows1256).unwrap();
            for (i, _) in t.char_indices().step_by(13).chain([(t.len(), ' ')]) {
                assert_eq!(f.text_offset(f.file_offset(i)), i, "{} at {i}", enc.name());
            }
            assert_eq!(f.text_offset(0), 0);
            assert_eq!(f.text_offset(usize::MAX), t.len());
            let edited = f.with_text("روسيا".into());
            assert_eq!((edited.encoding, edited.bom_len), (f.encoding, f.bom_len));
        }
    }

    #[test]
    fn long_lines_use_the_block_counts() {
        let line = "ab😀ج".repeat(3000);
        let text = format!("x\n{line}روسيا\n");
        let f = SourceFile::from_text("x", text.clone(), 0);
        let off = text.find("روسيا").unwrap();
        assert_eq!(f.line_col(off), (2, line.chars().count() + 1));
        let mut u16 = SourceFile::from_text("x", text.clone(), 2);
        u16.encoding = Encoding::Utf16Le;
        assert_eq!(
            u16.file_offset(off),
            2 + 2 * text[..off].encode_utf16().count()
        );
    }

    #[test]
    fn encode_names_the_character_that_does_not_fit() {
        let f = SourceFile::decode(
            "old.txt",
            b"\xC7\xE1\r\n".to_vec(),
            InputEncoding::Windows1256,
        )
        .unwrap();
        assert_eq!(f.line_ending, LineEnding::Crlf);
        let e = f.encode("ال\r\nx 😀").unwrap_err().to_string();
        assert_eq!(
            e,
            "old.txt: line 2, column 3: cannot write '😀' (U+1F600) in Windows-1256; file left unchanged"
        );
        assert_eq!(f.encode("ال\nب").unwrap(), b"\xC7\xE1\r\n\xC8");
    }
}
