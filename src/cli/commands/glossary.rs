//! `glossalign glossary …`: glossary maintenance commands.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use glossalign::atomic::write_atomic;
use glossalign::glossary::canonical::canonicalize;
use glossalign::glossary::check::{check, has_errors};
use glossalign::glossary::export::{export, Direction, ExportFormat};
use glossalign::glossary::import::{import, ImportFormat, ImportOptions};
use glossalign::glossary::load::{display_path, expand_paths, load, load_sources};
use glossalign::glossary::merge::{plan, read_review};
use glossalign::glossary::rows::{header, to_canonical_csv};
use glossalign::glossary::EntityType;

#[derive(Subcommand, Debug)]
pub enum GlossaryCommand {
    /// Validate the glossary (exit 2 with every problem listed when invalid).
    Validate(GlossaryOnly),
    /// Rewrite glossary files in canonical order (or check with --check).
    Fmt(FmtArgs),
    /// Report risks: near-collisions, shadowed forms, frequent words, confusable entities, missing `en` forms (exit 1 on any error-level risk).
    Check(CheckArgs),
    /// Export the glossary as TBX-Basic, a Google Cloud Translation glossary, a DeepL glossary or one CSV.
    Export(ExportArgs),
    /// Import a TBX file (v2 or v3) or a CSV into the glossary schema.
    Import(ImportArgs),
    /// Append the rows accepted in a review CSV (decision=accept) to the glossary files.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Also print info-level risks.
    #[arg(long)]
    pub info: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportFormatArg {
    /// TBX-Basic (TBX v3, DCA style).
    Tbx,
    /// Google Cloud Translation equivalent term set CSV (header of language codes, one row per entity).
    Google,
    /// Google Cloud Translation unidirectional CSV (every source form -> target preferred form).
    GooglePairs,
    /// DeepL glossary TSV (every source form -> target preferred form, no header).
    Deepl,
    /// The whole glossary as one spreadsheet-safe CSV in the glossary schema.
    Csv,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Output file (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Source language of google, google-pairs and deepl exports.
    #[arg(long, default_value = "ar", value_name = "LANG")]
    pub source_lang: String,
    /// Target language of google, google-pairs and deepl exports.
    #[arg(long, default_value = "en", value_name = "LANG")]
    pub target_lang: String,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ImportFormatArg {
    /// TBX v3 (tbx/conceptEntry) or v2 (martif/termEntry).
    Tbx,
    /// A glossary-schema CSV, or a CSV of language columns (header `ar,en`, or two columns ar,en).
    Csv,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// File to import.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Input format.
    #[arg(long, value_enum)]
    pub format: ImportFormatArg,
    /// Output file (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Entity type for entries whose type is not given (person, place, organization, media, product, other).
    #[arg(long = "type", default_value = "other", value_name = "TYPE")]
    pub etype: String,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Review CSV written by `glossalign discover` (rows with decision=accept are merged).
    #[arg(value_name = "REVIEW.csv")]
    pub review: PathBuf,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Put rows of new entities into this file instead of the file of their type.
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
    /// Show what would be added, change nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct GlossaryOnly {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Only report files that are not canonical (exit 1), change nothing.
    #[arg(long)]
    pub check: bool,
}

pub fn run(c: &GlossaryCommand) -> i32 {
    match c {
        GlossaryCommand::Validate(a) => match load(&a.glossary.paths()) {
            Ok(g) => {
                #[allow(clippy::print_stdout)]
                {
                    println!(
                        "glossary OK: {} entities, {} forms in {} file(s)",
                        g.entities.len(),
                        g.forms.len(),
                        g.files.len()
                    );
                }
                EXIT_OK
            }
            Err(e) => {
                report_error(&e);
                EXIT_ERROR
            }
        },
        GlossaryCommand::Fmt(a) => fmt(a),
        GlossaryCommand::Check(a) => check_cmd(a),
        GlossaryCommand::Export(a) => export_cmd(a),
        GlossaryCommand::Import(a) => import_cmd(a),
        GlossaryCommand::Merge(a) => merge_cmd(a),
    }
}

/// Write `bytes` to `out` atomically, or to standard output (a closed pipe is not an error).
fn emit(out: Option<&Path>, bytes: &[u8]) -> i32 {
    match out {
        Some(p) => match write_atomic(p, bytes) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                report_error(&e);
                EXIT_ERROR
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Ok(()) => EXIT_OK,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
                Err(e) => {
                    report_error(&format!("writing standard output: {e}"));
                    EXIT_ERROR
                }
            }
        }
    }
}

fn check_cmd(a: &CheckArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let risks = check(&g);
    let mut text = String::new();
    for r in risks
        .iter()
        .filter(|r| a.info || r.level != glossalign::glossary::check::Level::Info)
    {
        text.push_str(&r.to_string());
        text.push('\n');
    }
    let count = |l| risks.iter().filter(|r| r.level == l).count();
    use glossalign::glossary::check::Level;
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "{} error(s), {} warning(s), {} info{}",
            count(Level::Error),
            count(Level::Warning),
            count(Level::Info),
            if a.info { "" } else { " (shown with --info)" }
        );
    }
    let code = emit(None, text.as_bytes());
    if code != EXIT_OK {
        code
    } else if has_errors(&risks) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn export_cmd(a: &ExportArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let format = match a.format {
        ExportFormatArg::Tbx => ExportFormat::Tbx,
        ExportFormatArg::Google => ExportFormat::Google,
        ExportFormatArg::GooglePairs => ExportFormat::GooglePairs,
        ExportFormatArg::Deepl => ExportFormat::Deepl,
        ExportFormatArg::Csv => ExportFormat::Csv,
    };
    let dir = Direction {
        source: a.source_lang.clone(),
        target: a.target_lang.clone(),
    };
    match export(&g, format, &dir) {
        Ok(bytes) => emit(a.out.as_deref(), &bytes),
        Err(e) => {
            report_error(&e);
            EXIT_ERROR
        }
    }
}

