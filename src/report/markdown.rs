//! `--format markdown`: a report to paste into a pull-request comment or a support ticket.
//!
//! A heading; a summary table (findings by severity, inputs read and not used, records
//! skipped, rules run); then one section per rule that found something, most severe first,
//! with a table of its findings (subject, message, location), the numbered fix steps and a
//! collapsible `<details>` block with the rule's documentation; then the expired
//! suppressions, the inputs not used, the records skipped and the rules not run.
//!
//! Every value from an input goes through [`text::markdown`], so it cannot open HTML,
//! a link or a code span, nor break out of its table cell or list item.

use super::text::{self, markdown as md};
use super::{Render, Report, RuleInfo};
use crate::finding::Finding;
use crate::model::Location;
use crate::rules::Severity;
use std::borrow::Cow;
use std::io::Write;

/// How many skipped records are listed one by one.
const SKIPPED_SHOWN: usize = 20;

/// The Markdown renderer.
pub struct Markdown {
    /// At most this many findings of each rule are listed (None: all): GitHub drops a
    /// step summary over 1 MiB whole, and a pull-request comment holds 65,536 characters.
    pub max_findings: Option<usize>,
}

impl Render for Markdown {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "## synclint report\n")?;
        summary(report, out)?;
        causes(&report.causal(), out)?;
        let rules = text::rules(report);
        // Report order is by severity, then rule: each rule's findings come together, and
        // the first ones listed are held while the rest are counted.
        let max = self.max_findings.unwrap_or(usize::MAX);
        let mut group: Vec<Cow<'_, Finding>> = Vec::new();
        let mut total = 0;
        for finding in report.findings.iter() {
            if group.first().is_some_and(|f| f.rule != finding.rule) {
                rule_section(&rules, (&group, total), max, out)?;
                (group, total) = (Vec::new(), 0);
            }
            total += 1;
            if group.len() < max || group.is_empty() {
                group.push(finding);
            }
        }
        rule_section(&rules, (&group, total), max, out)?;
        if let Some(sync) = &report.sync {
            writeln!(
                out,
                "{}",
                crate::syncreport::render::markdown(sync)
                    .replace("### ", "#### ")
                    .replacen("## ", "### ", 1)
            )?;
        }
        expired(report, out)?;
        inputs(report, out)
    }
}

/// The suppressions whose `expires` date has passed, each at its place in synclint.yaml.
fn expired(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let all = &report.summary.gate.expired_suppressions;
    if all.is_empty() {
        return Ok(());
    }
    writeln!(out, "### {}s ({})\n", super::expired::TITLE, all.len())?;
    for e in all {
        let at = md(&text::place(&e.location));
        writeln!(out, "- {at}: {}", md(&super::expired::sentence(e)))?;
    }
    writeln!(out)
}

/// Root causes first: what each explains and where to start.
fn causes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let causes = report.root_causes();
    if causes.is_empty() {
        return Ok(());
    }
    let (users, events) = super::root_cause_totals(&causes);
    writeln!(
        out,
        "### Root causes\n\n{} cause(s) explain {users} user(s) and {events} failed event(s).\n",
        causes.len()
    )?;
    writeln!(
        out,
        "| Cause | Explains | First step |\n| --- | --- | --- |"
    )?;
    for c in &causes {
        let first = c.finding.fix().first().map(|s| md(s)).unwrap_or_default();
        writeln!(
            out,
            "| {} ({}) | {} user(s), {} event(s) | {first} |",
            md(&c.finding.message()),
            md(&c.finding.rule),
            c.users,
            c.events
        )?;
    }
    writeln!(out)
}

fn summary(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let counts = report.counts();
    let n = |s| counts.get(&s).copied().unwrap_or(0);
    let s = &report.summary;
    writeln!(out, "| | Count |\n| --- | ---: |")?;
    for (label, value) in [
        ("Errors", n(Severity::Error)),
        ("Warnings", n(Severity::Warning)),
        ("Info", n(Severity::Info)),
        ("Inputs read", s.files_read()),
        ("Inputs not used", s.problems.len()),
        (
            "Records skipped",
            usize::try_from(s.skipped_total()).unwrap_or(usize::MAX),
        ),
        ("Rules run", s.rules_run),
    ] {
        writeln!(out, "| {label} | {value} |")?;
    }
    writeln!(out)?;
    if report.findings.is_empty() {
        writeln!(out, "No findings.\n")?;
    }
    Ok(())
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Info",
    }
}

