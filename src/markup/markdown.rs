//! Markdown: the prose of a CommonMark document, via `pulldown-cmark`.
//!
//! `pulldown-cmark`'s offset iterator gives the source range of every event.
//! Text events become prose (verbatim when the source reads the same, else —
//! a backslash escape or an entity — decoded and mapped as a unit); all other
//! bytes are markup: emphasis markers, link targets, heading and list markers.
//! Code spans, fenced and indented code, math, image alt text and autolinks
//! are never prose. HTML blocks are read with the HTML extractor; inline HTML
//! tags are markup. Tables, footnotes, strikethrough, task lists and YAML
//! front matter are recognised (front-matter values are prose).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::markup::{html, Break, TextView, ViewBuilder};

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Build the prose view of a Markdown document.
pub fn extract(text: &str) -> TextView {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut b = ViewBuilder::default();
    let mut gap_start = 0;
    let mut gap_break = Break::None;
    // Depth of content that is never prose (code blocks, images, autolinks).
    let mut hidden = 0usize;
    // Inside an HTML block already handed to the HTML extractor.
    let mut html_block_end: Option<usize> = None;
    // Stack of link kinds, to know which End(Link) closes an autolink.
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        if let Some(end) = html_block_end {
            if matches!(event, Event::End(TagEnd::HtmlBlock)) {
                html_block_end = None;
                gap_start = gap_start.max(end);
            }
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => {
                let r = clamp(text, range);
                if r.start < gap_start {
                    continue;
                }
                b.markup(gap_start..r.start, Break::Block.sep());
                b.append(&html::extract(&text[r.clone()]), r.start);
                gap_start = r.end;
                gap_break = Break::Block;
                html_block_end = Some(r.end);
            }
            Event::Start(tag) => {
                match &tag {
                    Tag::CodeBlock(_) | Tag::Image { .. } => hidden += 1,
                    Tag::Link { link_type, .. } => {
                        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        links.push(auto);
                        if auto {
                            hidden += 1;
                        }
                    }
                    _ => {}
                }
                if !is_inline(&tag) {
                    gap_break = Break::Block;
                }
            }
            Event::End(tag) => {
                match tag {
                    TagEnd::CodeBlock | TagEnd::Image => hidden = hidden.saturating_sub(1),
                    TagEnd::Link => {
                        let autolink = links.pop() == Some(true);
                        hidden = hidden.saturating_sub(usize::from(autolink));
                    }
                    _ => {}
                }
                if !is_inline_end(&tag) {
                    gap_break = Break::Block;
                }
            }
            Event::Text(t) if hidden == 0 => {
                let r = clamp(text, range);
                if r.is_empty() || r.start < gap_start {
                    continue;
                }
                b.markup(gap_start..r.start, gap_break.sep());
                let src = &text[r.clone()];
                if src == &*t {
                    b.verbatim(r.start, src);
                } else {
                    b.decoded(r.clone(), &t);
                }
                gap_start = r.end;
                gap_break = Break::None;
            }
            Event::SoftBreak | Event::HardBreak => gap_break = gap_break.max(Break::Line),
            Event::Rule | Event::DisplayMath(_) => gap_break = Break::Block,
            _ => {}
        }
    }
    b.markup(gap_start..text.len(), "");
    b.finish()
}

/// A range clamped to the text and to char boundaries (defensive: the parser's
/// ranges are always valid, but a bad one must never panic).
fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let mut s = r.start.min(text.len());
    let mut e = r.end.min(text.len()).max(s);
    while !text.is_char_boundary(s) {
        s -= 1;
    }
    while !text.is_char_boundary(e) {
        e += 1;
    }
    s..e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: &TextView, text: &str, needle: &str) -> (usize, usize) {
        let at = v
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", v.text));
        let s = v.orig_start(at);
        let e = v.orig_end(at + needle.len());
        assert_eq!(&text[s..e], needle);
        (s, e)
    }

    #[test]
    fn prose_is_kept_syntax_and_code_are_not() {
        let md = "# كازاخستان\n\nفي **المااتا** قال [توكاييف](https://x.kz/المااتا \"المااتا\").\n\n`المااتا`\n\n```\nالمااتا\n```\n\n![المااتا](a.png) <https://المااتا.kz>\n";
        let v = extract(md);
        assert_eq!(v.text.matches("المااتا").count(), 1, "{:?}", v.text);
        map(&v, md, "كازاخستان");
        let (s, e) = map(&v, md, "المااتا");
        assert!(!v.touches_markup(s, e));
        map(&v, md, "توكاييف");
        assert!(!v.text.contains("https"));
    }

    #[test]
    fn paragraphs_break_names_emphasis_does_not() {
        let v = extract("ألما\n\nاتا\n");
        assert!(
            !v.text.contains("ألما اتا") && v.text.contains("\n\n"),
            "{:?}",
            v.text
        );
        let v = extract("*ألما* اتا\n");
        assert!(v.text.contains("ألما اتا"), "{:?}", v.text);
    }

    #[test]
    fn soft_breaks_keep_names_together() {
        let v = extract("قال نور\nسلطان\n");
        assert!(v.text.contains("نور\nسلطان"), "{:?}", v.text);
    }

    #[test]
    fn html_blocks_are_read_as_html() {
        let md = "فقرة\n\n<div class=\"المااتا\">\nفي المااتا\n</div>\n\nبعد\n";
        let v = extract(md);
        assert_eq!(v.text.matches("المااتا").count(), 1, "{:?}", v.text);
        let (s, _) = map(&v, md, "المااتا");
        assert!(md[..s].ends_with("في "));
        map(&v, md, "بعد");
    }

    #[test]
    fn escapes_are_decoded_and_mapped_as_units() {
        let md = "a \\* b &amp; ألماتي\n";
        let v = extract(md);
        assert!(v.text.contains("a * b & ألماتي"), "{:?}", v.text);
        map(&v, md, "ألماتي");
    }

    #[test]
    fn crlf_and_front_matter() {
        let md = "---\r\ntitle: ألماتي\r\n---\r\n\r\nنص عن كازاخستان\r\n";
        let v = extract(md);
        map(&v, md, "كازاخستان");
        map(&v, md, "ألماتي");
    }
}
