//! The Incydr Sync log export (CSV or JSON) as synclint defines it.
//!
//! Columns and keys are found by their loose form (case, spaces, `_` and `-` ignored)
//! under the names of the alias table below; the first alias with a value wins.

use super::flat::Pairs;
use super::normalize::{event_time, finish, Action, Event, Status, ValueRef};
use crate::input::normalize::Sink;
use crate::input::syntax::Item;
use crate::model::event::Raw;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Names (loose form) of the timestamp column.
pub(crate) const TIME: &[&str] = &["timestamp", "date", "time", "datetime", "eventtime"];
/// Names (loose form) of the provider column.
const PROVIDER: &[&str] = &["provider", "source", "provisioningprovider"];
/// Names (loose form) of the action column.
pub(crate) const ACTION: &[&str] = &["action", "operation", "event", "activity"];
/// Names (loose form) of the user column.
const USER: &[&str] = &["user", "username", "email", "login"];
/// Names (loose form) of the status column.
pub(crate) const STATUS: &[&str] = &["status", "result", "outcome"];
/// Names (loose form) of the message column.
const MESSAGE: &[&str] = &["message", "details", "error", "description", "reason"];
const USER_ID: &[&str] = &["userid"];
const ROLE: &[&str] = &["role"];
const ORGANIZATION: &[&str] = &["organization", "org"];
const GROUP: &[&str] = &["group"];
const ERROR_CODE: &[&str] = &["errorcode", "code"];

/// The fields found by alias, in this order.
const ALIASES: [&[&str]; 11] = [
    TIME,
    PROVIDER,
    ACTION,
    USER,
    STATUS,
    MESSAGE,
    USER_ID,
    ROLE,
    ORGANIZATION,
    GROUP,
    ERROR_CODE,
];

/// Positions in [`ALIASES`].
#[derive(Clone, Copy)]
enum Field {
    Time,
    Provider,
    Action,
    User,
    Status,
    Message,
    UserId,
    Role,
    Organization,
    Group,
    ErrorCode,
}

/// One Sync log row or record.
pub(crate) fn event(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let found = Found::of(map.iter().map(|(k, v)| (k.as_str(), ValueRef::Json(v))));
    if let Some(event) = build(item, &found, sink) {
        finish(item, event, Raw::value(Value::Object(map)), sink);
    }
}

/// One Sync log JSON line, if it is one flat object (see [`super::flat`]): normalized
/// with `raw` (the line, kept as text) as the raw record, parsed again only if a rule
/// reads it. False when the line is anything else, for the full reader to handle.
pub(crate) fn flat_event(item: &Item, line: &str, raw: Raw, sink: &mut Sink) -> bool {
    let mut pairs = Pairs::new();
    if !super::flat::parse_into(line, &mut pairs) {
        return false;
    }
    let found = Found::of(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
    if let Some(event) = build(item, &found, sink) {
        finish(item, event, raw, sink);
    }
    true
}

/// The event of the fields found, or `None` when it was skipped.
fn build(item: &Item, found: &Found<'_>, sink: &mut Sink) -> Option<Event> {
    let time = match found
        .get(Field::Time)
        .map_or_else(|| event_time(None), ValueRef::time)
    {
        Ok(time) => time,
        Err(reason) => {
            sink.skip(item, reason);
            return None;
        }
    };
    let mut event = Event::new("incydr", time);
    let field = |name: Field| found.get(name).and_then(ValueRef::text);
    event.event_type = field(Field::Action);
    event.action = event.event_type.as_deref().map_or(Action::Other, action);
    // The status is only interpreted: read where it is, not copied.
    event.status = found
        .get(Field::Status)
        .and_then(ValueRef::word)
        .map_or(Status::Unknown, |s| Status::from_word(&s));
    event.provider = field(Field::Provider);
    event.user = field(Field::User);
    event.user_id = field(Field::UserId);
    event.group = field(Field::Group);
    event.role = field(Field::Role);
    event.organization = field(Field::Organization);
    event.message = field(Field::Message);
    event.error_code = field(Field::ErrorCode);
    Some(event)
}

/// For each field, the value under its earliest alias that has a value (one pass over
/// the record's keys).
struct Found<'a>([Option<(usize, ValueRef<'a>)>; ALIASES.len()]);

