//! Whole-run orchestration shared by the CLI commands: read inputs, scan them,
//! write the report files.

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::Error;
use crate::glossary::Glossary;
use crate::matcher::{MatchScratch, Matcher};
use crate::report;
use crate::scan::{collect_inputs, scan_document_with, DocumentResult};
use crate::source::SourceFile;

/// What a scan produced: per-document results, and the problems met (each
/// naming its file) for inputs that were skipped.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Documents scanned, in input order.
    pub documents: Vec<DocumentResult>,
    /// Inputs that could not be read or decoded.
    pub errors: Vec<Error>,
}

/// Scan every input path (files or folders).
pub fn scan_paths(matcher: &Matcher<'_>, paths: &[PathBuf]) -> ScanOutcome {
    let (files, mut errors) = collect_inputs(paths);
    let mut documents = Vec::with_capacity(files.len());
    let mut scratch = MatchScratch::default();
    for f in files {
        match SourceFile::read(&f.path, f.display) {
            Ok(doc) => documents.push(scan_document_with(matcher, &doc, &mut scratch)),
            Err(e) => errors.push(e),
        }
    }
    ScanOutcome { documents, errors }
}

/// Names of the report files, in the order they are written.
pub const REPORT_FILES: [&str; 6] = [
    "mentions.csv",
    "canonical_names.csv",
    "consistency.md",
    "consistency.json",
    "consistency.html",
    "glossalign.xlsx",
];

/// Render all reports in memory (nothing is written until all are ready).
pub fn render_reports(g: &Glossary, docs: &[DocumentResult]) -> Vec<(&'static str, Vec<u8>)> {
    let model = report::build(g, docs);
    vec![
        (REPORT_FILES[0], report::csv_out::mentions_csv(g, docs)),
        (REPORT_FILES[1], report::csv_out::canonical_csv(&model)),
        (REPORT_FILES[2], report::markdown::consistency_md(&model)),
        (REPORT_FILES[3], report::json::consistency_json(&model)),
        (REPORT_FILES[4], report::html::consistency_html(&model)),
        (
            REPORT_FILES[5],
            // Cannot fail on any input: cells and sheets are bounded first.
            report::xlsx::glossalign_xlsx(g, docs, &model).expect("workbook renders in memory"),
        ),
    ]
}

/// Write rendered reports into `dir` (created if needed), each atomically.
pub fn write_reports(dir: &Path, files: &[(&'static str, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        path: dir.to_string_lossy().into_owned(),
        action: "creating output folder",
        source: e,
    })?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let p = dir.join(name);
        write_atomic(&p, bytes)?;
        written.push(p);
    }
    Ok(written)
}
