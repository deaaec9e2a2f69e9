//! Whole-run orchestration shared by the CLI commands: read inputs, scan them,
//! write the report files.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic::{Staged, StagingFile};
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

/// What [`scan_files_each`] hands on: one document's result.
pub type ScanSink<'s> = dyn FnMut(Result<DocumentResult, Error>) + Send + 's;

/// Scan `files` and hand each result to `sink` in input order, whatever the
/// number of threads. The sink decides what to keep: a report needs its
/// model, a JSON Lines stream writes the mentions out and keeps nothing.
/// With several threads the sink takes one batch while the workers scan the
/// next (on a worker, one call at a time, in order), so writing reports
/// overlaps scanning; memory holds two batches of results.
pub fn scan_files_each(
    matcher: &Matcher<'_>,
    files: &[InputFile],
    settings: &ScanSettings,
    progress: &(dyn Fn(Progress) + Sync),
    sink: &mut ScanSink<'_>,
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
        // This thread's caches (tens of megabytes with a large glossary)
        // are not needed by what comes next, the reports; a pool's threads
        // take theirs with them when it ends.
        SCRATCH.with(|s| *s.borrow_mut() = MatchScratch::default());
        return;
    };
    let done = std::sync::Mutex::new(p);
    let scan_batch = |batch: &[InputFile]| -> Vec<Result<DocumentResult, Error>> {
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
    };
    let mut ready: Vec<Result<DocumentResult, Error>> = Vec::new();
    for batch in files.chunks(threads * BATCH_PER_THREAD) {
        let previous = std::mem::take(&mut ready);
        let sink = &mut *sink;
        ready = pool.install(|| {
            rayon::join(
                || scan_batch(batch),
                move || previous.into_iter().for_each(sink),
            )
            .0
        });
    }
    ready.into_iter().for_each(sink);
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

/// [`render_reports`], with each report a job on the current rayon pool when
/// `parallel`: the same bytes either way.
pub fn render_reports_with(
    g: &Glossary,
    docs: &[DocumentResult],
    parallel: bool,
) -> Vec<(&'static str, Vec<u8>)> {
    let model = report::build(g, docs);
    let model = &model;
    let render = |(i, job): &(usize, ReportJob<'_>)| (*i, report::in_memory(|out| job(out)));
    let [a, b, c, d] = model_jobs(model);
    // The workbook, the slowest, first, so that it starts first on a pool.
    let jobs: [(usize, ReportJob<'_>); 6] = [
        (
            5,
            Box::new(move |w| {
                report::xlsx::glossalign_xlsx_to(g, docs, model, w)
                    .map(drop)
                    .map_err(zip_io)
            }),
        ),
        a,
        (
            0,
            Box::new(move |w| report::csv_out::mentions_csv_to(g, docs, w)),
        ),
        b,
        c,
        d,
    ];
    let mut rendered: Vec<(usize, Vec<u8>)> = if parallel {
        jobs.par_iter().map(render).collect()
    } else {
        jobs.iter().map(render).collect()
    };
    rendered.sort_by_key(|(i, _)| *i);
    rendered
        .into_iter()
        .map(|(i, bytes)| (REPORT_FILES[i], bytes))
        .collect()
}

/// Render every report straight into a temporary file in `dir` (created if
/// needed), then, when all are complete and on disk, replace the report
/// files, each atomically ([`ReportWriter`] over `docs`). A failure
/// replaces nothing and leaves no temporary file. With `parallel`, the
/// reports made from the model are jobs on the current rayon pool; the
/// bytes are those of [`render_reports`] either way.
pub fn write_reports_with(
    dir: &Path,
    g: &Glossary,
    docs: &[DocumentResult],
    parallel: bool,
) -> Result<Vec<PathBuf>, Error> {
    let mut w = ReportWriter::new(dir, g)?;
    for d in docs {
        w.add(d)?;
    }
    w.finish(parallel)
}

/// The reports, written while a scan runs: each document is counted into
/// the report model and its mentions go straight into `mentions.csv` and
/// the workbook's Mentions sheet (temporary files next to the targets), so
/// the caller can drop it. Memory holds the report model, not the
/// mentions. [`ReportWriter::finish`] writes the rest and replaces the
/// report files only when all are complete.
pub struct ReportWriter<'g> {
    dir: PathBuf,
    /// The output folder did not exist before this writer.
    created_dir: bool,
    builder: report::SpillingBuilder<'g>,
    csv: report::csv_out::MentionsCsv<'g, StagingFile>,
    xlsx: report::xlsx::Workbook<'g, StagingFile>,
}

/// An error writing report `name` in `dir`.
fn report_error(dir: &Path, name: &str, e: std::io::Error) -> Error {
    Error::Io {
        path: dir.join(name).to_string_lossy().replace('\\', "/"),
        action: "writing",
        source: e,
    }
}

/// A workbook error as an I/O error (the only kind a stream can meet).
fn zip_io(e: zip::result::ZipError) -> std::io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        e => std::io::Error::other(e),
    }
}

