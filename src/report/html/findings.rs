//! The findings, grouped by rule (most severe first), with the filters that narrow them.

use super::{badge, esc, icon, plural, time, SEVERITIES};
use crate::finding::Finding;
use crate::report::{Report, RootCause, RuleInfo};
use crate::rules::Severity;
use std::fmt::{self, Write as _};

/// The findings of one rule, with their places in `report.findings`.
struct Group<'a> {
    rule: &'a str,
    worst: Severity,
    findings: Vec<(usize, &'a Finding)>,
}

/// Findings grouped by rule: most severe group first, then by rule id.
fn groups(report: &Report) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
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

/// The id of the element for `report.findings[i]`.
pub(super) fn finding_id(i: usize) -> String {
    format!("f-{}", i + 1)
}

/// The place of `f` in `report.findings`.
pub(super) fn index_of(report: &Report, f: &Finding) -> Option<usize> {
    report.findings.iter().position(|x| std::ptr::eq(x, f))
}

pub(super) fn write_findings(out: &mut String, report: &Report) -> fmt::Result {
    let groups = groups(report);
    write!(
        out,
        "<section id=\"findings\" aria-labelledby=\"findings-h\">\n\
         <h2 id=\"findings-h\">Findings <span class=\"count\">({})</span></h2>\n",
        report.findings.len()
    )?;
    if groups.is_empty() {
        out.push_str("<p class=\"empty-note\">No findings: every rule that ran passed.</p>\n");
        return out.write_str("</section>\n");
    }
    write_filters(out, report, &groups)?;
    let causes = report.root_causes();
    for (gi, g) in groups.iter().enumerate() {
        write_group(out, report, &causes, gi, g)?;
    }
    out.write_str("</section>\n")
}

