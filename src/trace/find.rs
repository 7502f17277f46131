//! Finding the person asked for: by username, email, IdP id or Incydr user id, case
//! folded; the names that come near when nobody matches; and the events and findings
//! about the person found.

use super::events::TraceEvent;
use super::FindingLine;
use crate::finding::Finding;
use crate::model::event::EventRecord;
use crate::model::path::Fields;
use crate::model::Record;
use serde_json::Value;

/// How many near matches are suggested.
const NEAR: usize = 5;

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Every name a `users` record knows its person by: username, IdP id, external id,
/// emails, console username and user id.
fn names_of(record: &Record) -> Vec<String> {
    let mut names = Vec::new();
    let mut add = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.trim().is_empty() => names.push(s.clone()),
        Some(Value::Array(items)) => names.extend(
            items
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned),
        ),
        _ => {}
    };
    add(record.value.get("username"));
    for key in ["userName", "id", "externalId", "emails"] {
        add(record.value.get("idp").and_then(|i| i.get(key)));
    }
    for key in ["username", "userId"] {
        add(record.value.get("console").and_then(|c| c.get(key)));
    }
    names
}

/// The person found: their `users` record and every name they go by, folded.
#[derive(Debug, Clone)]
pub struct Matcher {
    query: String,
    record: Record,
    keys: Vec<String>,
}

impl Matcher {
    /// The first `users` record any of whose names is `query`, case folded.
    #[must_use]
    pub fn find(query: &str, users: &[Record]) -> Option<Self> {
        let wanted = fold(query);
        let record = users
            .iter()
            .find(|r| names_of(r).iter().any(|n| fold(n) == wanted))?;
        Some(Self::of(query, record.clone()))
    }

    /// A matcher for a person no snapshot knows, by the name asked for (their events and
    /// findings may still name them).
    #[must_use]
    pub fn of(query: &str, record: Record) -> Self {
        let mut keys: Vec<String> = names_of(&record).iter().map(|n| fold(n)).collect();
        keys.push(fold(query));
        keys.sort();
        keys.dedup();
        Self {
            query: query.to_owned(),
            record,
            keys,
        }
    }

    /// Know the person by `names` too: the names their own events give them (an Okta
    /// event found by the person's Okta id names them by their Okta login, which may not
    /// be their Incydr username), so findings about those names are theirs.
    pub fn also_known_as(&mut self, names: impl IntoIterator<Item = String>) {
        self.keys.extend(names.into_iter().map(|n| fold(&n)));
        self.keys.sort();
        self.keys.dedup();
    }

    #[must_use]
    pub fn query(&self) -> &str {
        &self.query
    }

    #[must_use]
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// The username the sources know the person by.
    #[must_use]
    pub fn username(&self) -> &str {
        self.record.str_field("username").unwrap_or(&self.query)
    }

    /// Whether `name` is one of the person's names.
    #[must_use]
    pub fn is(&self, name: &str) -> bool {
        self.keys.binary_search(&fold(name)).is_ok()
    }

    /// Whether the event is about the person: its `user` or `user_id` is one of their
    /// names.
    #[must_use]
    pub fn about(&self, event: &EventRecord) -> bool {
        ["user", "user_id"]
            .iter()
            .filter_map(|k| event.str_of(k))
            .any(|n| self.is(n))
    }

    /// The event as the trace shows it, when it is about the person.
    #[must_use]
    pub fn picks(&self, event: &EventRecord) -> Option<TraceEvent> {
        self.about(event).then(|| TraceEvent::of(event))
    }
}

/// The names of `users` nearest `query` (Jaro-Winkler on the folded names), best first.
#[must_use]
pub fn near_matches(query: &str, users: &[Record]) -> Vec<String> {
    let wanted = fold(query);
    let mut scored: Vec<(f64, String)> = Vec::new();
    for record in users {
        let best = names_of(record)
            .iter()
            .map(|n| strsim::jaro_winkler(&wanted, &fold(n)))
            .fold(0.0_f64, f64::max);
        if best >= 0.8 {
            let name = record.str_field("username").unwrap_or_default().to_owned();
            scored.push((best, name));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(NEAR).map(|(_, n)| n).collect()
}

/// The findings whose `user` is the person, with the findings that explain them; the
/// root causes first, then the rest, each in report order.
#[must_use]
pub fn findings_about(matcher: &Matcher, findings: &[Finding]) -> Vec<FindingLine> {
    let mine: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.subjects.get("user").is_some_and(|u| matcher.is(u)))
        .collect();
    let causes = findings.iter().filter(|f| {
        !mine.contains(f)
            && mine.iter().any(|m| {
                m.cause
                    .as_ref()
                    .is_some_and(|c| *c.rule == *f.rule && c.subjects == f.subjects)
            })
    });
    let mut all: Vec<&Finding> = causes.chain(mine.iter().copied()).collect();
    all.sort_by(|a, b| (a.cause.is_some(), a.sort_key()).cmp(&(b.cause.is_some(), b.sort_key())));
    all.into_iter().map(line).collect()
}

fn line(f: &Finding) -> FindingLine {
    FindingLine {
        rule: f.rule.to_string(),
        severity: f.severity.to_string(),
        message: f.message().clone(),
        root_cause: f.cause.is_none(),
        caused_by: f.cause.as_ref().map(|c| c.rule.clone()),
        fix: f.fix().clone(),
        at: f.location.as_ref().map(ToString::to_string),
    }
}
