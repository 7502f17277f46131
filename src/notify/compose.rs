//! The messages' subjects and text parts (the HTML parts are in `html`). Pure.

use super::html;
use super::state::ErrorRef;
use crate::finding::Finding;
use crate::report::Report;
use crate::rules::Severity;
use crate::syncreport::{render, SyncReport};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// At most this many errors are written out in one message (all are counted and recorded).
pub const MAX_LISTED: usize = 200;

/// Short labels of the sync report's counts, for subjects.
const SHORT: &[(&str, &str)] = &[
    ("created", "created"),
    ("updated", "updated"),
    ("deactivated", "deactivated"),
    ("reactivated", "reactivated"),
    ("deleted", "deleted"),
    ("role_changes", "role changes"),
    ("organization_moves", "organization moves"),
];

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
}

/// The daily directory sync report for local day `day` in time zone `zone`.
#[must_use]
pub fn daily(day: NaiveDate, zone: &str, report: &Report) -> Draft {
    let errors: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let subject = format!(
        "Directory sync report for {day}: {}",
        counts(report.sync.as_ref(), errors.len())
    );
    let mut text = format!("Directory sync report for {day} ({zone}): the past 24 hours.\n\n");
    match &report.sync {
        Some(sync) => text.push_str(&render::human(sync)),
        None => {
            text.push_str("No sync log was among the inputs: no provisioning activity to report.\n")
        }
    }
    let _ = writeln!(text, "\n{}", findings_line(report));
    if !errors.is_empty() {
        let _ = writeln!(text, "\nErrors:");
        for f in errors.iter().take(MAX_LISTED) {
            let _ = writeln!(text, "  - [{}] {}", f.rule, clean(&f.message));
        }
        more(&mut text, errors.len());
    }
    text.push_str(FOOTER);
    Draft {
        kind: "daily",
        html: html::daily(day, zone, report, &errors, &findings_line(report)),
        subject,
        text,
        day: Some(day),
        errors: Vec::new(),
    }
}

/// The email about errors not reported before.
#[must_use]
pub fn errors(new: &[(&Finding, String)]) -> Draft {
    let users: BTreeSet<String> = new
        .iter()
        .filter_map(|(f, _)| f.subjects.get("user").map(|u| u.to_lowercase()))
        .collect();
    let subject = format!(
        "Directory sync errors: {} new{}",
        new.len(),
        match users.len() {
            0 => String::new(),
            1 => " (1 user)".to_owned(),
            n => format!(" ({n} users)"),
        }
    );
    let mut text = format!(
        "{} new directory sync error(s), not reported before.\n",
        new.len()
    );
    for (i, (f, _)) in new.iter().take(MAX_LISTED).enumerate() {
        let _ = writeln!(text, "\n{}. {} ({})", i + 1, clean(&f.title), f.rule);
        let _ = writeln!(text, "   {}", clean(&f.message));
        if !f.subjects.is_empty() {
            let _ = writeln!(text, "   About: {}", subjects(f));
        }
        if let Some(e) = &f.events {
            let _ = writeln!(text, "   {}", events(e));
        }
        for (n, step) in f.fix.iter().enumerate() {
            let _ = writeln!(text, "   Fix {}: {}", n + 1, clean(step));
        }
    }
    more(&mut text, new.len());
    text.push_str(FOOTER);
    Draft {
        kind: "errors",
        html: html::errors(&subject, new),
        subject,
        text,
        day: None,
        errors: new
            .iter()
            .map(|(f, fingerprint)| ErrorRef {
                fingerprint: fingerprint.clone(),
                rule: f.rule.to_string(),
                message: f.message.clone(),
            })
            .collect(),
    }
}

/// Add to `draft` the list of inputs that could not be used, so its readers know what it
/// is missing.
pub fn note_unusable(draft: &mut Draft, unusable: &[String]) {
    if unusable.is_empty() {
        return;
    }
    let mut text = format!(
        "\nWarning: {} input file(s) could not be used, so this message may miss what they hold:\n",
        unusable.len()
    );
    let mut html = format!(
        "<p style=\"color:#a00\"><b>Warning:</b> {} input file(s) could not be used, so this message may miss what they hold:</p>\n<ul>\n",
        unusable.len()
    );
    for u in unusable {
        let _ = writeln!(text, "  - {}", clean(u));
        let _ = writeln!(html, "<li>{}</li>", crate::report::html::esc(&clean(u)));
    }
    html.push_str("</ul>\n");
    match draft.text.rfind(FOOTER) {
        Some(at) => draft.text.insert_str(at, &text),
        None => draft.text.push_str(&text),
    }
    match draft.html.rfind("<p style=\"color:#777") {
        Some(at) => draft.html.insert_str(at, &html),
        None => draft.html.push_str(&html),
    }
}

const FOOTER: &str =
    "\n--\nSent by synclint notify. How often (daily, errors-only, never) and to whom is \
set under `notifications:` in synclint.yaml.\n";

/// The subject's counts: the sync report's non-zero changes and its errors, or the error
/// findings when no log was read.
fn counts(sync: Option<&SyncReport>, error_findings: usize) -> String {
    let Some(sync) = sync else {
        return format!("no sync log read, {error_findings} error finding(s)");
    };
    let get = |k: &str| sync.totals.get(k).copied().unwrap_or(0);
    let mut parts: Vec<String> = SHORT
        .iter()
        .filter(|(k, _)| get(k) > 0)
        .map(|(k, label)| format!("{} {label}", get(k)))
        .collect();
    if parts.is_empty() {
        parts.push("no changes".to_owned());
    }
    let errors = get("errors");
    parts.push(format!(
        "{errors} error{}",
        if errors == 1 { "" } else { "s" }
    ));
    parts.join(", ")
}

/// "Findings: 2 errors, 5 warnings, 1 info".
#[must_use]
pub fn findings_line(report: &Report) -> String {
    let counts = report.counts();
    let n = |s| counts.get(&s).copied().unwrap_or(0);
    format!(
        "Findings: {} error(s), {} warning(s), {} info",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info)
    )
}

/// "user: a, role: b".
#[must_use]
pub fn subjects(f: &Finding) -> String {
    f.subjects
        .iter()
        .map(|(k, v)| format!("{k}: {}", clean(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "12 event(s) for 3 user(s), last at 2026-11-28 06:55 UTC".
#[must_use]
pub fn events(e: &crate::finding::EventStats) -> String {
    let last = e.last_seen.map_or_else(String::new, |t| {
        format!(", last at {}", t.format("%Y-%m-%d %H:%M UTC"))
    });
    format!("{} event(s) for {} user(s){last}", e.count, e.users)
}

fn more(text: &mut String, total: usize) {
    if total > MAX_LISTED {
        let _ = writeln!(
            text,
            "\n... and {} more (run `synclint check` for all).",
            total - MAX_LISTED
        );
    }
}

/// Control characters (line breaks from a log) become spaces, so a value cannot add lines.
#[must_use]
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
