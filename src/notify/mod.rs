//! Email notifications: `synclint notify` decides what is due (the daily directory sync
//! report, an email about new errors), sends it over SMTP, and records it; `synclint watch`
//! does that on a schedule.
//!
//! The decisions (`plan`), recipients (`recipients`) and message texts (`compose`, `html`)
//! are pure; reading inputs (`inputs`), the state and its lock (`state`), the outbox
//! (`outbox`) and SMTP (`smtp`) do the I/O. Output goes to the writer the caller passes.

pub mod compose;
mod deliver;
mod error;
pub mod html;
mod inputs;
pub mod mail;
pub mod outbox;
pub mod plan;
pub mod recipients;
mod recover;
mod session;
mod smtp;
pub mod state;
pub mod text;
pub mod watch;

pub use error::NotifyError;

pub use crate::options::Mode;

use crate::config::notifications::{Frequency, Notifications};
use crate::error::Error;
use crate::exit;
use crate::options::{InputOptions, NotifyOptions};
use crate::report::Render as _;
use crate::rules::load::RuleSources;
use chrono::{DateTime, Utc};
use compose::Draft;
use mail::Addressing;
use outbox::Meta;
use plan::Daily;
use smtp::Sender;
use state::Lock;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// One run's inputs.
#[derive(Debug, Clone)]
pub struct Options {
    pub input: InputOptions,
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub mode: Mode,
    /// Record what is sent in the state file (off for `--now` without `--write-state`).
    pub write_state: bool,
    /// Set by `watch` on SIGINT/SIGTERM: start no more SMTP work.
    pub stop: Option<Arc<AtomicBool>>,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One line per decision: sent, not due, nothing new, queued in the outbox.
    pub lines: Vec<String>,
    /// With `--dry-run`: each message's headers and text part.
    pub previews: Vec<String>,
    /// Messages left in the outbox.
    pub undelivered: usize,
    /// Why the last one could not be delivered.
    pub reason: String,
    /// The outbox folder.
    pub outbox: PathBuf,
    /// Recipients a server refused for good (each dropped from its message).
    pub refused: Vec<String>,
    /// Subjects of messages a server refused as a whole (not for their addresses).
    pub refused_messages: Vec<String>,
    /// Inputs that could not be used ("path: reason"): the run exits 4, like `check`.
    pub unusable: Vec<String>,
}

/// `synclint notify`: one run; its decisions are written to `out`.
///
/// # Errors
/// Whatever stopped the run; [`NotifyError::Undelivered`] (after the decisions are written)
/// when a message waits in the outbox.
pub fn notify(args: &NotifyOptions, out: &mut dyn Write) -> Result<u8, NotifyError> {
    let opts = Options {
        input: args.input.clone(),
        config: args.config.clone(),
        rules: args.rules.clone(),
        mode: args.mode.clone(),
        write_state: args.write_state,
        stop: None,
    };
    let outcome = cycle(&opts, args.now)?;
    let mut text = String::new();
    for line in &outcome.lines {
        text.push_str(&crate::text::terminal(line));
        text.push('\n');
    }
    for (i, preview) in outcome.previews.iter().enumerate() {
        text.push_str(&format!(
            "\n---- message {} of {} ----\n",
            i + 1,
            outcome.previews.len()
        ));
        text.push_str(preview);
    }
    out.write_all(text.as_bytes()).map_err(|source| {
        NotifyError::from(Error::Output {
            path: "standard output".to_owned(),
            source,
        })
    })?;
    if !outcome.unusable.is_empty() {
        return Err(NotifyError::Inputs {
            count: outcome.unusable.len(),
            list: outcome.unusable.join("; "),
        });
    }
    if outcome.undelivered > 0 {
        return Err(NotifyError::Undelivered {
            count: outcome.undelivered,
            outbox: outcome.outbox.display().to_string(),
            reason: outcome.reason,
        });
    }
    if !outcome.refused_messages.is_empty() {
        return Err(NotifyError::MessageRefused {
            list: outcome.refused_messages.join("; "),
        });
    }
    if !outcome.refused.is_empty() {
        return Err(NotifyError::Refused {
            list: outcome.refused.join(", "),
        });
    }
    Ok(exit::OK)
}

