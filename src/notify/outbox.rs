//! Messages that could not be delivered yet: each is an `.eml` file (exactly the bytes to
//! send) and a `.json` file beside it (the envelope, and what to record once the server
//! accepts it). The `.json` is written last, so a listed message is always complete.

use super::error::NotifyError;
use super::state::{write_atomic, ErrorRef};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a message is, who it goes to, and what its delivery records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// `daily` or `errors`.
    pub kind: String,
    pub subject: String,
    /// The envelope sender (an address).
    pub from: String,
    /// The envelope recipients (addresses).
    pub to: Vec<String>,
    /// The report's local day, for a daily report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
    /// The errors the message lists.
    #[serde(default)]
    pub errors: Vec<ErrorRef>,
    pub created: DateTime<Utc>,
}

/// A message waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Queued {
    pub meta: Meta,
    pub eml: PathBuf,
    pub json: PathBuf,
}

/// The messages waiting in `dir`, oldest first (a missing folder holds none), and a
/// warning for each entry that could not be read (set aside as `NAME.bad`).
///
/// # Errors
/// [`NotifyError::Io`] when the folder cannot be read, [`NotifyError::State`] when a
/// damaged entry cannot be set aside.
pub fn list(dir: &Path) -> Result<(Vec<Queued>, Vec<String>), NotifyError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(NotifyError::io("read", dir)(e)),
    };
    let mut jsons: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !is_hidden(p))
        .collect();
    jsons.sort();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for json in jsons {
        let eml = json.with_extension("eml");
        let read = std::fs::read_to_string(&json)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                serde_json::from_str::<Meta>(&t).map_err(|e| format!("not a queued message: {e}"))
            });
        let problem = match read {
            Ok(meta) if eml.is_file() => {
                out.push(Queued { meta, eml, json });
                continue;
            }
            Ok(_) => format!("its message file {} is missing", eml.display()),
            Err(e) => e,
        };
        let aside = super::recover::set_aside(&json, "bad")?;
        if eml.exists() {
            super::recover::set_aside(&eml, "bad")?;
        }
        notes.push(format!(
            "warning: the outbox entry {} could not be used ({problem}): set aside as {}",
            json.display(),
            aside.display()
        ));
    }
    Ok((out, notes))
}

/// Put a message in `dir`: the `.eml`, then its `.json`. Returns the `.eml` path.
///
/// # Errors
/// [`NotifyError::Io`] when it cannot be written.
pub fn put(dir: &Path, stem: &str, bytes: &[u8], meta: &Meta) -> Result<PathBuf, NotifyError> {
    let eml = dir.join(format!("{stem}.eml"));
    write_atomic(&eml, bytes)?;
    let text = serde_json::to_string_pretty(meta).unwrap_or_default() + "\n";
    write_atomic(&dir.join(format!("{stem}.json")), text.as_bytes())?;
    Ok(eml)
}

/// Take a delivered message out of the outbox (its `.json` first).
///
/// # Errors
/// [`NotifyError::Io`] when a file cannot be removed.
pub fn remove(queued: &Queued) -> Result<(), NotifyError> {
    std::fs::remove_file(&queued.json).map_err(NotifyError::io("remove", &queued.json))?;
    match std::fs::remove_file(&queued.eml) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(NotifyError::io("remove", &queued.eml)(e))
        }
        _ => Ok(()),
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}