fn import_cmd(a: &ImportArgs) -> i32 {
    let name = display_path(&a.file);
    let Ok(default_type) = a.etype.parse::<EntityType>() else {
        report_error(&format!(
            "--type `{}` is not one of person, place, organization, media, product, other",
            a.etype
        ));
        return EXIT_ERROR;
    };
    let bytes = match std::fs::read(&a.file) {
        Ok(b) => b,
        Err(e) => {
            report_error(&format!("{name}: error reading: {e}"));
            return EXIT_ERROR;
        }
    };
    let format = match a.format {
        ImportFormatArg::Tbx => ImportFormat::Tbx,
        ImportFormatArg::Csv => ImportFormat::Csv,
    };
    let imported = match import(&name, &bytes, format, &ImportOptions { default_type }) {
        Ok(i) => i,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    for w in &imported.warnings {
        report_error(&format!("warning: {w}"));
    }
    let out_name = a
        .out
        .as_deref()
        .map_or("(imported glossary)".to_string(), display_path);
    let text = match to_canonical_csv(&out_name, &header(&imported.extra_columns), &imported.rows) {
        Ok(t) => t,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    // The result must be a valid glossary; otherwise write nothing.
    if let Err(e) = load_sources(&[(out_name, text.clone().into_bytes())]) {
        report_error(&e);
        report_error(&"nothing written");
        return EXIT_ERROR;
    }
    emit(a.out.as_deref(), text.as_bytes())
}

fn merge_cmd(a: &MergeArgs) -> i32 {
    let name = display_path(&a.review);
    let bytes = match std::fs::read(&a.review) {
        Ok(b) => b,
        Err(e) => {
            report_error(&format!("{name}: error reading: {e}"));
            return EXIT_ERROR;
        }
    };
    let accepted = match read_review(&name, &bytes) {
        Ok(r) => r,
        Err(e) => {
            report_error(&e);
            report_error(&"nothing merged");
            return EXIT_ERROR;
        }
    };
    let p = match plan(&a.glossary.paths(), &accepted, a.into.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            report_error(&e);
            report_error(&"nothing merged");
            return EXIT_ERROR;
        }
    };
    #[allow(clippy::print_stderr)]
    {
        for s in &p.already_listed {
            eprintln!("already listed, skipped: {s}");
        }
        for s in &p.added {
            eprintln!("{}{s}", if a.dry_run { "would add " } else { "added " });
        }
    }
    if !a.dry_run {
        for (path, text) in &p.writes {
            if let Err(e) = write_atomic(path, text.as_bytes()) {
                report_error(&e);
                return EXIT_ERROR;
            }
        }
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "{} accepted row(s): {} {}, {} already listed",
            accepted.len(),
            p.added.len(),
            if a.dry_run { "to add" } else { "added" },
            p.already_listed.len()
        );
    }
    EXIT_OK
}

fn fmt(a: &FmtArgs) -> i32 {
    if let Err(e) = load(&a.glossary.paths()) {
        report_error(&e);
        return EXIT_ERROR;
    }
    let files = match expand_paths(&a.glossary.paths()) {
        Ok(f) => f,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let mut changed = 0;
    for f in files {
        let name = display_path(&f);
        let text = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                report_error(&format!("{name}: {e}"));
                return EXIT_ERROR;
            }
        };
        let canon = match canonicalize(&name, &text) {
            Ok(c) => c,
            Err(e) => {
                report_error(&e);
                return EXIT_ERROR;
            }
        };
        if canon != text {
            changed += 1;
            if a.check {
                report_error(&format!(
                    "{name}: not in canonical form (run `glossalign glossary fmt`)"
                ));
            } else if let Err(e) = write_atomic(&f, canon.as_bytes()) {
                report_error(&e);
                return EXIT_ERROR;
            }
        }
    }
    if a.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
