//! A check whose findings wait in a temporary file (sorted in runs, then kept in report
//! order and read by the formats as a stream) gives the same reports, byte for byte, in
//! every format, as one that keeps them in memory: with redaction, suppressions and a
//! baseline too.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod synclog_support;

use clap::Parser;
use std::path::Path;
use synclint::options::{CheckOptions, Command};
use synclint::report::{OutputFormat, RenderOptions};

use synclog_support::NOW;

/// A Sync log of `events` lines over `users` users, one in `failing` a failure of a kind
/// the built-in rules read, 37 seconds apart.
fn sync_log(events: u32, users: usize, failing: usize) -> String {
    synclog_support::sync_log(&synclog_support::Shape {
        events,
        users,
        failing,
        seconds_apart: 37,
        quiet_day: false,
        bad_request: false,
    })
}

fn check_options(paths: &[&Path], extra: &[&str]) -> CheckOptions {
    let mut argv = vec!["synclint", "check", "--now", NOW];
    argv.extend(paths.iter().map(|p| p.to_str().expect("UTF-8 path")));
    argv.extend(extra);
    let cli = synclint::cli::Cli::try_parse_from(argv).expect("arguments");
    match synclint::cli::options(&cli).expect("options").command {
        Command::Check(args) => *args,
        other => panic!("not a check: {other:?}"),
    }
}

/// Each format's report of a check of `paths` (with `extra` arguments), with findings
/// held in memory up to `in_memory`, and whether they were stored.
fn reports(paths: &[&Path], extra: &[&str], in_memory: usize) -> (Vec<String>, bool) {
    let mut args = check_options(paths, extra);
    args.input.limits.findings_in_memory = in_memory;
    let mut outcome = synclint::check::run(&args).expect("check runs");
    assert!(!outcome.unreadable, "{:?}", outcome.report.summary.problems);
    if let Some(redactor) = &outcome.redactor {
        outcome.report.redact(redactor);
    }
    synclint::check::baseline::apply(&args, &mut outcome.report, outcome.redactor.as_ref())
        .expect("baseline");
    let stored = outcome.report.findings.is_stored();
    let options = RenderOptions {
        max_findings: Some(3),
        ..RenderOptions::default()
    };
    let rendered = OutputFormat::ALL
        .iter()
        .map(|(_, format)| {
            let mut out = Vec::new();
            format
                .renderer(&options)
                .render(&outcome.report, &mut out)
                .expect("renders");
            outcome.report.findings.check().expect("every finding read");
            String::from_utf8(out).expect("UTF-8")
        })
        .collect();
    (rendered, stored)
}

fn json_report(log: &Path, in_memory: usize) -> String {
    let (mut all, _) = reports(&[log], &[], in_memory);
    let json = OutputFormat::ALL
        .iter()
        .position(|(n, _)| *n == "json")
        .expect("json");
    all.swap_remove(json)
}

/// Every format gives the same bytes whether the findings were stored or not.
fn same_in_every_format(paths: &[&Path], extra: &[&str]) {
    let (in_memory, stored) = reports(paths, extra, usize::MAX);
    assert!(!stored);
    for limit in [0, 7] {
        let (through_file, stored) = reports(paths, extra, limit);
        assert!(stored, "runs of {limit}");
        for ((name, _), (a, b)) in OutputFormat::ALL
            .iter()
            .zip(in_memory.iter().zip(&through_file))
        {
            assert!(a == b, "{name} differs with runs of {limit}");
        }
    }
}

#[test]
fn findings_read_back_from_their_file_make_the_same_report() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(20_000, 300, 4)).expect("log written");
    let in_memory = json_report(&log, usize::MAX);
    let through_file = json_report(&log, 0);
    let report: serde_json::Value = serde_json::from_str(&through_file).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.len() > 500, "{} findings", findings.len());
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(
        rules.len() >= 4,
        "several aggregated rules fired: {rules:?}"
    );
    assert!(in_memory == through_file, "the two reports differ");
    same_in_every_format(&[&log], &[]);
}

#[test]
fn the_demo_reads_the_same_through_the_file_in_every_format() {
    same_in_every_format(&[Path::new("fixtures/demo")], &[]);
}

#[test]
fn a_redacted_check_reads_the_same_through_the_file() {
    same_in_every_format(
        &[Path::new("fixtures/demo")],
        &["--redact", "--redact-key", "k"],
    );
}

/// The demo with a live and an expired suppression, and a baseline of its own findings
/// less a few; checked through the file and in memory.
#[test]
fn suppressions_and_a_baseline_apply_the_same_through_the_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let config = dir.path().join("synclint.yaml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("suppressions:\n  - rule: console-only-user\n    reason: reviewed\n  - rule: role-unavailable\n    reason: ticket\n    expires: 2026-11-01\n");
    std::fs::write(&config, text).expect("config written");
    let baseline = dir.path().join("baseline.json");
    let written = baseline.to_str().expect("UTF-8");
    let (before, _) = reports(&[dir.path()], &["--write-baseline", written], usize::MAX);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).expect("baseline")).expect("JSON");
    let entries = doc["findings"].as_array_mut().expect("entries");
    assert!(entries.len() > 6, "{} entries", entries.len());
    entries.truncate(entries.len() - 3);
    std::fs::write(&baseline, doc.to_string()).expect("baseline cut");
    let json = OutputFormat::ALL
        .iter()
        .position(|(n, _)| *n == "json")
        .expect("json");
    let before: serde_json::Value = serde_json::from_str(&before[json]).expect("JSON");
    assert_eq!(before["summary"]["suppressed"], 1, "{}", before["summary"]);
    same_in_every_format(&[dir.path()], &["--baseline", written]);
    let (after, _) = reports(&[dir.path()], &["--baseline", written], 0);
    let report: serde_json::Value = serde_json::from_str(&after[json]).expect("JSON");
    assert_eq!(report["summary"]["findings"], 3, "{}", report["summary"]);
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(
        report["summary"]["expired_suppressions"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

/// The JSON report `synclint check` writes for `log` with `TMPDIR` set to `tmp`.
fn cli_report(log: &Path, tmp: &Path) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--now",
            NOW,
            "--fail-on",
            "never",
            "--format",
            "json",
            // The groups stay in memory: this is about the findings' file (groups that
            // cannot be written are a problem of their own, tests/groups_spill.rs).
            "--groups-in-memory",
            "1GiB",
        ])
        .arg(log)
        .env("TMPDIR", tmp)
        .output()
        .expect("synclint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.stdout.is_empty(), "{stderr}");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn without_a_place_for_the_file_the_findings_stay_in_memory() {
    // Every line a failure, over as many users as lines: tens of thousands of groups,
    // past the default bound, so settling reaches for its file.
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(20_000, 20_000, 1)).expect("log written");
    let (code, with_file) = cli_report(&log, dir.path());
    assert_eq!(code, Some(0));
    let (code, without) = cli_report(&log, &dir.path().join("no such folder"));
    assert_eq!(code, Some(0), "no problem is reported: nothing was lost");
    let report: serde_json::Value = serde_json::from_str(&without).expect("JSON");
    assert!(
        report["summary"]["findings"].as_u64() > Some(16_384),
        "{}",
        report["summary"]
    );
    assert!(with_file == without, "the two reports differ");
}
