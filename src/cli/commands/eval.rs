//! `glossalign eval`: measured accuracy — precision/recall against a gold
//! annotation, leave-one-spelling-out, and a variant set; each beside the
//! exact-match baseline (fuzzy stage off).

use std::fmt::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::{report_error, GlossaryArgs, EXIT_ERROR, EXIT_OK};
use glossalign::eval::{
    evaluate, leave_one_spelling_out, read_gold, read_queries, variant_set, Evaluation,
};
use glossalign::glossary::load::load;
use glossalign::matcher::{MatchOptions, Matcher};
use glossalign::run::scan_paths;
use glossalign::scan::collect_inputs;
use glossalign::source::SourceFile;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Documents to scan (default: seeds/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Gold annotation CSV (file,byte_start,byte_end,entity_id).
    #[arg(long, value_name = "GOLD.csv")]
    pub gold: Option<PathBuf>,
    /// Also run leave-one-spelling-out (needs --gold).
    #[arg(long)]
    pub leave_one_out: bool,
    /// Evaluate a variant set folder (glossary.csv + queries.csv) instead.
    #[arg(long, value_name = "DIR")]
    pub variants: Option<PathBuf>,
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

fn fail(e: &dyn std::fmt::Display) -> i32 {
    report_error(e);
    EXIT_ERROR
}

fn line(o: &mut String, name: &str, ev: &Evaluation) {
    let c = &ev.overall;
    let _ = writeln!(
        o,
        "{name:<10} precision {:.3}  recall {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    );
}

pub fn run(a: &EvalArgs) -> i32 {
    let mut o = String::new();
    if let Some(dir) = &a.variants {
        let gpaths = if a.glossary.glossary.is_empty() {
            vec![dir.join("glossary.csv")]
        } else {
            a.glossary.paths()
        };
        let g = match load(&gpaths) {
            Ok(g) => g,
            Err(e) => return fail(&e),
        };
        let qpath = dir.join("queries.csv");
        let bytes = match std::fs::read(&qpath) {
            Ok(b) => b,
            Err(e) => return fail(&format!("{}: {e}", qpath.display())),
        };
        let queries = match read_queries(&qpath.to_string_lossy(), &bytes) {
            Ok(q) => q,
            Err(e) => return fail(&e),
        };
        let _ = writeln!(
            o,
            "variant set {} ({} queries, {} entities in the glossary)",
            dir.display(),
            queries.len(),
            g.entities.len()
        );
        let _ = writeln!(
            o,
            "{:<10} {:<18} {:>7} {:>8} {:>9} {:>6} {:>12} {:>12} {:>12}",
            "matcher",
            "category/kind",
            "queries",
            "correct",
            "accuracy",
            "whole",
            "wrong-entity",
            "false-match",
            "false-whole"
        );
        for (name, fuzzy) in [("baseline", false), ("glossalign", true)] {
            let m = Matcher::new(&g, MatchOptions { fuzzy });
            let (by_kind, failures) = variant_set(&m, &queries);
            for (kind, c) in &by_kind {
                let _ = writeln!(
                    o,
                    "{name:<10} {kind:<18} {:>7} {:>8} {:>9.3} {:>6} {:>12} {:>12} {:>12}",
                    c.queries,
                    c.correct,
                    c.accuracy(),
                    c.whole,
                    c.wrong_entity,
                    c.false_match,
                    c.false_whole
                );
            }
            if fuzzy && !failures.is_empty() {
                let _ = writeln!(o, "\nfailures ({}):", failures.len());
                for (q, want, got) in failures {
                    let _ = writeln!(
                        o,
                        "  {q}: expected {}, got {}",
                        if want.is_empty() { "no match" } else { &want },
                        if got.is_empty() { "nothing" } else { &got }
                    );
                }
            }
        }
        print_out(&o);
        return EXIT_OK;
    }
    let Some(gold_path) = &a.gold else {
        return fail(&"eval needs --gold GOLD.csv or --variants DIR");
    };
    let g = match load(&a.glossary.paths()) {
        Ok(g) => g,
        Err(e) => return fail(&e),
    };
    let gold = match std::fs::read(gold_path) {
        Ok(b) => match read_gold(&gold_path.to_string_lossy(), &b) {
            Ok(g) => g,
            Err(e) => return fail(&e),
        },
        Err(e) => return fail(&format!("{}: {e}", gold_path.display())),
    };
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("seeds")]
    } else {
        a.paths.clone()
    };
    for (name, fuzzy) in [("baseline", false), ("glossalign", true)] {
        let m = Matcher::new(&g, MatchOptions { fuzzy });
        let out = scan_paths(&m, &paths);
        for e in &out.errors {
            report_error(e);
        }
        let pred: Vec<_> = out.documents.into_iter().flat_map(|d| d.mentions).collect();
        let ev = evaluate(&pred, &gold);
        line(&mut o, name, &ev);
        if fuzzy {
            for (kind, c) in &ev.by_kind {
                let _ = writeln!(
                    o,
                    "  {kind:<11} tp {:>4}  fp {:>3}  precision {:.3}",
                    c.tp,
                    c.fp,
                    c.precision()
                );
            }
            for f in &ev.false_positives {
                let _ = writeln!(
                    o,
                    "  false positive: {}:{}-{} «{}» → {} ({})",
                    f.file, f.byte_start, f.byte_end, f.surface, f.entity_id, f.match_kind
                );
            }
            for f in &ev.misses {
                let _ = writeln!(
                    o,
                    "  miss: {}:{}-{} → {}",
                    f.file, f.byte_start, f.byte_end, f.entity_id
                );
            }
        }
    }
    if a.leave_one_out {
        let (files, errors) = collect_inputs(&paths);
        for e in &errors {
            report_error(e);
        }
        let docs: Vec<SourceFile> = files
            .iter()
            .filter_map(|f| SourceFile::read(&f.path, f.display.clone()).ok())
            .collect();
        let _ = writeln!(o, "\nleave-one-spelling-out:");
        for (name, fuzzy) in [("baseline", false), ("glossalign", true)] {
            let r = leave_one_spelling_out(&g, &docs, &gold, &MatchOptions { fuzzy });
            let _ = writeln!(
                o,
                "{name:<10} trials {}  mentions {}  linked {} (recall {:.3})  same span {} ({:.3})  wrong-entity links {}",
                r.trials.len(),
                r.mentions,
                r.linked,
                r.recall(),
                r.recovered,
                r.span_recall(),
                r.wrong_entity
            );
            if fuzzy {
                for t in &r.trials {
                    let _ = writeln!(
                        o,
                        "  {:<28} {:<30} {:<10} {}/{} linked, {} same span{}{}",
                        t.entity_id,
                        t.removed,
                        t.status,
                        t.linked,
                        t.mentions,
                        t.recovered,
                        if t.kinds.is_empty() {
                            String::new()
                        } else {
                            format!(" by {}", t.kinds.join("+"))
                        },
                        if t.wrong_entity > 0 {
                            format!(", {} WRONG-ENTITY", t.wrong_entity)
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
    }
    print_out(&o);
    EXIT_OK
}

fn print_out(s: &str) {
    #[allow(clippy::print_stdout)]
    {
        print!("{s}");
    }
}
