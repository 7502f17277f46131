//! The trace for a terminal: a compact vertical chain, each line at most 100 columns.

use super::super::{Lookup, Trace};
use super::{console_line, idp_line, not_found, run_text, scope_line, RenderTrace};
use crate::report::text::terminal;
use std::io::{self, Write};

/// Columns a line may take.
const WIDTH: usize = 100;

/// Human output.
pub struct Human;

impl RenderTrace for Human {
    fn render(&self, lookup: &Lookup, out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        match lookup {
            Lookup::Found(trace) => chain(trace, &mut text),
            Lookup::NotFound { query, near } => push(&mut text, "", &not_found(query, near)),
        }
        out.write_all(text.as_bytes())
    }
}

/// Word-wrap `line` (made safe for a terminal) after `indent`, continuing under it.
fn push(text: &mut String, indent: &str, line: &str) {
    let safe = terminal(line);
    let room = WIDTH.saturating_sub(indent.chars().count()).max(20);
    let mut current = String::new();
    let mut first = true;
    for word in safe.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > room {
            let lead = if first {
                indent.to_owned()
            } else {
                under(indent)
            };
            text.push_str(&format!("{lead}{current}\n"));
            current.clear();
            first = false;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    let lead = if first {
        indent.to_owned()
    } else {
        under(indent)
    };
    text.push_str(&format!("{lead}{current}\n"));
}

/// The indent of a wrapped line's continuation: the chain's bar kept, the rest blank.
fn under(indent: &str) -> String {
    let width = indent.chars().count();
    match indent.strip_prefix("  │") {
        Some(_) => format!("  │{}", " ".repeat(width.saturating_sub(3))),
        None => " ".repeat(width),
    }
}

fn at(place: Option<&String>) -> String {
    place.map_or_else(String::new, |p| format!(" ({p})"))
}

fn chain(trace: &Trace, text: &mut String) {
    push(text, "", &format!("Trace of {}", trace.user));
    text.push('\n');
    push(
        text,
        "1 Identity provider  ",
        &format!("{}{}", idp_line(trace), at(trace.idp.at.as_ref())),
    );
    if trace.idp.present {
        push(text, "  │ groups: ", &list(&trace.idp.groups));
    }
    text.push_str("  ↓\n");
    push(text, "2 Mapping            ", &scope_line(trace));
    mapping(trace, text);
    text.push_str("  ↓\n");
    push(
        text,
        "3 Incydr console     ",
        &format!("{}{}", console_line(trace), at(trace.console.at.as_ref())),
    );
    if let Some(roles) = &trace.console.roles {
        push(text, "  │ roles: ", &list(roles));
    }
    text.push_str("  ↓\n");
    push(
        text,
        "4 Events             ",
        &format!("{} line(s), oldest first", trace.events.len()),
    );
    for run in &trace.events {
        push(text, "  │ ", &run_text(run));
        let message = run.message.clone().unwrap_or_default();
        push(
            text,
            "  │     ",
            &format!("{message}{}", at(run.at.as_ref())),
        );
    }
    text.push_str("  ↓\n");
    push(
        text,
        "5 Findings           ",
        &format!("{}, root causes first", trace.findings.len()),
    );
    for f in &trace.findings {
        let why = match &f.caused_by {
            Some(rule) => format!(" (caused by {rule})"),
            None => " (root cause)".to_owned(),
        };
        push(
            text,
            "  │ ",
            &format!("{}[{}]{why} {}", f.severity, f.rule, f.message),
        );
        for (n, step) in f.fix.iter().enumerate() {
            push(text, "  │     ", &format!("{}. {step}", n + 1));
        }
    }
    let verdict = trace.broken.as_ref().map_or_else(
        || "nowhere: every link is what the mapping expects".to_owned(),
        |b| format!("at the {}: {}", link_name(&b.link), b.summary),
    );
    text.push_str("  ↓\n");
    push(text, "6 Where it breaks    ", &verdict);
}

fn mapping(trace: &Trace, text: &mut String) {
    let m = &trace.mapping;
    if !trace.idp.present {
        return;
    }
    if m.grants.is_empty() {
        push(text, "  │ ", "no mapping grants the user a role");
    }
    for g in &m.grants {
        let group = g
            .group
            .clone()
            .unwrap_or_else(|| "(default role)".to_owned());
        let lacks = if g.available == Some(false) {
            "  ✗ this environment lacks it"
        } else {
            ""
        };
        push(text, "  │ ", &format!("{group} → {}{lacks}", g.role));
    }
    let org = m.organization.clone().unwrap_or_else(|| "none".to_owned());
    let missing = if m.organization_available == Some(false) {
        " ✗ missing or deactivated"
    } else {
        ""
    };
    push(
        text,
        "  │ organization: ",
        &format!("{org}{missing} ({})", m.organization_reason),
    );
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// A link's name in a sentence.
pub(super) fn link_name(link: &str) -> &'static str {
    match link {
        "idp" => "identity provider",
        "mapping" => "mapping",
        "console" => "Incydr console",
        _ => "events",
    }
}
