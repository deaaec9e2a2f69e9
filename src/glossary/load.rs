//! Reading and validating glossary CSV files.
//!
//! All problems are collected (not just the first) and returned together, each
//! naming file, line and column, so one run shows everything to fix.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use crate::error::{Error, GlossaryIssue};
use crate::glossary::shared::Interner;
use crate::glossary::{
    Entity, EntityType, Form, Glossary, Status, Text, REQUIRED_COLUMNS, TERM_TYPES,
};
use crate::key::form_keys;
use crate::source::encoding::looks_like_windows_1256;

/// Expand glossary paths (files or folders) into the CSV files to load, in
/// sorted order within each folder.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::Io {
            path: display_path(p),
            action: "reading glossary",
            source: e,
        })?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::Io {
                    path: display_path(p),
                    action: "listing glossary folder",
                    source: e,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Error::Other(format!(
                    "{}: glossary folder has no .csv files",
                    display_path(p)
                )));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Path with forward slashes, as shown to users.
pub fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Load and validate glossary files or folders.
pub fn load(paths: &[PathBuf]) -> Result<Glossary, Error> {
    load_sources(&read_sources(&expand_paths(paths)?)?)
}

/// The (display name, bytes) of each glossary file, as [`load_sources`] takes them.
pub fn read_sources(files: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    files
        .iter()
        .map(|f| Ok((display_path(f), std::fs::read(f).map_err(reading(f))?)))
        .collect()
}

/// The error of reading glossary file `f`.
pub(crate) fn reading(f: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = display_path(f);
    move |e| Error::Io {
        path,
        action: "reading glossary",
        source: e,
    }
}

/// Load and validate glossary files given as (display name, bytes).
pub fn load_sources(sources: &[(String, Vec<u8>)]) -> Result<Glossary, Error> {
    let mut b = Builder::default();
    // One form per line at most: sized once for all files, so that a
    // 300,000-form glossary neither copies its forms while growing nor keeps
    // up to twice their room (sized per file, the second file doubled it).
    let lines: usize = sources
        .iter()
        .map(|(_, bytes)| bytes.iter().filter(|&&b| b == b'\n').count() + 1)
        .sum();
    b.g.forms.reserve_exact(lines);
    for (name, bytes) in sources {
        b.read_file(name, bytes);
    }
    b.finish()
}

#[derive(Default)]
struct Builder {
    g: Glossary,
    issues: Vec<GlossaryIssue>,
    by_id: HashMap<String, usize>,
    /// Per file: column index of each header name, to give whole-glossary
    /// problems (duplicates, collisions) a column number.
    columns: HashMap<String, HashMap<String, usize>>,
    /// One copy of each language tag, term type, file name and note.
    strings: Interner,
}

struct Header {
    /// Column index of each required column.
    required: [usize; 6],
    term_type: Option<usize>,
    /// (index, name) of extra columns.
    extra: Vec<(usize, String)>,
    width: usize,
}

impl Builder {
    fn issue(&mut self, file: &str, line: usize, col: Option<(usize, &str)>, msg: String) {
        self.issues.push(GlossaryIssue {
            file: file.to_string(),
            line,
            column: col.map(|c| c.0 + 1),
            column_name: col.map(|c| c.1.to_string()),
            message: msg,
        });
    }

