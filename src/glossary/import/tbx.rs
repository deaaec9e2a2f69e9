//! Reading TBX v3 (`tbx`/`conceptEntry`/`langSec`/`termSec`) and v2
//! (`martif`/`termEntry`/`langSet`/`tig`, `ntig`/`termGrp`) term bases.

use super::{settle, Concept, ImportOptions, Imported, Term};
use crate::error::Error;
use crate::glossary::{EntityType, Status};

fn local<'a>(n: &roxmltree::Node<'a, '_>) -> &'a str {
    n.tag_name().name()
}

fn children<'a, 'i>(
    n: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && local(c) == name)
}

fn text_of(n: roxmltree::Node<'_, '_>) -> String {
    let s: String = n
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn xml_lang(n: roxmltree::Node<'_, '_>) -> Option<String> {
    n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .or_else(|| n.attribute("lang"))
        .map(str::to_string)
}

fn line_of(doc: &roxmltree::Document<'_>, n: roxmltree::Node<'_, '_>) -> u32 {
    doc.text_pos_at(n.range().start).row
}

pub(super) fn import_tbx(name: &str, text: &str, opts: &ImportOptions) -> Result<Imported, Error> {
    let popts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, popts)
        .map_err(|e| Error::Other(format!("{name}: not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if !matches!(local(&root), "tbx" | "martif") {
        return Err(Error::Other(format!(
            "{name}: root element is <{}>, expected <tbx> (TBX v3) or <martif> (TBX v2)",
            local(&root)
        )));
    }
    let mut out = Imported::default();
    let mut concepts: Vec<Concept> = Vec::new();
    let mut terms: Vec<Term> = Vec::new();
    let entries = root
        .descendants()
        .filter(|n| n.is_element() && matches!(local(n), "conceptEntry" | "termEntry"));
    for entry in entries {
        let line = line_of(&doc, entry);
        let mut etype = None;
        for d in entry
            .descendants()
            .filter(|d| d.is_element() && local(d) == "descrip")
        {
            // subjectField belongs to the entry (possibly inside a descripGrp).
            let owner = d
                .ancestors()
                .skip(1)
                .find(|a| a.is_element() && local(a) != "descripGrp");
            if d.attribute("type") == Some("subjectField") && owner == Some(entry) {
                let v = text_of(d).to_lowercase();
                match v.parse::<EntityType>() {
                    Ok(t) => etype = Some(t),
                    Err(()) => out.warnings.push(format!(
                        "{name}:{line}: subjectField `{v}` is not an entity type; using `{}`",
                        opts.default_type.as_str()
                    )),
                }
            }
        }
        let entity = concepts.len();
        concepts.push(Concept {
            id: entry.attribute("id").unwrap_or("").to_string(),
            etype: etype.unwrap_or(opts.default_type),
        });
        for lang_sec in entry
            .children()
            .filter(|c| c.is_element() && matches!(local(c), "langSec" | "langSet"))
        {
            let Some(lang) = xml_lang(lang_sec) else {
                out.warnings.push(format!(
                    "{name}:{}: <{}> without xml:lang skipped",
                    line_of(&doc, lang_sec),
                    local(&lang_sec)
                ));
                continue;
            };
            for ts in lang_sec
                .children()
                .filter(|c| c.is_element() && matches!(local(c), "termSec" | "tig" | "ntig"))
            {
                // ntig keeps term and termNotes inside a termGrp.
                let grp = children(ts, "termGrp").next().unwrap_or(ts);
                let Some(term) = children(grp, "term").next() else {
                    continue;
                };
                let form = text_of(term);
                if form.is_empty() {
                    out.warnings.push(format!(
                        "{name}:{}: empty term skipped",
                        line_of(&doc, term)
                    ));
                    continue;
                }
                let mut t = Term {
                    entity,
                    lang: lang.clone(),
                    form,
                    status: None,
                    term_type: "full".into(),
                    note: String::new(),
                };
                for tn in grp
                    .descendants()
                    .filter(|d| d.is_element() && local(d) == "termNote")
                {
                    let v = text_of(tn);
                    let at = line_of(&doc, tn);
                    match tn.attribute("type") {
                        Some("administrativeStatus" | "normativeAuthorization") => {
                            match status_of(&v) {
                                Some(s) => t.status = Some(s),
                                None => out.warnings.push(format!(
                                "{name}:{at}: administrativeStatus `{v}` not understood; ignored"
                            )),
                            }
                        }
                        Some("termType") => match term_type_of(&v) {
                            Some(tt) => t.term_type = tt.to_string(),
                            None => out.warnings.push(format!(
                                "{name}:{at}: termType `{v}` not understood; using full"
                            )),
                        },
                        _ => {}
                    }
                }
                let notes: Vec<String> = ts
                    .descendants()
                    .filter(|d| d.is_element() && local(d) == "note")
                    .map(text_of)
                    .filter(|n| !n.is_empty())
                    .collect();
                t.note = notes.join(" | ");
                terms.push(t);
            }
        }
    }
    if concepts.is_empty() {
        return Err(Error::Other(format!(
            "{name}: no <conceptEntry> (TBX v3) or <termEntry> (TBX v2) found"
        )));
    }
    out.rows = settle(concepts, terms);
    Ok(out)
}

/// TBX status value (v3 `…-admn-sts`, or the bare v2 words) → status.
pub fn status_of(v: &str) -> Option<Status> {
    let v = v.trim();
    let base = v.strip_suffix("-admn-sts").unwrap_or(v);
    match base {
        "preferredTerm" | "preferred" => Some(Status::Preferred),
        "admittedTerm" | "admitted" => Some(Status::Admitted),
        "deprecatedTerm" | "deprecated" => Some(Status::Deprecated),
        "supersededTerm" | "superseded" => Some(Status::Superseded),
        _ => None,
    }
}

/// TBX termType value → glossary term type.
pub fn term_type_of(v: &str) -> Option<&'static str> {
    match v.trim() {
        "fullForm" | "phrase" => Some("full"),
        "shortForm" | "abbreviation" => Some("short"),
        "acronym" | "initialism" => Some("acronym"),
        "variant" => Some("nickname"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{import, ImportFormat};
    use super::*;

    fn tbx(s: &str) -> Imported {
        import(
            "t.tbx",
            s.as_bytes(),
            ImportFormat::Tbx,
            &ImportOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn v3_entries_become_rows() {
        let out = tbx(r#"<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="almaty"><descrip type="subjectField">place</descrip>
<langSec xml:lang="ar">
 <termSec><term>ألماتي</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
 <termSec><term>ألما اتا</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
   <termNote type="termType">shortForm</termNote><note>Soviet &amp; old</note></termSec>
</langSec>
<langSec xml:lang="en"><termSec><term>Almaty</term></termSec></langSec>
</conceptEntry></body></text></tbx>"#);
        assert_eq!(out.rows.len(), 3);
        let r = &out.rows[1];
        assert_eq!(
            (r.entity_id.as_str(), r.etype, r.status),
            ("almaty", EntityType::Place, Status::Deprecated)
        );
        assert_eq!(
            (r.term_type.as_str(), r.note.as_str()),
            ("short", "Soviet & old")
        );
        assert_eq!(
            out.rows[2].status,
            Status::Preferred,
            "first term without status is preferred"
        );
    }

    #[test]
    fn missing_ids_statuses_and_double_preferred_are_repaired_with_warnings() {
        let out = tbx(r#"<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="17"><langSet xml:lang="en"><tig><term>Mir 24</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
<tig><term>Mir24</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
<langSet xml:lang="ar"><ntig><termGrp><term>مير 24</term></termGrp></ntig></langSet></termEntry>
</body></text></martif>"#);
        assert_eq!(out.rows[0].entity_id, "mir-24");
        assert_eq!(out.rows[1].status, Status::Admitted);
        assert_eq!(out.rows[2].form, "مير 24");
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    }

    #[test]
    fn rejects_other_xml_and_broken_xml() {
        let o = ImportOptions::default();
        let e = import("x.tbx", b"<html/>", ImportFormat::Tbx, &o).unwrap_err();
        assert!(e.to_string().contains("root element is <html>"), "{e}");
        let e = import("x.tbx", b"<tbx><text>", ImportFormat::Tbx, &o).unwrap_err();
        assert!(
            e.to_string().starts_with("x.tbx: not well-formed XML"),
            "{e}"
        );
    }

    proptest::proptest! {
        /// Any sequence of TBX fragments: an error or rows, never a panic.
        #[test]
        fn never_panics_on_fragments(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<martif>", "</martif>", "<tbx>", "</tbx>", "<text><body>", "</body></text>",
            "<termEntry id=\"c1\">", "<conceptEntry>", "</termEntry>", "</conceptEntry>",
            "<langSet xml:lang=\"ar\">", "<langSec>", "</langSet>", "</langSec>", "<tig>", "</tig>",
            "<ntig><termGrp>", "</termGrp></ntig>", "<term>", "</term>", "ألماتي", "Almaty", " ",
            "<termNote type=\"administrativeStatus\">", "preferredTerm-admn-sts", "bogus", "</termNote>",
            "<note>", "</note>", "&amp;", "&bad;", "<descrip type=\"subjectField\">place</descrip>",
        ]), 0..40)) {
            let text: String = parts.concat();
            let _ = import("f.tbx", text.as_bytes(), ImportFormat::Tbx, &ImportOptions::default());
        }
    }
}
