//! What the `users` join (see [`super::join`]) reads of one side's record: which user it
//! is, and the state the side gives that user.

use super::resolve::fold;
use super::Record;
use serde_json::Value;

/// Which IdP user a record is: its `id` (ignoring case and spaces around it), when it
/// has one. Two records with the same id are the same user listed twice.
#[must_use]
pub fn idp_key(idp: &Record) -> Option<(&'static str, String)> {
    folded(idp, "id").map(|id| ("id", id))
}

/// Which console user a record is: its `userId`, else its `username` (ignoring case),
/// with the name of the field that said so. Two records with the same key are the same
/// user listed twice.
#[must_use]
pub fn console_key(console: &Record) -> Option<(&'static str, String)> {
    folded(console, "userId")
        .map(|id| ("userId", id))
        .or_else(|| folded(console, "username").map(|name| ("username", name)))
}

fn folded(record: &Record, key: &str) -> Option<String> {
    record
        .str_field(key)
        .map(fold)
        .filter(|value| !value.is_empty())
}

/// [`console_key`] as one text, else the record itself (a record without a key is only
/// ever itself).
pub(super) fn console_identity(console: &Record) -> String {
    console_key(console).map_or_else(
        || format!("record:{:p}", std::ptr::from_ref(console)),
        |(field, value)| format!("{field}:{value}"),
    )
}

/// What a side says of a user it does not list: `absent`, or `unlisted` when the side's
/// snapshot is one page of a longer list (`one_page`).
fn missing(one_page: bool) -> &'static str {
    if one_page {
        "unlisted"
    } else {
        "absent"
    }
}

/// The IdP side: [`missing`], or the user's `active` flag; a record without one (a
/// partial SCIM listing) is `unknown`, never taken as active.
pub(super) fn idp_state(idp: Option<&Record>, one_page: bool) -> &'static str {
    let Some(idp) = idp else {
        return missing(one_page);
    };
    match idp.value.get("active").and_then(Value::as_bool) {
        Some(true) => "active",
        Some(false) => "inactive",
        None => "unknown",
    }
}

/// The console side: [`missing`], `inactive`, `blocked`, `active`, or `unknown` when the
/// export says neither whether the user is active nor that they are blocked.
pub(super) fn console_state(console: Option<&Record>, one_page: bool) -> &'static str {
    let Some(c) = console else {
        return missing(one_page);
    };
    let flag = |k: &str| c.value.get(k).and_then(Value::as_bool);
    match (flag("active"), flag("blocked")) {
        (Some(false), _) => "inactive",
        (_, Some(true)) => "blocked",
        (Some(true), _) => "active",
        (None, _) => "unknown",
    }
}

/// Whether a groups export lists memberships: some group names members (even as an
/// empty list written out). A group read without them (a SCIM query with
/// `excludedAttributes=members`, a group among users in one listing) says nothing
/// about who is in it.
pub(super) fn lists_members(group: &Record) -> bool {
    let named = ["member_ids", "member_names", "member_groups"]
        .iter()
        .any(|key| {
            group
                .value
                .get(*key)
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty())
        });
    let written = group
        .value
        .get("raw")
        .and_then(Value::as_object)
        .is_some_and(|raw| {
            raw.keys()
                .any(|k| k.eq_ignore_ascii_case("members") || k.eq_ignore_ascii_case("member"))
        });
    named || written
}

/// Whether the IdP user's group memberships are known: a groups export lists
/// memberships (see [`lists_members`]), or the user's own record lists its groups (SCIM
/// `groups`, Microsoft Graph or LDAP `memberOf`), even as an empty list. A SCIM listing
/// that leaves `groups` out (Entra and Okta send none on their users), an Okta user list
/// or a Graph `/users` page without `$expand=memberOf` says nothing about groups: its
/// users are in no group only as far as synclint can tell.
pub(super) fn groups_known(idp: &Record, groups_export: bool) -> bool {
    let lists = |value: &Value| {
        value.as_object().is_some_and(|map| {
            map.keys()
                .any(|k| k.eq_ignore_ascii_case("groups") || k.eq_ignore_ascii_case("memberOf"))
        })
    };
    let in_raw = idp.value.get("raw").is_some_and(lists);
    let named = idp
        .value
        .get("groups")
        .and_then(Value::as_array)
        .is_some_and(|g| !g.is_empty());
    groups_export || in_raw || named
}