/// One run: flush the outbox, check the inputs, decide, deliver, record.
///
/// # Errors
/// A bad configuration, no recipients, a held lock, an unreadable state, a failed write.
pub fn cycle(opts: &Options, now: DateTime<Utc>) -> Result<Outcome, NotifyError> {
    let path = inputs::config_path(opts)?;
    let config = inputs::load_config(&path)?;
    let Some(settings) = config.notifications else {
        return Err(NotifyError::NotConfigured {
            path: path.display().to_string(),
        });
    };
    let mut out = Outcome {
        outbox: settings.outbox.clone(),
        ..Outcome::default()
    };
    if settings.frequency == Frequency::Never {
        out.lines
            .push("notifications are off (frequency: never): nothing sent".to_owned());
        return Ok(out);
    }
    let preview = matches!(opts.mode, Mode::Preview(_));
    let dry = opts.mode == Mode::DryRun || preview;
    let _lock = if dry {
        None
    } else {
        Some(Lock::acquire(&Lock::path_for(&settings.state_file))?)
    };
    let (mut state, damaged) = recover::load_state(&settings.state_file, now)?;
    out.lines.extend(damaged);
    state.frozen = !opts.write_state;
    let today = now.with_timezone(&settings.timezone).date_naive();
    let sender = match (&opts.mode, &settings.smtp) {
        (Mode::Send, Some(smtp)) => Some(Sender::new(smtp, opts.stop.clone())?),
        (Mode::Send, None) => {
            return Err(NotifyError::NoSmtp {
                path: path.display().to_string(),
            })
        }
        _ => None,
    };
    let (mut queued, bad_entries) = outbox::list(&settings.outbox)?;
    out.lines.extend(bad_entries);
    // A run that records nothing (`--now` without `--write-state`) leaves the outbox as
    // it is: what it sent or recorded from there would be sent again by the next run.
    let takes_outbox = sender.is_some() && !state.frozen;
    if takes_outbox {
        queued = deliver::settle(queued, &mut state, &settings, now, &mut out)?;
    }
    let (mut report, unusable) = inputs::check(opts, &path, now)?;
    // The messages list and compare errors over and over: all of them in memory.
    report.findings.load().map_err(Error::findings_lost)?;
    out.lines.extend(
        unusable
            .iter()
            .map(|u| format!("input not used: {}", compose::clean(u))),
    );
    out.unusable = unusable;
    let sync = report.sync.as_ref();
    out.lines
        .extend(sync.and_then(crate::syncreport::render::no_events));
    let to = addressing(&settings, &report, &mut out)?;
    let run = deliver::Run {
        opts,
        sender: sender.as_ref(),
        settings: &settings,
        to: &to,
        now,
    };
    if takes_outbox {
        queued = deliver::flush(&run, queued, &mut state, &mut out)?;
    } else if !queued.is_empty() {
        out.lines.push(format!(
            "outbox: {} message(s) wait in {} (sent by the next run that records what it \
             sends: without --dry-run/--out-dir, and without --now unless --write-state)",
            queued.len(),
            settings.outbox.display()
        ));
    }
    let metas: Vec<Meta> = queued.iter().map(|q| q.meta.clone()).collect();
    let plan = if preview {
        // As if nothing had been sent: both messages, over every current error.
        let mut plan = plan::decide(
            &settings,
            &state::State::default(),
            &[],
            report.findings.loaded(),
            now,
        );
        plan.daily = Daily::Due(today);
        plan
    } else {
        plan::decide(&settings, &state, &metas, report.findings.loaded(), now)
    };
    let mut drafts = drafts(&settings, &plan, &report, &mut out);
    if !dry {
        state.seen(&plan.current_errors, now);
    }
    for draft in &mut drafts {
        compose::note_unusable(draft, &out.unusable);
        deliver::deliver(&run, draft, &mut state, &mut out)?;
    }
    if !dry {
        state.save(&settings.state_file)?;
    }
    Ok(out)
}

/// The sender and the recipients configured now.
fn addressing(
    settings: &Notifications,
    report: &crate::report::Report,
    out: &mut Outcome,
) -> Result<Addressing, NotifyError> {
    let (users, roles) = inputs::console_snapshot(report);
    let found = recipients::resolve(
        &settings.recipients,
        settings.customer_cloud_admins,
        &users,
        &roles,
    );
    out.lines
        .extend(found.notes.iter().map(|n| format!("recipients: {n}")));
    if found.mailboxes.is_empty() {
        let detail = if users.is_empty() || roles.is_empty() {
            "`recipients` is empty, and the inputs hold no console users and user roles exports to find Customer Cloud Admins in".to_owned()
        } else {
            format!(
                "`recipients` is empty, and no active console user holds the Customer Cloud Admin role ({} console user(s) read)",
                users.len()
            )
        };
        return Err(NotifyError::NoRecipients { detail });
    }
    Ok(Addressing {
        from: settings.from.clone().unwrap_or_default(),
        reply_to: settings.reply_to.clone(),
        to: found.mailboxes,
    })
}

/// The messages the plan calls for; a line for each that is not due.
fn drafts(
    settings: &Notifications,
    plan: &plan::Plan<'_>,
    report: &crate::report::Report,
    out: &mut Outcome,
) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let zone = settings.timezone.name();
    match &plan.daily {
        Daily::Off => {}
        Daily::Due(day) => drafts.push(compose::daily(*day, zone, report)),
        Daily::NotDue(at) => out.lines.push(format!(
            "not due: daily report (due at {})",
            at.format("%Y-%m-%d %H:%M %Z")
        )),
        Daily::Sent(day) => out.lines.push(format!(
            "not due: daily report for {day} already sent (next at {})",
            plan::daily_after(settings, *day).format("%Y-%m-%d %H:%M %Z")
        )),
        Daily::Queued(day) => out.lines.push(format!(
            "queued: daily report for {day} waits in the outbox"
        )),
    }
    if plan.new_errors.is_empty() {
        out.lines.push(format!(
            "nothing new: no new errors ({} known)",
            plan.current_errors.len()
        ));
    } else {
        drafts.push(compose::errors(report, &plan.new_errors));
    }
    if settings.attach_report && !drafts.is_empty() {
        let mut page = Vec::new();
        match crate::report::html::Html.render(report, &mut page) {
            Ok(()) => drafts
                .iter_mut()
                .for_each(|d| compose::attach_report(d, page.clone())),
            Err(e) => out.lines.push(format!(
                "the HTML report could not be made, so it is not attached: {e}"
            )),
        }
    }
    drafts
}

/// An error and its chain of causes on one line, for logs and outbox notes. (No error of
/// this module holds the SMTP password.)
pub(crate) fn one_line(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text.replace(['\r', '\n'], " ")
}
