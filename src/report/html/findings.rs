//! The findings, grouped by rule (most severe first), with the filters that narrow them.
//! Each finding is written to the page on its own.

use super::{badge, icon, plural, time, Page, Sink, HOLE, NL, SEVERITIES};
use crate::finding::Finding;
use crate::report::{Report, RuleInfo};
use crate::rules::Severity;
use maud::{html, Markup};
use std::io;

/// The findings of one rule, with their places in `report.findings`.
struct Group<'a> {
    rule: &'a str,
    worst: Severity,
    findings: Vec<(usize, &'a Finding)>,
}

/// Findings grouped by rule: most severe group first, then by rule id.
fn groups(report: &Report) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (i, f) in report.findings.loaded().iter().enumerate() {
        match groups.iter_mut().find(|g| *g.rule == *f.rule) {
            Some(g) => {
                g.worst = g.worst.max(f.severity);
                g.findings.push((i, f));
            }
            None => groups.push(Group {
                rule: &f.rule,
                worst: f.severity,
                findings: vec![(i, f)],
            }),
        }
    }
    for g in &mut groups {
        g.findings
            .sort_by(|a, b| a.1.sort_key().cmp(&b.1.sort_key()));
    }
    groups.sort_by(|a, b| b.worst.cmp(&a.worst).then_with(|| a.rule.cmp(b.rule)));
    groups
}

/// The id of the element for `report.findings.loaded()[i]`.
pub(super) fn finding_id(i: usize) -> String {
    format!("f-{}", i + 1)
}

pub(super) fn write_findings(sink: &mut Sink<'_>, page: &Page<'_>) -> io::Result<()> {
    let report = page.report;
    let groups = groups(report);
    let section = html! {
        section id="findings" aria-labelledby="findings-h" {
            (NL) h2 id="findings-h" {
                "Findings " span class="count" { "(" (report.findings.len()) ")" }
            }
            (NL)
            @if groups.is_empty() {
                p class="empty-note" { "No findings: every rule that ran passed." } (NL)
            } @else {
                (filters(report, &groups)) (HOLE)
            }
        }
        (NL)
    };
    sink.wrap(section, |sink| {
        for (gi, g) in groups.iter().enumerate() {
            write_group(sink, page, gi, g)?;
        }
        Ok(())
    })
}

