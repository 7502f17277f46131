//! The HTML part, written for mail clients rather than browsers: one column of nested
//! tables at most 640 px wide, every style inline on its element (clients drop `<style>`),
//! no script, no image, no web font, system fonts, and a palette that keeps its contrast
//! when a client darkens the page (every block sets its text and background colours
//! together). Every value that comes from an input is escaped. Pure.

use super::compose::{clean, events, plural, who, Letter, MAX_LISTED};
use crate::report::groups::{CauseGroup, RuleGroup};
use crate::report::html::esc;
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use std::fmt::Write as _;

const FONT: &str =
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK: &str = "#1b1f24";
const MUTED: &str = "#4b5563";
const PAPER: &str = "#ffffff";
const PAGE: &str = "#eef1f4";
const LINE: &str = "#d5dae0";
const ALERT: &str = "#b42318";
const ALERT_BG: &str = "#fdf3f2";
/// Long words (addresses, rule ids) break rather than widen the column.
const BREAK: &str = "word-break:break-word;overflow-wrap:anywhere";
const CODE: &str = "font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background-color:#eef1f4;color:#1b1f24;padding:0 3px";

/// Where the footer starts (notes are put before it).
const FOOTER: &str = "<!-- footer -->";

/// How many users a summary names before "and N more".
const NAMED: usize = 3;

/// The HTML part of `letter`.
#[must_use]
pub fn render(letter: &Letter<'_>) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "{}{}",
        row(&format!(
            "<h1 style=\"margin:0 0 8px;font-size:22px;line-height:28px;color:{INK}\">{}</h1>",
            esc(&letter.title)
        )),
        row(&para(&esc(&letter.lead), "font-size:16px;font-weight:bold"))
    );
    let d = &letter.digest;
    if !d.causes.is_empty() {
        body.push_str(&heading("Root causes: fix these first"));
        for (n, c) in d.causes.iter().enumerate() {
            body.push_str(&cause(n + 1, c));
        }
    }
    if !d.by_rule.is_empty() {
        body.push_str(&heading(if d.causes.is_empty() {
            "Errors, by rule"
        } else {
            "Errors without a known cause, by rule"
        }));
        for g in &d.by_rule {
            body.push_str(&group(g));
        }
    }
    if let Some(sync) = letter.sync {
        activity(&mut body, sync);
    }
    body.push_str(FOOTER);
    body.push_str(&row(&format!(
        "<p style=\"margin:16px 0 0;padding-top:12px;border-top:1px solid {LINE};font-size:12px;line-height:18px;color:{MUTED}\">{}<br>Sent by synclint notify. How often (daily, errors-only, never) and to whom is set under <code style=\"{CODE}\">notifications:</code> in synclint.yaml.</p>",
        esc(&letter.covers)
    )));
    page(&letter.title, &body)
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <meta name=\"supported-color-schemes\" content=\"light dark\">\
         <title>{}</title></head>\n\
         <body style=\"margin:0;padding:0;background-color:{PAGE};color:{INK}\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;border-collapse:collapse;background-color:{PAGE}\"><tr><td align=\"center\" style=\"padding:12px 6px\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:640px;border-collapse:collapse;background-color:{PAPER};color:{INK};border:1px solid {LINE};{FONT};font-size:14px;line-height:21px\">\n\
         {body}</table>\n</td></tr></table>\n</body></html>\n",
        esc(title)
    )
}

/// One row of the column.
fn row(inner: &str) -> String {
    format!("<tr><td style=\"padding:6px 18px;{BREAK}\">{inner}</td></tr>\n")
}

fn para(inner: &str, extra: &str) -> String {
    format!("<p style=\"margin:0 0 8px;color:{INK};{extra}\">{inner}</p>")
}

fn heading(text: &str) -> String {
    row(&format!(
        "<h2 style=\"margin:14px 0 4px;padding-bottom:4px;border-bottom:2px solid {LINE};font-size:17px;line-height:24px;color:{INK}\">{}</h2>",
        esc(text)
    ))
}

fn cause(n: usize, c: &CauseGroup<'_>) -> String {
    let f = c.cause.finding;
    let mut inner = format!(
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;border-collapse:collapse\"><tr><td style=\"padding:10px 12px;border-left:4px solid {ALERT};background-color:{ALERT_BG};color:{INK};{BREAK}\">\
         <h3 style=\"margin:0 0 4px;font-size:15px;line-height:21px;color:{ALERT}\">{n}. {}</h3>{}",
        esc(&f.title),
        para(&format!("{} <span style=\"color:{MUTED}\">({})</span>", inline(&f.message()), esc(&f.rule)), "")
    );
    inner.push_str(&para("<b>Explains:</b>", "margin-bottom:2px"));
    inner.push_str("<ul style=\"margin:0 0 8px;padding-left:20px\">");
    for s in &c.symptoms {
        let _ = write!(
            inner,
            "<li style=\"color:{INK}\">{}: {}</li>",
            esc(s.title),
            esc(&who(s, NAMED))
        );
    }
    inner.push_str("</ul>");
    inner.push_str(&steps(&f.fix(), "Fix"));
    inner.push_str("</td></tr></table>");
    row(&inner)
}

