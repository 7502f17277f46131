//! Deadlines (issue #12.11): a server that trickles its greeting or hangs after DATA
//! cannot keep `notify` (and its lock) beyond one deadline per attempt, and `watch` stops
//! within one attempt on SIGTERM.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;

const NOW: &str = "2026-11-28T09:00:00Z";

#[test]
fn a_greeting_sent_line_by_line_cannot_stretch_the_deadline() {
    let fake = Fake::start(Script {
        trickle: Some(std::time::Duration::from_secs(1)),
        ..Script::default()
    });
    // timeout 5s, 2 attempts: the message's deadline is 10 s.
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let start = std::time::Instant::now();
    let out = notify(&ws, NOW, &[]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    assert!(took < std::time::Duration::from_secs(14), "{took:?}");
    assert!(text(&out.stdout).contains("deadline"), "{}", show(&out));
    assert_eq!(ws.outbox().len(), 2, "it waits in the outbox");
}

#[test]
fn a_server_that_hangs_after_data_costs_one_timeout_per_attempt() {
    let fake = Fake::start(Script {
        hang_after_data: Some(std::time::Duration::from_secs(30)),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, "").replace(
        "    timeout: 5s\n    attempts: 2\n",
        "    timeout: 4s\n    attempts: 1\n",
    ));
    let start = std::time::Instant::now();
    let out = notify(&ws, NOW, &[]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    // One timeout is 4 s; the old way took two (8 s and more).
    assert!(took < std::time::Duration::from_millis(7000), "{took:?}");
}

/// Start `watch` against a server that trickles its greeting (a cycle of two 5 s
/// attempts), send SIGTERM after each of `waits`, and return the exit code, the time from
/// the first signal to the exit, the log, and the workspace.
fn watch_signalled(
    waits: &[std::time::Duration],
) -> (Option<i32>, std::time::Duration, String, Workspace) {
    use std::io::BufRead;
    let fake = Fake::start(Script {
        trickle: Some(std::time::Duration::from_secs(1)),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(ws.path())
        .args(["watch", ".", "--interval", "1h"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut asked = None;
    for wait in waits {
        std::thread::sleep(*wait);
        asked.get_or_insert_with(std::time::Instant::now);
        let status = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let asked = asked.unwrap_or_else(std::time::Instant::now);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if asked.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("watch did not stop");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let took = asked.elapsed();
    let mut log = String::new();
    for line in std::io::BufReader::new(child.stderr.take().unwrap()).lines() {
        log.push_str(&line.unwrap());
        log.push('\n');
    }
    (code, took, log, ws)
}

#[test]
fn watch_stops_within_one_attempt_while_a_server_trickles() {
    let (code, took, log, ws) = watch_signalled(&[std::time::Duration::from_millis(2500)]);
    assert_eq!(code, Some(0), "{log}");
    assert!(took < std::time::Duration::from_secs(7), "{took:?}\n{log}");
    assert!(log.contains("stopping: signal received"), "{log}");
    assert_eq!(
        ws.outbox().len(),
        2,
        "the message waits for the next start: {log}"
    );
}

#[test]
fn a_stop_request_delivered_twice_still_finishes_the_cycle() {
    // `timeout` and some supervisors signal the process, then its process group: the
    // same request arrives twice, a moment apart. It must not count as a second one.
    let (code, _, log, ws) = watch_signalled(&[
        std::time::Duration::from_millis(2500),
        std::time::Duration::from_millis(200),
    ]);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("stopping: signal received"), "{log}");
    assert_eq!(ws.outbox().len(), 2, "the cycle was finished: {log}");
}

#[test]
fn a_second_signal_later_ends_the_process_at_once() {
    let (code, took, log, _ws) = watch_signalled(&[
        std::time::Duration::from_millis(2500),
        std::time::Duration::from_millis(1500),
    ]);
    assert_eq!(code, Some(1), "{log}");
    // The cycle's two 5 s attempts would have lasted until about 10 s from the start.
    assert!(took < std::time::Duration::from_secs(4), "{took:?}\n{log}");
    assert!(!log.contains("stopping: signal received"), "{log}");
}
