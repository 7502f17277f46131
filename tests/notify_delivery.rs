//! Delivery failures and safety: the outbox when the server is down, the password kept out
//! of every output, and the lock against concurrent runs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use notify_support::*;
use std::net::TcpListener;

const NOW: &str = "2026-11-28T09:00:00Z";

#[test]
fn a_server_that_is_down_leaves_the_messages_in_the_outbox_until_the_next_run() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener); // nothing listens there now
    let ws = Workspace::new(&settings("daily", port, ""));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not be delivered"), "{stderr}");
    let server = format!("cannot connect to 127.0.0.1:{port}");
    assert!(text(&out.stdout).contains(&server), "{}", show(&out));
    assert!(
        text(&out.stdout).contains("queued in outbox"),
        "{}",
        show(&out)
    );
    let queued = ws.outbox();
    assert_eq!(queued.len(), 4, "two .eml and two .json: {queued:?}");
    let state = ws.state().unwrap();
    assert!(state.get("last_daily").is_none(), "not recorded as sent");
    assert!(state["reported_errors"].as_object().unwrap().is_empty());

    // Still down: nothing new is queued twice.
    let again = notify(&ws, "2026-11-28T09:05:00Z", &[]);
    assert_eq!(again.status.code(), Some(6), "{}", show(&again));
    assert_eq!(ws.outbox().len(), 4, "{}", show(&again));

    // The server is back on the same port: the queued messages go out first.
    let server = SmtpServer::start_on(TcpListener::bind(("127.0.0.1", port)).unwrap());
    let back = notify(&ws, "2026-11-28T09:10:00Z", &[]);
    assert_eq!(back.status.code(), Some(0), "{}", show(&back));
    let stdout = text(&back.stdout);
    assert_eq!(stdout.matches("sent from outbox:").count(), 2, "{stdout}");
    assert!(stdout.contains("nothing new"), "{stdout}");
    assert_eq!(wait_for(&server, 2).len(), 2);
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    let state = ws.state().unwrap();
    assert_eq!(state["last_daily"], "2026-11-28");
    assert_eq!(state["reported_errors"].as_object().unwrap().len(), 9);
}

#[test]
fn the_password_never_appears_in_output_or_errors() {
    const SECRET: &str = "Tr0ub4dor-and-3-horses";
    let server = SmtpServer::start(); // offers no AUTH: the login fails
    let extra = "    username: synclint\n    password_env: SYNCLINT_TEST_SMTP_PASSWORD\n";
    let ws = Workspace::new(&settings("daily", server.port, "").replace(
        "    retry_delay: 0s\n",
        &format!("    retry_delay: 0s\n{extra}"),
    ));
    let env = [("SYNCLINT_TEST_SMTP_PASSWORD", SECRET)];
    let args = [
        "notify",
        "--config",
        "synclint.yaml",
        ".",
        "--now",
        NOW,
        "--write-state",
    ];
    let failed = synclint(ws.path(), &args, &env);
    assert_eq!(failed.status.code(), Some(6), "{}", show(&failed));
    let mut seen = show(&failed);
    let dry = synclint(ws.path(), &[&args[..], &["--dry-run"]].concat(), &env);
    assert_eq!(dry.status.code(), Some(0), "{}", show(&dry));
    seen.push_str(&show(&dry));
    for file in ws.outbox() {
        seen.push_str(&String::from_utf8_lossy(&std::fs::read(file).unwrap()));
    }
    seen.push_str(&std::fs::read_to_string(ws.path().join(".synclint-state.json")).unwrap());
    // The variable unset: the error names it, not a value.
    let unset = synclint(ws.path(), &args, &[]);
    assert_eq!(unset.status.code(), Some(3), "{}", show(&unset));
    assert!(text(&unset.stderr).contains("SYNCLINT_TEST_SMTP_PASSWORD"));
    seen.push_str(&show(&unset));
    assert!(!seen.contains(SECRET), "the password leaked:\n{seen}");

    // A password written into the file is an error that points at it, without showing it.
    let inline = settings("daily", server.port, "").replace(
        "    retry_delay: 0s\n",
        &format!("    retry_delay: 0s\n    username: synclint\n    password: \"{SECRET}\"\n"),
    );
    ws.set_notifications(&inline);
    let refused = synclint(ws.path(), &args, &[]);
    assert_eq!(refused.status.code(), Some(3), "{}", show(&refused));
    // miette wraps long lines; join them back before looking.
    let stderr = text(&refused.stderr).replace("\n  │ ", " ");
    assert!(stderr.contains("password_env"), "{stderr}");
    assert!(
        stderr.contains("must not be written in the configuration"),
        "{stderr}"
    );
    assert!(!show(&refused).contains(SECRET), "{}", show(&refused));
    let checked = synclint(ws.path(), &["check", "."], &[]);
    assert!(!show(&checked).contains(SECRET), "{}", show(&checked));
}

