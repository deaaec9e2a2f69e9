//! Whole-run orchestration shared by the CLI commands: read inputs, scan them,
//! write the report files.

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::Error;
use crate::glossary::Glossary;
use crate::matcher::Matcher;
use crate::report;
use crate::scan::{collect_inputs, scan_document, DocumentResult};
use crate::source::{InputEncoding, SourceFile};

/// What a scan produced: per-document results, the problems met (each
/// naming its file) for inputs that were skipped, and notices.
#[derive(Debug, Default)]
pub struct ScanOutcome {
    /// Documents scanned, sorted by displayed path.
    pub documents: Vec<DocumentResult>,
    /// Inputs that could not be read or decoded (the run fails).
    pub errors: Vec<Error>,
    /// Things skipped on purpose (binary files, symlink loops), or shown
    /// differently (non-UTF-8 file names): reported, but not failures.
    pub notices: Vec<Error>,
}

/// Options of a scan run.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanOptions {
    /// What to assume for documents without a byte order mark.
    pub encoding: InputEncoding,
}

/// Scan every input path (files or folders) with default options.
pub fn scan_paths(matcher: &Matcher<'_>, paths: &[PathBuf]) -> ScanOutcome {
    scan_paths_with(matcher, paths, &ScanOptions::default())
}

/// Scan every input path (files or folders).
pub fn scan_paths_with(
    matcher: &Matcher<'_>,
    paths: &[PathBuf],
    options: &ScanOptions,
) -> ScanOutcome {
    let (files, problems) = collect_inputs(paths);
    let mut outcome = ScanOutcome {
        documents: Vec::with_capacity(files.len()),
        ..ScanOutcome::default()
    };
    outcome.note(problems);
    for f in files {
        match SourceFile::read_with(&f.path, f.display, options.encoding) {
            Ok(doc) => outcome.documents.push(scan_document(matcher, &doc)),
            Err(e) => outcome.note([e]),
        }
    }
    outcome
}

impl ScanOutcome {
    fn note(&mut self, problems: impl IntoIterator<Item = Error>) {
        for e in problems {
            if e.is_notice() {
                self.notices.push(e);
            } else {
                self.errors.push(e);
            }
        }
    }
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
