//! Input formats: plain text, Markdown and HTML, reduced to the prose a reader
//! sees, with a map back to the original bytes.
//!
//! The matcher runs over a [`TextView`]: the document's text with markup
//! (tags, attributes, comments, scripts and styles; Markdown syntax, code
//! spans and fences, link targets) taken out and character references
//! decoded. The view is made of *pieces*, each tied to a byte range of the
//! original: verbatim text (mapped byte for byte), decoded references (mapped
//! as a whole), and separators standing in for markup (`""` for inline markup,
//! `"\n"` for a line break, `"\n\n"` for a block boundary, so a name is never
//! joined across paragraphs but is across `<b>…</b>`). Every span the matcher
//! reports is mapped back with [`TextView::orig_start`] / [`TextView::orig_end`],
//! so offsets always point into the original file; [`TextView::touches_markup`]
//! tells whether a span covers any markup, in which case it must not be
//! rewritten.

pub mod html;
pub mod markdown;

use std::ops::Range;

use serde::Serialize;

/// The format of an input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text: every byte is prose.
    Text,
    /// CommonMark (`.md`, `.markdown`).
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
}

impl InputFormat {
    /// The format implied by a file name's extension (plain text when unknown).
    pub fn from_path(path: &str) -> Self {
        let ext = path
            .rsplit_once('.')
            .map(|(_, x)| x.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => InputFormat::Markdown,
            "html" | "htm" | "xhtml" => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
        }
    }

    /// Text to write into a document of this format so that it reads as
    /// `s` (HTML-escaped for HTML; unchanged otherwise).
    pub fn escape<'a>(self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self == InputFormat::Html && s.contains(['&', '<', '>']) {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .into()
        } else {
            s.into()
        }
    }
}

/// Build the prose view of `text` in `format`.
pub fn extract(text: &str, format: InputFormat) -> TextView {
    match format {
        InputFormat::Text => TextView::plain(text),
        InputFormat::Markdown => markdown::extract(text),
        InputFormat::Html => html::extract(text),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    view: usize,
    orig: usize,
    view_len: usize,
    orig_len: usize,
    verbatim: bool,
}

/// The prose of a document with the map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct TextView {
    /// The prose the matcher reads.
    pub text: String,
    /// Non-empty pieces, contiguous in view coordinates, increasing in both.
    pieces: Vec<Piece>,
    /// Original byte ranges of markup, sorted.
    markup: Vec<Range<usize>>,
}

impl TextView {
    /// The view of a plain-text document: the text itself.
    pub fn plain(text: &str) -> Self {
        let mut b = ViewBuilder::default();
        b.verbatim(0, text);
        b.finish()
    }

    /// Original byte offset where the view character starting at `pos` begins.
    pub fn orig_start(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.view <= pos);
        if i == 0 {
            return 0;
        }
        let p = &self.pieces[i - 1];
        if pos >= p.view + p.view_len {
            return p.orig + p.orig_len;
        }
        if p.verbatim {
            p.orig + (pos - p.view)
        } else {
            p.orig
        }
    }

    /// Original byte offset where the view character ending at `pos` ends (exclusive).
    pub fn orig_end(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.view < pos);
        if i == 0 {
            return self.pieces.first().map_or(0, |p| p.orig);
        }
        let p = &self.pieces[i - 1];
        if p.verbatim {
            p.orig + (pos - p.view).min(p.orig_len)
        } else {
            p.orig + p.orig_len
        }
    }

    /// True when the original range `start..end` covers any markup (a tag, a
    /// comment, Markdown syntax, a character reference is *not* markup).
    pub fn touches_markup(&self, start: usize, end: usize) -> bool {
        let i = self.markup.partition_point(|m| m.end <= start);
        self.markup.get(i).is_some_and(|m| m.start < end)
    }

    /// Original byte ranges of markup, sorted (for tests and diagnostics).
    pub fn markup_ranges(&self) -> &[Range<usize>] {
        &self.markup
    }
}

/// Builds a [`TextView`] piece by piece, in original order.
#[derive(Debug, Default)]
pub(crate) struct ViewBuilder {
    view: TextView,
}

impl ViewBuilder {
    /// Prose copied verbatim from original offset `orig`.
    pub(crate) fn verbatim(&mut self, orig: usize, s: &str) {
        self.piece(orig, s.len(), s, true);
    }

    /// Prose decoded from `orig` (a character reference): mapped as a whole.
    pub(crate) fn decoded(&mut self, orig: Range<usize>, s: &str) {
        self.piece(orig.start, orig.len(), s, false);
    }

    /// Markup at `orig`, standing in the view as `sep`.
    pub(crate) fn markup(&mut self, orig: Range<usize>, sep: &str) {
        if orig.is_empty() && sep.is_empty() {
            return;
        }
        match self.view.markup.last_mut() {
            Some(last) if last.end == orig.start => last.end = orig.end,
            _ => self.view.markup.push(orig.clone()),
        }
        self.piece(orig.start, orig.len(), sep, false);
    }

