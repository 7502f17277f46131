//! The report window: `--since` / `--until` as durations or timestamps, by default the 24
//! hours before the newest event.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A window as asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct WindowSpec {
    pub since: Option<Bound>,
    pub until: Option<DateTime<Utc>>,
}

/// The start of a window: a time, or a length before its end.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    At(DateTime<Utc>),
    Before(Duration),
}

impl WindowSpec {
    /// Parse `--since` (duration or timestamp) and `--until` (timestamp, or a duration
    /// before now).
    ///
    /// # Errors
    /// A message naming the value that is neither, or both when `--since` is a time
    /// after `--until`.
    pub fn parse(
        since: Option<&str>,
        until: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Self, String> {
        let since = since
            .map(|s| match crate::time::parse_timestamp(s) {
                Some(t) => Ok(Bound::At(t)),
                None => crate::time::parse_duration(s)
                    .map(Bound::Before)
                    .map_err(|_| format!("--since: `{s}` is neither a timestamp nor a duration")),
            })
            .transpose()?;
        let until = until
            .map(|u| match crate::time::parse_timestamp(u) {
                Some(t) => Ok(t),
                None => crate::time::parse_duration(u)
                    .map(|d| now - d)
                    .map_err(|_| format!("--until: `{u}` is neither a timestamp nor a duration")),
            })
            .transpose()?;
        if let (Some(Bound::At(start)), Some(end)) = (since, until) {
            if start > end {
                return Err(format!(
                    "--since {} is after --until {}: the window would hold nothing; swap them",
                    start.format("%Y-%m-%d %H:%M:%S UTC"),
                    end.format("%Y-%m-%d %H:%M:%S UTC")
                ));
            }
        }
        Ok(Self { since, until })
    }

    /// The concrete window, given the newest event (the default end).
    #[must_use]
    pub fn resolve(&self, newest: Option<DateTime<Utc>>) -> Window {
        let until = self.until.or(newest);
        let since = match (self.since, until) {
            (Some(Bound::At(t)), _) => Some(t),
            (Some(Bound::Before(d)), Some(u)) => Some(u - d),
            (None, Some(u)) => Some(u - Duration::hours(24)),
            (_, None) => None,
        };
        Window { since, until }
    }
}

/// A resolved window, inclusive at both ends (to the minute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl Window {
    /// Whether the minute (minutes since the epoch) lies inside.
    #[must_use]
    pub fn contains_minute(&self, minute: i64) -> bool {
        let start = self
            .since
            .map_or(i64::MIN, |t| t.timestamp().div_euclid(60));
        let end = self
            .until
            .map_or(i64::MAX, |t| t.timestamp().div_euclid(60));
        (start..=end).contains(&minute)
    }

    /// Whether a time lies inside.
    #[must_use]
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}
