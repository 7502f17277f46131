//! `synclint trace USER`: one person's whole chain, from the identity provider through
//! the mapping to the Incydr console, with every event and finding about them and the
//! first link that is not what the mapping expects.
//!
//! The engine does no I/O: [`build`] reads the `users` view (see [`crate::model::join`]),
//! the mapping datasets, the findings of a check and the events picked out of the logs
//! (with [`Matcher::picks`]), and returns a [`Trace`]. [`render`] turns a trace into
//! human text, Markdown or a versioned JSON document.

mod chain;
pub mod command;
mod events;
mod find;
mod redact;
pub mod render;
#[cfg(test)]
mod tests;

pub use events::{collapse, TraceEvent};
pub use find::{near_matches, Matcher};

use crate::finding::Finding;
use crate::model::{Datasets, Record};
use serde::Serialize;

/// The version of the JSON document.
pub const VERSION: u32 = 1;

/// One person's chain.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub version: u32,
    /// What was asked for, as typed.
    pub query: String,
    /// The username the sources know the person by.
    pub user: String,
    pub idp: Idp,
    pub mapping: Mapping,
    pub console: Console,
    pub events: Vec<EventRun>,
    pub findings: Vec<FindingLine>,
    /// The first link that differs from what the mapping expects, or null.
    #[serde(rename = "break")]
    pub broken: Option<Break>,
}

/// The identity provider's side.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Idp {
    pub present: bool,
    /// `active`, `inactive`, `unknown` (the snapshot does not say) or `absent`.
    pub state: String,
    pub id: Option<String>,
    pub emails: Vec<String>,
    pub groups: Vec<String>,
    pub at: Option<String>,
}

/// What the mapping makes of the IdP user.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Mapping {
    /// Each role a group (or the default) grants the user.
    pub grants: Vec<Grant>,
    /// The ids of the available roles the grants add up to.
    pub roles: Vec<String>,
    /// Granted roles the environment lacks, as written in the mapping.
    pub unavailable_roles: Vec<String>,
    pub organization: Option<String>,
    /// `group`, `fallback`, `attribute`, `default` or null.
    pub organization_source: Option<String>,
    /// Why that organization, in words.
    pub organization_reason: String,
    pub organization_available: Option<bool>,
    pub in_scope: bool,
    /// Listed in `local_users` (null when no list is configured).
    pub local: Option<bool>,
}

/// One role granted through one group.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    /// The group, or null for a default role.
    pub group: Option<String>,
    pub role: String,
    /// Whether the environment has the role (null when the roles are not known).
    pub available: Option<bool>,
    pub at: Option<String>,
}

/// The Incydr console's side.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Console {
    pub present: bool,
    /// `active`, `inactive`, `blocked`, `unknown` or `absent`.
    pub state: String,
    pub user_id: Option<String>,
    /// Role ids, or null when the export of roles was not given or cannot tell this
    /// user's roles (no id, and rows keyed by id only).
    pub roles: Option<Vec<String>>,
    pub organization: Option<String>,
    pub org_guid: Option<String>,
    pub at: Option<String>,
}

/// Events alike in source, action, status and message, collapsed into one line.
#[derive(Debug, Clone, Serialize)]
pub struct EventRun {
    pub count: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub source: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub message: Option<String>,
    /// Where the first of them was read.
    pub at: Option<String>,
}

/// A finding about the person (or the cause of one).
#[derive(Debug, Clone, Serialize)]
pub struct FindingLine {
    pub rule: String,
    pub severity: String,
    pub message: String,
    /// No other finding explains it.
    pub root_cause: bool,
    /// The rule of the finding that explains it.
    pub caused_by: Option<String>,
    pub fix: Vec<String>,
    pub at: Option<String>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// `idp`, `mapping`, `console` or `events`.
    pub link: String,
    pub summary: String,
}

/// A trace, or the names that come near the one asked for.
#[derive(Debug, Clone)]
pub enum Lookup {
    Found(Box<Trace>),
    NotFound { query: String, near: Vec<String> },
}

/// Trace the person `matcher` found among `data`'s `users` view: their record, the
/// findings about them (and the causes of those), and `picked` events about them.
#[must_use]
pub fn build(
    matcher: &Matcher,
    data: &Datasets,
    findings: &[Finding],
    picked: Vec<TraceEvent>,
) -> Trace {
    let record = matcher.record();
    let idp = chain::idp(record);
    let mapping = chain::mapping(record, data);
    let console = chain::console(record, data);
    let mut sorted = picked;
    sorted.sort_by_key(|e| e.time);
    let findings = find::findings_about(matcher, findings);
    let broken = chain::broken(&idp, &mapping, &console, &sorted);
    Trace {
        version: VERSION,
        query: matcher.query().to_owned(),
        user: matcher.username().to_owned(),
        idp,
        mapping,
        console,
        events: collapse(&sorted),
        findings,
        broken,
    }
}

/// Look `query` up in the `users` view of `data`.
///
/// # Errors
/// [`Lookup::NotFound`], with the near matches, when no record knows the name.
pub fn lookup(query: &str, users: &[Record]) -> Result<Matcher, Lookup> {
    Matcher::find(query, users).ok_or_else(|| Lookup::NotFound {
        query: query.to_owned(),
        near: near_matches(query, users),
    })
}
