//! SCIM 2.0 users and groups (RFC 7643) into normalized records.
//!
//! SCIM attribute names are case-insensitive and identity providers differ in
//! how they spell them, so core attributes are looked up ignoring ASCII case.

use super::detect::{scim_resource, Shape};
use super::keys::{as_bool, get_ci, present};
use super::normalize::Sink;
use super::syntax::Item;
use super::InputKind;
use serde_json::{Map, Value};

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// A SCIM user; needs a `userName`.
pub(crate) fn user(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    if !present(get_ci(&map, "userName")) {
        sink.skip(item, "no userName");
        return;
    }
    let name = get_ci(&map, "name").and_then(Value::as_object);
    let name_part = |part: &str| {
        name.and_then(|n| get_ci(n, part))
            .or_else(|| get_ci(&map, part))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let emails = list_of(&map, "emails");
    let mut out = Map::new();
    for key in ["id", "externalId", "userName", "displayName"] {
        out.insert(key.to_owned(), copy(&map, key));
    }
    out.insert("givenName".to_owned(), name_part("givenName"));
    out.insert("familyName".to_owned(), name_part("familyName"));
    out.insert("title".to_owned(), copy(&map, "title"));
    out.insert("userType".to_owned(), copy(&map, "userType"));
    out.insert(
        "active".to_owned(),
        active(item, get_ci(&map, "active"), sink),
    );
    out.insert(
        "emails".to_owned(),
        strings(emails.iter().map(|e| entry(e, "value"))),
    );
    out.insert("email".to_owned(), primary_email(emails));
    // RFC 7643 section 4.1.2: a group the user is in through a nested group is typed
    // `indirect`. Its mappings do not reach the user (see `model::nesting`), so it is
    // kept apart from the groups the user is a direct member of.
    let (indirect, direct): (Vec<&Value>, Vec<&Value>) = list_of(&map, "groups")
        .iter()
        .partition(|g| entry(g, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("indirect")));
    out.insert("groups".to_owned(), strings(direct.into_iter().map(label)));
    out.insert(
        "indirect_groups".to_owned(),
        strings(indirect.into_iter().map(label)),
    );
    out.insert("enterprise".to_owned(), copy(&map, ENTERPRISE));
    pass_through(&map, &mut out);
    out.insert("raw".to_owned(), Value::Object(map));
    sink.keep(item, out);
}

/// A SCIM group, or a Microsoft Graph group listed with `$expand=members`; needs a
/// `displayName`. Members that are groups (see [`member`]) go to `member_groups`, not
/// among the users; what that means for their users is said once every group is read
/// (`model::nesting`). Members that are neither users nor groups (a Graph device or
/// service principal) are left out and noted with their count, as are members that name
/// no one.
pub(crate) fn group(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    if !present(get_ci(&map, "displayName")) {
        sink.skip(item, "no displayName");
        return;
    }
    let (mut members, mut groups) = (Vec::new(), Vec::new());
    let mut left_out = LeftOut::default();
    for value in list_of(&map, "members") {
        match member(value) {
            Member::User(id, name) => members.push((id, name)),
            Member::Group(id, name) => groups.push((id, name)),
            Member::Other(kind) => left_out.add(kind),
            Member::Nobody => left_out.nobody += 1,
        }
    }
    left_out.note(item, sink);
    let mut out = Map::new();
    for key in ["id", "externalId", "displayName"] {
        out.insert(key.to_owned(), copy(&map, key));
    }
    out.insert("members".to_owned(), member_objects(&members));
    let ids = members.iter().map(|(v, _)| v).filter(|v| present(Some(v)));
    out.insert("member_ids".to_owned(), ids.cloned().collect());
    let names = members.iter().map(|(_, d)| d).filter(|d| present(Some(d)));
    out.insert("member_names".to_owned(), names.cloned().collect());
    out.insert("member_groups".to_owned(), member_objects(&groups));
    out.insert("raw".to_owned(), Value::Object(map));
    sink.keep(item, out);
}

/// Members as `{value, display}` objects.
fn member_objects(members: &[(Value, Value)]) -> Value {
    let objects = members.iter().map(|(value, display)| {
        let mut member = Map::new();
        member.insert("value".to_owned(), value.clone());
        member.insert("display".to_owned(), display.clone());
        Value::Object(member)
    });
    objects.collect()
}

/// The Microsoft Graph type of a user; other `@odata.type`s are not users.
const GRAPH_USER: &str = "#microsoft.graph.user";
/// The Microsoft Graph type of a group.
const GRAPH_GROUP: &str = "#microsoft.graph.group";

/// One entry of a group's `members`, as read.
enum Member {
    /// A user, or an entry that does not say what it is (a SCIM member): its id (`value`,
    /// or Graph's `id`) and its name (`display`, or Graph's `userPrincipalName`, else
    /// `mail`), each null when absent.
    User(Value, Value),
    /// A group: its id and its name (`display`, or Graph's `displayName`).
    Group(Value, Value),
    /// A Graph member of another type (`device`, `servicePrincipal`, ...).
    Other(String),
    /// An entry that names no one.
    Nobody,
}

/// What one entry of `members` is: a group when SCIM's `type` says `Group` (RFC 7643
/// section 4.2), when its `$ref` points into `/Groups/`, or when its Graph `@odata.type`
/// is a group; otherwise a user, unless Graph gives it another type.
fn member(value: &Value) -> Member {
    let Value::Object(m) = value else {
        return if present(Some(value)) {
            Member::User(value.clone(), Value::Null)
        } else {
            Member::Nobody
        };
    };
    let text = |key: &str| get_ci(m, key).and_then(Value::as_str).map(str::trim);
    let graph = text("@odata.type");
    let nested = text("type").is_some_and(|t| t.eq_ignore_ascii_case("group"))
        || text("$ref").is_some_and(|r| r.to_ascii_lowercase().contains("/groups/"))
        || graph.is_some_and(|t| t.eq_ignore_ascii_case(GRAPH_GROUP));
    if let Some(kind) = graph.filter(|t| !nested && !t.eq_ignore_ascii_case(GRAPH_USER)) {
        return Member::Other(kind.trim_start_matches("#microsoft.graph.").to_owned());
    }
    let first = |keys: &[&str]| {
        keys.iter()
            .map(|k| copy(m, k))
            .find(|v| present(Some(v)))
            .unwrap_or(Value::Null)
    };
    let id = first(&["value", "id"]);
    let names: &[&str] = if nested {
        &["display", "displayName"]
    } else {
        &["display", "userPrincipalName", "mail"]
    };
    let name = first(names);
    match (present(Some(&id)) || present(Some(&name)), nested) {
        (false, _) => Member::Nobody,
        (true, true) => Member::Group(id, name),
        (true, false) => Member::User(id, name),
    }
}

/// The members of one group that were not read, counted by kind.
#[derive(Default)]
struct LeftOut {
    /// Graph member type -> how many, in order of first appearance.
    others: Vec<(String, usize)>,
    nobody: usize,
}

impl LeftOut {
    fn add(&mut self, kind: String) {
        match self.others.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => self.others.push((kind, 1)),
        }
    }

    /// A warning on the group for the members left out, if any.
    fn note(&self, item: &Item, sink: &mut Sink) {
        if !self.others.is_empty() {
            let total: usize = self.others.iter().map(|(_, n)| n).sum();
            let kinds: Vec<String> = self
                .others
                .iter()
                .map(|(kind, n)| format!("{n} {kind}"))
                .collect();
            sink.skip(
                item,
                format!(
                    "warning: {total} member(s) of this group are neither users nor groups ({}); they are not read as members",
                    kinds.join(", ")
                ),
            );
        }
        if self.nobody > 0 {
            sink.skip(
                item,
                format!(
                    "warning: {} member(s) of this group have no id and no name; they are not read",
                    self.nobody
                ),
            );
        }
    }
}

