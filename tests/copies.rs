//! Files given twice (a browser's `export (1).csv` beside `export.csv`, a file named with
//! the folder that holds it) are read once, and the copy is reported: a log read twice
//! would count each event twice and make rules fire that should not.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-28T12:00:00Z";

/// `synclint check ARGS` as the JSON report, with its exit code.
fn check(args: &[&Path]) -> (Option<i32>, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--format", "json", "--now", NOW])
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&out.stdout).expect("a JSON report");
    (out.status.code(), report)
}

/// The demo export in a folder of its own.
fn demo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, tmp.path().join(path.file_name().unwrap())).unwrap();
    }
    tmp
}

/// What a report says apart from where it read things: the findings (rule, subjects,
/// message) and the directory sync report.
fn said(report: &Value) -> (Vec<(String, String, String)>, Value) {
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap().to_owned();
            (rule, f["subjects"].to_string(), f["message"].to_string())
        })
        .collect();
    (findings, report["sync_report"].clone())
}

fn copies(report: &Value) -> Vec<(String, String)> {
    report["summary"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["problem"] == "duplicate")
        .map(|p| {
            let path = p["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (name.into_owned(), p["reason"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn a_log_saved_twice_is_read_once() {
    let dir = demo();
    let (code, plain) = check(&[dir.path()]);
    let log = dir.path().join("sync-log.csv");
    assert!(log.is_file(), "the demo has a Sync log");
    std::fs::copy(&log, dir.path().join("sync-log (1).csv")).unwrap();
    let (code_with_copy, with_copy) = check(&[dir.path()]);
    assert_eq!(code_with_copy, code);
    assert_eq!(said(&with_copy), said(&plain));
    let found = copies(&with_copy);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with("the same bytes as "),
        "{}",
        found[0].1
    );
}

#[test]
fn a_file_named_with_its_folder_is_read_once() {
    let dir = demo();
    let (_, plain) = check(&[dir.path()]);
    let log = dir.path().join("sync-log.csv");
    let (_, twice) = check(&[dir.path(), &log]);
    assert_eq!(said(&twice), said(&plain));
    let found = copies(&twice);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "sync-log.csv");
    assert!(
        found[0].1.starts_with("the same file, named twice"),
        "{}",
        found[0].1
    );
}
