//! Beyond one machine and one thread: `scan --threads N` writes the same
//! reports as one thread, and `scan --format jsonl` on shards of a corpus
//! followed by `report merge` writes the same reports as one run over it.

mod common;
use std::path::Path;
use std::process::Output;

use common::{run_in as run, seeds_project as project};

#[track_caller]
fn ok(o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[track_caller]
fn same_reports(a: &Path, b: &Path) {
    for f in glossalign::run::REPORT_FILES {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn seed_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| format!("seeds/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    v.sort();
    v
}

#[test]
fn reports_are_byte_identical_at_any_thread_count() {
    let p = project();
    ok(&run(p.path(), &["scan", "--threads", "1", "-o", "one"]));
    ok(&run(p.path(), &["scan", "--threads", "3", "-o", "three"]));
    same_reports(&p.path().join("one"), &p.path().join("three"));
}

#[test]
fn merged_shards_give_the_reports_of_a_single_run() {
    let p = project();
    ok(&run(p.path(), &["scan", "-o", "single"]));
    let files = seed_files(p.path());
    assert_eq!(files.len(), 5);
    // Three shards of uneven size, as a GNU parallel or SLURM array would cut them.
    let mut shards = Vec::new();
    for (k, part) in [&files[..2], &files[2..3], &files[3..]].iter().enumerate() {
        let mut args = vec!["scan", "--format", "jsonl", "--threads", "2"];
        args.extend(part.iter().map(String::as_str));
        let o = run(p.path(), &args);
        ok(&o);
        let name = format!("shard{k}.jsonl");
        std::fs::write(p.path().join(&name), &o.stdout).unwrap();
        shards.push(name);
    }
    let mut args = vec!["report", "merge", "-o", "merged"];
    args.extend(shards.iter().map(String::as_str));
    ok(&run(p.path(), &args));
    same_reports(&p.path().join("single"), &p.path().join("merged"));
}

#[test]
fn jsonl_has_one_object_per_mention_and_per_document() {
    let p = project();
    let o = run(p.path(), &["scan", "--format", "jsonl"]);
    ok(&o);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let docs = lines.iter().filter(|l| l["kind"] == "document").count();
    let mentions: Vec<_> = lines.iter().filter(|l| l["kind"] == "mention").collect();
    assert_eq!(docs, 5);
    assert!(mentions.len() > 150, "{}", mentions.len());
    let m = mentions[0];
    for key in [
        "file",
        "line",
        "column",
        "byte_start",
        "byte_end",
        "surface",
        "spelling",
        "entity_id",
        "form_status",
        "match_kind",
        "score",
        "form_index",
        "context",
    ] {
        assert!(m.get(key).is_some(), "missing {key} in {m}");
    }
}

#[test]
fn merge_rejects_a_stream_from_another_glossary() {
    let p = project();
    let line = r#"{"kind":"mention","file":"a.txt","line":1,"column":1,"byte_start":0,"byte_end":4,"surface":"x","spelling":"x","entity_id":"no-such-entity","form_status":"preferred","match_kind":"exact","score":1.0,"clitic":"","elided_article":false,"reason":"","rivals":[],"form_index":0,"context":{"before":"","after":"","cut_before":false,"cut_after":false}}"#;
    std::fs::write(p.path().join("bad.jsonl"), format!("{line}\n")).unwrap();
    let o = run(p.path(), &["report", "merge", "bad.jsonl", "-o", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.jsonl:1: entity `no-such-entity`"),
        "{err}"
    );
    assert!(!p.path().join("out").exists());
}
