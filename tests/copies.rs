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

/// One Okta System Log event: a failed profile push for `user`, with the event's `uuid`.
fn okta_failure(uuid: &str, user: &str, minute: u32) -> String {
    format!(
        "{{\"uuid\":\"{uuid}\",\"published\":\"2026-11-27T10:{minute:02}:00.000Z\",\
         \"eventType\":\"application.provision.user.push_profile\",\
         \"outcome\":{{\"result\":\"FAILURE\",\"reason\":\"Bad Request\"}},\
         \"target\":[{{\"type\":\"User\",\"alternateId\":\"{user}\"}},\
         {{\"type\":\"AppInstance\",\"alternateId\":\"Code42 Incydr\"}}]}}"
    )
}

/// Two exports of overlapping periods: `a` holds events 0..8, `b` events 4..12, each
/// event `copies` times over with distinct ids (so a file can be large enough to be
/// streamed).
fn overlapping_exports(dir: &Path, copies: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let lines = |range: std::ops::Range<u32>| -> String {
        let mut text = String::new();
        for copy in 0..copies {
            for n in range.clone() {
                let user = format!("user{n}@example.com");
                text.push_str(&okta_failure(&format!("{copy}-ev-{n}"), &user, n));
                text.push('\n');
            }
        }
        text
    };
    let (a, b) = (dir.join("okta-week.jsonl"), dir.join("okta-day.jsonl"));
    std::fs::write(&a, lines(0..8)).unwrap();
    std::fs::write(&b, lines(4..12)).unwrap();
    (a, b)
}

fn errors(report: &Value) -> u64 {
    report["sync_report"]["totals"]["errors"].as_u64().unwrap()
}

fn skipped_count(report: &Value) -> u64 {
    report["summary"]["skipped"]["count"].as_u64().unwrap()
}

#[test]
fn events_two_logs_share_are_counted_once() {
    for copies in [1, 400] {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = overlapping_exports(dir.path(), copies);
        if copies > 1 {
            assert!(
                std::fs::metadata(&b).unwrap().len() > 256 * 1024,
                "streamed"
            );
        }
        let (_, report) = check(&[&a, &b]);
        let distinct = 12 * copies as u64;
        assert_eq!(errors(&report), distinct, "{copies} copies");
        assert_eq!(skipped_count(&report), 4 * copies as u64);
        let first = &report["summary"]["skipped"]["records"][0];
        let reason = first["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("the same event (id `0-ev-4`) was read from "),
            "{reason}"
        );
        assert!(first["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with("okta-day.jsonl"));
        let records: Vec<u64> = report["summary"]["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["records"].as_u64().unwrap())
            .collect();
        assert_eq!(records, [8 * copies as u64, 4 * copies as u64]);
        // The same report every time, whichever worker is faster.
        for _ in 0..3 {
            assert_eq!(check(&[&a, &b]).1, report);
        }
    }
}

#[test]
fn one_log_alone_is_never_compared_with_itself() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("okta.jsonl");
    let line = okta_failure("same-id", "ann@example.com", 1);
    std::fs::write(&a, format!("{line}\n{line}\n")).unwrap();
    let (_, report) = check(&[&a]);
    assert_eq!(errors(&report), 2);
    assert_eq!(skipped_count(&report), 0);
}
