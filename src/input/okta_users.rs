//! Okta's own user lists into normalized `idp-users` records.
//!
//! - `GET /api/v1/users`: User objects (`id`, `status`, `profile{login, email,
//!   firstName, lastName, ...}`, `credentials`, `_links`, timestamps).
//! - `GET /api/v1/apps/{appId}/users`: Application User objects, the people assigned
//!   to one app, which are exactly the people Okta provisions to it (`id` is the Okta
//!   user's id, `externalId` the id in the app, null until Okta has pushed the user;
//!   `credentials.userName` the username Okta sends to the app; `scope`, `status`,
//!   `syncState`, `lastSync`, `profile` with the app's attributes).
//!
//! The normalized keys are those of [`super::scim::user`]; every other top-level field
//! (`status`, `syncState`, `scope`, `lastSync`, `profile`, ...) is passed through as it
//! is, and `raw` keeps the original.

use super::keys::{get_ci, present};
use super::normalize::Sink;
use super::scim::copy;
use super::syntax::Item;
use super::user_lists::{present_strings, record};
use serde_json::{Map, Value};

/// An Okta User: a `profile` object with a `login`, a `status`, and `_links` or
/// `credentials` (an Application User's `credentials` carry a `userName` instead, see
/// [`is_app_user`]).
pub(crate) fn is_user(map: &Map<String, Value>) -> bool {
    let login = object(map, "profile").is_some_and(|p| p.contains_key("login"));
    login
        && map.contains_key("status")
        && (map.contains_key("_links") || map.contains_key("credentials"))
}

/// An Okta Application User: `credentials.userName`, with `syncState` or `scope`.
pub(crate) fn is_app_user(map: &Map<String, Value>) -> bool {
    let user_name = object(map, "credentials").is_some_and(|c| c.contains_key("userName"));
    user_name && (map.contains_key("syncState") || map.contains_key("scope"))
}

/// Whether an Okta user `status` means an account that Okta keeps provisioned to the
/// apps it is assigned: `Some(true)`, `Some(false)`, or `None` when Okta's
/// documentation does not settle it. Sources: Okta's "About user account status"
/// (help.okta.com, usgp-end-user-states), "Deprovision a user" (lcm-deprovision-user)
/// and "Automatically deactivate app users" (lcm-automatic-deactivate).
///
/// - `ACTIVE`, `RECOVERY` (a password reset is under way), `PASSWORD_EXPIRED` and
///   `LOCKED_OUT` are states of an activated account's credentials; Okta deactivates
///   a user's app accounts only when the user is deactivated or unassigned, so these
///   are active.
/// - `DEPROVISIONED` is a deactivated user: all app assignments are removed and Okta
///   deprovisions the user from the apps it provisioned them to. Inactive.
/// - `STAGED` (created, never activated), `PROVISIONED` (activated, but the person has
///   not yet set a password or verified) and `SUSPENDED` (cannot sign in, app
///   assignments unaffected): Okta does not document what happens to the accounts in
///   provisioned apps, so the state is unknown.
/// - Any other value is unknown too.
pub(crate) fn user_status_active(status: &str) -> Option<bool> {
    match status.trim().to_ascii_uppercase().as_str() {
        "ACTIVE" | "RECOVERY" | "PASSWORD_EXPIRED" | "LOCKED_OUT" => Some(true),
        "DEPROVISIONED" => Some(false),
        _ => None,
    }
}

/// Okta user statuses synclint knows (all of them read as `active` true, false or
/// unknown); another value gets a note.
const USER_STATUSES: &[&str] = &[
    "STAGED",
    "PROVISIONED",
    "ACTIVE",
    "RECOVERY",
    "PASSWORD_EXPIRED",
    "LOCKED_OUT",
    "SUSPENDED",
    "DEPROVISIONED",
];

