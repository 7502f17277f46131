//! User lists of identity providers' own APIs, read as `idp-users` in the shape the
//! SCIM reader gives (see [`super::scim::user`]): Okta's `GET /api/v1/users` and
//! `GET /api/v1/apps/{appId}/users` (see [`super::okta_users`]) and Microsoft Graph's
//! `GET /users` (see [`super::graph_users`]). Each record is told by its own markers, so
//! one file is read record by record and a SCIM user is still read as SCIM.

use super::describe::{
    foreign_fields, FOREIGN_FIELDS_NEEDED, JUMPCLOUD_USER_FIELDS, ONELOGIN_USER_FIELDS,
};
use super::keys::{get_loose, present};
use super::normalize::Sink;
use super::syntax::Item;
use super::{graph_users, okta_users, scim};
use serde_json::{Map, Value};

/// Which user list a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserList {
    /// An Okta User (`GET /api/v1/users`).
    Okta,
    /// An Okta Application User (`GET /api/v1/apps/{appId}/users`).
    OktaApp,
    /// A Microsoft Graph user (`GET /users`).
    Graph,
}

/// The user list `map` is a record of, by its markers; `None` for a SCIM user or
/// anything else. A record with a `userName` (SCIM) or with several fields only
/// JumpCloud or OneLogin write is never taken for one of these.
pub(crate) fn user_list(map: &Map<String, Value>) -> Option<UserList> {
    if get_loose(map, "username").is_some()
        || foreign_fields(map.keys(), JUMPCLOUD_USER_FIELDS) >= FOREIGN_FIELDS_NEEDED
        || foreign_fields(map.keys(), ONELOGIN_USER_FIELDS) >= FOREIGN_FIELDS_NEEDED
    {
        return None;
    }
    if okta_users::is_app_user(map) {
        Some(UserList::OktaApp)
    } else if okta_users::is_user(map) {
        Some(UserList::Okta)
    } else if graph_users::is_user(map) {
        Some(UserList::Graph)
    } else {
        None
    }
}

/// Normalize one `idp-users` record with the reader its markers name, else as SCIM.
pub(crate) fn user(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    match user_list(&map) {
        Some(UserList::Okta) => okta_users::user(item, map, sink),
        Some(UserList::OktaApp) => okta_users::app_user(item, map, sink),
        Some(UserList::Graph) => graph_users::user(item, map, sink),
        None => scim::user(item, map, sink),
    }
}

/// The fields every normalized user has, in the order the SCIM reader writes them;
/// `fields` gives each one's value (null when the source has none), then the record's
/// other top-level keys are passed through and `raw` keeps the original.
pub(crate) fn record(fields: [(&str, Value); 13], map: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in fields {
        out.insert(key.to_owned(), value);
    }
    scim::pass_through(&map, &mut out);
    out.insert("raw".to_owned(), Value::Object(map));
    out
}

/// The string values among `values` that carry something, as a JSON list.
pub(crate) fn present_strings<'a>(values: impl Iterator<Item = Option<&'a Value>>) -> Value {
    values
        .flatten()
        .filter(|v| v.is_string() && present(Some(v)))
        .cloned()
        .collect()
}
