//! Groups that are members of other groups in the identity provider's snapshot, and what
//! that means for their users in Incydr.
//!
//! synclint does not count the users of a nested group as members of the group that
//! holds it, because what Incydr receives is what the provider pushes, and the providers
//! push direct members only: Microsoft Entra's provisioning service reads and provisions
//! only the immediate members of a group assigned to the app ("How Application
//! Provisioning works", Nested groups), and Okta has no nested groups (importing nested
//! Active Directory groups adds each user to every group above it, which makes them
//! direct members in Okta). Incydr's documentation maps the roles and organization of a
//! SCIM group to the users the provider sends as its members and says nothing of groups
//! inside groups. So a user who is only in a nested group gets none of the roles, the
//! organization or the scope the outer group is mapped to.
//!
//! - [`resolve`] finds nested groups the loaders could not tell (a member whose value is
//!   the id of a group read, such as a directory group's DN) and files every nested group
//!   under `member_groups`, never among the members that are users.
//! - [`notes`] says so once per group, with what the group is mapped to and the users
//!   (reached through the nesting, cycles and depth bounded) who are in it only that way.

use super::resolve::fold;
use super::{dataset, Datasets, Record, Skipped};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Group records: the members that are groups, as `{value, display}`.
pub const MEMBER_GROUPS: &str = "member_groups";

/// How deep the nesting is followed to find the users of a nested group.
pub const MAX_DEPTH: usize = 32;

/// How many names a note lists before saying how many more there are.
const SHOWN: usize = 3;

/// File under `member_groups` every member of a group whose value is the id or external
/// id of a group read (removing it from `members`, `member_ids` and `member_names`), and
/// give every group a `member_groups` list.
pub fn resolve(data: &mut Datasets) {
    let mut known: HashMap<String, String> = HashMap::new();
    for group in data.get(dataset::IDP_GROUPS) {
        let name = group.str_field("displayName").unwrap_or_default();
        for key in ["id", "externalId"]
            .iter()
            .filter_map(|k| group.str_field(k))
        {
            known.entry(fold(key)).or_insert_with(|| name.to_owned());
        }
    }
    let Some(groups) = data.records_mut(dataset::IDP_GROUPS) else {
        return;
    };
    for group in groups {
        if let Value::Object(map) = &mut group.value {
            move_nested(map, &known);
        }
    }
}

/// Move the members of `map` that `known` names as groups to its `member_groups`.
fn move_nested(map: &mut Map<String, Value>, known: &HashMap<String, String>) {
    let mut nested: Vec<Value> = match map.remove(MEMBER_GROUPS) {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let group_of = |member: &Value| {
        let value = member.get("value").and_then(Value::as_str)?;
        known.get(&fold(value)).map(|name| (value.to_owned(), name))
    };
    let members = match map.get_mut("members") {
        Some(Value::Array(members)) => std::mem::take(members),
        _ => Vec::new(),
    };
    let (mut kept, mut moved_ids, mut moved_names) = (Vec::new(), Vec::new(), Vec::new());
    for member in members {
        let Some((value, name)) = group_of(&member) else {
            kept.push(member);
            continue;
        };
        let display = member.get("display").and_then(Value::as_str);
        moved_names.extend(display.map(str::to_owned));
        nested.push(json!({"value": value, "display": display.unwrap_or(name)}));
        moved_ids.push(value);
    }
    // A set, not a scan of the moved per member: a group of many users with many
    // nested groups would cost their product.
    let drop_moved = |list: Option<&mut Value>, moved: &[String]| {
        let moved: HashSet<&str> = moved.iter().map(String::as_str).collect();
        if let Some(Value::Array(list)) = list {
            list.retain(|v| v.as_str().is_none_or(|s| !moved.contains(s)));
        }
    };
    drop_moved(map.get_mut("member_ids"), &moved_ids);
    drop_moved(map.get_mut("member_names"), &moved_names);
    if map.contains_key("members") {
        map.insert("members".to_owned(), Value::Array(kept));
    }
    map.insert(MEMBER_GROUPS.to_owned(), Value::Array(nested));
}

/// One note per group that has groups among its members: which, what the group is mapped
/// to (when a configuration was read) and which users are in it only through them.
#[must_use]
pub fn notes(data: &Datasets) -> Vec<Skipped> {
    let groups = data.get(dataset::IDP_GROUPS);
    let graph = Graph::new(groups, data.get(dataset::IDP_USERS));
    let mut out = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        let nested = entries(group);
        let Some(location) = group.location.clone().filter(|_| !nested.is_empty()) else {
            continue;
        };
        let name = group.str_field("displayName").unwrap_or_default();
        let nested: Vec<String> = nested.into_iter().map(|(_, shown)| shown).collect();
        let mapped = mapped_to(data, name);
        let consequence = match &mapped {
            Some(None) => format!(
                ". The mapping gives `{name}` no role and no organization, so for a user who \
                 is only in a nested group only the scope (`scope.groups`) can differ"
            ),
            Some(Some(what)) => format!(
                ", and a user who is only in a nested group gets none of {what} and is not in \
                 scope through it"
            ),
            None => format!(
                ", and a user who is only in a nested group gets none of what `{name}` is \
                 mapped to (no configuration was read to say what that is) and is not in scope \
                 through it"
            ),
        };
        let reason = format!(
            "warning: group `{name}` has {} member(s) that are groups ({}); their users are \
             not counted as members of `{name}`: Microsoft Entra provisions only the direct \
             members of a group and Okta has no nested groups, so Incydr is not sent them as \
             members of `{name}`{consequence}. {}",
            nested.len(),
            listed(&nested),
            graph
                .reach(index)
                .describe(name, mapped.is_some_and(|m| m.is_some())),
        );
        out.push(Skipped { location, reason });
    }
    out
}

