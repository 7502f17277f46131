//! Microsoft Graph `GET /users` (`{"@odata.context": ".../$metadata#users", "value":
//! [...]}`, optionally with `$select` and `$expand=memberOf`) into normalized
//! `idp-users` records, with the keys of [`super::scim::user`].
//!
//! - `userName` is `userPrincipalName`, the name Entra ID sends to apps by default.
//! - `active` is `accountEnabled`: true when the account is enabled, false when it is
//!   disabled (Entra's provisioning service then disables the user in the app). Graph
//!   returns `accountEnabled` only when it is asked for with `$select`, so a record
//!   without it is in state unknown (null), never taken as active.
//! - `groups` are the `displayName`s (else the ids) of the `memberOf` entries whose
//!   `@odata.type` is `#microsoft.graph.group`; directory roles and administrative units
//!   that `memberOf` also lists are not groups and are left out.
//! - `emails` are `mail` and then `otherMails`; `email` is `mail`, else the first other.

use super::keys::{get_ci, present};
use super::normalize::Sink;
use super::scim::{active, copy};
use super::syntax::Item;
use super::user_lists::{present_strings, record};
use serde_json::{Map, Value};

/// The `@odata.type` of a Graph user.
const GRAPH_USER: &str = "#microsoft.graph.user";
/// The `@odata.type` of a Graph group.
const GRAPH_GROUP: &str = "#microsoft.graph.group";

/// A Graph user: `userPrincipalName` spelled as Graph writes it, an `id`, no
/// `@odata.type` other than a user's, and no `@odata.context` other than the users
/// collection's (a single user read with `GET /users/{id}` carries its own).
pub(crate) fn is_user(map: &Map<String, Value>) -> bool {
    let typed = map
        .get("@odata.type")
        .and_then(Value::as_str)
        .is_none_or(|t| t.trim().eq_ignore_ascii_case(GRAPH_USER));
    let context = map
        .get("@odata.context")
        .and_then(Value::as_str)
        .is_none_or(is_users_context);
    map.get("userPrincipalName").is_some_and(Value::is_string)
        && map.contains_key("id")
        && typed
        && context
}

/// Whether an `@odata.context` names the users collection (`$metadata#users`,
/// `#users(id,userPrincipalName)`, `#users/$entity`).
pub(crate) fn is_users_context(context: &str) -> bool {
    context
        .rsplit_once('#')
        .is_some_and(|(_, rest)| rest.to_ascii_lowercase().starts_with("users"))
}

/// A Graph user; needs `userPrincipalName`.
pub(crate) fn user(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    if !present(map.get("userPrincipalName")) {
        sink.skip(item, "no userPrincipalName");
        return;
    }
    let others = map.get("otherMails").and_then(Value::as_array);
    let mails = std::iter::once(map.get("mail")).chain(others.into_iter().flatten().map(Some));
    let emails = present_strings(mails);
    let email = emails
        .as_array()
        .and_then(|list| list.first())
        .cloned()
        .unwrap_or(Value::Null);
    let state = active(item, map.get("accountEnabled"), sink);
    let fields = [
        ("id", copy(&map, "id")),
        ("externalId", Value::Null),
        ("userName", copy(&map, "userPrincipalName")),
        ("displayName", copy(&map, "displayName")),
        ("givenName", copy(&map, "givenName")),
        ("familyName", copy(&map, "surname")),
        ("title", copy(&map, "jobTitle")),
        ("userType", copy(&map, "userType")),
        ("active", state),
        ("emails", emails),
        ("email", email),
        ("groups", groups(&map)),
        ("enterprise", Value::Null),
    ];
    sink.keep(item, record(fields, map));
}

/// The names of the groups among `memberOf`.
fn groups(map: &Map<String, Value>) -> Value {
    let entries = map.get("memberOf").and_then(Value::as_array);
    let names = entries.into_iter().flatten().filter_map(|entry| {
        let entry = entry.as_object()?;
        let kind = entry.get("@odata.type").and_then(Value::as_str)?;
        if !kind.trim().eq_ignore_ascii_case(GRAPH_GROUP) {
            return None;
        }
        ["displayName", "id"]
            .iter()
            .filter_map(|k| get_ci(entry, k))
            .find(|v| v.is_string() && present(Some(v)))
            .cloned()
    });
    Value::Array(names.collect())
}
