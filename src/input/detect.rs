//! What a file holds, told by its content and never by its name.
//!
//! Field names are compared in their loose form (lowercase, no `_`, `-` or
//! spaces), so a `snake_case` CSV header and a `camelCase` JSON key look alike.

use super::events::{self, synclog};
use super::keys::{get_loose, loose};
use super::syntax::{Document, Syntax};
use super::InputKind;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Top-level keys of a synclint config; any one of them makes a YAML mapping a config.
pub(crate) const CONFIG_KEYS: &[&str] = &[
    "role_mappings",
    "organization_mapping",
    "provider",
    "default_roles",
    "local_users",
    "rules",
];

const SCIM_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const SCIM_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCIM_ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// Wrapper keys (loose form), the kind they imply, and whether that settles it.
const WRAPPERS: &[(&str, Option<InputKind>, bool)] = &[
    ("orgs", Some(InputKind::Organizations), true),
    ("directorygroups", Some(InputKind::DirectoryGroups), true),
    ("roles", Some(InputKind::Roles), true),
    ("users", Some(InputKind::ConsoleUsers), false),
    ("resources", None, false),
    ("value", None, false),
];

/// Keys that suggest a SCIM user, against those of an Incydr console user.
const SCIM_SIGNS: &[&str] = &[
    "externalid",
    "emails",
    "name",
    "displayname",
    "id",
    "meta",
    "groups",
    "usertype",
    "title",
];
const INCYDR_SIGNS: &[&str] = &[
    "userid",
    "legacyuserid",
    "orgid",
    "orgguid",
    "orgname",
    "firstname",
    "lastname",
    "blocked",
    "legacyorgid",
];

/// How the records sit in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON array, JSON lines or CSV rows.
    List,
    /// One JSON object that is itself a record.
    Single,
    /// A JSON object holding the records under a key.
    Wrapper(Wrapper),
    /// A synclint config (YAML, or a JSON object with config keys).
    Config,
    /// A YAML mapping that is not a synclint config.
    Yaml { keys: Vec<String> },
}

/// A wrapper object: where its records are and what its key says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wrapper {
    /// The key holding the records (as spelled in the file); `None` when absent.
    pub key: Option<String>,
    pub hint: Option<InputKind>,
    /// The hint settles the kind; otherwise the records are looked at first.
    pub settled: bool,
    /// A SCIM `ListResponse`.
    pub list_response: bool,
}

/// The shape of a top-level JSON object.
pub(crate) fn object_shape(map: &Map<String, Value>) -> Shape {
    if schemas_contain(map, SCIM_LIST) {
        let key = map.keys().find(|k| loose(k) == "resources").cloned();
        return Shape::Wrapper(Wrapper {
            key,
            hint: None,
            settled: false,
            list_response: true,
        });
    }
    if has_user_key(map.keys()) || is_event(map) {
        return Shape::Single;
    }
    for (name, hint, settled) in WRAPPERS {
        let found = map.iter().find(|(k, v)| loose(k) == *name && v.is_array());
        if let Some((key, _)) = found {
            let key = Some(key.clone());
            return Shape::Wrapper(Wrapper {
                key,
                hint: *hint,
                settled: *settled,
                list_response: false,
            });
        }
    }
    if map.keys().any(|k| CONFIG_KEYS.contains(&k.as_str())) {
        return Shape::Config;
    }
    Shape::Single
}

/// The kind of a document, or a reason saying what was seen instead.
pub(crate) fn classify(doc: &Document, forced: Option<InputKind>) -> Result<InputKind, String> {
    if let Some(kind) = forced {
        if doc.syntax == Syntax::Yaml && kind != InputKind::Config {
            return Err("a YAML document; only a synclint config is read from YAML".to_owned());
        }
        return Ok(kind);
    }
    match &doc.shape {
        Shape::Config => return Ok(InputKind::Config),
        Shape::Wrapper(Wrapper {
            hint: Some(kind),
            settled: true,
            ..
        }) => return Ok(*kind),
        _ => {}
    }
    if let Some(kind) = by_content(doc) {
        return Ok(kind);
    }
    match &doc.shape {
        Shape::Wrapper(w) if w.list_response && objects(doc).next().is_none() => {
            Err("empty SCIM ListResponse".to_owned())
        }
        Shape::Wrapper(Wrapper {
            hint: Some(kind), ..
        }) if objects(doc).next().is_none() => Ok(*kind),
        _ => Err(describe(doc)),
    }
}

fn objects(doc: &Document) -> impl Iterator<Item = &Map<String, Value>> {
    doc.items.iter().filter_map(|item| item.value.as_object())
}

fn by_content(doc: &Document) -> Option<InputKind> {
    let mut seen = Seen::default();
    let mut sample = objects(doc).take(5).peekable();
    if sample.peek().is_none() {
        doc.columns.iter().for_each(|c| seen.key(c));
    }
    sample.for_each(|map| seen.record(map));
    seen.kind()
}

/// What the first records of a file show.
#[derive(Default)]
struct Seen {
    loose: BTreeSet<String>,
    exact: BTreeSet<String>,
    scim_user: bool,
    scim_group: bool,
    roles_list: bool,
    entra_diagnostic: bool,
}

impl Seen {
    fn key(&mut self, key: &str) {
        self.loose.insert(loose(key));
        self.exact.insert(key.to_owned());
    }

    fn record(&mut self, map: &Map<String, Value>) {
        map.keys().for_each(|k| self.key(k));
        self.scim_user |= schemas_contain(map, SCIM_USER);
        self.scim_group |= schemas_contain(map, SCIM_GROUP);
        self.roles_list |= get_loose(map, "roles").is_some_and(Value::is_array);
        self.entra_diagnostic |= events::is_entra_diagnostic(map);
    }

