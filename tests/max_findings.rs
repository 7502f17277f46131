//! `--max-findings`: the human format shows a readable number of findings per rule and
//! says how to see the rest; the machine formats always hold every finding.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::fmt::Write as _;
use std::process::Command;

/// A Sync log in which `users` users each fail one role update.
fn sync_log(dir: &std::path::Path, users: usize) -> std::path::PathBuf {
    let mut text = String::new();
    for n in 0..users {
        let _ = writeln!(
            text,
            r#"{{"timestamp":"2026-11-27T10:{:02}:00.000Z","provider":"Okta","action":"update user","user":"user{n}@example.com","status":"failure","message":"Unable to update user's role"}}"#,
            n % 60
        );
    }
    let path = dir.join("sync.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

fn check(log: &std::path::Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--now",
            "2026-11-28T00:00:00Z",
            "--fail-on",
            "never",
        ])
        .args(["--select", "sync-role-update-failed"])
        .args(extra)
        .arg(log)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn shown(text: &str) -> usize {
    text.matches("failed role update(s) for `user").count()
}

#[test]
fn human_output_shows_twenty_findings_per_rule_by_default_and_says_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 27);
    let text = check(&log, &[]);
    assert_eq!(shown(&text), 20, "{text}");
    assert!(
        text.contains("... and 7 more sync-role-update-failed finding(s) not shown: `--max-findings 0` shows them all"),
        "{text}"
    );
    assert!(
        text.contains("sync-role-update-failed] Provisioning could not update a user's role (27)"),
        "{text}"
    );
}

#[test]
fn max_findings_sets_the_limit_and_zero_shows_all() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 27);
    let three = check(&log, &["--max-findings", "3"]);
    assert_eq!(shown(&three), 3);
    assert!(three.contains("... and 24 more"), "{three}");
    let all = check(&log, &["--max-findings", "0"]);
    assert_eq!(shown(&all), 27);
    assert!(
        !all.contains("more sync-role-update-failed finding(s) not shown"),
        "{all}"
    );
}

#[test]
fn machine_formats_are_complete_whatever_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 27);
    let json = check(&log, &["--max-findings", "2", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(27));
    let sarif = check(&log, &["--max-findings", "2", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(doc["runs"][0]["results"].as_array().map(Vec::len), Some(27));
}
