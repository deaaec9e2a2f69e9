//! `consistency.md`: the report for people. Corpus text is escaped so it can
//! never inject Markdown or HTML.

use std::fmt::Write;

use crate::report::{DocumentInconsistency, ReportSource};

/// Escape text from the corpus for Markdown (tables included).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A file name as inline code: backticks cannot close the span early, `|`
/// cannot split a table cell, and a line break cannot end the line.
pub fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('`');
    for c in s.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('`');
    out
}

fn lines_list(lines: &[usize]) -> String {
    let mut uniq: Vec<usize> = lines.to_vec();
    uniq.dedup();
    uniq.iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The competing spellings of `d`, each with its count and lines.
fn spellings_with_lines(d: &DocumentInconsistency) -> String {
    let parts: Vec<String> = d
        .spellings
        .iter()
        .map(|sp| {
            format!(
                "«{}» ×{} (lines {})",
                escape(&sp.spelling),
                sp.count,
                lines_list(&sp.lines)
            )
        })
        .collect();
    parts.join(", ")
}

/// Render the report.
pub fn consistency_md(r: &dyn ReportSource) -> Vec<u8> {
    crate::report::in_memory(|out| consistency_md_to(r, out))
}

/// [`consistency_md`] into a writer, about a megabyte at a time.
pub fn consistency_md_to(
    r: &dyn ReportSource,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut o = crate::report::text_buffer();
    let s = r.summary();
    let _ = writeln!(o, "# Name consistency report\n");
    let _ = writeln!(o, "| | |\n|---|---:|");
    let _ = writeln!(o, "| Documents | {} |", s.documents);
    let _ = writeln!(o, "| Mentions | {} |", s.mentions);
    let _ = writeln!(o, "| Entities | {} |", s.entities);
    let _ = writeln!(
        o,
        "| Entities spelled more than one way | {} |",
        s.entities_spelled_more_than_one_way
    );
    let _ = writeln!(
        o,
        "| Documents spelling an entity more than one way | {} |",
        s.documents_with_inconsistencies
    );
    let _ = writeln!(
        o,
        "| Mentions in the preferred spelling | {} |",
        s.mentions_in_preferred_spelling
    );
    let _ = writeln!(
        o,
        "| Mentions to replace (deprecated, superseded, unlisted) | {} |",
        s.mentions_needing_replacement
    );
    o.push('\n');

    let inconsistent: Vec<usize> = (0..r.len())
        .filter(|&i| r.inconsistent_count(i) > 0)
        .collect();
    if !inconsistent.is_empty() {
        let _ = writeln!(o, "## Documents that spell one entity more than one way\n");
        for &i in &inconsistent {
            let e = r.entity(i);
            r.each_inconsistency(i, &mut |d| {
                let _ = writeln!(
                    o,
                    "- {} — **{}** ({}): {}",
                    code(&d.file),
                    escape(&e.canonical_ar),
                    escape(&e.canonical_en),
                    spellings_with_lines(d)
                );
                crate::report::flush_full(&mut o, out)
            })?;
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Entities\n");
    for i in 0..r.len() {
        let e = r.entity(i);
        let _ = writeln!(
            o,
            "### {} — {} (`{}`, {})\n",
            escape(&e.canonical_ar),
            escape(&e.canonical_en),
            e.entity_id,
            e.etype
        );
        let _ = writeln!(o, "{} mentions.\n", e.mentions);
        let _ = writeln!(
            o,
            "| Spelling | Status | Count | Files | Use instead |\n|---|---|---:|---|---|"
        );
        for (k, sp) in e.spellings.iter().enumerate() {
            let files: Vec<String> = r.files(i, k).iter().map(|f| code(f)).collect();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} |",
                escape(&sp.spelling),
                sp.status,
                sp.count,
                files.join(", "),
                sp.suggested.as_deref().map(escape).unwrap_or_default()
            );
        }
        o.push('\n');
        r.each_inconsistency(i, &mut |d| {
            let _ = writeln!(
                o,
                "- Inconsistent in {}: {}",
                code(&d.file),
                spellings_with_lines(d)
            );
            crate::report::flush_full(&mut o, out)
        })?;
        if r.inconsistent_count(i) > 0 {
            o.push('\n');
        }
        crate::report::flush_full(&mut o, out)?;
    }
    out.write_all(o.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_from_the_corpus() {
        assert_eq!(escape("<script>|*x*"), "&lt;script&gt;\\|\\*x\\*");
        assert_eq!(escape("ألماتي"), "ألماتي");
        assert_eq!(escape("a\nb"), "a b");
    }

    #[test]
    fn file_names_cannot_break_code_spans_or_tables() {
        assert_eq!(code("a`b|c\nd.txt"), "`a'b\\|c d.txt`");
    }
}