impl<'a> Found<'a> {
    fn of(pairs: impl Iterator<Item = (&'a str, ValueRef<'a>)>) -> Self {
        let mut found = [None; ALIASES.len()];
        let mut buffer = [0u8; 32];
        for (key, value) in pairs {
            let Some(name) = loose_ascii(key, &mut buffer).filter(|_| value.has_text()) else {
                continue;
            };
            let Some((field, rank)) = alias(name) else {
                continue;
            };
            if let Some(slot) = found.get_mut(field) {
                if slot.is_none_or(|(best, _)| rank < best) {
                    *slot = Some((rank, value));
                }
            }
        }
        Self(found)
    }

    fn get(&self, field: Field) -> Option<ValueRef<'a>> {
        self.0
            .get(field as usize)
            .copied()
            .flatten()
            .map(|(_, v)| v)
    }
}

/// The field (position in [`ALIASES`]) and rank of a loose name, if it is an alias.
fn alias(name: &[u8]) -> Option<(usize, usize)> {
    ALIASES.iter().enumerate().find_map(|(field, names)| {
        let rank = names.iter().position(|n| n.as_bytes() == name)?;
        Some((field, rank))
    })
}

/// The loose form of an ASCII key (lowercase, without `_`, `-` or spaces), written into
/// `buffer`; `None` for other keys (no alias has them).
fn loose_ascii<'b>(key: &str, buffer: &'b mut [u8; 32]) -> Option<&'b [u8]> {
    let mut len = 0;
    for byte in key.bytes().filter(|b| !matches!(b, b'_' | b'-' | b' ')) {
        if !byte.is_ascii() {
            return None;
        }
        *buffer.get_mut(len)? = byte.to_ascii_lowercase();
        len += 1;
    }
    buffer.get(..len)
}

/// What a Sync log action says, in any case and word order: `create user`,
/// `User Created`, `update role`, `role update`, `move organization`, ...
pub(crate) fn action(written: &str) -> Action {
    let words = Words::of(written);
    if words.role {
        return Action::RoleUpdate;
    }
    if words.organization {
        return Action::OrganizationMove;
    }
    let member = words.member || (words.group && words.user);
    match (words.verb, member, words.group) {
        (Some(Verb::Add | Verb::Create), true, _) => Action::MembershipAdd,
        (Some(Verb::Remove | Verb::Delete), true, _) => Action::MembershipRemove,
        (Some(Verb::Add | Verb::Create), false, true) => Action::GroupCreate,
        (Some(Verb::Update), false, true) => Action::GroupUpdate,
        (Some(Verb::Remove | Verb::Delete), false, true) => Action::GroupDelete,
        (Some(verb), _, _) => verb.on_user(),
        (None, _, _) => Action::Other,
    }
}

/// The words of an action that decide what it means, found in one pass (every event
/// names its action, so this runs millions of times).
#[derive(Default)]
struct Words {
    /// The first verb.
    verb: Option<Verb>,
    role: bool,
    organization: bool,
    member: bool,
    group: bool,
    user: bool,
}

impl Words {
    fn of(written: &str) -> Self {
        let mut words = Self::default();
        let found = written
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        for word in found {
            match lowercase(word).as_ref() {
                "role" | "roles" => words.role = true,
                "organization" | "organisation" | "org" | "organizations" => {
                    words.organization = true;
                }
                "member" | "members" | "membership" | "memberships" => words.member = true,
                "group" | "groups" => words.group = true,
                "user" | "users" => words.user = true,
                other => words.verb = words.verb.or_else(|| verb(other)),
            }
        }
        words
    }
}

/// `word` in lowercase, borrowed when it is already.
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

#[derive(Debug, Clone, Copy)]
enum Verb {
    Create,
    Add,
    Update,
    Deactivate,
    Reactivate,
    Delete,
    Remove,
    Block,
    Unblock,
    Move,
    Import,
}

