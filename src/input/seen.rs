//! The markers of each kind: what the first records of a file must show for synclint
//! to read it as that kind, and the look-alikes it refuses with a reason.

use super::describe::{
    foreign_fields, FOREIGN_FIELDS_NEEDED, JUMPCLOUD_USER_FIELDS, ONELOGIN_USER_FIELDS,
};
use super::detect::{schemas_contain, SCIM_GROUP, SCIM_USER};
use super::events::{self, synclog};
use super::keys::{get_loose, loose, present};
use super::InputKind;
use super::{graph_users, user_lists};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Keys that suggest a SCIM user, against those of an Incydr console user.
const SCIM_SIGNS: &[&str] = &[
    "externalid",
    "emails",
    "name",
    "displayname",
    "id",
    "meta",
    "groups",
    "usertype",
    "title",
];
const INCYDR_SIGNS: &[&str] = &[
    "userid",
    "legacyuserid",
    "orgid",
    "orgguid",
    "orgname",
    "firstname",
    "lastname",
    "blocked",
    "legacyorgid",
];
/// Fields (loose form) that only Incydr and Code42 exports of users carry (py42's legacy
/// `userUid` and `orgUid` too); a console user needs `username` and one of them. Names,
/// `active` and `blocked` are not among them: every directory's user list has those.
const INCYDR_USER_FIELDS: &[&str] = &[
    "userid",
    "useruid",
    "legacyuserid",
    "orgid",
    "orgguid",
    "orguid",
    "orgname",
    "legacyorgid",
];
/// Keys (loose form) that name the time and the kind of an event, in logs of any system
/// (OneLogin's events API writes `created_at` and a numeric `event_type_id`).
const EVENT_TIME: &[&str] = &[
    "published",
    "@timestamp",
    "eventtime",
    "timestamp",
    "time",
    "datetime",
    "createdat",
];
const EVENT_TYPE: &[&str] = &[
    "eventtype",
    "eventname",
    "action",
    "operation",
    "activity",
    "event",
    "eventtypeid",
];

/// `objectClass` values (lowercase) of a person in a directory export (LDIF, AD CSV).
pub(crate) const DIRECTORY_USER_CLASSES: &[&str] =
    &["user", "person", "organizationalperson", "inetorgperson"];
/// `objectClass` values (lowercase) of a group in a directory export.
pub(crate) const DIRECTORY_GROUP_CLASSES: &[&str] =
    &["group", "groupofnames", "groupofuniquenames", "posixgroup"];

/// What one entry of a directory export is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DirectoryEntry {
    User,
    Group,
    /// A row of `Get-ADGroupMember` output with the group added as a `Group` column.
    Membership,
    /// Anything else (an OU, a computer account), with what it is.
    Other(String),
}

/// What an entry of a directory export is, by its `objectClass` (a computer account is
/// a `user` in AD, and is not a person); without one, a `userPrincipalName` or
/// `sAMAccountName` makes a user.
pub(crate) fn directory_entry(map: &Map<String, Value>) -> DirectoryEntry {
    let has = |name: &str| get_loose(map, name).is_some_and(|v| !v.is_null());
    if has("distinguishedname") && (has("group") || has("groupname")) {
        return DirectoryEntry::Membership;
    }
    let classes: Vec<String> = match get_loose(map, "objectclass") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect(),
        Some(Value::String(one)) => vec![one.to_lowercase()],
        _ => Vec::new(),
    };
    let any = |wanted: &[&str]| classes.iter().any(|c| wanted.contains(&c.as_str()));
    if classes.iter().any(|c| c == "computer") {
        DirectoryEntry::Other("a computer account".to_owned())
    } else if any(DIRECTORY_GROUP_CLASSES) {
        DirectoryEntry::Group
    } else if any(DIRECTORY_USER_CLASSES)
        || (classes.is_empty() && (has("userprincipalname") || has("samaccountname")))
    {
        DirectoryEntry::User
    } else if classes.is_empty() {
        DirectoryEntry::Other("an entry without `objectClass`".to_owned())
    } else {
        DirectoryEntry::Other(format!("objectClass {}", classes.join(", ")))
    }
}

/// Records of an Active Directory CSV export (`Get-ADUser -Properties * | Export-Csv`,
/// `Get-ADGroupMember`, `Get-ADGroup`): a `distinguishedName` with a value, and an
/// `objectClass` or a `sAMAccountName` with one. A key without a value is no evidence (a
/// OneLogin user not synced from AD carries `distinguished_name: null`), and a OneLogin
/// user that is synced from AD is still OneLogin's record, not AD's.
pub(crate) fn is_directory_record(map: &Map<String, Value>) -> bool {
    let has = |name: &str| present(get_loose(map, name));
    has("distinguishedname")
        && (has("objectclass") || has("samaccountname"))
        && foreign_fields(map.keys(), ONELOGIN_USER_FIELDS) < FOREIGN_FIELDS_NEEDED
}

