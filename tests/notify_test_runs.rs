//! A run that records nothing (`--now` without `--write-state`, a test of what would be
//! sent at another time) must not change what a real run sends: it neither takes from
//! the outbox nor leaves its own messages there.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;
use std::net::TcpListener;

/// `synclint notify` at `now`, recording nothing.
fn trial(ws: &Workspace, now: &str) -> std::process::Output {
    let args = ["notify", "--config", "synclint.yaml", ".", "--now", now];
    synclint(ws.path(), &args, &[])
}

#[test]
fn a_run_that_records_nothing_leaves_the_outbox_to_the_next_real_run() {
    let port = closed_port();
    let ws = Workspace::new(&settings("daily", port, ""));
    let down = notify(&ws, "2026-11-28T09:00:00Z", &[]);
    assert_eq!(down.status.code(), Some(6), "{}", show(&down));
    let queued = ws.outbox();
    assert_eq!(queued.len(), 4, "two messages wait: {queued:?}");

    // The server is back; a trial run sends its own messages but leaves the queue alone.
    let server = SmtpServer::start_on(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let tried = trial(&ws, "2026-11-28T10:00:00Z");
    let said = text(&tried.stdout);
    assert!(!said.contains("sent from outbox"), "{}", show(&tried));
    assert!(
        said.contains("outbox: 2 message(s) wait"),
        "{}",
        show(&tried)
    );
    assert_eq!(ws.outbox(), queued, "{}", show(&tried));
    let during_trial = server.received().len();

    // The real run sends what waited, once, with the Message-IDs it was given then.
    let real = notify(&ws, "2026-11-28T10:05:00Z", &[]);
    assert_eq!(real.status.code(), Some(0), "{}", show(&real));
    assert_eq!(text(&real.stdout).matches("sent from outbox:").count(), 2);
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    let all = wait_for(&server, during_trial + 2);
    assert_eq!(all.len(), during_trial + 2, "nothing sent twice");
}

#[test]
fn a_message_a_trial_run_cannot_send_is_not_left_for_the_next_run() {
    let ws = Workspace::new(&settings("daily", closed_port(), ""));
    let tried = trial(&ws, "2026-11-28T09:00:00Z");
    assert_eq!(tried.status.code(), Some(6), "{}", show(&tried));
    assert!(
        text(&tried.stdout).contains("not queued:"),
        "{}",
        show(&tried)
    );
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    assert!(ws.state().is_none(), "a trial run writes no state");
}
