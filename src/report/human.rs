//! Human output: findings grouped by rule, most severe first, each drawn by miette with
//! the configuration line it points at, numbered fix steps, then a summary.

use super::text::terminal as clean;
use super::{Render, Report, Summary};
use crate::finding::Finding;
use crate::rules::Severity;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::borrow::Cow;
use std::fmt;
use std::io::Write;

/// How many skipped records are listed one by one before the rest is only counted.
const SKIPPED_SHOWN: usize = 20;

/// The human renderer.
pub struct Human {
    pub color: bool,
    /// At most this many findings of each rule are shown (None: all).
    pub max_findings: Option<usize>,
}

impl Render for Human {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
            .with_links(false);
        write_causes(&report.causal(), out)?;
        // A rule's findings come together (report order is by severity, then rule): the
        // first ones shown are held, the rest counted, as the findings stream by.
        let shown = (&handler, self.max_findings.unwrap_or(usize::MAX));
        let mut group: Vec<Cow<'_, Finding>> = Vec::new();
        let mut count = 0;
        for finding in report.findings.iter() {
            if group.first().is_some_and(|f| f.rule != finding.rule) {
                write_group(shown, report, (&group, count), out)?;
                (group, count) = (Vec::new(), 0);
            }
            count += 1;
            if group.len() < shown.1 || group.is_empty() {
                group.push(finding);
            }
        }
        write_group(shown, report, (&group, count), out)?;
        write_inputs(report, out)?;
        if let Some(sync) = &report.sync {
            writeln!(out, "\n{}", crate::syncreport::render::human(sync))?;
        }
        writeln!(out, "{}", summary_line(report))
    }
}

/// "Root causes first": each cause, what it explains, and its fix.
fn write_causes(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let causes = report.root_causes();
    if causes.is_empty() {
        return Ok(());
    }
    let (users, events) = super::root_cause_totals(&causes);
    writeln!(
        out,
        "Root causes: {} cause(s), {users} user(s), {events} failed event(s)\n",
        causes.len()
    )?;
    for (i, c) in causes.iter().enumerate() {
        writeln!(
            out,
            "{}. [{}] {}",
            i + 1,
            c.finding.rule,
            clean(&c.finding.message())
        )?;
        let mut symptom_rules: Vec<&str> = c.symptoms.iter().map(|s| &*s.rule).collect();
        symptom_rules.dedup();
        writeln!(
            out,
            "   explains {} user(s) and {} event(s) reported by {}",
            c.users,
            c.events,
            symptom_rules.join(", ")
        )?;
        if let Some(step) = c.finding.fix().first() {
            writeln!(out, "   start with: {}", clean(step))?;
        }
    }
    writeln!(out)
}

/// "role-unavailable (group: Sales, role: x)".
fn describe_cause(cause: &crate::finding::Cause) -> String {
    let subjects: Vec<String> = cause
        .subjects
        .iter()
        .map(|(k, v)| format!("{k}: {}", clean(v)))
        .collect();
    format!("{} ({})", cause.rule, subjects.join(", "))
}

