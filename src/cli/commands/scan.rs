//! `glossalign scan`: scan documents and write the reports (`run::REPORT_FILES`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::{report_error, report_notice, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::glossary::load::load;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::{render_reports, scan_paths_with, write_reports, ScanOptions};
use glossalign::source::InputEncoding;

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
    /// Encoding of documents without a byte order mark: `utf-8`, or `cp1256`
    /// to read files that are not valid UTF-8 as Windows-1256 (files with a
    /// BOM follow their BOM; valid UTF-8 stays UTF-8).
    #[arg(long, value_enum, value_name = "ENCODING", default_value = "utf-8")]
    pub encoding: EncodingArg,
}

/// Values of `--encoding`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingArg {
    /// UTF-8 (or UTF-16 with a BOM).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1256 for files that are not valid UTF-8.
    #[value(name = "cp1256", alias = "windows-1256")]
    Cp1256,
}

impl From<EncodingArg> for InputEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => InputEncoding::Utf8,
            EncodingArg::Cp1256 => InputEncoding::Windows1256,
        }
    }
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
    let options = ScanOptions {
        encoding: a.encoding.into(),
    };
    let outcome = scan_paths_with(&matcher, &paths, &options);
    for n in &outcome.notices {
        report_notice(n);
    }
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
            "{} input(s) skipped because of errors: {}",
            outcome.errors.len(),
            outcome
                .errors
                .iter()
                .map(|e| e.path().unwrap_or("?"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        EXIT_ERROR
    }
}
