//! The bad-input matrix of issue 5: one case per kind of bad input, each
//! asserting the exact message fragment and the exit code. The same matrix
//! is the table in `docs/reliability.md`; keep the two in step.
//!
//! Exit codes: 0 fine (notices allowed), 2 error (the run goes on over the
//! other inputs and fails at the end; a bad glossary stops it before any
//! report is written).
#![allow(clippy::print_stderr)] // a skipped case says why

mod common;
use common::{bin, copy_dir, root};
use glossalign::source::encoding::{encode, LineEnding};
use glossalign::source::Encoding;
use std::path::PathBuf;
use std::process::{Command, Output};

/// A temporary project with the shipped glossary and a `docs/` folder.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("glossary"), &dir.path().join("glossary"));
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        Self { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn scan(&self, args: &[&str]) -> Run {
        let o = Command::new(bin())
            .current_dir(self.dir.path())
            .arg("scan")
            .args(args)
            .output()
            .unwrap();
        Run::from(o)
    }

    /// Rows of `reports/mentions.csv` as (file, line, column, byte_start, byte_end, surface, entity_id).
    fn mentions(&self) -> Vec<Vec<String>> {
        let mut r = csv::Reader::from_path(self.path("reports/mentions.csv")).unwrap();
        r.records()
            .map(|rec| rec.unwrap().iter().take(7).map(str::to_string).collect())
            .collect()
    }

    fn documents(&self) -> u64 {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(self.path("reports/consistency.json")).unwrap())
                .unwrap();
        json["summary"]["documents"].as_u64().unwrap()
    }
}

struct Run {
    code: i32,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    #[track_caller]
    fn expect(&self, code: i32, fragments: &[&str]) {
        assert_eq!(self.code, code, "exit code; stderr:\n{}", self.stderr);
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "stderr lacks {f:?}:\n{}",
                self.stderr
            );
        }
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}

const SENTENCE: &str = "زار الرئيس موسكو\n";

fn stored(text: &str, enc: Encoding, bom: bool) -> Vec<u8> {
    encode(text, enc, bom, LineEnding::Lf).unwrap()
}

/// The one mention of موسكو: (line, column, byte_start, byte_end).
#[track_caller]
fn moscow(p: &Project) -> (String, String, usize, usize) {
    let m = p.mentions();
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!((m[0][5].as_str(), m[0][6].as_str()), ("موسكو", "moscow"));
    (
        m[0][1].clone(),
        m[0][2].clone(),
        m[0][3].parse().unwrap(),
        m[0][4].parse().unwrap(),
    )
}

// ---------------------------------------------------------------- decoding

#[test]
fn utf8_without_bom() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.scan(&["docs"]).expect(0, &[]);
    assert_eq!(moscow(&p), ("1".into(), "12".into(), 20, 30));
}

#[test]
fn utf8_with_bom_counts_the_bom_in_byte_offsets_not_columns() {
    let p = Project::new();
    p.write("docs/a.txt", stored(SENTENCE, Encoding::Utf8, true));
    p.scan(&["docs"]).expect(0, &[]);
    assert_eq!(moscow(&p), ("1".into(), "12".into(), 23, 33));
}

#[test]
fn utf16_le_and_be_with_bom_give_offsets_into_the_stored_file() {
    for (enc, name) in [(Encoding::Utf16Le, "le"), (Encoding::Utf16Be, "be")] {
        let p = Project::new();
        let bytes = stored(SENTENCE, enc, true);
        p.write(&format!("docs/{name}.txt"), &bytes);
        p.scan(&["docs"]).expect(0, &[]);
        let (line, col, a, b) = moscow(&p);
        assert_eq!((line.as_str(), col.as_str(), a, b), ("1", "12", 24, 34));
        assert_eq!(&bytes[a..b], stored("موسكو", enc, false));
    }
}

