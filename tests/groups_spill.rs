//! `--groups-in-memory`: a check whose aggregated rules' groups wait in a temporary file
//! past the bound gives the same report, byte for byte, as one that keeps them all in
//! memory; when the temporary folder cannot be written, the groups stay in memory, the
//! findings are the same, and the run says so without changing its exit code.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod synclog_support;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

use synclog_support::NOW;

/// A Sync log of `events` lines over `users` users, one in `failing` a failure of a kind
/// the built-in rules read, seven seconds apart with a quiet day in the middle.
fn sync_log(events: u32, users: usize, failing: usize) -> String {
    synclog_support::sync_log(&synclog_support::Shape {
        events,
        users,
        failing,
        seconds_apart: 7,
        quiet_day: true,
        bad_request: true,
    })
}

/// `synclint check INPUT --format json` with `--groups-in-memory BOUND` (the default
/// when none) and `TMPDIR` set to `tmp`: the exit code and the report.
fn check(input: &Path, bound: Option<&str>, tmp: &Path) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_synclint"));
    command
        .arg("check")
        .arg(input)
        .args(["--now", NOW, "--format", "json"])
        .env("TMPDIR", tmp)
        .stdin(Stdio::null());
    if let Some(bound) = bound {
        command.args(["--groups-in-memory", bound]);
    }
    let out = command.output().expect("synclint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.stdout.is_empty(), "{stderr}");
    let report = String::from_utf8(out.stdout).expect("UTF-8");
    (out.status.code(), report)
}

fn json(report: &str) -> Value {
    serde_json::from_str(report).expect("a JSON report")
}

#[test]
fn groups_written_out_give_the_report_of_groups_kept_in_memory() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(30_000, 3_000, 3)).expect("log written");
    let (code, in_memory) = check(&log, Some("1GiB"), dir.path());
    let report = json(&in_memory);
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.len() > 2_000, "{} findings", findings.len());
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(
        rules.len() >= 5,
        "several aggregated rules fired: {rules:?}"
    );
    assert_eq!(report["summary"]["problems"], Value::Array(Vec::new()));
    for bound in [Some("0"), Some("64KiB"), None] {
        let (written_code, written) = check(&log, bound, dir.path());
        assert_eq!(written_code, code, "{bound:?}");
        assert!(written == in_memory, "the reports differ with {bound:?}");
    }
}

#[test]
fn the_demo_gives_the_same_report_with_every_group_written_out() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = Path::new("fixtures/demo");
    let (code, by_default) = check(demo, None, dir.path());
    let (written_code, written) = check(demo, Some("0"), dir.path());
    assert_eq!(written_code, code);
    assert!(written == by_default, "the reports differ");
}

#[test]
fn an_unwritable_temporary_folder_keeps_groups_in_memory_and_says_so() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(10_000, 1_000, 3)).expect("log written");
    let missing = dir.path().join("no such folder");
    let (code, in_memory) = check(&log, Some("1GiB"), &missing);
    let in_memory = json(&in_memory);
    assert_eq!(
        in_memory["summary"]["problems"],
        Value::Array(Vec::new()),
        "groups under the bound never reach for the folder"
    );
    let (written_code, written) = check(&log, Some("0"), &missing);
    let written = json(&written);
    assert_eq!(written["findings"], in_memory["findings"]);
    assert_eq!(written_code, code, "groups kept in memory change no result");
    let problems = written["summary"]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(problem["problem"], "not-written");
    assert_eq!(problem["path"], "(groups of the logs)");
    let reason = problem["reason"].as_str().expect("a reason");
    assert!(reason.contains("kept in memory"), "{reason}");
    assert!(reason.contains("no such folder"), "{reason}");
}