    fn read_file(&mut self, name: &str, bytes: &[u8]) {
        self.g.files.push(name.to_string());
        let text = match decode(bytes) {
            Ok(t) => t,
            Err(d) => {
                self.issues.push(GlossaryIssue {
                    file: name.to_string(),
                    line: d.line,
                    column: Some(d.column),
                    column_name: None,
                    message: d.message,
                });
                return;
            }
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut header: Option<Header> = None;
        // One record, reused for every row.
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    self.issue(
                        name,
                        line,
                        None,
                        format!("malformed CSV: {}", csv_error_text(&e)),
                    );
                    return;
                }
            }
            let line = rec.position().map_or(0, |p| p.line() as usize);
            match &header {
                None => match self.parse_header(name, line, &rec) {
                    Some(h) => header = Some(h),
                    None => return,
                },
                Some(h) => self.read_row(name, line, h, &rec),
            }
        }
        if header.is_none() {
            self.issue(name, 1, None, "empty file: expected a header row".into());
        }
    }

    fn parse_header(&mut self, name: &str, line: usize, rec: &csv::StringRecord) -> Option<Header> {
        let cols: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let mut required = [usize::MAX; 6];
        let mut missing = Vec::new();
        for (k, want) in REQUIRED_COLUMNS.iter().enumerate() {
            match cols.iter().position(|c| c == want) {
                Some(i) => required[k] = i,
                None => missing.push(*want),
            }
        }
        if !missing.is_empty() {
            let looks_like_data = !cols.iter().any(|c| REQUIRED_COLUMNS.contains(&c.as_str()));
            let msg = if looks_like_data {
                format!(
                    "unknown header `{}`: the first row must name the columns {}",
                    cols.join(","),
                    REQUIRED_COLUMNS.join(",")
                )
            } else {
                format!(
                    "header is missing column(s) {} (required: {})",
                    missing.join(", "),
                    REQUIRED_COLUMNS.join(",")
                )
            };
            let column = if looks_like_data { Some(1) } else { None };
            self.issues.push(GlossaryIssue {
                file: name.to_string(),
                line,
                column,
                column_name: None,
                message: msg,
            });
            return None;
        }
        let mut seen = HashMap::default();
        for (i, c) in cols.iter().enumerate() {
            if c.is_empty() {
                self.issue(
                    name,
                    line,
                    Some((i, "")),
                    "empty column name in header".into(),
                );
                return None;
            }
            if let Some(prev) = seen.insert(c.clone(), i) {
                self.issue(
                    name,
                    line,
                    Some((i, c)),
                    format!(
                        "column `{c}` appears twice in the header (also column {})",
                        prev + 1
                    ),
                );
                return None;
            }
        }
        self.columns.insert(
            name.to_string(),
            cols.iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), i))
                .collect(),
        );
        let term_type = cols.iter().position(|c| c == "term_type");
        let extra: Vec<(usize, String)> = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| !REQUIRED_COLUMNS.contains(&c.as_str()) && *c != "term_type")
            .map(|(i, c)| (i, c.clone()))
            .collect();
        for (_, c) in &extra {
            if !self.g.extra_columns.contains(c) {
                self.g.extra_columns.push(c.clone());
            }
        }
        Some(Header {
            required,
            term_type,
            extra,
            width: cols.len(),
        })
    }

    fn read_row(&mut self, name: &str, line: usize, h: &Header, rec: &csv::StringRecord) {
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            return; // blank line
        }
        // A quote that never closes swallows line breaks (and usually the rest
        // of the file) into one field: say so rather than count fields.
        if let Some(i) = rec.iter().position(|f| f.contains(['\n', '\r'])) {
            let is_note = h.required[5] == i || h.extra.iter().any(|(k, _)| *k == i);
            if !is_note || rec.len() != h.width {
                let lines = rec.iter().map(|f| f.matches('\n').count()).sum::<usize>();
                self.issues.push(GlossaryIssue {
                    file: name.to_string(),
                    line,
                    column: Some(i + 1),
                    column_name: None,
                    message: format!(
                        "unbalanced quote: a quoted field opened here runs over {} more line(s); close it with `\"` (and write a quote inside a field as `\"\"`)",
                        lines
                    ),
                });
                return;
            }
        }
        if rec.len() != h.width {
            let column = rec.len().min(h.width) + 1;
            self.issues.push(GlossaryIssue {
                file: name.to_string(),
                line,
                column: Some(column),
                column_name: None,
                message: format!(
                    "wrong number of fields: expected {} (as in the header), found {}",
                    h.width,
                    rec.len()
                ),
            });
            return;
        }
        let get = |k: usize| rec.get(h.required[k]).unwrap_or("");
        let col = |k: usize| (h.required[k], REQUIRED_COLUMNS[k]);
        let mut ok = true;

        let id = get(0);
        if !is_slug(id) {
            self.issue(
                name,
                line,
                Some(col(0)),
                format!("`{id}` is not a valid entity id (lowercase letters, digits and single hyphens, e.g. `almaty`)"),
            );
            ok = false;
        }
        let etype = match get(1).parse::<EntityType>() {
            Ok(t) => Some(t),
            Err(()) => {
                self.issue(
                    name,
                    line,
                    Some(col(1)),
                    format!(
                        "type `{}` is not one of person, place, organization, media, product, other",
                        get(1)
                    ),
                );
                ok = false;
                None
            }
        };
        let lang = get(2);
        if !is_lang_tag(lang) {
            self.issue(
                name,
                line,
                Some(col(2)),
                format!("`{lang}` is not a BCP-47 language tag (e.g. `ar`, `en`, `ar-EG`)"),
            );
            ok = false;
        }
        let form = get(3);
        if form.trim().is_empty() {
            self.issue(name, line, Some(col(3)), "empty form".into());
            ok = false;
        } else if form.trim() != form {
            self.issue(
                name,
                line,
                Some(col(3)),
                format!("form `{form}` has leading or trailing spaces"),
            );
            ok = false;
        }
        let status = match get(4).parse::<Status>() {
            Ok(s) => Some(s),
            Err(()) => {
                self.issue(
                    name,
                    line,
                    Some(col(4)),
                    format!(
                        "status `{}` is not one of preferred, admitted, deprecated, superseded",
                        get(4)
                    ),
                );
                ok = false;
                None
            }
        };
        let term_type = match h.term_type.map(|i| rec.get(i).unwrap_or("").trim()) {
            None | Some("") => "full".to_string(),
            Some(t) if TERM_TYPES.contains(&t) => t.to_string(),
            Some(t) => {
                self.issue(
                    name,
                    line,
                    Some((h.term_type.unwrap_or(0), "term_type")),
                    format!("term_type `{t}` is not one of {}", TERM_TYPES.join(", ")),
                );
                ok = false;
                String::new()
            }
        };
        let (spaced, key, tokens) = form_keys(form);
        if ok && key.is_empty() {
            self.issue(
                name,
                line,
                Some(col(3)),
                format!("form `{form}` has no letters or digits"),
            );
            ok = false;
        }
        let (Some(etype), Some(status), true) = (etype, status, ok) else {
            return;
        };
        let entity = match self.by_id.get(id) {
            Some(&e) => {
                if self.g.entities[e].etype != etype {
                    let first = &self.g.forms[self.g.entities[e].forms[0]];
                    let msg = format!(
                        "entity `{id}` has type `{}` here but `{}` at {}:{}",
                        etype.as_str(),
                        self.g.entities[e].etype.as_str(),
                        first.file,
                        first.line
                    );
                    self.issue(name, line, Some(col(1)), msg);
                    return;
                }
                e
            }
            None => {
                self.g.entities.push(Entity {
                    id: id.to_string(),
                    etype,
                    forms: Vec::new(),
                });
                self.by_id.insert(id.to_string(), self.g.entities.len() - 1);
                self.g.entities.len() - 1
            }
        };
        let extra = h
            .extra
            .iter()
            .map(|(i, c)| (self.strings.get(c), Text::from(rec.get(*i).unwrap_or(""))))
            .collect();
        self.g.forms.push(Form {
            entity,
            lang: self.strings.get(lang),
            text: Text::from(form),
            note: self.strings.get(get(5)),
            term_type: self.strings.get(&term_type),
            file: self.strings.get(name),
            extra,
            spaced: Text::from(spaced),
            key: key.into(),
            // (Saturated: no glossary has four billion lines, nor a form of
            // 65,535 words.)
            line: u32::try_from(line).unwrap_or(u32::MAX),
            tokens: u16::try_from(tokens).unwrap_or(u16::MAX),
            status,
        });
        let fi = self.g.forms.len() - 1;
        self.g.entities[entity].forms.push(fi);
    }

    fn finish(mut self) -> Result<Glossary, Error> {
        self.check_preferred();
        self.check_collisions();
        for issue in &mut self.issues {
            if let (None, Some(name)) = (issue.column, &issue.column_name) {
                issue.column = self
                    .columns
                    .get(&issue.file)
                    .and_then(|c| c.get(name))
                    .map(|i| i + 1);
            }
        }
        if self.issues.is_empty() {
            // Blank lines, the header and comments reserved room for nothing.
            self.g.forms.shrink_to_fit();
            self.g.entities.shrink_to_fit();
            Ok(self.g)
        } else {
            Err(Error::Glossary(self.issues))
        }
    }

    /// Exactly one preferred form per (entity, language).
    fn check_preferred(&mut self) {
        let mut issues = Vec::new();
        for e in &self.g.entities {
            let mut langs: Vec<&str> = Vec::new();
            for &f in &e.forms {
                let l = self.g.forms[f].lang.as_str();
                if !langs.contains(&l) {
                    langs.push(l);
                }
            }
            for l in langs {
                let forms: Vec<&Form> = e
                    .forms
                    .iter()
                    .map(|&f| &self.g.forms[f])
                    .filter(|f| f.lang == l)
                    .collect();
                let preferred: Vec<&&Form> = forms
                    .iter()
                    .filter(|f| f.status == Status::Preferred)
                    .collect();
                if preferred.is_empty() {
                    issues.push(GlossaryIssue {
                        file: forms[0].file.to_string(),
                        line: forms[0].line as usize,
                        column: None,
                        column_name: Some("status".into()),
                        message: format!("entity `{}` has no preferred `{l}` form", e.id),
                    });
                }
                for extra in preferred.iter().skip(1) {
                    issues.push(GlossaryIssue {
                        file: extra.file.to_string(),
                        line: extra.line as usize,
                        column: None,
                        column_name: Some("status".into()),
                        message: format!(
                            "entity `{}` has a second preferred `{l}` form `{}` (the first is `{}` at {}:{})",
                            e.id, extra.text, preferred[0].text, preferred[0].file, preferred[0].line
                        ),
                    });
                }
            }
        }
        self.issues.extend(issues);
    }

    /// The same normalised form (or the same form up to spacing) must not be
    /// listed under two entities, nor twice under one.
    fn check_collisions(&mut self) {
        let n = self.g.forms.len();
        let mut by_spaced: HashMap<&str, usize> = HashMap::default();
        let mut by_key: HashMap<&str, usize> = HashMap::default();
        let mut by_text: HashMap<(usize, &str, &str), usize> = HashMap::default();
        // Sized once: growing three maps of 300,000 forms step by step was a
        // tenth of loading a large glossary.
        by_spaced.reserve(n);
        by_key.reserve(n);
        by_text.reserve(n);
        let mut issues = Vec::new();
        for (i, f) in self.g.forms.iter().enumerate() {
            let here = |msg: String| GlossaryIssue {
                file: f.file.to_string(),
                line: f.line as usize,
                column: None,
                column_name: Some("form".into()),
                message: msg,
            };
            // (One hash and probe per map and form: each entry is looked up
            // once, whether it is then read or filled.)
            let forms = &self.g.forms;
            let other = |map, key| other_entity_at(map, key, i, forms);
            match by_text.entry((f.entity, f.lang.as_str(), f.text.as_str())) {
                Entry::Occupied(e) => {
                    let o = &forms[*e.get()];
                    issues.push(here(format!(
                        "duplicate form `{}` for entity `{}` (already at {}:{})",
                        f.text, self.g.entities[f.entity].id, o.file, o.line
                    )));
                    continue;
                }
                Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
            if let Some(o) = other(&mut by_spaced, f.spaced.as_str()) {
                issues.push(here(format!(
                    "form `{}` of entity `{}` normalises to `{}`, the same as form `{}` of entity `{}` at {}:{}",
                    f.text,
                    self.g.entities[f.entity].id,
                    f.spaced,
                    o.text,
                    self.g.entities[o.entity].id,
                    o.file,
                    o.line
                )));
                continue;
            }
            if let Some(o) = other(&mut by_key, f.key.as_str()) {
                issues.push(here(format!(
                    "form `{}` of entity `{}` is the same as form `{}` of entity `{}` at {}:{} once spaces and hyphens are ignored",
                    f.text,
                    self.g.entities[f.entity].id,
                    o.text,
                    self.g.entities[o.entity].id,
                    o.file,
                    o.line
                )));
            }
        }
        self.issues.extend(issues);
    }
}

