//! Byte spans point into the original file: `surface == file[byte_start..byte_end]`
//! for every mention, whatever the folding removed (issue 2).

mod common;
use common::{root, shipped_glossary};
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::scan::scan_document;
use glossalign::source::SourceFile;

#[track_caller]
fn spans_hold(name: &str, bytes: Vec<u8>) -> usize {
    let g = shipped_glossary();
    let m = Matcher::new(&g, MatchOptions::default());
    let doc = SourceFile::from_bytes(name, bytes.clone()).unwrap();
    let res = scan_document(&m, &doc);
    for men in &res.mentions {
        let slice = std::str::from_utf8(&bytes[men.byte_start..men.byte_end]).unwrap();
        assert_eq!(
            slice, men.surface,
            "{name}: span {}..{}",
            men.byte_start, men.byte_end
        );
        // Line/column agree with the byte offset.
        let text_off = men.byte_start - doc.bom_len;
        let line_start = doc.text[..text_off].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            men.column,
            doc.text[line_start..text_off].chars().count() + 1
        );
        assert_eq!(men.line, doc.text[..text_off].matches('\n').count() + 1);
    }
    res.mentions.len()
}

#[test]
fn seed_spans_are_original_bytes() {
    let mut total = 0;
    for e in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        total += spans_hold(&p.to_string_lossy(), std::fs::read(&p).unwrap());
    }
    assert!(total > 150);
}

#[test]
fn spans_with_harakat_tatweel_lam_alef_crlf_and_bom() {
    let text = "\u{FEFF}سطر أول\r\nوقال إن الولايات المتّحدةُ وكازاخـستان\r\n\u{FEDF}\u{FEFC}\u{FE97}\u{FEA4}\u{FE8E}\u{FEAA} الأوروبي و\u{200F}موسكو\u{200E}\r\n";
    let g = shipped_glossary();
    let m = Matcher::new(&g, MatchOptions::default());
    let doc = SourceFile::from_bytes("t.txt", text.as_bytes().to_vec()).unwrap();
    let res = scan_document(&m, &doc);
    let got: Vec<(&str, &str, usize, usize)> = res
        .mentions
        .iter()
        .map(|m| (m.surface.as_str(), m.entity_id.as_str(), m.line, m.column))
        .collect();
    assert_eq!(
        got,
        [
            ("الولايات المتّحدةُ", "united-states", 2, 9),
            ("كازاخـستان", "kazakhstan", 2, 29),
            (
                "\u{FEFC}\u{FE97}\u{FEA4}\u{FE8E}\u{FEAA} الأوروبي",
                "european-union",
                3,
                2
            ),
            ("موسكو", "moscow", 3, 19),
        ]
    );
    spans_hold("t.txt", text.as_bytes().to_vec());
}
