//! Per-stage benchmarks of the scan pipeline (divan): decode, normalise,
//! tokenise, exact matching, exact + fuzzy matching, and the whole scan of one
//! document (matching plus building mentions).
//!
//! Input: the seed articles repeated to about 1 MB (`seeds/*.txt`), and the
//! glossary in `glossary/` — or the one named by `GLOSSALIGN_BENCH_GLOSSARY`
//! (for example `bench/work/g10k`, built by `scripts/bench.sh`). Throughput is
//! reported in bytes of input per second.
//!
//!     cargo bench --bench stages
//!     GLOSSALIGN_BENCH_GLOSSARY=bench/work/g100k cargo bench --bench stages

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use glossalign::glossary::{load::load, Glossary};
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::normalize::normalize;
use glossalign::scan::scan_document;
use glossalign::source::SourceFile;
use glossalign::tokenize::tokenize;

fn main() {
    divan::main();
}

const TARGET_BYTES: usize = 1 << 20;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed articles concatenated and repeated to about [`TARGET_BYTES`].
fn corpus() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
            .expect("seeds/ exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let one: String = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
            .collect::<Vec<_>>()
            .join("\n");
        one.repeat(TARGET_BYTES / one.len() + 1)
    })
}

fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        let path = std::env::var_os("GLOSSALIGN_BENCH_GLOSSARY")
            .map_or_else(|| root().join("glossary"), PathBuf::from);
        load(&[path]).expect("benchmark glossary loads")
    })
}

fn bytes() -> BytesCount {
    BytesCount::new(corpus().len())
}

#[divan::bench]
fn decode(b: Bencher) {
    b.counter(bytes())
        .with_inputs(|| corpus().as_bytes().to_vec())
        .bench_values(|v| SourceFile::from_bytes("bench.txt", v).map(|f| f.text.len()));
}

#[divan::bench]
fn normalise(b: Bencher) {
    b.counter(bytes()).bench(|| normalize(black_box(corpus())));
}

#[divan::bench]
fn tokenise(b: Bencher) {
    let folded = normalize(corpus()).text;
    b.counter(bytes()).bench(|| tokenize(black_box(&folded)));
}

#[divan::bench(sample_count = 10)]
fn exact(b: Bencher) {
    let m = Matcher::new(glossary(), MatchOptions { fuzzy: false });
    b.counter(bytes()).bench(|| m.find(black_box(corpus())));
}

#[divan::bench(sample_count = 10)]
fn exact_and_fuzzy(b: Bencher) {
    let m = Matcher::new(glossary(), MatchOptions { fuzzy: true });
    b.counter(bytes()).bench(|| m.find(black_box(corpus())));
}

#[divan::bench(sample_count = 10)]
fn scan_document_fuzzy(b: Bencher) {
    let m = Matcher::new(glossary(), MatchOptions { fuzzy: true });
    let doc = SourceFile::from_text("bench.txt", corpus().to_string(), 0);
    b.counter(bytes())
        .bench(|| scan_document(&m, black_box(&doc)));
}

#[divan::bench(sample_count = 5)]
fn glossary_index(b: Bencher) {
    let g = glossary();
    b.bench(|| {
        Matcher::new(black_box(g), MatchOptions::default())
            .glossary()
            .forms
            .len()
    });
}