impl Verb {
    fn on_user(self) -> Action {
        match self {
            Verb::Create | Verb::Add => Action::Create,
            Verb::Update => Action::Update,
            Verb::Deactivate => Action::Deactivate,
            Verb::Reactivate => Action::Reactivate,
            Verb::Delete | Verb::Remove => Action::Delete,
            Verb::Block => Action::Block,
            Verb::Unblock => Action::Unblock,
            Verb::Move => Action::OrganizationMove,
            Verb::Import => Action::Import,
        }
    }
}

fn verb(word: &str) -> Option<Verb> {
    Some(match word {
        "create" | "created" | "creation" | "provision" | "provisioned" => Verb::Create,
        "add" | "added" => Verb::Add,
        "update" | "updated" | "modify" | "modified" | "change" | "changed" => Verb::Update,
        "deactivate" | "deactivated" | "deactivation" | "disable" | "disabled" => Verb::Deactivate,
        "reactivate" | "reactivated" | "reactivation" | "activate" | "activated" | "enable"
        | "enabled" => Verb::Reactivate,
        "delete" | "deleted" | "deletion" => Verb::Delete,
        "remove" | "removed" => Verb::Remove,
        "block" | "blocked" => Verb::Block,
        "unblock" | "unblocked" => Verb::Unblock,
        "move" | "moved" => Verb::Move,
        "import" | "imported" => Verb::Import,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_names_one_field() {
        let mut names: Vec<&str> = ALIASES
            .iter()
            .flat_map(|names| names.iter().copied())
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "an alias is listed twice");
        for (field, names) in ALIASES.iter().enumerate() {
            for (rank, name) in names.iter().enumerate() {
                assert_eq!(alias(name.as_bytes()), Some((field, rank)), "{name}");
            }
        }
        assert_eq!(alias(b"nosuchcolumn"), None);
    }

    #[test]
    fn actions_in_any_case_and_word_order() {
        let cases = [
            ("create user", "create"),
            ("User Created", "create"),
            ("UPDATE_USER", "update"),
            ("user updated", "update"),
            ("Deactivate User", "deactivate"),
            ("user deactivated", "deactivate"),
            ("reactivate user", "reactivate"),
            ("User Reactivated", "reactivate"),
            ("delete user", "delete"),
            ("user deleted", "delete"),
            ("block user", "block"),
            ("User blocked", "block"),
            ("unblock user", "unblock"),
            ("user unblocked", "unblock"),
            ("update role", "role-update"),
            ("Role Update", "role-update"),
            ("roles updated", "role-update"),
            ("move organization", "organization-move"),
            ("Organization Move", "organization-move"),
            ("user moved to org", "organization-move"),
            ("create group", "group-create"),
            ("group deleted", "group-delete"),
            ("add user to group", "membership-add"),
            ("membership removed", "membership-remove"),
            ("login", "other"),
        ];
        for (written, want) in cases {
            assert_eq!(action(written).as_str(), want, "{written}");
        }
    }

    #[test]
    fn loose_names() {
        let mut buffer = [0u8; 32];
        let mut loose = |key: &str| loose_ascii(key, &mut buffer).map(<[u8]>::to_vec);
        assert_eq!(loose("Event Time"), Some(b"eventtime".to_vec()));
        assert_eq!(loose("USER-ID"), Some(b"userid".to_vec()));
        assert_eq!(
            loose("Provisioning_Provider"),
            Some(b"provisioningprovider".to_vec())
        );
        assert_eq!(loose("Zeitstempel ü"), None);
        assert_eq!(loose(&"x".repeat(40)), None);
    }

    #[test]
    fn the_first_alias_with_a_value_wins() {
        let map = serde_json::json!({"Error": "second", "reason": "third", "MESSAGE": " ",
                                     "Details": "first", "user": null, "Login": "a"});
        let map = map.as_object().cloned().unwrap_or_default();
        let found = Found::of(map.iter().map(|(k, v)| (k.as_str(), ValueRef::Json(v))));
        let text = |field| found.get(field).and_then(ValueRef::text);
        assert_eq!(text(Field::Message).as_deref(), Some("first"));
        assert_eq!(text(Field::User).as_deref(), Some("a"));
        assert_eq!(found.get(Field::Time), None);
    }
}
