//! Whole-run orchestration shared by the CLI commands: read inputs, scan them,
//! write the report files.

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::Error;
use crate::glossary::Glossary;
use crate::matcher::{MatchScratch, Matcher};
use crate::report;
use rayon::prelude::*;

use crate::scan::{collect_inputs, scan_document_with, DocumentResult, InputFile};
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

impl ScanOutcome {
    /// File a problem as an error or a notice ([`Error::is_notice`]).
    pub fn note(&mut self, problems: impl IntoIterator<Item = Error>) {
        for e in problems {
            if e.is_notice() {
                self.notices.push(e);
            } else {
                self.errors.push(e);
            }
        }
    }
}

/// Scan every input path (files or folders), on one thread.
pub fn scan_paths(matcher: &Matcher<'_>, paths: &[PathBuf]) -> ScanOutcome {
    scan_paths_with(matcher, paths, &ScanSettings::default(), &|_| {})
}

/// How a scan runs.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    /// Worker threads (1: everything on the calling thread).
    pub threads: usize,
    /// What to assume for documents without a byte order mark.
    pub encoding: InputEncoding,
}

impl Default for ScanSettings {
    fn default() -> Self {
        Self {
            threads: 1,
            encoding: InputEncoding::default(),
        }
    }
}

/// Where a scan is, reported after every document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Documents done (scanned or skipped).
    pub files_done: usize,
    /// Documents to do.
    pub files_total: usize,
    /// Bytes of input done.
    pub bytes_done: u64,
    /// Bytes of input in all documents (as listed before the scan).
    pub bytes_total: u64,
}

/// [`scan_paths`] on `settings.threads` threads, reporting progress.
/// The outcome is the same at any thread count.
pub fn scan_paths_with(
    matcher: &Matcher<'_>,
    paths: &[PathBuf],
    settings: &ScanSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> ScanOutcome {
    let (files, problems) = collect_inputs(paths);
    let mut outcome = ScanOutcome {
        documents: Vec::with_capacity(files.len()),
        ..ScanOutcome::default()
    };
    outcome.note(problems);
    scan_files_each(matcher, &files, settings, progress, &mut |r| match r {
        Ok(d) => outcome.documents.push(d),
        Err(e) => outcome.note([e]),
    });
    outcome
}

/// Files handed to the workers at a time, per thread. Results come back in
/// input order after each batch, so memory holds one batch of results and
/// the documents being read, never the corpus.
pub const BATCH_PER_THREAD: usize = 64;

thread_local! {
    /// Each thread's matcher scratch, kept across documents and batches.
    static SCRATCH: std::cell::RefCell<MatchScratch> = std::cell::RefCell::new(MatchScratch::default());
}

fn scan_file(
    matcher: &Matcher<'_>,
    f: &InputFile,
    encoding: InputEncoding,
) -> (Result<DocumentResult, Error>, u64) {
    match SourceFile::read_with(&f.path, f.display.clone(), encoding) {
        Ok(doc) => {
            let bytes = doc.file_offset(doc.text.len()) as u64;
            let r = SCRATCH.with(|s| scan_document_with(matcher, &doc, &mut s.borrow_mut()));
            (Ok(r), bytes)
        }
        Err(e) => (Err(e), 0),
    }
}

/// Scan `files` and hand each result to `sink` in input order, whatever the
/// number of threads. The sink decides what to keep: a report needs every
/// mention, a JSON Lines stream writes them out and keeps nothing.
pub fn scan_files_each(
    matcher: &Matcher<'_>,
    files: &[InputFile],
    settings: &ScanSettings,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut dyn FnMut(Result<DocumentResult, Error>),
) {
    let mut p = Progress {
        files_total: files.len(),
        bytes_total: files
            .iter()
            .filter_map(|f| std::fs::metadata(&f.path).ok())
            .map(|m| m.len())
            .sum(),
        ..Progress::default()
    };
    progress(p);
    let threads = settings.threads.max(1);
    let pool = (threads > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    let Some(pool) = pool else {
        for f in files {
            let (r, bytes) = scan_file(matcher, f, settings.encoding);
            p.files_done += 1;
            p.bytes_done += bytes;
            progress(p);
            sink(r);
        }
        return;
    };
    let done = std::sync::Mutex::new(p);
    for batch in files.chunks(threads * BATCH_PER_THREAD) {
        let results: Vec<Result<DocumentResult, Error>> = pool.install(|| {
            batch
                .par_iter()
                .map(|f| {
                    let (r, bytes) = scan_file(matcher, f, settings.encoding);
                    if let Ok(mut p) = done.lock() {
                        p.files_done += 1;
                        p.bytes_done += bytes;
                        progress(*p);
                    }
                    r
                })
                .collect()
        });
        results.into_iter().for_each(&mut *sink);
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
    render_reports_with(g, docs, false)
}

/// [`render_reports`], with the workbook (the slowest report) rendered on a
/// second thread when `parallel`: the same bytes either way.
pub fn render_reports_with(
    g: &Glossary,
    docs: &[DocumentResult],
    parallel: bool,
) -> Vec<(&'static str, Vec<u8>)> {
    let model = report::build(g, docs);
    let model = &model;
    // Each report is one job; with `parallel` the jobs run on the rayon pool
    // (the workbook, the slowest, first). The order of the result is fixed.
    type Job<'a> = Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>;
    let jobs: [(usize, Job<'_>); 6] = [
        (
            5,
            // Cannot fail on any input: cells and sheets are bounded first.
            Box::new(move || {
                report::xlsx::glossalign_xlsx(g, docs, model).expect("workbook renders in memory")
            }),
        ),
        (4, Box::new(move || report::html::consistency_html(model))),
        (0, Box::new(move || report::csv_out::mentions_csv(g, docs))),
        (3, Box::new(move || report::json::consistency_json(model))),
        (2, Box::new(move || report::markdown::consistency_md(model))),
        (1, Box::new(move || report::csv_out::canonical_csv(model))),
    ];
    let mut rendered: Vec<(usize, Vec<u8>)> = if parallel {
        jobs.par_iter().map(|(i, job)| (*i, job())).collect()
    } else {
        jobs.iter().map(|(i, job)| (*i, job())).collect()
    };
    rendered.sort_by_key(|(i, _)| *i);
    rendered
        .into_iter()
        .map(|(i, bytes)| (REPORT_FILES[i], bytes))
        .collect()
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