/// The form already at `key` in `map` if it is of another entity than
/// form `i`; a new key is given form `i`.
fn other_entity_at<'f>(
    map: &mut HashMap<&'f str, usize>,
    key: &'f str,
    i: usize,
    forms: &'f [crate::glossary::Form],
) -> Option<&'f crate::glossary::Form> {
    match map.entry(key) {
        Entry::Occupied(e) => Some(&forms[*e.get()]).filter(|o| o.entity != forms[i].entity),
        Entry::Vacant(e) => {
            e.insert(i);
            None
        }
    }
}

/// A decoding problem: 1-based line and CSV column, and the message.
struct DecodeIssue {
    line: usize,
    column: usize,
    message: String,
}

/// Decode glossary bytes: UTF-8 with or without BOM. Glossaries are reviewed
/// like code and rewritten by `glossary fmt`, so they have one encoding;
/// anything else (UTF-16 from Excel's "Unicode Text", Windows-1256 from an
/// old Excel) gets an error that says what the file looks like and how to
/// convert it.
fn decode(bytes: &[u8]) -> Result<&str, DecodeIssue> {
    for (bom, name) in [(&[0xFF, 0xFE], "UTF-16LE"), (&[0xFE, 0xFF], "UTF-16BE")] {
        if bytes.starts_with(bom) {
            return Err(DecodeIssue {
                line: 1,
                column: 1,
                message: format!(
                    "file is {name} (as Excel's \"Unicode Text\" saves it), not UTF-8: save it as \"CSV UTF-8\", or convert it with `iconv -f UTF-16 -t UTF-8`"
                ),
            });
        }
    }
    let bom_len = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let body = &bytes[bom_len..];
    // (The text is read in place: a copy would hold the file twice.)
    let bad = match body.iter().position(|&b| b == 0) {
        Some(nul) => Err((
            nul,
            "NUL byte",
            " (UTF-16 without a byte order mark, or not a text file): save it as \"CSV UTF-8\"",
        )),
        None => std::str::from_utf8(body).map_err(|e| {
            let hint = if looks_like_windows_1256(body) {
                "; it looks like Windows-1256 (Arabic): save it as \"CSV UTF-8\", or convert it with `iconv -f CP1256 -t UTF-8`"
            } else {
                ""
            };
            (e.valid_up_to(), "invalid UTF-8", hint)
        }),
    };
    match bad {
        Ok(text) => Ok(text),
        Err((at, what, hint)) => {
            let (line, column) = csv_position(&body[..at]);
            Err(DecodeIssue {
                line,
                column,
                message: format!("{what} at byte {}{hint}", at + bom_len),
            })
        }
    }
}

