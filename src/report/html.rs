//! `consistency.html`: the report for people who would rather look than read.
//!
//! One self-contained file: inline CSS (`html/report.css`), inline SVG bar
//! charts, an optional inline filter script (`html/filter.js`), no network
//! (a Content-Security-Policy forbids it), no web fonts. The page is
//! `lang="ar" dir="rtl"`; every Latin run (English names, file paths, ids) is
//! isolated with `<bdi>` so mixed lines keep their order. Every piece of
//! corpus or glossary text goes through [`text`], which escapes markup and
//! drops bidi overrides.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::report::{DocumentInconsistency, EntityReport, ReportSource, SpellingReport};
use crate::scan::{display_safe, is_display_safe};

const CSS: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/filter.js");

/// Uses listed per inconsistency before "and N more", so one careless
/// document cannot blow up the page.
const MAX_USES: usize = 60;

/// Escape for HTML text and double- or single-quoted attributes.
pub fn escape(s: &str) -> String {
    // The five characters are ASCII, so they are found as bytes and the
    // text between them copied whole (not pushed a char at a time).
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

/// Corpus or glossary text, ready to put in HTML: bidi controls dropped,
/// control characters as spaces, markup escaped.
pub fn text(s: &str) -> String {
    if is_display_safe(s) {
        return escape(s); // no copy made safe first
    }
    escape(&display_safe(s))
}

/// Colour, Arabic and English label of a spelling status.
fn status_style(status: &str) -> (&'static str, &'static str, &'static str) {
    match status {
        "preferred" => ("#2e7d32", "مفضّلة", "preferred"),
        "admitted" => ("#1f6fb2", "مقبولة", "admitted"),
        "deprecated" => ("#d97706", "مهجورة", "deprecated"),
        "superseded" => ("#b3261e", "ملغاة", "superseded"),
        _ => ("#7c5cbf", "غير مدرجة", "unlisted"),
    }
}

/// Statuses in legend order.
const STATUSES: [&str; 5] = [
    "preferred",
    "admitted",
    "deprecated",
    "superseded",
    "unlisted",
];

/// CSS class suffix for a status (only known words reach the page).
fn status_class(status: &str) -> &'static str {
    status_style(status).2
}

fn type_ar(t: &str) -> &'static str {
    match t {
        "person" => "شخص",
        "place" => "مكان",
        "organization" => "منظمة",
        "media" => "وسيلة إعلام",
        "product" => "منتج",
        _ => "أخرى",
    }
}

