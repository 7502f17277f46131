//! Logs of any other shape, read through a YAML field mapping: which key or column holds
//! the time, the user, the action, the status, the message... No code per format.
//!
//! ```yaml
//! log_mapping:
//!   name: onelogin
//!   provider: OneLogin
//!   detect: [event_type_id, created_at, user_name]   # keys every record of such a file has
//!   fields: { time: created_at, user: user_name, action: event_type_id, status: result, message: notes }
//!   values:
//!     action: { "13": create, "15": deactivate }      # source value -> synclint word
//!     status: { "true": success, "false": failure }
//! ```

use super::normalize::{event_time, finish, Event, Status, FIELDS};
use super::synclog;
use crate::input::keys::{get_loose, loose};
use crate::input::normalize::Sink;
use crate::input::syntax::Item;
use crate::model::event::Raw;
use crate::model::path::FieldPath;
use crate::yaml::{line_col, Spanned};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The file: one `log_mapping`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingFile {
    /// The mapping.
    pub log_mapping: RawMapping,
}

/// A mapping as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMapping {
    /// A short name, shown as the file's kind (`log:NAME`).
    pub name: String,
    /// The provider these logs come from, when no field names it.
    #[serde(default)]
    pub provider: Option<String>,
    /// Keys (or CSV columns) that every record of such a log has; a file whose first
    /// record has them all is read with this mapping. Compared ignoring case, `_`, `-` and spaces.
    pub detect: Vec<String>,
    /// Event field -> path of the source value (`time` is required).
    #[schemars(with = "BTreeMap<String, String>")]
    pub fields: HashMap<Spanned<String>, String>,
    /// Per event field (`action`, `status`), source value -> synclint word.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// A checked mapping.
#[derive(Debug, Clone)]
pub struct LogMapping {
    pub name: String,
    provider: Option<String>,
    detect: Vec<String>,
    fields: HashMap<String, FieldPath>,
    values: HashMap<String, HashMap<String, String>>,
}

/// A mapping that cannot be used: the message, and the line it is about (0: unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingProblem {
    pub line: u32,
    pub message: String,
}

/// Fields a mapping may fill (everything but `source`, which is `generic`, and `raw`).
fn mappable(field: &str) -> bool {
    FIELDS.contains(&field) && !matches!(field, "source" | "raw")
}

impl LogMapping {
    /// Check a parsed mapping, reporting every problem.
    ///
    /// # Errors
    /// Every problem found.
    pub fn check(raw: RawMapping) -> Result<Self, Vec<MappingProblem>> {
        let mut problems = Vec::new();
        let mut fields = HashMap::new();
        let mut entries: Vec<_> = raw.fields.iter().collect();
        entries.sort_by_key(|(field, _)| line_col(*field));
        for (field, source) in entries {
            let (line, _) = line_col(field);
            if !mappable(&field.value) {
                problems.push(MappingProblem {
                    line,
                    message: format!(
                        "`{}` is not an event field (expected one of: {})",
                        field.value,
                        FIELDS
                            .iter()
                            .filter(|f| mappable(f))
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
                continue;
            }
            match FieldPath::parse(source) {
                Ok(path) => {
                    fields.insert(field.value.clone(), path);
                }
                Err(e) => problems.push(MappingProblem { line, message: e }),
            }
        }
        if !fields.contains_key("time") && !problems.iter().any(|p| p.message.starts_with("`time`"))
        {
            problems.push(MappingProblem {
                line: 0,
                message: "`fields` must map `time`".to_owned(),
            });
        }
        if raw.detect.is_empty() {
            problems.push(MappingProblem {
                line: 0,
                message: "`detect` needs at least one key".to_owned(),
            });
        }
        for field in raw
            .values
            .keys()
            .filter(|f| !matches!(f.as_str(), "action" | "status"))
        {
            problems.push(MappingProblem {
                line: 0,
                message: format!("`values` translates `action` and `status`, not `{field}`"),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let values = raw
            .values
            .into_iter()
            .map(|(field, table)| {
                (
                    field,
                    table
                        .into_iter()
                        .map(|(k, v)| (k.trim().to_lowercase(), v))
                        .collect(),
                )
            })
            .collect();
        Ok(Self {
            name: raw.name,
            provider: raw.provider,
            detect: raw.detect.iter().map(|k| loose(k)).collect(),
            fields,
            values,
        })
    }

    /// Whether a record has every `detect` key.
    #[must_use]
    pub fn matches(&self, record: &Value) -> bool {
        record
            .as_object()
            .is_some_and(|map| self.detect.iter().all(|k| get_loose(map, k).is_some()))
    }

    fn text(&self, record: &Value, field: &str) -> Option<String> {
        let path = self.fields.get(field)?;
        path.resolve(record).first().map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    fn translated(&self, field: &str, written: &str) -> String {
        self.values
            .get(field)
            .and_then(|t| t.get(&written.trim().to_lowercase()))
            .cloned()
            .unwrap_or_else(|| written.to_owned())
    }

    /// Normalize candidate records of a file this mapping matches.
    pub(crate) fn normalize(&self, items: Vec<Item>, display: &str) -> Sink {
        let mut sink = Sink::new(display);
        for item in items {
            let Value::Object(raw) = &item.value else {
                sink.skip(&item, "not a record");
                continue;
            };
            let time = event_time(
                self.fields
                    .get("time")
                    .and_then(|p| p.resolve(&item.value).first().copied()),
            );
            let time = match time {
                Ok(t) => t,
                Err(reason) => {
                    sink.skip(&item, reason);
                    continue;
                }
            };
            let event = self.event(&item.value, time);
            finish(
                &item,
                event,
                Raw::value(Value::Object(raw.clone())),
                &mut sink,
            );
        }
        sink
    }

    fn event(&self, record: &Value, time: chrono::DateTime<chrono::Utc>) -> Event {
        let get = |f: &str| self.text(record, f);
        let mut event = Event::new("generic", time);
        event.provider = get("provider").or_else(|| self.provider.clone());
        if let Some(action) = get("action") {
            event.action = synclog::action(&self.translated("action", &action));
            event.event_type = Some(action);
        }
        if let Some(status) = get("status") {
            event.status = Status::from_word(&self.translated("status", &status));
        }
        event.user = get("user");
        event.user_id = get("user_id");
        event.group = get("group");
        event.role = get("role");
        event.organization = get("organization");
        event.message = get("message");
        event.error_code = get("error_code");
        event.reason = get("reason");
        event.property = get("property");
        event.app = get("app");
        if let Some(t) = get("event_type") {
            event.event_type = Some(t);
        }
        event
    }
}
