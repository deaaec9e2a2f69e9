//! HTML: the text content only, tokenized with `html5gum`.
//!
//! `html5gum` is a WHATWG-conformant tokenizer that reports the source span of
//! every token, which is exactly what is needed to keep offsets into the
//! original file: text runs are copied verbatim into the view, everything else
//! (tags with their attributes, comments, doctypes) becomes markup. Elements
//! whose content is not prose — `script`, `style`, `template`, `textarea`,
//! `noscript`, `iframe`, `xmp`, `noembed`, `noframes`, and code (`pre`,
//! `code`, `kbd`, `samp`) — are skipped whole.
//!
//! Character references are decoded for matching: each `&…` inside a text run
//! is decoded on its own (by the same tokenizer) and mapped as a unit, so
//! `&#1575;` or `&nbsp;` read as the characters they stand for while spans
//! still point at the original bytes. If a run's piecewise decoding does not
//! reproduce the tokenizer's own decoding of the run (an edge case of the
//! spec), the run is kept verbatim instead.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::markup::{Break, TextView, ViewBuilder};

/// Elements whose content is never prose.
const SKIPPED: [&[u8]; 13] = [
    b"script",
    b"style",
    b"template",
    b"textarea",
    b"noscript",
    b"iframe",
    b"xmp",
    b"noembed",
    b"noframes",
    b"pre",
    b"code",
    b"kbd",
    b"samp",
];

/// Elements that start a new block (a name never runs across them).
const BLOCKS: [&[u8]; 45] = [
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"body",
    b"caption",
    b"dd",
    b"details",
    b"dialog",
    b"div",
    b"dl",
    b"dt",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hgroup",
    b"hr",
    b"html",
    b"li",
    b"main",
    b"nav",
    b"ol",
    b"option",
    b"p",
    b"section",
    b"summary",
    b"table",
    b"tbody",
    b"td",
    b"tfoot",
    b"th",
    b"thead",
    b"title",
    b"tr",
    b"ul",
];

fn tag_break(name: &[u8]) -> Break {
    let lower = name.to_ascii_lowercase();
    if lower == b"br" {
        Break::Line
    } else if BLOCKS.contains(&lower.as_slice()) || SKIPPED.contains(&lower.as_slice()) {
        Break::Block
    } else {
        Break::None
    }
}

/// Build the prose view of an HTML document.
pub fn extract(text: &str) -> TextView {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut b = ViewBuilder::default();
    // Markup since the last run of prose: where it started and how strong a break it is.
    let mut gap_start = 0;
    let mut gap_break = Break::None;
    // Open skipped elements (by name), innermost last.
    let mut skipping: Vec<Vec<u8>> = Vec::new();
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                gap_break = gap_break.max(tag_break(&tag.name));
                let name = tag.name.to_ascii_lowercase();
                if SKIPPED.contains(&name.as_slice()) && !tag.self_closing {
                    skipping.push(name);
                }
            }
            Token::EndTag(tag) => {
                gap_break = gap_break.max(tag_break(&tag.name));
                let name = tag.name.to_ascii_lowercase();
                if let Some(i) = skipping.iter().rposition(|n| *n == name) {
                    skipping.truncate(i);
                }
            }
            Token::Doctype(_) => gap_break = Break::Block,
            Token::String(s) if skipping.is_empty() => {
                let span = s.span.start.min(text.len())..s.span.end.min(text.len());
                if span.is_empty()
                    || !text.is_char_boundary(span.start)
                    || !text.is_char_boundary(span.end)
                {
                    continue;
                }
                b.markup(gap_start..span.start, gap_break.sep());
                push_run(&mut b, text, span.start, &text[span.clone()], &s.value);
                gap_start = span.end;
                gap_break = Break::None;
            }
            Token::String(_) | Token::Comment(_) | Token::Error(_) => {}
        }
    }
    b.markup(gap_start..text.len(), "");
    b.finish()
}

/// Push one run of character data: verbatim stretches and decoded references.
fn push_run(b: &mut ViewBuilder, text: &str, start: usize, src: &str, decoded_by_tokenizer: &[u8]) {
    let pieces = split_references(src);
    let mut rebuilt = String::with_capacity(src.len());
    for (range, decoded) in &pieces {
        match decoded {
            Some(d) => rebuilt.push_str(d),
            None => rebuilt.push_str(&src[range.clone()]),
        }
    }
    // The tokenizer normalises line endings; compare on the same footing.
    let rebuilt = rebuilt.replace("\r\n", "\n").replace('\r', "\n");
    if rebuilt.as_bytes() != decoded_by_tokenizer {
        b.verbatim(start, &text[start..start + src.len()]);
        return;
    }
    for (range, decoded) in pieces {
        let orig = start + range.start..start + range.end;
        match decoded {
            Some(d) => b.decoded(orig, &d),
            None => b.verbatim(orig.start, &text[orig]),
        }
    }
}