/// True when the text has an Arabic-script letter (decides SVG text direction).
fn is_arabic(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// An English (or other Latin) name isolated inside Arabic text.
fn en(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    format!(r#"<bdi class="en" lang="en" dir="ltr">{}</bdi>"#, text(s))
}

/// A spelling, isolated with the direction of its own script.
fn spelling_html(s: &str) -> String {
    if is_arabic(s) {
        format!(r#"<bdi dir="rtl">{}</bdi>"#, text(s))
    } else {
        format!(r#"<bdi class="en" dir="ltr">{}</bdi>"#, text(s))
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// Render the report.
pub fn consistency_html(r: &dyn ReportSource) -> Vec<u8> {
    crate::report::in_memory(|out| consistency_html_to(r, out))
}

/// [`consistency_html`] into a writer, a megabyte at a time.
pub fn consistency_html_to(
    r: &dyn ReportSource,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut o = crate::report::text_buffer();
    let s = r.summary();
    o.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
        "<meta name=\"generator\" content=\"glossalign\">\n",
        "<title>تقرير اتساق كتابة الأسماء — glossalign</title>\n<style>\n"
    ));
    o.push_str(CSS);
    o.push_str("</style>\n</head>\n<body>\n");
    let _ = write!(
        o,
        concat!(
            "<header class=\"top\">\n<h1>تقرير اتساق كتابة الأسماء{}</h1>\n",
            "<div class=\"sub\">كيف تكتب الوثائق أسماء الأعلام الأجنبية مقارنةً بالمسرد</div>\n",
            "<nav class=\"toc\"><a href=\"#overview\">نظرة عامة</a><a href=\"#entities\">الكيانات</a>",
            "<a href=\"#documents\">الوثائق</a></nav>\n</header>\n"
        ),
        en("Name consistency report")
    );
    let _ = write!(
        o,
        concat!(
            "<div class=\"filter\" id=\"filter\" data-entities=\"{}\" hidden>\n",
            "<input type=\"search\" id=\"q\" placeholder=\"تصفية بالاسم أو الكتابة أو الملف…\" ",
            "aria-label=\"تصفية\">\n",
            "<label><input type=\"checkbox\" id=\"only-varied\"> الكيانات المكتوبة بأكثر من طريقة فقط</label>\n",
            "<span class=\"count\">الكيانات المعروضة: <bdi id=\"shown\" dir=\"ltr\"></bdi></span>\n</div>\n",
            "<main>\n"
        ),
        r.len()
    );

    overview(&mut o, r);

    // Entities: the ones spelled more than one way first.
    let _ = writeln!(
        o,
        "<section id=\"entities\">\n<h2>الكيانات{}</h2>",
        en("Entities")
    );
    let _ = writeln!(
        o,
        "<p class=\"note\">لكل كيان: كتاباته في الوثائق وعدد مرات كل منها، ملوّنة حسب حالتها في المسرد.</p>"
    );
    let (varied, single): (Vec<usize>, Vec<usize>) = (0..r.len()).partition(|&i| r.varied(i));
    for (group, list, en_title) in [
        (
            "كيانات كُتبت بأكثر من طريقة",
            &varied,
            "Spelled more than one way",
        ),
        ("كيانات كُتبت بطريقة واحدة", &single, "Spelled one way"),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            o,
            "<h3 class=\"group\">{group} ({}){}</h3>\n<div class=\"cards\">",
            list.len(),
            en(en_title)
        );
        for &i in list {
            entity_card(&mut o, r, i, &r.entity(i));
            crate::report::flush_full(&mut o, out)?;
        }
        o.push_str("</div>\n");
    }
    o.push_str("</section>\n");

    documents(&mut o, r, out)?;

    let _ = write!(
        o,
        "</main>\n<footer>أنشأه {} · {} وثائق · {} إشارة</footer>\n<script>\n{}</script>\n</body>\n</html>\n",
        en("glossalign"),
        s.documents,
        s.mentions,
        SCRIPT
    );
    out.write_all(o.as_bytes())
}

fn overview(o: &mut String, r: &dyn ReportSource) {
    let s = r.summary();
    let _ = writeln!(
        o,
        "<section id=\"overview\">\n<h2>نظرة عامة{}</h2>\n<dl class=\"stats\">",
        en("Overview")
    );
    let tiles: [(&str, &str, String, &str); 7] = [
        ("الوثائق", "Documents", s.documents.to_string(), ""),
        ("الإشارات", "Mentions", s.mentions.to_string(), ""),
        ("الكيانات", "Entities", s.entities.to_string(), ""),
        (
            "إشارات بالكتابة المفضّلة",
            "Mentions in the preferred spelling",
            percent(s.mentions_in_preferred_spelling, s.mentions),
            " key",
        ),
        (
            "كيانات كُتبت بأكثر من طريقة",
            "Entities spelled more than one way",
            s.entities_spelled_more_than_one_way.to_string(),
            " alert",
        ),
        (
            "وثائق فيها كتابتان لكيان واحد",
            "Documents with inconsistencies",
            s.documents_with_inconsistencies.to_string(),
            " alert",
        ),
        (
            "إشارات تحتاج إلى تصحيح",
            "Mentions to replace",
            s.mentions_needing_replacement.to_string(),
            "",
        ),
    ];
    for (ar, label_en, value, class) in tiles {
        let _ = writeln!(
            o,
            "<div class=\"stat{class}\"><dt>{ar}{}</dt><dd><bdi dir=\"ltr\">{}</bdi></dd></div>",
            en(label_en),
            escape(&value)
        );
    }
    o.push_str("</dl>\n");

    // Mentions by status: one stacked bar, drawn from the right.
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    for i in 0..r.len() {
        for sp in &r.entity(i).spellings {
            *by_status.entry(status_class(&sp.status)).or_default() += sp.count;
        }
    }
    let total: usize = by_status.values().sum();
    let _ = write!(
        o,
        "<svg class=\"statusbar\" viewBox=\"0 0 1000 22\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"الإشارات حسب الحالة\">"
    );
    let mut right = 1000.0_f64;
    for st in STATUSES {
        let n = by_status.get(st).copied().unwrap_or(0);
        if n == 0 || total == 0 {
            continue;
        }
        let w = n as f64 * 1000.0 / total as f64;
        let (color, ar, _) = status_style(st);
        let _ = write!(
            o,
            "<rect class=\"seg\" x=\"{:.2}\" y=\"0\" width=\"{:.2}\" height=\"22\" fill=\"{color}\"><title>{ar}: {n}</title></rect>",
            right - w,
            w
        );
        right -= w;
    }
    o.push_str("</svg>\n<ul class=\"legend\">");
    for st in STATUSES {
        let (_, ar, label_en) = status_style(st);
        let n = by_status.get(st).copied().unwrap_or(0);
        let _ = write!(
            o,
            "<li><span class=\"swatch s-{label_en}\"></span>{ar} {} — <bdi dir=\"ltr\">{n}</bdi></li>",
            en(label_en)
        );
    }
    o.push_str("</ul>\n");

    let varied: Vec<usize> = (0..r.len()).filter(|&i| r.varied(i)).collect();
    if !varied.is_empty() {
        o.push_str("<ul class=\"varied-list\" aria-label=\"كيانات كُتبت بأكثر من طريقة\">");
        for i in varied {
            let e = r.entity(i);
            let _ = write!(
                o,
                "<li><a href=\"#entity-{}\">{}<bdi class=\"n\" dir=\"ltr\">×{}</bdi></a></li>",
                escape(&e.entity_id),
                text(name_ar(&e)),
                e.spellings.len()
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

/// The Arabic canonical name, or the id when the entity has no Arabic form.
fn name_ar(e: &EntityReport) -> &str {
    if e.canonical_ar.is_empty() {
        &e.entity_id
    } else {
        &e.canonical_ar
    }
}

/// The card of entity `e`, number `i` of `r`.
fn entity_card(o: &mut String, r: &dyn ReportSource, i: usize, e: &EntityReport) {
    let mut search = format!(
        "{} {} {} {}",
        e.entity_id, e.canonical_ar, e.canonical_en, e.etype
    );
    for sp in &e.spellings {
        search.push(' ');
        search.push_str(&sp.spelling);
    }
    let _ = writeln!(
        o,
        "<article class=\"card entity{}\" id=\"entity-{}\" data-search=\"{}\">",
        if e.spelled_more_than_one_way {
            " varied"
        } else {
            ""
        },
        escape(&e.entity_id),
        text(&search)
    );
    let _ = writeln!(
        o,
        "<h3>{}{}</h3>",
        spelling_html(name_ar(e)),
        en(&e.canonical_en)
    );
    let _ = write!(
        o,
        "<div class=\"meta\"><span class=\"chip\">{}</span><code><bdi dir=\"ltr\">{}</bdi></code><span>{} {}</span>",
        type_ar(&e.etype),
        escape(&e.entity_id),
        e.mentions,
        if e.mentions == 1 { "إشارة" } else { "إشارات" }
    );
    if e.spelled_more_than_one_way {
        let _ = write!(
            o,
            "<span class=\"chip warn\">{} كتابات</span>",
            e.spellings.len()
        );
    }
    let inconsistent = r.inconsistent_count(i);
    if inconsistent > 0 {
        let _ = write!(
            o,
            "<span class=\"chip warn\">غير متّسق في {inconsistent} وثيقة</span>",
        );
    }
    o.push_str("</div>\n");
    bar_chart(o, r, i, e);
    let fixes: Vec<&SpellingReport> = e
        .spellings
        .iter()
        .filter(|s| s.suggested.is_some())
        .collect();
    if !fixes.is_empty() {
        o.push_str("<ul class=\"fix\">");
        for sp in fixes {
            let _ = write!(
                o,
                "<li>بدلًا من {} اكتب <b>{}</b></li>",
                spelling_html(&sp.spelling),
                spelling_html(sp.suggested.as_deref().unwrap_or_default())
            );
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</article>\n");
}

/// Longest label drawn in a chart, in characters.
const LABEL_CHARS: usize = 26;

/// One horizontal bar per spelling, longest first, bars growing leftwards
/// from the labels on the right (the reading direction).
fn bar_chart(o: &mut String, r: &dyn ReportSource, i: usize, e: &EntityReport) {
    const W: f64 = 600.0;
    const LABEL_W: f64 = 210.0;
    const ROW: f64 = 28.0;
    const BAR: f64 = 18.0;
    const TEXT_W: f64 = 120.0;
    let bar_right = W - LABEL_W - 12.0;
    let span = bar_right - TEXT_W;
    let max = e
        .spellings
        .iter()
        .map(|s| s.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let h = ROW * e.spellings.len() as f64 + 4.0;
    let _ = writeln!(
        o,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-label=\"كتابات {} حسب العدد\">",
        text(name_ar(e))
    );
    for (k, sp) in e.spellings.iter().enumerate() {
        let y = 2.0 + ROW * k as f64;
        let len = (sp.count as f64 / max * span).max(3.0);
        let (color, ar, st) = status_style(&sp.status);
        let mid = y + BAR / 2.0 + 5.0;
        let label: String = if sp.spelling.chars().count() > LABEL_CHARS {
            let cut: String = sp.spelling.chars().take(LABEL_CHARS - 1).collect();
            format!("{cut}…")
        } else {
            sp.spelling.clone()
        };
        let (dir, anchor, class) = if is_arabic(&sp.spelling) {
            ("rtl", "start", "")
        } else {
            ("ltr", "end", " class=\"lat\"")
        };
        let _ = writeln!(
            o,
            "<g class=\"row\"><title>{} — {} × ({ar}) — {}</title>\
             <text x=\"{:.1}\" y=\"{mid:.1}\" direction=\"{dir}\" text-anchor=\"{anchor}\"{class}>{}</text>\
             <rect class=\"bar s-{st}\" data-status=\"{st}\" data-count=\"{}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"{BAR}\" rx=\"3\" fill=\"{color}\"/>\
             <text class=\"n\" x=\"{:.1}\" y=\"{mid:.1}\" direction=\"rtl\" text-anchor=\"start\">{} {ar}</text></g>",
            text(&sp.spelling),
            sp.count,
            text(&r.files(i, k).join(", ")),
            W - 4.0,
            text(&label),
            sp.count,
            bar_right - len,
            bar_right - len - 6.0,
            sp.count,
        );
    }
    o.push_str("</svg>\n");
}

/// The per-document section; `o` goes to `out` whenever it holds a chunk
/// ([`crate::report::flush_full`]).
fn documents(
    o: &mut String,
    r: &dyn ReportSource,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let _ = writeln!(
        o,
        "<section id=\"documents\">\n<h2>عدم الاتساق في كل وثيقة{}</h2>",
        en("Inconsistencies per document")
    );
    let _ = writeln!(
        o,
        "<p class=\"note\">{} من {} وثائق تكتب كيانًا واحدًا بأكثر من طريقة (من النوع نفسه: الاسم الكامل أو المختصر…). كل استعمال مع رقم سطره وسياقه.</p>",
        r.inconsistent_files(),
        r.summary().documents
    );
    let mut i = 0;
    r.each_inconsistent_file(&mut |file, list| {
        i += 1;
        let mut search = file.to_string();
        for (e, d) in list {
            let _ = write!(
                search,
                " {} {} {}",
                e.entity_id, e.canonical_ar, e.canonical_en
            );
            for sp in &d.spellings {
                search.push(' ');
                search.push_str(&sp.spelling);
            }
        }
        let _ = writeln!(
            o,
            "<article class=\"card doc\" id=\"doc-{}\" data-search=\"{}\">\n<h3><bdi dir=\"ltr\">{}</bdi></h3>",
            i,
            text(&search),
            text(file)
        );
        for (e, d) in list {
            inconsistency(o, e, d);
        }
        o.push_str("</article>\n");
        crate::report::flush_full(o, out)
    })?;
    o.push_str("</section>\n");
    Ok(())
}

fn inconsistency(o: &mut String, e: &EntityReport, d: &DocumentInconsistency) {
    let _ = writeln!(
        o,
        "<div class=\"inc\" data-entity=\"{}\">\n<h4><a href=\"#entity-{}\">{}</a>{}</h4>",
        escape(&e.entity_id),
        escape(&e.entity_id),
        spelling_html(name_ar(e)),
        en(&e.canonical_en)
    );
    o.push_str("<div class=\"spellings\">");
    for sp in &d.spellings {
        let (_, ar, st) = status_style(&sp.status);
        let _ = write!(
            o,
            "<span class=\"sp\"><span class=\"swatch s-{st}\"></span>«{}» <bdi dir=\"ltr\">×{}</bdi> ({ar})</span>",
            spelling_html(&sp.spelling),
            sp.count
        );
    }
    o.push_str("</div>\n");
    // Every use in reading order, so the switch between spellings shows.
    let mut uses: Vec<(&crate::report::Use, &str)> = d
        .spellings
        .iter()
        .flat_map(|sp| sp.uses.iter().map(move |u| (u, sp.status.as_str())))
        .collect();
    uses.sort_by_key(|(u, _)| (u.line, u.column));
    o.push_str(
        "<table class=\"uses\"><thead><tr><th>السطر</th><th>الكتابة</th><th>السياق</th></tr></thead><tbody>\n",
    );
    for (u, status) in uses.iter().take(MAX_USES) {
        let (_, ar, st) = status_style(status);
        let c = &u.context;
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><td class=\"sp\"><span class=\"swatch s-{st}\" title=\"{ar}\"></span>{}</td>\
             <td><bdi dir=\"rtl\" class=\"ctx\">{}{}<mark class=\"m-{st}\">{}</mark>{}{}</bdi></td></tr>",
            u.line,
            spelling_html(&u.surface),
            if c.cut_before { "<span class=\"ell\">…</span>" } else { "" },
            text(&c.before),
            text(&u.surface),
            text(&c.after),
            if c.cut_after { "<span class=\"ell\">…</span>" } else { "" },
        );
    }
    o.push_str("</tbody></table>\n");
    if uses.len() > MAX_USES {
        let rest: Vec<String> = uses[MAX_USES..]
            .iter()
            .map(|(u, _)| u.line.to_string())
            .collect();
        let _ = writeln!(
            o,
            "<p class=\"more\">و{} استعمالًا آخر في الأسطر <bdi dir=\"ltr\">{}</bdi></p>",
            uses.len() - MAX_USES,
            rest.join(", ")
        );
    }
    o.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_by_bytes_is_escape_by_chars() {
        let by_chars = |s: &str| -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    _ => out.push(c),
                }
            }
            out
        };
        for s in [
            "",
            "&",
            "ألماتي",
            "<ب>&\"'ـ",
            "a&&b<<",
            "«موسكو» 'x'",
            "\u{202E}<\u{0}>",
        ] {
            assert_eq!(escape(s), by_chars(s), "{s:?}");
            assert_eq!(text(s), by_chars(&display_safe(s)), "{s:?}");
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x" + 'y')</script> & co"#),
            "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; co"
        );
        assert_eq!(text("a\u{202E}b\u{2067}c\nd"), "abc d");
    }

    #[test]
    fn latin_spellings_are_isolated_left_to_right() {
        assert_eq!(
            spelling_html("Almaty"),
            r#"<bdi class="en" dir="ltr">Almaty</bdi>"#
        );
        assert_eq!(spelling_html("ألماتي"), r#"<bdi dir="rtl">ألماتي</bdi>"#);
    }
}
