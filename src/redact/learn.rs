//! Learning what `--redact` replaces and keeps from what a run read: the snapshots, every
//! log event (its user fields and the user identities of its original record: Okta
//! targets and actors, Entra source, target and initiating identities), the rules' own
//! text and the findings' subjects. The values of one user record (a snapshot's row, an
//! event's user, one identity of an event) are learned as one person's.

use super::Names;
use crate::finding::Finding;
use crate::model::event::EventRecord;
use crate::model::path::Fields;
use crate::model::{dataset, Datasets};
use crate::rules::Rule;
use serde_json::Value;
use std::borrow::Cow;

/// What a dataset's records say: people's whole values, their names, and names to keep.
struct Fieldset {
    whole: &'static [&'static str],
    names: &'static [&'static str],
    keep: &'static [&'static str],
}

const NONE: &[&str] = &[];

/// The fields of a person in any user export: SCIM, the Incydr console, and the other
/// shapes the loaders accept (their keys are compared loosely, see [`get`]).
const PERSON_WHOLE: &[&str] = &[
    "id",
    "externalId",
    "userName",
    "login",
    "email",
    "mail",
    "userPrincipalName",
    "userId",
    "legacyUserId",
];
const PERSON_NAMES: &[&str] = &[
    "displayName",
    "givenName",
    "familyName",
    "firstName",
    "lastName",
    "surname",
];

fn fields_of(name: &str) -> Option<Fieldset> {
    let set = |whole, names, keep| Some(Fieldset { whole, names, keep });
    match name {
        dataset::IDP_USERS => set(PERSON_WHOLE, PERSON_NAMES, &["groups"]),
        dataset::CONSOLE_USERS => set(PERSON_WHOLE, PERSON_NAMES, &["orgName", "orgId", "orgGuid"]),
        dataset::CONSOLE_USER_ROLES => set(&["userId", "username"], NONE, &["roleId", "roleName"]),
        // Its members are learned by `group_members`, which leaves out nested groups.
        dataset::IDP_GROUPS => set(NONE, NONE, &["displayName"]),
        dataset::ROLES => set(NONE, NONE, &["roleId", "roleName"]),
        dataset::ORGANIZATIONS => set(NONE, NONE, &["orgName", "orgGuid", "orgExtRef"]),
        dataset::DIRECTORY_GROUPS => set(NONE, NONE, &["name", "groupId"]),
        dataset::ROLE_MAPPINGS | dataset::ORG_MAPPINGS | dataset::MAPPINGS => {
            set(NONE, NONE, &["group", "role", "organization"])
        }
        dataset::USERS => set(&["username"], NONE, &["groups", "expected"]),
        _ => None,
    }
}

/// Every person value and name to keep in the datasets. The values of one record are
/// learned as one person's.
pub fn datasets(names: &mut Names, datasets: &Datasets) {
    group_members(names, datasets);
    for name in dataset::ALL {
        let Some(fields) = fields_of(name) else {
            continue;
        };
        for record in datasets.get(name) {
            let value = &record.value;
            let mut ids = texts(value, fields.whole);
            let mut said = texts(value, fields.names);
            if *name == dataset::IDP_USERS {
                scim_extras(names, value, &mut ids, &mut said);
            }
            names.record(&refs(&ids), &refs(&said));
            each(value, fields.keep, |v| names.keep(v));
        }
    }
}

