//! Fix application over arbitrary documents (first byte: format and safety;
//! the rest: the stored bytes), with the shipped glossary: never a panic;
//! the fixed document encodes back in the original encoding and decodes to
//! the fixed text; fixing again changes nothing (or lint leaves no safe fix).
#![no_main]

use std::sync::OnceLock;

use glossalign::fix::document::fix_document;
use glossalign::lint::{LintOptions, Linter};
use glossalign::markup::InputFormat;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::source::{InputEncoding, SourceFile};
use libfuzzer_sys::fuzz_target;

#[path = "shipped.rs"]
mod shipped;
use shipped::glossary;

fn linter() -> &'static Linter<'static> {
    static L: OnceLock<Linter<'static>> = OnceLock::new();
    L.get_or_init(|| {
        Linter::new(
            Matcher::new(glossary(), MatchOptions::default()),
            LintOptions::default(),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let format = match mode % 3 {
        0 => InputFormat::Text,
        1 => InputFormat::Markdown,
        _ => InputFormat::Html,
    };
    let unsafe_fixes = mode & 4 != 0;
    let Ok(doc) = SourceFile::decode("f", bytes.to_vec(), InputEncoding::Windows1256) else {
        return;
    };
    let fixed = fix_document(linter(), &doc, format, unsafe_fixes);
    let Ok(out) = fixed.doc.encode(&fixed.doc.text) else {
        return; // a replacement the encoding cannot store: reported, file untouched
    };
    if !fixed.changed() {
        assert_eq!(
            out, bytes,
            "an unchanged document must be written back byte for byte"
        );
    }
    let again =
        SourceFile::decode("f", out, InputEncoding::Windows1256).expect("fixed bytes decode");
    assert_eq!(again.text, fixed.doc.text);
    assert_eq!(again.encoding, doc.encoding);
    let second = fix_document(linter(), &again, format, unsafe_fixes);
    assert!(
        !second.changed()
            || fixed
                .remaining
                .iter()
                .any(|f| f.fix.as_ref().is_some_and(|x| x.allowed(unsafe_fixes))),
        "fixing twice changed the document"
    );
});
