//! `lint --format sarif` output is valid SARIF 2.1.0: validated against the
//! schema vendored in `tests/fixtures/sarif/` (see its README for origin and
//! licence), on the CLI fixtures with every rule on and on the seed corpus.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The rtm.5 `language` pattern, with a stray `]`.
const BAD_LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// The vendored schema, with one repair made in memory: the rtm.5 pattern for
/// `language` (of `run` and of `toolComponent`) has a stray `]` that the
/// validator's regex check rejects, so the schema would not compile. It only
/// constrains `language` properties, which glossalign never writes (asserted
/// below), so the repair cannot change a verdict on our logs.
fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif/sarif-2.1.0-rtm.5.json").unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    let defs = schema["definitions"].as_object_mut().unwrap();
    let mut repaired = 0;
    for def in defs.values_mut() {
        if let Some(p) = def.pointer_mut("/properties/language/pattern") {
            if p == BAD_LANGUAGE_PATTERN {
                *p = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                repaired += 1;
            }
        }
    }
    assert_eq!(
        repaired, 2,
        "the vendored schema changed; revisit this repair"
    );
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn sarif(cwd: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_glossalign"))
        .current_dir(cwd)
        .args(["lint", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("SARIF output is JSON")
}

#[track_caller]
fn assert_valid(v: &Value) {
    assert!(v["runs"][0].get("language").is_none());
    assert!(v["runs"][0]["tool"]["driver"].get("language").is_none());
    let validator = schema();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn fixtures_with_every_rule_are_valid_sarif() {
    let v = sarif(
        Path::new("tests/cmd/project"),
        &[
            "--enable",
            "admitted-spelling",
            "--enable",
            "short-first-mention",
            ".",
        ],
    );
    let results = v["runs"][0]["results"].as_array().unwrap();
    let rules: std::collections::BTreeSet<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(rules.len(), 6, "every rule fires at least once: {rules:?}");
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
    assert!(results.iter().any(|r| r.get("relatedLocations").is_some()));
    assert_valid(&v);
}

#[test]
fn seeds_are_valid_sarif() {
    let v = sarif(Path::new("."), &["--isolated", "seeds"]);
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
    assert_valid(&v);
}

#[test]
fn the_validator_rejects_a_broken_log() {
    // A control: the schema really is checked (a zero line and a bad level fail).
    let mut v = sarif(Path::new("tests/cmd/project"), &["articles/deprecated.txt"]);
    v["runs"][0]["results"][0]["level"] = Value::from("fatal");
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    let validator = schema();
    assert!(validator.iter_errors(&v).count() >= 2);
}