/// The members of the identity provider's groups that are people: not a member whose
/// SCIM `type` is `Group`, nor one whose value or name is a group's id or name (a nested
/// group listed without its type, or a directory group's DN).
fn group_members(names: &mut Names, datasets: &Datasets) {
    let groups = datasets.get(dataset::IDP_GROUPS);
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    for group in groups {
        each(&group.value, &["id", "externalId", "displayName"], |v| {
            known.insert(super::fold(v));
        });
        let raw = get(&group.value, "raw").and_then(|r| get(r, "members"));
        for member in raw.and_then(Value::as_array).into_iter().flatten() {
            let nested = get(member, "type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("group"));
            if nested {
                each(member, &["value", "display"], |v| {
                    known.insert(super::fold(v));
                });
            }
        }
    }
    let is_group = |v: &str| known.contains(&super::fold(v));
    for group in groups {
        each(&group.value, &["member_ids"], |v| {
            if !is_group(v) {
                names.person(v);
            }
        });
        each(&group.value, &["member_names"], |v| {
            if !is_group(v) {
                names.name(v);
            }
        });
    }
}

/// What a SCIM user's original record adds: its formatted and middle name and nickname
/// (to `said`), every email (to `ids`), and the organization and department of the
/// enterprise extension (names to keep).
fn scim_extras<'a>(
    names: &mut Names,
    user: &'a Value,
    ids: &mut Vec<Cow<'a, str>>,
    said: &mut Vec<Cow<'a, str>>,
) {
    let raw = get(user, "raw");
    if let Some(name) = raw.and_then(|r| get(r, "name")) {
        said.extend(texts(name, &["formatted", "middleName"]));
    }
    if let Some(raw) = raw {
        said.extend(texts(raw, &["nickName"]));
    }
    if let Some(Value::Array(emails)) = raw.and_then(|r| get(r, "emails")) {
        for email in emails {
            ids.extend(texts(email, &["value"]));
        }
    }
    if let Some(enterprise) = get(user, "enterprise") {
        each(enterprise, &["organization", "department"], |v| {
            names.keep(v)
        });
    }
}

/// The person values and names to keep of one log event.
pub fn event(names: &mut Names, event: &EventRecord) {
    // The user and user id of one event are one person's.
    match (event.str_of("user"), event.str_of("user_id")) {
        (Some(user), Some(id)) => names.record(&[user, id], &[]),
        (Some(one), None) | (None, Some(one)) => names.person(one),
        (None, None) => {}
    }
    for key in KEPT_EVENT_FIELDS {
        if let Some(value) = event.str_of(key) {
            names.keep(value);
        }
    }
    // The Incydr Sync log is flat: its user fields are all it says of people, and its
    // lines are not parsed again for nothing. Other logs nest identities.
    if event.str_of("source") != Some("incydr") {
        identities(names, event.raw(), 0);
    }
}

/// The fields of an event that never name a person: its group, role and organization,
/// and the provider, log and app it comes from (a service account "Okta Sync" must not
/// make the provider `Okta` a name).
const KEPT_EVENT_FIELDS: [&str; 6] = ["group", "role", "organization", "provider", "source", "app"];

/// The values a rule's wording reads that never name a person: rules fill them into
/// `{provider}`, `{source}`, `{app}` and `{kind}`.
const KEPT_VALUES: [&str; 4] = ["provider", "source", "app", "kind"];

/// The names of the providers and of the product, kept whatever the inputs say.
const PRODUCTS: [&str; 8] = [
    "Okta",
    "Microsoft Entra ID",
    "Entra",
    "Azure AD",
    "Incydr",
    "Code42",
    "Incydr Sync",
    "SCIM",
];

/// The keys of an object that say what it stands for.
const TYPE_KEYS: &[&str] = &["type", "identityType", "initiatorType", "objectType"];
const IDENTITY_WHOLE: &[&str] = &[
    "id",
    "alternateId",
    "userPrincipalName",
    "userName",
    "mail",
    "email",
    "login",
];
const IDENTITY_NAMES: &[&str] = &[
    "displayName",
    "name",
    "givenName",
    "surname",
    "familyName",
    "firstName",
    "lastName",
];