impl<'g> ReportWriter<'g> {
    /// Create `dir` if needed and start the streamed reports there.
    pub fn new(dir: &Path, g: &'g Glossary) -> Result<Self, Error> {
        let created_dir = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.to_string_lossy().into_owned(),
            action: "creating output folder",
            source: e,
        })?;
        let csv = StagingFile::create(&dir.join(REPORT_FILES[0]))?;
        let xlsx = StagingFile::create(&dir.join(REPORT_FILES[5]))?;
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            created_dir,
            builder: report::SpillingBuilder::new(g, dir).map_err(|e| Error::Io {
                path: dir.to_string_lossy().into_owned(),
                action: "creating a temporary file in",
                source: e,
            })?,
            csv: report::csv_out::MentionsCsv::new(g, csv),
            xlsx: report::xlsx::Workbook::new(g, xlsx)
                .map_err(|e| report_error(dir, REPORT_FILES[5], zip_io(e)))?,
        })
    }

    /// Count and write one document (documents in report order).
    pub fn add(&mut self, d: &DocumentResult) -> Result<(), Error> {
        self.builder.add(d);
        self.csv.add(d);
        self.xlsx
            .add(d)
            .map_err(|e| report_error(&self.dir, REPORT_FILES[5], zip_io(e)))
    }

    /// Write the reports made from the model (with `parallel`, as jobs on
    /// the current rayon pool), then replace every report file; the paths.
    pub fn finish(self, parallel: bool) -> Result<Vec<PathBuf>, Error> {
        let (dir, created_dir) = (self.dir.clone(), self.created_dir);
        let r = self.write_all(parallel);
        if r.is_err() && created_dir {
            // Only if still empty: nothing of this run is left in it.
            let _ = std::fs::remove_dir(&dir);
        }
        r
    }

    /// Give up: no report is replaced, the temporary files are removed, and
    /// so is the output folder if this writer created it.
    pub fn abandon(self) {
        let (dir, created_dir) = (self.dir.clone(), self.created_dir);
        drop(self);
        if created_dir {
            let _ = std::fs::remove_dir(&dir);
        }
    }

    fn write_all(self, parallel: bool) -> Result<Vec<PathBuf>, Error> {
        let ReportWriter {
            dir,
            builder,
            csv,
            xlsx,
            ..
        } = self;
        let model = builder.finish().map_err(|e| Error::Io {
            path: dir.to_string_lossy().into_owned(),
            action: "reading back the report's temporary file in",
            source: e,
        })?;
        let model: &dyn report::ReportSource = &model;
        let dir = dir.as_path();
        let csv = csv
            .finish()
            .map_err(|e| report_error(dir, REPORT_FILES[0], e))?
            .written()?;
        // Each file is flushed to disk in a thread of its own, which only
        // waits on the disk: the streamed mentions.csv while the other
        // reports are rendered, then all the others at the same time.
        let staged = std::thread::scope(|scope| -> Result<Vec<Staged>, Error> {
            let csv = scope.spawn(move || csv.synced());
            let xlsx_job = move || -> Result<Staged, Error> {
                xlsx.finish(model)
                    .map_err(|e| report_error(dir, REPORT_FILES[5], zip_io(e)))?
                    .written()
            };
            let stage = |(i, job): &(usize, ReportJob<'_>)| {
                (
                    *i,
                    crate::atomic::stage_written(&dir.join(REPORT_FILES[*i]), |w| job(w)),
                )
            };
            let jobs = model_jobs(model);
            let (xlsx, mut staged): (_, Vec<(usize, Result<Staged, Error>)>) = if parallel {
                rayon::join(xlsx_job, || jobs.par_iter().map(stage).collect())
            } else {
                (xlsx_job(), jobs.iter().map(stage).collect())
            };
            staged.push((5, xlsx));
            let syncs: Vec<_> = staged
                .into_iter()
                .map(|(i, s)| (i, scope.spawn(move || s.and_then(Staged::synced))))
                .collect();
            let mut staged = vec![(0, csv.join().expect("a sync does not panic"))];
            staged.extend(
                syncs
                    .into_iter()
                    .map(|(i, h)| (i, h.join().expect("a sync does not panic"))),
            );
            staged.sort_by_key(|(i, _)| *i);
            // All or nothing: an error drops (and so removes) every staged file.
            staged.into_iter().map(|(_, s)| s).collect()
        })?;
        let mut written = Vec::new();
        for s in staged {
            let p = s.path().to_path_buf();
            s.commit()?;
            written.push(p);
        }
        Ok(written)
    }
}

/// One report, rendered into a writer.
type ReportJob<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + Send + Sync + 'a>;

/// The reports made from the model alone, by index into [`REPORT_FILES`].
fn model_jobs(model: &dyn report::ReportSource) -> [(usize, ReportJob<'_>); 4] {
    [
        (
            4,
            Box::new(move |w| report::html::consistency_html_to(model, w)),
        ),
        (
            3,
            Box::new(move |w| report::json::consistency_json_to(model, w)),
        ),
        (
            2,
            Box::new(move |w| report::markdown::consistency_md_to(model, w)),
        ),
        (
            1,
            Box::new(move |w| report::csv_out::canonical_csv_to(model, w)),
        ),
    ]
}
