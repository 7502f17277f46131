//! `--format json`: a stable, versioned document.
//!
//! Shape (version 1): `{"version":1, "tool":{name,version}, "findings":[...], "summary":{...}}`.
//! Each finding has `rule`, `severity`, `title`, `category`, `message`, `fix`, `subjects`
//! and, when known, `location` (`path`, `line`, `column`). The summary counts findings by
//! severity and lists the inputs read, the files not used and the records skipped.

use super::{Render, Report};
use serde_json::json;
use std::io::Write;

/// The version of the JSON document's shape; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The document's top level, in output order.
#[derive(serde::Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: &'a [crate::finding::Finding],
    summary: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    sync_report: Option<&'a crate::syncreport::SyncReport>,
}

#[derive(serde::Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The JSON renderer.
pub struct Json;

impl Render for Json {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let counts = report.counts();
        let by = |s| counts.get(&s).copied().unwrap_or(0);
        let s = &report.summary;
        let summary = json!({
                "findings": report.findings.len(),
                "by_severity": {
                    "error": by(crate::rules::Severity::Error),
                    "warning": by(crate::rules::Severity::Warning),
                    "info": by(crate::rules::Severity::Info),
                },
                "inputs": s.inputs,
                "problems": s.problems,
                "skipped": {"count": s.skipped_total(), "notes": s.notes(), "records": s.skipped},
                "rules_run": s.rules_run,
                "rules_not_run": s.rules_not_run,
                "suppressed": s.gate.suppressed,
                "expired_suppressions": s.gate.expired_suppressions,
                "baselined": s.gate.baselined,
                "stale_baseline": s.gate.stale_baseline,
        });
        // Findings are written straight from the report: no copy of a large result set.
        let doc = Document {
            version: FORMAT_VERSION,
            tool: Tool {
                name: "synclint",
                version: env!("CARGO_PKG_VERSION"),
            },
            findings: &report.findings,
            summary,
            sync_report: report.sync.as_ref(),
        };
        // serde_json writes pieces of a few bytes; a buffer of a known type takes them
        // inline, where each would otherwise be a call through `dyn Write`.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut buffered, &doc)?;
        writeln!(buffered)?;
        buffered.flush()
    }
}
