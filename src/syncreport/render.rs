//! The directory sync report as text, JSON and Markdown.

use super::{SyncReport, TOTAL_KEYS};
use crate::report::text::{markdown as md, terminal as clean};
use crate::report::Summary;
use serde_json::json;
use std::fmt::Write as _;

/// Labels for the count keys, shared by every rendering of the report.
#[must_use]
pub fn label(key: &str) -> &'static str {
    match key {
        "created" => "Users created",
        "updated" => "Users updated",
        "deactivated" => "Users deactivated",
        "reactivated" => "Users reactivated",
        "deleted" => "Users deleted",
        "role_changes" => "Role changes",
        "organization_moves" => "Organization moves",
        _ => "Errors",
    }
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(
        || "(no events)".to_owned(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// "No events between ...; the logs cover ... to ...", when every event read lies
/// outside the window.
#[must_use]
pub fn no_events(r: &SyncReport) -> Option<String> {
    let cover = r.logs_cover?;
    Some(format!(
        "No events between {} and {}; the logs cover {} to {}.",
        when(r.window.since),
        when(r.window.until),
        when(cover.since),
        when(cover.until)
    ))
}

/// What was read and what was not, as lines for the end of a text report.
#[must_use]
pub fn read_notes(read: &Summary) -> String {
    let mut out = String::new();
    for input in &read.inputs {
        let _ = writeln!(out, "Read {} as {}", clean(&input.path), input.read_as());
        if let Some(app) = &input.app {
            let _ = writeln!(out, "  {}", clean(&app.to_string()));
        }
    }
    for p in &read.problems {
        let _ = writeln!(
            out,
            "Not used ({}): {}: {}",
            p.problem,
            clean(&p.path),
            clean(&p.reason)
        );
    }
    if read.skipped_total() > 0 {
        let _ = writeln!(
            out,
            "Skipped {} record(s); the first: {}",
            read.skipped_total(),
            read.skipped.first().map_or_else(String::new, |s| format!(
                "{}: {}",
                s.location,
                clean(&s.reason)
            ))
        );
    }
    out
}

/// What was read and what was not, as a Markdown section for the end of the Markdown
/// report (so that its output is Markdown alone).
#[must_use]
pub fn markdown_notes(read: &Summary) -> String {
    let mut out = String::from("\n### Inputs\n\n");
    for input in &read.inputs {
        let _ = writeln!(
            out,
            "- Read {} as {}",
            md(&input.path),
            md(&input.read_as())
        );
        if let Some(app) = &input.app {
            let _ = writeln!(out, "  - {}", md(&app.to_string()));
        }
    }
    for p in &read.problems {
        let _ = writeln!(
            out,
            "- Not used ({}): {}: {}",
            p.problem,
            md(&p.path),
            md(&p.reason)
        );
    }
    if let Some(first) = read.skipped.first() {
        let _ = writeln!(
            out,
            "- Skipped {} record(s); the first: {}: {}",
            read.skipped_total(),
            md(&first.location.to_string()),
            md(&first.reason)
        );
    }
    out
}

/// Plain text for a terminal.
#[must_use]
pub fn human(r: &SyncReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Directory sync report: {} to {}\n",
        when(r.window.since),
        when(r.window.until)
    );
    if let Some(note) = no_events(r) {
        let _ = writeln!(out, "{note}\n");
    }
    let providers: Vec<&String> = r.providers.keys().collect();
    let widths: Vec<usize> = providers.iter().map(|p| column_width(p)).collect();
    let _ = write!(out, "{:<20} {:>8}", "", "total");
    for (p, width) in providers.iter().zip(&widths) {
        let _ = write!(out, " {:>width$}", truncate(p, *width));
    }
    out.push('\n');
    for key in TOTAL_KEYS {
        let _ = write!(
            out,
            "{:<20} {:>8}",
            label(key),
            r.totals.get(key).copied().unwrap_or(0)
        );
        for (p, width) in providers.iter().zip(&widths) {
            let n = r
                .providers
                .get(*p)
                .and_then(|t| t.get(key))
                .copied()
                .unwrap_or(0);
            let _ = write!(out, " {n:>width$}", width = *width);
        }
        out.push('\n');
    }
    if !r.errors_by_kind.is_empty() {
        let _ = writeln!(out, "\nErrors by kind:");
        for e in &r.errors_by_kind {
            let _ = writeln!(out, "  {:>6}  {}", e.count, clean(&e.kind));
        }
    }
    if !r.busiest_hours.is_empty() {
        let _ = writeln!(out, "\nBusiest hours:");
        for h in &r.busiest_hours {
            let _ = writeln!(
                out,
                "  {}  {} event(s)",
                h.hour.format("%Y-%m-%d %H:00"),
                h.events
            );
        }
    }
    out
}

/// The longest name a provider column shows whole: wider than any provider's name.
const MAX_COLUMN: usize = 40;

/// The width of a provider's column: its name (up to [`MAX_COLUMN`]), and at least the
/// 14 characters every column had before, so that short names line up as they did.
fn column_width(provider: &str) -> usize {
    clean(provider).chars().count().clamp(14, MAX_COLUMN)
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        clean(s)
    } else {
        clean(
            &s.chars()
                .take(n.saturating_sub(1))
                .chain(std::iter::once('…'))
                .collect::<String>(),
        )
    }
}

/// The JSON document: `window`, `totals`, `providers`, `errors_by_kind`, `busiest_hours`,
/// `timeline`, and what was read (`inputs`, `problems`, `skipped`).
#[must_use]
pub fn json(r: &SyncReport, read: &Summary) -> String {
    let doc = json!({
        "version": 1,
        "inputs": read.inputs,
        "problems": read.problems,
        "skipped": {"count": read.skipped_total(), "records": read.skipped},
        "window": r.window,
        "totals": r.totals,
        "providers": r.providers,
        "errors_by_kind": r.errors_by_kind,
        "busiest_hours": r.busiest_hours,
        "timeline": r.timeline,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// Markdown, with every value from the logs escaped.
#[must_use]
pub fn markdown(r: &SyncReport) -> String {
    let mut out = format!(
        "## Directory sync report\n\n{} to {}\n\n",
        when(r.window.since),
        when(r.window.until)
    );
    if let Some(note) = no_events(r) {
        let _ = writeln!(out, "{}\n", md(&note));
    }
    let providers: Vec<&String> = r.providers.keys().collect();
    out.push_str("| | total |");
    for p in &providers {
        let _ = write!(out, " {} |", md(p));
    }
    out.push_str("\n|---|---:|");
    out.push_str(&"---:|".repeat(providers.len()));
    out.push('\n');
    for key in TOTAL_KEYS {
        let _ = write!(
            out,
            "| {} | {} |",
            label(key),
            r.totals.get(key).copied().unwrap_or(0)
        );
        for p in &providers {
            let _ = write!(
                out,
                " {} |",
                r.providers
                    .get(*p)
                    .and_then(|t| t.get(key))
                    .copied()
                    .unwrap_or(0)
            );
        }
        out.push('\n');
    }
    if !r.errors_by_kind.is_empty() {
        out.push_str("\n### Errors by kind\n\n| count | error |\n|---:|---|\n");
        for e in &r.errors_by_kind {
            let _ = writeln!(out, "| {} | {} |", e.count, md(&e.kind));
        }
    }
    if !r.busiest_hours.is_empty() {
        out.push_str("\n### Busiest hours\n\n");
        for h in &r.busiest_hours {
            let _ = writeln!(
                out,
                "- {}: {} event(s)",
                h.hour.format("%Y-%m-%d %H:00 UTC"),
                h.events
            );
        }
    }
    out
}
