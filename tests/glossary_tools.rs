//! Issue 6: the glossary-building commands run as a user runs them —
//! `discover`, `glossary check`, `glossary export`, `glossary import`,
//! `glossary merge` — through the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use glossalign::glossary::canonical::canonicalize;
use glossalign::glossary::load::load;
use glossalign::glossary::rows::{header, rows_of, to_canonical_csv};

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Out {
    let o = Command::new(env!("CARGO_BIN_EXE_glossalign"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run glossalign");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(o.stderr).expect("UTF-8 stderr"),
    }
}

#[track_caller]
fn ok(args: &[&str]) -> Out {
    let o = run(args);
    assert_eq!(o.code, 0, "{args:?} failed:\n{}", o.stderr);
    o
}

/// A temporary project with a copy of the shipped glossary in `glossary/`
/// and `review_csv` as `review.csv`: (folder, glossary, review file).
fn merge_project(review_csv: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("glossary");
    copy_dir(Path::new("glossary"), &g);
    let review = dir.path().join("review.csv");
    std::fs::write(&review, review_csv).unwrap();
    (dir, g, review)
}

/// `glossary merge REVIEW -g GLOSSARY`, as arguments.
fn merge_args<'a>(review: &'a Path, g: &'a Path) -> [&'a str; 5] {
    [
        "glossary",
        "merge",
        review.to_str().unwrap(),
        "-g",
        g.to_str().unwrap(),
    ]
}

/// The shipped glossary as one canonical CSV text.
fn shipped_canonical() -> String {
    let g = load(&[PathBuf::from("glossary")]).unwrap();
    to_canonical_csv("all.csv", &header(&g.extra_columns), &rows_of(&g)).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

// ---------------------------------------------------------------- export

#[test]
fn tbx_export_has_the_tbx_basic_structure() {
    let tbx = ok(&["glossary", "export", "--format", "tbx"]).stdout;
    let doc = roxmltree::Document::parse(&tbx).expect("well-formed XML");
    const NS: &str = "urn:iso:std:iso:30042:ed-2";
    const XML: &str = "http://www.w3.org/XML/1998/namespace";
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "tbx");
    assert_eq!(root.attribute("type"), Some("TBX-Basic"));
    assert_eq!(root.attribute("style"), Some("dca"));
    assert_eq!(root.attribute((XML, "lang")), Some("en"));
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert_eq!(
            n.tag_name().namespace(),
            Some(NS),
            "{:?} outside the TBX namespace",
            n.tag_name()
        );
    }
    let names = |n: roxmltree::Node<'_, '_>| -> Vec<String> {
        n.children()
            .filter(|c| c.is_element())
            .map(|c| c.tag_name().name().to_string())
            .collect()
    };
    assert_eq!(names(root), ["tbxHeader", "text"]);
    let header = root.first_element_child().unwrap();
    assert_eq!(names(header), ["fileDesc"]);
    assert_eq!(names(header.first_element_child().unwrap()), ["sourceDesc"]);
    let text = root.last_element_child().unwrap();
    assert_eq!(names(text), ["body"]);
    let body = text.first_element_child().unwrap();
    let entries: Vec<_> = body.children().filter(|c| c.is_element()).collect();
    let g = load(&[PathBuf::from("glossary")]).unwrap();
    assert_eq!(
        entries.len(),
        g.entities.len(),
        "one conceptEntry per entity"
    );
    let mut ids = std::collections::HashSet::new();
    for ce in entries {
        assert_eq!(ce.tag_name().name(), "conceptEntry");
        let id = ce.attribute("id").expect("conceptEntry id");
        assert!(ids.insert(id), "duplicate id {id}");
        assert!(
            id.starts_with(|c: char| c.is_ascii_alphabetic()),
            "{id} is not an XML ID"
        );
        let kids = names(ce);
        assert_eq!(kids[0], "descrip");
        assert!(kids[1..].iter().all(|k| k == "langSec"), "{kids:?}");
        let descrip = ce.first_element_child().unwrap();
        assert_eq!(
            descrip.attribute("type"),
            Some("subjectField"),
            "subjectField only at conceptEntry level"
        );
        for ls in ce
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "langSec")
        {
            assert!(ls.attribute((XML, "lang")).is_some());
            let ts: Vec<_> = ls.children().filter(|c| c.is_element()).collect();
            assert!(!ts.is_empty());
            for t in ts {
                assert_eq!(t.tag_name().name(), "termSec");
                let k = names(t);
                assert_eq!(k[0], "term", "term comes first: {k:?}");
                let mut seen_note = false;
                for c in t.children().filter(|c| c.is_element()).skip(1) {
                    match c.tag_name().name() {
                        "termNote" => {
                            assert!(!seen_note, "termNote after note");
                            let v = c.text().unwrap_or("");
                            match c.attribute("type") {
                                Some("administrativeStatus") => assert!(
                                    [
                                        "preferredTerm-admn-sts",
                                        "admittedTerm-admn-sts",
                                        "deprecatedTerm-admn-sts",
                                        "supersededTerm-admn-sts"
                                    ]
                                    .contains(&v),
                                    "{v}"
                                ),
                                Some("termType") => assert!(
                                    [
                                        "fullForm",
                                        "acronym",
                                        "abbreviation",
                                        "shortForm",
                                        "variant",
                                        "phrase"
                                    ]
                                    .contains(&v),
                                    "{v}"
                                ),
                                other => panic!("termNote type {other:?} is not TBX-Basic"),
                            }
                        }
                        "note" => seen_note = true,
                        other => panic!("unexpected <{other}> in termSec"),
                    }
                }
            }
        }
    }
}

