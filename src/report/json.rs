//! `--format json`: a stable, versioned document.
//!
//! Shape (version 1): `{"version":1, "tool":{name,version}, "findings":[...], "summary":{...}}`.
//! Each finding has `rule`, `severity`, `title`, `category`, `message`, `fix`, `subjects`
//! and, when known, `location` (`path`, `line`, `column`). The summary counts findings by
//! severity and lists the inputs read, the files not used and the records skipped.
//!
//! The document is written as `serde_json`'s pretty printer writes it, one top-level
//! member at a time, and the findings (most of a large report, each with its message and
//! fix steps to render) are written on every core, a few hundred per thread at a time,
//! and put back in order.

use super::{Render, Report};
use crate::finding::Finding;
use serde::Serialize;
use serde_json::json;
use std::io::{self, Write};

/// The version of the JSON document's shape; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Findings rendered as one part, by one thread.
const FINDINGS_PER_PART: usize = 256;

#[derive(serde::Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// The JSON renderer.
pub struct Json;

impl Render for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let tool = Tool {
            name: "synclint",
            version: env!("CARGO_PKG_VERSION"),
        };
        // serde_json writes pieces of a few bytes; a buffer of a known type takes them
        // inline, where each would otherwise be a call through `dyn Write`.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        write!(out, "{{\n  \"version\": {FORMAT_VERSION},\n  \"tool\": ")?;
        out.write_all(&nested(&tool, 1)?)?;
        out.write_all(b",\n  \"findings\": ")?;
        write_findings(&mut out, &report.findings)?;
        out.write_all(b",\n  \"summary\": ")?;
        out.write_all(&nested(&summary(report), 1)?)?;
        if let Some(sync) = &report.sync {
            out.write_all(b",\n  \"sync_report\": ")?;
            out.write_all(&nested(sync, 1)?)?;
        }
        out.write_all(b"\n}\n")?;
        out.flush()
    }
}

/// The report's `summary` member.
fn summary(report: &Report) -> serde_json::Value {
    let counts = report.counts();
    let by = |s| counts.get(&s).copied().unwrap_or(0);
    let s = &report.summary;
    json!({
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
    })
}

/// The `findings` array, rendered on every core and written in order: each thread takes
/// every n-th part of [`FINDINGS_PER_PART`] findings, so that the file is written while
/// the next parts are rendered.
fn write_findings(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    if findings.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if threads == 1 || findings.len() <= FINDINGS_PER_PART {
        out.write_all(&render_part(findings, true)?)?;
    } else {
        std::thread::scope(|scope| render_on(scope, threads, out, findings))?;
    }
    out.write_all(b"\n  ]")
}

