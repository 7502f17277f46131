//! Directory exports (LDIF, and the CSV of `Get-ADUser -Properties * | Export-Csv`,
//! `Get-ADGroupMember`, `Get-ADGroup`) into the `idp_users` and `idp_groups` shapes that
//! SCIM snapshots give (see the module documentation of `input`), so every mapping and
//! drift rule reads them unchanged.
//!
//! A user's `userName` is its `userPrincipalName`, else its `mail`, else its
//! `sAMAccountName`; `id` is its distinguished name (which groups' `member` values name);
//! `active` is false when bit 0x2 (ACCOUNTDISABLE) of `userAccountControl` is set, true
//! when it is not, else AD's `Enabled` column, else null (unknown). Groups are named by
//! `displayName`, else `cn`, `name`, `sAMAccountName` or the first part of their DN; a
//! user's `memberOf` and a group's `member` DNs are resolved to the names of the entries
//! the same file holds, else to the first part of the DN.

mod values;

use super::keys::as_bool;
use super::normalize::Sink;
use super::seen::{directory_entry, DirectoryEntry};
use super::syntax::Item;
use super::{InputError, InputKind, LoadedInput};
use crate::model::Skipped;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use values::{all, dn, first, fold, multi, rdn_value, single, strings, text, COLLECTION};

/// Keys the normalized user names itself (compared in their loose form).
const USER_KEYS: &[&str] = &[
    "dn",
    "distinguishedname",
    "objectguid",
    "userprincipalname",
    "mail",
    "samaccountname",
    "displayname",
    "cn",
    "name",
    "givenname",
    "sn",
    "surname",
    "title",
    "useraccountcontrol",
    "enabled",
    "memberof",
    "objectclass",
];

/// Load a directory export's entries as users and groups; `forced` keeps one of them.
///
/// # Errors
/// [`InputError::Unrecognized`] when the file holds neither.
pub(crate) fn load(
    items: Vec<Item>,
    display: &str,
    forced: Option<InputKind>,
    mut skipped: Vec<Skipped>,
) -> Result<LoadedInput, InputError> {
    let mut sample = items
        .iter()
        .filter_map(|i| i.value.as_object())
        .take(5)
        .peekable();
    if sample.peek().is_some() && sample.all(super::seen::is_bare_group_member) {
        return Err(InputError::Unrecognized {
            path: display.to_owned(),
            reason: "`Get-ADGroupMember` output: it lists members without naming their group \
                     or their accounts; export it with the group added, `Get-ADGroupMember G | \
                     Select-Object @{n='Group';e={'G'}},* | Export-Csv`, or export the users \
                     with `Get-ADUser -Properties *`"
                .to_owned(),
        });
    }
    let (mut users, mut groups) = normalize(items, display);
    let (users_found, groups_found) = (!users.records.is_empty(), !groups.records.is_empty());
    let kind = match forced {
        Some(kind) => kind,
        None if users_found => InputKind::IdpUsers,
        None if groups_found => InputKind::IdpGroups,
        None => {
            return Err(InputError::Unrecognized {
                path: display.to_owned(),
                reason: neither_users_nor_groups(&skipped),
            })
        }
    };
    let (mine, other) = if kind == InputKind::IdpGroups {
        (&mut groups, (InputKind::IdpUsers, &mut users))
    } else {
        (&mut users, (InputKind::IdpGroups, &mut groups))
    };
    let records = mine.take_records();
    let mut also = Vec::new();
    if forced.is_none() && !other.1.records.is_empty() {
        also.push((other.0, other.1.take_records()));
    }
    skipped.append(&mut users.skipped);
    skipped.append(&mut groups.skipped);
    skipped.sort_by_key(|s| (s.location.line, s.location.column));
    Ok(LoadedInput {
        path: display.to_owned(),
        kind,
        records,
        skipped,
        not_provisioning: super::events::NotProvisioning::default(),
        text: None,
        also,
        paging: None,
        page: None,
    })
}

