//! The `scan` command end to end: outputs, exit codes, errors, determinism.

mod common;
use common::{bin, run_in as run, seeds_project as project};
use std::process::{Command, Output};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn scan_on_defaults_writes_every_report() {
    let p = project();
    let o = run(p.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in glossalign::run::REPORT_FILES {
        assert!(p.path().join("reports").join(f).is_file(), "{f} missing");
    }
    let csv = std::fs::read_to_string(p.path().join("reports/mentions.csv")).unwrap();
    assert!(csv.starts_with("\u{FEFF}file,line,column,byte_start,byte_end,surface,entity_id,canonical,form_status,match_kind,score"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.path().join("reports/consistency.json")).unwrap())
            .unwrap();
    assert_eq!(json["summary"]["documents"], 5);
    let md = std::fs::read_to_string(p.path().join("reports/consistency.md")).unwrap();
    // Article 003 spells Almaty two ways.
    assert!(
        md.contains("«المااتا» ×3 (lines 6, 11, 14), «ألماتي» ×2 (lines 8, 12)"),
        "{md}"
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_input_order() {
    let p = project();
    let a = run(p.path(), &["scan", "-q", "--out", "a"]);
    assert!(a.status.success());
    let b = run(p.path(), &["scan", "-q", "--out", "b", "seeds"]);
    assert!(b.status.success());
    for f in glossalign::run::REPORT_FILES {
        assert_eq!(
            std::fs::read(p.path().join("a").join(f)).unwrap(),
            std::fs::read(p.path().join("b").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn bad_glossary_exits_2_names_file_and_line_and_writes_nothing() {
    let p = project();
    std::fs::create_dir_all(p.path().join("reports")).unwrap();
    std::fs::write(p.path().join("reports/mentions.csv"), "old").unwrap();
    let bad = p.path().join("glossary/zz-bad.csv");
    std::fs::write(
        &bad,
        "entity_id,type,lang,form,status,note\nfoo,place,ar,فوو,prefered,\n",
    )
    .unwrap();
    let o = run(p.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("glossary/zz-bad.csv:2:5: column `status`: status `prefered`"),
        "{e}"
    );
    assert!(e.contains("no report written"), "{e}");
    assert_eq!(
        std::fs::read_to_string(p.path().join("reports/mentions.csv")).unwrap(),
        "old"
    );
    assert!(!p.path().join("reports/consistency.md").exists());
}

#[test]
fn duplicate_form_under_two_entities_is_rejected() {
    let p = project();
    std::fs::write(
        p.path().join("glossary/zz-dup.csv"),
        "entity_id,type,lang,form,status,note\nother-city,place,ar,الماتا,preferred,\nother-city,place,en,Other,preferred,\n",
    )
    .unwrap();
    let o = run(p.path(), &["scan"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "glossary/zz-dup.csv:2:4: column `form`: form `الماتا` of entity `other-city`"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_inputs_are_reported_and_skipped_and_the_run_goes_on() {
    let p = project();
    std::fs::write(p.path().join("seeds/bad.txt"), b"\xD1\xE6\xD3\xED\xC7 text").unwrap();
    let o = run(p.path(), &["scan", "seeds", "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("seeds/bad.txt: invalid UTF-8 at byte 0"), "{e}");
    assert!(e.contains("missing.txt: error reading input"), "{e}");
    assert!(e.contains("2 input(s) skipped"), "{e}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.path().join("reports/consistency.json")).unwrap())
            .unwrap();
    assert_eq!(json["summary"]["documents"], 5);
}

#[test]
fn glossary_override_flag_is_repeatable() {
    let p = project();
    let g = p.path().join("g1.csv");
    std::fs::write(
        &g,
        "entity_id,type,lang,form,status,note\nmoscow,place,ar,موسكو,preferred,\n",
    )
    .unwrap();
    let g2 = p.path().join("g2.csv");
    std::fs::write(
        &g2,
        "entity_id,type,lang,form,status,note\nukraine,place,ar,أوكرانيا,preferred,\n",
    )
    .unwrap();
    let o = run(
        p.path(),
        &[
            "scan",
            "-q",
            "--glossary",
            "g1.csv",
            "--glossary",
            "g2.csv",
            "--out",
            "o",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(p.path().join("o/mentions.csv")).unwrap();
    let ids: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap())
        .collect();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["moscow", "ukraine"]);
}

#[test]
fn without_a_writable_temp_folder_every_report_is_still_written() {
    // Nothing in a scan needs the temporary folder (atomic writes use a
    // temporary file next to the target). Guards against rendering the
    // workbook through temp files (rust_xlsxwriter's constant-memory mode,
    // tried once, unwrapped the creation of one per worksheet and panicked
    // when TMPDIR was not writable).
    let p = project();
    let ok = run(p.path(), &["scan", "-o", "with-tmp"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let o = Command::new(bin())
        .current_dir(p.path())
        .env("TMPDIR", p.path().join("no-such-folder"))
        .args(["scan", "-o", "without-tmp"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    for f in glossalign::run::REPORT_FILES {
        let a = std::fs::read(p.path().join("with-tmp").join(f)).unwrap();
        let b = std::fs::read(p.path().join("without-tmp").join(f)).unwrap();
        assert!(a == b, "{f} differs");
    }
}
