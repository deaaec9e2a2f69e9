//! Exporting the glossary into the formats CAT and MT tools import.
//!
//! - **TBX-Basic** (TBX v3, DCA style, ISO 30042:2019): one `conceptEntry`
//!   per entity (its type as `subjectField`), one `langSec` per language, one
//!   `termSec` per form with `administrativeStatus`, `termType` and the note.
//! - **Google Cloud Translation** glossaries: an *equivalent term set* CSV
//!   (header row of language codes, one row per entity, preferred forms) or a
//!   *unidirectional* CSV (source form, target form; no header) where every
//!   source form — deprecated spellings included — maps to the target
//!   preferred form.
//! - **DeepL** glossary TSV: the same source → target pairs, tab-separated,
//!   no header.
//! - **csv**: the whole glossary in the glossary schema as one spreadsheet
//!   file (BOM, formula guard), for review.
//!
//! Google and DeepL files are read by machines, not spreadsheets: they are
//! written verbatim (no BOM, no `'` guard), because a guard character would
//! become part of the term.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::glossary::rows::{header, rows_of};
use crate::glossary::{Glossary, Status};
use crate::report::csv_out::SheetWriter;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// TBX-Basic, TBX v3 DCA.
    Tbx,
    /// Google Cloud Translation equivalent term set CSV.
    Google,
    /// Google Cloud Translation unidirectional CSV.
    GooglePairs,
    /// DeepL glossary TSV.
    Deepl,
    /// The glossary schema as one spreadsheet-safe CSV.
    Csv,
}

/// Languages of a directional export.
#[derive(Debug, Clone)]
pub struct Direction {
    /// Source language tag (default `ar`).
    pub source: String,
    /// Target language tag (default `en`).
    pub target: String,
}

impl Default for Direction {
    fn default() -> Self {
        Self {
            source: "ar".into(),
            target: "en".into(),
        }
    }
}

/// Render `g` in `format`.
pub fn export(g: &Glossary, format: ExportFormat, dir: &Direction) -> Result<Vec<u8>, Error> {
    match format {
        ExportFormat::Tbx => Ok(tbx(g).into_bytes()),
        ExportFormat::Google => google_sets(g, dir),
        ExportFormat::GooglePairs => Ok(pairs(g, dir, b',')?),
        ExportFormat::Deepl => Ok(pairs(g, dir, b'\t')?),
        ExportFormat::Csv => Ok(sheet_csv(g)),
    }
}

/// Entity indices sorted by id (deterministic output whatever the load order).
fn entities_by_id(g: &Glossary) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..g.entities.len()).collect();
    idx.sort_by(|&a, &b| g.entities[a].id.cmp(&g.entities[b].id));
    idx
}

/// Forms of entity `e`, grouped by language (sorted), each group in
/// canonical order (status rank, then text).
fn forms_by_lang(g: &Glossary, e: usize) -> Vec<(String, Vec<usize>)> {
    let langs: BTreeSet<&str> = g.entities[e]
        .forms
        .iter()
        .map(|&f| g.forms[f].lang.as_str())
        .collect();
    langs
        .into_iter()
        .map(|l| {
            let mut fs: Vec<usize> = g.entities[e]
                .forms
                .iter()
                .copied()
                .filter(|&f| g.forms[f].lang == l)
                .collect();
            fs.sort_by(|&a, &b| {
                (g.forms[a].status, g.forms[a].text.as_str())
                    .cmp(&(g.forms[b].status, g.forms[b].text.as_str()))
            });
            (l.to_string(), fs)
        })
        .collect()
}

/// TBX `administrativeStatus` value of a status.
pub fn admin_status(s: Status) -> &'static str {
    match s {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated => "deprecatedTerm-admn-sts",
        Status::Superseded => "supersededTerm-admn-sts",
    }
}

/// TBX-Basic `termType` value of a glossary term type. TBX-Basic has no
/// "nickname"; it is exported as `variant` (and imported back as nickname).
pub fn tbx_term_type(t: &str) -> &'static str {
    match t {
        "short" => "shortForm",
        "acronym" => "acronym",
        "nickname" => "variant",
        _ => "fullForm",
    }
}

