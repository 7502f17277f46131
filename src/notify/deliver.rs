//! Delivering messages by mode: sent over SMTP, written as `.eml` files, or shown for
//! `--dry-run`; and the outbox's flush.
//!
//! Sending is write-ahead: a message (with the Message-ID it got when it was planned) is
//! put in the outbox before the first byte goes to the server, and every later try sends
//! those same bytes. Each recipient is answered on its own: the server took it, refused it
//! for good (reported, dropped from that message), or it waits for the next run. A message
//! waiting in the outbox goes to the recipients configured *now*, less those who have it.
//! Once nobody waits, the entry is first renamed to `.sent` (a rename needs no free
//! space), then the state records it, then the entry is removed; a run that finds a
//! `.sent` entry records it and sends nothing.

use super::compose::Draft;
use super::error::NotifyError;
use super::mail::{self, Addressing};
use super::outbox::{self, Meta, Queued};
use super::smtp::Sender;
use super::state::{write_atomic, State};
use super::{Mode, Options, Outcome};
use crate::config::notifications::Notifications;
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

/// What every delivery of one run shares.
pub(super) struct Run<'a> {
    pub opts: &'a Options,
    pub sender: Option<&'a Sender>,
    pub settings: &'a Notifications,
    /// The sender and the recipients configured now.
    pub to: &'a Addressing,
    pub now: DateTime<Utc>,
}

/// Record the messages a server took whose state was not written yet (`.sent` entries);
/// returns the others.
pub(super) fn settle(
    queued: Vec<Queued>,
    state: &mut State,
    settings: &Notifications,
    now: DateTime<Utc>,
    out: &mut Outcome,
) -> Result<Vec<Queued>, NotifyError> {
    let (sent, waiting): (Vec<Queued>, Vec<Queued>) = queued.into_iter().partition(|q| q.sent);
    for q in &sent {
        state.record(q.meta.day, &q.meta.errors, now);
    }
    if !sent.is_empty() {
        state.save(&settings.state_file)?;
    }
    for q in &sent {
        outbox::remove(q)?;
        out.lines.push(format!(
            "recorded: {} was accepted by the server before ({}); not sent again",
            q.meta.subject, q.meta.message_id
        ));
    }
    Ok(waiting)
}

/// Send what waits in the outbox, oldest first; returns what still waits.
pub(super) fn flush(
    run: &Run<'_>,
    queued: Vec<Queued>,
    state: &mut State,
    out: &mut Outcome,
) -> Result<Vec<Queued>, NotifyError> {
    let mut left = Vec::new();
    for mut q in queued {
        if !send_queued(run, &mut q, state, out, "sent from outbox")? {
            left.push(q);
        }
    }
    Ok(left)
}

/// Deliver one new message as the run's mode says.
pub(super) fn deliver(
    run: &Run<'_>,
    draft: &Draft,
    state: &mut State,
    out: &mut Outcome,
) -> Result<(), NotifyError> {
    let built = mail::build(draft, run.to, run.now)?;
    let count = built.envelope_to.len();
    let stem = mail::stem(draft, &built, run.now);
    match &run.opts.mode {
        Mode::DryRun => {
            out.lines.push(format!(
                "would send: {} to {count} recipient(s)",
                draft.subject
            ));
            out.previews.push(mail::preview(draft, run.to, &built));
        }
        Mode::OutDir(dir) => {
            let path = dir.join(format!("{stem}.eml"));
            write_atomic(&path, &built.bytes)?;
            state.record(draft.day, &draft.errors, run.now);
            state.save(&run.settings.state_file)?;
            out.lines
                .push(format!("written: {} -> {}", draft.subject, path.display()));
        }
        Mode::Preview(dir) => {
            std::fs::create_dir_all(dir).map_err(NotifyError::io("create", dir))?;
            let eml = dir.join(format!("{}.eml", draft.kind));
            write_atomic(&eml, &built.bytes)?;
            write_atomic(
                &dir.join(format!("{}.html", draft.kind)),
                draft.html.as_bytes(),
            )?;
            out.lines.push(format!(
                "preview: {} -> {} (and .html)",
                draft.subject,
                eml.display()
            ));
        }
        Mode::Send => {
            let meta = Meta {
                kind: draft.kind.to_owned(),
                subject: draft.subject.clone(),
                message_id: built.message_id.clone(),
                from: built.envelope_from.clone(),
                to: built.envelope_to.clone(),
                day: draft.day,
                errors: draft.errors.clone(),
                created: run.now,
                delivered: Vec::new(),
                refused: Vec::new(),
            };
            let mut q = outbox::put(&run.settings.outbox, &stem, &built.bytes, meta)?;
            let done = send_queued(run, &mut q, state, out, "sent")?;
            if !done && state.frozen {
                // Left in the outbox, a test run's message would reach people with the
                // next real run, and its errors would count as sent.
                outbox::remove(&q)?;
                out.lines.push(format!(
                    "not queued: {} (this run records nothing, so what it could not send is \
                     dropped, not left for the next run)",
                    draft.subject
                ));
            }
        }
    }
    Ok(())
}

