//! The links of the chain, read from a `users` record and the mapping datasets, and the
//! first link that differs from what the mapping expects.

use super::events::{when, TraceEvent};
use super::{Break, Console, Grant, Idp, Mapping};
use crate::model::{dataset, Datasets, Record};
use serde_json::Value;

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

fn texts(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The identity provider's link.
#[must_use]
pub fn idp(record: &Record) -> Idp {
    let user = record.value.get("idp").filter(|v| !v.is_null());
    Idp {
        present: user.is_some(),
        state: text(record.value.get("idp_state")).unwrap_or_else(|| "absent".into()),
        id: text(user.and_then(|u| u.get("id"))),
        emails: texts(user.and_then(|u| u.get("emails"))),
        groups: texts(record.value.get("groups")),
        at: user.and(record.location.as_ref()).map(ToString::to_string),
    }
}

/// The mapping's link: each grant of the user's groups, and the organization chosen.
#[must_use]
pub fn mapping(record: &Record, data: &Datasets) -> Mapping {
    let expected = record.value.get("expected");
    let get = |k: &str| expected.and_then(|e| e.get(k));
    let groups = texts(record.value.get("groups"));
    let in_group = |g: &str| groups.iter().any(|m| fold(m) == fold(g));
    let unavailable = texts(get("unavailable_roles"));
    let has_roles = data.has(dataset::ROLES);
    let present = record.value.get("idp").is_some_and(|v| !v.is_null());
    let grants = data
        .get(dataset::ROLE_MAPPINGS)
        .iter()
        .filter(|_| present)
        .filter_map(|m| {
            let role = m.str_field("role")?;
            let group = m.str_field("group");
            let default = m.str_field("source") == Some("default");
            (default || group.is_some_and(in_group)).then(|| Grant {
                group: group.filter(|_| !default).map(str::to_owned),
                role: role.to_owned(),
                available: has_roles.then(|| !unavailable.iter().any(|u| fold(u) == fold(role))),
                at: m.location.as_ref().map(ToString::to_string),
            })
        })
        .collect();
    let organization = text(get("organization"));
    let source = text(get("organization_source"));
    Mapping {
        grants,
        roles: texts(get("roles")),
        unavailable_roles: unavailable,
        organization_reason: org_reason(
            &organization,
            source.as_deref(),
            &texts(get("organizations")),
        ),
        organization,
        organization_source: source,
        organization_available: get("organization_available").and_then(Value::as_bool),
        in_scope: record
            .value
            .get("in_scope")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        local: record.value.get("local").and_then(Value::as_bool),
    }
}

fn org_reason(org: &Option<String>, source: Option<&str>, candidates: &[String]) -> String {
    match (source, org) {
        (Some("group"), Some(_)) => "the only organization the user's groups map to".into(),
        (Some("group"), None) => format!(
            "the user's groups map to {} organizations ({}), so none is chosen",
            candidates.len(),
            candidates.join(", ")
        ),
        (Some("fallback"), Some(_)) => "no group of the user is mapped: the fallback".into(),
        (Some("fallback"), None) => {
            "no group of the user is mapped and there is no fallback".into()
        }
        (Some("attribute"), Some(_)) => "read from the user's organization attribute".into(),
        (Some("attribute"), None) => "the organization attribute is missing or conflicting".into(),
        (Some("default"), _) => "every user goes to the default organization".into(),
        _ => "no organization mapping is configured".into(),
    }
}

/// The console's link.
#[must_use]
pub fn console(record: &Record, data: &Datasets) -> Console {
    let user = record.value.get("console").filter(|v| !v.is_null());
    let field = |k: &str| text(user.and_then(|u| u.get(k)));
    let id = field("userId");
    let name = field("username");
    // The console row: by its id, else (no id, or one Excel rounded) by its username.
    let own = data.get(dataset::CONSOLE_USERS).iter().find(|c| match &id {
        Some(id) => c.str_field("userId") == Some(id.as_str()),
        None => name.is_some() && c.str_field("username") == name.as_deref(),
    });
    // Roles that the user-roles rows cannot tell (see `console.roles_known`) are unknown.
    let known = user.and_then(|u| u.get("roles_known")) != Some(&Value::Bool(false));
    Console {
        present: user.is_some(),
        state: text(record.value.get("console_state")).unwrap_or_else(|| "absent".into()),
        user_id: id.clone(),
        roles: user
            .and_then(|u| u.get("roles"))
            .filter(|_| known)
            .map(|r| texts(Some(r))),
        organization: field("orgName"),
        org_guid: field("orgGuid"),
        at: own
            .and_then(|c| c.location.as_ref())
            .map(ToString::to_string),
    }
}

/// The failures among `events` whose action is one of `actions`, in words: "2 deactivate
/// events failed between … and …".
fn failures(events: &[TraceEvent], actions: &[&str]) -> Option<String> {
    let failed: Vec<&TraceEvent> = events
        .iter()
        .filter(|e| e.failed() && e.action.as_deref().is_some_and(|a| actions.contains(&a)))
        .collect();
    let (first, last) = (failed.first()?, failed.last()?);
    let action = first.action.as_deref().unwrap_or("sync");
    let span = match (when(first.time), when(last.time)) {
        (Some(a), Some(b)) if a != b => format!(" between {a} and {b}"),
        (Some(a), _) => format!(" at {a}"),
        _ => String::new(),
    };
    Some(format!("; {} {action} event(s) failed{span}", failed.len()))
}

fn at(link: &str, summary: String) -> Option<Break> {
    Some(Break {
        link: link.to_owned(),
        summary,
    })
}

/// The first link that differs from what the mapping expects, or None when the chain
/// holds (or the person is known nowhere).
#[must_use]
pub fn broken(
    idp: &Idp,
    mapping: &Mapping,
    console: &Console,
    events: &[TraceEvent],
) -> Option<Break> {
    if !idp.present && idp.state == "unlisted" {
        return at("idp", "the identity provider snapshot read is one page of a longer list and the user is not on it, so the chain cannot be checked".into());
    }
    if !idp.present {
        return console_only(mapping, console, events);
    }
    match idp.state.as_str() {
        "unknown" => at("idp", "the identity provider snapshot does not say whether the user is active, so the chain cannot be checked".into()),
        "inactive" => inactive(console, events),
        _ if !mapping.in_scope => (console.present && console.state == "active")
            .then(|| Break { link: "mapping".into(), summary: "the user is not in a scope group, yet has an active console account".into() }),
        _ => mapping_break(mapping, events).or_else(|| console_break(mapping, console, events)),
    }
}

fn console_only(mapping: &Mapping, console: &Console, events: &[TraceEvent]) -> Option<Break> {
    if !console.present {
        return failures(
            events,
            &[
                "create",
                "update",
                "deactivate",
                "delete",
                "role-update",
                "organization-move",
            ],
        )
        .map(|f| Break {
            link: "idp".into(),
            summary: format!("no snapshot knows the user, but the logs do{f}"),
        });
    }
    if mapping.local == Some(true) {
        return None;
    }
    at("idp", format!("the console has an account ({}) the identity provider does not have, and it is not listed in local_users", console.state))
}

fn inactive(console: &Console, events: &[TraceEvent]) -> Option<Break> {
    if !matches!(console.state.as_str(), "active" | "unknown") {
        return None;
    }
    let failed = failures(events, &["deactivate", "delete"]).unwrap_or_default();
    at(
        "console",
        format!(
            "the user is inactive in the identity provider but {} in the console{failed}",
            console.state
        ),
    )
}

fn mapping_break(mapping: &Mapping, events: &[TraceEvent]) -> Option<Break> {
    if let Some(role) = mapping.unavailable_roles.first() {
        let failed = failures(events, &["role-update", "create", "update"]).unwrap_or_default();
        return at(
            "mapping",
            format!("the mapping grants `{role}`, which this environment does not have{failed}"),
        );
    }
    if let (Some(org), Some(false)) = (&mapping.organization, mapping.organization_available) {
        let failed = failures(events, &["organization-move", "create"]).unwrap_or_default();
        return at(
            "mapping",
            format!(
                "the mapping chooses organization `{org}`, which is missing or deactivated{failed}"
            ),
        );
    }
    if mapping.grants.is_empty() {
        let failed = failures(events, &["create", "update", "role-update"]).unwrap_or_default();
        return at(
            "mapping",
            format!("no mapping grants the user a role (groups and default roles){failed}"),
        );
    }
    if mapping.organization.is_none() && mapping.organization_source.is_some() {
        return at(
            "mapping",
            format!("no organization is chosen: {}", mapping.organization_reason),
        );
    }
    None
}

fn console_break(mapping: &Mapping, console: &Console, events: &[TraceEvent]) -> Option<Break> {
    if !console.present && console.state == "unlisted" {
        return at(
            "console",
            "the console export read is one page of a longer list and the user is not on it, so whether they have an account is not known".into(),
        );
    }
    if !console.present {
        let failed = failures(events, &["create"]).unwrap_or_default();
        return at(
            "console",
            format!(
                "the user is active in the identity provider but has no console account{failed}"
            ),
        );
    }
    if console.state != "active" {
        return at(
            "console",
            format!(
                "the user is active in the identity provider but {} in the console",
                console.state
            ),
        );
    }
    if let Some(held) = &console.roles {
        let granted: Vec<String> = mapping.roles.iter().map(|r| fold(r)).collect();
        let extra: Vec<&String> = held
            .iter()
            .filter(|r| !granted.contains(&fold(r)))
            .collect();
        let missing: Vec<&String> = mapping
            .roles
            .iter()
            .filter(|r| !held.iter().any(|h| fold(h) == fold(r)))
            .collect();
        if !extra.is_empty() || !missing.is_empty() {
            let list = |v: &[&String]| {
                if v.is_empty() {
                    "none".to_owned()
                } else {
                    v.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let failed = failures(events, &["role-update"]).unwrap_or_default();
            return at("console", format!("the console's roles differ from the mapping's: held but not granted {}; granted but not held {}{failed}", list(&extra), list(&missing)));
        }
    }
    if let (Some(want), Some(have)) = (&mapping.organization, &console.organization) {
        if fold(want) != fold(have)
            && console
                .org_guid
                .as_deref()
                .is_none_or(|g| fold(g) != fold(want))
        {
            let failed = failures(events, &["organization-move"]).unwrap_or_default();
            return at(
                "console",
                format!(
                    "the console has the user in `{have}`, the mapping chooses `{want}`{failed}"
                ),
            );
        }
    }
    let last_failed = events.last().filter(|e| e.failed())?;
    at(
        "events",
        format!(
            "the latest event about the user failed: {}",
            last_failed.message.as_deref().unwrap_or("no message")
        ),
    )
}
