//! `glossalign scan`: scan documents and write the reports (`run::REPORT_FILES`).

use std::path::PathBuf;

use clap::Args;

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::glossary::load::load;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::{render_reports, scan_paths, write_reports};

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
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(a: &ScanArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            report_error(&"no report written");
            return EXIT_ERROR;
        }
    };
    let matcher = Matcher::new(&g, MatchOptions { fuzzy: !a.no_fuzzy });
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        a.paths.clone()
    };
    let outcome = scan_paths(&matcher, &paths);
    for e in &outcome.errors {
        report_error(e);
    }
    let files = render_reports(&g, &outcome.documents);
    let written = match write_reports(&a.out, &files) {
        Ok(w) => w,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    if !a.quiet {
        let mentions: usize = outcome.documents.iter().map(|d| d.mentions.len()).sum();
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "scanned {} document(s), {} mention(s); wrote {}",
                outcome.documents.len(),
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
        report_error(&format!(
            "{} input(s) skipped because of errors",
            outcome.errors.len()
        ));
        EXIT_ERROR
    }
}