#[test]
fn windows_1256_without_the_flag_is_an_error_with_a_hint() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.write(
        "docs/old.txt",
        stored(SENTENCE, Encoding::Windows1256, false),
    );
    p.scan(&["docs"]).expect(
        2,
        &[
            "glossalign: docs/old.txt: invalid UTF-8 at byte 0; it looks like Windows-1256 (Arabic): rerun with `--encoding cp1256`",
            "glossalign: 1 input(s) skipped because of errors: docs/old.txt",
        ],
    );
    // The run went on: the good file is in the reports.
    assert_eq!(p.documents(), 1);
}

#[test]
fn windows_1256_with_the_flag_is_read_and_offsets_count_one_byte_per_letter() {
    let p = Project::new();
    let bytes = stored(SENTENCE, Encoding::Windows1256, false);
    p.write("docs/old.txt", &bytes);
    p.scan(&["docs", "--encoding", "cp1256"]).expect(0, &[]);
    let (_, col, a, b) = moscow(&p);
    assert_eq!((col.as_str(), a, b), ("12", 11, 16));
    assert_eq!(&bytes[a..b], stored("موسكو", Encoding::Windows1256, false));
}

#[test]
fn invalid_utf8_names_file_and_byte_offset() {
    let p = Project::new();
    p.write("docs/bad.txt", b"abc \xFF\xFE\xFD def");
    p.scan(&["docs"])
        .expect(2, &["glossalign: docs/bad.txt: invalid UTF-8 at byte 4\n"]);
}

#[test]
fn utf16_without_bom_is_an_error_that_says_so() {
    let p = Project::new();
    let bytes = stored("hello world موسكو", Encoding::Utf16Le, false);
    p.write("docs/nobom.txt", bytes);
    p.scan(&["docs"]).expect(
        2,
        &["docs/nobom.txt: invalid UTF-8 at byte 1; it looks like UTF-16LE without a byte order mark"],
    );
}

#[test]
fn truncated_utf16_names_the_offset() {
    let p = Project::new();
    let mut bytes = stored("موسكو", Encoding::Utf16Be, true);
    bytes.push(0x06);
    p.write("docs/cut.txt", bytes);
    p.scan(&["docs"]).expect(
        2,
        &["docs/cut.txt: invalid UTF-16BE at byte 12; the file ends in the middle of a character"],
    );
}

// ------------------------------------------------------------ other inputs

#[test]
fn binary_files_are_skipped_with_a_notice() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.write("docs/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    p.scan(&["docs"]).expect(
        0,
        &["glossalign: notice: docs/image.txt: skipped: binary file (NUL byte at offset 8)"],
    );
    assert_eq!(p.documents(), 1);
}

#[test]
fn empty_files_are_fine() {
    let p = Project::new();
    p.write("docs/empty.txt", "");
    p.scan(&["docs"]).expect(0, &[]);
    assert_eq!(p.documents(), 1);
    assert!(p.mentions().is_empty());
}

#[test]
fn nfd_text_matches_and_spans_the_decomposed_bytes() {
    let p = Project::new();
    // ألماتي with the hamza as a combining mark (NFD): ا + U+0654.
    let nfd = "في \u{0627}\u{0654}لماتي\n";
    p.write("docs/nfd.txt", nfd);
    p.scan(&["docs"]).expect(0, &[]);
    let m = p.mentions();
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0][6], "almaty");
    let (a, b): (usize, usize) = (m[0][3].parse().unwrap(), m[0][4].parse().unwrap());
    assert_eq!(&nfd.as_bytes()[a..b], "\u{0627}\u{0654}لماتي".as_bytes());
}

#[test]
fn nonexistent_paths_are_errors_and_the_run_goes_on() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.scan(&["docs", "missing.txt"]).expect(
        2,
        &[
            "glossalign: missing.txt: error reading input: No such file or directory",
            "1 input(s) skipped because of errors: missing.txt",
        ],
    );
    assert_eq!(p.documents(), 1);
}

