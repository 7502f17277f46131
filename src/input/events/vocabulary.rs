//! The vocabulary of normalized events: what an event did (its action), how it ended
//! (its status), where it came from (its source), and the one shared copy of each word.

use super::normalize::trim;
use serde_json::Value;

/// What an event did, in one canonical word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    Update,
    Deactivate,
    Reactivate,
    Delete,
    Block,
    Unblock,
    RoleUpdate,
    OrganizationMove,
    GroupCreate,
    GroupUpdate,
    GroupDelete,
    MembershipAdd,
    MembershipRemove,
    Import,
    Auth,
    Other,
}

impl Action {
    /// Every action.
    pub(crate) const ALL: [Action; 17] = [
        Action::Create,
        Action::Update,
        Action::Deactivate,
        Action::Reactivate,
        Action::Delete,
        Action::Block,
        Action::Unblock,
        Action::RoleUpdate,
        Action::OrganizationMove,
        Action::GroupCreate,
        Action::GroupUpdate,
        Action::GroupDelete,
        Action::MembershipAdd,
        Action::MembershipRemove,
        Action::Import,
        Action::Auth,
        Action::Other,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::Delete => "delete",
            Action::Block => "block",
            Action::Unblock => "unblock",
            Action::RoleUpdate => "role-update",
            Action::OrganizationMove => "organization-move",
            Action::GroupCreate => "group-create",
            Action::GroupUpdate => "group-update",
            Action::GroupDelete => "group-delete",
            Action::MembershipAdd => "membership-add",
            Action::MembershipRemove => "membership-remove",
            Action::Import => "import",
            Action::Auth => "auth",
            Action::Other => "other",
        }
    }

    /// Whether the action is about one user, so that an event without a user is useless.
    pub(crate) fn needs_user(self) -> bool {
        matches!(
            self,
            Action::Create
                | Action::Update
                | Action::Deactivate
                | Action::Reactivate
                | Action::Delete
                | Action::Block
                | Action::Unblock
                | Action::RoleUpdate
                | Action::OrganizationMove
        )
    }

    /// The same action done to a group instead of a user.
    pub(crate) fn on_group(self) -> Self {
        match self {
            Action::Create => Action::GroupCreate,
            Action::Update | Action::Deactivate | Action::Reactivate => Action::GroupUpdate,
            Action::Delete => Action::GroupDelete,
            other => other,
        }
    }
}

/// How an event ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Success,
    Failure,
    Warning,
    Skipped,
    Unknown,
}

impl Status {
    /// Every status.
    pub(crate) const ALL: [Status; 5] = [
        Status::Success,
        Status::Failure,
        Status::Warning,
        Status::Skipped,
        Status::Unknown,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Success => "success",
            Status::Failure => "failure",
            Status::Warning => "warning",
            Status::Skipped => "skipped",
            Status::Unknown => "unknown",
        }
    }

    /// A status word in any case: `success`/`succeeded`/`ok`, `error`/`failed`/`failure`/
    /// `deny`, `warning`, `skipped`; anything else is unknown.
    pub(crate) fn from_word(word: &str) -> Self {
        const WORDS: [(&str, Status); 17] = [
            ("success", Status::Success),
            ("succeeded", Status::Success),
            ("successful", Status::Success),
            ("ok", Status::Success),
            ("error", Status::Failure),
            ("errors", Status::Failure),
            ("failed", Status::Failure),
            ("failure", Status::Failure),
            ("fail", Status::Failure),
            ("deny", Status::Failure),
            ("denied", Status::Failure),
            ("warning", Status::Warning),
            ("warn", Status::Warning),
            ("warnings", Status::Warning),
            ("skipped", Status::Skipped),
            ("skip", Status::Skipped),
            ("unknown", Status::Unknown),
        ];
        let word = trim(word);
        WORDS
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(word))
            .map_or(Status::Unknown, |(_, status)| *status)
    }
}

/// The sources of events.
pub(crate) const SOURCES: [&str; 4] = ["incydr", "okta", "entra", "generic"];

/// The words events share rather than each holding a copy: every source, then every
/// action and every status in the order of their `ALL` lists.
pub(crate) fn vocabulary() -> &'static [Value] {
    static WORDS: std::sync::LazyLock<Vec<Value>> = std::sync::LazyLock::new(|| {
        let actions = Action::ALL.iter().map(|a| a.as_str());
        let statuses = Status::ALL.iter().map(|s| s.as_str());
        SOURCES
            .into_iter()
            .chain(actions)
            .chain(statuses)
            .map(|w| Value::String(w.to_owned()))
            .collect()
    });
    &WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_any_case() {
        let words = [
            ("Succeeded", Status::Success),
            ("OK", Status::Success),
            ("ERROR", Status::Failure),
            ("Failed", Status::Failure),
            ("DENY", Status::Failure),
            ("Warning", Status::Warning),
            ("SKIPPED", Status::Skipped),
            ("ALLOW", Status::Unknown),
            ("", Status::Unknown),
        ];
        for (word, status) in words {
            assert_eq!(Status::from_word(word), status, "{word}");
        }
    }

    #[test]
    fn every_action_and_status_is_in_its_list_in_order() {
        for (i, action) in Action::ALL.iter().enumerate() {
            assert_eq!(*action as usize, i, "{}", action.as_str());
        }
        for (i, status) in Status::ALL.iter().enumerate() {
            assert_eq!(*status as usize, i, "{}", status.as_str());
        }
    }
}