/// One rule's findings: `total` of them, of which `group` holds the first (the first
/// `max` are shown).
fn write_group(
    (handler, max): (&GraphicalReportHandler, usize),
    report: &Report,
    (group, total): (&[Cow<'_, Finding>], usize),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let Some(first) = group.first() else {
        return Ok(());
    };
    writeln!(
        out,
        "{}[{}] {} ({total})",
        first.severity,
        first.rule,
        clean(&first.title),
    )?;
    let shown = max.min(group.len());
    for finding in &group[..shown] {
        let diag = FindingDiagnostic::new(finding, report);
        let mut text = String::new();
        handler
            .render_report(&mut text, &diag)
            .map_err(std::io::Error::other)?;
        if let (Some(loc), None) = (&finding.location, &diag.source) {
            writeln!(out, "  --> {loc}")?;
        }
        write!(out, "{text}")?;
    }
    if shown < total {
        writeln!(
            out,
            "  ... and {} more {} finding(s) not shown: `--max-findings 0` shows them all, `--format json` lists them",
            total - shown,
            first.rule
        )?;
    }
    writeln!(out)
}

/// A line for each file that was not used, with its place when the problem has one:
/// `Not used (malformed): okta.json:117:16: EOF while parsing a string`.
///
/// # Errors
/// Any error from writing.
pub fn write_problems(summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    for p in &summary.problems {
        let at = p
            .location
            .as_ref()
            .map_or_else(|| clean(&p.path), ToString::to_string);
        writeln!(out, "Not used ({}): {at}: {}", p.problem, clean(&p.reason))?;
    }
    Ok(())
}

fn write_inputs(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let s = &report.summary;
    if !s.inputs.is_empty() {
        writeln!(out, "Inputs read:")?;
        for input in &s.inputs {
            writeln!(out, "  {} as {}", clean(&input.path), input.read_as())?;
            for note in input.notes() {
                writeln!(out, "    {}", clean(&note))?;
            }
        }
    }
    write_problems(s, out)?;
    if !s.skipped.is_empty() {
        writeln!(
            out,
            "Skipped {} record(s), {} note(s) on records read:",
            s.skipped_total(),
            s.notes()
        )?;
        for skip in s.skipped.iter().take(SKIPPED_SHOWN) {
            writeln!(out, "  {}: {}", skip.location, clean(&skip.reason))?;
        }
        if s.skipped_total() > SKIPPED_SHOWN as u64 {
            writeln!(
                out,
                "  ... and {} more (see --format json)",
                s.skipped_total() - SKIPPED_SHOWN as u64
            )?;
        }
    }
    if s.gate.suppressed > 0 {
        writeln!(
            out,
            "Suppressed by synclint.yaml: {} finding(s)",
            s.gate.suppressed
        )?;
    }
    for e in &s.gate.expired_suppressions {
        writeln!(
            out,
            "Expired suppression at {} ({}, expired {}): {}; renew or remove it",
            e.location,
            e.rule,
            e.expired,
            clean(&e.reason)
        )?;
    }
    if s.gate.baselined > 0 {
        writeln!(
            out,
            "Already in the baseline: {} finding(s)",
            s.gate.baselined
        )?;
    }
    for e in &s.gate.stale_baseline {
        writeln!(
            out,
            "No longer occurs (remove from the baseline): [{}] {}",
            e.rule,
            clean(&e.message)
        )?;
    }
    // Two lines for all the rules that could not run, not one per rule.
    if !s.rules_not_run.is_empty() {
        let mut needed: Vec<(&str, usize)> = Vec::new();
        for name in s.rules_not_run.iter().flat_map(|r| &r.missing) {
            match needed.iter_mut().find(|(n, _)| n == name) {
                Some((_, count)) => *count += 1,
                None => needed.push((name, 1)),
            }
        }
        let needed: Vec<String> = needed.iter().map(|(n, c)| format!("{n} ({c})")).collect();
        let rules: Vec<&str> = s.rules_not_run.iter().map(|r| r.rule.as_str()).collect();
        writeln!(
            out,
            "Not run: {} rule(s) for lack of inputs; missing {}",
            rules.len(),
            needed.join(", ")
        )?;
        writeln!(out, "  {}", rules.join(", "))?;
    }
    Ok(())
}

/// The one-line summary at the end.
#[must_use]
pub fn summary_line(report: &Report) -> String {
    let counts = report.counts();
    let n = |s| counts.get(&s).copied().unwrap_or(0);
    let s = &report.summary;
    format!(
        "{} finding(s): {} error(s), {} warning(s), {} info; {} input(s) read, {} not used, {} record(s) skipped",
        report.findings.len(),
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        s.files_read(),
        s.problems.len(),
        s.skipped_total()
    )
}

/// The byte length of the YAML scalar at the start of `rest`: a quoted string, or plain
/// text up to a flow separator or comment.
fn token_len(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, quote @ ('"' | '\''))) => chars
            .find(|&(_, c)| c == quote)
            .map_or(rest.len(), |(i, c)| i + c.len_utf8()),
        Some(_) => rest
            .find([',', ']', '}', '#'])
            .unwrap_or(rest.len())
            .max(1)
            .min(rest.trim_end().len().max(1)),
        None => 1,
    }
}

/// A finding as a miette diagnostic.
struct FindingDiagnostic {
    message: String,
    severity: miette::Severity,
    help: String,
    source: Option<NamedSource<String>>,
    label: Option<LabeledSpan>,
}

impl FindingDiagnostic {
    fn new(f: &Finding, report: &Report) -> Self {
        let located = f.location.as_ref().and_then(|loc| {
            let text = report.sources.get(&*loc.path)?;
            let line = text
                .lines()
                .nth((loc.line as usize).saturating_sub(1))
                .unwrap_or_default();
            let rest: String = line
                .chars()
                .skip((loc.column as usize).saturating_sub(1))
                .collect();
            let span = crate::yaml::span_at(text, loc.line, loc.column, token_len(&rest));
            let (source, span) = crate::snippet::fit(&clean(&loc.path), text, Some(span));
            Some((
                source,
                LabeledSpan::new_with_span(Some(f.rule.to_string()), span?),
            ))
        });
        let steps: Vec<String> = f
            .fix()
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {}", i + 1, clean(s)))
            .collect();
        let (source, label) = located.unzip();
        Self {
            message: clean(&f.message()),
            severity: match f.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help: match &f.cause {
                Some(cause) => format!(
                    "caused by {}\nfix:\n{}",
                    describe_cause(cause),
                    steps.join("\n")
                ),
                None => format!("fix:\n{}", steps.join("\n")),
            },
            source,
            label,
        }
    }
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .clone()
            .map(|l| Box::new(std::iter::once(l)) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}