fn group(g: &RuleGroup<'_>) -> String {
    let mut inner = format!(
        "<h3 style=\"margin:8px 0 4px;font-size:15px;line-height:21px;color:{INK}\">{} <span style=\"font-weight:normal;color:{MUTED}\">({}, {})</span></h3>\
         <ul style=\"margin:0 0 8px;padding-left:20px\">",
        esc(g.title),
        esc(g.rule),
        plural(g.findings.len(), "error", "errors")
    );
    for f in g.findings.iter().take(MAX_LISTED) {
        let mut line = inline(&crate::syncreport::kinds::cut(&f.message(), 240));
        if let Some(e) = &f.events {
            let _ = write!(
                line,
                " <span style=\"color:{MUTED}\">({})</span>",
                esc(&events(e))
            );
        }
        let _ = write!(inner, "<li style=\"color:{INK}\">{line}</li>");
    }
    if g.findings.len() > MAX_LISTED {
        let _ = write!(
            inner,
            "<li style=\"color:{MUTED}\">and {} more (<code style=\"{CODE}\">synclint check</code> lists them all)</li>",
            g.findings.len() - MAX_LISTED
        );
    }
    inner.push_str("</ul>");
    let (fix, same) = g.fix();
    let head = match (g.findings.len(), same) {
        (1, _) => "Fix",
        (_, true) => "Fix (the same for each)",
        (_, false) => "Fix (as for the first; the others alike)",
    };
    inner.push_str(&steps(&fix, head));
    row(&inner)
}

fn steps(fix: &[String], head: &str) -> String {
    if fix.is_empty() {
        return String::new();
    }
    let mut out = para(&format!("<b>{}:</b>", esc(head)), "margin-bottom:2px");
    out.push_str("<ol style=\"margin:0 0 8px;padding-left:22px\">");
    for step in fix {
        let _ = write!(out, "<li style=\"color:{INK}\">{}</li>", inline(step));
    }
    out.push_str("</ol>");
    out
}

fn activity(body: &mut String, sync: &SyncReport) {
    body.push_str(&heading("Provisioning activity"));
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(
            || "(no events)".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let cell = format!("padding:3px 8px;border-bottom:1px solid {LINE};color:{INK}");
    let mut inner = para(
        &esc(&format!(
            "{} to {}",
            when(sync.window.since),
            when(sync.window.until)
        )),
        &format!("color:{MUTED}"),
    );
    let _ = write!(inner, "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;margin:0 0 10px\">");
    for key in TOTAL_KEYS {
        let n = sync.totals.get(key).copied().unwrap_or(0);
        let _ = write!(
            inner,
            "<tr><td style=\"{cell}\">{}</td><td style=\"{cell};text-align:right\">{n}</td></tr>",
            label(key)
        );
    }
    inner.push_str("</table>");
    if !sync.providers.is_empty() {
        inner.push_str(&para("<b>By provider:</b>", "margin-bottom:2px"));
        inner.push_str("<ul style=\"margin:0 0 8px;padding-left:20px\">");
        for (name, totals) in &sync.providers {
            let parts = super::compose::provider_counts(totals);
            let _ = write!(
                inner,
                "<li style=\"color:{INK}\"><b>{}</b>: {}</li>",
                esc(&clean(name)),
                esc(&parts)
            );
        }
        inner.push_str("</ul>");
    }
    if !sync.errors_by_kind.is_empty() {
        inner.push_str(&para("<b>Errors by kind:</b>", "margin-bottom:2px"));
        inner.push_str("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;border-collapse:collapse\">");
        for e in &sync.errors_by_kind {
            let _ = write!(inner, "<tr><td style=\"{cell};text-align:right;vertical-align:top;width:48px\">{}</td><td style=\"{cell};{BREAK}\">{}</td></tr>", e.count, esc(&clean(&e.kind)));
        }
        inner.push_str("</table>");
    }
    body.push_str(&row(&inner));
}

/// Escaped text in which a name between backticks becomes `<code>` (no backtick is left).
#[must_use]
pub fn inline(text: &str) -> String {
    let text = clean(text);
    let parts: Vec<&str> = text.split('`').collect();
    let paired = parts.len() % 2 == 1;
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if i % 2 == 1 && (paired || !last) {
            let _ = write!(out, "<code style=\"{CODE}\">{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

/// Put a warning and its items before the footer.
pub fn insert_note(html: &mut String, head: &str, items: &[String]) {
    let mut inner = para(&format!("<b>{}</b>", esc(head)), &format!("color:{ALERT}"));
    if !items.is_empty() {
        inner.push_str("<ul style=\"margin:0 0 8px;padding-left:20px\">");
        for item in items {
            let _ = write!(inner, "<li style=\"color:{INK}\">{}</li>", esc(item));
        }
        inner.push_str("</ul>");
    }
    let note = row(&inner);
    match html.rfind(FOOTER) {
        Some(at) => html.insert_str(at, &note),
        None => html.push_str(&note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code_and_markup_stays_text() {
        let html = inline("User `<b>a@x</b>` is inactive, `odd");
        assert!(!html.contains('`'), "{html}");
        assert!(
            html.contains("&lt;b&gt;a@x&lt;/b&gt;</code> is inactive"),
            "{html}"
        );
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(
            esc("<img src=x onerror='a'>&\"\u{7}"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\u{FFFD}"
        );
    }
}
