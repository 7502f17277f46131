//! `synclint notify` against a real SMTP server on 127.0.0.1: what is due for each
//! frequency, that nothing is sent twice, new errors, recipients, and the messages' shape.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod notify_support;

use mail_parser::{MessageParser, MimeHeaders};
use notify_support::*;

/// 10:00 in Berlin: after the 07:00 daily time.
const AFTER: &str = "2026-11-28T09:00:00Z";
/// 06:30 in Berlin: before it.
const BEFORE: &str = "2026-11-28T05:30:00Z";

const ADMINS: [&str; 3] = [
    "alice.admin@acme.example",
    "breakglass@acme.example",
    "heidi.eng@acme.example",
];

#[test]
fn daily_sends_the_report_and_the_errors_once() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_for(&server, 2);
    let subjects: Vec<String> = got.iter().map(|m| subject(&m.data)).collect();
    assert_eq!(
        subjects,
        vec![
            "Directory sync 2026-11-28: 10 errors (3 causes), 16 changes",
            "Directory sync errors: 9 new, 3 causes"
        ]
    );
    assert!(text(&out.stdout).contains("sent: Directory sync 2026-11-28:"));
    let state = ws.state().expect("state written");
    assert_eq!(state["last_daily"], "2026-11-28");
    assert_eq!(state["reported_errors"].as_object().unwrap().len(), 9);

    let again = notify(&ws, "2026-11-28T15:00:00Z", &[]);
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    let stdout = text(&again.stdout);
    assert!(stdout.contains("already sent"), "{stdout}");
    assert!(
        stdout.contains("nothing new: no new errors (8 known)"),
        "{stdout}"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(server.received().len(), 2, "a second run sends nothing");
}

#[test]
fn the_daily_report_waits_for_its_local_time_then_goes_out_once_that_day() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let early = notify(&ws, BEFORE, &[]);
    assert_eq!(early.status.code(), Some(0), "{}", show(&early));
    assert!(
        text(&early.stdout).contains("not due: daily report (due at 2026-11-28 07:00 CET)"),
        "{}",
        show(&early)
    );
    assert_eq!(wait_for(&server, 1).len(), 1, "only the error email");
    let later = notify(&ws, "2026-11-28T06:01:00Z", &[]);
    assert_eq!(later.status.code(), Some(0), "{}", show(&later));
    let got = wait_for(&server, 2);
    assert_eq!(got.len(), 2);
    assert!(subject(&got[1].data).starts_with("Directory sync 2026-11-28:"));
    // The next local day has its own report.
    let next_day = notify(&ws, "2026-11-29T06:05:00Z", &[]);
    assert_eq!(next_day.status.code(), Some(0), "{}", show(&next_day));
    let got = wait_for(&server, 3);
    assert!(subject(&got[2].data).starts_with("Directory sync 2026-11-29:"));
}

#[test]
fn errors_only_sends_only_the_error_email() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_for(&server, 1);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(server.received().len(), 1, "{}", show(&out));
    assert_eq!(
        subject(&got[0].data),
        "Directory sync errors: 9 new, 3 causes"
    );
    assert!(ws.state().unwrap().get("last_daily").is_none());
}

#[test]
fn never_sends_nothing_and_says_so() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("never", server.port, ""));
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(text(&out.stdout).contains("notifications are off (frequency: never)"));
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(server.received().is_empty());
    assert!(ws.state().is_none());
}

#[test]
fn new_errors_trigger_exactly_one_email_listing_only_them() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    assert_eq!(notify(&ws, AFTER, &[]).status.code(), Some(0));
    assert_eq!(wait_for(&server, 1).len(), 1);
    // A new mapping to a role the environment lacks: one new error.
    let config = std::fs::read_to_string(ws.config()).unwrap().replacen(
        "role_mappings:\n",
        "role_mappings:\n  - group: Auditors\n    roles: [auditor-role]\n",
        1,
    );
    std::fs::write(ws.config(), config).unwrap();
    let out = notify(&ws, "2026-11-28T10:00:00Z", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_for(&server, 2);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(server.received().len(), 2, "exactly one more email");
    let message = MessageParser::default().parse(&got[1].data).unwrap();
    assert_eq!(message.subject(), Some("Directory sync errors: 1 new"));
    let body = message.body_text(0).unwrap();
    assert!(body.contains("auditor-role"), "{body}");
    assert!(!body.contains("frank.left"), "only the new error: {body}");
    let third = notify(&ws, "2026-11-28T11:00:00Z", &[]);
    assert!(
        text(&third.stdout).contains("nothing new"),
        "{}",
        show(&third)
    );
}

#[test]
fn recipients_are_the_active_customer_cloud_admins_deduplicated() {
    let server = SmtpServer::start();
    let extra = "  recipients: [\"Alice <ALICE.ADMIN@acme.example>\", ops@acme.example]\n";
    let ws = Workspace::new(&settings("errors-only", server.port, extra));
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let got = wait_for(&server, 1);
    let mut to: Vec<String> = got[0].to.iter().map(|t| t.to_lowercase()).collect();
    to.sort();
    let mut want: Vec<String> = ADMINS.iter().map(|s| (*s).to_owned()).collect();
    want.push("ops@acme.example".to_owned());
    want.sort();
    assert_eq!(to, want);
    assert_eq!(got[0].from, "synclint@acme.example");
}