/// The filter bar: hidden until the script shows it, so a page without JS has no dead controls.
fn filters(report: &Report, groups: &[Group<'_>]) -> Markup {
    let counts = report.counts();
    html! {
        div id="filters" class="filters" role="group" aria-label="Filter findings" hidden {
            (NL) fieldset {
                legend { "Severity" }
                @for s in SEVERITIES {
                    label class={ "sev-check sev-" (s.as_str()) } {
                        input type="checkbox" name="severity" value=(s.as_str()) checked;
                        " " span aria-hidden="true" { (icon(s)) } " " (s.as_str())
                        " (" (counts.get(&s).copied().unwrap_or(0)) ")"
                    }
                }
            }
            (NL) label class="rule-pick" {
                "Rule "
                select id="rule-filter" {
                    option value="" { "All rules" }
                    @for g in groups {
                        option value=(g.rule) { (g.rule) " (" (g.findings.len()) ")" }
                    }
                }
            }
            (NL) button type="button" id="filter-reset" { "Show all" }
            button type="button" id="expand-all" { "Expand all" }
            button type="button" id="collapse-all" { "Collapse all" }
            (NL) output id="filter-count" aria-live="polite" {}
            (NL)
        }
        (NL)
    }
}

fn write_group(sink: &mut Sink<'_>, page: &Page<'_>, gi: usize, g: &Group<'_>) -> io::Result<()> {
    let info = page.report.rules.iter().find(|r| r.id == g.rule);
    let title = info
        .map(|r| r.title.as_str())
        .or_else(|| g.findings.first().map(|(_, f)| &*f.title))
        .unwrap_or_default();
    let w = g.worst.as_str();
    let n = gi + 1;
    let section = html! {
        section class={ "rule-group sev-" (w) } id={ "rule-" (n) } data-rule=(g.rule)
            data-severity=(w) aria-labelledby={ "rule-" (n) "-h" } {
            (NL) h3 id={ "rule-" (n) "-h" } {
                (badge(g.worst)) " " code class="rule-id" { (g.rule) } " "
                span class="rule-title" { (title) } " "
                span class="count" { "(" (g.findings.len()) ")" }
            }
            (NL)
            @if let Some(info) = info { (docs(info)) }
            (HOLE)
        }
        (NL)
    };
    sink.wrap(section, |sink| {
        for (i, f) in &g.findings {
            sink.put(finding(page, *i, f))?;
        }
        Ok(())
    })
}

/// A rule's explanation, folded.
fn docs(r: &RuleInfo) -> Markup {
    html! {
        details class="docs" {
            summary { "About this rule: what it detects, why it matters, how to fix it" }
            (NL) dl {
                dt { "What it detects" } dd { (r.docs.what) }
                dt { "Why it matters" } dd { (r.docs.why) }
                dt { "How to fix it" } dd { (r.docs.fix) }
                dt { "Category" } dd { (r.category) }
                @if !r.tags.is_empty() { dt { "Tags" } dd { (r.tags.join(", ")) } }
                @if !r.references.is_empty() {
                    // Shown as text, never as links: the page references nothing outside itself.
                    dt { "References" }
                    dd { ul class="refs" { @for reference in &r.references { li { (reference) } } } }
                }
            }
        }
        (NL)
    }
}

fn finding(page: &Page<'_>, i: usize, f: &Finding) -> Markup {
    let s = f.severity.as_str();
    html! {
        article class={ "finding sev-" (s) } id=(finding_id(i)) data-severity=(s) data-rule=(&*f.rule) {
            (NL) p class="message" { (badge(f.severity)) " " (f.message()) }
            (NL) dl class="facts" {
                (subjects_and_place(f))
                @if let Some(ev) = &f.events {
                    dt { "Events" }
                    dd class="events" {
                        (crate::report::text::events_and_users(ev.count, ev.users))
                        @if let Some(first) = ev.first_seen { "; first " (time(first)) }
                        @if let Some(last) = ev.last_seen { "; last " (time(last)) }
                    }
                }
                (cause_link(page, i, f))
            }
            (NL) (snippet(page.report, f)) (fix(&f.fix()))
        }
        (NL)
    }
}

/// The subjects of a finding and, when known, where it was read (inside a `<dl>`).
pub(super) fn subjects_and_place(f: &Finding) -> Markup {
    html! {
        @for (kind, name) in &f.subjects {
            dt { (capitalize(kind)) } dd { code class="subject" { (name) } }
        }
        @if let Some(loc) = &f.location {
            dt { "Location" } dd { code class="path" { (loc.to_string()) } }
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// For a symptom, a link to its cause; for a cause, how much it explains.
fn cause_link(page: &Page<'_>, i: usize, f: &Finding) -> Markup {
    let report = page.report;
    let by = page
        .explained_by
        .get(&i)
        .and_then(|ci| Some((*ci, report.findings.loaded().get(*ci)?)));
    let cause_of = page
        .cause_no
        .get(&i)
        .and_then(|n| Some((*n, page.causes.get(*n)?)));
    html! {
        @if let Some(cause) = &f.cause {
            dt { "Explained by" }
            @match by {
                Some((ci, c)) => dd {
                    a href={ "#" (finding_id(ci)) } { code { (cause.rule) } } ": " (c.message())
                },
                None => dd { code { (cause.rule) } },
            }
        }
        @if let Some((n, c)) = cause_of {
            dt { "Root cause of" }
            dd { a href={ "#cause-" (n + 1) } { (plural(c.symptoms.len() as u64, "finding", "findings")) } }
        }
    }
}

/// The lines of a configuration file around the place a finding points at.
fn snippet(report: &Report, f: &Finding) -> Markup {
    let Some(loc) = &f.location else {
        return html! {};
    };
    let Some(text) = report.sources.get(&*loc.path) else {
        return html! {};
    };
    if loc.line == 0 {
        return html! {};
    }
    let target = loc.line as usize;
    let first = target.saturating_sub(2).max(1);
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .skip_while(|(n, _)| *n < first)
        .take_while(|(n, _)| *n <= target + 2);
    html! {
        pre class="snippet" { code {
            @for (n, line) in lines {
                span class={ "line" @if n == target { " hit" } } {
                    span class="ln" { (format!("{n:>4}")) } " " (line)
                }
            }
        } }
        (NL)
    }
}

/// Numbered fix steps.
pub(super) fn fix(steps: &[String]) -> Markup {
    html! {
        @if !steps.is_empty() {
            div class="fix" { h4 { "How to fix" } ol { @for step in steps { li { (step) } } } }
            (NL)
        }
    }
}
