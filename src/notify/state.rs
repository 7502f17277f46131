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
    /// Forget a daily report date after `today` (a wrong clock wrote it); returns it.
    pub fn forget_future(&mut self, today: NaiveDate) -> Option<NaiveDate> {
        let future = self.last_daily.filter(|d| *d > today)?;
        self.last_daily = None;
        Some(future)
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
                e.last_seen = now;
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
}
