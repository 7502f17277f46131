//! `--format html`: one self-contained page for a browser. Inline CSS and JS, an inline SVG
//! for the timeline, and no reference to anything outside the file (a Content-Security-Policy
//! forbids loading anything, and allows only the page's own style and script, by hash).
//!
//! The page is written with maud templates, which escape every interpolated value, in text
//! and in attributes alike; only our own static style, script and fixed markup go out raw
//! (`PreEscaped`). Nothing from an input is put inside the `<style>` or the `<script>`: the
//! script reads what it needs from escaped `data-*` attributes. The page is streamed to the
//! writer section by section and finding by finding, never held whole. With JS disabled the
//! page shows everything; the script only adds the filters.

mod causes;
mod chart;
mod findings;
mod header;
mod sink;
mod sync;

use super::{Render, Report, RootCause};
use crate::rules::Severity;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use sink::HOLE;
pub use sink::{neutralize, Sink};

/// The page's style sheet (static: nothing from an input).
const STYLE: &str = include_str!("html/style.css");
/// The page's script (static: nothing from an input).
const SCRIPT: &str = include_str!("html/script.js");

/// The HTML renderer.
pub struct Html;

impl Render for Html {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let report = &*report.loaded();
        let causes = report.root_causes();
        let page = Page::new(report, &causes);
        let mut buffered = std::io::BufWriter::new(out);
        write_page(&mut Sink::new(&mut buffered), &page)?;
        std::io::Write::flush(&mut buffered)
    }
}

/// The report with what several sections look up: the root causes (found once) and, for
/// each finding, its cause and the cause it is.
struct Page<'a> {
    report: &'a Report,
    causes: &'a [RootCause<'a>],
    /// For a finding that explains others: its number among the causes.
    cause_no: std::collections::HashMap<usize, usize>,
    /// For a symptom: the place of its cause in `report.findings`.
    explained_by: std::collections::HashMap<usize, usize>,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report, causes: &'a [RootCause<'a>]) -> Self {
        let mut page = Self {
            report,
            causes,
            cause_no: std::collections::HashMap::new(),
            explained_by: std::collections::HashMap::new(),
        };
        for (n, c) in causes.iter().enumerate() {
            let Some(at) = page.index_of(c.finding) else {
                continue;
            };
            page.cause_no.insert(at, n);
            for s in &c.symptoms {
                if let Some(i) = page.index_of(s) {
                    page.explained_by.insert(i, at);
                }
            }
        }
        page
    }

    /// The place of `f` in `report.findings`, from its address (a finding of the report
    /// is an element of that one vector).
    fn index_of(&self, f: &crate::finding::Finding) -> Option<usize> {
        let size = std::mem::size_of::<crate::finding::Finding>().max(1);
        let start = self.report.findings.loaded().as_ptr().addr();
        let offset = std::ptr::from_ref(f).addr().checked_sub(start)?;
        let i = offset / size;
        (offset % size == 0 && i < self.report.findings.len()).then_some(i)
    }
}

/// The severities, most severe first.
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The symbol shown beside a severity, so it never rests on colour alone.
fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\u{2716}",
        Severity::Warning => "\u{25B2}",
        Severity::Info => "\u{2139}",
    }
}

/// A severity badge.
fn badge(s: Severity) -> Markup {
    html! {
        span class={ "badge sev-" (s.as_str()) } {
            span aria-hidden="true" { (icon(s)) } " " (s.as_str())
        }
    }
}

/// `n thing` or `n things`.
fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A time as shown: `2026-11-28 13:05 UTC`, in a `<time>` element.
fn time(t: chrono::DateTime<chrono::Utc>) -> Markup {
    html! {
        time datetime=(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()) {
            (t.format("%Y-%m-%d %H:%M UTC").to_string())
        }
    }
}

/// A newline between blocks, so the page reads well as source.
const NL: PreEscaped<&str> = PreEscaped("\n");

fn write_page(sink: &mut Sink<'_>, page: &Page<'_>) -> std::io::Result<()> {
    sink.put(html! { (DOCTYPE) (NL) })?;
    let shell = html! {
        html lang="en" {
            (NL) (head(page.report)) (NL)
            body { (NL) (HOLE) } (NL)
        }
        (NL)
    };
    sink.wrap(shell, |sink| write_body(sink, page))
}

fn head(report: &Report) -> Markup {
    let counts = report.counts();
    let n = |s| counts.get(&s).copied().unwrap_or(0) as u64;
    let csp = format!(
        "default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
        sink::csp_hash(STYLE),
        sink::csp_hash(SCRIPT)
    );
    html! {
        head {
            (NL) meta charset="utf-8";
            (NL) meta name="viewport" content="width=device-width, initial-scale=1";
            (NL) meta http-equiv="Content-Security-Policy" content=(csp);
            (NL) meta name="generator" content={ "synclint " (env!("CARGO_PKG_VERSION")) };
            (NL) title {
                "synclint report: " (plural(n(Severity::Error), "error", "errors")) ", "
                (plural(n(Severity::Warning), "warning", "warnings")) ", "
                (n(Severity::Info)) " info"
            }
            // Our own static style sheet, hashed into the CSP above.
            (NL) style { (PreEscaped(STYLE)) } (NL)
        }
    }
}

fn write_body(sink: &mut Sink<'_>, page: &Page<'_>) -> std::io::Result<()> {
    let report = page.report;
    sink.put(header::header(page, nav(page)))?;
    sink.wrap(html! { main { (NL) (HOLE) } (NL) }, |sink| {
        sink.put(header::cards(page))?;
        if let Some(sync) = &report.sync {
            sink.put(chart::timeline(sync))?;
        }
        causes::write_causes(sink, page)?;
        findings::write_findings(sink, page)?;
        sink.put(expired(report))?;
        if let Some(sync) = &report.sync {
            sink.put(sync::sync(sync))?;
        }
        Ok(())
    })?;
    sink.put(html! {
        footer class="page-footer" {
            p {
                "Generated by synclint " (env!("CARGO_PKG_VERSION"))
                ". This file is self-contained: it loads nothing from the network."
            }
        }
        // Our own static script, hashed into the CSP.
        (NL) script { (PreEscaped(SCRIPT)) } (NL)
    })
}

/// The suppressions whose `expires` date has passed, each at its place in synclint.yaml.
fn expired(report: &Report) -> Markup {
    let all = &report.summary.gate.expired_suppressions;
    html! {
        @if !all.is_empty() {
            section id="expired" aria-labelledby="expired-h" {
                (NL) h2 id="expired-h" { (super::expired::TITLE) "s (" (all.len()) ")" }
                (NL) ul {
                    (NL)
                    @for e in all {
                        li {
                            code { (super::text::place(&e.location)) } ": "
                            (super::expired::sentence(e))
                        } (NL)
                    }
                } (NL)
            } (NL)
        }
    }
}

/// Links to the sections present.
fn nav(page: &Page<'_>) -> Markup {
    let report = page.report;
    html! {
        nav class="toc" aria-label="Sections" {
            a href="#inputs" { "Inputs" }
            a href="#summary" { "Summary" }
            @if report.sync.is_some() { a href="#timeline" { "Timeline" } }
            @if !page.causes.is_empty() { a href="#causes" { "Root causes" } }
            a href="#findings" { "Findings" }
            @if !report.summary.gate.expired_suppressions.is_empty() {
                a href="#expired" { "Expired suppressions" }
            }
            @if report.sync.is_some() { a href="#sync" { "Directory sync" } }
        }
        (NL)
    }
}

#[cfg(test)]
mod tests;
