//! The declared fields of every dataset: the one table the compiler checks rule paths
//! against, `synclint schema dataset NAME` prints, and the dataset part of
//! docs/rule-language.md is generated from. A loader or the join that adds a field adds
//! it here too (a test compares the `users` fields with what the join writes). The
//! relations root causes follow ([`RELATIONS`]) are declared here as well; the joined
//! `users` view's fields are in `schema_users.rs`.

use super::dataset as ds;
use super::schema::{DatasetSchema, Field, Relation, Ty};
use super::schema_users::USERS;

pub(super) const fn f(name: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        name,
        ty,
        doc,
        needs: &[],
    }
}

pub(super) const fn needs(
    name: &'static str,
    ty: Ty,
    doc: &'static str,
    needs: &'static [&'static str],
) -> Field {
    Field {
        name,
        ty,
        doc,
        needs,
    }
}

pub(super) const TEXT: Ty = Ty::Leaf("string");
pub(super) const BOOL: Ty = Ty::Leaf("boolean");
pub(super) const TIME: Ty = Ty::Leaf("timestamp");
pub(super) const TEXTS: Ty = Ty::Leaf("list of strings");
pub(super) const ID: Ty = Ty::Leaf("string or number");
pub(super) const NUMBER: Ty = Ty::Leaf("number");

const MAPPING: &[Field] = &[
    f("kind", TEXT, "`role` or `organization`"),
    f("source", TEXT, "role records: `group` or `default`; organization records: `group`, `fallback` or `default`"),
    f("entry", NUMBER, "the position (from 0) of the configuration entry the record was made from"),
    f("group", TEXT, "the SCIM group display name of the entry (`null` for defaults and fallbacks)"),
    f("role", TEXT, "role records: the role as written in the configuration (an id or a name)"),
    f("organization", TEXT, "organization records: the organization as written"),
    f("mode", TEXT, "the organization mapping mode: `groups`, `attribute` or `default`"),
    needs("group_name", TEXT, "the display name of the IdP group `group` names (by display name or external id, ignoring case), or `null` when the IdP has none", &[ds::IDP_GROUPS]),
    needs("group_known", BOOL, "`true` when the IdP has the group `group` names, else `false`; `null` without a group (computed)", &[ds::IDP_GROUPS]),
    needs("role_id", TEXT, "role records: the id of the role `role` names (by id or name, ignoring case), or `null` when the environment has none", &[ds::ROLES]),
    needs("role_name", TEXT, "role records: that role's name, or `null`", &[ds::ROLES]),
    needs("role_available", BOOL, "role records: `true` when the environment has the role `role` names, else `false` (computed, see \"The users view\")", &[ds::ROLES]),
    needs("organization_available", BOOL, "organization records: `true` when users can be placed in the organization named (an available organization has that name, GUID or external reference), else `false`; `null` without an organization (computed)", &[ds::ORGANIZATIONS]),
];

const ROLES: &[Field] = &[
    f("roleId", TEXT, "the role's id"),
    f("roleName", TEXT, "the role's name"),
    f("creationDate", TIME, "when the role was created"),
    f("modificationDate", TIME, "when the role last changed"),
    f(
        "permissions",
        Ty::Open,
        "the role's permissions as exported",
    ),
];

const ORGANIZATIONS: &[Field] = &[
    f("orgGuid", TEXT, "the organization's id"),
    f("orgName", TEXT, "its name"),
    f("orgExtRef", TEXT, "its external reference"),
    f("notes", TEXT, "free text"),
    f("parentOrgGuid", TEXT, "the parent organization's id"),
    f("active", BOOL, "`false` for a deactivated organization"),
    f("creationDate", TIME, "when it was created"),
    f("modificationDate", TIME, "when it last changed"),
    f(
        "deactivationDate",
        TIME,
        "when it was deactivated, or `null`",
    ),
    f("registrationKey", TEXT, "its registration key"),
    f("userCount", NUMBER, "users in it"),
    f("computerCount", NUMBER, "computers in it"),
    f("orgCount", NUMBER, "child organizations"),
    f(
        "available",
        BOOL,
        "computed: users can be placed in it (active and not deactivated)",
    ),
];

const DIRECTORY_GROUPS: &[Field] = &[
    f("groupId", TEXT, "the directory group's id"),
    f("name", TEXT, "its name"),
];