#[cfg(unix)]
#[test]
fn permission_denied_is_an_error_naming_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    let secret = p.write("docs/secret.txt", SENTENCE);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let locked = p.path("docs/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let expected = [
        "glossalign: docs/secret.txt: error reading: Permission denied",
        "glossalign: docs/locked: error listing folder: Permission denied",
        "2 input(s) skipped because of errors",
    ];
    if std::fs::read(&secret).is_err() {
        p.scan(&["docs"]).expect(2, &expected);
        return;
    }
    // Root reads anything: run the scan as `nobody` when setpriv can, else skip.
    std::fs::set_permissions(p.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(p.path("docs"), std::fs::Permissions::from_mode(0o777)).unwrap();
    let as_nobody = |args: &[&str]| -> Option<Run> {
        let o = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin()])
            .args(args)
            .current_dir(p.dir.path())
            .output()
            .ok()?;
        Some(Run::from(o))
    };
    match as_nobody(&["--version"]) {
        Some(r) if r.code == 0 => {}
        _ => {
            eprintln!("skipped: running as root and cannot drop privileges with setpriv");
            return;
        }
    }
    let out = p.path("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    let r = as_nobody(&["scan", "docs", "--out", "out"]).unwrap();
    r.expect(2, &expected);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_not_followed_and_files_are_read_once() {
    let p = Project::new();
    p.write("docs/sub/a.txt", SENTENCE);
    std::os::unix::fs::symlink("..", p.path("docs/sub/up")).unwrap();
    std::os::unix::fs::symlink("self.txt", p.path("docs/self.txt")).unwrap();
    p.scan(&["docs"]).expect(
        2,
        &[
            "glossalign: notice: docs/sub/up: symbolic link loop (leads back to a folder being scanned); not followed",
            "glossalign: docs/self.txt: error reading input: Too many levels of symbolic links",
        ],
    );
    assert_eq!(p.documents(), 1);
    assert_eq!(p.mentions().len(), 1);
}

#[cfg(unix)]
#[test]
fn the_same_folder_or_file_named_twice_is_read_once() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    std::os::unix::fs::symlink("docs", p.path("alias")).unwrap();
    p.scan(&["docs", "alias", "docs/a.txt"]).expect(
        0,
        &["glossalign: notice: alias: same folder as `docs`, already scanned; not scanned again"],
    );
    assert_eq!(p.mentions().len(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_shown_with_escapes() {
    use std::os::unix::ffi::OsStrExt;
    let p = Project::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.txt");
    std::fs::write(p.path("docs").join(name), SENTENCE).unwrap();
    p.scan(&["docs"]).expect(
        0,
        &[r"glossalign: notice: docs/caf\xE9.txt: file name is not valid UTF-8; shown with \x escapes"],
    );
    assert_eq!(p.mentions()[0][0], r"docs/caf\xE9.txt");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_not_read() {
    let p = Project::new();
    let fifo = p.path("docs/pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo not available");
        return;
    }
    p.scan(&["docs", "/dev/zero"]).expect(
        2,
        &[
            "glossalign: docs/pipe.txt: not a regular file (a FIFO, socket or device); skipped",
            "glossalign: /dev/zero: not a regular file",
        ],
    );
}

#[test]
fn a_20_mb_single_line_is_scanned_correctly() {
    use glossalign::matcher::{MatchOptions, Matcher};
    use glossalign::scan::scan_document;
    use glossalign::source::SourceFile;
    let g = common::shipped_glossary();
    // Exact matching only: the test is about offsets on a long line, and the
    // fuzzy stage would make it slow in a debug build.
    let m = Matcher::new(&g, MatchOptions { fuzzy: false });
    let unit = "قال مراسلنا في موسكو، إن الوضع هادئ؛ وأضاف شيئاً ";
    let n = 20_000_000 / unit.len();
    let mut text = String::from("\u{FEFF}");
    text.push_str(&unit.repeat(n));
    let doc = SourceFile::from_bytes("long.txt", text.into_bytes()).unwrap();
    let res = scan_document(&m, &doc);
    assert_eq!(res.mentions.len(), n);
    let unit_chars = unit.chars().count();
    let first_col = unit[..unit.find("موسكو").unwrap()].chars().count() + 1;
    for (k, men) in res.mentions.iter().enumerate().step_by(9973) {
        assert_eq!(men.entity_id, "moscow");
        assert_eq!((men.line, men.column), (1, first_col + k * unit_chars));
        let start = 3 + k * unit.len() + unit.find("موسكو").unwrap();
        assert_eq!(
            (men.byte_start, men.byte_end),
            (start, start + "موسكو".len())
        );
    }
    let last = res.mentions.last().unwrap();
    assert_eq!(last.column, first_col + (n - 1) * unit_chars);
}

// --------------------------------------------------------------- glossary

const HEADER: &str = "entity_id,type,lang,form,status,note\n";

/// Scan with only `g.csv` as glossary; it must fail before writing anything.
#[track_caller]
fn glossary_fails(bytes: impl AsRef<[u8]>, fragment: &str) {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.write("g.csv", bytes);
    p.scan(&["docs", "-g", "g.csv"])
        .expect(2, &[fragment, "glossalign: no report written"]);
    assert!(!p.path("reports").exists());
}

#[track_caller]
fn glossary_loads(bytes: impl AsRef<[u8]>) {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.write("g.csv", bytes);
    p.scan(&["docs", "-g", "g.csv"]).expect(0, &[]);
    assert_eq!(moscow(&p).2, 20);
}

#[test]
fn glossary_with_unbalanced_quotes() {
    glossary_fails(
        format!("{HEADER}moscow,place,ar,\"موسكو,preferred,\nrussia,place,ar,روسيا,preferred,\n"),
        "glossary error: g.csv:2:4: unbalanced quote: a quoted field opened here runs over 2 more line(s)",
    );
}

#[test]
fn glossary_with_wrong_column_count() {
    glossary_fails(
        format!("{HEADER}moscow,place,ar,موسكو,preferred\n"),
        "glossary error: g.csv:2:6: wrong number of fields: expected 6 (as in the header), found 5",
    );
    glossary_fails(
        format!("{HEADER}moscow,place,ar,موسكو,preferred,,extra\n"),
        "glossary error: g.csv:2:7: wrong number of fields: expected 6 (as in the header), found 7",
    );
}

#[test]
fn glossary_with_unknown_header() {
    glossary_fails(
        "moscow,place,ar,موسكو,preferred,\n",
        "glossary error: g.csv:1:1: unknown header `moscow,place,ar,موسكو,preferred,`",
    );
    glossary_fails(
        "id,type,lang,form,status,note\n",
        "glossary error: g.csv:1: header is missing column(s) entity_id",
    );
}

#[test]
fn glossary_with_bom_and_crlf_loads() {
    glossary_loads(format!(
        "\u{FEFF}{}moscow,place,ar,موسكو,preferred,\r\n",
        HEADER.replace('\n', "\r\n")
    ));
}

#[test]
fn glossary_with_duplicate_or_conflicting_forms() {
    glossary_fails(
        format!("{HEADER}moscow,place,ar,موسكو,preferred,\nmoscow,place,ar,موسكو,admitted,\n"),
        "glossary error: g.csv:3:4: column `form`: duplicate form `موسكو` for entity `moscow` (already at g.csv:2)",
    );
    glossary_fails(
        format!("{HEADER}moscow,place,ar,موسكو,preferred,\nmoskva,place,ar,مُوسكو,preferred,\n"),
        "glossary error: g.csv:3:4: column `form`: form `مُوسكو` of entity `moskva` normalises to `موسكو`, the same as form `موسكو` of entity `moscow` at g.csv:2",
    );
    glossary_fails(
        format!("{HEADER}moscow,place,ar,موسكو,preferred,\nmoscow,person,en,Moscow,preferred,\n"),
        "glossary error: g.csv:3:2: column `type`: entity `moscow` has type `person` here but `place` at g.csv:2",
    );
}

#[test]
fn glossary_saved_by_excel_as_utf16() {
    let text = format!("{HEADER}moscow,place,ar,موسكو,preferred,\n").replace(',', "\t");
    glossary_fails(
        stored(&text, Encoding::Utf16Le, true),
        "glossary error: g.csv:1:1: file is UTF-16LE (as Excel's \"Unicode Text\" saves it), not UTF-8: save it as \"CSV UTF-8\"",
    );
}

#[test]
fn glossary_saved_as_windows_1256() {
    let text = format!("{HEADER}moscow,place,ar,موسكو,preferred,\n");
    glossary_fails(
        stored(&text, Encoding::Windows1256, false),
        "glossary error: g.csv:2:4: invalid UTF-8 at byte 53; it looks like Windows-1256 (Arabic): save it as \"CSV UTF-8\"",
    );
}

#[test]
fn glossary_that_does_not_exist() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.scan(&["docs", "-g", "nope.csv"]).expect(
        2,
        &[
            "glossalign: nope.csv: error reading glossary: No such file or directory",
            "glossalign: no report written",
        ],
    );
}

// ----------------------------------------------------------------- outputs

#[test]
fn csv_cells_from_the_corpus_cannot_be_formulas() {
    let p = Project::new();
    p.write("=HYPERLINK(1).txt", SENTENCE);
    p.write("+x.txt", SENTENCE);
    p.scan(&["=HYPERLINK(1).txt", "+x.txt"]).expect(0, &[]);
    let files: Vec<String> = p.mentions().into_iter().map(|m| m[0].clone()).collect();
    assert_eq!(files, ["'+x.txt", "'=HYPERLINK(1).txt"]);
    let canonical = std::fs::read_to_string(p.path("reports/canonical_names.csv")).unwrap();
    assert!(
        canonical.contains(",'+x.txt;=HYPERLINK(1).txt,"),
        "{canonical}"
    );
}

#[cfg(unix)]
#[test]
fn corpus_text_is_escaped_in_markdown_html_and_json() {
    let p = Project::new();
    let name = "docs/a|b`<script>*x*\n.txt";
    p.write(name, "زار موسكو ثم ألماتا وألماتي\n");
    p.scan(&["docs"]).expect(0, &[]);
    let md = std::fs::read_to_string(p.path("reports/consistency.md")).unwrap();
    assert!(md.contains("`docs/a\\|b'<script>*x* .txt`"), "{md}");
    assert!(!md.contains("a|b"), "{md}");
    // Every table row still has the header's number of cells.
    for line in md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("`docs/"))
    {
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 6, "{line}");
    }
    // HTML: the name is escaped; the only <script> is the report's own.
    let html = std::fs::read_to_string(p.path("reports/consistency.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;*x*"),
        "file name not escaped in HTML"
    );
    assert_eq!(html.matches("<script").count(), 1);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.path("reports/consistency.json")).unwrap())
            .unwrap();
    let files = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["spellings"].as_array().unwrap().iter())
        .flat_map(|s| s["files"].as_array().unwrap().iter())
        .filter_map(|f| f.as_str())
        .collect::<Vec<_>>();
    assert!(files.contains(&name), "{files:?}");
}

