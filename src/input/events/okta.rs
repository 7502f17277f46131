//! Okta System Log events (`LogEvent`), from a JSON array (an API page) or JSON lines.

use super::codes::{code_in_text, legacy_code};
use super::normalize::{at, event_time, finish, text, text_at, Action, Event, Status};
use crate::input::keys::get_ci;
use crate::input::normalize::Sink;
use crate::input::syntax::Item;
use crate::model::event::Raw;
use serde_json::{Map, Value};

/// Integration failures: failures whatever their outcome says.
const INTEGRATION_FAILURES: &[&str] = &[
    "application.integration.authentication_failure",
    "application.integration.rate_limit_exceeded",
    "application.integration.general_failure",
];

/// Changes to an app's provisioning settings, which Okta lists among its provisioning
/// integration errors when they fail (credentials refused on the Provisioning tab, an
/// app schema that could not be imported); an admin's successful edit of an app is not
/// provisioning.
const CONFIGURATION_ERRORS: &[&str] = &[
    "application.configuration.update",
    "application.configuration.import_schema",
];

/// Event type prefixes of provisioning: pushes to an app and their failures, and the
/// app assignments that start them (lowercase).
const PROVISIONING: &[&str] = &[
    "application.provision.",
    "application.integration.",
    "application.user_membership.",
    "app.user_management.",
];

/// Values Okta writes where it knows no user.
const PLACEHOLDERS: &[&str] = &["unknown", "null", "none", "n/a", "-", "anonymous"];

/// Whether an event type is about provisioning (the rest of the System Log, such as
/// sign-ins, account locks and rate limits of the org, is not).
pub(crate) fn is_provisioning(event_type: &str) -> bool {
    let lower = event_type.to_ascii_lowercase();
    PROVISIONING.iter().any(|p| lower.starts_with(p))
}

/// Whether an event is a failed change to an app's provisioning settings (see
/// [`CONFIGURATION_ERRORS`]).
fn is_configuration_error(map: &Map<String, Value>, event_type: &str) -> bool {
    CONFIGURATION_ERRORS
        .iter()
        .any(|t| t.eq_ignore_ascii_case(event_type))
        && status(map, event_type) == Status::Failure
}

/// One Okta `LogEvent`: counted and left out when it is not about provisioning.
pub(crate) fn event(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let Some(event_type) = text(get_ci(&map, "eventType")) else {
        return sink.skip(item, "no eventType");
    };
    if !is_provisioning(&event_type) && !is_configuration_error(&map, &event_type) {
        let time = event_time(get_ci(&map, "published")).ok();
        sink.not_provisioning.add(time);
        return;
    }
    let time = match event_time(get_ci(&map, "published")) {
        Ok(time) => time,
        Err(reason) => return sink.skip(item, reason),
    };
    let mut event = Event::new("okta", time);
    event.provider = Some("Okta".to_owned());
    event.action = action(&event_type);
    if is_queued_push(&map) {
        event.action = Action::Other;
    }
    event.status = status(&map, &event_type);
    event.event_type = Some(event_type);
    let targets = get_ci(&map, "target").and_then(Value::as_array);
    let targets = targets.map_or(&[][..], Vec::as_slice);
    let (user, user_id) = user_of(targets);
    event.user = user;
    event.user_id = user_id;
    event.group = group_name(targets);
    event.app = app_name(targets);
    let outcome = get_ci(&map, "outcome");
    let reason = outcome.and_then(|o| text_at(o, &["reason"]));
    // The System Log keeps the legacy event type, which names a Code42 app's error.
    let legacy = text(get_ci(&map, "legacyEventType")).and_then(|t| legacy_code(&t));
    event.error_code = debug_code(&map)
        .or(legacy)
        .or_else(|| reason.as_deref().and_then(code_in_text));
    event.message = reason.or_else(|| text(get_ci(&map, "displayMessage")));
    finish(item, event, Raw::value(Value::Object(map)), sink);
}

/// Whether a `push` is Okta's queueing of a push for later (legacy
/// `app.user_management.push_pending_user`, logged under the same event type as the push
/// that creates the user): counted as a create, one new user would count twice.
fn is_queued_push(map: &Map<String, Value>) -> bool {
    text(get_ci(map, "legacyEventType"))
        .is_some_and(|t| t.eq_ignore_ascii_case("app.user_management.push_pending_user"))
}

