//! The text part: plain sentences wrapped at 72 columns, numbered steps, no Markdown
//! syntax, and a table only for the counts (which always fit). Pure.

use super::compose::{clean, events, plural, who, Letter, MAX_LISTED};
use crate::report::groups::{CauseGroup, RuleGroup};
use crate::syncreport::render::label;
use crate::syncreport::{SyncReport, TOTAL_KEYS};
use std::fmt::Write as _;

/// The width lines are wrapped at.
pub const WIDTH: usize = 72;

/// How many users a summary names before "and N more".
const NAMED: usize = 3;

/// Where the footer starts (notes are put before it).
const FOOTER: &str = "\n--\n";

/// The text part of `letter`.
#[must_use]
pub fn render(letter: &Letter<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n{}\n",
        letter.title,
        "=".repeat(letter.title.len())
    );
    wrap(&mut out, &letter.lead, "", "");
    let d = &letter.digest;
    if !d.causes.is_empty() {
        heading(&mut out, "Root causes: fix these first");
        for (n, c) in d.causes.iter().enumerate() {
            cause(&mut out, n + 1, c);
        }
    }
    if !d.by_rule.is_empty() {
        heading(
            &mut out,
            if d.causes.is_empty() {
                "Errors, by rule"
            } else {
                "Errors without a known cause, by rule"
            },
        );
        for g in &d.by_rule {
            group(&mut out, g);
        }
    }
    if let Some(sync) = letter.sync {
        activity(&mut out, sync);
    }
    out.push_str(FOOTER);
    wrap(&mut out, &letter.covers, "", "");
    wrap(
        &mut out,
        "Sent by synclint notify. How often (daily, errors-only, never) and to whom is set \
         under notifications: in synclint.yaml.",
        "",
        "",
    );
    out
}

fn heading(out: &mut String, text: &str) {
    let _ = writeln!(
        out,
        "\n\n{}\n{}",
        text.to_uppercase(),
        "-".repeat(text.len())
    );
}

fn cause(out: &mut String, n: usize, c: &CauseGroup<'_>) {
    let f = c.cause.finding;
    let _ = writeln!(out);
    wrap(
        out,
        &format!("{n}. {} ({})", plain(&f.title), f.rule),
        "",
        "   ",
    );
    wrap(out, &plain(&f.message()), "   ", "   ");
    let _ = writeln!(out, "\n   Explains:");
    for s in &c.symptoms {
        wrap(
            out,
            &format!("{}: {}", plain(s.title), who(s, NAMED)),
            "   - ",
            "     ",
        );
    }
    steps(out, &f.fix(), "   Fix:");
}

fn group(out: &mut String, g: &RuleGroup<'_>) {
    let _ = writeln!(out);
    let count = plural(g.findings.len(), "error", "errors");
    wrap(
        out,
        &format!("{} ({}, {count})", plain(g.title), g.rule),
        "",
        "   ",
    );
    for f in g.findings.iter().take(MAX_LISTED) {
        let mut line = plain(&crate::syncreport::kinds::cut(&f.message(), 240));
        if let Some(e) = &f.events {
            line.push_str(&format!(" ({})", events(e)));
        }
        wrap(out, &line, "   - ", "     ");
    }
    if g.findings.len() > MAX_LISTED {
        let _ = writeln!(
            out,
            "   ... and {} more (synclint check lists them all)",
            g.findings.len() - MAX_LISTED
        );
    }
    let (fix, same) = g.fix();
    let head = match (g.findings.len(), same) {
        (1, _) => "   Fix:",
        (_, true) => "   Fix (the same for each):",
        (_, false) => "   Fix (as for the first; the others alike):",
    };
    steps(out, &fix, head);
}

fn steps(out: &mut String, fix: &[String], head: &str) {
    if fix.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{head}");
    for (n, step) in fix.iter().enumerate() {
        wrap(out, &plain(step), &format!("   {}. ", n + 1), "      ");
    }
}

/// The day's provisioning: totals in a narrow table, providers as sentences (a provider's
/// name is never cut), errors by kind.
fn activity(out: &mut String, sync: &SyncReport) {
    heading(out, "Provisioning activity");
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(
            || "(no events)".to_owned(),
            |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let _ = writeln!(
        out,
        "{} to {}\n",
        when(sync.window.since),
        when(sync.window.until)
    );
    if let Some(note) = crate::syncreport::render::no_events(sync) {
        wrap(out, &note, "", "");
        out.push('\n');
    }
    for key in TOTAL_KEYS {
        let n = sync.totals.get(key).copied().unwrap_or(0);
        let _ = writeln!(out, "  {:<22}{n:>8}", label(key));
    }
    if let Some(note) = crate::syncreport::render::not_counted(sync) {
        out.push('\n');
        wrap(out, &note, "", "");
    }
    if !sync.providers.is_empty() {
        let _ = writeln!(out, "\nBy provider:");
        for (name, totals) in &sync.providers {
            let parts = super::compose::provider_counts(totals);
            wrap(out, &format!("{}: {parts}", clean(name)), "  - ", "    ");
        }
    }
    if !sync.errors_by_kind.is_empty() {
        let _ = writeln!(out, "\nErrors by kind:");
        for e in &sync.errors_by_kind {
            wrap(
                out,
                &clean(&e.kind),
                &format!("  {:>6}  ", e.count),
                &" ".repeat(10),
            );
        }
    }
}

/// Text without Markdown: the backticks around names go.
#[must_use]
pub fn plain(s: &str) -> String {
    clean(s).replace('`', "")
}

/// `text` wrapped at [`WIDTH`], the first line after `first`, the others after `rest`.
/// A word longer than a line (an address) stays whole.
pub fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        let width = line.chars().count();
        if !empty && width + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Put a warning and its items before the footer.
pub fn insert_note(text: &mut String, head: &str, items: &[String]) {
    let mut note = String::from("\n");
    wrap(&mut note, head, "", "");
    for item in items {
        wrap(&mut note, item, "  - ", "    ");
    }
    match text.rfind(FOOTER) {
        Some(at) => text.insert_str(at, &note),
        None => text.push_str(&note),
    }
}
