//! The Markdown and HTML text extractors over arbitrary text: never a panic;
//! every view character maps back to an in-order range of the original on
//! char boundaries.
#![no_main]

use glossalign::markup::{extract, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    for format in [InputFormat::Text, InputFormat::Markdown, InputFormat::Html] {
        let view = extract(s, format);
        let (mut last_start, mut last_end) = (0, 0);
        for (pos, c) in view.text.char_indices() {
            let a = view.orig_start(pos);
            let b = view.orig_end(pos + c.len_utf8());
            assert!(
                a <= b && b <= s.len(),
                "{format:?}: {a}..{b} of {}",
                s.len()
            );
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b), "{format:?}");
            assert!(
                a >= last_start && b >= last_end,
                "{format:?}: not monotonic"
            );
            (last_start, last_end) = (a, b);
        }
        let _ = view.touches_markup(0, s.len());
    }
});
