//! A rule that reads an event's original record (`raw`) over a log large enough to be
//! streamed: the raw record of each streamed line is kept as a range of its block of
//! lines and parsed only when read, and must say what the line said.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::fmt::Write as _;
use std::process::Command;

const RULE: &str = r#"
id: ticketed-failure
title: A failure that names a ticket
severity: warning
category: sync
docs:
  what: A failed event whose original record carries a ticket number.
  why: Shows that rules can read fields the normalized event does not have.
  fix: Follow the ticket.
dataset: events
when:
  all:
    - { field: status, equals: failure }
    - { field: raw.ticket, exists: true }
message: "{user} failed under ticket {raw.ticket}"
fix:
  - "Open {raw.ticket}."
subjects:
  user: user
tests:
  fire:
    - { status: failure, user: a@x, raw: { ticket: T-1 } }
  pass:
    - { status: failure, user: a@x, raw: {} }
    - { status: success, user: a@x, raw: { ticket: T-1 } }
"#;

#[test]
fn a_streamed_log_keeps_each_lines_raw_record() {
    let dir = tempfile::tempdir().unwrap();
    let rule = dir.path().join("ticketed-failure.yaml");
    std::fs::write(&rule, RULE).unwrap();
    // Over the size above which logs are streamed (16 MiB): about 80,000 lines.
    let mut log = String::new();
    let mut line = 0u32;
    while log.len() < 17 * 1024 * 1024 {
        line += 1;
        let (status, ticket) = match line {
            40_000 => ("failure", r#","ticket":"INC-4242""#),
            40_001 => ("failure", ""),
            40_002 => ("success", r#","ticket":"INC-9""#),
            _ => ("success", ""),
        };
        writeln!(
            log,
            r#"{{"timestamp":"2026-11-27T10:{:02}:{:02}Z","provider":"Okta","action":"update user","user":"u{line}@example.com","status":"{status}","message":"Completed \"ok\""{ticket}}}"#,
            line / 60 % 60,
            line % 60
        )
        .unwrap();
    }
    let path = dir.path().join("sync.jsonl");
    std::fs::write(&path, &log).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", path.to_str().unwrap(), "--rules"])
        .arg(&rule)
        .args(["--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ticketed-failure")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]["message"],
        "u40000@example.com failed under ticket INC-4242"
    );
    assert_eq!(found[0]["fix"][0], "Open INC-4242.");
    assert_eq!(found[0]["location"]["line"], 40_000);
    assert_eq!(report["summary"]["inputs"][0]["records"], u64::from(line));
}