/// Try a message of the outbox with the recipients configured now; returns whether it is
/// done with (nobody waits for it any more).
fn send_queued(
    run: &Run<'_>,
    q: &mut Queued,
    state: &mut State,
    out: &mut Outcome,
    verb: &str,
) -> Result<bool, NotifyError> {
    let Some(sender) = run.sender else {
        return Ok(false);
    };
    let to: Vec<String> = addresses(&run.to.to)
        .into_iter()
        .filter(|a| !q.meta.answered(a))
        .collect();
    if to.is_empty() {
        finish(run, q, state, out, verb)?;
        return Ok(true);
    }
    if let Some(why) = sender.out_of_time() {
        wait(q, to.len(), why, out);
        return Ok(false);
    }
    let bytes = std::fs::read(&q.eml).map_err(NotifyError::io("read", &q.eml))?;
    // The envelope sender configured now: one the server refused for good must not keep
    // a message in the outbox after the configuration is fixed.
    if let Some(from) = addresses(std::slice::from_ref(&run.to.from)).pop() {
        if from != q.meta.from {
            out.lines.push(format!(
                "outbox: {} goes out from {from}, the sender configured now (it was queued \
                 from {})",
                q.meta.subject, q.meta.from
            ));
            q.meta.from = from;
        }
    }
    let done = sender.send(&q.meta.from, &to, &bytes);
    q.meta.delivered.extend(done.accepted);
    if let Some(reply) = &done.message_refused {
        out.lines.push(format!(
            "refused: the server would not take {} itself (its reply to the message: {}); \
             the addresses are not the cause",
            q.meta.subject,
            super::compose::clean(reply)
        ));
        out.refused_messages.push(q.meta.subject.clone());
        q.meta
            .refused
            .extend(done.rejected.into_iter().map(|(who, _)| who));
        finish(run, q, state, out, verb)?;
        return Ok(true);
    }
    for (who, reply) in done.rejected {
        out.lines.push(format!(
            "refused: {who} will not get {} (the server said: {}); dropped from this message",
            q.meta.subject,
            super::compose::clean(&reply)
        ));
        out.refused.push(who.clone());
        q.meta.refused.push(who);
    }
    if done.deferred.is_empty() {
        finish(run, q, state, out, verb)?;
        return Ok(true);
    }
    outbox::update(q)?;
    wait(q, done.deferred.len(), &done.reason, out);
    Ok(false)
}

fn wait(q: &Queued, count: usize, reason: &str, out: &mut Outcome) {
    out.lines.push(format!(
        "queued in outbox: {} for {count} recipient(s) ({reason}) -> {}",
        q.meta.subject,
        q.eml.display()
    ));
    out.undelivered += 1;
    reason.clone_into(&mut out.reason);
}

/// Nobody waits for `q`: mark it sent, record it, take it out of the outbox.
fn finish(
    run: &Run<'_>,
    q: &mut Queued,
    state: &mut State,
    out: &mut Outcome,
    verb: &str,
) -> Result<(), NotifyError> {
    outbox::mark_sent(q)?;
    if q.meta.delivered.is_empty() {
        out.lines.push(format!(
            "not delivered: every recipient refused {}; what it lists is reported again next time",
            q.meta.subject
        ));
    } else {
        state.record(q.meta.day, &q.meta.errors, run.now);
        state.save(&run.settings.state_file)?;
        let via = run
            .sender
            .map_or(String::new(), |s| format!(" via {}", s.server_name));
        out.lines.push(format!(
            "{verb}: {} to {} recipient(s){via}",
            q.meta.subject,
            q.meta.delivered.len()
        ));
    }
    outbox::remove(q)?;
    Ok(())
}

/// The bare addresses of mailboxes such as `Ops <ops@x.example>`, as they are sent
/// (an international domain in its ASCII form, see [`mail::ascii_domain`]).
fn addresses(mailboxes: &[String]) -> Vec<String> {
    mailboxes
        .iter()
        .filter_map(|m| m.parse::<Mailbox>().ok())
        .filter_map(mail::ascii_domain)
        .map(|m| m.email.to_string())
        .collect()
}
