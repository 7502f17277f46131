//! A window that ends before it starts is a usage error (exit 2), for `check` and
//! `report` alike, with both values named.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Stdio};

fn run(command: &str, window: &[&str]) -> (i32, String) {
    let now: &[&str] = if command == "check" {
        &["--now", "2026-11-28T12:00:00Z"]
    } else {
        &["--format", "human"]
    };
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([command, "fixtures/demo/sync-log.csv"])
        .args(now)
        .args(window)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        out.status.code().expect("code"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn since_after_until_is_a_usage_error() {
    for command in ["check", "report"] {
        let (code, stderr) = run(
            command,
            &[
                "--since",
                "2026-11-28T00:00:00Z",
                "--until",
                "2026-11-27T00:00:00Z",
            ],
        );
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(stderr.contains("--since"), "{stderr}");
        assert!(stderr.contains("2026-11-27"), "{stderr}");
        let (code, stderr) = run(
            command,
            &[
                "--since",
                "2026-11-26T00:00:00Z",
                "--until",
                "2026-11-27T00:00:00Z",
            ],
        );
        assert_ne!(code, 2, "{command}: a window in order is fine: {stderr}");
    }
    let (code, stderr) = run(
        "check",
        &["--since", "2026-11-28T00:00:00Z", "--until", "2d"],
    );
    assert_eq!(code, 2, "--until 2d is 2026-11-26 12:00: {stderr}");
}

#[test]
fn a_window_without_events_says_where_the_logs_are() {
    let window = [
        "--since",
        "2025-01-01T00:00:00Z",
        "--until",
        "2025-01-02T00:00:00Z",
    ];
    for command in ["check", "report"] {
        let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
            .args([command, "fixtures/demo/sync-log.csv", "--color", "never"])
            .args(if command == "check" {
                &["--now", "2026-11-28T12:00:00Z"][..]
            } else {
                &[][..]
            })
            .args(window)
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(
                "No events between 2025-01-01 00:00 UTC and 2025-01-02 00:00 UTC; \
                 the logs cover 2026-11-20 06:00 UTC to 2026-11-28 11:50 UTC"
            ),
            "{command}: {text}"
        );
    }
}
