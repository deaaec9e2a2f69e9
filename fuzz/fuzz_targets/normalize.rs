//! Normaliser + offset map over arbitrary text: folding is idempotent, and
//! every folded character maps back to a non-empty, in-order range of the
//! original that starts and ends on char boundaries.
#![no_main]

use glossalign::normalize::{fold, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let n = normalize(s);
    assert_eq!(fold(&n.text), n.text, "folding is not idempotent");
    let (mut last_start, mut last_end) = (0, 0);
    for (pos, c) in n.text.char_indices() {
        let a = n.orig_start(pos);
        let b = n.orig_end(pos + c.len_utf8());
        assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
        assert!(a < b && b <= s.len());
        assert!(a >= last_start && b >= last_end);
        assert!(a >= last_end || a == last_start);
        (last_start, last_end) = (a, b);
    }
    assert_eq!(n.orig_start(n.text.len()), last_end);
});