/// Who an event is about, as Incydr knows them, and their Okta id. The user is the
/// `AppUser` target's `alternateId`, the username in the app (what Okta sent Incydr as
/// `userName`), which may differ from the Okta login of the `User` target (an app set to
/// send the email prefix, a custom username format); without an `AppUser`, the login. The
/// id is the `User` target's (`00u...`, what Okta's user exports hold), else the
/// `AppUser`'s.
fn user_of(targets: &[Value]) -> (Option<String>, Option<String>) {
    let app_user = user_target(targets, "AppUser");
    let okta_user = user_target(targets, "User");
    let id_of = |t: &Option<(String, Option<String>)>| t.as_ref().and_then(|(_, id)| id.clone());
    let id = id_of(&okta_user).or_else(|| id_of(&app_user));
    let user = app_user.or(okta_user).map(|(name, _)| name);
    (user, id)
}

/// The `alternateId` and `id` of the first target of type `kind` that names a user
/// (placeholders such as `unknown` name none).
fn user_target(targets: &[Value], kind: &str) -> Option<(String, Option<String>)> {
    let named = |t: &&Map<String, Value>| {
        let type_is = get_ci(t, "type").and_then(Value::as_str);
        type_is.is_some_and(|k| k.eq_ignore_ascii_case(kind))
    };
    targets
        .iter()
        .filter_map(Value::as_object)
        .filter(named)
        .find_map(|t| {
            let user = text(get_ci(t, "alternateId"))
                .filter(|u| !PLACEHOLDERS.iter().any(|p| u.eq_ignore_ascii_case(p)))?;
            Some((user, text(get_ci(t, "id"))))
        })
}

/// The app of the `AppInstance` target: its `alternateId` (the app's label) or
/// `displayName`, whichever is named like Incydr, else the first given.
fn app_name(targets: &[Value]) -> Option<String> {
    let names = app_names_of(targets);
    let like = names.iter().find(|n| super::apps::is_incydr_like(n));
    like.or(names.first()).cloned()
}

/// Both names of the `AppInstance` target: its label (`alternateId`, what an admin sees
/// and may write in `app:`) and its catalog name (`displayName`).
fn app_names_of(targets: &[Value]) -> Vec<String> {
    let Some(app) = target(targets, |kind| kind.eq_ignore_ascii_case("AppInstance")) else {
        return Vec::new();
    };
    ["alternateId", "displayName"]
        .iter()
        .filter_map(|key| text(get_ci(app, key)))
        .filter(|name| !PLACEHOLDERS.iter().any(|p| name.eq_ignore_ascii_case(p)))
        .collect()
}

/// Both names of the app an Okta event's original record names (see [`app_names_of`]).
pub(crate) fn app_names(raw: &Value) -> Vec<String> {
    raw.as_object()
        .and_then(|map| get_ci(map, "target"))
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |targets| app_names_of(targets))
}

/// The canonical action of an Okta event type; `other` for the rest of the System Log.
pub(crate) fn action(event_type: &str) -> Action {
    let lower = event_type.to_ascii_lowercase();
    if let Some(op) = lower.strip_prefix("application.provision.user.") {
        return match op {
            "push" => Action::Create,
            "push_profile" | "password" => Action::Update,
            // Looking the user up in the app writes nothing, like the group lookup below.
            "verify_exists" => Action::Import,
            // Okta's provisioning task for the user (legacy `provision_user`), logged
            // next to the `push` or `push_profile` that says what it changed: counted
            // as a change it would count a new user as created and updated. Its
            // failures still count as failures.
            "sync" => Action::Other,
            "deactivate" => Action::Deactivate,
            "reactivate" | "activate" => Action::Reactivate,
            "import" | "import_profile" => Action::Import,
            _ => Action::Other,
        };
    }
    if let Some(op) = lower.strip_prefix("application.provision.group_membership.") {
        return match op {
            "add" | "update" => Action::MembershipAdd,
            "remove" => Action::MembershipRemove,
            "import" => Action::Import,
            _ => Action::Other,
        };
    }
    if let Some(op) = lower.strip_prefix("application.provision.group.") {
        return match op {
            "add" => Action::GroupCreate,
            "update" => Action::GroupUpdate,
            "remove" => Action::GroupDelete,
            "import" | "verify_exists" => Action::Import,
            _ => Action::Other,
        };
    }
    match lower.as_str() {
        "application.integration.authentication_failure" => Action::Auth,
        _ => Action::Other,
    }
}

