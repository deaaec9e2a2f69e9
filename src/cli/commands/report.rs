//! `glossalign report merge`: combine the JSON Lines mention streams of many
//! shards (`scan --format jsonl`) into the reports a single run writes.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::glossary::load::load;
use glossalign::report::jsonl::Reader;
use glossalign::run::ReportWriter;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Merge JSON Lines mention files from `scan --format jsonl` into the
    /// report files. Give the shards in corpus order (documents keep the
    /// order they appear in); use the glossary the shards were scanned with.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON Lines files, in corpus order (`-` reads stdin).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Output folder (default: reports/).
    #[arg(long, short = 'o', value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

pub fn run(c: &ReportCommand) -> i32 {
    match c {
        ReportCommand::Merge(a) => merge(a),
    }
}

fn merge(a: &MergeArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    // The reports are written as the streams are read (memory holds one
    // stream and the report model); a bad stream replaces no report.
    let mut writer = match ReportWriter::new(&a.out, &g) {
        Ok(w) => w,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let give_up = |writer: ReportWriter<'_>, e: &dyn std::fmt::Display| {
        writer.abandon();
        report_error(e);
        report_error(&"no report written");
        EXIT_ERROR
    };
    let mut reader = Reader::new(&g);
    let (mut documents, mut mentions) = (0usize, 0usize);
    for f in &a.files {
        let name = f.to_string_lossy().replace('\\', "/");
        let bytes = if name == "-" {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut v).map(|_| v)
        } else {
            std::fs::read(f)
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => return give_up(writer, &format!("{name}: reading: {e}")),
        };
        let mut write_error = None;
        let read = reader.read_each(&name, &bytes, &mut |d| {
            documents += 1;
            mentions += d.mentions.len();
            if write_error.is_none() {
                write_error = writer.add(&d).err();
            }
        });
        if let Err(e) = read {
            return give_up(writer, &e);
        }
        if let Some(e) = write_error {
            return give_up(writer, &e);
        }
    }
    match writer.finish(false) {
        Ok(_) => {
            if !a.quiet {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!(
                        "merged {} document(s), {} mention(s) from {} file(s) into {}",
                        documents,
                        mentions,
                        a.files.len(),
                        a.out.to_string_lossy().replace('\\', "/")
                    );
                }
            }
            EXIT_OK
        }
        Err(e) => {
            report_error(&e);
            EXIT_ERROR
        }
    }
}
