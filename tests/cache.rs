//! The compiled-glossary cache from the command line: a large glossary is
//! cached on the first run and read back on the next, with the same output;
//! `--no-cache` and `GLOSSALIGN_CACHE_DIR=` turn it off.

mod common;

use std::path::Path;
use std::process::Output;

/// The seeds project with 13,000 generated persons added to its glossary
/// (over 1 MiB of CSV: large enough to be cached).
fn project() -> tempfile::TempDir {
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
    let d = common::seeds_project();
    let mut csv = String::from("entity_id,type,lang,form,status,note\n");
    for i in 0..13_000 {
        let (a, b) = (word(i * 7 + 3), word(i * 11 + 5));
        csv.push_str(&format!(
            "syn-{i},person,ar,{a} {b},preferred,\nsyn-{i},person,en,Syn{i} Person,preferred,\n"
        ));
    }
    assert!(csv.len() > 1 << 20);
    std::fs::write(d.path().join("glossary/zz-generated.csv"), csv).unwrap();
    d
}

fn run(dir: &Path, cache: &str, args: &[&str]) -> Output {
    std::process::Command::new(common::bin())
        .current_dir(dir)
        .env("GLOSSALIGN_CACHE_DIR", cache)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SCAN: [&str; 6] = ["scan", "--format", "jsonl", "--timings", "--quiet", "-j1"];

#[test]
fn a_large_glossary_is_cached_once_and_read_back_with_the_same_output() {
    let d = project();
    let cache = d.path().join("cache");
    let cache_s = cache.to_str().unwrap();
    let first = run(d.path(), cache_s, &SCAN);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("glossary cache: miss (no cache file)"),
        "{}",
        stderr(&first)
    );
    let files: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(cache.join("CACHEDIR.TAG").exists());
    let second = run(d.path(), cache_s, &SCAN);
    assert!(
        stderr(&second).contains("glossary cache: read "),
        "{}",
        stderr(&second)
    );
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    // Off, by flag or by an empty folder name: the same output, no cache read.
    let flag: Vec<&str> = SCAN.iter().copied().chain(["--no-cache"]).collect();
    let off = run(d.path(), cache_s, &flag);
    assert!(
        stderr(&off).contains("glossary cache: off"),
        "{}",
        stderr(&off)
    );
    assert_eq!(off.stdout, first.stdout);
    let off = run(d.path(), "", &SCAN);
    assert!(
        stderr(&off).contains("glossary cache: off"),
        "{}",
        stderr(&off)
    );
    assert_eq!(off.stdout, first.stdout);
    // An edited glossary is read from its files again, and cached anew.
    let g = d.path().join("glossary/zz-generated.csv");
    let mut csv = std::fs::read_to_string(&g).unwrap();
    csv.push_str("syn-x,person,ar,شمسي زينل,preferred,\n");
    std::fs::write(&g, csv).unwrap();
    let edited = run(d.path(), cache_s, &SCAN);
    assert!(
        stderr(&edited).contains("glossary cache: miss (the glossary files changed)"),
        "{}",
        stderr(&edited)
    );
    assert!(stderr(&run(d.path(), cache_s, &SCAN)).contains("glossary cache: read "));
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2);
}

#[test]
fn lint_and_fix_read_the_same_cache_with_the_same_findings() {
    let d = project();
    let cache = d.path().join("cache");
    let cache_s = cache.to_str().unwrap();
    let lint = ["lint", "seeds", "--format", "json"];
    let first = run(d.path(), cache_s, &lint);
    assert_eq!(
        std::fs::read_dir(&cache).unwrap().count(),
        2,
        "{}",
        stderr(&first)
    );
    let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let file = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .unwrap();
    let written = stamp(&file);
    let second = run(d.path(), cache_s, &lint);
    let off = run(
        d.path(),
        cache_s,
        &["lint", "seeds", "--format", "json", "--no-cache"],
    );
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(first.stdout, off.stdout);
    assert_eq!(first.status.code(), off.status.code());
    // The scan's cache is the lint's: the same glossary, the same file, not rewritten.
    let scan = run(d.path(), cache_s, &SCAN);
    assert!(
        stderr(&scan).contains("glossary cache: read "),
        "{}",
        stderr(&scan)
    );
    let diff = ["fix", "seeds", "--diff"];
    let (a, b) = (run(d.path(), cache_s, &diff), run(d.path(), "", &diff));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(stamp(&file), written);
}