const CONSOLE_USERS: &[Field] = &[
    f("userId", ID, "the console user's id"),
    f("username", TEXT, "the login name, usually an email address"),
    f("firstName", TEXT, "given name"),
    f("lastName", TEXT, "family name"),
    f("orgId", ID, "the organization's numeric id"),
    f("orgGuid", TEXT, "the organization's id"),
    f("orgName", TEXT, "the organization's name"),
    f(
        "active",
        BOOL,
        "`false` for a deactivated user, `null` when the export does not say",
    ),
    f("blocked", BOOL, "`true` for a blocked user"),
    f("notes", TEXT, "free text"),
    f("creationDate", TIME, "when the user was created"),
    f("modificationDate", TIME, "when the user last changed"),
    f(
        "legacyUserId",
        ID,
        "the numeric id of a legacy (py42) export",
    ),
    f(
        "legacyOrgId",
        ID,
        "the numeric organization id of a legacy export",
    ),
];

const CONSOLE_USER_ROLES: &[Field] = &[
    f("userId", ID, "the console user's id"),
    f(
        "username",
        TEXT,
        "the user's name, when the export carries it (the usual one does not)",
    ),
    f("roleId", TEXT, "the role's id"),
    f("roleName", TEXT, "the role's name"),
];

const IDP_USERS: &[Field] = &[
    f("id", TEXT, "the SCIM id; the Okta user id (Okta users and app users); the Graph object id"),
    f("externalId", TEXT, "the identity provider's own id; for an Okta app user, the app's id for the user (null until Okta has pushed them)"),
    f("userName", TEXT, "the SCIM userName (the Incydr username); Okta `profile.login` (users) or `credentials.userName` (app users); Graph `userPrincipalName`"),
    f("displayName", TEXT, "the display name"),
    f("givenName", TEXT, "`name.givenName`"),
    f("familyName", TEXT, "`name.familyName`"),
    f("title", TEXT, "job title"),
    f("userType", TEXT, "user type (`Employee`, `Contractor`, ...)"),
    f("active", BOOL, "`true`, `false`, or `null` when the resource does not say (never read as active)"),
    f("emails", TEXTS, "every email address"),
    f("email", TEXT, "the primary email address"),
    f("groups", TEXTS, "group names written on the user; empty in most SCIM exports, where memberships are on the groups: use `users.groups`"),
    f("indirect_groups", TEXTS, "SCIM users: the groups written on the user with `type: indirect` (the user is in them through a nested group), kept out of `groups`"),
    f("enterprise", Ty::Open, "the SCIM enterprise extension (`enterprise.department`, `enterprise.manager.value`)"),
    f("name", Ty::Open, "the SCIM `name` object"),
    f("nickName", TEXT, "SCIM nickName"),
    f("profileUrl", TEXT, "SCIM profileUrl"),
    f("preferredLanguage", TEXT, "SCIM preferredLanguage"),
    f("locale", TEXT, "SCIM locale"),
    f("timezone", TEXT, "SCIM timezone"),
    f("phoneNumbers", Ty::Open, "SCIM phoneNumbers"),
    f("addresses", Ty::Open, "SCIM addresses"),
    f("meta", Ty::Open, "SCIM meta (`meta.created`, `meta.lastModified`)"),
    f("schemas", TEXTS, "SCIM schema URNs"),
    f("status", TEXT, "Okta users and app users: Okta's `status` as given (`active` says what it means for the user)"),
    f("syncState", TEXT, "Okta app users: the state of the push to the app (`SYNCHRONIZED`, `OUT_OF_SYNC`, `ERROR`, ...)"),
    f("scope", TEXT, "Okta app users: `USER` (assigned directly) or `GROUP` (assigned through a group)"),
    f("lastSync", TIME, "Okta app users: when Okta last pushed the user to the app"),
    f("accountEnabled", BOOL, "Graph users: `accountEnabled` as given (it gives `active`)"),
    f("memberOf", Ty::Open, "Graph users: the `memberOf` entries as given (`groups` holds the groups' names)"),
    f("raw", Ty::Open, "the SCIM resource as read: any other attribute, e.g. `raw.[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].costCenter`"),
];

const MEMBER: &[Field] = &[
    f(
        "value",
        TEXT,
        "the member's id (a Microsoft Graph member's `id`)",
    ),
    f(
        "display",
        TEXT,
        "the member's display name (a Microsoft Graph user's `userPrincipalName`, else its `mail`)",
    ),
];

const IDP_GROUPS: &[Field] = &[
    f("id", TEXT, "the SCIM id"),
    f("externalId", TEXT, "the identity provider's own id"),
    f("displayName", TEXT, "the group's name"),
    f("members", Ty::Objects(MEMBER), "the members"),
    f("member_ids", TEXTS, "the `value`s of the members that are users (groups are in `member_groups`; Microsoft Graph members that are neither, such as devices, are left out and noted)"),
    f("member_names", TEXTS, "the `display`s of the members that are users"),
    f("member_groups", Ty::Objects(MEMBER), "the members that are groups (SCIM `type: Group`, a `$ref` to `/Groups/`, a Graph group, or the id of a group read): their users are not members of this group for the mapping (see the README, \"Nested groups\")"),
    f("raw", Ty::Open, "the SCIM resource as read"),
];