/// The section of the rule of `group`'s findings (the first of `total`), listing at
/// most `max` (the first finding is held to name the rule even when none are listed).
fn rule_section(
    rules: &[RuleInfo],
    (group, total): (&[Cow<'_, Finding>], usize),
    max: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(first) = group.first() else {
        return Ok(());
    };
    let Some(rule) = rules.iter().find(|r| *r.id == *first.rule) else {
        return Ok(());
    };
    let listed: Vec<&Finding> = group.iter().take(max).map(|f| &**f).collect();
    section(rule, &listed, total, out)
}

/// A rule's section: the findings listed (the first of `total`), their fix steps and the
/// rule's documentation.
fn section(
    rule: &RuleInfo,
    found: &[&Finding],
    total: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let severity = found
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(rule.severity);
    writeln!(
        out,
        "### {}: {} ({})\n",
        severity_label(severity),
        md(&rule.title),
        md(&rule.id)
    )?;
    writeln!(out, "| Subject | Message | Location |\n| --- | --- | --- |")?;
    for f in found {
        let subjects: Vec<String> = text::subjects(f).iter().map(|s| md(s)).collect();
        let at = f.location.as_ref().map(|l| md(&text::place(l)));
        writeln!(
            out,
            "| {} | {} | {} |",
            subjects.join("<br>"),
            md(&f.message()),
            at.unwrap_or_default()
        )?;
    }
    writeln!(out)?;
    if total > found.len() {
        writeln!(
            out,
            "_... and {} more {} finding(s) not listed: `--max-findings 0` lists them all, \
             the JSON and SARIF reports hold every one._\n",
            total - found.len(),
            md(&rule.id)
        )?;
    }
    fix_steps(found, out)?;
    details(rule, out)
}

/// The fix steps: once when every finding has the same, else for each finding.
fn fix_steps(found: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let Some(first) = found.first() else {
        return Ok(());
    };
    let same = found.iter().all(|f| f.fix() == first.fix());
    for (i, f) in found.iter().enumerate() {
        if f.fix().is_empty() || (same && i > 0) {
            continue;
        }
        if same {
            writeln!(out, "**Fix steps**\n")?;
        } else {
            let subjects = text::subjects(f);
            let about = if subjects.is_empty() {
                format!("finding {}", i + 1)
            } else {
                subjects.join(", ")
            };
            writeln!(out, "**Fix steps for {}**\n", md(&about))?;
        }
        let steps: Vec<String> = f.fix().iter().map(|s| md(s)).collect();
        writeln!(out, "{}\n", text::numbered(&steps))?;
    }
    Ok(())
}

fn details(rule: &RuleInfo, out: &mut dyn Write) -> std::io::Result<()> {
    let docs = &rule.docs;
    let parts = [
        ("What it detects", &docs.what),
        ("Why it matters", &docs.why),
        ("How to fix it", &docs.fix),
    ];
    if parts.iter().all(|(_, t)| t.trim().is_empty()) && rule.references.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details>\n<summary>About {}</summary>\n",
        md(&rule.id)
    )?;
    for (label, body) in parts {
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        if !body.is_empty() {
            writeln!(out, "**{label}:** {}\n", md(&body))?;
        }
    }
    if !rule.references.is_empty() {
        writeln!(out, "**References:**\n")?;
        for r in &rule.references {
            writeln!(out, "- {}", text::markdown_reference(r))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "</details>\n")
}

fn inputs(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    if !s.inputs.is_empty() {
        writeln!(out, "<details>\n<summary>Inputs read</summary>\n")?;
        writeln!(out, "| File | Read as | Records |\n| --- | --- | ---: |")?;
        for i in &s.inputs {
            let notes = i.log_notes();
            let (kind, records) = match (i.is_config(), notes.is_empty()) {
                (true, _) => ("configuration".to_owned(), String::new()),
                (false, true) => (i.kind.clone(), i.records.to_string()),
                (false, false) => (format!("{} ({notes})", i.kind), i.records.to_string()),
            };
            writeln!(out, "| {} | {} | {records} |", md(&i.path), md(&kind))?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    if !s.problems.is_empty() {
        writeln!(out, "### Inputs not used\n")?;
        writeln!(out, "| File | Problem | Reason |\n| --- | --- | --- |")?;
        for p in &s.problems {
            let at = p.location.as_ref().map_or_else(
                || text::place(&Location::new(p.path.clone(), 0, 0)),
                text::place,
            );
            writeln!(
                out,
                "| {} | {} | {} |",
                md(&at),
                md(p.problem),
                md(&p.reason)
            )?;
        }
        writeln!(out)?;
    }
    if !s.skipped.is_empty() {
        writeln!(out, "### Records skipped ({})\n", s.skipped.len())?;
        writeln!(out, "| Where | Reason |\n| --- | --- |")?;
        for skip in s.skipped.iter().take(SKIPPED_SHOWN) {
            let at = md(&text::place(&skip.location));
            writeln!(out, "| {at} | {} |", md(&skip.reason))?;
        }
        if s.skipped.len() > SKIPPED_SHOWN {
            let more = s.skipped.len() - SKIPPED_SHOWN;
            writeln!(out, "\n... and {more} more (see `--format json`).")?;
        }
        writeln!(out)?;
    }
    if !s.rules_not_run.is_empty() {
        writeln!(out, "### Rules not run\n")?;
        for r in &s.rules_not_run {
            let missing: Vec<String> = r.missing.iter().map(|m| md(m)).collect();
            writeln!(
                out,
                "- {}: no input supplied {}",
                md(&r.rule),
                missing.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
