//! The joined per-user view (`users` dataset): for every person in either snapshot, the
//! IdP record, the console record, and what the mappings say the console should show.
//!
//! Fields of a `users` record:
//! - `username`: the IdP `userName`, or the console `username` for console-only users
//! - `idp`: the normalized IdP user, or null; `console`: the console user plus `roles`
//!   (role ids) and `role_names`, or null. A user-roles row that gives a role by name
//!   (or a name where the id belongs) is resolved through the `roles` export, as the
//!   mapping's roles are (see [`super::resolve`]); `roles_known` is false when the user
//!   has no `userId` and rows keyed only by id might be theirs (see [`super::join_roles`])
//! - one person is one record however often a snapshot lists them: IdP records with the
//!   same `id` and console records with the same `userId` (else the same `username`) are
//!   one user, read from the first of them (overlapping pages, or the same export saved
//!   twice); two IdP records with different ids are two users, whatever their names
//! - `idp_state`: `active` | `inactive` | `unknown` | `absent` | `unlisted`;
//!   `console_state`: `active` | `inactive` | `blocked` | `unknown` | `absent` |
//!   `unlisted`. `unknown`: the record does not say whether the user is active (a partial
//!   SCIM listing, an export without `active`); rules that compare states leave such users
//!   out, and rule `active-state-unknown` counts them. `unlisted`: the user is not in
//!   that side's snapshot, but the snapshot is one page of a longer list (see
//!   `input::paging`), so the user may be on another page: not taken as `absent`, and
//!   counted by rule `users-unlisted`
//! - `local`: true when listed in `local_users`, false when not, null when no list is configured
//! - `in_scope`: the IdP user is in scope (member of a `scope.groups` group, when those are set)
//! - `groups`: the user's IdP group names (from the user and from group memberships)
//! - `groups_known`: whether those memberships are known at all (a groups export was
//!   read, or the user's record lists its groups); false when neither says, and rules
//!   that compare what the groups grant leave the user out; null for console-only users
//! - `expected`: `roles` (available role ids the mappings grant), `role_names`,
//!   `unavailable_roles` (granted roles the environment lacks, as written), `organizations`
//!   (candidates from the mapping), `organization` (the one the user should be in, or null),
//!   `organization_keys` (every name, GUID and external reference of that organization,
//!   so the console's organization can be compared whichever the mapping wrote),
//!   `organization_source` (`group` | `fallback` | `attribute` | `default` | null) and
//!   `organization_available` (true / false / null when unknown); in attribute mode also
//!   `organization_attribute` (where the value was read, see `model::attribute`, or null)
//!   and `organization_attribute_conflict` (every place holding the attribute when it is
//!   in more than one, which leaves `organization` null)
//!
//! Which IdP group a mapping entry names, and whether a role or an organization is
//! available, is not decided here: it is [`super::resolve`]'s, which the mapping records'
//! fields (read by the rules) share.
//! docs/rule-language.md ("The `users` view") says what this computes and why in Rust.

use super::join_mappings::EntryIndex;
use super::join_roles::RoleRows;
use super::join_sides::{
    console_identity, console_state, groups_known, idp_key, idp_state, lists_members,
};
use super::resolve::{fold, Environment};
use super::{dataset, Datasets, Record};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The top-level fields of a `users` record.
pub const FIELDS: &[&str] = &[
    "username",
    "idp",
    "console",
    "idp_state",
    "console_state",
    "local",
    "in_scope",
    "groups",
    "groups_known",
    "expected",
];

