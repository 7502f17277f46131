//! The `notifications:` section of synclint.yaml (validated with places, like the rest of
//! the file) and when the daily report is due.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use chrono::{DateTime, NaiveDate, Utc};
use synclint::config::notifications::{Frequency, Notifications, PasswordSource, Security};
use synclint::config::parse;
use synclint::notify::plan::{decide, Daily};
use synclint::notify::state::State;

const BASE: &str = "role_mappings: []\n";

fn notifications(section: &str) -> Notifications {
    match parse(
        &format!("{BASE}notifications:\n{section}"),
        "conf/synclint.yaml",
    ) {
        Ok(config) => config.notifications.expect("a notifications section"),
        Err(e) => panic!("{:?}", miette::Report::new(e)),
    }
}

/// (code, line, column) of each problem, and the rendered report.
fn problems(section: &str) -> (Vec<(&'static str, u32, u32)>, String) {
    match parse(&format!("{BASE}notifications:\n{section}"), "synclint.yaml") {
        Err(e) => {
            let found = e
                .problems()
                .iter()
                .map(|p| (p.code, p.line, p.column))
                .collect();
            let shown = format!("{:?}", miette::Report::new(e));
            (found, shown)
        }
        Ok(_) => panic!("expected problems"),
    }
}

#[test]
fn a_full_section_is_read_with_defaults_beside_the_file() {
    let n = notifications(
        "  frequency: errors-only\n  time: 06:30\n  timezone: America/New_York\n  \
         recipients: [a@x.example, \"Ops <ops@x.example>\"]\n  from: s@x.example\n  \
         smtp:\n    host: mail.x.example\n    username: synclint\n    password_env: SMTP_PW\n    \
         ca_file: ca.pem\n",
    );
    assert_eq!(n.frequency, Frequency::ErrorsOnly);
    assert_eq!(n.time.to_string(), "06:30:00");
    assert_eq!(n.timezone, chrono_tz::America::New_York);
    assert_eq!(n.recipients, vec!["a@x.example", "Ops <ops@x.example>"]);
    let smtp = n.smtp.unwrap();
    assert_eq!(
        (smtp.security, smtp.port, smtp.attempts),
        (Security::StartTls, 587, 3)
    );
    assert_eq!(smtp.password, Some(PasswordSource::Env("SMTP_PW".into())));
    assert_eq!(smtp.ca_file.unwrap(), std::path::Path::new("conf/ca.pem"));
    assert_eq!(
        n.state_file,
        std::path::Path::new("conf/.synclint-state.json")
    );
    assert_eq!(n.outbox, std::path::Path::new("conf/.synclint-outbox"));
}

#[test]
fn a_password_in_the_file_is_an_error_that_never_shows_it() {
    let (found, shown) = problems(
        "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: mail.x.example\n    \
         username: u\n    password: \"hunter2-very-secret\"\n    password_env: P\n",
    );
    assert_eq!(found, vec![("synclint::config::secret_in_config", 8, 5)]);
    assert!(shown.contains("password_env"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}

#[test]
fn every_problem_in_the_section_is_reported_at_its_place() {
    let (found, shown) = problems(
        "  frequency: hourly\n  time: \"25:00\"\n  timezone: Mars/Olympus\n  \
         recipients: [not-an-address]\n  reply_to: \"also bad\"\n  smtp:\n    host: mail.x.example\n    \
         security: plain\n    username: u\n    timeout: 0s\n    attempts: 0\n",
    );
    let codes: Vec<&str> = found.iter().map(|f| f.0).collect();
    assert_eq!(
        codes,
        vec![
            "synclint::config::unknown_value",
            "synclint::config::bad_value",
            "synclint::config::unknown_timezone",
            "synclint::config::bad_address",
            "synclint::config::bad_address",
            "synclint::config::insecure_transport",
            "synclint::config::missing_key",
            "synclint::config::bad_value",
            "synclint::config::bad_value",
        ],
        "{shown}"
    );
    assert_eq!(found[0].1, 3, "{shown}");
    assert!(shown.contains("localhost, 127.0.0.0/8, ::1"), "{shown}");
}

#[test]
fn sender_and_recipients_are_required_unless_never() {
    let (found, _) = problems("  frequency: daily\n");
    let codes: Vec<&str> = found.iter().map(|f| f.0).collect();
    assert_eq!(
        codes,
        vec![
            "synclint::config::empty_list",
            "synclint::config::missing_key"
        ]
    );
    assert_eq!(
        notifications("  frequency: never\n").frequency,
        Frequency::Never
    );
    let loopback = notifications(
        "  customer_cloud_admins: true\n  from: s@x.example\n  smtp: {host: localhost, security: plain}\n",
    );
    assert_eq!(loopback.smtp.unwrap().port, 25);
}

#[test]
fn the_schema_documents_the_section() {
    let schema = synclint::config::json_schema();
    let section = &schema["$defs"]["RawNotifications"];
    assert_eq!(section["additionalProperties"], false, "{section}");
    for key in [
        "frequency",
        "time",
        "timezone",
        "recipients",
        "customer_cloud_admins",
        "from",
        "smtp",
    ] {
        assert!(
            section["properties"][key]["description"].is_string(),
            "{key}"
        );
    }
    let smtp = &schema["$defs"]["RawSmtp"]["properties"];
    assert!(
        smtp.get("password").is_none(),
        "no password key in the schema"
    );
    assert!(smtp["password_env"]["description"].is_string());
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn the_daily_report_is_due_once_per_local_day_from_its_time() {
    let n = notifications("  time: \"07:00\"\n  timezone: Europe/Berlin\n  recipients: [a@x.example]\n  from: s@x.example\n");
    let mut state = State::default();
    let due = |state: &State, now| decide(&n, state, &[], &[], at(now)).daily;
    // Winter (UTC+1) and summer (UTC+2).
    assert!(matches!(
        due(&state, "2026-11-28T05:59:00Z"),
        Daily::NotDue(_)
    ));
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    assert_eq!(due(&state, "2026-11-28T06:00:00Z"), Daily::Due(day));
    assert!(matches!(
        due(&state, "2026-07-01T04:59:00Z"),
        Daily::NotDue(_)
    ));
    assert!(matches!(due(&state, "2026-07-01T05:00:00Z"), Daily::Due(_)));
    // Late in the evening UTC is already the next day in Berlin.
    let next = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    state.last_daily = Some(day);
    assert_eq!(due(&state, "2026-11-28T22:00:00Z"), Daily::Sent(day));
    assert_eq!(due(&state, "2026-11-29T06:00:00Z"), Daily::Due(next));
    let errors_only = Notifications {
        frequency: Frequency::ErrorsOnly,
        ..n.clone()
    };
    assert_eq!(
        decide(&errors_only, &state, &[], &[], at("2026-11-29T06:00:00Z")).daily,
        Daily::Off
    );
}

/// Every way YAML can write a password-like value: the rendered report of the file (and
/// of a file broken elsewhere) never shows any part of it.
#[test]
fn secrets_are_masked_whatever_the_yaml_style() {
    let cases: &[(&str, &[&str])] = &[
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  \
             smtp: {host: 127.0.0.1, security: plain, password: FlowSecret99}\n",
            &["FlowSecret99"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             password: \"first-half\n      SecondLine77\"\n",
            &["first-half", "SecondLine77"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             password: >-\n      folded-one\n      folded-two\n",
            &["folded-one", "folded-two"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             password:\n      PlainNextLine\n      AndMore\n",
            &["PlainNextLine", "AndMore"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             'password': 'it''s-Quoted'\n",
            &["s-Quoted"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             api_key: TokValue123\n",
            &["TokValue123"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  \
             smtp: {\"host\": \"127.0.0.1\", \"token\":\"JsonTok55\", secret: [a1Secret]}\n",
            &["JsonTok55", "a1Secret"],
        ),
        (
            "  recipients: [a@x.example]\n  from: s@x.example\n  smtp:\n    host: 127.0.0.1\n    \
             pass: Wörd-ß-42 # comment\n",
            &["Wörd", "-42"],
        ),
    ];
    for (section, secrets) in cases {
        let text = format!("{BASE}notifications:\n{section}");
        let shown = match parse(&text, "synclint.yaml") {
            Err(e) => format!("{:?}", miette::Report::new(e)),
            Ok(_) => panic!("expected problems for {section}"),
        };
        for secret in *secrets {
            assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
        }
        // A syntax error later in the file still renders the snippet masked.
        let broken = format!("{text}  bad: [unclosed\n");
        let shown = match parse(&broken, "synclint.yaml") {
            Err(e) => format!("{:?}", miette::Report::new(e)),
            Ok(_) => panic!("expected a syntax error"),
        };
        for secret in *secrets {
            assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
        }
    }
    // Names of secrets (variables, files) are not secrets and still work.
    let n = notifications(
        "  recipients: [a@x.example]\n  from: s@x.example\n  \
         smtp: {host: mail.x.example, username: u, password_env: SMTP_PW}\n",
    );
    assert_eq!(
        n.smtp.unwrap().password,
        Some(PasswordSource::Env("SMTP_PW".into()))
    );
}

/// Without a `notifications:` section, `notify` points at the page that documents it,
/// and that page holds every key the help names.
#[test]
fn a_missing_section_points_at_the_page_that_documents_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("synclint.yaml");
    std::fs::write(&config, BASE).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["notify", "--dry-run", "--config", config.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(err.contains("has no `notifications:` section"), "{err}");
    assert!(err.contains("docs/notifications.md"), "{err}");
    let page = std::fs::read_to_string("docs/notifications.md").unwrap();
    for key in [
        "notifications:",
        "frequency:",
        "recipients:",
        "customer_cloud_admins:",
        "from:",
        "smtp:",
    ] {
        assert!(page.contains(key), "docs/notifications.md lacks {key}");
    }
}
