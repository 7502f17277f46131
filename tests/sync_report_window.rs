#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]
//! A collector told its report window keeps only the counts that can still fall inside
//! it, and reports exactly what a collector keeping everything reports.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use synclint::model::Record;
use synclint::syncreport::{Collector, WindowSpec};

const ACTIONS: [&str; 4] = ["create", "role-update", "deactivate", "organization-move"];

/// Thirty days of events, three a minute, slightly out of order, a tenth failing.
fn events() -> Vec<(Record, DateTime<Utc>)> {
    let start: DateTime<Utc> = "2026-10-01T00:00:00Z".parse().unwrap();
    (0..30 * 24 * 60 * 3)
        .map(|i: i64| {
            let jitter = if i % 7 == 0 { -90 } else { 0 };
            let time = start + Duration::seconds(i * 20 + jitter);
            let status = if i % 10 == 0 { "failure" } else { "success" };
            let provider = ["Okta", "Entra"][(i % 2) as usize];
            let value = json!({
                "time": synclint::time::format_utc(&time),
                "provider": provider,
                "action": ACTIONS[(i % 4) as usize],
                "status": status,
                "message": format!("kind {}", i % 3),
            });
            (Record::new(value, None), time)
        })
        .collect()
}

fn compare(spec: &WindowSpec) -> (usize, usize) {
    let events = events();
    let mut everything = Collector::default();
    // Two windowed collectors over halves, as two workers would, then merged.
    let mut first = Collector::for_window(spec.clone());
    let mut second = Collector::for_window(spec.clone());
    for (i, (record, time)) in events.iter().enumerate() {
        everything.add(record, Some(*time));
        if i % 2 == 0 { &mut first } else { &mut second }.add(record, Some(*time));
    }
    let held = first.counts_held();
    let mut merged = Collector::for_window(spec.clone());
    merged.merge(first);
    merged.merge(second);
    let want = serde_json::to_value(everything.report(spec)).unwrap();
    let got = serde_json::to_value(merged.report(spec)).unwrap();
    assert_eq!(got, want);
    assert!(want["totals"]["errors"].as_u64().unwrap() > 0);
    (held, everything.counts_held())
}

#[test]
fn the_default_day_keeps_about_a_day_of_counts() {
    let (held, all) = compare(&WindowSpec::default());
    assert!(all > 100_000, "{all}");
    // A day and the pruning slack, a few keys a minute.
    assert!(held < 2 * 26 * 60 * 4, "{held} of {all}");
}

#[test]
fn a_window_by_length_or_by_dates_gives_the_same_report() {
    let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    for (since, until) in [
        (Some("7d"), None),
        (Some("2026-10-10T12:00:00Z"), Some("2026-10-12T00:00:00Z")),
        (None, Some("2026-10-20T00:00:00Z")),
    ] {
        let spec = WindowSpec::parse(since, until, now).unwrap();
        let (held, all) = compare(&spec);
        assert!(held < all / 3, "{since:?} {until:?}: {held} of {all}");
    }
}

#[test]
fn events_counted_neither_as_changes_nor_as_errors_are_said_not_dropped() {
    let start: DateTime<Utc> = "2026-11-27T10:00:00Z".parse().unwrap();
    let rows = [
        ("create", "success"),
        ("group-create", "success"),
        ("other", "success"),
        ("create", "skipped"),
        ("update", "skipped"),
        ("update", "warning"),
        ("update", "unknown"),
        ("create", "failure"),
    ];
    // Two collectors merged, as two workers' would be.
    let (mut first, mut second) = (Collector::default(), Collector::default());
    for (i, (action, status)) in rows.iter().enumerate() {
        let time = start + Duration::minutes(i as i64 * 90);
        let value = json!({"provider": "Entra", "action": action, "status": status});
        let collector = if i % 2 == 0 { &mut first } else { &mut second };
        collector.add(&Record::new(value, None), Some(time));
    }
    first.merge(second);
    let report = first.report(&WindowSpec::default());
    assert_eq!((report.totals["created"], report.totals["errors"]), (1, 1));
    let not_counted: Vec<(&str, u64)> = report.not_counted.iter().map(|(k, n)| (*k, *n)).collect();
    assert_eq!(
        not_counted,
        [
            ("no_known_status", 1),
            ("no_user_change", 2),
            ("skipped", 2),
            ("warning", 1)
        ]
    );
    // Not part of the hours or the timeline either: those count changes and errors.
    let busiest: u64 = report.busiest_hours.iter().map(|h| h.events).sum();
    assert_eq!(busiest, 2);
    let said = synclint::syncreport::render::human(&report);
    assert!(
        said.contains(
            "Not counted above: 2 skipped event(s), 1 event(s) with a warning, \
             1 event(s) with no status synclint knows, 2 successful event(s) that change no user"
        ),
        "{said}"
    );
    // A window without such events says nothing of them.
    let quiet = WindowSpec {
        since: Some(synclint::syncreport::window::Bound::At(start)),
        until: Some(start),
    };
    let report = first.report(&quiet);
    assert!(report.not_counted.is_empty(), "{:?}", report.not_counted);
    assert!(!synclint::syncreport::render::human(&report).contains("Not counted"));
}
