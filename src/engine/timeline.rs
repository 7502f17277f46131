//! Time in aggregated findings: the busiest window of a group, its longest silence, and
//! how times and durations are written in messages.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A time as messages show it: `2026-11-27 08:00:00 UTC`.
pub(super) fn shown(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&t.year()) {
        return t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

pub(super) fn minute_time(minute: Option<i64>) -> Option<DateTime<Utc>> {
    minute.and_then(|m| DateTime::from_timestamp(m.saturating_mul(60), 0))
}

/// The start minute and count of the busiest window of `width`.
pub(super) fn busiest_window(
    minutes: &BTreeMap<i64, u64>,
    width: chrono::Duration,
) -> (Option<i64>, u64) {
    let span = (width.num_seconds() / 60).max(1);
    let mut best = (None, 0);
    for &start in minutes.keys() {
        let total: u64 = minutes.range(start..start + span).map(|(_, n)| n).sum();
        if total > best.1 {
            best = (Some(start), total);
        }
    }
    best
}

/// The longest stretch without records: between two active minutes, or from the last
/// one to `end`.
pub(super) fn longest_silence(
    minutes: &BTreeMap<i64, u64>,
    end: Option<DateTime<Utc>>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let times: Vec<i64> = minutes.keys().copied().collect();
    let mut best: Option<(i64, i64)> = None;
    let end_minute = end.map(|t| t.timestamp().div_euclid(60));
    let pairs = times
        .windows(2)
        .map(|w| (w[0], w[1]))
        .chain(times.last().zip(end_minute).map(|(&a, b)| (a, b)));
    for (a, b) in pairs {
        if best.is_none_or(|(x, y)| b - a > y - x) {
            best = Some((a, b));
        }
    }
    let (a, b) = best?;
    Some((minute_time(Some(a))?, minute_time(Some(b))?))
}

/// `3h 20m`, `2d 4h`, `45m`.
#[must_use]
pub fn human_duration(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_as_chrono_writes_them() {
        for text in [
            "2026-11-27T08:00:05Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59.9Z",
        ] {
            let t = crate::time::parse_timestamp(text).unwrap_or_default();
            assert_eq!(shown(t), t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
        }
        assert_eq!(
            shown(crate::time::parse_timestamp("2026-11-27T08:00:05Z").unwrap_or_default()),
            "2026-11-27 08:00:05 UTC"
        );
    }

    #[test]
    fn durations_read_short() {
        let d = chrono::Duration::minutes;
        assert_eq!(human_duration(d(45)), "45m");
        assert_eq!(human_duration(d(200)), "3h 20m");
        assert_eq!(human_duration(d(180)), "3h");
        assert_eq!(human_duration(d(52 * 60)), "2d 4h");
        assert_eq!(human_duration(d(48 * 60)), "2d");
    }
}