/// What the join needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct JoinSettings {
    /// `groups`, `attribute` or `default`; None without an organization mapping.
    pub org_mode: Option<String>,
    /// The IdP user attribute naming the organization (attribute mode).
    pub org_attribute: Option<super::attribute::OrgAttribute>,
    /// Console accounts the provider does not manage; None when not configured.
    pub local_users: Option<Vec<String>>,
    /// When not empty, only members of these groups are in scope.
    pub scope_groups: Vec<String>,
    /// The paths read of `users` records (each a list of keys): a record's `idp` and
    /// `console` keep only what these reach (see [`super::prune`]). None keeps them whole.
    pub reads: Option<Vec<Vec<String>>>,
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The keys below `field` of each path of `settings.reads` that starts there (None without
/// reads: the field is kept whole).
fn reads_below<'a>(settings: &'a JoinSettings, field: &str) -> Option<Vec<&'a [String]>> {
    let reads = settings.reads.as_ref()?;
    let starting = reads.iter().filter_map(|keys| keys.split_first());
    let below = starting.filter(|(root, _)| root.eq_ignore_ascii_case(field));
    Some(below.map(|(_, rest)| rest).collect())
}

/// The `idp` or `console` side of a `users` record: what the paths `below` it reach, or
/// the whole value without paths.
fn side(below: Option<&[&[String]]>, value: &Value) -> Value {
    match below {
        Some(paths) => super::prune::prune(value, paths),
        None => value.clone(),
    }
}

/// Build the `users` dataset from the other datasets.
#[must_use]
pub fn users(data: &Datasets, settings: &JoinSettings) -> Vec<Record> {
    let cx = Context::new(data, settings);
    let mut out = Vec::new();
    // The IdP users and the console users already given a record, by identity.
    let (mut idp_seen, mut console_seen) = (BTreeSet::new(), BTreeSet::new());
    for idp in data.get(dataset::IDP_USERS) {
        if let Some((_, id)) = idp_key(idp) {
            if !idp_seen.insert(id) {
                continue;
            }
        }
        let name = idp.str_field("userName").unwrap_or_default().to_owned();
        let console = cx.console_for(idp);
        if let Some(c) = console {
            console_seen.insert(console_identity(c));
        }
        let location = idp
            .location
            .clone()
            .or_else(|| console.and_then(|c| c.location.clone()));
        out.push(Record::new(cx.record(&name, Some(idp), console), location));
    }
    for console in data.get(dataset::CONSOLE_USERS) {
        if console_seen.insert(console_identity(console)) {
            let name = console.str_field("username").unwrap_or_default().to_owned();
            out.push(Record::new(
                cx.record(&name, None, Some(console)),
                console.location.clone(),
            ));
        }
    }
    out
}

struct Context<'a> {
    data: &'a Datasets,
    settings: &'a JoinSettings,
    console_by_name: HashMap<String, &'a Record>,
    /// The user-roles rows (positions) of each console user, by folded `userId` and by
    /// folded `username`: looked up once per user instead of reading every row for
    /// every user (30,000 users took a minute).
    role_rows: RoleRows,
    members: HashMap<String, Vec<String>>,
    /// Whether a groups export lists memberships (see [`lists_members`]).
    groups_listed: bool,
    /// The role and organization mapping entries by the groups that select them (see
    /// [`super::join_mappings`]), and the fallback organization: each user looks up
    /// their groups instead of testing every entry.
    role_entries: EntryIndex,
    org_entries: EntryIndex,
    fallback: Option<String>,
    /// `local_users` and `scope.groups`, folded.
    local: Option<HashSet<String>>,
    scope: HashSet<String>,
    /// What the environment has of what the mappings name (the one definition of an
    /// available role and organization, shared with the mapping records' fields).
    env: Environment,
    /// The paths read below `idp` and below `console` (None: keep the side whole),
    /// sorted out of [`JoinSettings::reads`] once.
    idp_reads: Option<Vec<&'a [String]>>,
    console_reads: Option<Vec<&'a [String]>>,
}