/// Escape text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The TBX-Basic (v3, DCA) document.
pub fn tbx(g: &Glossary) -> String {
    let mut o = String::new();
    o.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.push_str("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n");
    o.push_str("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n");
    o.push_str("        <p>glossalign glossary export</p>\n");
    o.push_str("      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n");
    o.push_str("  <text>\n    <body>\n");
    for e in entities_by_id(g) {
        let ent = &g.entities[e];
        o.push_str(&format!(
            "      <conceptEntry id=\"{}\">\n",
            xml_escape(&ent.id)
        ));
        o.push_str(&format!(
            "        <descrip type=\"subjectField\">{}</descrip>\n",
            ent.etype.as_str()
        ));
        for (lang, forms) in forms_by_lang(g, e) {
            o.push_str(&format!(
                "        <langSec xml:lang=\"{}\">\n",
                xml_escape(&lang)
            ));
            for f in forms {
                let f = &g.forms[f];
                o.push_str("          <termSec>\n");
                o.push_str(&format!(
                    "            <term>{}</term>\n",
                    xml_escape(&f.text)
                ));
                o.push_str(&format!(
                    "            <termNote type=\"administrativeStatus\">{}</termNote>\n",
                    admin_status(f.status)
                ));
                o.push_str(&format!(
                    "            <termNote type=\"termType\">{}</termNote>\n",
                    tbx_term_type(&f.term_type)
                ));
                if !f.note.is_empty() {
                    o.push_str(&format!(
                        "            <note>{}</note>\n",
                        xml_escape(&f.note)
                    ));
                }
                o.push_str("          </termSec>\n");
            }
            o.push_str("        </langSec>\n");
        }
        o.push_str("      </conceptEntry>\n");
    }
    o.push_str("    </body>\n  </text>\n</tbx>\n");
    o
}

fn plain_csv(delim: u8) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(delim)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, Error> {
    w.into_inner()
        .map_err(|e| Error::Other(format!("writing export: {e}")))
}

fn csv_err(e: csv::Error) -> Error {
    Error::Other(format!("writing export: {e}"))
}

/// Google equivalent term set: header of language codes (source, target,
/// then any other language, sorted), one row per entity with its preferred
/// form in each language (empty when it has none).
pub fn google_sets(g: &Glossary, dir: &Direction) -> Result<Vec<u8>, Error> {
    let mut langs: Vec<String> = vec![dir.source.clone(), dir.target.clone()];
    let others: BTreeSet<&str> = g.forms.iter().map(|f| f.lang.as_str()).collect();
    for l in others {
        if !langs.iter().any(|x| x == l) {
            langs.push(l.to_string());
        }
    }
    let mut w = plain_csv(b',');
    w.write_record(&langs).map_err(csv_err)?;
    for e in entities_by_id(g) {
        let cells: Vec<&str> = langs
            .iter()
            .map(|l| g.preferred(e, l).map_or("", |f| f.text.as_str()))
            .collect();
        if cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            w.write_record(&cells).map_err(csv_err)?;
        }
    }
    finish(w)
}

/// Source → target pairs: every source-language form of an entity that has
/// a target preferred form, one line each, sorted by source form.
pub fn pairs(g: &Glossary, dir: &Direction, delim: u8) -> Result<Vec<u8>, Error> {
    let mut lines: Vec<(&str, &str)> = Vec::new();
    for e in entities_by_id(g) {
        let Some(target) = g.preferred(e, &dir.target) else {
            continue;
        };
        for &f in &g.entities[e].forms {
            let f = &g.forms[f];
            if f.lang == dir.source {
                lines.push((f.text.as_str(), target.text.as_str()));
            }
        }
    }
    lines.sort();
    lines.dedup_by(|a, b| a.0 == b.0);
    if delim == b'\t' {
        // DeepL rejects entries with tabs, line breaks or outer spaces.
        for (s, t) in &lines {
            for x in [s, t] {
                if x.contains(['\t', '\n', '\r']) || x.trim() != *x {
                    return Err(Error::Other(format!(
                        "DeepL glossary entry `{x}` contains a tab, a line break or outer spaces"
                    )));
                }
            }
        }
        let mut out = String::new();
        for (s, t) in lines {
            out.push_str(s);
            out.push('\t');
            out.push_str(t);
            out.push('\n');
        }
        return Ok(out.into_bytes());
    }
    let mut w = plain_csv(delim);
    for (s, t) in lines {
        w.write_record([s, t]).map_err(csv_err)?;
    }
    finish(w)
}

