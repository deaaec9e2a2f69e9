//! The matcher over arbitrary text, with the shipped glossary: every
//! mention's span is the surface in the original text, mentions are sorted
//! and disjoint, and matching in small segments (with their context, as
//! `scan` does) finds the same.
#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::scan::{context_start, scan_document, segments};
use glossalign::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "shipped.rs"]
mod shipped;
use shipped::glossary;

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
    let segs = segments(s, 16);
    let named: HashSet<usize> = segs
        .iter()
        .flat_map(|&(a, b)| m.named_in_full(&s[a..b]))
        .collect();
    let mut parts = Vec::new();
    for (a, b) in segs {
        let from = context_start(s, a);
        parts.extend(
            m.find_in_document(&s[from..b], Some(&named))
                .into_iter()
                .filter(|x| from + x.start >= a)
                .map(|mut x| {
                    x.start += from;
                    x.end += from;
                    x
                }),
        );
    }
    assert_eq!(parts, whole, "segmented matching differs");
});