#[test]
fn tbx_round_trip_gives_the_same_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("g.tbx");
    let csv = dir.path().join("g.csv");
    ok(&[
        "glossary",
        "export",
        "--format",
        "tbx",
        "--out",
        tbx.to_str().unwrap(),
    ]);
    let o = ok(&[
        "glossary",
        "import",
        tbx.to_str().unwrap(),
        "--format",
        "tbx",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(o.stderr.is_empty(), "no warnings expected: {}", o.stderr);
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), shipped_canonical());
}

#[test]
fn csv_export_is_spreadsheet_safe_and_round_trips() {
    let out = ok(&["glossary", "export", "--format", "csv"]).stdout;
    assert!(out.starts_with("\u{FEFF}entity_id,type,lang,form,status,note,term_type\n"));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("all.csv");
    std::fs::write(&f, &out).unwrap();
    let back = ok(&["glossary", "import", f.to_str().unwrap(), "--format", "csv"]).stdout;
    assert_eq!(back, shipped_canonical());
}

#[test]
fn google_and_deepl_exports() {
    let sets = ok(&["glossary", "export", "--format", "google"]).stdout;
    let lines: Vec<&str> = sets.lines().collect();
    assert_eq!(lines[0], "ar,en", "header of language codes");
    let g = load(&[PathBuf::from("glossary")]).unwrap();
    assert_eq!(lines.len(), g.entities.len() + 1, "one row per entity");
    assert!(lines.contains(&"ألماتي,Almaty"));
    assert!(!sets.starts_with('\u{FEFF}'), "machine-read file: no BOM");

    let pairs = ok(&["glossary", "export", "--format", "google-pairs"]).stdout;
    assert!(
        pairs.lines().any(|l| l == "المااتا,Almaty"),
        "deprecated spellings map to the preferred target"
    );
    assert!(pairs.lines().all(|l| !l.starts_with("ar,")), "no header");

    let deepl = ok(&["glossary", "export", "--format", "deepl"]).stdout;
    assert!(
        deepl.lines().all(|l| l.matches('\t').count() == 1),
        "{deepl}"
    );
    assert!(deepl.lines().any(|l| l == "قرغيزستان\tKyrgyzstan"));
    assert_eq!(deepl.lines().count(), pairs.lines().count());

    let en_ar = ok(&[
        "glossary",
        "export",
        "--format",
        "deepl",
        "--source-lang",
        "en",
        "--target-lang",
        "ar",
    ])
    .stdout;
    assert!(en_ar.lines().any(|l| l == "Alma-Ata\tألماتي"));
}

// ---------------------------------------------------------------- import

#[test]
fn imports_a_tbx_v2_fixture() {
    let o = ok(&[
        "glossary",
        "import",
        "tests/fixtures/tbx-v2-sample.tbx",
        "--format",
        "tbx",
        "--type",
        "person",
    ]);
    assert_eq!(
        o.stdout,
        "entity_id,type,lang,form,status,note,term_type\n\
         bishkek,place,ar,بيشكيك,preferred,,full\n\
         bishkek,place,ar,بشكيك,admitted,short-vowel spelling,full\n\
         bishkek,place,en,Bishkek,preferred,,full\n\
         bishkek,place,en,Frunze,superseded,Soviet-era name (1926–1991),full\n\
         sadyr-japarov,person,ar,صدير جباروف,preferred,,full\n\
         sadyr-japarov,person,ar,جباروف,admitted,,short\n\
         sadyr-japarov,person,en,Sadyr Japarov,preferred,,full\n"
    );
    assert!(
        o.stderr
            .contains("tbx-v2-sample.tbx:45: subjectField `politics` is not an entity type"),
        "{}",
        o.stderr
    );
}