/// Why a directory export gives no users or groups: LDIF change records (which were
/// skipped, so say how many) or entries of other classes.
fn neither_users_nor_groups(skipped: &[Skipped]) -> String {
    let changes = skipped
        .iter()
        .filter(|s| super::ldif::is_change_record(&s.reason))
        .count();
    if changes == 0 {
        return "a directory export (LDIF or Active Directory CSV) without users or groups \
                (objectClass user, person, group, ...)"
            .to_owned();
    }
    format!(
        "LDIF with {changes} change record(s) (`changetype:` modify, delete or moddn) and no \
         user or group entries: change records say what to change in a directory, not what \
         it holds. Export the entries themselves (`ldifde -f`, `ldapsearch -LLL`); records \
         written as `changetype: add` are read as entries"
    )
}

/// The entries as (users, groups); entries that are neither are reported in `users`.
fn normalize(items: Vec<Item>, display: &str) -> (Sink, Sink) {
    let mut users = Sink::new(display);
    let mut groups = Sink::new(display);
    let mut entries = Vec::new();
    for item in items {
        match item.value.as_object() {
            Some(map) => entries.push((directory_entry(map), item)),
            None => users.skip(&item, "not a record"),
        }
    }
    let names = Names::of(&entries);
    let mut memberships: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    let mut collection_noted = false;
    for (entry, item) in &entries {
        let Some(map) = item.value.as_object() else {
            continue;
        };
        match entry {
            DirectoryEntry::User => {
                if !collection_noted && first(map, "memberOf").as_deref() == Some(COLLECTION) {
                    collection_noted = true;
                    users.skip(item, format!(
                        "warning: `memberOf` was exported as `{COLLECTION}`, so users' groups are not known from this file; export it joined: `Select-Object *, @{{n='MemberOf';e={{$_.MemberOf -join ';'}}}}`"
                    ));
                }
                let record = user(item, map, &names, &mut users);
                users.keep(item, record);
            }
            DirectoryEntry::Group => groups.keep(item, group(map, &names)),
            DirectoryEntry::Membership => {
                let name = first(map, "group").or_else(|| first(map, "groupName"));
                memberships
                    .entry(name.unwrap_or_default())
                    .or_default()
                    .push(item);
            }
            DirectoryEntry::Other(what) => users.skip(
                item,
                format!("a directory entry that is neither a user nor a group ({what}); not read"),
            ),
        }
    }
    for (name, rows) in memberships {
        if let Some(first_row) = rows.first() {
            groups.keep(first_row, membership(&name, &rows, &names));
        }
    }
    (users, groups)
}

/// The names of the users and groups a file holds, by their DN folded.
struct Names {
    users: HashMap<String, String>,
    groups: HashMap<String, String>,
}

impl Names {
    fn of(entries: &[(DirectoryEntry, Item)]) -> Self {
        let mut names = Self {
            users: HashMap::new(),
            groups: HashMap::new(),
        };
        for (entry, item) in entries {
            let Some(map) = item.value.as_object() else {
                continue;
            };
            let Some(dn) = dn(map) else { continue };
            match entry {
                DirectoryEntry::User => {
                    if let Some(name) = username(map) {
                        names.users.insert(fold(&dn), name);
                    }
                }
                DirectoryEntry::Group => {
                    names.groups.insert(fold(&dn), group_name(map, &dn));
                }
                _ => {}
            }
        }
        names
    }

    fn group(&self, dn: &str) -> String {
        self.groups
            .get(&fold(dn))
            .cloned()
            .unwrap_or_else(|| rdn_value(dn))
    }
}

fn user(
    item: &Item,
    map: &Map<String, Value>,
    names: &Names,
    sink: &mut Sink,
) -> Map<String, Value> {
    let dn = dn(map);
    let mails = all(map, "mail");
    let mut out = Map::new();
    out.insert("id".to_owned(), text(dn.clone()));
    out.insert("externalId".to_owned(), text(first(map, "objectGUID")));
    out.insert("userName".to_owned(), text(username(map)));
    let display = first(map, "displayName")
        .or_else(|| first(map, "cn"))
        .or_else(|| first(map, "name"));
    out.insert("displayName".to_owned(), text(display));
    out.insert("givenName".to_owned(), text(first(map, "givenName")));
    let family = first(map, "sn").or_else(|| first(map, "surname"));
    out.insert("familyName".to_owned(), text(family));
    out.insert("title".to_owned(), text(first(map, "title")));
    out.insert("userType".to_owned(), Value::Null);
    out.insert("active".to_owned(), active(item, map, sink));
    out.insert("email".to_owned(), text(mails.first().cloned()));
    out.insert("emails".to_owned(), strings(mails));
    let groups = multi(map, "memberOf")
        .iter()
        .map(|g| names.group(g))
        .collect();
    out.insert("groups".to_owned(), strings(groups));
    out.insert("enterprise".to_owned(), Value::Null);
    for (key, value) in map {
        if !USER_KEYS.contains(&super::keys::loose(key).as_str()) && !out.contains_key(key) {
            out.insert(key.clone(), single(value));
        }
    }
    out.insert("raw".to_owned(), Value::Object(map.clone()));
    out
}

