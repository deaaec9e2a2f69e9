//! Precision and recall of `scan` on the seeds against the hand-written gold
//! annotation in tests/gold/seeds.csv (issue 2: ≥ 0.95; issue 3: ≥ 0.98).

mod common;
use common::{root, shipped_glossary};
use glossalign::eval::{evaluate, read_gold};
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::scan_paths;

#[test]
fn seeds_precision_and_recall_against_gold() {
    let g = shipped_glossary();
    let m = Matcher::new(&g, MatchOptions::default());
    let out = scan_paths(&m, &[root().join("seeds")]);
    assert!(out.errors.is_empty());
    let pred: Vec<_> = out.documents.into_iter().flat_map(|d| d.mentions).collect();
    let gold_path = root().join("tests/gold/seeds.csv");
    let gold = read_gold("seeds.csv", &std::fs::read(gold_path).unwrap()).unwrap();
    assert!(gold.len() >= 190, "gold has {} rows", gold.len());
    let ev = evaluate(&pred, &gold);
    let (p, r) = (ev.overall.precision(), ev.overall.recall());
    assert!(
        p >= 0.98 && r >= 0.98,
        "precision {p:.3} recall {r:.3}\nfalse positives: {:#?}\nmisses: {:#?}",
        ev.false_positives,
        ev.misses
    );
}
