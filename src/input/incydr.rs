//! Incydr console exports (users, roles, user roles, organizations, directory
//! groups) into normalized records.
//!
//! Known fields are found by their loose name (so `org_guid`, `OrgGuid` and
//! `orgGuid` all land on `orgGuid`), listed first in a fixed order and set to
//! null when absent; any other field is kept after them as it was.

use super::excel_ids;
use super::keys::{get_loose, loose, present, to_bool};
use super::normalize::Sink;
use super::syntax::Item;
use serde_json::{Map, Value};

const USER_FIELDS: &[&str] = &[
    "userId",
    "username",
    "firstName",
    "lastName",
    "orgId",
    "orgGuid",
    "orgName",
    "active",
    "blocked",
    "notes",
    "creationDate",
    "modificationDate",
    "legacyUserId",
    "legacyOrgId",
];
const ROLE_FIELDS: &[&str] = &[
    "roleId",
    "roleName",
    "creationDate",
    "modificationDate",
    "permissions",
];
const ORG_FIELDS: &[&str] = &[
    "orgGuid",
    "orgName",
    "orgExtRef",
    "notes",
    "parentOrgGuid",
    "active",
    "creationDate",
    "modificationDate",
    "deactivationDate",
    "registrationKey",
    "userCount",
    "computerCount",
    "orgCount",
];
const GROUP_FIELDS: &[&str] = &["groupId", "name"];
const BOOLEANS: &[&str] = &["active", "blocked"];

/// An Incydr console user; needs a `username`. A py42 (legacy Code42 API) user is read
/// too: its `userUid` is the `userId`, its numeric `userId` the `legacyUserId`.
pub(crate) fn console_user(item: &Item, mut map: Map<String, Value>, sink: &mut Sink) {
    legacy_user_ids(&mut map);
    let mut record = canonical(map, USER_FIELDS);
    excel_ids::drop_rounded(item, &mut record, "userId", sink);
    if present(record.get("username")) {
        active_from_status(item, &mut record, sink);
        sink.keep(item, record);
    } else {
        sink.skip(item, "no username");
    }
}

/// py42's user ids under their Incydr names: `userUid` → `userId`, and the numeric
/// `userId` → `legacyUserId` (as text), unless the record has those names already.
fn legacy_user_ids(map: &mut Map<String, Value>) {
    let Some(uid) = take_loose(map, "userUid") else {
        return;
    };
    if !map.keys().any(|k| loose(k) == "legacyuserid") {
        if let Some(id) = take_loose(map, "userId") {
            let id = match id {
                Value::Number(n) => Value::String(n.to_string()),
                other => other,
            };
            map.insert("legacyUserId".to_owned(), id);
        }
    }
    map.entry("userId").or_insert(uid);
}

/// py42 says `status: "Active"` or `"Deactivated"` instead of `active`: read it when
/// `active` is absent; any other status leaves the state unknown, with a note.
fn active_from_status(item: &Item, record: &mut Map<String, Value>, sink: &mut Sink) {
    if record.get("active").is_some_and(|a| !a.is_null()) {
        return;
    }
    let Some(status) = get_loose(record, "status").and_then(Value::as_str) else {
        return;
    };
    let active = match status.trim().to_ascii_lowercase().as_str() {
        "active" => true,
        "deactivated" | "inactive" => false,
        _ => {
            let note = format!(
                "warning: status `{status}` is neither Active nor Deactivated; the active state is unknown"
            );
            sink.skip(item, note);
            return;
        }
    };
    record.insert("active".to_owned(), Value::Bool(active));
}

/// An Incydr role; needs a `roleId` or a `roleName`.
pub(crate) fn role(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let record = canonical(map, ROLE_FIELDS);
    if present(record.get("roleId")) || present(record.get("roleName")) {
        sink.keep(item, record);
    } else {
        sink.skip(item, "no roleId or roleName");
    }
}

/// An Incydr organization, with the computed `available`; needs an `orgGuid` or an `orgName`.
pub(crate) fn organization(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let mut record = canonical(map, ORG_FIELDS);
    if !present(record.get("orgGuid")) && !present(record.get("orgName")) {
        sink.skip(item, "no orgGuid or orgName");
        return;
    }
    active_from_status(item, &mut record, sink);
    let available = organization_available(&record);
    record.insert("available".to_owned(), Value::Bool(available));
    sink.keep(item, record);
}

