//! What a file holds, told by its content and never by its name.
//!
//! Every kind needs positive evidence: the markers that [`super::seen`] looks for
//! (listed in the README's inputs section). A file without them is not used, with what was seen;
//! some look-alikes get a reason of their own (an event log of another system, one
//! user's roles). Field names are compared in their loose form (lowercase, no `_`, `-`
//! or spaces), so a `snake_case` CSV header and a `camelCase` JSON key look alike.

use super::keys::{get_loose, loose};
use super::seen::{Seen, Verdict};
use super::syntax::{Document, Syntax};
use super::InputKind;
use serde_json::{Map, Value};

pub(crate) use super::describe::describe;

/// Top-level keys of a synclint config; any one of them makes a YAML mapping a config.
pub(crate) const CONFIG_KEYS: &[&str] = &[
    "role_mappings",
    "organization_mapping",
    "provider",
    "default_roles",
    "local_users",
    "rules",
];

pub(crate) const SCIM_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub(crate) const SCIM_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub(crate) const SCIM_ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// Wrapper keys (loose form), the kind they imply, and whether that settles it.
const WRAPPERS: &[(&str, Option<InputKind>, bool)] = &[
    ("orgs", Some(InputKind::Organizations), true),
    ("directorygroups", Some(InputKind::DirectoryGroups), true),
    ("roles", Some(InputKind::Roles), false),
    ("users", Some(InputKind::ConsoleUsers), false),
    ("resources", None, false),
    ("value", None, false),
    ("events", None, false),
    // Azure Monitor resource logs sent to an event hub or a storage account.
    ("records", None, false),
    // JumpCloud's list responses (`{"totalCount": n, "results": [...]}`), told by their
    // records.
    ("results", None, false),
];

/// Keys (loose form) that may stand beside `data` in a py42 (Code42 API v1) response.
/// (Other APIs' envelopes, such as OneLogin's `status` and `pagination`, are not opened:
/// their records would be read by the look of their keys alone.)
const ENVELOPE_KEYS: &[&str] = &["error", "errors", "warnings", "metadata"];

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
    /// The key of a py42 `{"data": {...}}` envelope around the wrapper, if any.
    pub envelope: Option<String>,
    /// The wrapper's Microsoft Graph `@odata.context`, if any (`.../$metadata#users`).
    pub context: Option<String>,
}

impl Wrapper {
    /// A plain list under `key`, with what that key implies.
    pub(crate) fn listed(key: String, hint: Option<InputKind>) -> Self {
        Self::new(Some(key), hint, false)
    }

    fn new(key: Option<String>, hint: Option<InputKind>, settled: bool) -> Self {
        Self {
            key,
            hint,
            settled,
            list_response: false,
            envelope: None,
            context: None,
        }
    }
}

/// The shape of a top-level JSON object.
pub(crate) fn object_shape(map: &Map<String, Value>) -> Shape {
    if schemas_contain(map, SCIM_LIST) {
        let key = map.keys().find(|k| loose(k) == "resources").cloned();
        return Shape::Wrapper(Wrapper {
            list_response: true,
            ..Wrapper::new(key, None, false)
        });
    }
    if has_user_key(map.keys()) || is_event(map) {
        return Shape::Single;
    }
    for (name, hint, settled) in WRAPPERS {
        let found = map.iter().find(|(k, v)| loose(k) == *name && v.is_array());
        if let Some((key, _)) = found {
            let context = get_loose(map, "@odata.context").and_then(Value::as_str);
            return Shape::Wrapper(Wrapper {
                context: context.map(str::to_owned),
                ..Wrapper::new(Some(key.clone()), *hint, *settled)
            });
        }
    }
    if map.keys().any(|k| CONFIG_KEYS.contains(&k.as_str())) {
        return Shape::Config;
    }
    Shape::Single
}

/// py42 (the legacy Code42 API) wraps every response in `{"data": ...}`, next to at
/// most `error`, `warnings` and `metadata`; an Okta event hook delivery holds its System
/// Log events under `data.events`, next to the hook's own `eventType`
/// (`com.okta.event_hook`), `eventId`, `source` and the like. The key and what it holds.
pub(crate) fn data_envelope(map: &Map<String, Value>) -> Option<(&String, &Value)> {
    let (key, inner) = map.iter().find(|(k, _)| loose(k) == "data")?;
    let others_are_envelope = map
        .keys()
        .filter(|k| *k != key)
        .all(|k| ENVELOPE_KEYS.contains(&loose(k).as_str()));
    let envelope = others_are_envelope || is_okta_hook(map);
    (envelope && (inner.is_object() || inner.is_array())).then_some((key, inner))
}

