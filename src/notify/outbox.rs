//! Messages on their way: each is an `.eml` file (exactly the bytes to send, Message-ID
//! included) and a `.json` file beside it (the envelope, who has it, and what to record
//! once nobody waits for it). The `.json` is written last, so a listed message is always
//! complete. A message is put here before it is first sent; once nobody waits for it its
//! `.json` is renamed `.sent` until the state has recorded it.

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
    /// The Message-ID it got when it was planned: every try sends it with this one.
    #[serde(default)]
    pub message_id: String,
    /// The envelope sender (an address).
    pub from: String,
    /// The envelope recipients (addresses).
    pub to: Vec<String>,
    /// Recipients the server took it for.
    #[serde(default)]
    pub delivered: Vec<String>,
    /// Recipients the server refused for good (dropped from this message).
    #[serde(default)]
    pub refused: Vec<String>,
    /// The report's local day, for a daily report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
    /// The errors the message lists.
    #[serde(default)]
    pub errors: Vec<ErrorRef>,
    pub created: DateTime<Utc>,
}

impl Meta {
    /// Whether `address` has it already or was refused for it.
    #[must_use]
    pub fn answered(&self, address: &str) -> bool {
        self.delivered
            .iter()
            .chain(&self.refused)
            .any(|a| a.eq_ignore_ascii_case(address))
    }
}

/// A message waiting in the outbox.
#[derive(Debug, Clone)]
pub struct Queued {
    pub meta: Meta,
    pub eml: PathBuf,
    /// Its `.json` (or, once sent, its `.sent`) file.
    pub json: PathBuf,
    /// The server took it for everyone; the state may not have recorded it yet.
    pub sent: bool,
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
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "sent"))
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
                let sent = json.extension().is_some_and(|x| x == "sent");
                out.push(Queued {
                    meta,
                    eml,
                    json,
                    sent,
                });
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

/// Put a message in `dir`: the `.eml`, then its `.json`.
///
/// # Errors
/// [`NotifyError::Io`] when it cannot be written.
pub fn put(dir: &Path, stem: &str, bytes: &[u8], meta: Meta) -> Result<Queued, NotifyError> {
    let eml = dir.join(format!("{stem}.eml"));
    write_atomic(&eml, bytes)?;
    let queued = Queued {
        meta,
        eml,
        json: dir.join(format!("{stem}.json")),
        sent: false,
    };
    if let Err(e) = update(&queued) {
        // Without its `.json` the message is not an outbox entry; leave no stray `.eml`.
        let _ = std::fs::remove_file(&queued.eml);
        return Err(e);
    }
    Ok(queued)
}

/// Write a message's `.json` again (who has it now).
///
/// # Errors
/// [`NotifyError::Io`] when it cannot be written.
pub fn update(queued: &Queued) -> Result<(), NotifyError> {
    let text = serde_json::to_string_pretty(&queued.meta).unwrap_or_default() + "\n";
    write_atomic(&queued.json, text.as_bytes())
}

/// Mark a message as taken by the server for everyone: its `.json` becomes `.sent` (a
/// rename, which needs no free space), before anything else is written.
///
/// # Errors
/// [`NotifyError::Io`] when it cannot be renamed.
pub fn mark_sent(queued: &mut Queued) -> Result<(), NotifyError> {
    let sent = queued.json.with_extension("sent");
    std::fs::rename(&queued.json, &sent).map_err(NotifyError::io("rename", &queued.json))?;
    queued.json = sent;
    queued.sent = true;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        Meta {
            kind: "errors".to_owned(),
            subject: "s".to_owned(),
            message_id: "<m@x>".to_owned(),
            from: "a@x.example".to_owned(),
            to: vec!["b@x.example".to_owned()],
            delivered: Vec::new(),
            refused: Vec::new(),
            day: None,
            errors: Vec::new(),
            created: DateTime::<Utc>::default(),
        }
    }

    #[test]
    fn a_message_whose_json_cannot_be_written_leaves_no_eml_behind() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A folder where the `.json` goes: it cannot be written.
        std::fs::create_dir(dir.path().join("m.json")).unwrap_or_else(|e| panic!("{e}"));
        assert!(put(dir.path(), "m", b"bytes", meta()).is_err());
        assert!(!dir.path().join("m.eml").exists());
        let ok = put(dir.path(), "n", b"bytes", meta());
        assert!(ok.is_ok_and(|q| q.eml.exists() && q.json.exists()));
    }
}
