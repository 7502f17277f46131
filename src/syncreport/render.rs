//! The directory sync report as text, JSON and Markdown.

use super::{SyncReport, NOT_COUNTED_KEYS, TOTAL_KEYS};
use crate::text::{markdown as md, terminal as clean};
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

/// "Not counted above: 12 skipped event(s), ...", when the window holds events counted
/// neither as changes nor as errors.
#[must_use]
pub fn not_counted(r: &SyncReport) -> Option<String> {
    let said: Vec<String> = NOT_COUNTED_KEYS
        .iter()
        .filter_map(|key| {
            let n = r.not_counted.get(key).copied().filter(|n| *n > 0)?;
            Some(match *key {
                "skipped" => format!("{n} skipped event(s)"),
                "warning" => format!("{n} event(s) with a warning"),
                "no_known_status" => format!("{n} event(s) with no status synclint knows"),
                _ => format!(
                    "{n} successful event(s) that change no user (groups, memberships, imports)"
                ),
            })
        })
        .collect();
    (!said.is_empty()).then(|| format!("Not counted above: {}.", said.join(", ")))
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
    if let Some(note) = not_counted(r) {
        let _ = writeln!(out, "\n{note}");
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
    if let Some(note) = not_counted(r) {
        let _ = writeln!(out, "\n- {note}");
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