#[test]
fn a_held_lock_stops_a_second_run_and_a_pid_in_the_file_holds_nothing() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    let lock = ws.path().join(".synclint-state.json.lock");
    // The file names a live process that holds no lock on it (a reused PID): not busy.
    std::fs::write(&lock, format!("{}\n", std::process::id())).unwrap();
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert_eq!(wait_for(&server, 1).len(), 1);
    // A process that holds an advisory lock on the file (flock(1)): busy.
    let mut holder = std::process::Command::new("flock")
        .arg("--no-fork") // the held lock dies with this very process
        .arg(&lock)
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let busy = loop {
        let out = notify(&ws, "2026-11-28T09:10:00Z", &[]);
        if out.status.code() == Some(7) || start.elapsed().as_secs() > 10 {
            break out;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(busy.status.code(), Some(7), "{}", show(&busy));
    assert!(text(&busy.stderr).contains("another synclint notify or watch is running"));
    // Its process ends: the kernel releases the lock at once.
    holder.kill().unwrap();
    holder.wait().unwrap();
    let out = notify(&ws, "2026-11-28T09:20:00Z", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}

#[test]
fn runs_racing_over_a_stale_lock_file_send_each_message_once() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    std::fs::write(
        ws.path().join(".synclint-state.json.lock"),
        format!("{dead}\n"),
    )
    .unwrap();
    let runs: Vec<_> = (0..4).map(|_| spawn_notify(&ws, NOW)).collect();
    for r in runs {
        let code = r.wait_with_output().unwrap().status.code().unwrap();
        assert!(code == 0 || code == 7, "{code}");
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(server.received().len(), 2);
}

#[test]
fn two_runs_at_once_send_each_message_once() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let runs: Vec<_> = (0..3).map(|_| spawn_notify(&ws, NOW)).collect();
    let codes: Vec<i32> = runs
        .into_iter()
        .map(|r| r.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    assert!(codes.iter().all(|c| *c == 0 || *c == 7), "{codes:?}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(server.received().len(), 2, "{codes:?}");
}

/// settings() with a user name and a password from `SYNCLINT_TEST_SMTP_PASSWORD`.
fn with_login(port: u16) -> String {
    settings("errors-only", port, "").replace(
        "    retry_delay: 0s\n",
        "    retry_delay: 0s\n    username: synclint\n    password_env: SYNCLINT_TEST_SMTP_PASSWORD\n",
    )
}

#[test]
fn a_refused_login_never_shows_the_server_reply_and_common_words_stay_readable() {
    // The password is an ordinary word; the server echoes the PLAIN string it got.
    let echo = "AHN5bmNsaW50AHJlZnVzZWQ=";
    let fake = Fake::start(Script {
        auth_reply: Some(format!("535 5.7.8 authentication failed for {echo}")),
        ..Script::default()
    });
    let ws = Workspace::new(&with_login(fake.port));
    let env = [("SYNCLINT_TEST_SMTP_PASSWORD", "refused")];
    let args = [
        "notify",
        "--config",
        "synclint.yaml",
        ".",
        "--now",
        NOW,
        "--write-state",
    ];
    let out = synclint(ws.path(), &args, &env);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let shown = show(&out);
    assert!(!shown.contains(echo), "{shown}");
    assert!(shown.contains("535"), "the code is kept: {shown}");
    assert!(fake.got().is_empty());
    // A server that is down: the system's words are shown as they are.
    let ws = Workspace::new(&with_login(closed_port()));
    let out = synclint(ws.path(), &args, &env);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let shown = show(&out);
    assert!(shown.contains("Connection refused"), "{shown}");
    assert!(!shown.contains("********"), "{shown}");
}

#[test]
fn an_inline_flow_password_is_masked_by_check_and_notify() {
    let ws = Workspace::new("  frequency: errors-only\n  customer_cloud_admins: true\n  from: s@acme.example\n  \
         smtp: {host: 127.0.0.1, security: plain, password: FlowSecret99, token: \"two\n    LineTok\"}\n");
    for args in [
        &["check", "."][..],
        &["notify", "--config", "synclint.yaml", ".", "--dry-run"][..],
    ] {
        let out = synclint(ws.path(), args, &[]);
        assert_eq!(out.status.code(), Some(3), "{}", show(&out));
        let shown = show(&out);
        assert!(!shown.contains("FlowSecret99"), "{shown}");
        assert!(!shown.contains("LineTok"), "{shown}");
    }
}
