//! Rendering a trace: each format reads a [`Lookup`] through [`RenderTrace`].

use super::{EventRun, Lookup, Trace};
use std::io::{self, Write};

mod human;
mod markdown;

pub use human::Human;
pub use markdown::Markdown;

/// A trace format.
pub trait RenderTrace {
    /// Write `lookup` to `out`.
    ///
    /// # Errors
    /// When `out` cannot be written.
    fn render(&self, lookup: &Lookup, out: &mut dyn Write) -> io::Result<()>;
}

/// The versioned JSON document: the trace, or `found: false` with the near matches.
pub struct Json;

impl RenderTrace for Json {
    fn render(&self, lookup: &Lookup, out: &mut dyn Write) -> io::Result<()> {
        let value = match lookup {
            Lookup::Found(trace) => {
                let mut value = serde_json::to_value(trace.as_ref()).map_err(io::Error::other)?;
                if let Some(map) = value.as_object_mut() {
                    map.insert("found".into(), true.into());
                }
                value
            }
            Lookup::NotFound { query, near } => serde_json::json!({
                "version": super::VERSION,
                "query": query,
                "found": false,
                "near": near,
            }),
        };
        serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::other)?;
        writeln!(out)
    }
}

/// The renderer of a format name: `human`, `json` or `markdown`.
#[must_use]
pub fn renderer(format: crate::options::DocFormat) -> Box<dyn RenderTrace> {
    match format {
        crate::options::DocFormat::Human => Box::new(Human),
        crate::options::DocFormat::Json => Box::new(Json),
        crate::options::DocFormat::Markdown => Box::new(Markdown),
    }
}

/// The sentence for a person nobody knows.
fn not_found(query: &str, near: &[String]) -> String {
    let mut text =
        format!("No input knows a user `{query}` (by username, email, IdP id or Incydr user id).");
    if !near.is_empty() {
        text.push_str(&format!(" Did you mean: {}?", near.join(", ")));
    }
    text
}

/// One collapsed run of events in words: "okta deactivate failure: failed 2 times between
/// … and …".
fn run_text(run: &EventRun) -> String {
    let what = [&run.source, &run.action, &run.status]
        .iter()
        .filter_map(|v| v.as_deref())
        .collect::<Vec<_>>()
        .join(" ");
    let times = match (&run.first, &run.last) {
        (Some(a), Some(b)) if run.count > 1 => {
            let verb = if run.status.as_deref() == Some("failure") {
                "failed"
            } else {
                "seen"
            };
            format!("{verb} {} times between {a} and {b}", run.count)
        }
        (Some(a), _) => a.clone(),
        _ if run.count > 1 => format!("{} times, no time given", run.count),
        _ => "no time given".to_owned(),
    };
    format!("{what}: {times}")
}

/// Words for a yes/no/unknown.
fn tri(value: Option<bool>, yes: &str, no: &str, unknown: &str) -> String {
    match value {
        Some(true) => yes.to_owned(),
        Some(false) => no.to_owned(),
        None => unknown.to_owned(),
    }
}

/// The person's line for the console: state, id, organization.
fn console_line(trace: &Trace) -> String {
    let c = &trace.console;
    if !c.present && c.state == "unlisted" {
        return "unlisted: not on the page of the console export read (one page of a longer list)"
            .to_owned();
    }
    if !c.present {
        return "absent: no console account".to_owned();
    }
    let mut parts = vec![c.state.clone()];
    parts.extend(c.user_id.iter().map(|id| format!("id {id}")));
    parts.extend(c.organization.iter().map(|o| format!("organization {o}")));
    parts.join(" · ")
}

/// The person's line for the identity provider: state, id.
fn idp_line(trace: &Trace) -> String {
    let i = &trace.idp;
    if !i.present && i.state == "unlisted" {
        return "unlisted: not on the page of the identity provider snapshot read (one page of a longer list)".to_owned();
    }
    if !i.present {
        return "absent: not in the identity provider snapshot".to_owned();
    }
    let mut parts = vec![i.state.clone()];
    parts.extend(i.id.iter().map(|id| format!("id {id}")));
    parts.join(" · ")
}

/// Scope and local account in words.
fn scope_line(trace: &Trace) -> String {
    let m = &trace.mapping;
    let scope = if m.in_scope {
        "in scope"
    } else {
        "not in scope"
    };
    let local = tri(
        m.local,
        "a local account (not managed by the provider)",
        "not a local account",
        "no local_users list",
    );
    format!("{scope} · {local}")
}