    fn piece(&mut self, orig: usize, orig_len: usize, s: &str, verbatim: bool) {
        if s.is_empty() {
            return;
        }
        self.view.pieces.push(Piece {
            view: self.view.text.len(),
            orig,
            view_len: s.len(),
            orig_len,
            verbatim,
        });
        self.view.text.push_str(s);
    }

    /// Append a view built for `text[offset..]` (an embedded HTML block).
    pub(crate) fn append(&mut self, sub: &TextView, offset: usize) {
        for m in &sub.markup {
            let m = m.start + offset..m.end + offset;
            match self.view.markup.last_mut() {
                Some(last) if last.end == m.start => last.end = m.end,
                _ => self.view.markup.push(m),
            }
        }
        for p in &sub.pieces {
            let s = &sub.text[p.view..p.view + p.view_len];
            self.piece(p.orig + offset, p.orig_len, s, p.verbatim);
        }
    }

    pub(crate) fn finish(self) -> TextView {
        self.view
    }
}

/// The separator standing for markup between two runs of prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) enum Break {
    /// Inline markup: the prose on both sides runs together.
    #[default]
    None,
    /// A line break.
    Line,
    /// A block boundary (paragraph, heading, list item, table cell, hidden content).
    Block,
}

impl Break {
    pub(crate) fn sep(self) -> &'static str {
        match self {
            Break::None => "",
            Break::Line => "\n",
            Break::Block => "\n\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(InputFormat::from_path("a/b.HTML"), InputFormat::Html);
        assert_eq!(InputFormat::from_path("x.htm"), InputFormat::Html);
        assert_eq!(InputFormat::from_path("x.md"), InputFormat::Markdown);
        assert_eq!(InputFormat::from_path("x.txt"), InputFormat::Text);
        assert_eq!(InputFormat::from_path("<stdin>"), InputFormat::Text);
    }

    #[test]
    fn plain_view_is_the_identity() {
        let t = "قال بوتين";
        let v = TextView::plain(t);
        assert_eq!(v.text, t);
        for (i, _) in t.char_indices() {
            assert_eq!(v.orig_start(i), i);
            assert_eq!(v.orig_end(i.max(1)), i.max(1));
        }
        assert_eq!(v.orig_end(t.len()), t.len());
        assert!(!v.touches_markup(0, t.len()));
    }

    #[test]
    fn decoded_and_markup_pieces_map_back() {
        // original: "ab<i>c</i>&amp;d"
        let mut b = ViewBuilder::default();
        b.verbatim(0, "ab");
        b.markup(2..5, "");
        b.verbatim(5, "c");
        b.markup(6..10, "");
        b.decoded(10..15, "&");
        b.verbatim(15, "d");
        let v = b.finish();
        assert_eq!(v.text, "abc&d");
        assert_eq!(v.orig_start(2), 5);
        assert_eq!(v.orig_end(3), 6);
        assert_eq!(v.orig_start(3), 10);
        assert_eq!(v.orig_end(4), 15);
        assert_eq!(v.orig_start(4), 15);
        assert_eq!(v.orig_end(5), 16);
        assert!(v.touches_markup(0, 6));
        assert!(!v.touches_markup(5, 6));
        assert!(!v.touches_markup(10, 16));
        assert!(!v.touches_markup(0, 2));
    }

    #[test]
    fn html_escape_only_for_html() {
        assert_eq!(InputFormat::Html.escape("a<b&"), "a&lt;b&amp;");
        assert_eq!(InputFormat::Markdown.escape("a<b&"), "a<b&");
    }

    mod offsets {
        use super::super::*;
        use proptest::prelude::*;

        const PIECES: [&str; 18] = [
            "المااتا",
            "ألما",
            " ",
            "\n",
            "\r\n",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<br>",
            "&nbsp;",
            "&#1575;",
            "&amp",
            "**",
            "`x`",
            "[a](u)",
            "<!-- c -->",
            "\u{feff}",
        ];

        proptest! {
            /// For any mix of prose and markup, in every format: view offsets
            /// map back to char boundaries of the original, monotonically, and
            /// a view character's start never lies after its end.
            #[test]
            fn view_offsets_map_monotonically_onto_char_boundaries(idx in proptest::collection::vec(0usize..PIECES.len(), 0..30)) {
                let text: String = idx.iter().map(|&i| PIECES[i]).collect();
                for format in [InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
                    let v = extract(&text, format);
                    let mut last = 0;
                    for (i, c) in v.text.char_indices() {
                        let s = v.orig_start(i);
                        let e = v.orig_end(i + c.len_utf8());
                        prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                        prop_assert!(s <= e && e <= text.len());
                        prop_assert!(s >= last, "{:?}: start {} before {}", format, s, last);
                        last = s;
                    }
                }
            }
        }
    }
}