/// The nested groups of a group record: (folded key, name as shown).
fn entries(group: &Record) -> Vec<(String, String)> {
    let list = group.value.get(MEMBER_GROUPS).and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|m| {
            let text = |k: &str| {
                m.get(k)
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
            };
            let key = text("value").or_else(|| text("display"))?;
            Some((fold(key), text("display").unwrap_or(key).to_owned()))
        })
        .collect()
}

/// What the role and organization mappings give the members of group `name`, as words
/// (`the role(s) `a`, `b` and the organization `X``); `Some(None)` when they give it
/// nothing, `None` when no configuration was read.
fn mapped_to(data: &Datasets, name: &str) -> Option<Option<String>> {
    if !data.has(dataset::ROLE_MAPPINGS) && !data.has(dataset::ORG_MAPPINGS) {
        return None;
    }
    let of = |set: &str, field: &str| -> Vec<String> {
        let names_it = |m: &&Record| {
            let group = m.str_field("group_name").or_else(|| m.str_field("group"));
            group.is_some_and(|g| fold(g) == fold(name))
        };
        let values = data.get(set).iter().filter(names_it);
        let found: BTreeSet<String> = values
            .filter_map(|m| m.str_field(field).map(str::to_owned))
            .collect();
        found.into_iter().collect()
    };
    let roles = of(dataset::ROLE_MAPPINGS, "role");
    let orgs = of(dataset::ORG_MAPPINGS, "organization");
    let roles = (!roles.is_empty()).then(|| format!("the role(s) {}", listed(&roles)));
    let orgs = (!orgs.is_empty()).then(|| format!("the organization {}", listed(&orgs)));
    Some(match (roles, orgs) {
        (None, None) => None,
        (Some(one), None) | (None, Some(one)) => Some(one),
        (Some(roles), Some(orgs)) => Some(format!("{roles} and {orgs}")),
    })
}

/// Names in backticks, the first few, then how many more.
fn listed(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    if names.len() > SHOWN {
        shown.push(format!("{} more", names.len() - SHOWN));
    }
    shown.join(", ")
}

/// The groups and users of the snapshot, to follow nested groups down to their users.
struct Graph<'a> {
    groups: &'a [Record],
    /// Folded id, external id or display name of a group -> its index.
    by_key: HashMap<String, usize>,
    /// Folded id or userName of a user -> the userName to show.
    users: HashMap<String, String>,
    /// Folded group name -> the users whose own `groups` list it.
    listed_in: HashMap<String, BTreeSet<String>>,
}

/// What following one group's nested groups found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Reach {
    /// The users reached only through nesting, as shown, sorted.
    pub only_nested: Vec<String>,
    /// Nested groups that are not among the groups read.
    pub unknown: Vec<String>,
    /// Whether the group contains itself through the nesting.
    pub cycle: bool,
    /// Whether nesting deeper than [`MAX_DEPTH`] was left unread.
    pub too_deep: bool,
}