#[test]
fn fix_writes_back_in_the_original_encoding_bom_and_line_endings() {
    let before = "قال في المااتا\r\nوزار المااتا\r\n";
    let after = "قال في ألماتي\r\nوزار ألماتي\r\n";
    for (enc, bom, name) in [
        (Encoding::Utf8, true, "utf8bom.txt"),
        (Encoding::Utf16Le, true, "le.txt"),
        (Encoding::Utf16Be, true, "be.txt"),
    ] {
        let p = Project::new();
        let file = p.write(&format!("docs/{name}"), stored(before, enc, bom));
        let o = Command::new(bin())
            .current_dir(p.dir.path())
            .args(["fix", "--write", &format!("docs/{name}")])
            .output()
            .unwrap();
        Run::from(o).expect(0, &["applied 2 fixes in 1 file"]);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            stored(after, enc, bom),
            "{}",
            enc.name()
        );
    }
}

#[test]
fn an_output_folder_that_is_a_file_is_an_error() {
    let p = Project::new();
    p.write("docs/a.txt", SENTENCE);
    p.write("out", "not a folder");
    p.scan(&["docs", "--out", "out"])
        .expect(2, &["glossalign: out: error creating output folder"]);
}

// ------------------------------------------------- lint and fix --encoding

/// Two deprecated spellings of Almaty, CRLF, as an old Windows editor saves them.
const OLD_ALMATY: &str = "قال في المااتا\r\nوزار المااتا\r\n";

