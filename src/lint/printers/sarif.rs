//! SARIF 2.1.0, the format code-scanning services read. One run; the rules
//! with their configured levels in `tool.driver.rules`; every finding a
//! result with its region (lines, columns in Unicode code points — the run
//! says `columnKind: unicodeCodePoints` — and byte offsets), related
//! locations, and fixes as byte-range replacements.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::lint::printers::Printer;
use crate::lint::{Finding, LintOptions, Location, Severity};

/// The `$schema` written in the log.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF printer (collects results, writes the log on finish).
pub struct Sarif {
    rules: Vec<Value>,
    rule_ids: Vec<&'static str>,
    results: Vec<Value>,
}

fn level(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

/// A relative path as a URI reference: unreserved bytes and `/` kept, others percent-encoded.
pub fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(l: &Location) -> Value {
    json!({
        "startLine": l.line,
        "startColumn": l.column,
        "endLine": l.end_line,
        "endColumn": l.end_column,
        "byteOffset": l.byte_start,
        "byteLength": l.byte_end - l.byte_start,
    })
}

fn physical(file: &str, l: &Location) -> Value {
    json!({
        "artifactLocation": { "uri": uri_reference(file) },
        "region": region(l),
    })
}

impl Sarif {
    /// A printer listing the rules as configured in `options`.
    pub fn new(options: &LintOptions) -> Self {
        let rules = options
            .rules
            .iter()
            .map(|(r, sev)| {
                json!({
                    "id": r.id,
                    "shortDescription": { "text": r.summary },
                    "defaultConfiguration": {
                        "enabled": sev.is_some(),
                        "level": level(sev.or(Some(r.enabled_severity))),
                    },
                })
            })
            .collect();
        Self {
            rules,
            rule_ids: options.rules.iter().map(|(r, _)| r.id).collect(),
            results: Vec::new(),
        }
    }

    fn result(&self, f: &Finding) -> Value {
        let mut r = json!({
            "ruleId": f.rule,
            "level": level(Some(f.severity)),
            "message": { "text": f.message },
            "locations": [ { "physicalLocation": physical(&f.file, &f.location) } ],
            "properties": { "entityId": f.entity_id },
        });
        if let Some(i) = self.rule_ids.iter().position(|id| *id == f.rule) {
            r["ruleIndex"] = json!(i);
        }
        if !f.related.is_empty() {
            r["relatedLocations"] = f
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    json!({
                        "id": i,
                        "physicalLocation": physical(&f.file, &rel.location),
                        "message": { "text": rel.message },
                    })
                })
                .collect();
        }
        if let Some(fix) = &f.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            r["fixes"] = json!([{
                "description": { "text": format!("{} fix", fix.applicability.as_str()) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri_reference(&f.file) },
                    "replacements": replacements,
                }],
            }]);
        }
        r
    }
}

impl Printer for Sarif {
    fn document(&mut self, _out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            let r = self.result(f);
            self.results.push(r);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let log = json!({
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "glossalign",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": self.rules,
                } },
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::printers::{render, testing::findings, OutputFormat};

    #[test]
    fn log_shape() {
        let out = render(OutputFormat::Sarif, &LintOptions::default(), &[findings()]);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 6);
        let r0 = &run["results"][0];
        assert_eq!(r0["level"], "warning");
        assert_eq!(
            r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/a%20b.md"
        );
        assert_eq!(
            r0["locations"][0]["physicalLocation"]["region"]["startColumn"],
            5
        );
        assert_eq!(
            r0["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            "ألماتي"
        );
        assert_eq!(run["results"][2]["level"], "note");
        assert_eq!(
            run["results"][2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "%3Cstdin%3E"
        );
        assert_eq!(run["results"][1]["relatedLocations"][0]["id"], 0);
    }
}
