//! Command-line interface: argument definitions and dispatch. Commands live in
//! `commands/`, one per file; they call the library and return an exit code.
//!
//! Exit codes: 0 success (no findings at or above `--fail-on`), 1 findings,
//! 2 error (bad glossary, unreadable input, bad arguments).

pub mod commands;
pub mod config_args;
pub mod inputs;
pub mod progress;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: findings at or above the failure level.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: an error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "glossalign",
    version,
    about = "Match foreign names in Arabic text against a curated glossary and report spelling consistency",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan documents and write mentions.csv, canonical_names.csv, consistency.md and consistency.json.
    Scan(commands::scan::ScanArgs),
    /// Check documents against the glossary: `path:line:column: severity rule-id: message`.
    Lint(commands::lint::LintArgs),
    /// Show (or with --write, apply) the fixes lint knows, as a unified diff.
    Fix(commands::fix::FixArgs),
    /// Print the configuration in effect (TOML), with where each value came from.
    Config(commands::config::ConfigCmdArgs),
    /// Propose new spellings of known names and names the glossary lacks, as a review CSV.
    Discover(commands::discover::DiscoverArgs),
    /// Work with glossary files.
    #[command(subcommand)]
    Glossary(commands::glossary::GlossaryCommand),
    /// Explain how a text is normalised, tokenised and matched.
    Explain(commands::explain::ExplainArgs),
    /// Measure accuracy: gold precision/recall, leave-one-spelling-out, variant sets.
    Eval(commands::eval::EvalArgs),
    /// Work with reports: merge the JSON Lines mention files of many shards.
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
}

/// Glossary location flags shared by every command.
#[derive(Args, Debug, Clone)]
pub struct GlossaryArgs {
    /// Glossary CSV file or folder (repeatable; default: glossary/).
    #[arg(long = "glossary", short = 'g', value_name = "PATH")]
    pub glossary: Vec<PathBuf>,
}

impl GlossaryArgs {
    /// Paths given, or the default folder.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.glossary.is_empty() {
            vec![PathBuf::from("glossary")]
        } else {
            self.glossary.clone()
        }
    }
}

/// The compiled-glossary cache (see `docs/formats.md`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CacheArgs {
    /// Do not read or write the compiled-glossary cache (large glossaries
    /// are otherwise kept, validated and indexed, in $GLOSSALIGN_CACHE_DIR
    /// or the user's cache folder, and read back on the next run).
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    /// The cache settings: off with --no-cache, else from the environment.
    pub fn settings(&self) -> glossalign::glossary::cache::CacheSettings {
        use glossalign::glossary::cache::CacheSettings;
        if self.no_cache {
            CacheSettings::off()
        } else {
            CacheSettings::from_env()
        }
    }
}

/// Print an error line on stderr (the only place the CLI reports errors).
pub fn report_error(e: &dyn std::fmt::Display) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("glossalign: {e}");
    }
}

/// Print a notice on stderr: something skipped on purpose, not a failure.
pub fn report_notice(e: &dyn std::fmt::Display) {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("glossalign: notice: {e}");
    }
}

/// Parse arguments and run.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Scan(a) => commands::scan::run(&a),
        Command::Discover(a) => commands::discover::run(&a),
        Command::Glossary(c) => commands::glossary::run(&c),
        Command::Explain(a) => commands::explain::run(&a),
        Command::Eval(a) => commands::eval::run(&a),
        Command::Lint(a) => commands::lint::run(&a),
        Command::Fix(a) => commands::fix::run(&a),
        Command::Config(a) => commands::config::run(&a),
        Command::Report(c) => commands::report::run(&c),
    }
}
