//! `glossalign fix`: show (or with `--write`, apply) the fixes `lint` knows.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::config_args::ConfigArgs;
use crate::cli::inputs::{collect, EncodingArgs, Input};
use crate::cli::{report_error, CacheArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use glossalign::atomic::write_atomic;
use glossalign::fix::diff::unified;
use glossalign::fix::document::fix_document;
use glossalign::lint::Linter;
use glossalign::matcher::MatchOptions;

#[derive(Args, Debug)]
pub struct FixArgs {
    /// Files or folders to fix; `-` reads standard input and writes the fixed
    /// text to standard output. Default: `paths` from glossalign.toml, else
    /// the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Rewrite the files (atomically) instead of printing a diff.
    #[arg(long)]
    pub write: bool,
    /// Also apply unsafe fixes (unlisted spellings found by fuzzy matching,
    /// admitted spellings when that rule is on).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Name to show for standard input (its extension also picks the input format).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    #[command(flatten)]
    pub encoding: EncodingArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub cache: CacheArgs,
}

#[allow(clippy::print_stderr)]
fn note(s: &str) {
    eprintln!("{s}");
}

pub fn run(a: &FixArgs) -> i32 {
    let (settings, g, mut cache) = match a.config.settings_and_glossary(&a.cache.settings()) {
        Ok(x) => x,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let matcher = cache.matcher(
        &g,
        MatchOptions {
            fuzzy: settings.fuzzy.value,
        },
    );
    cache.store(&g, &matcher);
    let linter = Linter::new(matcher, settings.lint_options());
    let (inputs, mut errors) = collect(&a.paths, a.stdin_filename.as_deref(), &settings);
    for e in &errors {
        report_error(e);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut fixes, mut files_changed) = (0, 0);
    for input in &inputs {
        let doc = match input.read(a.encoding.input_encoding()) {
            Ok(d) => d,
            Err(e) => {
                report_error(&e);
                errors.push(e);
                continue;
            }
        };
        let fixed = fix_document(&linter, &doc, input.format(), a.unsafe_fixes);
        if fixed.changed() {
            fixes += fixed.applied;
            files_changed += 1;
        }
        // Written back in the document's own encoding, BOM and line endings.
        let bytes = match fixed.doc.encode(&fixed.doc.text) {
            Ok(b) => b,
            Err(e) => {
                report_error(&e);
                errors.push(e);
                continue;
            }
        };
        let written = match input {
            Input::Stdin(_) => out.write_all(&bytes),
            Input::File { path, .. } if a.write => {
                if fixed.changed() {
                    if let Err(e) = write_atomic(path, &bytes) {
                        report_error(&e);
                        errors.push(e);
                    }
                }
                Ok(())
            }
            Input::File { .. } => {
                out.write_all(unified(&doc.display, &fixed.original, &fixed.fixed).as_bytes())
            }
        };
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                break;
            }
            report_error(&format!("writing output: {e}"));
            return EXIT_ERROR;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            report_error(&format!("writing output: {e}"));
            return EXIT_ERROR;
        }
    }
    let to_stdout = inputs.iter().any(|i| matches!(i, Input::Stdin(_)));
    let would = !a.write && !to_stdout;
    if fixes > 0 {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        note(&format!(
            "{} {} in {}{}",
            if would { "would apply" } else { "applied" },
            plural(fixes, "fix").replace("fixs", "fixes"),
            plural(files_changed, "file"),
            if would {
                "; run with --write to apply"
            } else {
                ""
            }
        ));
    }
    if !errors.is_empty() {
        report_error(&format!(
            "{} input(s) skipped because of errors",
            errors.len()
        ));
        EXIT_ERROR
    } else if would && fixes > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