/// Whether an organization record can take users: it is not inactive and has no
/// deactivation date. The one definition of the `available` an organization is read with.
#[must_use]
pub fn organization_available(record: &Map<String, Value>) -> bool {
    let inactive = record.get("active") == Some(&Value::Bool(false));
    let deactivated = present(record.get("deactivationDate"));
    !inactive && !deactivated
}

/// An Incydr directory group; needs a `groupId` or a `name`.
pub(crate) fn directory_group(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let record = canonical(map, GROUP_FIELDS);
    if present(record.get("groupId")) || present(record.get("name")) {
        sink.keep(item, record);
    } else {
        sink.skip(item, "no groupId or name");
    }
}

/// A user's roles: either `{userId|username, roles: [role...]}` (a role may be an
/// object or a bare role id) or one flat `{userId|username, roleId|roleName}` row.
/// Gives one record per (user, role).
pub(crate) fn user_roles(item: &Item, map: &Map<String, Value>, sink: &mut Sink) {
    let mut ids = Map::new();
    ids.insert("userId".to_owned(), field(map, "userId"));
    let rounded = excel_ids::drop_rounded(item, &mut ids, "userId", sink);
    let user_id = ids.remove("userId").unwrap_or(Value::Null);
    let username = field(map, "username");
    if !present(Some(&user_id)) && !present(Some(&username)) {
        let reason = if rounded {
            "no username, and the userId was rounded by Excel (see the note)"
        } else {
            "no userId or username"
        };
        sink.skip(item, reason);
        return;
    }
    let pair = |role_id: Value, role_name: Value| {
        let mut record = Map::new();
        record.insert("userId".to_owned(), user_id.clone());
        record.insert("username".to_owned(), username.clone());
        record.insert("roleId".to_owned(), role_id);
        record.insert("roleName".to_owned(), role_name);
        record
    };
    let Some(Value::Array(roles)) = get_loose(map, "roles") else {
        let (role_id, role_name) = (field(map, "roleId"), field(map, "roleName"));
        if present(Some(&role_id)) || present(Some(&role_name)) {
            sink.keep(item, pair(role_id, role_name));
        } else {
            sink.skip(item, "no roleId or roleName");
        }
        return;
    };
    for (index, role) in roles.iter().enumerate() {
        let (role_id, role_name) = match role {
            Value::Object(role) => (field(role, "roleId"), field(role, "roleName")),
            Value::String(id) => (Value::String(id.clone()), Value::Null),
            _ => (Value::Null, Value::Null),
        };
        if present(Some(&role_id)) || present(Some(&role_name)) {
            sink.keep(item, pair(role_id, role_name));
        } else {
            sink.skip(
                item,
                format!("role {} of this user has no roleId or roleName", index + 1),
            );
        }
    }
}

/// A field by its loose name, null when absent.
fn field(map: &Map<String, Value>, name: &str) -> Value {
    get_loose(map, name).cloned().unwrap_or(Value::Null)
}

/// Known fields first (by loose name, null when absent; booleans converted),
/// then every other field as it was.
fn canonical(mut map: Map<String, Value>, fields: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for name in fields {
        let value = take_loose(&mut map, name).unwrap_or(Value::Null);
        let value = if BOOLEANS.contains(name) {
            to_bool(value)
        } else {
            value
        };
        out.insert((*name).to_owned(), value);
    }
    for (key, value) in map {
        out.entry(key).or_insert(value);
    }
    out
}

fn take_loose(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    if let Some(value) = map.shift_remove(name) {
        return Some(value);
    }
    let wanted = loose(name);
    let key = map.keys().find(|k| loose(k) == wanted)?.clone();
    map.shift_remove(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn canonical_orders_known_fields_and_keeps_others() {
        let map = obj(json!({"extra": 1, "User_Name": "a", "active": "FALSE", "blocked": "yes"}));
        let out = canonical(map, USER_FIELDS);
        let keys: Vec<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), USER_FIELDS.len() + 1);
        assert_eq!(keys.last(), Some(&"extra"));
        assert_eq!(out["username"], json!("a"));
        assert_eq!(out["active"], json!(false));
        assert_eq!(out["blocked"], json!("yes"));
        assert_eq!(out["orgGuid"], Value::Null);
    }
}
