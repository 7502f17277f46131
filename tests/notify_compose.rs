//! The messages' texts over a real directory sync report (built from normalized events
//! through the report's own collector): subject counts, both parts, escaping.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use chrono::NaiveDate;
use serde_json::json;
use synclint::model::Record;
use synclint::notify::compose;
use synclint::report::Report;
use synclint::syncreport::{Collector, WindowSpec};

fn event(time: &str, action: &str, status: &str, message: &str) -> Record {
    Record::new(
        json!({"time": time, "provider": "Okta <prod>", "action": action, "status": status,
               "message": message}),
        None,
    )
}

fn report() -> Report {
    let mut collector = Collector::default();
    for (t, action, status, message) in [
        ("2026-11-28T01:00:00Z", "create", "success", ""),
        ("2026-11-28T01:05:00Z", "create", "success", ""),
        ("2026-11-28T02:00:00Z", "create", "success", ""),
        ("2026-11-28T03:00:00Z", "deactivate", "success", ""),
        (
            "2026-11-28T04:00:00Z",
            "role-update",
            "failure",
            "Unable to update user's role <b>",
        ),
        ("2026-11-26T04:00:00Z", "create", "success", ""), // outside the 24 hours
    ] {
        let e = event(t, action, status, message);
        collector.add(&e, synclint::engine::record_time(&e));
    }
    let now = "2026-11-28T06:00:00Z".parse().unwrap();
    let spec = WindowSpec::parse(None, Some("2026-11-28T06:00:00Z"), now).unwrap();
    Report {
        sync: Some(collector.report(&spec)),
        ..Report::default()
    }
}

#[test]
fn the_daily_subject_counts_the_changes_and_errors_of_the_day() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let draft = compose::daily(day, "Europe/Berlin", &report());
    assert_eq!(
        draft.subject,
        "Directory sync 2026-11-28: 0 errors, 4 changes"
    );
    assert!(draft.text.contains("Users created"), "{}", draft.text);
    assert!(draft.text.contains("Unable to update user's role <b>"));
    assert!(draft.html.contains("Okta &lt;prod&gt;"), "{}", draft.html);
    assert!(draft
        .html
        .contains("Unable to update user's role &lt;b&gt;"));
    assert!(!draft.html.contains("Okta <prod>") && !draft.html.contains("role <b>"));
    // The provider's name is written whole in the text part, never cut to a column.
    assert!(
        draft
            .text
            .contains("Okta <prod>: 3 created, 1 deactivated, 1 error"),
        "{}",
        draft.text
    );
    assert_eq!(draft.day, Some(day));
}

#[test]
fn a_quiet_day_says_no_changes() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut quiet = report();
    let spec = WindowSpec::parse(None, Some("2026-11-30T06:00:00Z"), chrono::Utc::now()).unwrap();
    let mut collector = Collector::default();
    let e = event("2026-11-28T01:00:00Z", "create", "success", "");
    collector.add(&e, synclint::engine::record_time(&e));
    quiet.sync = Some(collector.report(&spec));
    let draft = compose::daily(day, "UTC", &quiet);
    assert_eq!(
        draft.subject,
        "Directory sync 2026-11-30: 0 errors, 0 changes"
    );
}

#[test]
fn event_counts_read_as_sentences() {
    let stats = |count, users| synclint::finding::EventStats {
        count,
        users,
        user_names: Vec::new(),
        first_seen: None,
        last_seen: Some("2026-11-28T06:55:00Z".parse().unwrap()),
    };
    assert_eq!(
        compose::events(&stats(1, 0)),
        "1 event, last at 2026-11-28 06:55 UTC"
    );
    assert_eq!(
        compose::events(&stats(12, 3)),
        "12 events for 3 users, last at 2026-11-28 06:55 UTC"
    );
}

#[test]
fn a_report_over_the_limit_is_left_out_with_a_note() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let mut draft = compose::daily(day, "UTC", &report());
    compose::attach_report(&mut draft, vec![b'x'; compose::ATTACH_LIMIT + 1]);
    assert!(draft.attachment.is_none());
    assert!(
        draft.text.contains("over the 2 MiB limit"),
        "{}",
        draft.text
    );
    assert!(draft.html.contains("over the 2 MiB limit"));
    // The note comes before the footer, in both parts.
    assert!(draft.text.find("over the 2 MiB").unwrap() < draft.text.find("\n--\n").unwrap());
    let mut small = compose::daily(day, "UTC", &report());
    compose::attach_report(&mut small, b"<!DOCTYPE html>".to_vec());
    assert_eq!(
        small.attachment.as_ref().map(|a| a.0.as_str()),
        Some("synclint-report.html")
    );
}
