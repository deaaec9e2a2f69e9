//! The glossary parser (CSV, decoding, validation) and the canonical
//! formatter over arbitrary bytes: never a panic; a glossary that loads is
//! formatted to a fixed point.
#![no_main]

use glossalign::glossary::canonical::canonicalize;
use glossalign::glossary::load::load_sources;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = load_sources(&[("g.csv".to_string(), data.to_vec())]);
    if let Ok(text) = std::str::from_utf8(data) {
        if let (Ok(_), Ok(once)) = (loaded, canonicalize("g.csv", text)) {
            let twice = canonicalize("g.csv", &once).expect("canonical form is valid");
            assert_eq!(twice, once, "canonical form is not a fixed point");
        }
    }
});
