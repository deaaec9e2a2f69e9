//! Merging a reviewed `discover` file back into the glossary.
//!
//! The review CSV has the glossary columns plus a `decision` column. Rows
//! whose decision is `accept` are appended: rows of an entity the glossary
//! already has go to the file that holds it; rows of a new entity go to the
//! `--into` file when given, else to the file of its type (`people.csv` for
//! `person`, `places.csv`, `organizations.csv`, `media.csv`, `products.csv`,
//! `other.csv`). Every touched file is rewritten in canonical order, and the
//! whole merged glossary is loaded and validated in memory before anything
//! is written: on any problem nothing changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, GlossaryIssue};
use crate::glossary::load::{display_path, expand_paths, load_sources};
use crate::glossary::rows::{unguard, Row};
use crate::glossary::{EntityType, Status, TERM_TYPES};

/// Name of the review column that holds the reviewer's decision.
pub const DECISION_COLUMN: &str = "decision";

/// Decision values understood (case-insensitive); only `accept` merges.
pub const DECISIONS: [&str; 4] = ["accept", "reject", "skip", ""];

/// One accepted row of a review file.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// 1-based line in the review file.
    pub line: usize,
    /// The row to add.
    pub row: Row,
}

/// Read a review CSV (BOM and spreadsheet guards allowed) and return the
/// accepted rows. Unknown decisions and invalid accepted rows are errors,
/// all reported at once.
pub fn read_review(name: &str, bytes: &[u8]) -> Result<Vec<Accepted>, Error> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).map_err(|e| Error::InvalidUtf8 {
        path: name.to_string(),
        offset: e.valid_up_to(),
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut issues = Vec::new();
    let issue = |line: usize, msg: String| GlossaryIssue {
        file: name.to_string(),
        line,
        column: None,
        column_name: None,
        message: msg,
    };
    let mut header: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{name}: malformed CSV: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(|c| unguard(c).to_string()).collect();
        let Some(h) = &header else {
            let h: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
            for need in [
                "entity_id",
                "type",
                "lang",
                "form",
                "status",
                DECISION_COLUMN,
            ] {
                if !h.iter().any(|c| c == need) {
                    return Err(Error::Glossary(vec![issue(
                        line,
                        format!("review file has no `{need}` column"),
                    )]));
                }
            }
            header = Some(h);
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |n: &str| {
            h.iter()
                .position(|c| c == n)
                .and_then(|i| cells.get(i))
                .map_or("", |s| s.as_str())
        };
        let decision = get(DECISION_COLUMN).trim().to_lowercase();
        if !DECISIONS.contains(&decision.as_str()) {
            issues.push(issue(
                line,
                format!("decision `{decision}` is not one of accept, reject, skip or empty"),
            ));
            continue;
        }
        if decision != "accept" {
            continue;
        }
        let mut bad = Vec::new();
        let etype = get("type").trim().parse::<EntityType>().map_err(|()| {
            bad.push(format!("type `{}` is not an entity type", get("type")));
        });
        let status = get("status").trim().parse::<Status>().map_err(|()| {
            bad.push(format!(
                "status `{}` is not one of preferred, admitted, deprecated, superseded",
                get("status")
            ));
        });
        let term_type = match get("term_type").trim() {
            "" => "full".to_string(),
            t if TERM_TYPES.contains(&t) => t.to_string(),
            t => {
                bad.push(format!(
                    "term_type `{t}` is not one of {}",
                    TERM_TYPES.join(", ")
                ));
                String::new()
            }
        };
        match (etype, status, bad.is_empty()) {
            (Ok(etype), Ok(status), true) => out.push(Accepted {
                line,
                row: Row {
                    entity_id: get("entity_id").trim().to_string(),
                    etype,
                    lang: get("lang").trim().to_string(),
                    form: get("form").trim().to_string(),
                    status,
                    note: get("note").to_string(),
                    term_type,
                    extra: Vec::new(),
                },
            }),
            _ => issues.extend(bad.into_iter().map(|m| issue(line, m))),
        }
    }
    if header.is_none() {
        return Err(Error::Glossary(vec![issue(1, "empty review file".into())]));
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        Err(Error::Glossary(issues))
    }
}

/// Glossary file name for entities of a type.
pub fn file_for_type(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "people.csv",
        EntityType::Place => "places.csv",
        EntityType::Organization => "organizations.csv",
        EntityType::Media => "media.csv",
        EntityType::Product => "products.csv",
        EntityType::Other => "other.csv",
    }
}

/// What a merge will write.
#[derive(Debug, Clone, Default)]
pub struct MergePlan {
    /// Files to write (path, new canonical text), in path order.
    pub writes: Vec<(PathBuf, String)>,
    /// Rows added, as `file:entity_id:form`.
    pub added: Vec<String>,
    /// Accepted rows skipped because the glossary already lists them.
    pub already_listed: Vec<String>,
}

