//! The HTML parts: small, self-contained pages with inline styles (mail clients drop
//! style sheets). Every value that comes from an input is escaped. Pure.
//!
//! Kept separate so it can later be replaced by the report's HTML renderer.

use super::compose::{events, MAX_LISTED};
use crate::finding::Finding;
use crate::report::html::esc as escape;
use crate::report::Report;
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use chrono::NaiveDate;
use std::fmt::Write as _;

const TABLE: &str = "border-collapse:collapse;margin:8px 0";
const CELL: &str = "border:1px solid #ccc;padding:4px 8px;text-align:left";
const NUM: &str = "border:1px solid #ccc;padding:4px 8px;text-align:right";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n\
         <body style=\"font-family:sans-serif;font-size:14px;color:#222\">\n<h2>{}</h2>\n{body}\
         <p style=\"color:#777;font-size:12px\">Sent by synclint notify. How often (daily, \
         errors-only, never) and to whom is set under <code>notifications:</code> in \
         synclint.yaml.</p>\n</body></html>\n",
        escape(title),
        escape(title)
    )
}

/// The daily report.
#[must_use]
pub fn daily(
    day: NaiveDate,
    zone: &str,
    report: &Report,
    errors: &[&Finding],
    findings_line: &str,
) -> String {
    let title = format!("Directory sync report for {day}");
    let mut body = format!(
        "<p>Provisioning over the past 24 hours ({}).</p>\n",
        escape(zone)
    );
    match &report.sync {
        Some(sync) => sync_tables(&mut body, sync),
        None => body.push_str(
            "<p>No sync log was among the inputs: no provisioning activity to report.</p>\n",
        ),
    }
    let _ = writeln!(body, "<p><b>{}</b></p>", escape(findings_line));
    if !errors.is_empty() {
        body.push_str("<h3>Errors</h3>\n<ul>\n");
        for f in errors.iter().take(MAX_LISTED) {
            let _ = writeln!(
                body,
                "<li><code>{}</code> {}</li>",
                escape(&f.rule),
                escape(&f.message)
            );
        }
        body.push_str("</ul>\n");
        more(&mut body, errors.len());
    }
    page(&title, &body)
}

fn sync_tables(body: &mut String, sync: &SyncReport) {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(
            || "(no events)".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let _ = writeln!(
        body,
        "<p>{} to {}</p>",
        escape(&when(sync.window.since)),
        escape(&when(sync.window.until))
    );
    let _ = write!(
        body,
        "<table style=\"{TABLE}\"><tr><th style=\"{CELL}\"></th><th style=\"{NUM}\">total</th>"
    );
    for p in sync.providers.keys() {
        let _ = write!(body, "<th style=\"{NUM}\">{}</th>", escape(p));
    }
    body.push_str("</tr>\n");
    for key in TOTAL_KEYS {
        let n = sync.totals.get(key).copied().unwrap_or(0);
        let _ = write!(
            body,
            "<tr><td style=\"{CELL}\">{}</td><td style=\"{NUM}\">{n}</td>",
            label(key)
        );
        for totals in sync.providers.values() {
            let n = totals.get(key).copied().unwrap_or(0);
            let _ = write!(body, "<td style=\"{NUM}\">{n}</td>");
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</table>\n");
    if !sync.errors_by_kind.is_empty() {
        let _ = writeln!(
            body,
            "<h3>Errors by kind</h3>\n<table style=\"{TABLE}\"><tr><th style=\"{NUM}\">count</th><th style=\"{CELL}\">error</th></tr>"
        );
        for e in &sync.errors_by_kind {
            let _ = writeln!(
                body,
                "<tr><td style=\"{NUM}\">{}</td><td style=\"{CELL}\">{}</td></tr>",
                e.count,
                escape(&e.kind)
            );
        }
        body.push_str("</table>\n");
    }
}

/// The email about new errors.
#[must_use]
pub fn errors(title: &str, new: &[(&Finding, String)]) -> String {
    let mut body = format!(
        "<p>{} new directory sync error(s), not reported before.</p>\n<ol>\n",
        new.len()
    );
    for (f, _) in new.iter().take(MAX_LISTED) {
        let _ = write!(
            body,
            "<li><p><b>{}</b> <code>{}</code><br>{}",
            escape(&f.title),
            escape(&f.rule),
            escape(&f.message)
        );
        if !f.subjects.is_empty() {
            let about: Vec<String> = f
                .subjects
                .iter()
                .map(|(k, v)| format!("{}: <b>{}</b>", escape(k), escape(v)))
                .collect();
            let _ = write!(body, "<br>About: {}", about.join(", "));
        }
        if let Some(e) = &f.events {
            let _ = write!(body, "<br>{}", escape(&events(e)));
        }
        body.push_str("</p>");
        if !f.fix.is_empty() {
            body.push_str("<ol>");
            for step in &f.fix {
                let _ = write!(body, "<li>{}</li>", escape(step));
            }
            body.push_str("</ol>");
        }
        body.push_str("</li>\n");
    }
    body.push_str("</ol>\n");
    more(&mut body, new.len());
    page(title, &body)
}

fn more(body: &mut String, total: usize) {
    if total > MAX_LISTED {
        let _ = writeln!(
            body,
            "<p>... and {} more (run <code>synclint check</code> for all).</p>",
            total - MAX_LISTED
        );
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<img src=x onerror='a'>&\"\u{7}"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\u{FFFD}"
        );
    }
}
