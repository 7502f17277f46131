//! What the mapping names, looked up in the snapshots: the one definition of "the IdP
//! group a mapping entry names", "a role this environment has" and "an organization users
//! can be placed in".
//!
//! Both the `users` join (for `expected.roles`, `expected.unavailable_roles` and
//! `expected.organization_available`) and the rules over the mapping datasets (through the
//! fields [`annotate`] adds to each mapping record) read these answers, so no rule file
//! restates them:
//!
//! - a **group** named by the mapping is the IdP group whose `displayName` or `externalId`
//!   equals it, trimmed and ignoring case; a user is in the entry's group when that
//!   group's display name is among the user's groups;
//! - a **role** named by the mapping is the role whose `roleId` or `roleName` equals it,
//!   trimmed and ignoring case; it is available when there is one;
//! - a **role** the console gives a user (a user-roles row) is the role its `roleId` names
//!   by id or name, else the one its `roleName` names, by the same lookup: exports that
//!   give role names where ids belong name the same role;
//! - an **organization** named by the mapping (or by the organization attribute) is any
//!   organization whose `orgName`, `orgGuid` or `orgExtRef` equals it the same way; it is
//!   available when one of those has `available: true` (the loader's flag: active and not
//!   deactivated; the loader always sets it), and its keys (every name, GUID and external
//!   reference of those organizations) are what a console user's organization is compared
//!   with, so the mapping may name it by any of them.
//!
//! Without the `roles` (or `organizations`) dataset the answer is unknown: the added
//! fields are `null`, so rules testing them do not fire, and the rule's `requires` (inferred
//! from the fields' declared needs) keeps it from running at all.

use super::{dataset, Datasets, Record};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Role mapping records: the id of the role the record names, or `null`.
pub const ROLE_ID: &str = "role_id";
/// Role mapping records: the name of the role the record names, or `null`.
pub const ROLE_NAME: &str = "role_name";
/// Role mapping records: whether the environment has the role (`null` without `roles`).
pub const ROLE_AVAILABLE: &str = "role_available";
/// Mapping records: the display name of the IdP group the entry names (by display name or
/// external id), or `null`.
pub const GROUP_NAME: &str = "group_name";
/// Mapping records: whether the IdP has the group the entry names (`null` without
/// `idp_groups`, or when the record names none).
pub const GROUP_KNOWN: &str = "group_known";
/// Organization mapping records: whether users can be placed in the organization named
/// (`null` without `organizations`, or when the record names none).
pub const ORGANIZATION_AVAILABLE: &str = "organization_available";

pub(super) fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The roles and organizations of the environment, by every key a mapping may use.
#[derive(Debug, Default)]
pub struct Environment {
    /// Folded role id or name -> (role id, role name); None without a `roles` dataset.
    roles: Option<HashMap<String, (String, String)>>,
    /// The organizations and, by folded name, GUID or external reference, which of them
    /// that key names; None without an `organizations` dataset.
    orgs: Option<Organizations>,
    /// Folded group display name or external id -> display name; None without an
    /// `idp_groups` dataset.
    groups: Option<HashMap<String, String>>,
}

impl Environment {
    #[must_use]
    pub fn new(data: &Datasets) -> Self {
        let roles = data.has(dataset::ROLES).then(|| {
            let mut roles = HashMap::new();
            for role in data.get(dataset::ROLES) {
                let id = role.str_field("roleId").unwrap_or_default().to_owned();
                let name = role.str_field("roleName").unwrap_or_default().to_owned();
                for key in [&id, &name].into_iter().filter(|k| !k.is_empty()) {
                    roles.insert(fold(key), (id.clone(), name.clone()));
                }
            }
            roles
        });
        let orgs = data
            .has(dataset::ORGANIZATIONS)
            .then(|| Organizations::new(data.get(dataset::ORGANIZATIONS)));
        let groups = data.has(dataset::IDP_GROUPS).then(|| {
            let mut groups = HashMap::new();
            for group in data.get(dataset::IDP_GROUPS) {
                let Some(name) = group.str_field("displayName") else {
                    continue;
                };
                for key in [Some(name), group.str_field("externalId")]
                    .into_iter()
                    .flatten()
                {
                    groups.entry(fold(key)).or_insert_with(|| name.to_owned());
                }
            }
            groups
        });
        Self {
            roles,
            orgs,
            groups,
        }
    }

    /// Whether the environment's roles are known (the `roles` dataset was supplied).
    #[must_use]
    pub fn knows_roles(&self) -> bool {
        self.roles.is_some()
    }

    /// The (id, name) of the role `written` names; None when it has none or roles are
    /// unknown.
    #[must_use]
    pub fn role(&self, written: &str) -> Option<&(String, String)> {
        self.roles.as_ref()?.get(&fold(written))
    }

    /// The display name of the IdP group `written` names (by display name or external id,
    /// ignoring case); None when there is none or the groups are unknown.
    #[must_use]
    pub fn group(&self, written: &str) -> Option<&str> {
        self.groups
            .as_ref()?
            .get(&fold(written))
            .map(String::as_str)
    }

