//! An aggregated finding points at its group's first event, in the file that holds it,
//! not at whichever file of the group sorts first by name.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::process::{Command, Stdio};

fn findings(args: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--now", "2026-11-28T12:00:00Z", "--format", "json"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("a JSON document");
    doc["findings"].as_array().expect("findings").clone()
}

fn location_of(findings: &[Value], rule: &str) -> (String, u64) {
    let finding = findings
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding"));
    let at = &finding["location"];
    (
        at["path"].as_str().expect("a path").to_owned(),
        at["line"].as_u64().expect("a line"),
    )
}

/// The 1-based line of the first failure in the demo's Sync log.
fn first_sync_failure() -> u64 {
    let text = std::fs::read_to_string("fixtures/demo/sync-log.csv").unwrap();
    let index = text
        .lines()
        .position(|l| l.contains(",Error,"))
        .expect("a failure");
    index as u64 + 1
}

#[test]
fn the_demo_burst_points_at_its_first_failure_in_the_sync_log() {
    let found = findings(&["fixtures/demo"]);
    assert_eq!(
        location_of(&found, "sync-error-burst"),
        (
            "fixtures/demo/sync-log.csv".to_owned(),
            first_sync_failure()
        )
    );
}

/// The same events in a file whose name sorts first but whose events come later: the
/// location stays with the earliest event.
#[test]
fn a_later_file_that_sorts_first_does_not_take_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let log = std::fs::read_to_string("fixtures/demo/sync-log.csv").unwrap();
    let mut lines = log.lines();
    let header = lines.next().unwrap();
    let late: String = lines
        .filter(|l| l.contains(",Error,"))
        .map(|l| l.replacen("11/26/2026", "11/27/2026", 1))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("a-late.csv"), format!("{header}\n{late}")).unwrap();
    std::fs::write(dir.path().join("b-early.csv"), &log).unwrap();
    let found = findings(&[dir.path().to_str().unwrap()]);
    let (path, line) = location_of(&found, "sync-error-burst");
    assert!(path.ends_with("b-early.csv"), "{path}");
    assert_eq!(line, first_sync_failure());
}