impl Project {
    fn run(&self, args: &[&str]) -> (Run, String) {
        let o = Command::new(bin())
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        (Run::from(o), stdout)
    }
}

#[test]
fn lint_on_windows_1256_without_the_flag_is_an_error_with_a_hint() {
    let p = Project::new();
    p.write(
        "docs/old.txt",
        stored(OLD_ALMATY, Encoding::Windows1256, false),
    );
    let (run, stdout) = p.run(&["lint", "docs/old.txt"]);
    run.expect(
        2,
        &[
            "glossalign: docs/old.txt: invalid UTF-8 at byte 0; it looks like Windows-1256 (Arabic): rerun with `--encoding cp1256`",
            "glossalign: 1 input(s) skipped because of errors",
        ],
    );
    assert_eq!(stdout, "");
}

#[test]
fn lint_with_encoding_cp1256_reports_lines_columns_and_stored_offsets() {
    let p = Project::new();
    let bytes = stored(OLD_ALMATY, Encoding::Windows1256, false);
    p.write("docs/old.txt", &bytes);
    let (run, stdout) = p.run(&["lint", "--encoding", "cp1256", "docs/old.txt"]);
    run.expect(1, &["2 problems (0 errors, 2 warnings, 0 info)"]);
    assert_eq!(
        stdout,
        "docs/old.txt:1:8: warning deprecated-spelling: «المااتا» → «ألماتي» (Almaty)\n\
         docs/old.txt:2:6: warning deprecated-spelling: «المااتا» → «ألماتي» (Almaty)\n"
    );
    // JSON byte offsets count one byte per letter of the stored file.
    let (run, stdout) = p.run(&[
        "lint",
        "--encoding",
        "windows-1256",
        "--format",
        "json",
        "docs/old.txt",
    ]);
    run.expect(1, &[]);
    let spans: Vec<(usize, usize)> = stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["byte_start"].as_u64().unwrap() as usize,
                v["byte_end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(spans, [(7, 14), (21, 28)]);
    for (a, b) in spans {
        assert_eq!(
            &bytes[a..b],
            stored("المااتا", Encoding::Windows1256, false)
        );
    }
}

#[test]
fn fix_write_with_encoding_cp1256_writes_windows_1256_back() {
    let p = Project::new();
    let file = p.write(
        "docs/old.txt",
        stored(OLD_ALMATY, Encoding::Windows1256, false),
    );
    // Without the flag: an error, and the file is left alone.
    let (run, _) = p.run(&["fix", "--write", "docs/old.txt"]);
    run.expect(2, &["rerun with `--encoding cp1256`"]);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        stored(OLD_ALMATY, Encoding::Windows1256, false)
    );
    // The diff is shown in Unicode whatever the stored encoding.
    let (run, stdout) = p.run(&["fix", "--encoding", "cp1256", "docs/old.txt"]);
    run.expect(1, &["would apply 2 fixes in 1 file"]);
    assert!(stdout.contains("\n+قال في ألماتي"), "{stdout}");
    let (run, _) = p.run(&["fix", "--write", "--encoding", "cp1256", "docs/old.txt"]);
    run.expect(0, &["applied 2 fixes in 1 file"]);
    let after = std::fs::read(&file).unwrap();
    // Still Windows-1256 (not UTF-8), CRLF kept, the fixed spelling inside.
    assert!(std::str::from_utf8(&after).is_err());
    assert_eq!(
        after,
        stored(
            "قال في ألماتي\r\nوزار ألماتي\r\n",
            Encoding::Windows1256,
            false
        )
    );
    let doc = glossalign::source::SourceFile::decode(
        "old.txt",
        after,
        glossalign::source::InputEncoding::Windows1256,
    )
    .unwrap();
    assert_eq!(doc.encoding, Encoding::Windows1256);
    assert_eq!(doc.text, "قال في ألماتي\r\nوزار ألماتي\r\n");
    // Fixed: lint is clean now.
    let (run, stdout) = p.run(&["lint", "--encoding", "cp1256", "docs/old.txt"]);
    run.expect(0, &[]);
    assert_eq!(stdout, "");
}
