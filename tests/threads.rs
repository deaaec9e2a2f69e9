//! Issue 5 invariant: the reports are byte-identical whatever the thread
//! count. Documents are scanned with `run::scan_paths_with` at 1, 2 and 4
//! threads and rendered with `render_reports_with` (the workbook on a second
//! thread when more than one) and with `render_reports`; every rendered file
//! must be the same bytes, and the skipped inputs the same messages in the
//! same order.

mod common;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{root, shipped_glossary};
use glossalign::glossary::Glossary;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::{render_reports, render_reports_with, scan_paths_with, ScanSettings};
use proptest::prelude::*;

fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(shipped_glossary)
}

/// Everything a run produces that a user sees: the rendered report files,
/// then the error and notice messages.
type RunOutput = (Vec<(&'static str, Vec<u8>)>, Vec<String>, Vec<String>);

fn scan_at(paths: &[PathBuf], threads: usize) -> RunOutput {
    let m = Matcher::new(glossary(), MatchOptions::default());
    let settings = ScanSettings {
        threads,
        ..Default::default()
    };
    let outcome = scan_paths_with(&m, paths, &settings, &|_| {});
    let files = render_reports_with(glossary(), &outcome.documents, threads > 1);
    assert_eq!(
        files,
        render_reports(glossary(), &outcome.documents),
        "render_reports_with({}) differs from render_reports",
        threads > 1
    );
    let msgs = |v: &[glossalign::Error]| v.iter().map(|e| e.to_string()).collect::<Vec<_>>();
    (files, msgs(&outcome.errors), msgs(&outcome.notices))
}

/// The run at 1 thread, after checking that 2 and 4 threads give the same.
#[track_caller]
fn same_at_every_thread_count(paths: &[PathBuf]) -> RunOutput {
    let one = scan_at(paths, 1);
    for threads in [2, 4] {
        let many = scan_at(paths, threads);
        for ((name, a), (name_b, b)) in one.0.iter().zip(&many.0) {
            assert_eq!(name, name_b);
            assert!(a == b, "{name} differs between 1 and {threads} threads");
        }
        assert_eq!(one.0.len(), many.0.len());
        assert_eq!(one.1, many.1, "errors at {threads} threads");
        assert_eq!(one.2, many.2, "notices at {threads} threads");
    }
    one
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Rows of mentions.csv (header excluded).
fn mention_rows(out: &RunOutput) -> usize {
    let csv = &out.0.iter().find(|(n, _)| *n == "mentions.csv").unwrap().1;
    csv.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count() - 1
}

/// Words of news text: glossary names (preferred, admitted, deprecated,
/// surnames alone), with clitics, after titles, misspelt (fuzzy matches),
/// and ordinary words.
const WORDS: &[&str] = &[
    "روسيا",
    "وروسيا",
    "لروسيا",
    "بروسيا",
    "موسكو",
    "وموسكو",
    "ألماتي",
    "ألماتا",
    "المااتا",
    "للمااتا",
    "ألما اتا",
    "كازاخستان",
    "قازاقستان",
    "وكازاخستان",
    "كازاخستانية",
    "قرغيزستان",
    "قيرغيزستان",
    "قيرغيستان",
    "أستانا",
    "أستانة",
    "نور سلطان",
    "الكرملين",
    "بالكريملين",
    "الاتحاد الأوروبي",
    "للاتحاد الاوربي",
    "حلف شمال الأطلسي",
    "الناتو",
    "منظمة الوحدة",
    "قاسم جومارت توكاييف",
    "توكاييف",
    "توكايف",
    "توكاييفف",
    "أنتوني بلينكن",
    "بلينكن",
    "دميتري ميدفيديف",
    "ديمتري ميدفيديف",
    "ميدفيديف",
    "جين ساكي",
    "ساكي",
    "كريم ماسيموف",
    "ماسيموف",
    "فرانس برس",
    "رويترز",
    "تيليغرام",
    "تليجرام",
    "بيتكوين",
    "بتكوين",
    "الرئيس",
    "رئيس كازاخستان،",
    "وزير الخارجية",
    "المتحدث باسم",
    "قال",
    "زار",
    "في",
    "من",
    "إلى",
    "اليوم",
    "الحكومة",
    "خبر",
    "كريم",
    "بغداد",
    "عسكر",
    "Almaty",
    "AFP",
];

/// A word: mostly from [`WORDS`], sometimes random Arabic letters.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(WORDS).prop_map(str::to_string),
        1 => prop::collection::vec(prop::char::range('\u{0621}', '\u{064A}'), 2..8)
            .prop_map(|v| v.into_iter().collect()),
    ]
}

/// What follows a word.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", " ", " ", " ", "، ", ". ", "\n", "\r\n", "\n\n", "؟ "][..])
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), separator()), 0..40).prop_map(|v| {
        v.into_iter()
            .flat_map(|(w, s)| [w, s.to_string()])
            .collect()
    })
}

