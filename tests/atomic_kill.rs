//! Reports are written atomically (issue 5): a run killed at any moment —
//! including in the middle of writing a report — leaves every report file
//! either exactly as it was before the run or exactly as a complete run
//! writes it, never a mix or a truncated file.
//!
//! The writes are slowed down by the test hook `GLOSSALIGN_TEST_SLOW_WRITE_MS`
//! (64 KiB, then a pause), so that kills land inside a write; half of the
//! tries kill right after a temporary file appears, half at a pseudo-random
//! moment after the start.

mod common;
use common::{bin, copy_dir, root};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REPORTS: [&str; 4] = [
    "mentions.csv",
    "canonical_names.csv",
    "consistency.md",
    "consistency.json",
];

fn scan(dir: &Path, corpus: &str, out: &str) {
    let o = Command::new(bin())
        .current_dir(dir)
        .args(["scan", "-q", corpus, "--out", out])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read_all(dir: &Path) -> Vec<Option<Vec<u8>>> {
    REPORTS
        .iter()
        .map(|f| std::fs::read(dir.join(f)).ok())
        .collect()
}

fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(".glossalign-"))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn killed_runs_leave_old_or_new_reports_never_a_mix_within_a_file() {
    let p = tempfile::tempdir().unwrap();
    let d = p.path();
    copy_dir(&root().join("glossary"), &d.join("glossary"));
    std::fs::create_dir_all(d.join("small")).unwrap();
    std::fs::create_dir_all(d.join("big")).unwrap();
    std::fs::write(d.join("small/a.txt"), "زار موسكو.\n").unwrap();
    // Every word a mention: a 200 KB corpus gives a mentions.csv of megabytes.
    let line = "روسيا وكازاخستان وألماتي والمااتا في نور سلطان.\n";
    std::fs::write(d.join("big/a.txt"), line.repeat(2000)).unwrap();
    scan(d, "small", "old");
    scan(d, "big", "new");
    let old = read_all(&d.join("old"));
    let new = read_all(&d.join("new"));
    assert!(new[0].as_ref().unwrap().len() > 1_000_000);

    let tries = 12;
    let mut mid_write = 0;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for t in 0..tries {
        let out = d.join(format!("out{t}"));
        copy_dir(&d.join("old"), &out);
        let mut child = Command::new(bin())
            .current_dir(d)
            .args(["scan", "-q", "big", "--out"])
            .arg(&out)
            .env("GLOSSALIGN_TEST_SLOW_WRITE_MS", "2")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = Duration::from_millis((seed >> 33) % 40);
        let start = Instant::now();
        if t % 2 == 0 {
            // Wait for a write to begin.
            while temp_files(&out) == 0 && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(delay);
        } else {
            std::thread::sleep(delay * 25);
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        if temp_files(&out) > 0 {
            mid_write += 1;
        }
        let now = read_all(&out);
        for (i, f) in REPORTS.iter().enumerate() {
            assert!(
                now[i] == old[i] || now[i] == new[i],
                "try {t} ({:?} after start, {status}): {f} is neither the old nor the new report",
                start.elapsed()
            );
        }
    }
    // The test proves something only if kills landed inside writes.
    assert!(mid_write > 0, "no kill landed during a write");
}