#[test]
fn no_recipients_is_an_error_with_its_own_exit_code() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("errors-only", server.port, ""));
    for file in ["users.csv", "user-roles.jsonl"] {
        std::fs::remove_file(ws.path().join(file)).unwrap();
    }
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(5), "{}", show(&out));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no recipients"), "{stderr}");
    assert!(stderr.contains("Customer Cloud Admin"), "{stderr}");
    assert!(server.received().is_empty());
}

#[test]
fn the_message_is_multipart_alternative_with_escaped_html() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let config = std::fs::read_to_string(ws.config()).unwrap().replacen(
        "role_mappings:\n",
        "role_mappings:\n  - group: \"<b>Evil</b>\"\n    roles: [\"<script>alert(1)</script>\"]\n",
        1,
    );
    std::fs::write(ws.config(), config).unwrap();
    let out = notify(&ws, AFTER, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    for received in wait_for(&server, 2) {
        let message = MessageParser::default().parse(&received.data).unwrap();
        let ct = message.content_type().unwrap();
        assert_eq!(
            (ct.ctype(), ct.subtype()),
            ("multipart", Some("alternative"))
        );
        assert_eq!(message.text_body.len(), 1);
        assert_eq!(message.html_body.len(), 1);
        let text_part = message.body_text(0).unwrap();
        let html_part = message.body_html(0).unwrap();
        assert!(
            text_part.contains("<script>alert(1)</script>"),
            "{text_part}"
        );
        assert!(!html_part.contains("<script>"), "{html_part}");
        assert!(html_part.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html_part.contains("&lt;b&gt;Evil&lt;/b&gt;"));
        assert_eq!(
            message.from().unwrap().first().unwrap().address(),
            Some("synclint@acme.example")
        );
        assert_eq!(
            message.reply_to().unwrap().first().unwrap().address(),
            Some("it-help@acme.example")
        );
        assert!(message.date().is_some());
        assert!(message.message_id().unwrap().ends_with("@acme.example"));
    }
}

#[test]
fn dry_run_prints_the_messages_and_changes_nothing() {
    let server = SmtpServer::start();
    let ws = Workspace::new(&settings("daily", server.port, ""));
    let out = notify(&ws, AFTER, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("would send: Directory sync errors: 9 new, 3 causes"));
    assert!(stdout.contains("Subject: Directory sync 2026-11-28:"));
    assert!(stdout.contains("Reply-To: it-help@acme.example"));
    assert!(stdout.contains("Message-ID: <"));
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(server.received().is_empty());
    assert!(ws.state().is_none(), "no state written");
    assert!(ws.outbox().is_empty());
    assert!(!ws.path().join(".synclint-state.json.lock").exists());
}

#[test]
fn out_dir_writes_parseable_eml_files_and_records_them() {
    let ws = Workspace::new(&settings("daily", closed_port(), ""));
    let outdir = tempfile::tempdir().unwrap();
    let dir = outdir.path().to_str().unwrap();
    let out = notify(&ws, AFTER, &["--out-dir", dir]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{}", show(&out));
    for file in &files {
        assert_eq!(file.extension().unwrap(), "eml");
        let bytes = std::fs::read(file).unwrap();
        let message = MessageParser::default().parse(&bytes).unwrap();
        assert!(message.subject().unwrap().starts_with("Directory sync"));
        assert!(message.body_html(0).is_some() && message.body_text(0).is_some());
    }
    assert_eq!(ws.state().unwrap()["last_daily"], "2026-11-28");
    let again = notify(&ws, "2026-11-28T12:00:00Z", &["--out-dir", dir]);
    assert_eq!(again.status.code(), Some(0), "{}", show(&again));
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        2,
        "nothing new written"
    );
}

#[test]
fn a_console_value_cannot_forge_a_line_of_the_notify_output() {
    let ws = Workspace::new(&settings("errors-only", closed_port(), ""));
    let forged = "mallory@acme.example\nsent: Directory sync errors: 0 new";
    let mut users = std::fs::read_to_string(ws.path().join("users.csv")).unwrap();
    users.push_str(&format!(
        "599,u-mallory,\"{forged}\",Mal,Lory,11,1002,1002,Engineering,,false,false,2023-02-02T09:00:00.000Z,2025-11-20T10:00:00.000Z\n"
    ));
    std::fs::write(ws.path().join("users.csv"), users).unwrap();
    let mut roles = std::fs::read_to_string(ws.path().join("user-roles.jsonl")).unwrap();
    roles.push_str(
        "{\"userId\": \"u-mallory\", \"roles\": [{\"roleId\": \"customer-cloud-admin\"}]}\n",
    );
    std::fs::write(ws.path().join("user-roles.jsonl"), roles).unwrap();

    let out = notify(&ws, AFTER, &["--dry-run"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("mallory@acme.example"), "{stdout}");
    assert!(stdout.contains("not active in the console"), "{stdout}");
    let forged_lines: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("sent:"))
        .collect();
    assert!(forged_lines.is_empty(), "{forged_lines:?}\n{stdout}");
}