/// 1-based (line, CSV field) at the end of `prefix`, following quotes.
fn csv_position(prefix: &[u8]) -> (usize, usize) {
    let (mut line, mut field, mut quoted) = (1, 1, false);
    for &b in prefix {
        match b {
            b'\n' => {
                line += 1;
                if !quoted {
                    field = 1;
                }
            }
            b'"' => quoted = !quoted,
            b',' if !quoted => field += 1,
            _ => {}
        }
    }
    (line, field)
}

fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        _ => e.to_string(),
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn is_lang_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "entity_id,type,lang,form,status,note\n";

    fn load_str(s: &str) -> Result<Glossary, Error> {
        load_sources(&[("g.csv".to_string(), s.as_bytes().to_vec())])
    }

    #[track_caller]
    fn fails_with(s: &str, expected: &str) {
        match load_str(s) {
            Ok(_) => panic!("expected an error containing {expected:?}"),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.contains(expected),
                    "{msg:?} does not contain {expected:?}"
                );
            }
        }
    }

    #[test]
    fn loads_a_valid_glossary_with_extra_columns_and_bom() {
        let s = "\u{FEFF}entity_id,type,lang,form,status,note,term_type,wikidata\n\
             almaty,place,ar,ألماتي,preferred,,full,Q35493\n\
             almaty,place,ar,المااتا,deprecated,typo,,\n\
             almaty,place,en,Almaty,preferred,,,Q35493\n";
        let g = load_str(s).unwrap();
        assert_eq!(g.entities.len(), 1);
        assert_eq!(g.forms.len(), 3);
        assert_eq!(g.extra_columns, ["wikidata"]);
        assert_eq!(g.canonical_ar(0), "ألماتي");
        assert_eq!(g.canonical_en(0), "Almaty");
        assert_eq!(g.forms[1].term_type, "full");
        assert_eq!(g.forms[1].line, 3);
    }

    #[test]
    fn crlf_is_accepted() {
        let s = "entity_id,type,lang,form,status,note\r\nx,place,ar,روسيا,preferred,\r\n";
        assert!(load_str(s).is_ok());
    }

    #[test]
    fn rejects_unknown_status_naming_line_and_column() {
        fails_with(
            &format!("{HEADER}x,place,ar,روسيا,prefered,\n"),
            "g.csv:2:5: column `status`: status `prefered` is not one of preferred",
        );
    }

    #[test]
    fn rejects_missing_header_columns() {
        fails_with(
            "entity_id,type,lang,form\n",
            "header is missing column(s) status, note",
        );
        fails_with("x,place,ar,روسيا,preferred,\n", "unknown header");
    }

    #[test]
    fn rejects_zero_or_two_preferred() {
        fails_with(
            &format!("{HEADER}x,place,ar,روسيا,admitted,\n"),
            "has no preferred `ar` form",
        );
        fails_with(
            &format!("{HEADER}x,place,ar,روسيا,preferred,\nx,place,ar,روسيه,preferred,\n"),
            "g.csv:3:5: column `status`: entity `x` has a second preferred `ar` form",
        );
    }

    #[test]
    fn rejects_empty_form() {
        fails_with(
            &format!("{HEADER}x,place,ar,,preferred,\n"),
            "g.csv:2:4: column `form`: empty form",
        );
    }

    #[test]
    fn rejects_the_same_normalised_form_under_two_entities() {
        fails_with(
            &format!("{HEADER}a,place,ar,الأمن,preferred,\nb,place,ar,الامن,preferred,\n"),
            "g.csv:3:4: column `form`: form `الامن` of entity `b` normalises to `الامن`, the same as form `الأمن` of entity `a` at g.csv:2",
        );
        fails_with(
            &format!("{HEADER}a,place,ar,نور سلطان,preferred,\nb,place,ar,نورسلطان,preferred,\n"),
            "once spaces and hyphens are ignored",
        );
    }

    #[test]
    fn rejects_wrong_field_count_and_bad_quotes() {
        fails_with(
            &format!("{HEADER}x,place,ar,روسيا,preferred\n"),
            "g.csv:2:6: wrong number of fields: expected 6 (as in the header), found 5",
        );
        fails_with(
            &format!("{HEADER}x,place,ar,\"روسيا,preferred,\ny,place,ar,موسكو,preferred,\n"),
            "g.csv:2:4: unbalanced quote: a quoted field opened here runs over 2 more line(s)",
        );
        // A line break inside a quoted note is fine.
        assert!(load_str(&format!(
            "{HEADER}x,place,ar,روسيا,preferred,\"two\nlines\"\n"
        ))
        .is_ok());
    }

    #[test]
    fn rejects_utf16_and_legacy_encodings() {
        fails_with("", "empty file");
        let utf16: Vec<u8> = [0xFF, 0xFE, b'e', 0].to_vec();
        let e = load_sources(&[("g.csv".into(), utf16)])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("glossary error: g.csv:1:1: file is UTF-16LE"),
            "{e}"
        );
        let cp1256: Vec<u8> = [
            HEADER.as_bytes(),
            b"x,place,ar,\xD1\xE6\xD3\xED\xC7,preferred,\n",
        ]
        .concat();
        let e = load_sources(&[("g.csv".into(), cp1256)])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "glossary error: g.csv:2:4: invalid UTF-8 at byte 48; it looks like Windows-1256 (Arabic): save it as \"CSV UTF-8\", or convert it with `iconv -f CP1256 -t UTF-8`"
        );
    }

    #[test]
    fn collects_every_problem() {
        let e = load_str(&format!(
            "{HEADER}X,place,ar,a,preferred,\ny,planet,ar,b,preferred,\n"
        ))
        .unwrap_err();
        let Error::Glossary(issues) = e else { panic!() };
        assert_eq!(issues.len(), 2);
    }
}