fn group(map: &Map<String, Value>, names: &Names) -> Map<String, Value> {
    let dn = dn(map);
    let name = group_name(map, dn.as_deref().unwrap_or_default());
    let members = multi(map, "member")
        .into_iter()
        .chain(multi(map, "members"))
        .map(|m| {
            let display = names.users.get(&fold(&m)).cloned();
            (m, display)
        });
    group_record(
        dn,
        first(map, "objectGUID"),
        name,
        members.collect(),
        map.clone(),
    )
}

/// A group made of `Get-ADGroupMember` rows that name it in a `Group` column.
fn membership(name: &str, rows: &[&Item], names: &Names) -> Map<String, Value> {
    let members = rows
        .iter()
        .filter_map(|row| row.value.as_object())
        .filter_map(|m| {
            let dn = dn(m)?;
            let display = names
                .users
                .get(&fold(&dn))
                .cloned()
                .or_else(|| first(m, "sAMAccountName"));
            Some((dn, display))
        })
        .collect();
    let raw: Vec<Value> = rows.iter().map(|r| r.value.clone()).collect();
    let mut source = Map::new();
    source.insert("Group".to_owned(), Value::String(name.to_owned()));
    source.insert("rows".to_owned(), Value::Array(raw));
    group_record(None, None, name.to_owned(), members, source)
}

fn group_record(
    dn: Option<String>,
    guid: Option<String>,
    name: String,
    members: Vec<(String, Option<String>)>,
    raw: Map<String, Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("id".to_owned(), text(dn));
    out.insert("externalId".to_owned(), text(guid));
    out.insert("displayName".to_owned(), Value::String(name));
    let objects = members.iter().map(|(value, display)| {
        let mut member = Map::new();
        member.insert("value".to_owned(), Value::String(value.clone()));
        member.insert("display".to_owned(), text(display.clone()));
        Value::Object(member)
    });
    out.insert("members".to_owned(), objects.collect());
    let ids = members.iter().map(|(v, _)| v.clone()).collect();
    out.insert("member_ids".to_owned(), strings(ids));
    let shown = members.iter().filter_map(|(_, d)| d.clone()).collect();
    out.insert("member_names".to_owned(), strings(shown));
    out.insert("raw".to_owned(), Value::Object(raw));
    out
}

/// The user's state from `userAccountControl` (bit 0x2 set: disabled), else `Enabled`,
/// else unknown (null); a value that is neither is noted and read as unknown.
fn active(item: &Item, map: &Map<String, Value>, sink: &mut Sink) -> Value {
    if let Some(flags) = first(map, "userAccountControl") {
        if let Ok(flags) = flags.trim().parse::<u64>() {
            return Value::Bool(flags & 0x2 == 0);
        }
        sink.skip(item, format!("warning: `userAccountControl` is `{flags}`, not a number; the user's state is read as unknown"));
        return Value::Null;
    }
    match first(map, "enabled") {
        None => Value::Null,
        Some(enabled) => as_bool(&Value::String(enabled.clone())).map_or_else(
            || {
                sink.skip(item, format!("warning: `Enabled` is `{enabled}`, not True or False; the user's state is read as unknown"));
                Value::Null
            },
            Value::Bool,
        ),
    }
}

fn username(map: &Map<String, Value>) -> Option<String> {
    first(map, "userPrincipalName")
        .or_else(|| first(map, "mail"))
        .or_else(|| first(map, "sAMAccountName"))
}

fn group_name(map: &Map<String, Value>, dn: &str) -> String {
    ["displayName", "cn", "name", "sAMAccountName"]
        .iter()
        .find_map(|k| first(map, k))
        .unwrap_or_else(|| rdn_value(dn))
}
