//! Delivering messages by mode: sent over SMTP (or queued in the outbox when that
//! fails), written as `.eml` files, or shown for `--dry-run`; and the outbox's flush.
//! The state records a message only once the server accepted it (or its file is written).

use super::compose::Draft;
use super::error::NotifyError;
use super::mail::{self, Addressing};
use super::outbox::{self, Meta, Queued};
use super::smtp::Sender;
use super::state::{write_atomic, State};
use super::{Mode, Options, Outcome};
use crate::config::notifications::Notifications;
use crate::error::Error;
use chrono::{DateTime, Utc};

/// Send what waits in the outbox, oldest first; returns what still waits.
pub(super) fn flush(
    sender: &Sender,
    queued: Vec<Queued>,
    state: &mut State,
    settings: &Notifications,
    now: DateTime<Utc>,
    out: &mut Outcome,
) -> Result<Vec<Queued>, Error> {
    let mut left = Vec::new();
    for q in queued {
        let bytes = std::fs::read(&q.eml).map_err(NotifyError::io("read", &q.eml))?;
        match all_or_reason(sender.send(&q.meta.from, &q.meta.to, &bytes)) {
            Ok(()) => {
                state.record(q.meta.day, &q.meta.errors, now);
                state.save(&settings.state_file)?;
                outbox::remove(&q)?;
                out.lines.push(format!(
                    "sent from outbox: {} to {} recipient(s)",
                    q.meta.subject,
                    q.meta.to.len()
                ));
            }
            Err(reason) => {
                out.lines.push(format!(
                    "still queued in outbox: {} ({reason})",
                    q.meta.subject
                ));
                out.undelivered += 1;
                out.reason = reason;
                left.push(q);
            }
        }
    }
    Ok(left)
}

#[allow(clippy::too_many_arguments)] // one delivery step with the run's context
pub(super) fn deliver(
    draft: &Draft,
    to: &Addressing,
    opts: &Options,
    sender: Option<&Sender>,
    settings: &Notifications,
    state: &mut State,
    now: DateTime<Utc>,
    out: &mut Outcome,
) -> Result<(), Error> {
    let built = mail::build(draft, to, now)?;
    let count = built.envelope_to.len();
    let meta = Meta {
        kind: draft.kind.to_owned(),
        subject: draft.subject.clone(),
        from: built.envelope_from.clone(),
        to: built.envelope_to.clone(),
        day: draft.day,
        errors: draft.errors.clone(),
        created: now,
    };
    match (&opts.mode, sender) {
        (Mode::DryRun, _) => {
            out.lines.push(format!(
                "would send: {} to {count} recipient(s)",
                draft.subject
            ));
            out.previews.push(mail::preview(draft, to, &built));
        }
        (Mode::OutDir(dir), _) => {
            let path = dir.join(format!("{}.eml", mail::stem(draft, &built, now)));
            write_atomic(&path, &built.bytes)?;
            state.record(draft.day, &draft.errors, now);
            state.save(&settings.state_file)?;
            out.lines
                .push(format!("written: {} -> {}", draft.subject, path.display()));
        }
        (Mode::Send, Some(sender)) => {
            match all_or_reason(sender.send(&meta.from, &meta.to, &built.bytes)) {
                Ok(()) => {
                    state.record(draft.day, &draft.errors, now);
                    state.save(&settings.state_file)?;
                    out.lines.push(format!(
                        "sent: {} to {count} recipient(s) via {}",
                        draft.subject, sender.server_name
                    ));
                }
                Err(reason) => {
                    let stem = mail::stem(draft, &built, now);
                    let path = outbox::put(&settings.outbox, &stem, &built.bytes, &meta)?;
                    out.lines.push(format!(
                        "queued in outbox: {} ({reason}) -> {}",
                        draft.subject,
                        path.display()
                    ));
                    out.undelivered += 1;
                    out.reason = reason;
                }
            }
        }
        (Mode::Send, None) => {}
    }
    Ok(())
}

fn all_or_reason(d: super::smtp::Delivery) -> Result<(), String> {
    match d.rejected.first() {
        Some((who, why)) => Err(format!("{who}: {why}")),
        None if d.deferred.is_empty() => Ok(()),
        None => Err(d.reason),
    }
}
