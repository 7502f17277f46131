//! Time in aggregated findings: the busiest window of a group, its longest silence, and
//! how times and durations are written in messages.

use super::minutes::Span;
use chrono::{DateTime, Utc};

pub(super) use crate::time::shown;

pub(super) fn minute_time(minute: Option<i64>) -> Option<DateTime<Utc>> {
    minute.and_then(|m| DateTime::from_timestamp(m.saturating_mul(60), 0))
}

/// The start minute and count of the busiest window of `width` over minutes counted
/// one by one (sorted spans of one minute): one pass, the window's end moving ahead as
/// its start does.
pub(super) fn busiest_window(minutes: &[Span], width: chrono::Duration) -> (Option<i64>, u64) {
    let span = (width.num_seconds() / 60).max(1);
    let mut best = (None, 0);
    let (mut end, mut total) = (0, 0u64);
    for (start, first) in minutes.iter().enumerate() {
        while let Some(next) = minutes.get(end).filter(|m| m.first < first.first + span) {
            total += next.count;
            end += 1;
        }
        if total > best.1 {
            best = (Some(first.first), total);
        }
        total -= first.count.min(total);
        end = end.max(start + 1);
    }
    best
}

/// The longest stretch without records: between two spans of activity, or from the last
/// one to `end`.
pub(super) fn longest_silence(
    minutes: &[Span],
    end: Option<DateTime<Utc>>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let mut best: Option<(i64, i64)> = None;
    let end_minute = end.map(|t| t.timestamp().div_euclid(60));
    let pairs = minutes
        .windows(2)
        .map(|w| (w[0].last, w[1].first))
        .chain(minutes.last().zip(end_minute).map(|(a, b)| (a.last, b)));
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

    fn minutes(counts: &[(i64, u64)]) -> Vec<Span> {
        counts
            .iter()
            .map(|&(first, count)| Span {
                first,
                last: first,
                count,
            })
            .collect()
    }

    /// The window sums, written the plain way, for comparison.
    fn busiest_by_brute_force(counts: &[(i64, u64)], span: i64) -> (Option<i64>, u64) {
        let mut best = (None, 0);
        for &(start, _) in counts {
            let total = counts
                .iter()
                .filter(|(m, _)| (start..start + span).contains(m))
                .map(|(_, n)| n)
                .sum();
            if total > best.1 {
                best = (Some(start), total);
            }
        }
        best
    }

    #[test]
    fn the_busiest_window_is_found_in_one_pass() {
        let counts = [
            (0, 3),
            (2, 1),
            (9, 4),
            (10, 2),
            (19, 1),
            (30, 5),
            (31, 1),
            (45, 9),
        ];
        for width in [1, 2, 5, 10, 11, 20, 60] {
            assert_eq!(
                busiest_window(&minutes(&counts), chrono::Duration::minutes(width)),
                busiest_by_brute_force(&counts, width),
                "width {width}"
            );
        }
        assert_eq!(busiest_window(&[], chrono::Duration::minutes(5)), (None, 0));
    }

    #[test]
    fn the_longest_silence_is_between_spans_or_after_the_last() {
        let spans = [
            Span {
                first: 0,
                last: 30,
                count: 9,
            },
            Span {
                first: 100,
                last: 120,
                count: 2,
            },
            Span {
                first: 125,
                last: 125,
                count: 1,
            },
        ];
        let at = |m: i64| minute_time(Some(m)).unwrap_or_default();
        assert_eq!(longest_silence(&spans, None), Some((at(30), at(100))));
        assert_eq!(
            longest_silence(&spans, Some(at(300))),
            Some((at(125), at(300)))
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
