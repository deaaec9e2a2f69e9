//! `glossalign lint`: check documents against the glossary and print findings.

use std::io::Write;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::Args;

use crate::cli::config_args::ConfigArgs;
use crate::cli::inputs::{collect, EncodingArgs};
use crate::cli::{report_error, CacheArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use glossalign::lint::printers::{printer, OutputFormat};
use glossalign::lint::{Counts, Linter};
use glossalign::matcher::MatchOptions;

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files or folders to check; `-` reads standard input. Default: `paths`
    /// from glossalign.toml, else the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "human",
        value_parser = PossibleValuesParser::new(["human", "json", "sarif", "csv", "github"])
            .try_map(|s| s.parse::<OutputFormat>())
    )]
    pub format: OutputFormat,
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

pub fn run(a: &LintArgs) -> i32 {
    let (settings, g, mut cache) = match a.config.settings_and_glossary(&a.cache.settings()) {
        Ok(x) => x,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let options = settings.lint_options();
    let matcher = cache.matcher(
        &g,
        MatchOptions {
            fuzzy: settings.fuzzy.value,
        },
    );
    cache.store(&g, &matcher);
    let linter = Linter::new(matcher, options.clone());
    let (inputs, mut errors) = collect(&a.paths, a.stdin_filename.as_deref(), &settings);
    for e in &errors {
        report_error(e);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut p = printer(a.format, &options);
    let mut counts = Counts::default();
    let mut broken_pipe = false;
    for input in &inputs {
        let doc = match input.read(a.encoding.input_encoding()) {
            Ok(d) => d,
            Err(e) => {
                report_error(&e);
                errors.push(e);
                continue;
            }
        };
        let findings = linter.lint(&doc, input.format());
        counts.add(&findings);
        if let Err(e) = p.document(&mut out, &findings) {
            broken_pipe = e.kind() == std::io::ErrorKind::BrokenPipe;
            if !broken_pipe {
                report_error(&format!("writing output: {e}"));
                return EXIT_ERROR;
            }
            break;
        }
    }
    if !broken_pipe {
        if let Err(e) = p.finish(&mut out).and_then(|_| out.flush()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                report_error(&format!("writing output: {e}"));
                return EXIT_ERROR;
            }
        }
    }
    if a.format == OutputFormat::Human && counts.total() > 0 {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{}", counts.summary());
        }
    }
    if !errors.is_empty() {
        report_error(&format!(
            "{} input(s) skipped because of errors",
            errors.len()
        ));
        EXIT_ERROR
    } else if counts.fails(settings.fail_on.value) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
