//! `glossalign explain "TEXT"`: why a text does or does not match.

use clap::Args;

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::glossary::load::load;
use glossalign::matcher::explain::render;
use glossalign::matcher::{MatchOptions, Matcher};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The text to explain (a name, a phrase or a sentence).
    pub text: String,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: &ExplainArgs) -> i32 {
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => {
            report_error(&e);
            return EXIT_ERROR;
        }
    };
    let m = Matcher::new(&g, MatchOptions::default());
    let e = m.explain(&a.text);
    let out = if a.json {
        serde_json::to_string_pretty(&e).unwrap_or_default() + "\n"
    } else {
        render(&e)
    };
    #[allow(clippy::print_stdout)]
    {
        print!("{out}");
    }
    EXIT_OK
}