/// A row of plain `Get-ADGroupMember` output: a member's DN, `objectClass`, `SID` and
/// `SamAccountName`, but neither the group nor anything that names the person's account
/// (`userPrincipalName`, `mail`, `Enabled`).
pub(crate) fn is_bare_group_member(map: &Map<String, Value>) -> bool {
    let has = |name: &str| get_loose(map, name).is_some();
    ["distinguishedname", "objectclass", "sid", "samaccountname"]
        .iter()
        .all(|k| has(k))
        && ![
            "userprincipalname",
            "mail",
            "enabled",
            "memberof",
            "group",
            "groupname",
        ]
        .iter()
        .any(|k| has(k))
}

/// What the content says: a kind, a reason not to use the file, or nothing known.
pub(crate) enum Verdict {
    Kind(InputKind),
    NotUsed(String),
    Unknown,
}

/// What the first records of a file show.
#[derive(Default)]
pub(crate) struct Seen {
    loose: BTreeSet<String>,
    exact: BTreeSet<String>,
    scim_user: bool,
    scim_group: bool,
    roles_list: bool,
    entra_diagnostic: bool,
    /// The records are the `Resources` of a SCIM ListResponse.
    list_response: bool,
    /// The records sit under a `users` key.
    users_wrapper: bool,
    /// Records of an identity provider's own user list (see [`user_lists`]).
    user_list: bool,
    /// The records sit in a Microsoft Graph collection other than `users`.
    other_collection: bool,
    /// The records are the rows of a CSV file (see [`super::console_csv`]).
    pub(super) csv: bool,
}

impl Seen {
    /// Nothing seen yet, for records that are the `Resources` of a SCIM ListResponse
    /// and/or sit under a `users` key.
    pub(crate) fn new(list_response: bool, users_wrapper: bool) -> Self {
        Self {
            list_response,
            users_wrapper,
            ..Self::default()
        }
    }

    pub(crate) fn key(&mut self, key: &str) {
        self.loose.insert(loose(key));
        self.exact.insert(key.to_owned());
    }

    pub(crate) fn record(&mut self, map: &Map<String, Value>) {
        map.keys().for_each(|k| self.key(k));
        self.scim_user |= schemas_contain(map, SCIM_USER);
        self.scim_group |= schemas_contain(map, SCIM_GROUP);
        self.roles_list |= get_loose(map, "roles").is_some_and(Value::is_array);
        self.entra_diagnostic |=
            events::is_entra_diagnostic(map) || events::is_entra_resource_record(map);
        self.user_list |= user_lists::user_list(map).is_some();
    }

    /// The `@odata.context` of the wrapper around the records, if any: records of a
    /// Graph collection other than `users` are not read as a Graph user list.
    pub(crate) fn context(&mut self, context: Option<&str>) {
        self.other_collection = context.is_some_and(|c| !graph_users::is_users_context(c));
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.loose.contains(name)
    }

    fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }

    /// The key as spelled in the file of the first of `names` (loose forms) seen.
    pub(super) fn exact_of(&self, names: &[&str]) -> Option<&str> {
        let wanted = names.iter().find(|n| self.has(n))?;
        self.exact
            .iter()
            .find(|k| loose(k) == *wanted)
            .map(String::as_str)
    }

    fn count(&self, names: &[&str]) -> usize {
        names.iter().filter(|n| self.has(n)).count()
    }

    /// Each of `names` (loose forms) seen, as spelled in the file.
    fn exact_all(&self, names: &[&str]) -> Vec<&str> {
        names
            .iter()
            .filter_map(|n| self.exact_of(std::slice::from_ref(n)))
            .collect()
    }

    /// A user list of an identity provider that synclint has no reader for (JumpCloud's,
    /// OneLogin's): why the file is not used. Never for SCIM records.
    fn foreign_users(&self) -> Option<String> {
        if self.scim_user || self.list_response {
            return None;
        }
        if self.count(JUMPCLOUD_USER_FIELDS) >= FOREIGN_FIELDS_NEEDED {
            let fields = self.exact_all(JUMPCLOUD_USER_FIELDS);
            Some(super::describe::jumpcloud_users(&fields))
        } else if self.count(ONELOGIN_USER_FIELDS) >= FOREIGN_FIELDS_NEEDED {
            let fields = self.exact_all(ONELOGIN_USER_FIELDS);
            Some(super::describe::onelogin_users(&fields))
        } else {
            None
        }
    }

    /// More SCIM signs than Incydr ones (`userName` and `username` count for their side).
    fn leans_scim(&self) -> bool {
        let scim = self.count(SCIM_SIGNS) + usize::from(self.exact.contains("userName"));
        let incydr = self.count(INCYDR_SIGNS) + usize::from(self.exact.contains("username"));
        scim > incydr || (self.list_response && scim > 0)
    }

    /// Entra provisioning records in any shape synclint reads: a diagnostic record, or
    /// the provisioning status or action, or steps with a time or a status.
    pub(super) fn is_entra(&self) -> bool {
        self.entra_diagnostic
            || self.has("provisioningstatusinfo")
            || self.has("provisioningaction")
            || (self.has("provisioningsteps")
                && self.has_any(&["activitydatetime", "starttime", "statusinfo"]))
    }

    /// A time, an action and a status under any of the names an Incydr Sync log gives
    /// them.
    pub(super) fn has_sync_log_keys(&self) -> bool {
        self.has_any(synclog::TIME)
            && self.has_any(synclog::ACTION)
            && self.has_any(synclog::STATUS)
    }

    /// Okta System Log events: `eventType` and `published`.
    pub(super) fn is_okta(&self) -> bool {
        self.has("eventtype") && self.has("published")
    }

    /// An event log: Entra provisioning records (any shape), Okta System Log events (not
    /// from CSV), or Incydr Sync log rows (a time, an action and a status column under
    /// any of their names). A console's CSV download that only looks like one of them
    /// is none (see [`super::console_csv`]).
    pub(crate) fn event_kind(&self) -> Option<InputKind> {
        if self.is_entra() {
            Some(InputKind::EntraLog)
        } else if super::console_csv::not_read(self).is_some() {
            None
        } else if self.is_okta() {
            Some(InputKind::OktaLog)
        } else if self.has_sync_log_keys() {
            Some(InputKind::SyncLog)
        } else {
            None
        }
    }

    /// Records that each carry a time and an event type, but in no log synclint knows
    /// (a JumpCloud Directory Insights export, say): why the file is not used.
    fn foreign_log(&self) -> Option<String> {
        let time = self.exact_of(EVENT_TIME)?;
        let event = self.exact_of(EVENT_TYPE)?;
        let keys = super::describe::list(self.exact.iter());
        if self.has_any(synclog::TIME) && self.has_any(synclog::ACTION) {
            return Some(format!(
                "looks like an Incydr Sync log (`{event}` and `{time}`) without a status column \
                 (`status`, `result` or `outcome`); keys seen: {keys}"
            ));
        }
        Some(format!(
            "looks like an event log of another system (records with `{event}` and `{time}`; keys seen: {keys}), \
             not a snapshot and not a log synclint reads by itself (the Incydr Sync log, the Okta \
             System Log, Entra provisioning logs); read it through a log mapping (--log-mapping) if \
             it holds provisioning events"
        ))
    }

    pub(crate) fn kind(&self) -> Verdict {
        if let Some(kind) = self.event_kind() {
            return Verdict::Kind(kind);
        }
        if let Some(reason) = super::console_csv::not_read(self) {
            return Verdict::NotUsed(reason);
        }
        if let Some(reason) = self.foreign_log() {
            return Verdict::NotUsed(reason);
        }
        if self.scim_user || (self.list_response && self.has("username")) {
            return Verdict::Kind(InputKind::IdpUsers);
        }
        if self.user_list && !self.other_collection && !self.list_response {
            return Verdict::Kind(InputKind::IdpUsers);
        }
        if self.scim_group || (self.has("displayname") && self.has("members")) {
            return Verdict::Kind(InputKind::IdpGroups);
        }
        if self.has("userid") || self.has("username") {
            return self.user_kind();
        }
        if self.list_response && self.has("displayname") {
            return Verdict::Kind(InputKind::IdpGroups);
        }
        if self.has("roleid") || self.has("rolename") {
            self.roles_kind()
        } else if self.has("orgguid") || self.has("orgname") {
            Verdict::Kind(InputKind::Organizations)
        } else if self.has("groupid") && self.has("name") {
            Verdict::Kind(InputKind::DirectoryGroups)
        } else {
            Verdict::Unknown
        }
    }

    /// Records naming a user: another directory's user list (not used), SCIM users, a
    /// user's roles, or console users; `username` needs a field only Incydr writes (or a
    /// `users` wrapper) for the last.
    fn user_kind(&self) -> Verdict {
        if let Some(reason) = self.foreign_users() {
            Verdict::NotUsed(reason)
        } else if self.leans_scim() {
            Verdict::Kind(InputKind::IdpUsers)
        } else if self.roles_list || self.has("roleid") || self.has("rolename") {
            Verdict::Kind(InputKind::ConsoleUserRoles)
        } else if self.has("username") && (self.has_any(INCYDR_USER_FIELDS) || self.users_wrapper) {
            Verdict::Kind(InputKind::ConsoleUsers)
        } else {
            Verdict::Unknown
        }
    }

    /// Roles without a user: the environment's roles, unless they are `UserRole`s
    /// (`permissionIds`, no `permissions`), which one user's roles response holds.
    fn roles_kind(&self) -> Verdict {
        if self.has("permissionids") && !self.has("permissions") && !self.has("numberofusers") {
            Verdict::NotUsed(
                "one user's roles (roles with `permissionIds`, as `GET /v1/users/{id}/roles` \
                 returns them): it does not say which user, nor list the environment's roles; export the roles with `incydr users roles list`, and \
                 users' roles as `{\"userId\": ..., \"roles\": [...]}` per user"
                    .to_owned(),
            )
        } else {
            Verdict::Kind(InputKind::Roles)
        }
    }
}
