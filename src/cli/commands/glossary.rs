//! `glossalign glossary …`: glossary maintenance commands.

use clap::{Args, Subcommand};

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use glossalign::atomic::write_atomic;
use glossalign::glossary::canonical::canonicalize;
use glossalign::glossary::load::{display_path, expand_paths, load};

#[derive(Subcommand, Debug)]
pub enum GlossaryCommand {
    /// Validate the glossary (exit 2 with every problem listed when invalid).
    Validate(GlossaryOnly),
    /// Rewrite glossary files in canonical order (or check with --check).
    Fmt(FmtArgs),
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
    }
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
