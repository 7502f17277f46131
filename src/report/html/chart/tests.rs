//! The timeline chart's scale and buckets.

use super::{nice_ceil, Chart, MAX_SLOTS};
use crate::syncreport::{SyncReport, TimelineHour, Window};
use chrono::{DateTime, Duration};

fn report(hours: i64) -> SyncReport {
    let since = DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    SyncReport {
        window: Window {
            since: Some(since),
            until: Some(since + Duration::hours(hours - 1)),
        },
        logs_cover: None,
        totals: Default::default(),
        providers: Default::default(),
        not_counted: Default::default(),
        errors_by_kind: Vec::new(),
        busiest_hours: Vec::new(),
        timeline: (0..hours)
            .map(|h| TimelineHour {
                hour: since + Duration::hours(h),
                changes: 1,
                errors: u64::from(h % 2 == 0),
            })
            .collect(),
    }
}

#[test]
fn long_windows_are_drawn_in_buckets() {
    for (hours, bucket) in [(24, 1), (720, 1), (2160, 3), (24 * 400, 24)] {
        let chart = Chart::new(&report(hours)).expect("a chart");
        assert_eq!(chart.bucket, bucket, "{hours} hours");
        assert!(chart.slots.len() as i64 <= MAX_SLOTS + 1, "{hours} hours");
        let changes: u64 = chart.slots.iter().map(|s| s.0).sum();
        assert_eq!(changes, hours as u64, "every hour is counted once");
    }
}

#[test]
fn no_activity_draws_no_chart() {
    assert!(Chart::new(&report(0)).is_none());
}

#[test]
fn scales_end_on_round_numbers() {
    assert_eq!(nice_ceil(0), 1);
    assert_eq!(nice_ceil(1), 1);
    assert_eq!(nice_ceil(3), 4);
    assert_eq!(nice_ceil(9), 10);
    assert_eq!(nice_ceil(11), 12);
    assert_eq!(nice_ceil(54), 60);
    assert_eq!(nice_ceil(112), 120);
    assert_eq!(nice_ceil(20_001), 25_000);
    assert_eq!(nice_ceil(u64::MAX), u64::MAX);
}
