//! `fix` round trips on temporary copies of the seeds and of the HTML,
//! Markdown, CRLF and BOM fixtures: the diff is shown and nothing changes;
//! `--write` applies exactly the safe edits `lint` reported (every other byte
//! kept) and keeps the file's permissions; a second `fix` is empty; `lint`
//! afterwards reports no safe fix.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_glossalign"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The safe edits `lint` reports for `file`, as (start, end, replacement).
fn safe_edits(cwd: &Path, glossary: &str, file: &str) -> Vec<(usize, usize, String)> {
    let out = run(
        cwd,
        &[
            "lint",
            "--isolated",
            "-g",
            glossary,
            "--format",
            "json",
            file,
        ],
    );
    let mut edits = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let f: Value = serde_json::from_str(line).unwrap();
        if f["fix"]["applicability"] == "safe" {
            for e in f["fix"]["edits"].as_array().unwrap() {
                edits.push((
                    e["byte_start"].as_u64().unwrap() as usize,
                    e["byte_end"].as_u64().unwrap() as usize,
                    e["replacement"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    edits.sort();
    edits
}

/// `original` with `edits` applied, rebuilt here independently of the library.
fn splice(original: &[u8], edits: &[(usize, usize, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, r) in edits {
        assert!(*s >= at, "edits overlap");
        out.extend_from_slice(&original[at..*s]);
        out.extend_from_slice(r.as_bytes());
        at = *e;
    }
    out.extend_from_slice(&original[at..]);
    out
}

#[track_caller]
fn round_trip(cwd: &Path, glossary: &str, file: &str) {
    let path = cwd.join(file);
    let original = std::fs::read(&path).unwrap();
    let edits = safe_edits(cwd, glossary, file);
    assert!(
        !edits.is_empty(),
        "{file}: nothing to fix, the test would prove nothing"
    );

    let diff = run(cwd, &["fix", "--isolated", "-g", glossary, file]);
    assert_eq!(diff.status.code(), Some(1), "{file}: a pending fix exits 1");
    let shown = String::from_utf8(diff.stdout).unwrap();
    assert!(
        shown.starts_with(&format!("--- a/{file}\n+++ b/{file}\n@@ ")),
        "{file}: {shown}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        original,
        "{file}: a diff changes nothing"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let write = run(cwd, &["fix", "--isolated", "-g", glossary, "--write", file]);
    assert_eq!(
        write.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    assert!(write.stdout.is_empty());
    let fixed = std::fs::read(&path).unwrap();
    assert_eq!(
        fixed,
        splice(&original, &edits),
        "{file}: exactly the reported edits, every other byte kept"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{file}: permissions kept");
    }

    let again = run(cwd, &["fix", "--isolated", "-g", glossary, file]);
    assert_eq!(again.status.code(), Some(0), "{file}: second run");
    assert!(
        again.stdout.is_empty(),
        "{file}: second run shows a diff:\n{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert!(
        safe_edits(cwd, glossary, file).is_empty(),
        "{file}: lint still reports safe fixes"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn seeds_round_trip() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("seeds"), &t.path().join("seeds"));
    copy_dir(&repo().join("glossary"), &t.path().join("glossary"));
    let mut fixed = 0;
    for e in std::fs::read_dir(t.path().join("seeds")).unwrap() {
        let name = format!("seeds/{}", e.unwrap().file_name().to_string_lossy());
        if safe_edits(t.path(), "glossary", &name).is_empty() {
            continue;
        }
        round_trip(t.path(), "glossary", &name);
        fixed += 1;
    }
    assert!(
        fixed >= 2,
        "the seeds have deprecated spellings in several articles"
    );
}

#[test]
fn markup_crlf_and_bom_round_trip() {
    let t = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/cmd/project"), t.path());
    for file in [
        "web/page.html",
        "web/notes.md",
        "columns/crlf.txt",
        "columns/bom.txt",
        "columns/harakat.txt",
        "columns/bidi.txt",
        "articles/deprecated.txt",
    ] {
        round_trip(t.path(), "glossary.csv", file);
    }
    // Markup that must not change did not.
    let html = std::fs::read_to_string(t.path().join("web/page.html")).unwrap();
    assert!(html.contains("<script>var city = \"المااتا\";</script>"));
    assert!(html.contains("<p class=\"المااتا\" title=\"المااتا\">"));
    assert!(html.contains("href=\"https://example.com/المااتا\""));
    assert!(html.contains("<!-- المااتا -->"));
    let md = std::fs::read_to_string(t.path().join("web/notes.md")).unwrap();
    assert!(md.contains("`المااتا`") && md.contains("```\nالمااتا\n```"));
    let crlf = std::fs::read(t.path().join("columns/crlf.txt")).unwrap();
    assert_eq!(crlf, "سطر أول\r\nقال في ألماتي\r\n".as_bytes());
    let bom = std::fs::read(t.path().join("columns/bom.txt")).unwrap();
    assert_eq!(bom, "\u{feff}في ألماتي\n".as_bytes());
}

#[test]
fn stdin_fix_keeps_crlf_bom_and_missing_final_newline() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_glossalign"))
        .current_dir(repo().join("tests/cmd/project"))
        .args(["fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all("\u{feff}وفي المااتا\r\nدعوة للاتحاد الاوربي".as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\u{feff}وفي ألماتي\r\nدعوة للاتحاد الأوروبي"
    );
}
