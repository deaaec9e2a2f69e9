//! Shared helpers for integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use glossalign::glossary::Glossary;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::scan::{scan_document, Mention};
use glossalign::source::SourceFile;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped glossary.
pub fn shipped_glossary() -> Glossary {
    glossalign::glossary::load::load(&[root().join("glossary")]).expect("shipped glossary is valid")
}

/// Mentions found in `text` with the shipped glossary.
pub fn mentions(g: &Glossary, text: &str) -> Vec<Mention> {
    let m = Matcher::new(g, MatchOptions::default());
    let doc = SourceFile::from_text("t.txt", text.to_string(), 0);
    scan_document(&m, &doc).mentions
}

/// (surface, entity_id) pairs found in `text`.
pub fn found(g: &Glossary, text: &str) -> Vec<(String, String)> {
    mentions(g, text)
        .into_iter()
        .map(|m| (m.surface, m.entity_id))
        .collect()
}

/// Path of the built binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_glossalign")
}

/// Copy a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// A temporary project folder holding copies of `seeds/` and `glossary/`.
pub fn seeds_project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &d.path().join("seeds"));
    copy_dir(&root().join("glossary"), &d.path().join("glossary"));
    d
}

/// Run the binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// A glossary CSV of `n` generated persons (an Arabic and an English form
/// each): two five-letter words from a fixed alphabet, so that every key is
/// distinct (up to 19,773 persons).
pub fn synthetic_glossary(n: usize) -> String {
    const C: [char; 13] = [
        'ب', 'ت', 'د', 'ر', 'ز', 'س', 'ش', 'ف', 'ق', 'ك', 'ل', 'م', 'ن',
    ];
    const V: [char; 3] = ['ا', 'و', 'ي'];
    let word = |k: usize| -> String {
        [
            C[k % 13],
            V[k / 13 % 3],
            C[k / 39 % 13],
            V[k / 507 % 3],
            C[k / 1521 % 13],
        ]
        .into_iter()
        .collect()
    };
    let mut csv = String::from("entity_id,type,lang,form,status,note\n");
    for i in 0..n {
        let (a, b) = (word(i * 7 + 3), word(i * 11 + 5));
        csv.push_str(&format!(
            "syn-{i},person,ar,{a} {b},preferred,\nsyn-{i},person,en,Syn{i} Person,preferred,\n"
        ));
    }
    csv
}
