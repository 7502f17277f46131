//! `synclint watch`: bounded cycles, decisions logged on standard error, and a graceful
//! stop on SIGTERM.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn bounded_cycles_send_once_and_log_each_decision() {
    let server = SmtpServer::start();
    let ws = Workspace::without_logs(&settings("errors-only", server.port, ""));
    let out = synclint(
        ws.path(),
        &[
            "watch",
            ".",
            "--config",
            "synclint.yaml",
            "--interval",
            "1s",
            "--max-cycles",
            "2",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let log = text(&out.stderr);
    assert_eq!(
        log.matches(" sent: Directory sync errors: 4 new").count(),
        1,
        "{log}"
    );
    assert_eq!(
        log.matches(" nothing new: no new errors (4 known)").count(),
        1,
        "{log}"
    );
    assert!(out.stdout.is_empty(), "the log goes to standard error");
    assert_eq!(wait_for(&server, 1).len(), 1);
}

#[test]
fn once_returns_the_cycle_code_and_a_bad_config_stops_at_once() {
    let ws = Workspace::without_logs(&settings("errors-only", closed_port(), ""));
    let out = synclint(ws.path(), &["watch", ".", "--once"], &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("queued in outbox"),
        "{}",
        show(&out)
    );
    ws.set_notifications("  frequency: hourly\n");
    let bad = synclint(ws.path(), &["watch", ".", "--once"], &[]);
    assert_eq!(bad.status.code(), Some(3), "{}", show(&bad));
    let interval = synclint(ws.path(), &["watch", ".", "--interval", "soon"], &[]);
    assert_eq!(interval.status.code(), Some(2), "{}", show(&interval));
}

#[test]
fn sigterm_finishes_the_cycle_and_exits_zero() {
    let server = SmtpServer::start();
    let ws = Workspace::without_logs(&settings("errors-only", server.port, ""));
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(ws.path())
        .args(["watch", ".", "--interval", "1h"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    let start = Instant::now();
    while !log.contains("nothing new") && !log.contains("sent:") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no cycle logged: {log}"
        );
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        log.push_str(&line);
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("watch did not stop on SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    log.push_str(&rest);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("stopping: signal received"), "{log}");
    assert!(ws.state().is_some(), "state written");
    assert_eq!(wait_for(&server, 1).len(), 1);
}