/// The glossary schema as one spreadsheet-safe CSV, rows in canonical order.
pub fn sheet_csv(g: &Glossary) -> Vec<u8> {
    let cols = header(&g.extra_columns);
    let mut rows = rows_of(g);
    rows.sort_by(|a, b| {
        (
            a.entity_id.as_str(),
            a.lang.as_str(),
            a.status,
            a.form.as_str(),
        )
            .cmp(&(
                b.entity_id.as_str(),
                b.lang.as_str(),
                b.status,
                b.form.as_str(),
            ))
    });
    let mut w = SheetWriter::new();
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    w.header(&col_refs);
    for r in &rows {
        let cells: Vec<(String, bool)> =
            cols.iter().map(|c| (r.get(c).to_string(), true)).collect();
        w.row(&cells);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load::load_sources;

    fn g() -> Glossary {
        let src = "entity_id,type,lang,form,status,note,term_type\n\
                   almaty,place,ar,ألماتي,preferred,,full\n\
                   almaty,place,ar,ألماتا,admitted,common <alt> & more,full\n\
                   almaty,place,en,Almaty,preferred,,full\n\
                   csto,organization,ar,الناتو المصغر,admitted,,nickname\n\
                   csto,organization,ar,منظمة معاهدة الأمن الجماعي,preferred,,full\n\
                   csto,organization,en,CSTO,preferred,,acronym\n\
                   solo,other,ar,وحيد,preferred,,full\n";
        load_sources(&[("g.csv".into(), src.as_bytes().to_vec())]).unwrap()
    }

    #[test]
    fn tbx_escapes_and_maps_values() {
        let t = tbx(&g());
        assert!(t.contains("<conceptEntry id=\"almaty\">"));
        assert!(t.contains("<note>common &lt;alt&gt; &amp; more</note>"));
        assert!(t.contains("<termNote type=\"termType\">variant</termNote>"));
        assert!(t.contains("admittedTerm-admn-sts"));
        // Preferred first inside a langSec.
        let p = t.find("ألماتي").unwrap();
        assert!(p < t.find("ألماتا").unwrap());
    }

    #[test]
    fn google_sets_have_a_language_header_and_skip_single_language_entities() {
        let out = String::from_utf8(google_sets(&g(), &Direction::default()).unwrap()).unwrap();
        assert_eq!(
            out,
            "ar,en\nألماتي,Almaty\nمنظمة معاهدة الأمن الجماعي,CSTO\n"
        );
    }

    #[test]
    fn pairs_map_every_source_form_to_the_target_preferred_form() {
        let d = Direction::default();
        let out = String::from_utf8(pairs(&g(), &d, b'\t').unwrap()).unwrap();
        assert_eq!(
            out,
            "ألماتا\tAlmaty\nألماتي\tAlmaty\nالناتو المصغر\tCSTO\nمنظمة معاهدة الأمن الجماعي\tCSTO\n"
        );
        let rev = Direction {
            source: "en".into(),
            target: "ar".into(),
        };
        let out = String::from_utf8(pairs(&g(), &rev, b',').unwrap()).unwrap();
        assert_eq!(out, "Almaty,ألماتي\nCSTO,منظمة معاهدة الأمن الجماعي\n");
    }

    #[test]
    fn sheet_csv_has_bom_and_glossary_header() {
        let out = String::from_utf8(sheet_csv(&g())).unwrap();
        assert!(out.starts_with("\u{FEFF}entity_id,type,lang,form,status,note,term_type\n"));
        assert!(out.contains("almaty,place,ar,ألماتي,preferred,,full\n"));
    }
}
