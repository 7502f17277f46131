//! The state file under faults, through the binary and a real SMTP server on 127.0.0.1:
//! a state that exists but cannot be read stops the run before anything is sent (exit 4).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;
use std::path::Path;
use std::time::Duration;

const STATE: &str = ".synclint-state.json";

/// Settings with the daily report due at 00:00 UTC.
fn at_midnight_utc(frequency: &str, port: u16) -> String {
    settings(frequency, port, "")
        .replace("time: \"07:00\"", "time: \"00:00\"")
        .replace("timezone: Europe/Berlin", "timezone: UTC")
}

/// Names in `dir` that start with `prefix`.
fn entries_starting(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// A run whose state cannot be read: exit 4, the file and the OS error named with a help
/// line, nothing sent, nothing set aside.
fn assert_stops_before_sending(ws: &Workspace, server: &SmtpServer, os_error: &str) {
    let out = notify(ws, "2026-11-28T09:00:00Z", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(STATE), "the file is named: {stderr}");
    assert!(stderr.contains(os_error), "the OS error is named: {stderr}");
    assert!(
        stderr.contains("synclint::notify::state_unreadable"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(stderr.contains("user"), "the help names the user: {stderr}");
    assert!(!text(&out.stdout).contains("sent:"), "{}", show(&out));
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.received().is_empty(), "nothing is sent");
    assert_eq!(
        entries_starting(ws.path(), &format!("{STATE}.bad")),
        Vec::<String>::new(),
        "nothing is set aside"
    );
}

#[test]
fn a_state_that_is_a_folder_stops_the_run_before_anything_is_sent() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&at_midnight_utc("daily", server.port));
    let state = ws.path().join(STATE);
    std::fs::create_dir(&state).unwrap();
    assert_stops_before_sending(&ws, &server, "Is a directory");
    assert!(state.is_dir(), "the folder is left where it is");
}

#[cfg(unix)]
#[test]
fn a_state_that_is_a_symlink_loop_stops_the_run_before_anything_is_sent() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&at_midnight_utc("daily", server.port));
    let state = ws.path().join(STATE);
    std::os::unix::fs::symlink(STATE, &state).unwrap();
    assert_stops_before_sending(&ws, &server, "symbolic links");
    assert!(state.symlink_metadata().unwrap().file_type().is_symlink());
}

/// Permission denied stops the run too. Root reads a file whatever its mode, so where the
/// test runs as root (as in CI) this case cannot be made and is passed over; the folder and
/// the symlink loop above fail for root as well.
#[cfg(unix)]
#[test]
fn a_state_without_read_permission_stops_the_run_where_permissions_apply() {
    use std::os::unix::fs::PermissionsExt;
    let server = SmtpServer::start();
    let ws = Workspace::new(&at_midnight_utc("daily", server.port));
    let state = ws.path().join(STATE);
    std::fs::write(
        &state,
        r#"{"version": 1, "last_daily": "2026-11-28", "reported_errors": {}}"#,
    )
    .unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&state).is_ok() {
        eprintln!("passed over: this user reads a file with mode 000 (root)");
        return;
    }
    assert_stops_before_sending(&ws, &server, "Permission denied");
}
