//! The directory sync report: totals per provider, errors by kind, busiest hours.

use super::{esc, time};
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use chrono::{DateTime, Utc};
use std::fmt::{self, Write as _};

/// The window, as a sentence.
pub(super) fn window(r: &SyncReport) -> String {
    let at = |t: Option<DateTime<Utc>>| t.map_or_else(|| "(no events)".to_owned(), time);
    format!("From {} to {}", at(r.window.since), at(r.window.until))
}

/// The window, as plain text.
pub(super) fn window_text(r: &SyncReport) -> String {
    let at = |t: Option<DateTime<Utc>>| {
        t.map_or_else(
            || "(no events)".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    format!("From {} to {}", at(r.window.since), at(r.window.until))
}

pub(super) fn write_sync(out: &mut String, r: &SyncReport) -> fmt::Result {
    write!(
        out,
        "<section id=\"sync\" aria-labelledby=\"sync-h\">\n<h2 id=\"sync-h\">Directory sync report</h2>\n\
         <p class=\"lead\">{}.</p>\n",
        window(r)
    )?;
    write_totals(out, r)?;
    out.push_str("<div class=\"sync-side\">\n");
    write_errors(out, r)?;
    write_busiest(out, r)?;
    out.write_str("</div>\n</section>\n")
}

fn write_totals(out: &mut String, r: &SyncReport) -> fmt::Result {
    out.push_str(
        "<div class=\"table-wrap\"><table class=\"totals\"><caption>Changes per provider</caption>\n\
         <thead><tr><th scope=\"col\">Change</th><th scope=\"col\" class=\"num\">Total</th>",
    );
    for provider in r.providers.keys() {
        write!(
            out,
            "<th scope=\"col\" class=\"num\">{}</th>",
            esc(provider)
        )?;
    }
    out.push_str("</tr></thead><tbody>\n");
    for key in TOTAL_KEYS {
        let total = r.totals.get(key).copied().unwrap_or(0);
        write!(
            out,
            "<tr class=\"{}{}\"><th scope=\"row\">{}</th><td class=\"num\">{total}</td>",
            if *key == "errors" {
                "errors-row"
            } else {
                "change-row"
            },
            if total == 0 { " zero" } else { "" },
            label(key)
        )?;
        for totals in r.providers.values() {
            let n = totals.get(key).copied().unwrap_or(0);
            write!(
                out,
                "<td class=\"num{}\">{n}</td>",
                if n == 0 { " zero" } else { "" }
            )?;
        }
        out.push_str("</tr>\n");
    }
    out.write_str("</tbody></table></div>\n")
}

fn write_errors(out: &mut String, r: &SyncReport) -> fmt::Result {
    out.push_str("<div class=\"errors-by-kind\"><h3>Errors by kind</h3>\n");
    if r.errors_by_kind.is_empty() {
        out.push_str("<p class=\"empty-note\">No errors in the window.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\" class=\"num\">Count</th>\
             <th scope=\"col\">Error</th></tr></thead><tbody>\n",
        );
        for e in &r.errors_by_kind {
            writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td><code class=\"error-kind\">{}</code></td></tr>",
                e.count,
                esc(&e.kind)
            )?;
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.write_str("</div>\n")
}

fn write_busiest(out: &mut String, r: &SyncReport) -> fmt::Result {
    out.push_str("<div class=\"busiest\"><h3>Busiest hours</h3>\n");
    if r.busiest_hours.is_empty() {
        out.push_str("<p class=\"empty-note\">No events in the window.</p>\n");
    } else {
        out.push_str(
            "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Hour starting</th>\
             <th scope=\"col\" class=\"num\">Events</th></tr></thead><tbody>\n",
        );
        for h in &r.busiest_hours {
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                time(h.hour),
                h.events
            )?;
        }
        out.push_str("</tbody></table></div>\n");
    }
    out.write_str("</div>\n")
}