#[test]
fn imports_a_two_column_csv() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pairs.csv");
    std::fs::write(&f, "ar,en\nبيشكيك,Bishkek\nصدير جباروف,Sadyr Japarov\n").unwrap();
    let o = ok(&[
        "glossary",
        "import",
        f.to_str().unwrap(),
        "--format",
        "csv",
        "--type",
        "place",
    ]);
    assert!(
        o.stdout
            .contains("bishkek,place,ar,بيشكيك,preferred,,full\n"),
        "{}",
        o.stdout
    );
    assert!(o
        .stdout
        .contains("sadyr-japarov,place,en,Sadyr Japarov,preferred,,full\n"));
}

#[test]
fn import_errors_name_the_file_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tbx");
    std::fs::write(&bad, "<martif><text><body><termEntry>").unwrap();
    let out = dir.path().join("out.csv");
    let o = run(&[
        "glossary",
        "import",
        bad.to_str().unwrap(),
        "--format",
        "tbx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("bad.tbx: not well-formed XML"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    // Valid XML, but the same spelling under two entities: the loader's verdict.
    let clash = dir.path().join("clash.tbx");
    std::fs::write(
        &clash,
        "<martif><text><body>\
         <termEntry id=\"aaa\"><langSet xml:lang=\"ar\"><tig><term>الأمن</term></tig></langSet></termEntry>\
         <termEntry id=\"bbb\"><langSet xml:lang=\"ar\"><tig><term>الامن</term></tig></langSet></termEntry>\
         </body></text></martif>",
    )
    .unwrap();
    let o = run(&[
        "glossary",
        "import",
        clash.to_str().unwrap(),
        "--format",
        "tbx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("normalises to"), "{}", o.stderr);
    assert!(!out.exists());
}

// ---------------------------------------------------------------- check

#[test]
fn check_catches_each_risk_on_a_crafted_glossary() {
    let o = run(&[
        "glossary",
        "check",
        "--info",
        "-g",
        "tests/fixtures/check-risks.csv",
    ]);
    assert_eq!(o.code, 1, "error-level risks exit 1\n{}", o.stdout);
    let f = "tests/fixtures/check-risks.csv";
    for want in [
        format!("{f}:3: warning duplicate-spelling:"),
        format!("{f}:4: info contained: `نور سلطان` (astana) occurs inside `نور سلطان نزارباييف`"),
        format!("{f}:11: warning fuzzy-confusable: `كولومبو` (colombo) and `كولومبيا` (colombia) at {f}:9 are close enough for fuzzy matching to confuse (score 0.90"),
        format!("{f}:14: error near-collision: `ساكي` (jen-psaki) and `ساكا` (bukayo-saka) at {f}:7"),
        format!("{f}:17: warning frequent-word: `كريم` (karim-massimov)"),
        format!("{f}:19: warning clitic-shadow: `ليون` (lyon) reads as the proclitic `ل` + `يون` (yoon-suk-yeol)"),
        format!("{f}:23: error never-matches: form `RT`"),
        format!("{f}:25: warning missing-en: entity `yoon-suk-yeol`"),
    ] {
        assert!(o.stdout.lines().any(|l| l.starts_with(&want)), "missing {want:?} in\n{}", o.stdout);
    }
    assert!(o.stderr.contains("2 error(s)"), "{}", o.stderr);
}

#[test]
fn check_passes_the_shipped_glossary_and_hides_info_by_default() {
    let o = ok(&["glossary", "check"]);
    assert!(
        o.stdout.lines().all(|l| !l.contains(" info ")),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.lines().all(|l| l.contains(" warning ")),
        "{}",
        o.stdout
    );
    assert!(o.stderr.starts_with("0 error(s)"), "{}", o.stderr);
}

// ---------------------------------------------------------------- discover + merge

#[test]
fn discover_writes_a_review_file_and_merge_appends_accepted_rows() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("glossary");
    copy_dir(Path::new("tests/fixtures/glossary-minus-five"), &g);
    let review = dir.path().join("review.csv");
    let o = ok(&[
        "discover",
        "seeds",
        "-g",
        g.to_str().unwrap(),
        "--out",
        review.to_str().unwrap(),
    ]);
    assert!(o.stderr.contains("proposed new entit"), "{}", o.stderr);
    let text = std::fs::read_to_string(&review).unwrap();
    assert!(text.starts_with(
        "\u{FEFF}entity_id,type,lang,form,status,note,term_type,proposal,count,files,example,suggested_status,confidence,evidence,decision\n"
    ));
    // The reviewer accepts the Kyrgyzstan group under a proper id, and rejects the rest.
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let head = rdr.headers().unwrap().clone();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head).unwrap();
    let mut accepted = 0;
    for rec in rdr.records() {
        let mut r: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        let kyrgyz = r[3].ends_with("غيزستان");
        r[0] = if kyrgyz {
            "kyrgyzstan".into()
        } else {
            r[0].clone()
        };
        r[14] = if kyrgyz {
            "accept".into()
        } else {
            "reject".into()
        };
        accepted += usize::from(kyrgyz);
        w.write_record(&r).unwrap();
    }
    assert_eq!(accepted, 2);
    std::fs::write(&review, w.into_inner().unwrap()).unwrap();

    let before = std::fs::read_to_string(g.join("people.csv")).unwrap();
    let o = ok(&merge_args(&review, &g));
    assert!(
        o.stderr.contains("2 accepted row(s): 2 added"),
        "{}",
        o.stderr
    );
    let places = std::fs::read_to_string(g.join("places.csv")).unwrap();
    assert!(
        places.contains("kyrgyzstan,place,ar,قيرغيزستان,preferred,,full\n"),
        "{places}"
    );
    assert!(places.contains("kyrgyzstan,place,ar,قرغيزستان,admitted,,full\n"));
    assert_eq!(
        std::fs::read_to_string(g.join("people.csv")).unwrap(),
        before,
        "untouched"
    );
    assert_eq!(
        canonicalize("places.csv", &places).unwrap(),
        places,
        "canonical order"
    );
    ok(&["glossary", "validate", "-g", g.to_str().unwrap()]);
    // Merging again adds nothing.
    let o = ok(&merge_args(&review, &g));
    assert!(
        o.stderr.contains("0 added, 2 already listed"),
        "{}",
        o.stderr
    );
}

#[test]
fn merge_writes_nothing_when_the_result_would_not_load() {
    // A second preferred Arabic form for almaty, plus a valid new entity.
    let (_dir, g, review) = merge_project(
        "entity_id,type,lang,form,status,note,term_type,decision\n\
         almaty,place,ar,ألماطي,preferred,,full,accept\n\
         bishkek,place,ar,بيشكيك,preferred,,full,accept\n",
    );
    let before: Vec<String> = ["places.csv", "people.csv"]
        .iter()
        .map(|f| std::fs::read_to_string(g.join(f)).unwrap())
        .collect();
    let o = run(&merge_args(&review, &g));
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("second preferred `ar` form"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("nothing merged"));
    let after: Vec<String> = ["places.csv", "people.csv"]
        .iter()
        .map(|f| std::fs::read_to_string(g.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
    // A typo in a decision is an error, not a silent skip.
    std::fs::write(
        &review,
        "entity_id,type,lang,form,status,decision\nx,place,ar,س,preferred,acept\n",
    )
    .unwrap();
    let o = run(&merge_args(&review, &g));
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("review.csv:2: decision `acept`"),
        "{}",
        o.stderr
    );
}

#[test]
fn merge_into_a_chosen_file() {
    let (_dir, g, review) = merge_project(
        "\u{FEFF}entity_id,type,lang,form,status,note,term_type,proposal,decision\n\
         bishkek,place,ar,بيشكيك,preferred,,full,new-entity,accept\n\
         bishkek,place,en,Bishkek,preferred,,full,new-entity,Accept\n",
    );
    let into = g.join("new-places.csv");
    ok(&[
        "glossary",
        "merge",
        review.to_str().unwrap(),
        "-g",
        g.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&into).unwrap(),
        "entity_id,type,lang,form,status,note,term_type\n\
         bishkek,place,ar,بيشكيك,preferred,,full\n\
         bishkek,place,en,Bishkek,preferred,,full\n"
    );
    ok(&["glossary", "validate", "-g", g.to_str().unwrap()]);
}
