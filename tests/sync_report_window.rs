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
