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
use crate::finding::{Finding, Findings};
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use std::io::{self, Write};

/// The version of the JSON document's shape; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// Findings rendered as one part, by one thread.
const FINDINGS_PER_PART: usize = 256;

/// How many rendered parts a thread may hand over before the writer takes them. Parts
/// used to wait for their turn without a bound: a thread that ran while the other waited
/// for a core got far ahead, and at 5M events the parts waiting held up to 39 MB.
const PARTS_AHEAD: usize = 2;

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

/// The `findings` array, rendered on every core and written in order: one thread reads
/// the findings in parts of [`FINDINGS_PER_PART`] and deals them out, each rendering
/// thread takes every n-th part, and the file is written while the next parts are
/// rendered. Findings stored in a file are read as a stream, a few parts at a time.
fn write_findings(out: &mut impl Write, findings: &Findings) -> io::Result<()> {
    if findings.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if threads == 1 || findings.len() <= FINDINGS_PER_PART {
        let all: Vec<_> = findings.iter().collect();
        out.write_all(&render_part(&all, true)?)?;
    } else {
        std::thread::scope(|scope| render_on(scope, threads, out, findings))?;
    }
    // A stream that stopped early leaves the array short: an error, not a report.
    findings.check()?;
    out.write_all(b"\n  ]")
}

