//! What a file holds, in a few words, for a "not used" message; and the user lists of
//! other identity providers, which are never used, with why.

use super::detect::{schemas_contain, Shape, CONFIG_KEYS, SCIM_ERROR};
use super::keys::{get_loose, loose};
use super::syntax::{Document, Syntax};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Fields (loose form) of a JumpCloud system user (`GET /api/systemusers`, `Get-JCUser`)
/// that no Incydr or SCIM user has.
pub(crate) const JUMPCLOUD_USER_FIELDS: &[&str] = &[
    "activated",
    "suspended",
    "accountlocked",
    "allowpublickey",
    "enablemanageduid",
    "unixuid",
    "unixguid",
    "passwordlesssudo",
    "sambaserviceuser",
    "ldapbindinguser",
    "enableuserportalmultifactor",
    "externallymanaged",
    "totpenabled",
];
/// Fields (loose form) of a OneLogin user (`GET /api/2/users`, `/api/1/users`) that no
/// Incydr, SCIM or Active Directory user has.
pub(crate) const ONELOGIN_USER_FIELDS: &[&str] = &[
    "directoryid",
    "trustedidpid",
    "manageradid",
    "manageruserid",
    "invitationsentat",
    "invalidloginattempts",
    "lockeduntil",
    "passwordchangedat",
    "openidname",
    "roleids",
];
/// How many fields of a foreign user list a record must show to be taken for one.
pub(crate) const FOREIGN_FIELDS_NEEDED: usize = 3;

/// How many of `fields` (loose form) are among `keys`.
pub(crate) fn foreign_fields<'a>(keys: impl Iterator<Item = &'a String>, fields: &[&str]) -> usize {
    let keys: BTreeSet<String> = keys.map(|k| loose(k)).collect();
    fields.iter().filter(|f| keys.contains(**f)).count()
}

fn objects(doc: &Document) -> impl Iterator<Item = &Map<String, Value>> {
    doc.items.iter().filter_map(|item| item.value.as_object())
}

/// A short account of what a file holds, for an "unrecognized" message.
pub(crate) fn describe(doc: &Document) -> String {
    if let Some(error) = objects(doc).find(|m| schemas_contain(m, SCIM_ERROR)) {
        return scim_error(error);
    }
    if let Some(id) = objects(doc).find_map(super::events::other_azure_resource) {
        return other_azure_resource(id);
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
            let key = match &w.envelope {
                Some(outer) => format!("{outer}.{key}"),
                None => key.to_owned(),
            };
            let what = match doc.syntax {
                Syntax::JsonObject => "a JSON object whose",
                _ => "pages (JSON objects one after another) whose",
            };
            match first_keys {
                Some(keys) => format!("{what} `{key}` list holds objects with keys {keys}"),
                None => format!("{what} `{key}` list holds no objects"),
            }
        }
        (syntax, _) => {
            let what = match syntax {
                Syntax::JsonArray => "a JSON array",
                Syntax::JsonLines => "JSON lines",
                Syntax::JsonStream => "JSON objects one after another",
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

/// What a file holds when its whole content is one JSON value other than an object or
/// an array (`null`, as a script writes for an empty answer, or a lone string or
/// number): a JSON document without records, not CSV with one column.
pub(crate) fn json_scalar(text: &str) -> Option<String> {
    let what = match serde_json::from_str::<Value>(text).ok()? {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string \"{}\"", excerpt(&s)),
        Value::Array(_) | Value::Object(_) => return None,
    };
    Some(format!(
        "a JSON document holding only {what}, no records (an API call or script that \
         returned nothing?)"
    ))
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

/// Azure Monitor resource logs of category `ProvisioningLogs` from a resource other
/// than Entra ID (see [`super::events::other_azure_resource`]).
fn other_azure_resource(resource_id: &str) -> String {
    format!(
        "Azure Monitor resource logs of category `ProvisioningLogs` from another Azure \
         resource (`resourceId` {}), not Entra ID's provisioning logs, whose records come \
         from `/tenants/{{tenant}}/providers/Microsoft.aadiam`",
        excerpt_long(resource_id)
    )
}

/// Why a file of groups none of which has `members` is not used (see
/// `detect::lists_members`).
pub(crate) fn groups_without_members(groups: usize) -> String {
    format!(
        "{groups} group(s), none with `members` (as a SCIM `GET /Groups?excludedAttributes=members` \
         answers, or a server that does not return members): read as they are, every user \
         would seem to be in no group. Export the groups with their members (`GET /Groups` \
         without `excludedAttributes`, or Graph `/groups?$expand=members`)"
    )
}

/// Why a JumpCloud user list is not used; `fields` are the JumpCloud fields seen.
pub(crate) fn jumpcloud_users(fields: &[&str]) -> String {
    format!(
        "looks like JumpCloud's user list (`GET /api/systemusers` or `Get-JCUser`; records \
         with {}), which synclint does not read: it is neither Incydr's console users nor \
         a SCIM snapshot, and whether a user is active would have to be guessed from \
         `activated`, `suspended` and `state`. Give the users JumpCloud provisions to \
         Incydr as SCIM 2.0 Users (a ListResponse, as a SCIM `GET /Users` returns it), and \
         Incydr's users as `incydr users list` exports them",
        quoted(fields)
    )
}

/// Why a OneLogin user list is not used; `fields` are the OneLogin fields seen.
pub(crate) fn onelogin_users(fields: &[&str]) -> String {
    format!(
        "looks like OneLogin's user list (`GET /api/2/users`; records with {}), which \
         synclint does not read: it is neither Incydr's console users nor a SCIM snapshot, \
         and not an Active Directory export either, even where OneLogin copied a user's \
         distinguished name from AD. Give the users OneLogin provisions to Incydr as SCIM \
         2.0 Users (a ListResponse, as a SCIM `GET /Users` returns it), or export them from \
         Active Directory (`Get-ADUser -Properties * | Export-Csv`, or LDIF), and Incydr's \
         users as `incydr users list` exports them",
        quoted(fields)
    )
}

/// Up to four names, each in backticks, then an ellipsis if there are more.
fn quoted(names: &[&str]) -> String {
    let mut out: Vec<String> = names
        .iter()
        .take(4)
        .map(|n| format!("`{}`", excerpt(n)))
        .collect();
    if names.len() > 4 {
        out.push("...".to_owned());
    }
    out.join(", ")
}

/// Up to eight names, each cut to a short excerpt, then how many more.
pub(crate) fn list<'a>(names: impl ExactSizeIterator<Item = &'a String>) -> String {
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
    cut(name, 40)
}

/// A longer value (a path) as quoted in a message: at most 120 characters.
fn excerpt_long(value: &str) -> String {
    format!("`{}`", cut(value, 120))
}

/// At most `max` characters of `name`, control characters as `?`, `…` if cut.
fn cut(name: &str, max: usize) -> String {
    let mut out: String = name
        .chars()
        .take(max)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if name.chars().count() > max {
        out.push('…');
    }
    out
}
