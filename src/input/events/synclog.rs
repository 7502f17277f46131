//! The Incydr Sync log export (CSV or JSON) as synclint defines it.
//!
//! Which key holds which field is told by [`super::synclog_keys`].

use super::flat::Pairs;
use super::normalize::{event_time, finish, Action, Event, Status, ValueRef};
use super::synclog_keys::{Field, Found};
use crate::input::normalize::Sink;
use crate::input::syntax::Item;
use crate::model::event::Raw;
use serde_json::{Map, Value};
use std::borrow::Cow;

pub(crate) use super::synclog_keys::{KeyShape, ACTION, STATUS, TIME};

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
/// `shape` is what the previous line's keys named (see [`KeyShape`]).
pub(crate) fn flat_event(
    item: &Item,
    line: &str,
    raw: Raw,
    shape: &mut KeyShape,
    sink: &mut Sink,
) -> bool {
    let mut pairs = Pairs::new();
    if !super::flat::parse_with_repeats(line, &mut pairs) {
        return false;
    }
    let found = shape.found(&mut pairs);
    if let Some(event) = build(item, &found, sink) {
        finish(item, event, raw, sink);
    }
    true
}

/// The event of the fields found, or `None` when it was skipped.
fn build(item: &Item, found: &Found<'_>, sink: &mut Sink) -> Option<Event> {
    let time = match found
        .get(Field::Time)
        .map_or_else(|| event_time(None), |v| v.time_in(sink.date_order))
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
}
