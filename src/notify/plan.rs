//! What is due: pure decisions over the settings, the state, the queued messages and the
//! findings. No I/O here.

use super::outbox::Meta;
use super::state::State;
use crate::config::notifications::{Frequency, Notifications};
use crate::finding::Finding;
use crate::rules::Severity;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// The daily report's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Daily {
    /// `frequency` is not `daily`.
    Off,
    /// Due now, for this local day.
    Due(NaiveDate),
    /// Not yet: due at this local time.
    NotDue(DateTime<Tz>),
    /// Already sent, for this local day (today, or a later day recorded before the clock
    /// went back).
    Sent(NaiveDate),
    /// Waiting in the outbox for this local day.
    Queued(NaiveDate),
}

/// What to send.
#[derive(Debug)]
pub struct Plan<'a> {
    pub daily: Daily,
    /// Error findings not reported before (nor waiting in the outbox), one per fingerprint.
    pub new_errors: Vec<(&'a Finding, String)>,
    /// Fingerprints of every current error finding.
    pub current_errors: Vec<String>,
}

/// Decide what is due at `now`.
#[must_use]
pub fn decide<'a>(
    settings: &Notifications,
    state: &State,
    queued: &[Meta],
    findings: &'a [Finding],
    now: DateTime<Utc>,
) -> Plan<'a> {
    let mut seen = BTreeSet::new();
    let mut current_errors = Vec::new();
    let mut new_errors = Vec::new();
    let pending: BTreeSet<&str> = queued
        .iter()
        .flat_map(|m| m.errors.iter().map(|e| e.fingerprint.as_str()))
        .collect();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        let fingerprint = f.fingerprint();
        if !seen.insert(fingerprint.clone()) {
            continue;
        }
        current_errors.push(fingerprint.clone());
        let known = state.reported_errors.contains_key(&fingerprint)
            || pending.contains(fingerprint.as_str());
        if !known && settings.frequency != Frequency::Never {
            new_errors.push((f, fingerprint));
        }
    }
    let daily = match settings.frequency {
        Frequency::Daily => daily(settings, state, queued, now),
        Frequency::ErrorsOnly | Frequency::Never => Daily::Off,
    };
    Plan {
        daily,
        new_errors,
        current_errors,
    }
}

/// The daily report is due once per local day, at or after the configured time.
fn daily(settings: &Notifications, state: &State, queued: &[Meta], now: DateTime<Utc>) -> Daily {
    let local = now.with_timezone(&settings.timezone);
    let today = local.date_naive();
    if let Some(day) = state.last_daily.filter(|d| *d >= today) {
        return Daily::Sent(day);
    }
    if queued.iter().any(|m| m.day == Some(today)) {
        return Daily::Queued(today);
    }
    if local.time() >= settings.time {
        return Daily::Due(today);
    }
    Daily::NotDue(at(settings.timezone, today, settings.time))
}

/// `day` at `time` in `tz` (the first such instant; the first instant after a gap).
fn at(tz: Tz, day: NaiveDate, time: chrono::NaiveTime) -> DateTime<Tz> {
    let mut wall = day.and_time(time);
    for _ in 0..4 {
        if let Some(t) = tz.from_local_datetime(&wall).earliest() {
            return t;
        }
        wall += chrono::Duration::minutes(30);
    }
    tz.from_utc_datetime(&wall)
}

/// When the daily report after the one for `day` is due.
#[must_use]
pub fn daily_after(settings: &Notifications, day: NaiveDate) -> DateTime<Tz> {
    at(
        settings.timezone,
        day.succ_opt().unwrap_or(day),
        settings.time,
    )
}

/// The next daily report's time after `now` (for messages such as "next at").
#[must_use]
pub fn next_daily(settings: &Notifications, now: DateTime<Utc>) -> DateTime<Tz> {
    let local = now.with_timezone(&settings.timezone);
    let today = at(settings.timezone, local.date_naive(), settings.time);
    if today > local {
        return today;
    }
    let tomorrow = local.date_naive().succ_opt().unwrap_or(local.date_naive());
    at(settings.timezone, tomorrow, settings.time)
}
