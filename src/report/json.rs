//! `consistency.json`: the report model as pretty-printed JSON.

use std::io::Write;

use crate::report::Report;

/// Serialise the report (keys in struct order, so output is deterministic).
pub fn consistency_json(report: &Report) -> Vec<u8> {
    crate::report::in_memory(|out| consistency_json_to(report, out))
}

/// [`consistency_json`] into a writer.
pub fn consistency_json_to(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
