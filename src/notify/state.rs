//! What was sent already (the state file), written atomically, and the lock that keeps two
//! runs from sending at once.

use super::error::NotifyError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reported errors not seen for this long are forgotten (and reported again if they return).
const FORGET_AFTER_DAYS: i64 = 30;

/// The state file's content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    /// The local day of the last daily report the server accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_daily: Option<NaiveDate>,
    /// When the last run that wrote this state ran, by its own clock. A later run whose
    /// clock reads earlier knows that the clock went back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<DateTime<Utc>>,
    /// Errors already reported, by finding fingerprint.
    #[serde(default)]
    pub reported_errors: BTreeMap<String, ReportedError>,
    /// When set, [`State::save`] writes nothing (a run for another time, `--now`).
    #[serde(skip)]
    pub frozen: bool,
}

/// One reported error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedError {
    pub rule: String,
    pub message: String,
    pub reported: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// An error as a message lists it (kept with a queued message, recorded once it is sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRef {
    pub fingerprint: String,
    pub rule: String,
    pub message: String,
}

impl State {
    /// A warning when the clock reads earlier than this state shows it did before, with
    /// how far it went back; `None` otherwise. The time compared is the last run's, or,
    /// for a state that records no run, the latest time an error was reported or seen.
    /// Without either, a daily report date more than a day after today's date in UTC
    /// shows it (no time zone is that far ahead). What the state records is kept either
    /// way, so a clock that goes back never makes a run send anything again.
    #[must_use]
    pub fn clock_went_back(&self, now: DateTime<Utc>) -> Option<String> {
        let kept = match self.last_daily {
            Some(day) => format!(
                "what was sent stays recorded, so no daily report goes out for any day up to \
                 {day} and no error already reported is reported again (if the state's time \
                 is the wrong one, correct the state file by hand)"
            ),
            None => "what was sent stays recorded, so no error already reported is reported \
                     again (if the state's time is the wrong one, correct the state file by hand)"
                .to_owned(),
        };
        let before = self.last_run.or_else(|| {
            self.reported_errors
                .values()
                .map(|e| e.reported.max(e.last_seen))
                .max()
        });
        if let Some(before) = before {
            // Only the step back is warned about: a run after that one compares with it.
            return (before > now).then(|| {
                format!(
                    "warning: the clock seems to have gone back by {}: it is {} now, but the \
                     state records a run at {}; {kept}",
                    span(before - now),
                    crate::time::shown(now),
                    crate::time::shown(before)
                )
            });
        }
        let day = self.last_daily?;
        let today = now.date_naive();
        let ahead = (day - today).num_days();
        (ahead > 1).then(|| {
            format!(
                "warning: the clock seems to have gone back by at least {}: the state says \
                 the daily report for {day} was sent, and today is {today} in UTC; {kept}",
                span(chrono::Duration::days(ahead - 1))
            )
        })
    }

    /// Record an accepted daily report for `day` and the errors a message listed.
    pub fn record(&mut self, day: Option<NaiveDate>, errors: &[ErrorRef], now: DateTime<Utc>) {
        if let Some(day) = day {
            self.last_daily = self.last_daily.max(Some(day));
        }
        for e in errors {
            self.reported_errors
                .entry(e.fingerprint.clone())
                .or_insert_with(|| ReportedError {
                    rule: e.rule.clone(),
                    message: e.message.clone(),
                    reported: now,
                    last_seen: now,
                });
        }
    }

    /// Mark the reported errors still present as seen now; forget those gone for long.
    pub fn seen(&mut self, fingerprints: &[String], now: DateTime<Utc>) {
        for f in fingerprints {
            if let Some(e) = self.reported_errors.get_mut(f) {
                // Never earlier than before: a clock that went back would otherwise make
                // the error look gone for longer than it was, and forget it too soon.
                e.last_seen = e.last_seen.max(now);
            }
        }
        let limit = now - chrono::Duration::days(FORGET_AFTER_DAYS);
        self.reported_errors.retain(|_, e| e.last_seen >= limit);
    }

    /// Write the state to `path` atomically.
    ///
    /// # Errors
    /// [`NotifyError::Io`] when it cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), NotifyError> {
        if self.frozen {
            return Ok(());
        }
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        write_atomic(path, text.as_bytes())
    }
}

/// A length of time as a warning shows it: its largest unit and the next one, such as
/// "7 minutes", "1 day 2 hours" or "40 days".
fn span(d: chrono::Duration) -> String {
    const UNITS: [(i64, &str); 4] = [
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    let seconds = d.num_seconds();
    let Some(first) = UNITS.iter().position(|(size, _)| seconds >= *size) else {
        return "less than a second".to_owned();
    };
    let mut parts = Vec::new();
    for (i, (size, name)) in UNITS.iter().enumerate().skip(first).take(2) {
        let above = i
            .checked_sub(1)
            .and_then(|j| UNITS.get(j))
            .map_or(i64::MAX, |(size, _)| *size);
        let n = seconds % above / size;
        if n > 0 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
        }
    }
    parts.join(" ")
}

/// Write `bytes` to `path` so that readers see the old file or the whole new one: a
/// temporary file in the same folder, flushed to disk, renamed over `path`.
///
/// # Errors
/// [`NotifyError::Io`] naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), NotifyError> {
    crate::atomic_file::write(path, bytes).map_err(NotifyError::io("write", path))
}