impl<'a> Context<'a> {
    fn new(data: &'a Datasets, settings: &'a JoinSettings) -> Self {
        // The first console record of each username: a later one is the same user listed
        // again, or a second account with that name, which stays console-only.
        let mut console_by_name = HashMap::new();
        for console in data.get(dataset::CONSOLE_USERS) {
            if let Some(name) = console.str_field("username") {
                console_by_name.entry(fold(name)).or_insert(console);
            }
        }
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for group in data.get(dataset::IDP_GROUPS) {
            let Some(name) = group.str_field("displayName") else {
                continue;
            };
            let ids = strings(group.value.get("member_ids")).into_iter();
            for member in ids.chain(strings(group.value.get("member_names"))) {
                members
                    .entry(fold(&member))
                    .or_default()
                    .push(name.to_owned());
            }
        }
        let env = Environment::new(data);
        let org_maps = data.get(dataset::ORG_MAPPINGS);
        let fold_all = |list: &[String]| list.iter().map(|s| fold(s)).collect::<HashSet<_>>();
        Self {
            data,
            settings,
            console_by_name,
            role_rows: RoleRows::new(data.get(dataset::CONSOLE_USER_ROLES)),
            members,
            groups_listed: data.get(dataset::IDP_GROUPS).iter().any(lists_members),
            role_entries: EntryIndex::new(
                data.get(dataset::ROLE_MAPPINGS),
                &env,
                None,
                Some("default"),
            ),
            org_entries: EntryIndex::new(org_maps, &env, Some("group"), None),
            fallback: org_maps
                .iter()
                .filter(|m| m.str_field("source") == Some("fallback"))
                .find_map(|m| m.str_field("organization").map(str::to_owned)),
            local: settings.local_users.as_deref().map(fold_all),
            scope: fold_all(&settings.scope_groups),
            env,
            idp_reads: reads_below(settings, "idp"),
            console_reads: reads_below(settings, "console"),
        }
    }