impl<'a> Graph<'a> {
    fn new(groups: &'a [Record], users: &[Record]) -> Self {
        let mut by_key = HashMap::new();
        for (index, group) in groups.iter().enumerate() {
            for key in ["id", "externalId", "displayName"] {
                if let Some(value) = group.str_field(key).filter(|v| !v.trim().is_empty()) {
                    by_key.entry(fold(value)).or_insert(index);
                }
            }
        }
        let (mut by_user, mut listed_in) = (HashMap::new(), HashMap::new());
        for user in users {
            let Some(name) = user.str_field("userName") else {
                continue;
            };
            for key in ["id", "userName"].iter().filter_map(|k| user.str_field(k)) {
                by_user.entry(fold(key)).or_insert_with(|| name.to_owned());
            }
            let groups = user.value.get("groups").and_then(Value::as_array);
            for group in groups.into_iter().flatten().filter_map(Value::as_str) {
                let entry: &mut BTreeSet<String> = listed_in.entry(fold(group)).or_default();
                entry.insert(name.to_owned());
            }
        }
        Self {
            groups,
            by_key,
            users: by_user,
            listed_in,
        }
    }

    /// The direct members of group `index` that are users, as shown: a user's name when
    /// the snapshot has the user (by the member's value, else its display), else the
    /// member as written; and the users whose own `groups` name the group.
    fn members(&self, index: usize) -> BTreeSet<String> {
        let Some(group) = self.groups.get(index) else {
            return BTreeSet::new();
        };
        let mut out = BTreeSet::new();
        let list = group.value.get("members").and_then(Value::as_array);
        for member in list.into_iter().flatten() {
            let text = |k: &str| member.get(k).and_then(Value::as_str);
            let user = [text("value"), text("display")]
                .into_iter()
                .flatten()
                .find_map(|m| self.users.get(&fold(m)).cloned());
            out.extend(user.or_else(|| text("display").or(text("value")).map(str::to_owned)));
        }
        let name = group.str_field("displayName").map(fold).unwrap_or_default();
        out.extend(self.listed_in.get(&name).into_iter().flatten().cloned());
        out
    }

    /// Follow the nested groups of group `index` (breadth first, each group once, at most
    /// [`MAX_DEPTH`] levels down) to the users in them who are not its direct members.
    pub(super) fn reach(&self, index: usize) -> Reach {
        let mut reach = Reach::default();
        let direct = self.members(index);
        let mut seen: HashSet<usize> = HashSet::from([index]);
        let mut level: Vec<usize> = vec![index];
        let mut found: BTreeSet<String> = BTreeSet::new();
        for depth in 0..=MAX_DEPTH {
            let mut next = Vec::new();
            for group in level.iter().filter_map(|i| self.groups.get(*i)) {
                for (key, shown) in entries(group) {
                    match self.by_key.get(&key) {
                        None => reach.unknown.push(shown),
                        Some(&i) if !seen.insert(i) => reach.cycle |= i == index,
                        Some(&i) => next.push(i),
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            if depth == MAX_DEPTH {
                reach.too_deep = true;
                break;
            }
            for i in &next {
                found.extend(self.members(*i));
            }
            level = next;
        }
        reach.only_nested = found.difference(&direct).cloned().collect();
        reach.unknown.sort();
        reach.unknown.dedup();
        reach
    }
}

impl Reach {
    /// The sentences a note ends with; `mapped` when the group is mapped to something,
    /// so the users in that case miss it.
    fn describe(&self, name: &str, mapped: bool) -> String {
        let mut out = match (self.only_nested.len(), mapped) {
            (0, _) => "No user in the snapshot is in that case.".to_owned(),
            (n, true) => format!(
                "{n} user(s) in the snapshot are in that case: {}; add them to `{name}` \
                 directly, or map the nested group(s) as well.",
                listed(&self.only_nested)
            ),
            (n, false) => format!(
                "{n} user(s) in the snapshot are in that case: {}.",
                listed(&self.only_nested)
            ),
        };
        if !self.unknown.is_empty() {
            out.push_str(&format!(
                " The members of {} are not known: no such group was read.",
                listed(&self.unknown)
            ));
        }
        if self.cycle {
            out.push_str(&format!(
                " `{name}` contains itself through its nested groups; each group is read once."
            ));
        }
        if self.too_deep {
            out.push_str(&format!(
                " Nesting deeper than {MAX_DEPTH} levels is not followed."
            ));
        }
        out
    }
}

#[cfg(test)]
#[path = "nesting_tests.rs"]
mod tests;