/// Where the i-th generated document goes: several folders, and Markdown
/// (read for its prose only) beside plain text.
fn place(i: usize) -> String {
    let folder = ["", "a/", "a/b/", "c/", "c/d/e/"][i % 5];
    let ext = if i % 3 == 2 { "md" } else { "txt" };
    format!("{folder}doc{i}.{ext}")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16),
        ..ProptestConfig::default()
    })]

    #[test]
    fn reports_are_identical_whatever_the_thread_count(
        docs in prop::collection::vec(document(), 1..10),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (i, d) in docs.iter().enumerate() {
            write(dir.path(), &place(i), d);
        }
        same_at_every_thread_count(&[dir.path().to_path_buf()]);
    }
}

#[test]
fn seeds_copied_into_30_files_over_nested_folders() {
    let seeds: Vec<PathBuf> = {
        let mut v: Vec<_> = std::fs::read_dir(root().join("seeds"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        v.sort();
        v
    };
    assert!(!seeds.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        let seed = &seeds[i % seeds.len()];
        let folder = ["", "2022/", "2022/01/", "2022/02/", "2023/x/y/z/", "misc/"][i % 6];
        let name = seed.file_name().unwrap().to_string_lossy();
        write(
            dir.path(),
            &format!("{folder}{i:02}_{name}"),
            std::fs::read(seed).unwrap(),
        );
    }
    // Two inputs that are skipped, so that the error and notice lists are
    // compared too, and a second path argument naming a subfolder again.
    write(dir.path(), "2022/01/bad.txt", b"abc \xFF\xFE def");
    write(dir.path(), "misc/image.txt", b"GIF89a\0\0\0\0");
    let out = same_at_every_thread_count(&[dir.path().to_path_buf(), dir.path().join("2022")]);
    assert_eq!(out.1.len(), 1, "{:?}", out.1);
    assert!(
        out.1[0].contains("bad.txt: invalid UTF-8 at byte 4"),
        "{:?}",
        out.1
    );
    assert!(
        !out.2.is_empty(),
        "the binary file and the folder named twice are notices"
    );
    // Every seed copy is in the reports (each seed names something).
    let documents = std::str::from_utf8(
        &out.0
            .iter()
            .find(|(n, _)| *n == "consistency.json")
            .unwrap()
            .1,
    )
    .unwrap()
    .to_string();
    let json: serde_json::Value = serde_json::from_str(&documents).unwrap();
    assert_eq!(json["summary"]["documents"].as_u64(), Some(30));
    assert!(mention_rows(&out) > 30);
}

#[test]
fn more_files_than_one_batch_keep_their_order() {
    // More files than one batch of results (`BATCH_PER_THREAD` per thread):
    // results are handed over batch by batch, and the order must hold across
    // the batch boundaries.
    let n = 2 * glossalign::run::BATCH_PER_THREAD + 9;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        let text = format!(
            "{} {}\n",
            WORDS[i % WORDS.len()],
            WORDS[(i * 7 + 3) % WORDS.len()]
        );
        write(dir.path(), &format!("f{}/{i:03}.txt", i % 3), text);
    }
    let out = same_at_every_thread_count(&[dir.path().to_path_buf()]);
    let json: serde_json::Value = serde_json::from_slice(
        &out.0
            .iter()
            .find(|(n, _)| *n == "consistency.json")
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(json["summary"]["documents"].as_u64(), Some(n as u64));
}

/// The files `write_reports_with` streams to disk are the bytes
/// `render_reports` renders in memory, serial or parallel; and a report that
/// cannot be written replaces none of them and leaves no temporary file.
#[test]
fn reports_written_to_disk_are_the_rendered_bytes_all_or_nothing() {
    use glossalign::run::{write_reports_with, REPORT_FILES};
    let m = Matcher::new(glossary(), MatchOptions::default());
    let outcome = scan_paths_with(
        &m,
        &[root().join("seeds")],
        &ScanSettings::default(),
        &|_| {},
    );
    let rendered = render_reports(glossary(), &outcome.documents);
    for parallel in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let written =
            write_reports_with(dir.path(), glossary(), &outcome.documents, parallel).unwrap();
        assert_eq!(written.len(), REPORT_FILES.len());
        for (name, bytes) in &rendered {
            let on_disk = std::fs::read(dir.path().join(name)).unwrap();
            assert!(
                on_disk == *bytes,
                "{name} on disk differs (parallel {parallel})"
            );
        }
    }
    // consistency.json is a folder: that report fails, so none is replaced.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mentions.csv"), "old").unwrap();
    std::fs::create_dir(dir.path().join("consistency.json")).unwrap();
    let err = write_reports_with(dir.path(), glossary(), &outcome.documents, true).unwrap_err();
    assert!(err.to_string().contains("consistency.json"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("mentions.csv")).unwrap(),
        b"old"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["consistency.json", "mentions.csv"]);
}

/// An abandoned report writer leaves nothing: no temporary file, and no
/// output folder if it created it (an existing folder stays).
#[test]
fn an_abandoned_report_writer_leaves_nothing() {
    use glossalign::run::ReportWriter;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new");
    let w = ReportWriter::new(&out, glossary()).unwrap();
    assert!(out.is_dir());
    w.abandon();
    assert!(!out.exists(), "the folder it created is still there");
    std::fs::create_dir(&out).unwrap();
    ReportWriter::new(&out, glossary()).unwrap().abandon();
    assert!(out.is_dir());
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "temporary files left"
    );
}