/// Split `src` into verbatim stretches (`None`) and character references with
/// their decoding (`Some`).
fn split_references(src: &str) -> Vec<(std::ops::Range<usize>, Option<String>)> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'&' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'#')
            && j - i < 40
        {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b';' {
            j += 1;
        }
        let candidate = &src[i..j];
        let decoded = decode(candidate);
        if j > i + 1 && decoded != candidate {
            if plain_start < i {
                out.push((plain_start..i, None));
            }
            out.push((i..j, Some(decoded)));
            plain_start = j;
        }
        i = j.max(i + 1);
    }
    if plain_start < src.len() {
        out.push((plain_start..src.len(), None));
    }
    out
}

/// Decode a character reference (or anything) as HTML character data.
fn decode(s: &str) -> String {
    let mut out = Vec::new();
    for t in Tokenizer::new(s).flatten() {
        if let Token::String(v) = t {
            out.extend_from_slice(&v);
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(html: &str) -> TextView {
        extract(html)
    }

    #[test]
    fn tags_attributes_scripts_and_styles_are_not_prose() {
        let html = "<!DOCTYPE html><html><head><title>ألماتي</title><style>p{}</style>\
                    <script>var a = \"المااتا\";</script></head>\
                    <body><p class=\"المااتا\">في <b>المااتا</b> اليوم</p><!-- المااتا --></body></html>";
        let v = view(html);
        assert_eq!(v.text.matches("المااتا").count(), 1, "{:?}", v.text);
        assert!(v.text.contains("ألماتي"));
        assert!(!v.text.contains("var"));
        assert!(!v.text.contains("class"));
        // The one match maps to the text inside <b>.
        let at = v.text.find("المااتا").unwrap();
        let s = v.orig_start(at);
        let e = v.orig_end(at + "المااتا".len());
        assert_eq!(&html[s..e], "المااتا");
        assert_eq!(&html[s - 3..s], "<b>");
        assert!(!v.touches_markup(s, e));
    }

    #[test]
    fn blocks_break_names_inline_tags_do_not() {
        let v = view("<p>ألما</p><p>اتا</p>");
        assert_eq!(v.text, "\n\nألما\n\nاتا");
        let v = view("<p><i>ألما</i> اتا</p>");
        assert_eq!(v.text, "\n\nألما اتا");
        let s = v.orig_start(2);
        let e = v.orig_end(v.text.len());
        assert!(v.touches_markup(s, e), "a span across </i> covers markup");
        let v = view("ألما<br>اتا");
        assert_eq!(v.text, "ألما\nاتا");
    }

    #[test]
    fn references_are_decoded_and_mapped_as_units() {
        let html = "<p>&#1575;&#1604;&#1605;&#1575;&#1575;&#1578;&#1575;&nbsp;&amp; x</p>";
        let v = view(html);
        assert!(v.text.contains("المااتا\u{a0}& x"), "{:?}", v.text);
        let at = v.text.find('ا').unwrap();
        let s = v.orig_start(at);
        let e = v.orig_end(at + "المااتا".len());
        assert_eq!(
            &html[s..e],
            "&#1575;&#1604;&#1605;&#1575;&#1575;&#1578;&#1575;"
        );
        assert!(!v.touches_markup(s, e));
    }

    #[test]
    fn crlf_and_offsets_survive() {
        let html = "<p>قال\r\nبوتين</p>\r\n";
        let v = view(html);
        let at = v.text.find("بوتين").unwrap();
        let s = v.orig_start(at);
        assert_eq!(&html[s..s + "بوتين".len()], "بوتين");
        assert!(v.text.contains("\r\n"));
    }

    #[test]
    fn code_and_unclosed_skips_do_not_swallow_everything_after_a_stray_end() {
        let v = view("<pre>المااتا</pre><p>ألماتي</p></code><p>روسيا</p>");
        assert!(!v.text.contains("المااتا"));
        assert!(v.text.contains("ألماتي") && v.text.contains("روسيا"));
    }

    #[test]
    fn broken_html_never_panics() {
        for s in [
            "<",
            "<p",
            "&",
            "&#",
            "&#x;",
            "<a href='",
            "</",
            "<!--",
            "<![CDATA[x",
            "\u{0}<p>\u{0}",
        ] {
            let v = view(s);
            let _ = v.orig_start(0);
            let _ = v.orig_end(v.text.len());
        }
    }
}
