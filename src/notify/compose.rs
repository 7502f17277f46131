//! The two messages: their subjects, and one [`Letter`] each that the text part (`text`)
//! and the HTML part (`html`) are both written from, so the two parts say the same things
//! in the same order. The findings are grouped by [`crate::report::groups`], as in the
//! HTML report: root causes first, then the errors no cause explains, by rule. Pure.

use super::state::ErrorRef;
use super::{html, text};
use crate::finding::Finding;
use crate::report::groups::{self, Digest};
use crate::report::Report;
use crate::rules::Severity;
use crate::syncreport::SyncReport;
use chrono::NaiveDate;

/// At most this many findings of one rule are written out (all are counted and recorded).
pub const MAX_LISTED: usize = 10;

/// A message before addressing.
#[derive(Debug, Clone)]
pub struct Draft {
    /// `daily` or `errors`.
    pub kind: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The daily report's local day.
    pub day: Option<NaiveDate>,
    /// The errors the message lists.
    pub errors: Vec<ErrorRef>,
    /// A file sent along (the HTML report), by name.
    pub attachment: Option<(String, Vec<u8>)>,
}

/// What a message says, before it is written as text or HTML.
#[derive(Debug)]
pub struct Letter<'a> {
    pub title: String,
    /// The one sentence that says what matters most.
    pub lead: String,
    pub digest: Digest<'a>,
    /// The daily report's provisioning activity (the error email has none).
    pub sync: Option<&'a SyncReport>,
    /// Which exports and which window the message covers.
    pub covers: String,
}

/// The daily directory sync report for local day `day` in time zone `zone`.
#[must_use]
pub fn daily(day: NaiveDate, zone: &str, report: &Report) -> Draft {
    let errors: Vec<&Finding> = report
        .findings
        .loaded()
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let digest = groups::digest(report, &errors);
    let subject = format!(
        "Directory sync {day}: {}{}, {}",
        plural(errors.len(), "error", "errors"),
        causes_note(&digest),
        changes(report.sync.as_ref())
    );
    let letter = Letter {
        title: format!("Directory sync report for {day}"),
        lead: lead(&digest, "error", "errors"),
        sync: report.sync.as_ref(),
        covers: covers(report, Some(zone)),
        digest,
    };
    draft("daily", subject, &letter, Some(day), Vec::new())
}

/// The email about errors not reported before.
#[must_use]
pub fn errors(report: &Report, new: &[(&Finding, String)]) -> Draft {
    let selected: Vec<&Finding> = new.iter().map(|(f, _)| *f).collect();
    let digest = groups::digest(report, &selected);
    let subject = format!(
        "Directory sync errors: {} new{}",
        new.len(),
        match digest.causes.len() {
            0 => String::new(),
            n => format!(", {}", plural(n, "cause", "causes")),
        }
    );
    let letter = Letter {
        title: "New directory sync errors".to_owned(),
        lead: lead(&digest, "new error", "new errors"),
        sync: None,
        covers: covers(report, None),
        digest,
    };
    let refs = new
        .iter()
        .map(|(f, fingerprint)| ErrorRef {
            fingerprint: fingerprint.clone(),
            rule: f.rule.to_string(),
            message: f.message().clone(),
        })
        .collect();
    draft("errors", subject, &letter, None, refs)
}

fn draft(
    kind: &'static str,
    subject: String,
    letter: &Letter<'_>,
    day: Option<NaiveDate>,
    errors: Vec<ErrorRef>,
) -> Draft {
    Draft {
        kind,
        text: text::render(letter),
        html: html::render(letter),
        subject,
        day,
        errors,
        attachment: None,
    }
}

/// " (2 causes)" after the error count, or nothing.
fn causes_note(d: &Digest<'_>) -> String {
    match d.causes.len() {
        0 => String::new(),
        n => format!(" ({})", plural(n, "cause", "causes")),
    }
}

/// "83 changes", or "no sync log" when none was read.
fn changes(sync: Option<&SyncReport>) -> String {
    let Some(sync) = sync else {
        return "no sync log".to_owned();
    };
    let n: u64 = sync
        .totals
        .iter()
        .filter(|(k, _)| **k != "errors")
        .map(|(_, n)| n)
        .sum();
    plural(n as usize, "change", "changes")
}

/// "2 causes explain 18 of 20 new errors." and the like.
fn lead(d: &Digest<'_>, one: &str, many: &str) -> String {
    match (d.selected, d.causes.len()) {
        (0, _) => format!("No {many}."),
        (n, 0) => format!("{}, none with a known cause.", plural(n, one, many)),
        (n, c) => format!(
            "{} {} {} of {}.",
            plural(c, "cause", "causes"),
            if c == 1 { "explains" } else { "explain" },
            d.explained,
            plural(n, one, many)
        ),
    }
}