/// A held lock: an exclusive advisory lock (`flock`) on an open lock file. The kernel
/// releases it when the file is closed or the process ends in any way, so a crashed run
/// never leaves a stale lock and a recycled process id never holds one. The file itself
/// stays (removing it would let two runs lock two different files); it names the holder's
/// process id, for messages only.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

impl Lock {
    /// The lock file that guards the state at `state`.
    #[must_use]
    pub fn path_for(state: &Path) -> PathBuf {
        let mut name = state.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        state.with_file_name(name)
    }

    /// Take the lock at `path` without waiting.
    ///
    /// # Errors
    /// [`NotifyError::Busy`] when another process holds it, [`NotifyError::Io`] otherwise.
    pub fn acquire(path: &Path) -> Result<Self, NotifyError> {
        use fs4::FileExt;
        use std::io::{Read, Seek};
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(NotifyError::io("create", dir))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(NotifyError::io("open", path))?;
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let pid = holder.lines().next().unwrap_or_default().trim();
                return Err(NotifyError::Busy {
                    lock: path.display().to_string(),
                    pid: if pid.is_empty() { "?" } else { pid }.to_owned(),
                });
            }
            Err(fs4::TryLockError::Error(e)) => return Err(NotifyError::io("lock", path)(e)),
        }
        let body = format!("{}\n{}\n", std::process::id(), Utc::now().to_rfc3339());
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(body.as_bytes()))
            .map_err(NotifyError::io("write", path))?;
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_forgets() {
        let now = Utc::now();
        let mut state = State::default();
        let e = ErrorRef {
            fingerprint: "f1".into(),
            rule: "r".into(),
            message: "m".into(),
        };
        state.record(NaiveDate::from_ymd_opt(2026, 11, 28), &[e], now);
        assert_eq!(state.last_daily, NaiveDate::from_ymd_opt(2026, 11, 28));
        state.record(NaiveDate::from_ymd_opt(2026, 11, 27), &[], now);
        assert_eq!(state.last_daily, NaiveDate::from_ymd_opt(2026, 11, 28));
        state.seen(&[], now + chrono::Duration::days(10));
        assert!(state.reported_errors.contains_key("f1"));
        state.seen(&[], now + chrono::Duration::days(31));
        assert!(state.reported_errors.is_empty());
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_clock_earlier_than_the_last_run_is_warned_about_with_how_far() {
        let state = State {
            last_daily: NaiveDate::from_ymd_opt(2026, 12, 1),
            last_run: Some(at("2026-12-01T00:05:00Z")),
            ..State::default()
        };
        let warning = state.clock_went_back(at("2026-11-30T23:58:00Z")).unwrap();
        assert!(warning.contains("gone back by 7 minutes"), "{warning}");
        assert!(warning.contains("any day up to 2026-12-01"), "{warning}");
        assert_eq!(state.clock_went_back(at("2026-12-01T00:05:00Z")), None);
        assert_eq!(state.clock_went_back(at("2026-12-01T00:06:00Z")), None);
        // Once: the run after the step back compares with the run that stepped back.
        let state = State {
            last_daily: NaiveDate::from_ymd_opt(2026, 12, 1),
            last_run: Some(at("2026-10-22T09:00:00Z")),
            ..State::default()
        };
        assert_eq!(state.clock_went_back(at("2026-10-23T09:00:00Z")), None);
    }

    #[test]
    fn without_a_last_run_the_errors_times_then_the_daily_date_show_the_clock_went_back() {
        let mut state = State::default();
        let e = ErrorRef {
            fingerprint: "f1".into(),
            rule: "r".into(),
            message: "m".into(),
        };
        state.record(None, &[e], at("2026-12-01T09:00:00Z"));
        let warning = state.clock_went_back(at("2026-11-30T07:30:00Z")).unwrap();
        assert!(warning.contains("gone back by 1 day 1 hour"), "{warning}");

        let state = State {
            last_daily: NaiveDate::from_ymd_opt(2027, 6, 1),
            ..State::default()
        };
        let warning = state.clock_went_back(at("2026-11-28T09:00:00Z")).unwrap();
        assert!(
            warning.contains("gone back by at least 184 days"),
            "{warning}"
        );
        // A day ahead is what a time zone east of UTC shows; not a sign of a wrong clock.
        let state = State {
            last_daily: NaiveDate::from_ymd_opt(2026, 11, 29),
            ..State::default()
        };
        assert_eq!(state.clock_went_back(at("2026-11-28T23:00:00Z")), None);
    }

    #[test]
    fn an_error_seen_by_a_clock_that_went_back_keeps_its_later_time() {
        let mut state = State::default();
        let e = ErrorRef {
            fingerprint: "f1".into(),
            rule: "r".into(),
            message: "m".into(),
        };
        let now = at("2026-12-01T09:00:00Z");
        state.record(None, &[e], now);
        state.seen(&["f1".to_owned()], now - chrono::Duration::days(40));
        assert_eq!(state.reported_errors["f1"].last_seen, now);
        state.seen(&[], now + chrono::Duration::days(29));
        assert!(state.reported_errors.contains_key("f1"));
    }

    #[test]
    fn spans_read_as_their_two_largest_units() {
        let span_of = |s: i64| span(chrono::Duration::seconds(s));
        assert_eq!(span_of(0), "less than a second");
        assert_eq!(span_of(1), "1 second");
        assert_eq!(span_of(420), "7 minutes");
        assert_eq!(span_of(3_600 + 125), "1 hour 2 minutes");
        assert_eq!(span_of(86_400 + 7_200 + 5), "1 day 2 hours");
        assert_eq!(span_of(40 * 86_400), "40 days");
    }
}
