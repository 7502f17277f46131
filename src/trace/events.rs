//! The events about one person, as the trace keeps them (a few fields, not the raw
//! record), and collapsed: events alike in source, action, status and message make one
//! line with their count and their first and last time.

use super::EventRun;
use crate::model::event::EventRecord;
use crate::model::path::Fields;
use chrono::{DateTime, Utc};

/// One event about the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    pub time: Option<DateTime<Utc>>,
    pub source: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub message: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    /// `file:line`.
    pub at: Option<String>,
}

impl TraceEvent {
    /// The fields the trace shows of `event`.
    #[must_use]
    pub fn of(event: &EventRecord) -> Self {
        let text = |k: &str| event.str_of(k).map(str::to_owned);
        Self {
            time: event.time,
            source: text("provider").or_else(|| text("source")),
            action: text("action"),
            status: text("status"),
            message: text("message").or_else(|| text("reason")),
            role: text("role"),
            organization: text("organization"),
            at: event.location.as_ref().map(ToString::to_string),
        }
    }

    /// Whether the event failed.
    #[must_use]
    pub fn failed(&self) -> bool {
        self.status.as_deref() == Some("failure")
    }

    fn key(
        &self,
    ) -> (
        &Option<String>,
        &Option<String>,
        &Option<String>,
        &Option<String>,
    ) {
        (&self.source, &self.action, &self.status, &self.message)
    }
}

/// A time as the trace writes it.
#[must_use]
pub fn when(time: Option<DateTime<Utc>>) -> Option<String> {
    time.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// `events` (oldest first) collapsed: each set of alike events becomes one run, placed
/// where the first of them was.
#[must_use]
pub fn collapse(events: &[TraceEvent]) -> Vec<EventRun> {
    let mut runs: Vec<(EventRun, &TraceEvent)> = Vec::new();
    for event in events {
        match runs
            .iter_mut()
            .find(|(_, first)| first.key() == event.key())
        {
            Some((run, _)) => {
                run.count += 1;
                run.last = when(event.time).or(run.last.take());
            }
            None => runs.push((
                EventRun {
                    count: 1,
                    first: when(event.time),
                    last: when(event.time),
                    source: event.source.clone(),
                    action: event.action.clone(),
                    status: event.status.clone(),
                    message: event.message.clone(),
                    at: event.at.clone(),
                },
                event,
            )),
        }
    }
    runs.into_iter().map(|(run, _)| run).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(minute: u32, status: &str, message: &str) -> TraceEvent {
        TraceEvent {
            time: chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
                .and_then(|d| d.and_hms_opt(10, minute, 0))
                .map(|t| t.and_utc()),
            source: Some("okta".into()),
            action: Some("role-update".into()),
            status: Some(status.into()),
            message: Some(message.into()),
            role: None,
            organization: None,
            at: Some(format!("log.csv:{}", minute + 2)),
        }
    }

    #[test]
    fn alike_events_make_one_run_with_their_span() {
        let events = [
            event(1, "failure", "no such role"),
            event(2, "success", "updated"),
            event(3, "failure", "no such role"),
            event(9, "failure", "no such role"),
        ];
        let runs = collapse(&events);
        assert_eq!(runs.len(), 2);
        let failed = &runs[0];
        assert_eq!(failed.count, 3);
        assert_eq!(failed.first.as_deref(), Some("2026-11-27 10:01:00 UTC"));
        assert_eq!(failed.last.as_deref(), Some("2026-11-27 10:09:00 UTC"));
        assert_eq!(
            failed.at.as_deref(),
            Some("log.csv:3"),
            "where the first was read"
        );
        assert_eq!(runs[1].count, 1);
        assert_eq!(runs[1].status.as_deref(), Some("success"));
    }
}
