//! The shipped glossary is valid and in canonical form. To rewrite it:
//! `cargo run -- glossary fmt`.

mod common;
use common::{root, shipped_glossary};
use glossalign::glossary::canonical::canonicalize;

#[test]
fn shipped_glossary_is_valid_and_covers_the_seed_domain() {
    let g = shipped_glossary();
    assert!(g.entities.len() >= 50, "{} entities", g.entities.len());
    for e in 0..g.entities.len() {
        assert!(
            !g.canonical_ar(e).is_empty(),
            "{} has no Arabic preferred form",
            g.entities[e].id
        );
        assert!(
            !g.canonical_en(e).is_empty(),
            "{} has no English preferred form",
            g.entities[e].id
        );
    }
}

#[test]
fn shipped_glossary_files_are_canonical() {
    let mut bad = Vec::new();
    for e in std::fs::read_dir(root().join("glossary")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            let text = std::fs::read_to_string(&p).unwrap();
            if canonicalize(&p.to_string_lossy(), &text).unwrap() != text {
                bad.push(p.display().to_string());
            }
        }
    }
    assert!(
        bad.is_empty(),
        "not canonical (run `cargo run -- glossary fmt`): {bad:?}"
    );
}