    fn console_for(&self, idp: &Record) -> Option<&'a Record> {
        let names = strings(idp.value.get("userName"))
            .into_iter()
            .chain(strings(idp.value.get("emails")));
        names
            .map(|n| fold(&n))
            .find_map(|n| self.console_by_name.get(&n).copied())
    }

    fn groups(&self, idp: &Record) -> Vec<String> {
        let mut groups = strings(idp.value.get("groups"));
        for key in ["id", "userName"].iter().filter_map(|k| idp.str_field(k)) {
            groups.extend(self.members.get(&fold(key)).cloned().unwrap_or_default());
        }
        dedup_folded(groups)
    }

    fn record(&self, name: &str, idp: Option<&Record>, console: Option<&Record>) -> Value {
        let groups = idp.map(|i| self.groups(i)).unwrap_or_default();
        let in_scope = idp.is_some()
            && (self.settings.scope_groups.is_empty()
                || groups.iter().any(|g| self.scope.contains(&fold(g))));
        let local = self.local.as_ref().map(|list| list.contains(&fold(name)));
        json!({
            "username": name,
            "idp": idp.map_or(Value::Null, |r| side(self.idp_reads.as_deref(), &r.value)),
            "console": console.map_or(Value::Null, |c| side(self.console_reads.as_deref(), &self.console_value(c))),
            "idp_state": idp_state(idp, self.data.is_partial(dataset::IDP_USERS)),
            "console_state": console_state(console, self.data.is_partial(dataset::CONSOLE_USERS)),
            "local": local,
            "in_scope": in_scope,
            "groups": groups,
            "groups_known": idp.map(|i| groups_known(i, self.groups_listed)),
            "expected": self.expected(idp, &groups),
        })
    }

    fn console_value(&self, console: &Record) -> Value {
        let id = console.str_field("userId").map(fold);
        let name = console.str_field("username").map(fold);
        let (mut ids, mut names) = (Vec::new(), Vec::new());
        let rows = self.data.get(dataset::CONSOLE_USER_ROLES);
        let known = self.role_rows.known(id.is_some());
        let mut found = false;
        for row in self.role_rows.of(id, name).filter_map(|at| rows.get(at)) {
            found = true;
            let (role_id, role_name) = (row.str_field("roleId"), row.str_field("roleName"));
            match self.env.console_role(role_id, role_name) {
                Some((role_id, role_name)) => {
                    ids.push(role_id.clone());
                    names.push(role_name.clone());
                }
                // A role the roles export does not have (or no export): as written, so a
                // role given only by name still counts as a role.
                None => {
                    ids.extend(role_id.or(role_name).map(str::to_owned));
                    names.extend(role_name.map(str::to_owned));
                }
            }
        }
        let mut value = console.value.as_object().cloned().unwrap_or_default();
        if self.data.has(dataset::CONSOLE_USER_ROLES) {
            value.insert("roles".to_owned(), json!(dedup_folded(ids)));
            value.insert("role_names".to_owned(), json!(dedup_folded(names)));
            value.insert("roles_known".to_owned(), json!(known || found));
        }
        Value::Object(value)
    }

    fn expected(&self, idp: Option<&Record>, groups: &[String]) -> Value {
        let mut out = Map::new();
        if idp.is_none() {
            return Value::Object(out);
        }
        self.expected_roles(&mut out, groups);
        self.expected_org(&mut out, idp, groups);
        Value::Object(out)
    }

    /// The roles of the entries that apply to a user in `groups`: the default entries and
    /// those naming one of the groups (by the entry's group as written, or the display
    /// name of the IdP group it names), in the mapping's order.
    fn expected_roles(&self, out: &mut Map<String, Value>, groups: &[String]) {
        let (mut ids, mut names, mut missing) = (Vec::new(), Vec::new(), Vec::new());
        let maps = self.data.get(dataset::ROLE_MAPPINGS);
        for m in self
            .role_entries
            .of(groups)
            .iter()
            .filter_map(|&at| maps.get(at))
        {
            let Some(role) = m.str_field("role") else {
                continue;
            };
            match self.env.role(role) {
                Some((id, name)) => {
                    ids.push(id.clone());
                    names.push(name.clone());
                }
                None if self.env.knows_roles() => missing.push(role.to_owned()),
                None => ids.push(role.to_owned()),
            }
        }
        out.insert("roles".to_owned(), json!(dedup_folded(ids)));
        out.insert("role_names".to_owned(), json!(dedup_folded(names)));
        out.insert("unavailable_roles".to_owned(), json!(dedup_folded(missing)));
    }

    fn expected_org(&self, out: &mut Map<String, Value>, idp: Option<&Record>, groups: &[String]) {
        let maps = self.data.get(dataset::ORG_MAPPINGS);
        let candidates = dedup_folded(
            self.org_entries
                .of(groups)
                .iter()
                .filter_map(|&at| maps.get(at))
                .filter_map(|m| m.str_field("organization").map(str::to_owned))
                .collect(),
        );
        let (org, source): (Option<String>, Option<&str>) = match self.settings.org_mode.as_deref()
        {
            Some("groups") => match candidates.len() {
                1 => (candidates.first().cloned(), Some("group")),
                0 => (self.fallback.clone(), Some("fallback")),
                _ => (None, Some("group")),
            },
            Some("attribute") => {
                let found = self.settings.org_attribute.as_ref().zip(idp);
                let found = found.map(|(a, idp)| a.find(&idp.value)).unwrap_or_default();
                out.insert("organization_attribute".to_owned(), json!(found.place));
                out.insert(
                    "organization_attribute_conflict".to_owned(),
                    json!(found.conflict),
                );
                (found.value, Some("attribute"))
            }
            Some("default") => (None, Some("default")),
            _ => (None, None),
        };
        let available = org
            .as_deref()
            .and_then(|name| self.env.organization_available(name));
        let keys = org.as_deref().map(|name| self.env.organization_keys(name));
        out.insert("organizations".to_owned(), json!(candidates));
        out.insert("organization".to_owned(), json!(org));
        out.insert(
            "organization_keys".to_owned(),
            json!(keys.unwrap_or_default()),
        );
        out.insert("organization_source".to_owned(), json!(source));
        out.insert("organization_available".to_owned(), json!(available));
    }
}

/// Remove case-insensitive duplicates, keeping the first spelling and the order.
fn dedup_folded(items: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.into_iter().filter(|s| seen.insert(fold(s))).collect()
}
