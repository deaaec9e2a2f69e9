//! `consistency.json`: the report model as pretty-printed JSON.

use crate::report::Report;

/// Serialise the report (keys in struct order, so output is deterministic).
pub fn consistency_json(report: &Report) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(report).expect("report serialises");
    out.push(b'\n');
    out
}