/// `outcome.result`, except that integration failures are failures regardless.
fn status(map: &Map<String, Value>, event_type: &str) -> Status {
    if INTEGRATION_FAILURES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(event_type))
    {
        return Status::Failure;
    }
    let result = get_ci(map, "outcome").and_then(|o| text_at(o, &["result"]));
    match result.map(|r| r.to_ascii_uppercase()).as_deref() {
        Some("SUCCESS") => Status::Success,
        Some("FAILURE" | "DENY") => Status::Failure,
        Some("SKIPPED") => Status::Skipped,
        _ => Status::Unknown,
    }
}

/// The first target object whose `type` passes `wanted`.
fn target(targets: &[Value], wanted: impl Fn(&str) -> bool) -> Option<&Map<String, Value>> {
    targets.iter().filter_map(Value::as_object).find(|t| {
        get_ci(t, "type")
            .and_then(Value::as_str)
            .is_some_and(&wanted)
    })
}

/// The `displayName` of the `UserGroup` target (else of any `...Group` target).
fn group_name(targets: &[Value]) -> Option<String> {
    let exact = target(targets, |kind| kind.eq_ignore_ascii_case("UserGroup"));
    let any = || target(targets, |kind| kind.to_ascii_lowercase().ends_with("group"));
    exact
        .or_else(any)
        .and_then(|t| text(get_ci(t, "displayName")))
}

/// `debugContext.debugData.errorCode`, when the event carries one.
fn debug_code(map: &Map<String, Value>) -> Option<String> {
    let debug = get_ci(map, "debugContext")?;
    text(at(debug, &["debugData", "errorCode"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_to_actions() {
        let cases = [
            ("application.provision.user.push", "create"),
            ("application.provision.user.push_profile", "update"),
            ("application.provision.user.deactivate", "deactivate"),
            ("application.provision.user.reactivate", "reactivate"),
            ("application.provision.user.activate", "reactivate"),
            ("application.provision.user.import", "import"),
            ("application.provision.user.import_profile", "import"),
            ("application.provision.user.verify_exists", "import"),
            ("application.provision.user.sync", "other"),
            ("application.provision.user.password", "update"),
            ("application.provision.group.add", "group-create"),
            ("application.provision.group.update", "group-update"),
            ("application.provision.group.remove", "group-delete"),
            ("application.provision.group.import", "import"),
            ("application.provision.group.verify_exists", "import"),
            (
                "application.provision.group_membership.add",
                "membership-add",
            ),
            (
                "application.provision.group_membership.remove",
                "membership-remove",
            ),
            (
                "application.provision.group_membership.update",
                "membership-add",
            ),
            ("application.provision.group_membership.import", "import"),
            ("application.integration.authentication_failure", "auth"),
            ("application.integration.rate_limit_exceeded", "other"),
            ("application.integration.general_failure", "other"),
            ("user.session.start", "other"),
            ("", "other"),
        ];
        for (event_type, want) in cases {
            assert_eq!(action(event_type).as_str(), want, "{event_type}");
        }
    }

    fn target(kind: &str, name: &str, id: &str) -> Value {
        serde_json::json!({"type": kind, "alternateId": name, "id": id, "displayName": "Dana Levi"})
    }

    #[test]
    fn the_user_is_the_app_username_and_the_id_the_okta_users() {
        let app_user = target("AppUser", "dlevi", "0ua1");
        let okta_user = target("User", "dana.levi@example.com", "00u1");
        let app = target("AppInstance", "Code42", "0oa1");
        let both = [app.clone(), app_user.clone(), okta_user.clone()];
        assert_eq!(
            user_of(&both),
            (Some("dlevi".to_owned()), Some("00u1".to_owned()))
        );
        let login_only = [app.clone(), okta_user];
        assert_eq!(
            user_of(&login_only),
            (
                Some("dana.levi@example.com".to_owned()),
                Some("00u1".to_owned())
            )
        );
        let app_user_only = [app.clone(), app_user];
        assert_eq!(
            user_of(&app_user_only),
            (Some("dlevi".to_owned()), Some("0ua1".to_owned()))
        );
        let placeholder = [app, target("AppUser", "unknown", "0ua2")];
        assert_eq!(
            user_of(&placeholder),
            (None, None),
            "a placeholder names no one"
        );
    }
}