/// The filter bar: hidden until the script shows it, so a page without JS has no dead controls.
fn write_filters(out: &mut String, report: &Report, groups: &[Group<'_>]) -> fmt::Result {
    let counts = report.counts();
    out.push_str(
        "<div id=\"filters\" class=\"filters\" role=\"group\" aria-label=\"Filter findings\" hidden>\n\
         <fieldset><legend>Severity</legend>",
    );
    for s in SEVERITIES {
        let n = counts.get(&s).copied().unwrap_or(0);
        write!(
            out,
            "<label class=\"sev-check sev-{s}\"><input type=\"checkbox\" name=\"severity\" \
             value=\"{s}\" checked> <span aria-hidden=\"true\">{}</span> {s} ({n})</label>",
            icon(s)
        )?;
    }
    out.push_str(
        "</fieldset>\n<label class=\"rule-pick\">Rule <select id=\"rule-filter\">\
         <option value=\"\">All rules</option>",
    );
    for g in groups {
        write!(
            out,
            "<option value=\"{0}\">{0} ({1})</option>",
            esc(g.rule),
            g.findings.len()
        )?;
    }
    out.push_str(
        "</select></label>\n<button type=\"button\" id=\"filter-reset\">Show all</button>\
         <button type=\"button\" id=\"expand-all\">Expand all</button>\
         <button type=\"button\" id=\"collapse-all\">Collapse all</button>\n\
         <output id=\"filter-count\" aria-live=\"polite\"></output>\n</div>\n",
    );
    Ok(())
}

fn write_group(
    out: &mut String,
    report: &Report,
    causes: &[RootCause<'_>],
    gi: usize,
    g: &Group<'_>,
) -> fmt::Result {
    let info = report.rules.iter().find(|r| r.id == g.rule);
    let title = info
        .map(|r| r.title.as_str())
        .or_else(|| g.findings.first().map(|(_, f)| &*f.title))
        .unwrap_or_default();
    write!(
        out,
        "<section class=\"rule-group sev-{w}\" id=\"rule-{n}\" data-rule=\"{rule}\" \
         data-severity=\"{w}\" aria-labelledby=\"rule-{n}-h\">\n<h3 id=\"rule-{n}-h\">{badge} \
         <code class=\"rule-id\">{rule}</code> <span class=\"rule-title\">{title}</span> \
         <span class=\"count\">({count})</span></h3>\n",
        w = g.worst,
        n = gi + 1,
        rule = esc(g.rule),
        badge = badge(g.worst),
        title = esc(title),
        count = g.findings.len(),
    )?;
    if let Some(info) = info {
        write_docs(out, info)?;
    }
    for (i, f) in &g.findings {
        write_finding(out, report, causes, *i, f)?;
    }
    out.write_str("</section>\n")
}

/// A rule's explanation, folded.
fn write_docs(out: &mut String, r: &RuleInfo) -> fmt::Result {
    write!(
        out,
        "<details class=\"docs\"><summary>About this rule: what it detects, why it matters, how to fix it</summary>\n\
         <dl><dt>What it detects</dt><dd>{}</dd><dt>Why it matters</dt><dd>{}</dd>\
         <dt>How to fix it</dt><dd>{}</dd>",
        esc(&r.docs.what),
        esc(&r.docs.why),
        esc(&r.docs.fix)
    )?;
    write!(out, "<dt>Category</dt><dd>{}</dd>", esc(&r.category))?;
    if !r.tags.is_empty() {
        let tags: Vec<String> = r.tags.iter().map(|t| esc(t)).collect();
        write!(out, "<dt>Tags</dt><dd>{}</dd>", tags.join(", "))?;
    }
    if !r.references.is_empty() {
        // Shown as text, never as links: the page references nothing outside itself.
        out.push_str("<dt>References</dt><dd><ul class=\"refs\">");
        for reference in &r.references {
            write!(out, "<li>{}</li>", esc(reference))?;
        }
        out.push_str("</ul></dd>");
    }
    out.write_str("</dl></details>\n")
}

fn write_finding(
    out: &mut String,
    report: &Report,
    causes: &[RootCause<'_>],
    i: usize,
    f: &Finding,
) -> fmt::Result {
    write!(
        out,
        "<article class=\"finding sev-{s}\" id=\"{id}\" data-severity=\"{s}\" data-rule=\"{rule}\">\n\
         <p class=\"message\">{badge} {message}</p>\n",
        s = f.severity,
        id = finding_id(i),
        rule = esc(&f.rule),
        badge = badge(f.severity),
        message = esc(&f.message),
    )?;
    out.push_str("<dl class=\"facts\">");
    write_subjects_and_place(out, f)?;
    if let Some(ev) = &f.events {
        write!(
            out,
            "<dt>Events</dt><dd class=\"events\">{}",
            crate::report::text::events_and_users(ev.count, ev.users)
        )?;
        if let Some(first) = ev.first_seen {
            write!(out, "; first {}", time(first))?;
        }
        if let Some(last) = ev.last_seen {
            write!(out, "; last {}", time(last))?;
        }
        out.push_str("</dd>");
    }
    write_cause_link(out, report, causes, f)?;
    out.push_str("</dl>\n");
    write_snippet(out, report, f)?;
    write_fix(out, &f.fix)?;
    out.write_str("</article>\n")
}

/// `user`, `group`, ... as definition-list entries.
/// The subjects of a finding and, when known, where it was read (inside a `<dl>`).
pub(super) fn write_subjects_and_place(out: &mut String, f: &Finding) -> fmt::Result {
    write_subjects(out, f)?;
    if let Some(loc) = &f.location {
        write!(
            out,
            "<dt>Location</dt><dd><code class=\"path\">{}</code></dd>",
            esc(&loc.to_string())
        )?;
    }
    Ok(())
}

pub(super) fn write_subjects(out: &mut String, f: &Finding) -> fmt::Result {
    for (kind, name) in &f.subjects {
        write!(
            out,
            "<dt>{}</dt><dd><code class=\"subject\">{}</code></dd>",
            esc(&capitalize(kind)),
            esc(name)
        )?;
    }
    Ok(())
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// For a symptom, a link to its cause; for a cause, how much it explains.
fn write_cause_link(
    out: &mut String,
    report: &Report,
    causes: &[RootCause<'_>],
    f: &Finding,
) -> fmt::Result {
    if let Some(cause) = &f.cause {
        let found = report
            .findings
            .iter()
            .position(|c| *c.rule == *cause.rule && c.subjects == cause.subjects);
        match found {
            Some(ci) => write!(
                out,
                "<dt>Explained by</dt><dd><a href=\"#{}\"><code>{}</code></a>: {}</dd>",
                finding_id(ci),
                esc(&cause.rule),
                esc(report
                    .findings
                    .get(ci)
                    .map(|c| c.message.as_str())
                    .unwrap_or_default())
            )?,
            None => write!(
                out,
                "<dt>Explained by</dt><dd><code>{}</code></dd>",
                esc(&cause.rule)
            )?,
        }
    }
    if let Some((n, c)) = causes
        .iter()
        .enumerate()
        .find(|(_, c)| std::ptr::eq(c.finding, f))
    {
        write!(
            out,
            "<dt>Root cause of</dt><dd><a href=\"#cause-{}\">{}</a></dd>",
            n + 1,
            plural(c.symptoms.len() as u64, "finding", "findings")
        )?;
    }
    Ok(())
}

/// The lines of a configuration file around the place a finding points at.
fn write_snippet(out: &mut String, report: &Report, f: &Finding) -> fmt::Result {
    let Some(loc) = &f.location else {
        return Ok(());
    };
    let Some(text) = report.sources.get(&*loc.path) else {
        return Ok(());
    };
    if loc.line == 0 {
        return Ok(());
    }
    let target = loc.line as usize;
    let first = target.saturating_sub(2).max(1);
    out.push_str("<pre class=\"snippet\"><code>");
    for (n, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if n < first {
            continue;
        }
        if n > target + 2 {
            break;
        }
        write!(
            out,
            "<span class=\"line{}\"><span class=\"ln\">{n:>4}</span> {}</span>",
            if n == target { " hit" } else { "" },
            esc(line)
        )?;
    }
    out.write_str("</code></pre>\n")
}

/// Numbered fix steps.
pub(super) fn write_fix(out: &mut String, steps: &[String]) -> fmt::Result {
    if steps.is_empty() {
        return Ok(());
    }
    out.push_str("<div class=\"fix\"><h4>How to fix</h4><ol>");
    for step in steps {
        write!(out, "<li>{}</li>", esc(step))?;
    }
    out.write_str("</ol></div>\n")
}
