//! The directory sync report: totals per provider, errors by kind, busiest hours.

use super::{time, NL};
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use chrono::{DateTime, Utc};
use maud::{html, Markup};

/// The window, as a sentence.
pub(super) fn window(r: &SyncReport) -> Markup {
    let at = |t: Option<DateTime<Utc>>| match t {
        Some(t) => time(t),
        None => html! { "(no events)" },
    };
    html! { "From " (at(r.window.since)) " to " (at(r.window.until)) }
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

pub(super) fn sync(r: &SyncReport) -> Markup {
    html! {
        section id="sync" aria-labelledby="sync-h" {
            (NL) h2 id="sync-h" { "Directory sync report" }
            (NL) p class="lead" { (window(r)) "." }
            (NL) (totals(r))
            @if let Some(note) = crate::syncreport::render::not_counted(r) {
                (NL) p class="not-counted" { (note) } (NL)
            }
            div class="sync-side" { (NL) (errors(r)) (busiest(r)) }
            (NL)
        }
        (NL)
    }
}

/// ` zero` for a count of nothing (a class).
fn zero(n: u64) -> &'static str {
    if n == 0 {
        " zero"
    } else {
        ""
    }
}

fn totals(r: &SyncReport) -> Markup {
    html! {
        div class="table-wrap" { table class="totals" {
            caption { "Changes per provider" } (NL)
            thead { tr {
                th scope="col" { "Change" } th scope="col" class="num" { "Total" }
                @for provider in r.providers.keys() { th scope="col" class="num" { (provider) } }
            } }
            tbody {
                (NL)
                @for key in TOTAL_KEYS {
                    @let total = r.totals.get(key).copied().unwrap_or(0);
                    tr class={ (if *key == "errors" { "errors-row" } else { "change-row" }) (zero(total)) } {
                        th scope="row" { (label(key)) }
                        td class="num" { (total) }
                        @for totals in r.providers.values() {
                            @let n = totals.get(key).copied().unwrap_or(0);
                            td class={ "num" (zero(n)) } { (n) }
                        }
                    }
                    (NL)
                }
            }
        } }
        (NL)
    }
}

fn errors(r: &SyncReport) -> Markup {
    html! {
        div class="errors-by-kind" {
            h3 { "Errors by kind" } (NL)
            @if r.errors_by_kind.is_empty() {
                p class="empty-note" { "No errors in the window." } (NL)
            } @else {
                div class="table-wrap" { table {
                    thead { tr { th scope="col" class="num" { "Count" } th scope="col" { "Error" } } }
                    tbody {
                        (NL)
                        @for e in &r.errors_by_kind {
                            tr { td class="num" { (e.count) } td { code class="error-kind" { (e.kind) } } }
                            (NL)
                        }
                    }
                } }
                (NL)
            }
        }
        (NL)
    }
}

fn busiest(r: &SyncReport) -> Markup {
    html! {
        div class="busiest" {
            h3 { "Busiest hours" } (NL)
            @if r.busiest_hours.is_empty() {
                p class="empty-note" { "No events in the window." } (NL)
            } @else {
                div class="table-wrap" { table {
                    thead { tr {
                        th scope="col" { "Hour starting" } th scope="col" class="num" { "Events" }
                    } }
                    tbody {
                        (NL)
                        @for h in &r.busiest_hours {
                            tr { td { (time(h.hour)) } td class="num" { (h.events) } }
                            (NL)
                        }
                    }
                } }
                (NL)
            }
        }
        (NL)
    }
}