/// The values of every object in `value` that stands for a person (its `type`, or the
/// like, is `User`, Okta's `AppUser` or a SCIM user schema), and of its `details`.
fn identities(names: &mut Names, value: &Value, depth: usize) {
    const DEEPEST: usize = 4;
    match value {
        Value::Object(map) => {
            let is_user = map.iter().any(|(key, kind)| {
                TYPE_KEYS.iter().any(|t| key.eq_ignore_ascii_case(t))
                    && kind.as_str().is_some_and(|t| {
                        let t = t.trim().to_ascii_lowercase();
                        // An Okta event may name its person only as the app's user.
                        t == "user" || t == "appuser" || t.ends_with(":user")
                    })
            });
            if is_user {
                let (mut ids, mut said) = (Vec::new(), Vec::new());
                for who in [Some(value), get(value, "details")].into_iter().flatten() {
                    ids.extend(texts(who, IDENTITY_WHOLE));
                    said.extend(texts(who, IDENTITY_NAMES));
                }
                names.record(&refs(&ids), &refs(&said));
            }
            if depth < DEEPEST {
                for inner in map.values().filter(|v| v.is_object() || v.is_array()) {
                    identities(names, inner, depth + 1);
                }
            }
        }
        Value::Array(items) if depth < DEEPEST => {
            for item in items {
                identities(names, item, depth + 1);
            }
        }
        _ => {}
    }
}

/// The text of every rule's message and fix steps, outside their placeholders: the
/// product's own words, kept as written.
pub fn rules(names: &mut Names, rules: &[Rule]) {
    for product in PRODUCTS {
        names.keep(product);
    }
    for rule in rules {
        for literal in rule.wording.message.literals() {
            names.keep(literal);
        }
        for literal in rule.wording.fix.iter().flat_map(|t| t.literals()) {
            names.keep(literal);
        }
    }
}

/// The findings' subjects: a user is a person, a group, role or organization is kept;
/// and the values their wording reads for a provider, log, app or kind, kept.
pub fn findings<F: std::borrow::Borrow<Finding>>(
    names: &mut Names,
    findings: impl IntoIterator<Item = F>,
) {
    for finding in findings {
        let finding: &Finding = finding.borrow();
        for (key, value) in finding.says.named_values() {
            if KEPT_VALUES.contains(&key) {
                strings(&value.to_value(), &mut |v| names.keep(v));
            }
        }
        for user in finding.events.iter().flat_map(|e| &e.user_names) {
            names.person(user);
        }
        let causes = finding.cause.iter().map(|c| &c.subjects);
        for subjects in std::iter::once(&finding.subjects).chain(causes) {
            for (kind, value) in subjects.iter() {
                match kind.as_str() {
                    "user" => names.person(value),
                    "group" | "role" | "organization" => names.keep(value),
                    _ => {}
                }
            }
        }
    }
}

/// A key of an object, compared loosely: case, `_` and `-` ignored (`first_name`,
/// `FirstName` and `firstName` are one key; the formats differ in how they spell them).
fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| loose(k).eq(loose(key)))
            .map(|(_, v)| v)
    })
}

fn loose(key: &str) -> impl Iterator<Item = char> + '_ {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
}

/// Calls `f` with the text of each of `keys` in `value`, a list giving each item.
fn each(value: &Value, keys: &[&str], mut f: impl FnMut(&str)) {
    for key in keys {
        if let Some(found) = get(value, key) {
            strings(found, &mut f);
        }
    }
}

/// The text of each of `keys` in `value`, a list giving each item.
fn texts<'a>(value: &'a Value, keys: &[&str]) -> Vec<Cow<'a, str>> {
    let mut out = Vec::new();
    for key in keys {
        if let Some(found) = get(value, key) {
            borrowed(found, &mut out);
        }
    }
    out
}

fn borrowed<'a>(value: &'a Value, out: &mut Vec<Cow<'a, str>>) {
    match value {
        Value::String(s) => out.push(Cow::Borrowed(s)),
        Value::Number(n) => out.push(Cow::Owned(n.to_string())),
        Value::Array(items) => items.iter().for_each(|item| borrowed(item, out)),
        _ => {}
    }
}

fn refs<'a>(texts: &'a [Cow<'_, str>]) -> Vec<&'a str> {
    texts.iter().map(AsRef::as_ref).collect()
}

fn strings(value: &Value, f: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Number(n) => f(&n.to_string()),
        Value::Array(items) => items.iter().for_each(|item| strings(item, f)),
        _ => {}
    }
}

#[cfg(test)]
#[path = "learn_tests.rs"]
mod tests;
