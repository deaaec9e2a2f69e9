//! The matcher over arbitrary text, with the shipped glossary: every
//! mention's span is the surface in the original text, mentions are sorted
//! and disjoint, and matching in small segments finds the same.
#![no_main]

use std::sync::OnceLock;

use glossalign::glossary::load::load_sources;
use glossalign::glossary::Glossary;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::scan::{scan_document, segments};
use glossalign::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        let files = [
            ("media.csv", &include_bytes!("../../glossary/media.csv")[..]),
            (
                "organizations.csv",
                include_bytes!("../../glossary/organizations.csv"),
            ),
            ("people.csv", include_bytes!("../../glossary/people.csv")),
            ("places.csv", include_bytes!("../../glossary/places.csv")),
            (
                "products.csv",
                include_bytes!("../../glossary/products.csv"),
            ),
        ];
        let sources: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        load_sources(&sources).expect("shipped glossary is valid")
    })
}

fn matcher() -> &'static Matcher<'static> {
    static M: OnceLock<Matcher<'static>> = OnceLock::new();
    M.get_or_init(|| Matcher::new(glossary(), MatchOptions::default()))
}

fuzz_target!(|s: &str| {
    let m = matcher();
    let doc = SourceFile::from_text("f.txt", s.to_string(), 0);
    let res = scan_document(m, &doc);
    let mut last_end = 0;
    for men in &res.mentions {
        assert!(men.byte_start >= last_end && men.byte_start < men.byte_end);
        assert_eq!(&s[men.byte_start..men.byte_end], men.surface);
        assert_eq!(doc.line_col(men.byte_start), (men.line, men.column));
        last_end = men.byte_end;
    }
    let whole = m.find(s);
    let mut parts = Vec::new();
    for (a, b) in segments(s, 16) {
        parts.extend(m.find(&s[a..b]).into_iter().map(|mut x| {
            x.start += a;
            x.end += a;
            x
        }));
    }
    assert_eq!(parts, whole, "segmented matching differs");
});
