//! The compiled-glossary cache from the command line: a large glossary is
//! cached on the first run and read back on the next, with the same output;
//! `--no-cache` and `GLOSSALIGN_CACHE_DIR=` turn it off.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use glossalign::glossary::cache::{load, CacheSettings, CacheStatus, DEFAULT_MIN_SOURCE_BYTES};
use glossalign::glossary::Glossary;
use glossalign::matcher::MatchOptions;

/// The seeds project with 13,000 generated persons added to its glossary
/// (over 1 MiB of CSV: large enough to be cached).
fn project() -> tempfile::TempDir {
    let d = common::seeds_project();
    let csv = common::synthetic_glossary(13_000);
    assert!(csv.len() > 1 << 20);
    std::fs::write(d.path().join("glossary/zz-generated.csv"), &csv).unwrap();
    // A document naming some of them, with clitics and misspellings (fuzzy
    // matches against the large index).
    let names: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(",ar,"))
        .filter_map(|l| l.split(',').nth(3))
        .step_by(50)
        .collect();
    let text: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| match i % 3 {
            0 => format!("قال و{n} أمس.\n"),
            1 => format!(
                "زار {} اليوم.\n",
                n.replacen('و', "ي", 1).replacen('ا', "و", 1)
            ),
            _ => format!("ولدى {}ي وغيره.\n", n),
        })
        .collect();
    std::fs::write(d.path().join("seeds/zz-generated.txt"), text).unwrap();
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
    // The generated names are found, some of them only by the fuzzy index.
    let out = String::from_utf8_lossy(&first.stdout);
    let fuzzy = out
        .lines()
        .filter(|l| l.contains(r#""entity_id":"syn-"#) && l.contains(r#""match_kind":"fuzzy""#))
        .count();
    let found = out
        .lines()
        .filter(|l| l.contains(r#""entity_id":"syn-"#))
        .count();
    assert!(
        fuzzy >= 5 && found > 200,
        "{fuzzy} fuzzy matches of {found} generated names"
    );
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

/// A folder with the shipped glossary and `n` generated persons.
fn glossary_dir(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("glossary");
    common::copy_dir(&common::root().join("glossary"), &g);
    std::fs::write(g.join("zz-generated.csv"), common::synthetic_glossary(n)).unwrap();
    (dir, g)
}

fn settings(dir: &Path) -> CacheSettings {
    CacheSettings {
        dir: Some(dir.join("cache")),
        min_source_bytes: 0,
    }
}

/// Load through the cache and store on a miss.
fn load_and_store(g: &Path, s: &CacheSettings) -> (Glossary, CacheStatus) {
    let (glossary, mut cache) = load(&[g.to_path_buf()], s).unwrap();
    let m = cache.matcher(&glossary, MatchOptions::default());
    let before = cache.status.clone();
    cache.store(&glossary, &m);
    if let CacheStatus::Miss(p, why) = &before {
        assert_eq!(cache.status, CacheStatus::Stored(p.clone(), why.clone()));
    }
    drop(m);
    (glossary, before)
}

#[test]
fn a_changed_glossary_or_a_damaged_file_is_a_miss_never_a_panic() {
    let (dir, gdir) = glossary_dir(400);
    let s = settings(dir.path());
    let (fresh, _) = load_and_store(&gdir, &s);
    let want = format!("{fresh:?}");
    let status = |s: &CacheSettings| load(std::slice::from_ref(&gdir), s).unwrap();
    // Another glossary content: a miss, and back to the old content a hit.
    let file = gdir.join("zz-generated.csv");
    let original = std::fs::read(&file).unwrap();
    let mut changed = original.clone();
    changed.extend_from_slice("syn-x,person,ar,شمسي زينل,preferred,\n".as_bytes());
    std::fs::write(&file, &changed).unwrap();
    let (g, c) = status(&s);
    assert!(
        matches!(&c.status, CacheStatus::Miss(_, why) if why == "the glossary files changed"),
        "{:?}",
        c.status
    );
    assert_eq!(g.forms.len(), fresh.forms.len() + 1);
    std::fs::write(&file, &original).unwrap();
    assert!(matches!(status(&s).1.status, CacheStatus::Hit(_)));
    // Damaged files: bytes flipped anywhere, or cut short anywhere.
    let CacheStatus::Hit(path) = status(&s).1.status else {
        unreachable!()
    };
    let good = std::fs::read(&path).unwrap();
    let n = good.len();
    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    let places = (0..80).chain((0..60).map(|k| 80 + k * (n - 81) / 59));
    for at in places {
        let mut b = good.clone();
        b[at] ^= 0x20;
        damaged.push((format!("byte {at} flipped"), b));
    }
    for cut in (0..40).chain((0..40).map(|k| k * n / 40)).chain([n - 1]) {
        damaged.push((format!("cut at {cut}"), good[..cut].to_vec()));
    }
    let mut longer = good.clone();
    longer.push(0);
    damaged.push(("a byte after the end".into(), longer));
    for (what, bytes) in damaged {
        std::fs::write(&path, &bytes).unwrap();
        let (g, c) = status(&s);
        let CacheStatus::Miss(_, why) = &c.status else {
            panic!("{what}: {:?}", c.status);
        };
        assert!(
            [
                "damaged",
                "not a glossalign",
                "written by another",
                "the glossary files",
                "no cache"
            ]
            .iter()
            .any(|w| why.starts_with(w)),
            "{what}: {why}"
        );
        assert_eq!(format!("{g:?}"), want, "{what}");
    }
    // A miss rewrites the file, and the next load reads it.
    load_and_store(&gdir, &s);
    assert!(matches!(status(&s).1.status, CacheStatus::Hit(_)));
    assert_eq!(std::fs::read(&path).unwrap(), good);
}

#[test]
fn a_cache_that_cannot_be_written_is_skipped() {
    let (dir, gdir) = glossary_dir(50);
    // The cache folder's place is taken by a file.
    std::fs::write(dir.path().join("cache"), "not a folder").unwrap();
    let s = settings(dir.path());
    let (g, mut cache) = load(std::slice::from_ref(&gdir), &s).unwrap();
    assert!(
        matches!(cache.status, CacheStatus::Miss(..)),
        "{:?}",
        cache.status
    );
    let m = cache.matcher(&g, MatchOptions::default());
    cache.store(&g, &m);
    assert!(
        matches!(&cache.status, CacheStatus::Unusable(why) if why.starts_with("cannot write")),
        "{:?}",
        cache.status
    );
    assert!(cache
        .status
        .to_string()
        .starts_with("not used (cannot write"));
    let plain = glossalign::glossary::load::load(&[gdir]).unwrap();
    assert_eq!(format!("{g:?}"), format!("{plain:?}"));
}

#[test]
fn small_glossaries_and_the_cache_off_leave_no_file() {
    let (dir, gdir) = glossary_dir(50);
    let mut s = settings(dir.path());
    s.min_source_bytes = DEFAULT_MIN_SOURCE_BYTES;
    let (_, status) = load_and_store(&gdir, &s);
    assert_eq!(status, CacheStatus::Small);
    let (_, status) = load_and_store(&gdir, &CacheSettings::off());
    assert_eq!(status, CacheStatus::Off);
    assert!(!dir.path().join("cache").exists());
    // Problems in the glossary are reported as without a cache.
    std::fs::write(
        gdir.join("zz-bad.csv"),
        "entity_id,type,lang,form,status,note\nq,person,ar,,preferred,\n",
    )
    .unwrap();
    let with = load(std::slice::from_ref(&gdir), &settings(dir.path()))
        .unwrap_err()
        .to_string();
    let without = glossalign::glossary::load::load(std::slice::from_ref(&gdir))
        .unwrap_err()
        .to_string();
    assert_eq!(with, without);
}
