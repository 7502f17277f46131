//! Faults found by injection (issue #12): a clock in the future, bad state and outbox
//! files, broken inputs, the lock, a refused recipient, lost replies, slow servers. Each
//! test reproduces one and checks what synclint does about it.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;

const NOW: &str = "2026-11-28T09:00:00Z";

/// `synclint notify` at `now` without `--write-state`.
fn notify_at(ws: &Workspace, now: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["notify", "--config", "synclint.yaml", ".", "--now", now];
    args.extend_from_slice(extra);
    synclint(ws.path(), &args, &[])
}

#[test]
fn a_future_now_writes_no_state_and_a_future_state_date_is_ignored() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    // A run for June 2027 sends, but does not record, unless asked.
    let future = notify_at(&ws, "2027-06-01T09:00:00Z", &[]);
    assert_eq!(future.status.code(), Some(0), "{}", show(&future));
    assert!(ws.state().is_none(), "{:?}", ws.state());
    // A state written by a wrong clock: ignored, with a warning; today's report goes out.
    std::fs::write(
        ws.path().join(".synclint-state.json"),
        r#"{"version": 1, "last_daily": "2027-06-01", "reported_errors": {}}"#,
    )
    .unwrap();
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("warning: the state says the daily report for 2027-06-01"),
        "{stdout}"
    );
    assert!(
        stdout.contains("sent: Directory sync report for 2026-11-28"),
        "{stdout}"
    );
    assert_eq!(ws.state().unwrap()["last_daily"], "2026-11-28");
}
