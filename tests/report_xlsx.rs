//! `glossalign.xlsx` read back with a spreadsheet reader (calamine) and, for
//! what calamine does not expose (sheet direction, frozen panes, filters,
//! fonts), from the sheet XML inside the zip (issue 7).

mod common;
use common::{root, shipped_glossary};

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use glossalign::glossary::load::load_sources;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::report::csv_out::{CANONICAL_COLUMNS, MENTION_COLUMNS};
use glossalign::report::xlsx::{CONSISTENCY_COLUMNS, SHEETS};
use glossalign::run::{render_reports, scan_paths};
use glossalign::scan::{scan_document, DocumentResult};
use glossalign::source::SourceFile;

/// The workbook and the CSV reports of a scan of the seeds.
fn seeds_reports() -> Vec<(&'static str, Vec<u8>)> {
    let g = shipped_glossary();
    let m = Matcher::new(&g, MatchOptions::default());
    let out = scan_paths(&m, &[root().join("seeds")]);
    assert!(out.errors.is_empty());
    render_reports(&g, &out.documents)
}

fn file<'a>(files: &'a [(&'static str, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| *n == name).expect(name).1
}

/// Every part of the zip as text, by name.
fn zip_part(xlsx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn header(r: &calamine::Range<Data>) -> Vec<String> {
    r.rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

fn csv_rows(csv: &[u8]) -> usize {
    String::from_utf8_lossy(csv).lines().count() - 1
}

#[test]
fn workbook_has_the_four_sheets_with_headers_and_all_rows() {
    let files = seeds_reports();
    let xlsx = file(&files, "glossalign.xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS);

    let mentions = wb.worksheet_range("Mentions").unwrap();
    let mut want: Vec<&str> = MENTION_COLUMNS.to_vec();
    want.push("context");
    assert_eq!(header(&mentions), want);
    assert_eq!(
        mentions.height() - 1,
        csv_rows(file(&files, "mentions.csv"))
    );
    assert_eq!(mentions.height() - 1, 196);

    let canonical = wb.worksheet_range("Canonical names").unwrap();
    assert_eq!(header(&canonical), CANONICAL_COLUMNS);
    assert_eq!(
        canonical.height() - 1,
        csv_rows(file(&files, "canonical_names.csv"))
    );

    // One row per use of a competing spelling: the Markdown report lists the
    // same uses as line numbers.
    let json: serde_json::Value = serde_json::from_slice(file(&files, "consistency.json")).unwrap();
    let uses: usize = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["inconsistent_documents"].as_array().unwrap())
        .flat_map(|d| d["spellings"].as_array().unwrap())
        .map(|s| s["count"].as_u64().unwrap() as usize)
        .sum();
    let consistency = wb.worksheet_range("Consistency").unwrap();
    assert_eq!(header(&consistency), CONSISTENCY_COLUMNS);
    assert_eq!(consistency.height() - 1, uses);
    assert!(uses > 0);

    let glossary = wb.worksheet_range("Glossary").unwrap();
    let h = header(&glossary);
    assert_eq!(
        &h[..7],
        [
            "entity_id",
            "type",
            "lang",
            "form",
            "status",
            "note",
            "term_type"
        ]
    );
    assert_eq!(&h[h.len() - 2..], ["file", "line"]);
    assert_eq!(glossary.height() - 1, shipped_glossary().forms.len());
}

#[test]
fn numbers_are_numbers_and_the_almaty_inconsistency_reads_back() {
    let files = seeds_reports();
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(file(&files, "glossalign.xlsx").to_vec())).unwrap();
    let mentions = wb.worksheet_range("Mentions").unwrap();
    let row = mentions
        .rows()
        .find(|r| r[0].to_string().contains("seeds/003_") && r[5] == "المااتا")
        .expect("المااتا in article 003");
    assert_eq!(row[1], Data::Float(6.0), "line");
    assert!(matches!(row[3], Data::Float(_)), "byte_start {:?}", row[3]);
    assert_eq!(row[10], Data::Float(1.0), "score");
    assert_eq!(row[6].to_string(), "almaty");
    assert!(
        row[17].to_string().contains("المااتا"),
        "context {:?}",
        row[17]
    );

    let c = wb.worksheet_range("Consistency").unwrap();
    let almaty: Vec<(f64, String)> = c
        .rows()
        .filter(|r| r[3] == "almaty")
        .map(|r| (r[1].as_f64().unwrap(), r[7].to_string()))
        .collect();
    assert_eq!(
        almaty,
        [
            (6.0, "المااتا".to_string()),
            (8.0, "ألماتي".into()),
            (11.0, "المااتا".into()),
            (12.0, "ألماتي".into()),
            (14.0, "المااتا".into()),
        ]
    );
}

#[test]
fn every_sheet_is_right_to_left_frozen_filtered_and_sized() {
    let files = seeds_reports();
    let xlsx = file(&files, "glossalign.xlsx");
    for i in 1..=SHEETS.len() {
        let xml = zip_part(xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(xml.contains(r#"rightToLeft="1""#), "sheet {i} not RTL");
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "sheet {i} header not frozen"
        );
        assert!(
            xml.contains("<autoFilter ref=\"A1:"),
            "sheet {i} no autofilter"
        );
        assert!(xml.contains("<cols><col "), "sheet {i} no column widths");
    }
    let styles = zip_part(xlsx, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="Arial"/>"#), "{styles}");
    assert!(!styles.contains("Calibri"), "default font still Calibri");
}

#[test]
fn workbook_bytes_are_identical_across_runs() {
    let a = seeds_reports();
    let b = seeds_reports();
    let (xa, xb) = (file(&a, "glossalign.xlsx"), file(&b, "glossalign.xlsx"));
    assert!(xa == xb, "two renders of the same input differ");
    let core = zip_part(xa, "docProps/core.xml");
    assert!(core.contains("2024-01-01T00:00:00Z"), "{core}");
}

#[test]
fn formula_like_text_stays_text() {
    let csv = "entity_id,type,lang,form,status,note\n\
               moscow,place,ar,موسكو,preferred,=HYPERLINK(\"http://x\";\"y\")\n\
               moscow,place,en,Moscow,preferred,@SUM(A1)\n";
    let g = load_sources(&[("g.csv".into(), csv.as_bytes().to_vec())]).unwrap();
    let m = Matcher::new(&g, MatchOptions::default());
    let doc = SourceFile::from_text("d.txt", "=قال +موسكو اليوم".to_string(), 0);
    let docs: Vec<DocumentResult> = vec![scan_document(&m, &doc)];
    assert_eq!(docs[0].mentions.len(), 1);
    let files = render_reports(&g, &docs);
    let xlsx = file(&files, "glossalign.xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).unwrap();
    let gl = wb.worksheet_range("Glossary").unwrap();
    let notes: Vec<Data> = gl.rows().skip(1).map(|r| r[5].clone()).collect();
    assert!(
        notes.contains(&Data::String("=HYPERLINK(\"http://x\";\"y\")".into())),
        "{notes:?}"
    );
    for i in 1..=SHEETS.len() {
        let xml = zip_part(xlsx, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(!xml.contains("<f>"), "sheet {i} has a formula");
    }
}

#[test]
fn shared_text_cells_read_back_as_the_csv() {
    // The Mentions sheet writes its recurring text (files, ids, statuses,
    // spellings, reasons) once, in the shared-string table: every such cell
    // must read back as the same text in mentions.csv.
    let files = seeds_reports();
    let xlsx = file(&files, "glossalign.xlsx");
    let sst = zip_part(xlsx, "xl/sharedStrings.xml");
    let sheet = zip_part(xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#" t="s"><v>"#), "no shared cell");
    let unique = sst.matches("<si>").count();
    let uses = sheet.matches(r#" t="s">"#).count();
    assert!(uses > 3 * unique, "{uses} uses of {unique} strings");
    assert!(sst.contains(&format!(r#"uniqueCount="{unique}""#)));

    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.to_vec())).unwrap();
    let mentions = wb.worksheet_range("Mentions").unwrap();
    let csv = file(&files, "mentions.csv");
    let csv = csv.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(csv);
    let mut rd = csv::Reader::from_reader(csv);
    let csv_rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(csv_rows.len(), mentions.height() - 1);
    // Text columns (numbers and the score are formatted differently).
    let text_cols = [0, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16];
    let mut checked = 0;
    for (row, want) in mentions.rows().skip(1).zip(&csv_rows) {
        for &c in &text_cols {
            let got = row.get(c).map(|d| d.to_string()).unwrap_or_default();
            assert_eq!(got, &want[c], "column {c} of {want:?}");
            checked += usize::from(!got.is_empty());
        }
    }
    assert!(checked > 8 * csv_rows.len(), "{checked}");
}
