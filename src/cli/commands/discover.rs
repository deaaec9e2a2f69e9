//! `glossalign discover`: propose new variants and new names as a review CSV.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::atomic::write_atomic;
use glossalign::discover::{discover, review_csv, DiscoverOptions, ProposalKind};
use glossalign::glossary::load::load;
use glossalign::scan::collect_inputs;
use glossalign::source::SourceFile;

#[derive(Args, Debug)]
pub struct DiscoverArgs {
    /// Files or folders to read (default: seeds/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Review CSV to write (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave out proposed new entities below this confidence (0–1).
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    pub min_confidence: f64,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(a: &DiscoverArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        a.paths.clone()
    };
    let (files, mut errors) = collect_inputs(&paths);
    let mut docs = Vec::new();
    for f in files {
        match SourceFile::read(&f.path, f.display) {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        report_error(e);
    }
    let opts = DiscoverOptions {
        min_confidence: a.min_confidence,
    };
    let rows = discover(&g, &docs, &opts);
    let bytes = review_csv(&rows);
    let written = match &a.out {
        Some(p) => write_atomic(p, &bytes).map_err(|e| e.to_string()),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("writing standard output: {e}"))
                }
                _ => Ok(()),
            }
        }
    };
    if let Err(e) = written {
        report_error(&e);
        return EXIT_ERROR;
    }
    if !a.quiet {
        let variants = rows
            .iter()
            .filter(|r| r.kind == ProposalKind::NewVariant)
            .count();
        let entities: std::collections::BTreeSet<&str> = rows
            .iter()
            .filter(|r| r.kind == ProposalKind::NewEntity)
            .map(|r| r.entity_id.as_str())
            .collect();
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "read {} document(s): {} new variant(s) of known entities, {} proposed new entit(ies) in {} row(s)",
                docs.len(),
                variants,
                entities.len(),
                rows.len() - variants
            );
        }
    }
    if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}