/// Plan the merge of `accepted` rows into the glossary at `paths`; validate
/// the result. Nothing is written here.
pub fn plan(
    paths: &[PathBuf],
    accepted: &[Accepted],
    into: Option<&Path>,
) -> Result<MergePlan, Error> {
    let files = expand_paths(paths)?;
    let folder = paths.iter().find(|p| p.is_dir()).cloned();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for f in &files {
        let t = std::fs::read_to_string(f).map_err(|e| Error::Io {
            path: display_path(f),
            action: "reading glossary",
            source: e,
        })?;
        texts.insert(f.clone(), t);
    }
    let sources = |texts: &BTreeMap<PathBuf, String>| -> Vec<(String, Vec<u8>)> {
        texts
            .iter()
            .map(|(p, t)| (display_path(p), t.as_bytes().to_vec()))
            .collect()
    };
    let g = load_sources(&sources(&texts))?;
    let file_of_display: BTreeMap<String, PathBuf> =
        files.iter().map(|f| (display_path(f), f.clone())).collect();

    let mut additions: BTreeMap<PathBuf, Vec<&Row>> = BTreeMap::new();
    let mut out = MergePlan::default();
    for a in accepted {
        let r = &a.row;
        let existing = g.entity_index(&r.entity_id);
        if let Some(e) = existing {
            let listed = g.entities[e]
                .forms
                .iter()
                .any(|&f| g.forms[f].lang == r.lang && g.forms[f].text == r.form);
            if listed {
                out.already_listed
                    .push(format!("{}:{}: {}", r.entity_id, r.lang, r.form));
                continue;
            }
        }
        let target = match existing {
            Some(e) => {
                let shown = &g.forms[g.entities[e].forms[0]].file;
                file_of_display
                    .get(shown.as_str())
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(shown.as_str()))
            }
            None => match (into, &folder) {
                (Some(p), _) => p.to_path_buf(),
                (None, Some(dir)) => dir.join(file_for_type(r.etype)),
                (None, None) => files
                    .iter()
                    .find(|f| f.file_name().and_then(|n| n.to_str()) == Some(file_for_type(r.etype)))
                    .cloned()
                    .ok_or_else(|| {
                        Error::Other(format!(
                            "review line {}: no glossary file `{}` for new {} `{}`; give --into FILE",
                            a.line,
                            file_for_type(r.etype),
                            r.etype.as_str(),
                            r.entity_id
                        ))
                    })?,
            },
        };
        additions.entry(target).or_default().push(r);
    }
    for (path, rows) in additions {
        let shown = display_path(&path);
        let old = match texts.get(&path) {
            Some(t) => t.clone(),
            None if path.exists() => std::fs::read_to_string(&path).map_err(|e| Error::Io {
                path: shown.clone(),
                action: "reading glossary",
                source: e,
            })?,
            None => String::new(),
        };
        let new = append_rows(&shown, &old, &rows)?;
        for r in &rows {
            out.added
                .push(format!("{shown}: {} {} `{}`", r.entity_id, r.lang, r.form));
        }
        texts.insert(path.clone(), new.clone());
        out.writes.push((path, new));
    }
    // The merged glossary must load; otherwise nothing is written.
    load_sources(&sources(&texts))?;
    Ok(out)
}

/// Append `rows` to the glossary file text `old` (empty for a new file)
/// and return the canonical text. Columns missing from the file's header
/// (`term_type`) are added when a row needs them.
pub fn append_rows(name: &str, old: &str, rows: &[&Row]) -> Result<String, Error> {
    let old = old.strip_prefix('\u{FEFF}').unwrap_or(old);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(old.as_bytes());
    let mut records: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::Other(format!("{name}: malformed CSV: {e}")))?;
        records.push(rec.iter().map(str::to_string).collect());
    }
    let mut header: Vec<String> = match records.first() {
        Some(h) => h.iter().map(|c| c.trim().to_string()).collect(),
        None => crate::glossary::rows::header(&[]),
    };
    let body: Vec<Vec<String>> = records.into_iter().skip(1).collect();
    let width = header.len();
    if !header.iter().any(|c| c == "term_type") && rows.iter().any(|r| r.term_type != "full") {
        header.push("term_type".into());
    }
    // Rows of the old width get the added column, empty.
    let padded = body.into_iter().map(|mut rec| {
        if rec.len() == width {
            rec.resize(header.len(), String::new());
        }
        rec
    });
    crate::glossary::rows::canonical_csv_with(name, &header, padded, rows.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REVIEW: &str =
        "\u{FEFF}entity_id,type,lang,form,status,note,term_type,proposal,count,decision\n\
        almaty,place,ar,ألماطي,deprecated,,full,new-variant,2,accept\n\
        bishkek,place,ar,بيشكيك,preferred,,full,new-entity,3,Accept\n\
        bishkek,place,ar,بشكيك,admitted,,full,new-entity,1,reject\n\
        junk,planet,ar,x,bad,,,new-entity,1,\n";

    #[test]
    fn reads_accepted_rows_only() {
        let rows = read_review("r.csv", REVIEW.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].row.form, "بيشكيك");
    }

    #[test]
    fn unknown_decisions_and_bad_accepted_rows_are_errors_with_lines() {
        let r = "entity_id,type,lang,form,status,decision\na,place,ar,ا,preferred,acept\nb,planet,ar,ب,preferred,accept\n";
        let e = read_review("r.csv", r.as_bytes()).unwrap_err().to_string();
        assert!(e.contains("r.csv:2: decision `acept`"), "{e}");
        assert!(e.contains("r.csv:3: type `planet`"), "{e}");
        let e = read_review("r.csv", b"entity_id,form\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `type` column"), "{e}");
    }

    #[test]
    fn appends_in_canonical_order_adding_term_type_when_needed() {
        let row = Row {
            entity_id: "a".into(),
            etype: EntityType::Place,
            lang: "ar".into(),
            form: "ب".into(),
            status: Status::Admitted,
            note: String::new(),
            term_type: "short".into(),
            extra: Vec::new(),
        };
        let old = "entity_id,type,lang,form,status,note\nb,place,ar,ج,preferred,\na,place,ar,ا,preferred,\n";
        let new = append_rows("g.csv", old, &[&row]).unwrap();
        assert_eq!(
            new,
            "entity_id,type,lang,form,status,note,term_type\n\
             a,place,ar,ا,preferred,,\n\
             a,place,ar,ب,admitted,,short\n\
             b,place,ar,ج,preferred,,\n"
        );
    }
}
