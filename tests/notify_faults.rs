//! Faults found by injection (issue #12): a clock in the future, bad state and outbox
//! files, broken inputs, a refused recipient, lost replies and lost runs. Each
//! test reproduces one and checks what synclint does about it (deadlines: notify_deadlines.rs).

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
fn a_future_now_writes_no_state_and_a_future_state_date_is_kept() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    // A run for June 2027 sends, but does not record, unless asked.
    let future = notify_at(&ws, "2027-06-01T09:00:00Z", &[]);
    assert_eq!(future.status.code(), Some(0), "{}", show(&future));
    assert!(ws.state().is_none(), "{:?}", ws.state());
    let before = wait_for(&server, 2).len();
    // A state written while the clock was ahead: the clock has gone back since. The date
    // is kept (no report goes out again for a day up to it), with a warning.
    std::fs::write(
        ws.path().join(".synclint-state.json"),
        r#"{"version": 1, "last_daily": "2027-06-01", "reported_errors": {}}"#,
    )
    .unwrap();
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("warning: the clock seems to have gone back by at least 184 days"),
        "{stdout}"
    );
    assert!(
        stdout.contains("not due: daily report for 2027-06-01 already sent"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("sent: Directory sync 2026-11-28:"),
        "{stdout}"
    );
    assert_eq!(ws.state().unwrap()["last_daily"], "2027-06-01");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let reports = server.received()[before..]
        .iter()
        .filter(|m| subject(&m.data).starts_with("Directory sync 2026"))
        .count();
    assert_eq!(reports, 0, "no daily report was sent");
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_damaged_state_is_set_aside_and_what_it_says_was_sent_is_not_sent_again() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let first = notify(&ws, NOW, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", show(&first));
    assert_eq!(wait_for(&server, 2).len(), 2);
    // Cut the state file in the middle of its list of errors.
    let path = ws.path().join(".synclint-state.json");
    let full = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &full[..full.len() * 2 / 3]).unwrap();
    let out = notify(&ws, "2026-11-28T12:00:00Z", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("set aside as"), "{stdout}");
    assert!(stdout.contains("already sent"), "{stdout}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    let got = server.received();
    assert!(
        got.len() <= 3,
        "at most the errors the damaged part listed: {}",
        got.len()
    );
    assert!(
        got.iter()
            .skip(2)
            .all(|m| !subject(&m.data).contains("report")),
        "the daily report is not sent again"
    );
    assert!(names_in(ws.path())
        .iter()
        .any(|n| n.starts_with(".synclint-state.json.bad-")));
    assert_eq!(ws.state().unwrap()["last_daily"], "2026-11-28");

    // Empty: set aside, and the run goes on.
    std::fs::write(&path, "").unwrap();
    let out = notify(&ws, "2026-11-28T13:00:00Z", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // A folder cannot be read at all, so it is not a damaged state: the run stops (exit
    // 4) and leaves it there (tests/notify_state_faults.rs has the details).
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let out = notify(&ws, "2026-11-28T14:00:00Z", &[]);
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    assert!(path.is_dir(), "the folder stays");
}

#[test]
fn an_unreadable_outbox_entry_is_set_aside_and_the_others_are_sent() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    let outbox = ws.path().join(".synclint-outbox");
    std::fs::create_dir_all(&outbox).unwrap();
    std::fs::write(
        outbox.join("20261128T080000Z-errors-aaaa.json"),
        "{not json",
    )
    .unwrap();
    std::fs::write(
        outbox.join("20261128T080000Z-errors-aaaa.eml"),
        "Subject: x\r\n\r\nx\r\n",
    )
    .unwrap();
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("20261128T080000Z-errors-aaaa.json"),
        "{stdout}"
    );
    assert!(stdout.contains("set aside as"), "{stdout}");
    assert_eq!(wait_for(&server, 1).len(), 1, "the new errors go out");
    let names = names_in(&outbox);
    assert!(names.iter().any(|n| n.ends_with(".json.bad")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".json")), "{names:?}");
}