/// Render the parts of `findings` on `threads` threads of `scope` and write them in
/// order. A writer that fails drops its receiver, which stops the threads; a thread that
/// stops on a bug is an error, never a report with findings missing.
fn render_on<'s>(
    scope: &'s std::thread::Scope<'s, '_>,
    threads: usize,
    out: &mut impl Write,
    findings: &'s [Finding],
) -> io::Result<()> {
    let (sender, receiver) = crossbeam_channel::bounded(threads * 2);
    let workers: Vec<_> = (0..threads)
        .map(|first| {
            let sender = sender.clone();
            scope.spawn(move || {
                let parts = findings.chunks(FINDINGS_PER_PART).enumerate();
                for (n, part) in parts.skip(first).step_by(threads) {
                    // The writer stopped (it failed): no one wants the rest.
                    if sender.send((n, render_part(part, n == 0))).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    drop(sender);
    let written = in_order(out, &receiver);
    drop(receiver);
    let stopped = workers.into_iter().filter_map(|w| w.join().err()).count();
    if stopped > 0 {
        return Err(stopped_error());
    }
    written
}

fn stopped_error() -> io::Error {
    io::Error::other("an internal error stopped a thread writing findings (please report it)")
}

/// Write the numbered parts `receiver` gives, in any order, by number.
fn in_order(
    out: &mut impl Write,
    receiver: &crossbeam_channel::Receiver<(usize, io::Result<Vec<u8>>)>,
) -> io::Result<()> {
    let mut early = std::collections::BTreeMap::new();
    let mut next = 0;
    for (n, part) in receiver {
        early.insert(n, part);
        while let Some(part) = early.remove(&next) {
            out.write_all(&part?)?;
            next += 1;
        }
    }
    // A part never came: its thread stopped.
    if early.is_empty() {
        Ok(())
    } else {
        Err(stopped_error())
    }
}

/// `findings` as elements of the array, each after its separator (none before the
/// first element of the array).
fn render_part(findings: &[Finding], first: bool) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(findings.len() * 1536);
    let mut scratch = Vec::with_capacity(2048);
    for (n, finding) in findings.iter().enumerate() {
        out.extend_from_slice(if first && n == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        scratch.clear();
        serde_json::to_writer_pretty(&mut scratch, finding)?;
        indent(&mut out, &scratch, b"    ");
    }
    Ok(out)
}

/// `value` pretty-printed as a member `depth` levels deep.
fn nested<T: Serialize + ?Sized>(value: &T, depth: usize) -> io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value)?;
    let mut out = Vec::with_capacity(text.len());
    indent(&mut out, &text, "  ".repeat(depth).as_bytes());
    Ok(out)
}

/// Append `text` (written by `serde_json`'s pretty printer) to `out` with `pad` after
/// every line end. The printer writes line ends only between tokens (one inside a
/// string is written `\n`), so the value comes out as it would nested under `pad`.
fn indent(out: &mut Vec<u8>, text: &[u8], pad: &[u8]) {
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text) {
        out.extend_from_slice(text.get(start..=end).unwrap_or_default());
        out.extend_from_slice(pad);
        start = end + 1;
    }
    out.extend_from_slice(text.get(start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Says, Subjects};
    use crate::rules::Severity;

    fn finding(n: usize) -> Finding {
        Finding {
            rule: format!("rule-{}", n % 3).into(),
            severity: Severity::Warning,
            title: "A title".into(),
            category: "test".into(),
            // A line end and a quote inside text: written escaped, not as line ends.
            says: Says::fixed(
                format!("user-{n} \"failed\"\nagain"),
                vec![format!("Fix user-{n}")],
            ),
            subjects: Subjects::from([("user".to_owned(), format!("user-{n}"))]),
            location: None,
            events: None,
            cause: None,
        }
    }

    /// The document as `serde_json` prints it in one piece.
    fn printed_whole(report: &Report) -> String {
        let findings: Vec<serde_json::Value> = report
            .findings
            .iter()
            .filter_map(|f| serde_json::to_value(f).ok())
            .collect();
        let doc = json!({
            "version": FORMAT_VERSION,
            "tool": {"name": "synclint", "version": env!("CARGO_PKG_VERSION")},
            "findings": findings,
            "summary": summary(report),
        });
        serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
    }

    /// Written part by part on several threads, the document is byte for byte what one
    /// pretty print of it gives: no findings, one, and enough for many parts.
    #[test]
    fn parts_make_the_document_one_print_makes() {
        for count in [0, 1, FINDINGS_PER_PART, FINDINGS_PER_PART * 5 + 7] {
            let report = Report {
                findings: (0..count).map(finding).collect(),
                ..Report::default()
            };
            let mut out = Vec::new();
            Json.render(&report, &mut out).unwrap();
            let written = String::from_utf8(out).unwrap();
            assert_eq!(written, printed_whole(&report), "{count} findings");
            if count > 0 {
                let last = format!("user-{}", count - 1);
                assert!(written.contains(&last), "{count} findings");
            }
        }
    }

    #[test]
    fn parts_are_written_by_number_whatever_order_they_come_in() {
        let (sender, receiver) = crossbeam_channel::unbounded();
        for n in [2usize, 0, 3, 1, 4] {
            sender.send((n, Ok(n.to_string().into_bytes()))).unwrap();
        }
        drop(sender);
        let mut out = Vec::new();
        in_order(&mut out, &receiver).unwrap();
        assert_eq!(out, b"01234");
        let (sender, receiver) = crossbeam_channel::unbounded();
        sender.send((1, Ok(b"late".to_vec()))).unwrap();
        sender.send((0, Err(io::Error::other("broken")))).unwrap();
        drop(sender);
        assert!(in_order(&mut Vec::new(), &receiver).is_err());
        // Part 1 never comes: what came after it is not written as if it were whole.
        let (sender, receiver) = crossbeam_channel::unbounded();
        sender.send((0, Ok(b"a".to_vec()))).unwrap();
        sender.send((2, Ok(b"c".to_vec()))).unwrap();
        drop(sender);
        let mut out = Vec::new();
        assert!(in_order(&mut out, &receiver).is_err());
        assert_eq!(out, b"a");
    }

    /// A writer that takes a few bytes and then fails.
    struct Failing(usize);

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::other("disk full"));
            }
            let n = buf.len().min(self.0);
            self.0 -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A writer that fails with more parts to come stops the threads rendering them
    /// (they would otherwise wait forever to hand over their next part).
    #[test]
    fn a_failing_writer_stops_the_rendering() {
        let report = Report {
            findings: (0..FINDINGS_PER_PART * 40).map(finding).collect(),
            ..Report::default()
        };
        let err = Json.render(&report, &mut Failing(100)).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }

    #[test]
    fn nested_values_take_their_depth() {
        let value = json!({"a": [1, {"b": "x\ny"}], "c": {}});
        let text = String::from_utf8(nested(&value, 2).unwrap()).unwrap();
        let whole = serde_json::to_string_pretty(&json!({"k": {"k": value}})).unwrap();
        assert!(whole.contains(&text), "{text}\n---\n{whole}");
        assert!(text.ends_with("\n    }"), "{text}");
    }
}
