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

/// A lock older than this is stale even when its process cannot be checked.
const STALE_LOCK_SECS: u64 = 6 * 3600;

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

/// A held lock: a file created exclusively, holding the owner's process id. Removed on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    pid: String,
}

impl Lock {
    /// The lock file that guards the state at `state`.
    #[must_use]
    pub fn path_for(state: &Path) -> PathBuf {
        let mut name = state.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        state.with_file_name(name)
    }

    /// Take the lock at `path`; a stale lock (its process gone, or very old) is replaced.
    ///
    /// # Errors
    /// [`NotifyError::Busy`] when a live process holds it, [`NotifyError::Io`] otherwise.
    pub fn acquire(path: &Path) -> Result<Self, NotifyError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(NotifyError::io("create", dir))?;
        }
        let pid = std::process::id().to_string();
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut file) => {
                    let body = format!("{pid}\n{}\n", Utc::now().to_rfc3339());
                    file.write_all(body.as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(NotifyError::io("write", path))?;
                    return Ok(Self {
                        path: path.to_owned(),
                        pid,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    let other = holder.lines().next().unwrap_or_default().trim().to_owned();
                    if !is_stale(path, &other) {
                        return Err(NotifyError::Busy {
                            lock: path.display().to_string(),
                            pid: if other.is_empty() {
                                "?".to_owned()
                            } else {
                                other
                            },
                        });
                    }
                    let _ = std::fs::remove_file(path);
                }
                Err(e) => return Err(NotifyError::io("create", path)(e)),
            }
        }
        Err(NotifyError::Busy {
            lock: path.display().to_string(),
            pid: "?".to_owned(),
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.path)
            .is_ok_and(|t| t.lines().next().map(str::trim) == Some(self.pid.as_str()));
        if ours {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A lock is stale when its process is known to be gone (Linux: no `/proc/PID`), when it
/// names no process, or when it is older than [`STALE_LOCK_SECS`].
fn is_stale(path: &Path, pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        // Being written right now, or garbage: only age can tell.
        return age_secs(path).is_some_and(|a| a > 5);
    };
    let proc = Path::new("/proc");
    if proc.join("self").exists() && !proc.join(pid.to_string()).exists() {
        return true;
    }
    age_secs(path).is_some_and(|a| a > STALE_LOCK_SECS)
}

fn age_secs(path: &Path) -> Option<u64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.elapsed().ok()?.as_secs())
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
