//! Going on after a damaged file: a state file that is not a state (corrupt, empty, a
//! folder) or an outbox entry that cannot be read is renamed aside, reported, and the run
//! goes on from a safe state. What the damaged state still says was sent (the daily
//! report's date, the errors reported) is kept, so nothing it names is sent again.

use super::error::NotifyError;
use super::state::{ReportedError, State};
use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;
use std::path::{Path, PathBuf};

/// Read the state at `path`; a damaged one is set aside and what can be read of it kept.
/// Returns the state and, when it was damaged, a line saying so.
///
/// # Errors
/// [`NotifyError::State`] when a damaged file cannot even be renamed.
pub fn load_state(path: &Path, now: DateTime<Utc>) -> Result<(State, Option<String>), NotifyError> {
    let fresh = State {
        version: 1,
        ..State::default()
    };
    let (text, reason) = match std::fs::read_to_string(path) {
        Ok(text) => match serde_json::from_str::<State>(&text) {
            Ok(state) => return Ok((state, None)),
            Err(_) if text.trim().is_empty() => (text, "it is empty".to_owned()),
            Err(e) => (text, format!("it is not a state file ({e})")),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((fresh, None)),
        Err(e) => (String::new(), format!("it cannot be read ({e})")),
    };
    let aside = set_aside(path, &format!("bad-{}", now.format("%Y%m%dT%H%M%SZ")))?;
    let state = salvage(&text, now);
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
    Ok((state, Some(note)))
}

/// What a damaged state's text still says: the daily report's date and the fingerprints
/// of reported errors.
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
            "{{\"version\": 1, \"last_daily\": \"2026-11-28\", \"reported_errors\": {{\"{id}\": {{\"rule\": \"r1\", \"mess"
        );
        let state = salvage(&text, Utc::now());
        assert_eq!(state.last_daily, NaiveDate::from_ymd_opt(2026, 11, 28));
        assert_eq!(state.reported_errors[&id].rule, "r1");
    }
}
