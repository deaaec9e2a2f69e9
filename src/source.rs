//! Input documents: bytes from disk, decoded text, BOM, and the line index
//! that turns byte offsets into 1-based line and column numbers.
//!
//! Byte offsets reported to users are always offsets into the *file as stored*
//! (so a UTF-8 BOM counts three bytes); columns are counted in Unicode scalar
//! values and computed only when printing.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// A decoded input document.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as the user should see it (forward slashes, relative where given so).
    pub display: String,
    /// Path on disk, when the document came from a file.
    pub path: Option<PathBuf>,
    /// Decoded text (without BOM).
    pub text: String,
    /// Bytes before `text` in the stored file (3 for a UTF-8 BOM).
    pub bom_len: usize,
    line_index: LineIndex,
}

impl SourceFile {
    /// Build a document from raw bytes. UTF-8 only (with or without BOM);
    /// invalid UTF-8 is an error naming the byte offset.
    pub fn from_bytes(display: impl Into<String>, bytes: Vec<u8>) -> Result<Self, Error> {
        let display = display.into();
        let bom_len = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let text = match String::from_utf8(bytes) {
            Ok(mut s) => {
                s.drain(..bom_len);
                s
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                return Err(Error::InvalidUtf8 {
                    path: display,
                    offset,
                });
            }
        };
        Ok(Self::from_text(display, text, bom_len))
    }

    /// Build a document from already decoded text.
    pub fn from_text(display: impl Into<String>, text: String, bom_len: usize) -> Self {
        let line_index = LineIndex::new(&text);
        Self {
            display: display.into(),
            path: None,
            text,
            bom_len,
            line_index,
        }
    }

    /// Read a document from disk.
    pub fn read(path: &Path, display: impl Into<String>) -> Result<Self, Error> {
        let display = display.into();
        let bytes = std::fs::read(path).map_err(|e| Error::Io {
            path: display.clone(),
            action: "reading",
            source: e,
        })?;
        let mut file = Self::from_bytes(display, bytes)?;
        file.path = Some(path.to_path_buf());
        Ok(file)
    }

    /// Offset in the stored file of a byte offset into `text`.
    pub fn file_offset(&self, text_offset: usize) -> usize {
        text_offset + self.bom_len
    }

    /// 1-based line and column (in Unicode scalar values) of a byte offset into `text`.
    pub fn line_col(&self, text_offset: usize) -> (usize, usize) {
        self.line_index.line_col(&self.text, text_offset)
    }

    /// The text of the 1-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        self.line_index.line_text(&self.text, line)
    }
}

/// Start offsets of every line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text` (lines end at `\n`; a preceding `\r` belongs to the line end).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts }
    }

    /// 1-based line and column (in chars) of `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text[start..offset].chars().count() + 1;
        (line, col)
    }

    /// Text of 1-based `line` without `\r\n` / `\n`.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        text[start..end].trim_end_matches('\r')
    }
}

fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack
        .iter()
        .enumerate()
        .filter(move |(_, &b)| b == needle)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let err = SourceFile::from_bytes("bad.txt", vec![b'a', b'b', 0xC7, 0x20]).unwrap_err();
        assert_eq!(err.to_string(), "bad.txt: invalid UTF-8 at byte 2");
    }
}