const EVENTS: &[Field] = &[
    f("time", TIME, "RFC 3339 in UTC, ending in `Z`"),
    f("source", TEXT, "`incydr`, `okta` or `entra`"),
    f("provider", TEXT, "the provisioning provider (`Okta`, `Azure AD`, ...)"),
    f("action", TEXT, "`create`, `update`, `deactivate`, `reactivate`, `delete`, `block`, `unblock`, `role-update`, `organization-move`, `group-create`, `group-update`, `group-delete`, `membership-add`, `membership-remove`, `import`, `auth` or `other`"),
    f("status", TEXT, "`success`, `failure`, `warning`, `skipped` or `unknown`"),
    f("user", TEXT, "the user the event is about (Incydr username, login or UPN)"),
    f("user_id", TEXT, "the user's id in the source"),
    f("group", TEXT, "the group, when the event names one"),
    f("role", TEXT, "the role, when the event names one"),
    f("organization", TEXT, "the organization, when the event names one"),
    f("message", TEXT, "the event's message or failure reason"),
    f("error_code", TEXT, "a code (`EntryConflict`, `invalid_set_of_roles`, `409`, ...)"),
    f("reason", TEXT, "Entra skip reason (`AttributeValidationFailed`)"),
    f("property", TEXT, "the property an Entra skip names"),
    f("event_type", TEXT, "the source's own event type or action, as written"),
    f("app", TEXT, "the provider's app the event is about; only the Incydr app's events reach rules"),
    f("raw", Ty::Open, "the original record (a CSV row as an object keyed by header)"),
];

/// Every dataset, in the order of [`super::dataset::ALL`].
pub const DATASETS: &[DatasetSchema] = &[
    DatasetSchema {
        name: ds::ROLE_MAPPINGS,
        one_per: "(role-mapping entry, role) pair of the mapping configuration",
        fields: MAPPING,
    },
    DatasetSchema {
        name: ds::ORG_MAPPINGS,
        one_per: "organization-mapping entry, plus the default and fallback organizations",
        fields: MAPPING,
    },
    DatasetSchema {
        name: ds::MAPPINGS,
        one_per: "record of `role_mappings` and of `org_mappings`, told apart by `kind`",
        fields: MAPPING,
    },
    DatasetSchema {
        name: ds::ROLES,
        one_per: "Incydr role (`incydr users roles list`)",
        fields: ROLES,
    },
    DatasetSchema {
        name: ds::ORGANIZATIONS,
        one_per: "Incydr organization (`incydr orgs list`)",
        fields: ORGANIZATIONS,
    },
    DatasetSchema {
        name: ds::DIRECTORY_GROUPS,
        one_per: "Incydr directory group (`incydr directory-groups list`)",
        fields: DIRECTORY_GROUPS,
    },
    DatasetSchema {
        name: ds::CONSOLE_USERS,
        one_per: "Incydr console user (`incydr users list`)",
        fields: CONSOLE_USERS,
    },
    DatasetSchema {
        name: ds::CONSOLE_USER_ROLES,
        one_per: "(console user, role) pair",
        fields: CONSOLE_USER_ROLES,
    },
    DatasetSchema {
        name: ds::IDP_USERS,
        one_per: "user of the identity provider (SCIM, a directory export, or an Okta or Microsoft Graph user list)",
        fields: IDP_USERS,
    },
    DatasetSchema {
        name: ds::IDP_GROUPS,
        one_per: "SCIM group of the identity provider",
        fields: IDP_GROUPS,
    },
    DatasetSchema {
        name: ds::USERS,
        one_per: "person found in either snapshot (the joined view, see below)",
        fields: USERS,
    },
    DatasetSchema {
        name: ds::EVENTS,
        one_per: "log event: Incydr Sync log row, Okta System Log event, Entra provisioning record",
        fields: EVENTS,
    },
];

const fn user_has(path: &'static str, to: &'static str, doc: &'static str) -> Relation {
    Relation {
        from: "user",
        dataset: ds::USERS,
        key: "username",
        path,
        to,
        doc,
    }
}

/// What root causes follow: a finding about a user shares these subjects of that user.
pub const RELATIONS: &[Relation] = &[
    user_has("groups", "group", "the user's IdP groups"),
    user_has(
        "expected.roles",
        "role",
        "the available roles the mappings grant the user",
    ),
    user_has(
        "expected.unavailable_roles",
        "role",
        "the roles the mappings grant that the environment lacks",
    ),
    user_has(
        "expected.organizations",
        "organization",
        "the organizations the user's groups are mapped to",
    ),
    user_has(
        "expected.organization",
        "organization",
        "the organization the user should be in",
    ),
];
