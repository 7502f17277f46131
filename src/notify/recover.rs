//! Reading the state so that nothing is sent twice. A state file that was read but holds
//! no state (corrupt, empty, not UTF-8) or an outbox entry that cannot be read is renamed
//! aside, reported, and the run goes on from a safe state: what the damaged state still
//! says was sent (the daily report's date, the errors reported) is kept, so nothing it
//! names is sent again. A state file that exists but cannot be read at all (no
//! permission, a folder, a loop of links) stops the run before anything is sent, as what
//! it says cannot be known. A clock that reads earlier than the state shows it did before
//! is warned about, and what the state records is kept.

use super::error::NotifyError;
use super::state::{ReportedError, State};
use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;
use std::path::{Path, PathBuf};

/// Read the state at `path` for a run at `now`; a damaged one is set aside and what can be
/// read of it kept. Returns the state, marked as written by a run at `now`, and the
/// warnings for the run to show: that the file was damaged, that the clock went back.
///
/// # Errors
/// [`NotifyError::StateUnreadable`] when the file exists but cannot be read;
/// [`NotifyError::State`] when a damaged file cannot be renamed.
pub fn load_state(path: &Path, now: DateTime<Utc>) -> Result<(State, Vec<String>), NotifyError> {
    let mut notes = Vec::new();
    let mut state = match std::fs::read(path) {
        Ok(bytes) => match parse(&bytes) {
            Ok(state) => state,
            Err(reason) => {
                let text = String::from_utf8_lossy(&bytes);
                let (state, note) = damaged(path, &text, &reason, now)?;
                notes.push(note);
                state
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
            version: 1,
            ..State::default()
        },
        // Going on would send again whatever the file says was sent.
        Err(source) => {
            return Err(NotifyError::StateUnreadable {
                path: path.display().to_string(),
                source,
            })
        }
    };
    notes.extend(state.clock_went_back(now));
    state.last_run = Some(now);
    Ok((state, notes))
}

/// The state `bytes` hold, or why they hold none.
fn parse(bytes: &[u8]) -> Result<State, String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err("it is not UTF-8 text".to_owned());
    };
    match serde_json::from_str::<State>(text) {
        Ok(state) => Ok(state),
        Err(_) if text.trim().is_empty() => Err("it is empty".to_owned()),
        Err(e) => Err(format!("it is not a state file ({e})")),
    }
}

/// Set the damaged state at `path` aside and keep what its `text` still says; returns
/// that and a warning saying so.
fn damaged(
    path: &Path,
    text: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(State, String), NotifyError> {
    let aside = set_aside(path, &format!("bad-{}", now.format("%Y%m%dT%H%M%SZ")))?;
    let state = salvage(text, now);
    let kept = match state.last_daily {
        Some(day) => format!(
            "the daily report date {day} and {} reported error(s)",
            state.reported_errors.len()
        ),
        None => format!("{} reported error(s)", state.reported_errors.len()),
    };
    let note = format!(
        "warning: the state file {} was damaged ({reason}): set aside as {}; kept {kept}",
        path.display(),
        aside.display()
    );
    Ok((state, note))
}

/// What a damaged state's text still says: the daily report's date, the last run's time
/// and the fingerprints of reported errors.
fn salvage(text: &str, now: DateTime<Utc>) -> State {
    let mut state = State {
        version: 1,
        ..State::default()
    };
    let day = Regex::new(r#""last_daily"\s*:\s*"(\d{4}-\d{2}-\d{2})""#)
        .ok()
        .and_then(|re| re.captures(text))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<NaiveDate>().ok());
    state.last_daily = day;
    state.last_run = Regex::new(r#""last_run"\s*:\s*"([^"]+)""#)
        .ok()
        .and_then(|re| re.captures(text))
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse::<DateTime<Utc>>().ok());
    let entry = Regex::new(r#""([0-9a-f]{64})"\s*:\s*\{(?:\s*"rule"\s*:\s*"([^"\\]*)")?"#);
    if let Ok(re) = entry {
        for c in re.captures_iter(text) {
            let (Some(id), rule) = (c.get(1), c.get(2)) else {
                continue;
            };
            state.reported_errors.insert(
                id.as_str().to_owned(),
                ReportedError {
                    rule: rule.map_or("unknown", |r| r.as_str()).to_owned(),
                    message: "recovered from a damaged state file".to_owned(),
                    reported: now,
                    last_seen: now,
                },
            );
        }
    }
    state
}

/// Rename `path` to `path.SUFFIX` (or `path.SUFFIX-N` when that is taken).
///
/// # Errors
/// [`NotifyError::State`] naming the file when it cannot be renamed.
pub fn set_aside(path: &Path, suffix: &str) -> Result<PathBuf, NotifyError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    let mut target = path.with_file_name(&name);
    let mut n = 1;
    while target.exists() && n < 1000 {
        let mut numbered = name.clone();
        numbered.push(format!("-{n}"));
        target = path.with_file_name(numbered);
        n += 1;
    }
    std::fs::rename(path, &target).map_err(|e| NotifyError::State {
        path: path.display().to_string(),
        reason: format!(
            "it is damaged and cannot be set aside as {}: {e}",
            target.display()
        ),
    })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salvages_the_date_and_fingerprints_of_a_cut_file() {
        let id = "a".repeat(64);
        let text = format!(
            "{{\"version\": 1, \"last_daily\": \"2026-11-28\", \"last_run\": \"2026-11-28T09:00:00Z\", \"reported_errors\": {{\"{id}\": {{\"rule\": \"r1\", \"mess"
        );
        let state = salvage(&text, Utc::now());
        assert_eq!(state.last_daily, NaiveDate::from_ymd_opt(2026, 11, 28));
        assert_eq!(state.last_run, "2026-11-28T09:00:00Z".parse().ok());
        assert_eq!(state.reported_errors[&id].rule, "r1");
    }

    #[test]
    fn a_state_that_cannot_be_read_is_an_error_and_stays_where_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::create_dir(&path).unwrap();
        let Err(NotifyError::StateUnreadable {
            path: named,
            source,
        }) = load_state(&path, Utc::now())
        else {
            panic!("a folder is not a damaged state");
        };
        assert_eq!(named, path.display().to_string());
        assert_eq!(source.kind(), std::io::ErrorKind::IsADirectory);
        assert!(path.is_dir());
    }
}
