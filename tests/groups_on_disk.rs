//! `--groups-in-memory`: a log with more users than a rule's groups may hold in memory
//! writes them to temporary files and merges them back, with the very report that
//! keeping them all in memory gives; when the temporary folder cannot be written, the
//! groups stay in memory, the report is the same, and the run says so.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const USERS: u32 = 3000;

/// A streamed Sync log (JSON lines, past the size read whole) where every user fails
/// three times, with the two seed errors and a conflict, over a few days.
fn write_log(path: &Path) {
    let errors = [
        ("update user", "Unable to update user's role"),
        (
            "update user",
            "Unable to move existing user to an organization",
        ),
        (
            "create user",
            "HTTP 409: a user with this username already exists",
        ),
    ];
    let mut text = String::new();
    for pass in 0..3u32 {
        for user in 0..USERS {
            let (action, message) = errors[((user + pass) % 3) as usize];
            let minute = pass * 1500 + user / 2;
            text.push_str(&format!(
                r#"{{"timestamp":"2026-09-0{}T{:02}:{:02}:00.000Z","provider":"Okta","action":"{action}","user":"user{user}@example.com","user_id":"u-{user}","status":"failure","role":"desktop-user","organization":"Sales","message":"{message}"}}"#,
                1 + minute / 1440,
                minute % 1440 / 60,
                minute % 60
            ));
            text.push('\n');
        }
    }
    std::fs::write(path, text).unwrap();
}

fn check(log: &Path, groups: &str, tmpdir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_synclint"));
    command
        .arg("check")
        .arg(log)
        .args(["--now", "2026-09-10T00:00:00Z", "--format", "json"])
        .args(["--groups-in-memory", groups])
        .stdin(Stdio::null());
    if let Some(dir) = tmpdir {
        command.env("TMPDIR", dir);
    }
    command.output().expect("runs")
}

fn document(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("a JSON document")
}

#[test]
fn groups_written_out_give_the_report_of_groups_kept_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sync.jsonl");
    write_log(&log);
    let in_memory = check(&log, "0", None);
    let on_disk = check(&log, "16", Some(dir.path()));
    assert_eq!(on_disk.status.code(), in_memory.status.code());
    let doc = document(&in_memory);
    let findings = doc["findings"].as_array().unwrap();
    // Each user: a role, an organization and a conflict finding, and repeated failures.
    assert!(findings.len() > 3 * USERS as usize, "{}", findings.len());
    assert!(doc["summary"]["problems"].as_array().unwrap().is_empty());
    assert_eq!(
        String::from_utf8_lossy(&on_disk.stdout),
        String::from_utf8_lossy(&in_memory.stdout)
    );
    // Nothing is left behind in the temporary folder.
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the log: {left:?}");
}

#[test]
fn an_unwritable_temporary_folder_keeps_groups_in_memory_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sync.jsonl");
    write_log(&log);
    let in_memory = document(&check(&log, "0", None));
    let missing = dir.path().join("no-such-folder");
    let out = check(&log, "16", Some(&missing));
    let doc = document(&out);
    assert_eq!(doc["findings"], in_memory["findings"]);
    let problems = doc["summary"]["problems"].as_array().unwrap();
    assert!(!problems.is_empty(), "the groups went to the shared maps");
    for problem in problems {
        assert_eq!(problem["problem"], "not-written", "{problem}");
        let reason = problem["reason"].as_str().unwrap();
        assert!(reason.starts_with("rule "), "{reason}");
        assert!(reason.contains("kept in memory"), "{reason}");
        let path = problem["path"].as_str().unwrap();
        assert!(path.contains("no-such-folder"), "{path}");
    }
    // Groups kept in memory change no result, so not the exit code either.
    let code = check(&log, "0", None).status.code();
    assert_eq!(out.status.code(), code);
}
