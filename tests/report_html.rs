//! `consistency.html`: structure, self-containment, right-to-left markup and
//! escaping of corpus text (issue 7). The browser check (rendering, DOM after
//! scripts, screenshot) is `scripts/check_html_report.sh`.

mod common;
use common::{root, shipped_glossary};

use glossalign::glossary::load::load_sources;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::{render_reports, scan_paths};
use glossalign::scan::{scan_document, DocumentResult};
use glossalign::source::SourceFile;

fn html_of(files: &[(&'static str, Vec<u8>)]) -> String {
    let bytes = &files
        .iter()
        .find(|(n, _)| *n == "consistency.html")
        .unwrap()
        .1;
    String::from_utf8(bytes.clone()).unwrap()
}

fn seeds() -> (String, serde_json::Value) {
    let g = shipped_glossary();
    let m = Matcher::new(&g, MatchOptions::default());
    let out = scan_paths(&m, &[root().join("seeds")]);
    let files = render_reports(&g, &out.documents);
    let json = files
        .iter()
        .find(|(n, _)| *n == "consistency.json")
        .unwrap();
    (html_of(&files), serde_json::from_slice(&json.1).unwrap())
}

/// The text of the element that starts at `open` up to its closing tag.
#[track_caller]
fn section<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("{open} missing"));
    let end = html[start..].find(close).expect("closed") + start;
    &html[start..end]
}

#[test]
fn page_is_arabic_right_to_left_and_self_contained() {
    let (html, _) = seeds();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for external in ["http://", "https://", "src=", "@import", "url(", "<link"] {
        assert!(!html.contains(external), "external reference {external:?}");
    }
    // One script, ours; a print stylesheet; a filter box.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("@media print"));
    assert!(html.contains("<input type=\"search\" id=\"q\""));
}

#[test]
fn every_entity_has_a_section_and_one_bar_per_spelling() {
    let (html, json) = seeds();
    let entities = json["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 53);
    assert_eq!(html.matches("<article class=\"card entity").count(), 53);
    for e in entities {
        let id = e["entity_id"].as_str().unwrap();
        let card = section(&html, &format!("id=\"entity-{id}\""), "</article>");
        let spellings = e["spellings"].as_array().unwrap();
        assert_eq!(
            card.matches("<rect class=\"bar ").count(),
            spellings.len(),
            "{id}"
        );
        for s in spellings {
            let status = s["status"].as_str().unwrap();
            let count = s["count"].as_u64().unwrap();
            assert!(
                card.contains(&format!(
                    "<rect class=\"bar s-{status}\" data-status=\"{status}\" data-count=\"{count}\""
                )),
                "{id}: bar for {} ({status}, {count})",
                s["spelling"]
            );
        }
        // The English name, isolated.
        let en = e["canonical_en"].as_str().unwrap();
        assert!(
            card.contains(&format!(
                "<bdi class=\"en\" lang=\"en\" dir=\"ltr\">{en}</bdi>"
            )),
            "{id}: English name {en:?} not isolated"
        );
    }
}

#[test]
fn overview_shows_the_totals() {
    let (html, _) = seeds();
    let o = section(&html, "<section id=\"overview\">", "</section>");
    for (label, value) in [
        ("Documents", "5"),
        ("Mentions", "196"),
        ("Entities", "53"),
        ("Mentions in the preferred spelling", "81.1%"),
        ("Entities spelled more than one way", "7"),
    ] {
        let tile = section(o, &format!("dir=\"ltr\">{label}</bdi>"), "</div>");
        assert!(
            tile.contains(&format!("<dd><bdi dir=\"ltr\">{value}</bdi></dd>")),
            "{label}: {tile}"
        );
    }
}

#[test]
fn documents_list_each_use_with_line_and_highlighted_context() {
    let (html, _) = seeds();
    let d = section(&html, "<section id=\"documents\">", "</section>");
    let doc = section(d, "seeds/003_d44e7053e969806b.txt</bdi>", "</article>");
    let almaty = section(doc, "data-entity=\"almaty\"", "</table>");
    let lines: Vec<&str> = almaty
        .split("<td class=\"num\">")
        .skip(1)
        .map(|r| &r[..r.find('<').unwrap()])
        .collect();
    assert_eq!(lines, ["6", "8", "11", "12", "14"]);
    assert_eq!(
        almaty
            .matches("<mark class=\"m-deprecated\">المااتا</mark>")
            .count(),
        3
    );
    assert_eq!(
        almaty
            .matches("<mark class=\"m-preferred\">ألماتي</mark>")
            .count(),
        2
    );
    // Line 6 of the article, around the name.
    assert!(
        almaty.contains(
            "طائرات فى المطار فى <mark class=\"m-deprecated\">المااتا</mark> كبرى مدن البلاد"
        ),
        "{almaty}"
    );
}

#[test]
fn corpus_and_glossary_text_is_escaped() {
    let csv = "entity_id,type,lang,form,status,note\n\
               moscow,place,ar,موسكو,preferred,\n\
               moscow,place,ar,موسكوو,deprecated,\n\
               moscow,place,en,\"Moscow <script>alert('x')</script> \"\"q\"\"\",preferred,\n";
    let g = load_sources(&[("g.csv".into(), csv.as_bytes().to_vec())]).unwrap();
    let m = Matcher::new(&g, MatchOptions::default());
    let text =
        "قال '<script>alert(\"c\")</script>' إن موسكو تدعم <img src=x onerror=alert(1)> موسكوو\n\
                و\u{202E}موسكو & \"موسكوو\"";
    let doc = SourceFile::from_text("a<b>\"'.txt", text.to_string(), 0);
    let docs: Vec<DocumentResult> = vec![scan_document(&m, &doc)];
    assert!(docs[0].mentions.len() >= 4, "{:?}", docs[0].mentions);
    let html = html_of(&render_reports(&g, &docs));

    assert_eq!(html.matches("<script").count(), 1, "only our own script");
    assert!(!html.contains("<img"));
    assert!(!html.contains("alert('x')") && !html.contains("alert(\"c\")"));
    assert!(!html.contains('\u{202E}'), "bidi override reached the page");
    assert!(
        html.contains("قال &#39;&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;&#39; إن <mark"),
        "context snippet"
    );
    assert!(html.contains("Moscow &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("a&lt;b&gt;&quot;&#39;.txt"), "file name");
    assert!(html.contains("&amp; &quot;<mark"), "quote before a mark");
}

#[test]
fn an_empty_scan_still_renders_both_reports() {
    let g = shipped_glossary();
    let files = render_reports(&g, &[]);
    let html = html_of(&files);
    assert!(html.contains("<dd><bdi dir=\"ltr\">0</bdi></dd>"));
    assert!(html.ends_with("</html>\n"));
    let xlsx = &files
        .iter()
        .find(|(n, _)| *n == "glossalign.xlsx")
        .unwrap()
        .1;
    assert!(xlsx.starts_with(b"PK"));
}