/// An Okta User; needs `profile.login`, which becomes the `userName`. `active` comes
/// from `status` (see [`user_status_active`]); Okta's user list does not carry group
/// memberships, so `groups` is empty.
pub(crate) fn user(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let profile = object(&map, "profile").cloned().unwrap_or_default();
    if !present(profile.get("login")) {
        sink.skip(item, "no profile.login");
        return;
    }
    let active = status_active(item, map.get("status"), sink);
    let fields = fields(&map, &profile, profile.get("login"), Value::Null, active);
    sink.keep(item, record(fields, map));
}

/// An Okta Application User; needs `credentials.userName`, the username Okta sends to
/// the app, which becomes the `userName`. `id` is the Okta user's id and `externalId`
/// the app's id for the user (null when Okta has not pushed the user).
///
/// `active` is unknown (null) unless the record embeds its Okta user (`?expand=user`
/// puts it under `_embedded.user`), whose `status` then decides as for an Okta User:
/// Okta does not document the values of an Application User's own `status` (its API
/// description gives it as a plain string that describes the assignment, not the
/// person), so that field is passed through for rules to read, with `syncState`,
/// `scope` and `lastSync`, but not read as the person's state.
pub(crate) fn app_user(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let user_name = object(&map, "credentials")
        .and_then(|c| c.get("userName"))
        .cloned();
    if !present(user_name.as_ref()) {
        sink.skip(item, "no credentials.userName");
        return;
    }
    let profile = object(&map, "profile").cloned().unwrap_or_default();
    let embedded = object(&map, "_embedded").and_then(|e| e.get("user"));
    let status = embedded
        .and_then(Value::as_object)
        .and_then(|u| u.get("status"));
    let active = status.map_or(Value::Null, |s| status_active(item, Some(s), sink));
    let external = copy(&map, "externalId");
    let fields = fields(&map, &profile, user_name.as_ref(), external, active);
    sink.keep(item, record(fields, map));
}

/// The normalized fields of an Okta user or app user.
fn fields(
    map: &Map<String, Value>,
    profile: &Map<String, Value>,
    user_name: Option<&Value>,
    external_id: Value,
    active: Value,
) -> [(&'static str, Value); 13] {
    let first = |keys: &[&str]| {
        keys.iter()
            .filter_map(|k| get_ci(profile, k))
            .find(|v| present(Some(v)))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let emails = present_strings(["email", "secondEmail"].iter().map(|k| profile.get(*k)));
    let email = emails
        .as_array()
        .and_then(|list| list.first())
        .cloned()
        .unwrap_or(Value::Null);
    [
        ("id", copy(map, "id")),
        ("externalId", external_id),
        ("userName", user_name.cloned().unwrap_or(Value::Null)),
        ("displayName", first(&["displayName"])),
        ("givenName", first(&["firstName", "givenName"])),
        ("familyName", first(&["lastName", "familyName"])),
        ("title", first(&["title"])),
        ("userType", first(&["userType"])),
        ("active", active),
        ("emails", emails),
        ("email", email),
        ("groups", Value::Array(Vec::new())),
        ("enterprise", Value::Null),
    ]
}

/// An Okta user `status` as `active`: a boolean, or null when unknown; a value that is
/// not an Okta status (or not a string) is noted.
fn status_active(item: &Item, status: Option<&Value>, sink: &mut Sink) -> Value {
    let Some(text) = status.and_then(Value::as_str) else {
        if present(status) {
            let found = status.map(Value::to_string).unwrap_or_default();
            sink.skip(
                item,
                format!("warning: `status` is {found}, not an Okta user status; its state is read as unknown"),
            );
        }
        return Value::Null;
    };
    let known = USER_STATUSES.contains(&text.trim().to_ascii_uppercase().as_str());
    if !known && present(status) {
        sink.skip(
            item,
            format!("warning: `status` is `{text}`, not an Okta user status; its state is read as unknown"),
        );
    }
    user_status_active(text).map_or(Value::Null, Value::Bool)
}

fn object<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    map.get(key).and_then(Value::as_object)
}