/// A group entry of a user as its name: `display`, else `value`.
fn label(group: &Value) -> Option<&str> {
    entry(group, "display").or_else(|| entry(group, "value"))
}

/// SCIM `active` as a boolean, or null when the record does not say (a partial listing,
/// RFC 7644 §3.4.2, carries only the attributes asked for): unknown is not active. A
/// value that is not a boolean is noted and also read as unknown.
pub(crate) fn active(item: &Item, value: Option<&Value>, sink: &mut Sink) -> Value {
    match value {
        None | Some(Value::Null) => Value::Null,
        Some(value) => as_bool(value).map_or_else(
            || {
                sink.skip(
                    item,
                    format!("warning: `active` is {value}, not true or false; its state is read as unknown"),
                );
                Value::Null
            },
            Value::Bool,
        ),
    }
}

pub(crate) fn copy(map: &Map<String, Value>, key: &str) -> Value {
    get_ci(map, key).cloned().unwrap_or(Value::Null)
}

/// A multi-valued attribute as a slice (empty when absent or not a list).
fn list_of<'a>(map: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    get_ci(map, key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A sub-attribute of a multi-valued entry as a string; a bare string entry is its own value.
fn entry<'a>(entry: &'a Value, key: &str) -> Option<&'a str> {
    match entry {
        Value::String(s) if key == "value" => Some(s.as_str()),
        Value::Object(map) => get_ci(map, key).and_then(Value::as_str),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

pub(crate) fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Value {
    values
        .flatten()
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

/// The primary email's value, else the first one, else null.
fn primary_email(emails: &[Value]) -> Value {
    let is_primary = |e: &&Value| {
        e.as_object()
            .and_then(|m| get_ci(m, "primary"))
            .and_then(as_bool)
            == Some(true)
    };
    let chosen = emails
        .iter()
        .find(is_primary)
        .and_then(|e| entry(e, "value"))
        .or_else(|| emails.iter().find_map(|e| entry(e, "value")));
    chosen.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

/// Copy every top-level key that the normalized record does not already name
/// (compared ignoring case), so rules can read provider attributes such as `c42OrgName`.
pub(crate) fn pass_through(map: &Map<String, Value>, out: &mut Map<String, Value>) {
    for (key, value) in map {
        let taken =
            key.eq_ignore_ascii_case("raw") || out.keys().any(|k| k.eq_ignore_ascii_case(key));
        if !taken {
            out.insert(key.clone(), value.clone());
        }
    }
}

/// The resources of a SCIM `ListResponse` that are of the other SCIM kind than `kind`
/// (a Group among Users), set apart; nothing is set apart when the kind was forced.
pub(crate) fn split_resources(
    shape: &Shape,
    items: Vec<Item>,
    kind: InputKind,
    forced: Option<InputKind>,
) -> (Vec<Item>, Option<(InputKind, Vec<Item>)>) {
    let other = match kind {
        InputKind::IdpUsers => InputKind::IdpGroups,
        InputKind::IdpGroups => InputKind::IdpUsers,
        _ => return (items, None),
    };
    let list = matches!(shape, Shape::Wrapper(w) if w.list_response);
    if forced.is_some() || !list {
        return (items, None);
    }
    let (others, mine): (Vec<_>, Vec<_>) = items.into_iter().partition(|item| {
        item.value
            .as_object()
            .is_some_and(|m| scim_resource(m) == Some(other))
    });
    (mine, (!others.is_empty()).then_some((other, others)))
}