/// Render the parts of `findings` on `threads` threads of `scope` and write them in
/// order. A writer that fails drops its receivers, which stops the threads; a thread that
/// stops on a bug is an error, never a report with findings missing.
fn render_on<'s>(
    scope: &'s std::thread::Scope<'s, '_>,
    threads: usize,
    out: &mut impl Write,
    findings: &'s Findings,
) -> io::Result<()> {
    let (senders, receivers) = part_channels(threads);
    let (deal, take): (Vec<_>, Vec<_>) =
        (0..threads).map(|_| crossbeam_channel::bounded(1)).unzip();
    let dealer = scope.spawn(move || deal_parts(findings, &deal));
    let workers: Vec<_> = (senders.into_iter().zip(take))
        .map(|(sender, take)| {
            scope.spawn(move || {
                for (n, part) in take {
                    // The writer stopped (it failed): no one wants the rest.
                    if sender.send(render_part(&part, n == 0)).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    let written = in_order(out, &receivers, findings.len().div_ceil(FINDINGS_PER_PART));
    drop(receivers);
    let stopped = workers.into_iter().filter_map(|w| w.join().err()).count();
    if dealer.join().is_err() || stopped > 0 {
        return Err(stopped_error());
    }
    findings.check()?;
    written
}

/// One part of findings, numbered, for a rendering thread.
type Part<'a> = (usize, Vec<Cow<'a, Finding>>);

/// Read `findings` in parts and hand part n to thread n mod the number of threads.
fn deal_parts<'a>(findings: &'a Findings, threads: &[crossbeam_channel::Sender<Part<'a>>]) {
    let mut part = Vec::with_capacity(FINDINGS_PER_PART);
    let mut n = 0;
    let send = |part: Vec<Cow<'a, Finding>>, n: usize| {
        threads
            .get(n % threads.len().max(1))
            .is_some_and(|t| t.send((n, part)).is_ok())
    };
    for finding in findings.iter() {
        part.push(finding);
        if part.len() == FINDINGS_PER_PART {
            let full = std::mem::replace(&mut part, Vec::with_capacity(FINDINGS_PER_PART));
            if !send(full, n) {
                return;
            }
            n += 1;
        }
    }
    if !part.is_empty() {
        send(part, n);
    }
}

/// A rendered part, or why it could not be rendered.
type Rendered = io::Result<Vec<u8>>;

/// One channel per rendering thread, each holding at most [`PARTS_AHEAD`] parts.
fn part_channels(
    threads: usize,
) -> (
    Vec<crossbeam_channel::Sender<Rendered>>,
    Vec<crossbeam_channel::Receiver<Rendered>>,
) {
    (0..threads)
        .map(|_| crossbeam_channel::bounded(PARTS_AHEAD))
        .unzip()
}

fn stopped_error() -> io::Error {
    io::Error::other("an internal error stopped a thread writing findings (please report it)")
}

/// Write `parts` parts in order, part n from receiver n mod the number of receivers
/// (the thread that renders every n-th part). Each thread waits once it is
/// [`PARTS_AHEAD`] parts ahead of the writer, so however unevenly the threads run, few
/// parts wait in memory.
fn in_order(
    out: &mut impl Write,
    receivers: &[crossbeam_channel::Receiver<Rendered>],
    parts: usize,
) -> io::Result<()> {
    for n in 0..parts {
        let receiver = receivers.get(n % receivers.len().max(1));
        // A part that never comes: its thread stopped, or the findings ran out early
        // (which the caller tells apart).
        let part = receiver.and_then(|r| r.recv().ok());
        out.write_all(&part.ok_or_else(stopped_error)??)?;
    }
    Ok(())
}

/// `findings` as elements of the array, each after its separator (none before the
/// first element of the array).
fn render_part<F: std::borrow::Borrow<Finding>>(
    findings: &[F],
    first: bool,
) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(findings.len() * 1536);
    let mut scratch = Vec::with_capacity(2048);
    for (n, finding) in findings.iter().enumerate() {
        out.extend_from_slice(if first && n == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        scratch.clear();
        serde_json::to_writer_pretty(&mut scratch, finding.borrow())?;
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
    fn parts_are_written_in_turn_from_each_thread() {
        let channels: Vec<_> = (0..2).map(|_| crossbeam_channel::unbounded()).collect();
        for n in [0usize, 2, 4, 1, 3] {
            let text = n.to_string().into_bytes();
            channels[n % 2].0.send(Ok(text)).unwrap();
        }
        let (senders, receivers): (Vec<_>, Vec<_>) = channels.into_iter().unzip();
        drop(senders);
        let mut out = Vec::new();
        in_order(&mut out, &receivers, 5).unwrap();
        assert_eq!(out, b"01234");
        // A part that failed to render is the error.
        let (sender, receiver) = crossbeam_channel::unbounded();
        sender.send(Err(io::Error::other("broken"))).unwrap();
        let err = in_order(&mut Vec::new(), &[receiver], 1).unwrap_err();
        assert_eq!(err.to_string(), "broken");
        drop(sender);
        // Part 1 never comes (its thread stopped): nothing after it is written as if the
        // array were whole.
        let channels: Vec<_> = (0..2).map(|_| crossbeam_channel::unbounded()).collect();
        channels[0].0.send(Ok(b"a".to_vec())).unwrap();
        channels[0].0.send(Ok(b"c".to_vec())).unwrap();
        let (senders, receivers): (Vec<_>, Vec<_>) = channels.into_iter().unzip();
        drop(senders);
        let mut out = Vec::new();
        assert!(in_order(&mut out, &receivers, 3).is_err());
        assert_eq!(out, b"a");
    }

    /// However unevenly the threads run, a thread waits once it is a few parts ahead of
    /// the writer: here the writer takes part 0 only after the thread of the odd parts
    /// could have rendered all of its own.
    #[test]
    fn a_thread_ahead_of_the_writer_waits() {
        let (mut senders, receivers) = part_channels(2);
        let sent = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let (fast, slow) = (senders.pop().unwrap(), senders.pop().unwrap());
            let sent = &sent;
            scope.spawn(move || {
                for n in (1..40).step_by(2) {
                    if fast.send(Ok(vec![n])).is_err() {
                        break;
                    }
                    sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            });
            let count = || sent.load(std::sync::atomic::Ordering::SeqCst);
            let started = std::time::Instant::now();
            while count() < PARTS_AHEAD && started.elapsed().as_secs() < 10 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            // Given time to run on, it is still no further ahead.
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(count(), PARTS_AHEAD);
            scope.spawn(move || {
                for n in (0..40).step_by(2) {
                    if slow.send(Ok(vec![n])).is_err() {
                        break;
                    }
                }
            });
            let mut out = Vec::new();
            in_order(&mut out, &receivers, 40).unwrap();
            assert_eq!(out, (0..40).collect::<Vec<u8>>());
        });
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