#[test]
fn broken_inputs_are_named_in_the_email_and_exit_like_check() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    let broken = ["scim-users.json", "scim-groups.json", "orgs.json"];
    for name in broken {
        let path = ws.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    }
    let check = synclint(ws.path(), &["check", ".", "--now", NOW], &[]);
    assert_eq!(check.status.code(), Some(4), "{}", show(&check));
    let dry = notify_at(&ws, NOW, &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(4), "{}", show(&dry));
    let shown = show(&dry);
    assert!(shown.contains("could not be used"), "{shown}");
    for name in broken {
        assert!(shown.contains(name), "{name}: {shown}");
    }
    // Sent for real: the message names them too, and the run still exits 4.
    let sent = notify(&ws, NOW, &[]);
    assert_eq!(sent.status.code(), Some(4), "{}", show(&sent));
    let got = wait_for(&server, 1);
    let body = text(&got[0].data);
    assert!(body.contains("could not be used"), "{body}");
    assert!(body.contains("scim-groups.json"), "{body}");
}

/// Wait (bounded) until the scripted server got `n` messages.
fn wait_got(fake: &Fake, n: usize) -> Vec<Got> {
    let start = std::time::Instant::now();
    while fake.got().len() < n && start.elapsed() < std::time::Duration::from_secs(15) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    fake.got()
}

#[test]
fn a_refused_recipient_is_dropped_and_the_others_get_the_message_now() {
    let fake = Fake::start(Script {
        rcpt_replies: vec![(
            "breakglass@acme.example".into(),
            "550 5.1.1 no such mailbox".into(),
        )],
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("breakglass@acme.example"), "{stdout}");
    assert!(stdout.contains("550"), "{stdout}");
    let got = wait_got(&fake, 1);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].to,
        vec!["alice.admin@acme.example", "heidi.eng@acme.example"]
    );
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    let again = notify(&ws, "2026-11-28T09:10:00Z", &[]);
    assert!(
        text(&again.stdout).contains("nothing new"),
        "{}",
        show(&again)
    );
    assert_eq!(fake.got().len(), 1);
}