/// "Covers sync-log.csv (incydr-log), users.csv (console-users); events from ... to ...".
fn covers(report: &Report, zone: Option<&str>) -> String {
    let mut files: Vec<String> = Vec::new();
    for input in &report.summary.inputs {
        let name = std::path::Path::new(&input.path)
            .file_name()
            .map_or_else(|| input.path.clone(), |n| n.to_string_lossy().into_owned());
        let entry = format!("{} ({})", clean(&name), input.kind);
        if !files.contains(&entry) {
            files.push(entry);
        }
    }
    let exports = if files.is_empty() {
        "no exports".to_owned()
    } else {
        files.join(", ")
    };
    let window = report.sync.as_ref().map_or_else(
        || "no sync log, so no window".to_owned(),
        |s| {
            let t = |t: Option<chrono::DateTime<chrono::Utc>>| {
                t.map_or_else(
                    || "(no events)".to_owned(),
                    |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
                )
            };
            format!("events from {} to {}", t(s.window.since), t(s.window.until))
        },
    );
    let zone = zone.map_or_else(String::new, |z| format!(" (day in {z})"));
    format!("This message covers {exports}; {window}{zone}.")
}

/// Add to `draft` the list of inputs that could not be used, so its readers know what it
/// is missing.
pub fn note_unusable(draft: &mut Draft, unusable: &[String]) {
    if unusable.is_empty() {
        return;
    }
    let head = format!(
        "Warning: {} input file(s) could not be used, so this message may miss what they hold:",
        unusable.len()
    );
    let items: Vec<String> = unusable.iter().map(|u| clean(u)).collect();
    text::insert_note(&mut draft.text, &head, &items);
    html::insert_note(&mut draft.html, &head, &items);
}

/// The largest HTML report sent along; a larger one is left out with a note.
pub const ATTACH_LIMIT: usize = 2 * 1024 * 1024;

/// Send the HTML report (`page`) along with `draft`, or say why it is not.
pub fn attach_report(draft: &mut Draft, page: Vec<u8>) {
    if page.len() <= ATTACH_LIMIT {
        let head = "The full HTML report is attached (synclint-report.html): open it in a \
                    browser for every finding, the timeline and the inputs.";
        text::insert_note(&mut draft.text, head, &[]);
        html::insert_note(&mut draft.html, head, &[]);
        draft.attachment = Some(("synclint-report.html".to_owned(), page));
        return;
    }
    let head = format!(
        "The full HTML report ({:.1} MiB) is over the {} MiB limit for attachments and was \
         left out: run synclint check --format html=report.html to see it.",
        page.len() as f64 / (1024.0 * 1024.0),
        ATTACH_LIMIT / (1024 * 1024)
    );
    text::insert_note(&mut draft.text, &head, &[]);
    html::insert_note(&mut draft.html, &head, &[]);
}

/// `n thing` or `n things`.
#[must_use]
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "12 events for 3 users, last at 2026-11-28 06:55 UTC" (no user count when none is known).
#[must_use]
pub fn events(e: &crate::finding::EventStats) -> String {
    let mut out = plural(e.count as usize, "event", "events");
    if e.users > 0 {
        out.push_str(&format!(
            " for {}",
            plural(e.users as usize, "user", "users")
        ));
    }
    if let Some(t) = e.last_seen {
        out.push_str(&format!(", last at {}", t.format("%Y-%m-%d %H:%M UTC")));
    }
    out
}

/// "9 users: a, b, c and 6 more", or "2 findings" when they are about no user.
#[must_use]
pub fn who(group: &groups::RuleGroup<'_>, shown: usize) -> String {
    let users = group.users();
    if users.is_empty() {
        return plural(group.findings.len(), "finding", "findings");
    }
    let mut names: Vec<String> = users.iter().take(shown).map(|u| clean(u)).collect();
    let rest = users.len().saturating_sub(shown);
    let list = match rest {
        0 if names.len() > 1 => {
            let last = names.pop().unwrap_or_default();
            format!("{} and {last}", names.join(", "))
        }
        0 => names.join(""),
        n => format!("{} and {n} more", names.join(", ")),
    };
    format!("{}: {list}", plural(users.len(), "user", "users"))
}

/// "3 created", "1 role change": a count of the sync report in a sentence.
#[must_use]
pub fn count_of(key: &str, n: u64) -> String {
    let (one, many) = match key {
        "role_changes" => ("role change", "role changes"),
        "organization_moves" => ("organization move", "organization moves"),
        "errors" => ("error", "errors"),
        other => (other, other),
    };
    plural(n as usize, one, many)
}

/// One provider's non-zero sync report counts in a sentence ("3 created, 1 error"), or
/// "nothing"; the text and HTML parts both write it.
#[must_use]
pub fn provider_counts(totals: &crate::syncreport::Totals) -> String {
    let parts: Vec<String> = crate::syncreport::TOTAL_KEYS
        .iter()
        .filter_map(|k| {
            let n = totals.get(*k).copied().unwrap_or(0);
            (n > 0).then(|| count_of(k, n))
        })
        .collect();
    if parts.is_empty() {
        "nothing".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Control characters (line breaks from a log) become spaces, so a value cannot add lines.
#[must_use]
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
