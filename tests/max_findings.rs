//! `--max-findings`: the human and Markdown formats show a readable number of findings per
//! rule and say how to see the rest; the machine formats always hold every finding; the
//! GitHub format annotates what GitHub shows and lists the rest in its log.

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

/// `synclint check` of `log` with the one rule these tests count, and `extra`.
fn run(log: &std::path::Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
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
        .unwrap()
}

/// What [`run`] writes on standard output, once it has succeeded.
fn check(log: &std::path::Path, extra: &[&str]) -> String {
    let out = run(log, extra);
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

/// The rows of the Markdown findings table that name a user of the log.
fn markdown_rows(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with("| user: user"))
        .count()
}

#[test]
fn markdown_lists_twenty_findings_per_rule_and_says_how_to_see_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 27);
    let text = check(&log, &["--format", "markdown"]);
    assert_eq!(markdown_rows(&text), 20, "{text}");
    assert!(
        text.contains("_... and 7 more sync-role-update-failed finding(s) not listed: `--max-findings 0` lists them all"),
        "{text}"
    );
    // The summary still counts every finding, and fix steps follow the rows listed only.
    assert!(text.contains("| Errors | 27 |"), "{text}");
    assert_eq!(
        text.matches("**Fix steps for user: user").count(),
        20,
        "{text}"
    );
    let all = check(&log, &["--format", "markdown", "--max-findings", "0"]);
    assert_eq!(markdown_rows(&all), 27);
    assert!(!all.contains("not listed"), "{all}");
}

#[test]
fn github_annotates_ten_of_a_level_and_lists_the_rest_in_a_log_group() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 27);
    // The limit of the human format does not apply: GitHub's does.
    let text = check(&log, &["--format", "github", "--max-findings", "3"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    let open = lines
        .iter()
        .position(|l| *l == "::group::synclint: 17 not annotated");
    let open = open.unwrap_or_else(|| panic!("no group:\n{text}"));
    assert_eq!(lines[open + 18], "::endgroup::", "{text}");
    let listed = &lines[open + 1..open + 18];
    assert!(listed
        .iter()
        .all(|l| l.starts_with("error [sync-role-update-failed] ")));
    // Together they name each user once.
    let mut users: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split("for `").nth(1)?.split('`').next())
        .collect();
    users.sort_unstable();
    users.dedup();
    assert_eq!(users.len(), 27, "{users:?}");
    let summary = lines.last().unwrap();
    assert!(
        summary.starts_with("::notice::synclint: 27 finding(s)"),
        "{summary}"
    );
    assert!(summary.contains("17 more not annotated"), "{summary}");
}

#[test]
fn github_output_under_the_limit_has_no_group() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 10);
    let text = check(&log, &["--format", "github"]);
    assert_eq!(text.matches("::error ").count(), 10, "{text}");
    assert!(!text.contains("::group::"), "{text}");
    assert!(!text.contains("not annotated"), "{text}");
}

#[test]
fn a_sarif_report_past_what_code_scanning_keeps_is_written_whole_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let log = sync_log(dir.path(), 5_001);
    let sarif = dir.path().join("out.sarif");
    let out = run(&log, &["--format", &format!("sarif={}", sarif.display())]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("has 5001 results, and GitHub code scanning keeps the 5000 most severe"),
        "{stderr}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert_eq!(
        doc["runs"][0]["results"].as_array().map(Vec::len),
        Some(5_001)
    );
    // Without a SARIF report there is nothing to say.
    let out = run(&log, &["--format", "json"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("code scanning"));
}