/// Whether a JSON object is an Okta event hook delivery (its `eventType` names the hook).
fn is_okta_hook(map: &Map<String, Value>) -> bool {
    get_loose(map, "eventtype")
        .and_then(Value::as_str)
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("com.okta.event_hook"))
}

/// Whether a document is a directory export: LDIF, or records of an Active Directory CSV
/// (see [`super::seen::is_directory_record`]); such a file holds users and groups alike.
pub(crate) fn is_directory(doc: &Document) -> bool {
    doc.syntax == Syntax::Ldif || objects(doc).take(5).any(super::seen::is_directory_record)
}

/// The kind of a document, or a reason saying what was seen instead.
pub(crate) fn classify(doc: &Document, forced: Option<InputKind>) -> Result<InputKind, String> {
    if let Some(kind) = forced {
        if doc.syntax == Syntax::Yaml && kind != InputKind::Config {
            return Err("a YAML document; only a synclint config is read from YAML".to_owned());
        }
        return super::console_csv::forced(doc, kind).map_or(Ok(kind), Err);
    }
    let wrapper = match &doc.shape {
        Shape::Config => return Ok(InputKind::Config),
        Shape::Wrapper(w) if w.settled => return w.hint.ok_or_else(|| describe(doc)),
        Shape::Wrapper(w) => Some(w),
        _ => None,
    };
    let empty = objects(doc).next().is_none();
    match (by_content(doc, wrapper), wrapper) {
        (Verdict::Kind(InputKind::IdpGroups), _) if !lists_members(doc) => Err(
            super::describe::groups_without_members(objects(doc).count()),
        ),
        (Verdict::Kind(kind), _) => Ok(kind),
        (Verdict::NotUsed(reason), _) => Err(reason),
        (Verdict::Unknown, Some(w)) if w.list_response && empty => {
            Err("empty SCIM ListResponse".to_owned())
        }
        (
            Verdict::Unknown,
            Some(Wrapper {
                hint: Some(kind), ..
            }),
        ) if empty => Ok(*kind),
        (Verdict::Unknown, _) => Err(describe(doc)),
    }
}

/// The kind of one resource of a SCIM `ListResponse`, which may mix Users and Groups
/// (RFC 7644 §3.4.3): its schema, else `userName` for a user and `displayName` or
/// `members` for a group; `None` when it shows neither.
pub(crate) fn scim_resource(map: &Map<String, Value>) -> Option<InputKind> {
    if schemas_contain(map, SCIM_USER) || get_loose(map, "username").is_some() {
        Some(InputKind::IdpUsers)
    } else if schemas_contain(map, SCIM_GROUP)
        || get_loose(map, "displayname").is_some()
        || get_loose(map, "members").is_some()
    {
        Some(InputKind::IdpGroups)
    } else {
        None
    }
}

/// Whether a file of groups says who is in them: a directory export or CSV (their own
/// member columns), or JSON groups of which at least one has `members`. SCIM lets a
/// server leave `members` out (`GET /Groups?excludedAttributes=members`, which Entra's
/// provisioning sends, or a server that never returns them); when every group lacks it,
/// the file says nothing about membership.
fn lists_members(doc: &Document) -> bool {
    doc.syntax == Syntax::Csv
        || is_directory(doc)
        || objects(doc).any(|m| get_loose(m, "members").is_some())
}

fn objects(doc: &Document) -> impl Iterator<Item = &Map<String, Value>> {
    doc.items.iter().filter_map(|item| item.value.as_object())
}

fn by_content(doc: &Document, wrapper: Option<&Wrapper>) -> Verdict {
    let mut seen = Seen::new(
        wrapper.is_some_and(|w| w.list_response),
        wrapper.is_some_and(|w| w.hint == Some(InputKind::ConsoleUsers)),
    );
    seen.context(wrapper.and_then(|w| w.context.as_deref()));
    seen.csv = doc.syntax == Syntax::Csv;
    let mut sample = objects(doc).take(5).peekable();
    if sample.peek().is_none() {
        doc.columns.iter().for_each(|c| seen.key(c));
    }
    sample.for_each(|map| seen.record(map));
    seen.kind()
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

pub(crate) fn schemas_contain(map: &Map<String, Value>, urn: &str) -> bool {
    get_loose(map, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(urn))
        })
}
