//! `glossalign scan`: scan documents and write the reports (`run::REPORT_FILES`).

use std::path::PathBuf;

use clap::Args;

use crate::cli::inputs::EncodingArgs;
use crate::cli::progress::ProgressBar;
use crate::cli::{report_error, report_notice, CacheArgs, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::glossary::cache;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::{scan_files_each, ReportWriter, ScanSettings};
use glossalign::scan::collect_inputs;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files or folders to scan (default: seeds/). Folders are walked in sorted
    /// order for .txt, .md, .markdown, .html and .htm files (Markdown and HTML
    /// are read for their prose only).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Output folder (default: reports/).
    #[arg(long, short = 'o', value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Disable fuzzy matching of unlisted spellings.
    #[arg(long)]
    pub no_fuzzy: bool,
    /// Print nothing but errors (no progress bar either).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Worker threads (default: one per core). The output is the same at any count.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// `reports`: write the report files into --out. `jsonl`: stream the
    /// mentions to stdout as JSON Lines (one object per mention, then one per
    /// document) for `glossalign report merge`; memory stays bounded.
    #[arg(long, value_enum, default_value = "reports")]
    pub format: ScanFormat,
    /// Print the time of each stage (glossary load, index, scan, reports) on
    /// stderr, and what the glossary cache did.
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub cache: CacheArgs,
    #[command(flatten)]
    pub encoding: EncodingArgs,
}

/// What `scan` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanFormat {
    /// The report files.
    Reports,
    /// JSON Lines on stdout.
    Jsonl,
}

/// Threads to use: the flag, or one per core.
pub fn threads(flag: Option<usize>) -> usize {
    flag.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn timing(on: bool, what: &str, since: std::time::Instant) -> std::time::Instant {
    if on {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("timing: {what} {:.3} s", since.elapsed().as_secs_f64());
        }
    }
    std::time::Instant::now()
}

pub fn run(a: &ScanArgs) -> i32 {
    let t = std::time::Instant::now();
    // The glossary is left to the operating system at exit: freeing a
    // 100,000-entity glossary piece by piece takes a noticeable time. (The
    // matcher's indexes are a few large arrays: freeing them takes no
    // measurable time, and `run` frees them before writing the reports.)
    let (g, mut cache) = match cache::load(&a.glossary.paths(), &a.cache.settings()) {
        Ok((g, cache)) => (std::mem::ManuallyDrop::new(g), cache),
        Err(e) => {
            report_error(&e);
            report_error(&"no report written");
            return EXIT_ERROR;
        }
    };
    let t = timing(a.timings, "glossary load", t);
    let n_threads = threads(a.threads);
    // Index building uses up to --threads threads too.
    let mut build = || cache.matcher(&g, MatchOptions { fuzzy: !a.no_fuzzy });
    let matcher = match rayon::ThreadPoolBuilder::new()
        .num_threads(n_threads)
        .build()
    {
        Ok(pool) => pool.install(build),
        Err(_) => build(),
    };
    let t = timing(a.timings, "glossary index", t);
    cache.store(&g, &matcher);
    let t = timing(a.timings, &format!("glossary cache: {}", cache.status), t);
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        a.paths.clone()
    };
    let settings = ScanSettings {
        threads: n_threads,
        encoding: a.encoding.input_encoding(),
    };
    let bar = ProgressBar::new(a.quiet);
    if a.format == ScanFormat::Jsonl {
        return run_jsonl(&matcher, &paths, &settings, &bar);
    }
    let (files, problems) = collect_inputs(&paths);
    // The reports are written while the scan runs: each document goes into
    // the report model, mentions.csv and the workbook, then is dropped.
    // (Started after the inputs are listed: its temporary files are never inputs.)
    let mut writer = match ReportWriter::new(&a.out, &g) {
        Ok(w) => w,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let mut outcome = glossalign::run::ScanOutcome::default();
    outcome.note(problems);
    let (mut documents, mut mentions) = (0usize, 0usize);
    let mut write_error = None;
    scan_files_each(
        &matcher,
        &files,
        &settings,
        &|p| bar.update(p),
        &mut |r| match r {
            Ok(d) => {
                documents += 1;
                mentions += d.mentions.len();
                if write_error.is_none() {
                    write_error = writer.add(&d).err();
                }
            }
            Err(e) => outcome.note([e]),
        },
    );
    bar.finish();
    for n in &outcome.notices {
        report_notice(n);
    }
    for e in &outcome.errors {
        report_error(e);
    }
    let t = timing(a.timings, "scan", t);
    // The reports need the glossary, not the matcher's indexes (a hundred
    // megabytes at 100,000 entities): they are freed before the report
    // model is finished, so the two never add up.
    drop(matcher);
    let finished = match write_error {
        None => writer.finish(settings.threads > 1),
        Some(e) => {
            writer.abandon();
            Err(e)
        }
    };
    let written = match finished {
        Ok(w) => w,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    timing(a.timings, "reports", t);
    if !a.quiet {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "scanned {} document(s), {} mention(s); wrote {}",
                documents,
                mentions,
                written
                    .iter()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    if outcome.errors.is_empty() {
        EXIT_OK
    } else {
        report_skipped(&outcome.errors);
        EXIT_ERROR
    }
}

/// The closing line of a run in which some inputs were skipped.
fn report_skipped(errors: &[glossalign::error::Error]) {
    report_error(&format!(
        "{} input(s) skipped because of errors: {}",
        errors.len(),
        errors
            .iter()
            .map(|e| e.path().unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
}

/// `--format jsonl`: mentions to stdout as they are found, in input order.
fn run_jsonl(
    matcher: &Matcher<'_>,
    paths: &[PathBuf],
    settings: &ScanSettings,
    bar: &ProgressBar,
) -> i32 {
    use std::io::Write;
    let (files, problems) = collect_inputs(paths);
    let mut outcome = glossalign::run::ScanOutcome::default();
    outcome.note(problems);
    // Not a lock: with several threads the sink runs on a worker thread.
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout());
    let mut broken: Option<std::io::Error> = None;
    scan_files_each(
        matcher,
        &files,
        settings,
        &|p| bar.update(p),
        &mut |r| match r {
            Ok(doc) if broken.is_none() => {
                if let Err(e) = glossalign::report::jsonl::write_document(&mut out, &doc) {
                    broken = Some(e);
                }
            }
            Ok(_) => {}
            Err(e) => outcome.note([e]),
        },
    );
    bar.finish();
    if broken.is_none() {
        if let Err(e) = out.flush() {
            broken = Some(e);
        }
    }
    for n in &outcome.notices {
        report_notice(n);
    }
    for e in &outcome.errors {
        report_error(e);
    }
    match broken {
        // A closed pipe (`| head`) is not an error.
        Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            report_error(&format!("writing to stdout: {e}"));
            EXIT_ERROR
        }
        _ if !outcome.errors.is_empty() => {
            report_skipped(&outcome.errors);
            EXIT_ERROR
        }
        _ => EXIT_OK,
    }
}