    /// Whether the IdP groups are known (the `idp_groups` dataset was supplied).
    #[must_use]
    pub fn knows_groups(&self) -> bool {
        self.groups.is_some()
    }

    /// The (id, name) of the role a console user-roles row names: its `roleId` looked up
    /// as [`Self::role`] looks up a mapping's role, else its `roleName`; None when neither
    /// names a known role, or roles are unknown.
    #[must_use]
    pub fn console_role(
        &self,
        role_id: Option<&str>,
        role_name: Option<&str>,
    ) -> Option<&(String, String)> {
        role_id
            .and_then(|id| self.role(id))
            .or_else(|| role_name.and_then(|name| self.role(name)))
    }

    /// Whether users can be placed in the organization `written` names; None when the
    /// organizations are unknown.
    #[must_use]
    pub fn organization_available(&self, written: &str) -> Option<bool> {
        let orgs = self.orgs.as_ref()?;
        Some(orgs.named(written).any(|org| org.available))
    }

    /// Every name, GUID and external reference of the organizations `written` names, so
    /// that a console user's organization, given by any of these, is recognized as the
    /// one written; just `written` when no known organization has that key (or the
    /// organizations are unknown).
    #[must_use]
    pub fn organization_keys(&self, written: &str) -> Vec<String> {
        let mut keys: Vec<String> = self
            .orgs
            .iter()
            .flat_map(|orgs| orgs.named(written))
            .flat_map(|org| org.keys.iter().cloned())
            .collect();
        if keys.is_empty() {
            keys.push(written.to_owned());
        }
        keys
    }
}

/// One organization: its keys as written, and whether users can be placed in it.
#[derive(Debug)]
struct Organization {
    keys: Vec<String>,
    available: bool,
}

/// The organizations, and which of them each folded key names (a name of one may be the
/// external reference of another, so a key may name several).
#[derive(Debug, Default)]
struct Organizations {
    list: Vec<Organization>,
    by_key: HashMap<String, Vec<usize>>,
}

impl Organizations {
    fn new(records: &[Record]) -> Self {
        let mut orgs = Self::default();
        for org in records {
            // The loader's flag, read as the `available-organization` named condition of
            // rules/utils.yaml reads it: only `true` is available.
            let available = org.value.get("available").and_then(Value::as_bool) == Some(true);
            let keys: Vec<String> = ["orgName", "orgGuid", "orgExtRef"]
                .iter()
                .filter_map(|k| org.str_field(k))
                .filter(|k| !k.trim().is_empty())
                .map(str::to_owned)
                .collect();
            let index = orgs.list.len();
            for key in &keys {
                let named = orgs.by_key.entry(fold(key)).or_default();
                if !named.contains(&index) {
                    named.push(index);
                }
            }
            orgs.list.push(Organization { keys, available });
        }
        orgs
    }

    /// The organizations `written` names.
    fn named(&self, written: &str) -> impl Iterator<Item = &Organization> {
        self.by_key
            .get(&fold(written))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.list.get(i))
    }
}

/// Add to every record of `role_mappings`, `org_mappings` and `mappings` what the
/// snapshots have of what it names ([`GROUP_NAME`] and [`GROUP_KNOWN`] on every record;
/// [`ROLE_ID`], [`ROLE_NAME`], [`ROLE_AVAILABLE`] on role records,
/// [`ORGANIZATION_AVAILABLE`] on organization records; `null` on the others). Nested
/// groups are told apart from the users among the members first (see
/// [`super::nesting::resolve`]).
pub fn annotate(data: &mut Datasets) {
    super::nesting::resolve(data);
    let env = Environment::new(data);
    for name in [
        dataset::ROLE_MAPPINGS,
        dataset::ORG_MAPPINGS,
        dataset::MAPPINGS,
    ] {
        if let Some(records) = data.records_mut(name) {
            records.iter_mut().for_each(|r| annotate_one(&env, r));
        }
    }
}

fn annotate_one(env: &Environment, record: &mut Record) {
    let role = record.str_field("role").map(str::to_owned);
    let organization = record.str_field("organization").map(str::to_owned);
    let group = record.str_field("group").map(str::to_owned);
    let group_name = group
        .as_deref()
        .and_then(|g| env.group(g))
        .map(str::to_owned);
    let group_known = group
        .as_ref()
        .filter(|_| env.knows_groups())
        .map(|_| group_name.is_some());
    let found = role.as_deref().and_then(|r| env.role(r));
    let role_available = role
        .as_ref()
        .filter(|_| env.knows_roles())
        .map(|_| found.is_some());
    let org_available = organization
        .as_deref()
        .and_then(|o| env.organization_available(o));
    let fields = [
        (GROUP_NAME, json!(group_name)),
        (GROUP_KNOWN, json!(group_known)),
        (ROLE_ID, json!(found.map(|(id, _)| id))),
        (ROLE_NAME, json!(found.map(|(_, name)| name))),
        (ROLE_AVAILABLE, json!(role_available)),
        (ORGANIZATION_AVAILABLE, json!(org_available)),
    ];
    if let Value::Object(map) = &mut record.value {
        for (key, value) in fields {
            map.insert(key.to_owned(), value);
        }
    }
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
