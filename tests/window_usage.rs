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

/// A folder holding the demo's synclint.yaml with a `notifications:` section, and its path.
fn demo_with_notifications() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("synclint.yaml");
    let demo = std::fs::read_to_string("fixtures/demo/synclint.yaml").expect("demo config");
    std::fs::write(
        &config,
        format!("{demo}notifications:\n  recipients: [ops@acme.example]\n  from: s@acme.example\n"),
    )
    .expect("write");
    (dir, config)
}

/// `notify --dry-run` over logs that end before its window (the 24 hours before now)
/// says where the data are, as `report` does, instead of a day of zeros alone.
#[test]
fn notify_on_data_older_than_its_window_says_where_the_data_are() {
    let (_dir, config) = demo_with_notifications();
    let notify = |now: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
            .args([
                "notify",
                "--dry-run",
                "--config",
                config.to_str().expect("utf-8"),
            ])
            .args(["fixtures/demo", "--now", now])
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let note = "No events between 2026-12-14 12:00 UTC and 2026-12-15 12:00 UTC; \
                the logs cover 2026-11-20 06:00 UTC to 2026-11-28 11:50 UTC.";
    let stale = notify("2026-12-15T12:00:00Z");
    assert!(stale.lines().any(|l| l == note), "{stale}");
    let flat = stale.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat.matches(note).count(),
        2,
        "the decision and the email: {stale}"
    );
    let fresh = notify("2026-11-28T12:00:00Z");
    assert!(!fresh.contains("No events between"), "{fresh}");
}

#[test]
fn the_html_email_on_data_older_than_its_window_says_where_the_data_are_too() {
    let (dir, config) = demo_with_notifications();
    let out_dir = dir.path().join("preview");
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["notify", "--config", config.to_str().expect("utf-8")])
        .args(["--preview", out_dir.to_str().expect("utf-8")])
        .args(["fixtures/demo", "--now", "2026-12-15T12:00:00Z"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("preview folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    assert!(!html.is_empty(), "no HTML written");
    let daily = html
        .iter()
        .find(|h| h.contains("Provisioning activity"))
        .expect("the daily report's HTML");
    assert!(
        daily.contains("No events between 2026-12-14 12:00 UTC and 2026-12-15 12:00 UTC; the logs cover 2026-11-20 06:00 UTC to 2026-11-28 11:50 UTC."),
        "{daily}"
    );
}