    fn has(&self, name: &str) -> bool {
        self.loose.contains(name)
    }

    fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }

    fn count(&self, names: &[&str]) -> usize {
        names.iter().filter(|n| self.has(n)).count()
    }

    /// More SCIM signs than Incydr ones (`userName` and `username` count for their side).
    fn leans_scim(&self) -> bool {
        let scim = self.count(SCIM_SIGNS) + usize::from(self.exact.contains("userName"));
        let incydr = self.count(INCYDR_SIGNS) + usize::from(self.exact.contains("username"));
        scim > incydr
    }

    /// An event log: Entra provisioning records (either shape), Okta System Log events
    /// (`eventType` and `published`), or Incydr Sync log rows (a time, an action and a
    /// status column under any of their names).
    fn event_kind(&self) -> Option<InputKind> {
        let entra = self.entra_diagnostic
            || self.has("provisioningstatusinfo")
            || self.has("provisioningaction")
            || (self.has("provisioningsteps")
                && self.has_any(&["activitydatetime", "starttime", "statusinfo"]));
        if entra {
            Some(InputKind::EntraLog)
        } else if self.has("eventtype") && self.has("published") {
            Some(InputKind::OktaLog)
        } else if self.has_any(synclog::TIME)
            && self.has_any(synclog::ACTION)
            && self.has_any(synclog::STATUS)
        {
            Some(InputKind::SyncLog)
        } else {
            None
        }
    }

    fn kind(&self) -> Option<InputKind> {
        if let Some(kind) = self.event_kind() {
            return Some(kind);
        }
        if self.scim_user {
            return Some(InputKind::IdpUsers);
        }
        if self.scim_group || (self.has("displayname") && self.has("members")) {
            return Some(InputKind::IdpGroups);
        }
        let role_key = self.has("roleid") || self.has("rolename");
        if self.has("userid") || self.has("username") {
            return Some(if self.leans_scim() {
                InputKind::IdpUsers
            } else if self.roles_list || role_key {
                InputKind::ConsoleUserRoles
            } else {
                InputKind::ConsoleUsers
            });
        }
        if role_key {
            Some(InputKind::Roles)
        } else if self.has("orgguid") || self.has("orgname") {
            Some(InputKind::Organizations)
        } else if self.has("groupid") && self.has("name") {
            Some(InputKind::DirectoryGroups)
        } else {
            None
        }
    }
}

/// Whether a JSON object is itself one event of a log (so never a wrapper or a config).
fn is_event(map: &Map<String, Value>) -> bool {
    let mut seen = Seen::default();
    seen.record(map);
    seen.event_kind().is_some()
}

fn has_user_key<'a>(mut keys: impl Iterator<Item = &'a String>) -> bool {
    keys.any(|k| matches!(loose(k).as_str(), "userid" | "username"))
}

fn schemas_contain(map: &Map<String, Value>, urn: &str) -> bool {
    get_loose(map, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(urn))
        })
}

/// A short account of what a file holds, for an "unrecognized" message.
pub(crate) fn describe(doc: &Document) -> String {
    if let Some(error) = objects(doc).find(|m| schemas_contain(m, SCIM_ERROR)) {
        return scim_error(error);
    }
    let first_keys = objects(doc).next().map(|m| list(m.keys()));
    match (doc.syntax, &doc.shape) {
        (Syntax::Csv, _) => format!("CSV with columns {}", list(doc.columns.iter())),
        (Syntax::Yaml, Shape::Yaml { keys }) => format!(
            "a YAML mapping with top-level keys {}; a synclint config has at least one of {}",
            list(keys.iter()),
            CONFIG_KEYS.join(", ")
        ),
        (_, Shape::Wrapper(w)) => {
            let key = w.key.as_deref().unwrap_or("Resources");
            match first_keys {
                Some(keys) => {
                    format!("a JSON object whose `{key}` list holds objects with keys {keys}")
                }
                None => format!("a JSON object whose `{key}` list holds no objects"),
            }
        }
        (syntax, _) => {
            let what = match syntax {
                Syntax::JsonArray => "a JSON array",
                Syntax::JsonLines => "JSON lines",
                _ => "a JSON object",
            };
            match first_keys {
                Some(keys) if doc.shape == Shape::Single => format!("{what} with keys {keys}"),
                Some(keys) => format!("{what} of objects with keys {keys}"),
                None if doc.items.is_empty() => format!("{what} with no records"),
                None => format!("{what} with no objects"),
            }
        }
    }
}

/// A saved SCIM error response instead of data: say so, with its status and detail.
fn scim_error(map: &Map<String, Value>) -> String {
    let text = |key: &str| match get_loose(map, key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "?".to_owned(),
        Some(other) => other.to_string(),
    };
    format!(
        "a SCIM error response (status {}, scimType {}): {}",
        text("status"),
        text("scimType"),
        text("detail")
    )
}

/// Up to eight names, each cut to a short excerpt, then how many more.
fn list<'a>(names: impl ExactSizeIterator<Item = &'a String>) -> String {
    let total = names.len();
    let shown: Vec<String> = names.take(8).map(|n| excerpt(n)).collect();
    let mut out = shown.join(", ");
    if total > shown.len() {
        let _ = write!(out, " and {} more", total - shown.len());
    }
    if out.is_empty() {
        out.push_str("(none)");
    }
    out
}

/// A name as quoted in a message: at most 40 characters, control characters as `?`.
fn excerpt(name: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = name
        .chars()
        .take(MAX)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if name.chars().count() > MAX {
        out.push('…');
    }
    out
}
