//! The trace for a ticket, in GitHub-flavoured Markdown.

use super::super::{Lookup, Trace};
use super::human::link_name;
use super::{console_line, idp_line, not_found, run_text, scope_line, RenderTrace};
use crate::report::text::markdown as md;
use std::io::{self, Write};

/// Markdown output.
pub struct Markdown;

impl RenderTrace for Markdown {
    fn render(&self, lookup: &Lookup, out: &mut dyn Write) -> io::Result<()> {
        let text = match lookup {
            Lookup::Found(trace) => document(trace),
            Lookup::NotFound { query, near } => format!("{}\n", md(&not_found(query, near))),
        };
        out.write_all(text.as_bytes())
    }
}

fn document(trace: &Trace) -> String {
    let mut s = format!("# Trace of {}\n\n", md(&trace.user));
    let verdict = trace.broken.as_ref().map_or_else(
        || "nowhere: every link is what the mapping expects".to_owned(),
        |b| format!("at the {}: {}", link_name(&b.link), b.summary),
    );
    s += &format!("**Where it breaks:** {}\n\n", md(&verdict));
    s += &format!("## 1. Identity provider\n\n- {}\n", md(&idp_line(trace)));
    if trace.idp.present {
        s += &format!("- groups: {}\n", md(&trace.idp.groups.join(", ")));
    }
    s += &format!("\n## 2. Mapping\n\n- {}\n", md(&scope_line(trace)));
    for g in &trace.mapping.grants {
        let group = g
            .group
            .clone()
            .unwrap_or_else(|| "(default role)".to_owned());
        let lacks = if g.available == Some(false) {
            " (this environment lacks it)"
        } else {
            ""
        };
        s += &format!("- {} grants {}{lacks}\n", md(&group), md(&g.role));
    }
    if trace.idp.present {
        let m = &trace.mapping;
        let org = m.organization.clone().unwrap_or_else(|| "none".to_owned());
        s += &format!(
            "- organization: {} ({})\n",
            md(&org),
            md(&m.organization_reason)
        );
    }
    s += &format!("\n## 3. Incydr console\n\n- {}\n", md(&console_line(trace)));
    if let Some(roles) = &trace.console.roles {
        s += &format!("- roles: {}\n", md(&roles.join(", ")));
    }
    s += "\n## 4. Events\n\n";
    if trace.events.is_empty() {
        s += "No event names the user.\n";
    } else {
        s += "| When | Message | Where |\n|---|---|---|\n";
        for run in &trace.events {
            let message = run.message.clone().unwrap_or_default();
            let place = run.at.clone().unwrap_or_default();
            s += &format!(
                "| {} | {} | {} |\n",
                md(&run_text(run)),
                md(&message),
                md(&place)
            );
        }
    }
    s += "\n## 5. Findings\n\n";
    if trace.findings.is_empty() {
        s += "No finding is about the user.\n";
    }
    for f in &trace.findings {
        let why = f
            .caused_by
            .as_ref()
            .map_or_else(|| "root cause".to_owned(), |r| format!("caused by {r}"));
        s += &format!(
            "- **{}** `{}` ({}): {}\n",
            f.severity,
            f.rule,
            md(&why),
            md(&f.message)
        );
        for (n, step) in f.fix.iter().enumerate() {
            s += &format!("  {}. {}\n", n + 1, md(step));
        }
    }
    s
}