#[test]
fn a_waiting_message_goes_to_the_recipients_configured_now() {
    let fake = Fake::start(Script {
        rcpt_replies: vec![(
            "breakglass@acme.example".into(),
            "450 4.2.1 mailbox busy".into(),
        )],
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    assert_eq!(wait_got(&fake, 1)[0].to.len(), 2, "the others have it now");
    assert_eq!(ws.outbox().len(), 2, "it waits for the third");
    // The address is taken out of the configuration and another one added.
    ws.set_notifications(&settings("errors-only", fake.port, "").replace(
        "  customer_cloud_admins: true\n",
        "  customer_cloud_admins: false\n  recipients: [alice.admin@acme.example, new@acme.example]\n",
    ));
    let out = notify(&ws, "2026-11-28T09:10:00Z", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_got(&fake, 2);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].to, vec!["new@acme.example"], "alice had it already");
    assert!(ws.outbox().is_empty());
}

fn message_id(data: &str) -> String {
    data.lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .map(|l| l[11..].trim().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_run_killed_during_data_is_resent_with_the_same_message_id() {
    let slow = Fake::start(Script {
        hang_after_data: Some(std::time::Duration::from_secs(20)),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", slow.port, ""));
    let mut run = spawn_notify(&ws, NOW);
    let first = wait_got(&slow, 1);
    assert_eq!(first.len(), 1);
    run.kill().unwrap(); // SIGKILL while the server holds its reply
    run.wait().unwrap();
    let good = Fake::start(Script::default());
    ws.set_notifications(&settings("errors-only", good.port, ""));
    let again = notify(&ws, "2026-11-28T09:05:00Z", &[]);
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    let second = wait_got(&good, 1);
    assert_eq!(second.len(), 1, "{}", show(&again));
    let id = message_id(&first[0].data);
    assert!(!id.is_empty());
    assert_eq!(
        message_id(&second[0].data),
        id,
        "one identity for both copies"
    );
}

#[test]
fn a_state_that_cannot_be_written_after_acceptance_does_not_send_again() {
    let fake = Fake::start(Script {
        hang_after_data: Some(std::time::Duration::from_secs(1)),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let run = spawn_notify(&ws, NOW);
    assert_eq!(wait_got(&fake, 1).len(), 1);
    // While the server holds its reply, the state file becomes unwritable (a folder with
    // a file in it stands where it would be renamed to).
    let state = ws.path().join(".synclint-state.json");
    std::fs::create_dir_all(state.join("x")).unwrap();
    let out = run.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", show(&out));
    // While the folder stands there the state cannot be read either: nothing is sent.
    let blocked = notify(&ws, "2026-11-28T09:03:00Z", &[]);
    assert_eq!(blocked.status.code(), Some(4), "{}", show(&blocked));
    // Once it is moved away, the message the server took is recorded, not sent again.
    std::fs::remove_dir_all(&state).unwrap();
    let again = notify(&ws, "2026-11-28T09:05:00Z", &[]);
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    assert!(
        text(&again.stdout).contains("recorded:"),
        "{}",
        show(&again)
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(fake.got().len(), 1, "not sent again: {}", show(&again));
    assert_eq!(
        ws.state().unwrap()["reported_errors"]
            .as_object()
            .unwrap()
            .len(),
        9
    );
}

#[test]
fn a_lost_reply_to_data_is_retried_with_the_same_message_id() {
    let fake = Fake::start(Script {
        drop_data_reply: 1,
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_got(&fake, 2);
    assert_eq!(
        got.len(),
        2,
        "at least once: the copy whose reply was lost, and the retry"
    );
    assert_eq!(message_id(&got[0].data), message_id(&got[1].data));
}

#[test]
fn a_message_refused_after_data_is_reported_as_the_message_not_the_addresses() {
    let fake = Fake::start(Script {
        data_reply: Some("552 5.3.4 message size exceeds fixed limit".into()),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("would not take"), "{stdout}");
    assert!(stdout.contains("(552): 5.3.4 message size"), "{stdout}");
    assert!(stderr.contains("refused the message itself"), "{stderr}");
    assert!(!stderr.contains("check each address"), "{stderr}");
    assert!(!stdout.contains("refused: alice.admin"), "{stdout}");
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    assert_eq!(wait_got(&fake, 1).len(), 1);
}

#[test]
fn a_sender_refused_for_good_does_not_keep_a_message_after_the_sender_is_fixed() {
    let fake = Fake::start(Script {
        mail_reply: Some((
            "synclint@acme.example".into(),
            "553 5.7.1 sender not allowed".into(),
        )),
        ..Script::default()
    });
    let ws = Workspace::new(&settings("errors-only", fake.port, ""));
    let refused = notify(&ws, NOW, &[]);
    assert_eq!(refused.status.code(), Some(6), "{}", show(&refused));
    assert!(!ws.outbox().is_empty(), "the message waits");

    let fixed = settings("errors-only", fake.port, "")
        .replace("synclint@acme.example", "alerts@acme.example");
    ws.set_notifications(&fixed);
    let again = notify(&ws, "2026-11-28T09:05:00Z", &[]);
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    assert!(
        text(&again.stdout).contains("sent from outbox:"),
        "{}",
        show(&again)
    );
    assert!(ws.outbox().is_empty(), "{:?}", ws.outbox());
    assert_eq!(wait_got(&fake, 1).len(), 1, "delivered once");
}

#[test]
fn international_addresses_go_out_in_the_form_the_server_takes() {
    let fake = Fake::start(Script::default()); // offers no SMTPUTF8
    let extra = "  recipients: [ops@bücher.example, jörg@acme.example]\n";
    let ws = Workspace::new(&settings("errors-only", fake.port, extra));
    let out = notify(&ws, NOW, &[]);
    assert_eq!(out.status.code(), Some(6), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("refused: jörg@acme.example"), "{stdout}");
    assert!(stdout.contains("SMTPUTF8"), "{stdout}");
    let got = wait_got(&fake, 1);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].to.contains(&"ops@xn--bcher-kva.example".to_owned()),
        "{:?} {stdout}",
        got[0].to
    );
    assert!(got[0].to.iter().all(|a| a.is_ascii()), "{:?}", got[0].to);
    assert!(got[0].data.contains("ops@xn--bcher-kva.example"));
    assert!(!got[0].data.contains("bücher"), "the header is ASCII too");
}
