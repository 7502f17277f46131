//! The declared fields of the joined `users` view (see `join.rs`): what a `users`
//! record holds, the console user's added roles, and what the mappings expect. Part of
//! the table in `schema_table.rs`, kept apart because the view is built here, not read.

use super::dataset as ds;
use super::schema::{Field, Ty};
use super::schema_table::{f, needs, BOOL, TEXT, TEXTS};

const CONSOLE_IN_USERS: &[Field] = &[
    needs(
        "roles",
        TEXTS,
        "the user's role ids",
        &[ds::CONSOLE_USER_ROLES],
    ),
    needs(
        "role_names",
        TEXTS,
        "the user's role names",
        &[ds::CONSOLE_USER_ROLES],
    ),
    needs(
        "roles_known",
        BOOL,
        "`false` when the user has no `userId` (none exported, or one Excel rounded), no \
         row names their `username`, and some rows give only a `userId`: any of those may \
         be theirs, so `roles` is empty for lack of data",
        &[ds::CONSOLE_USER_ROLES],
    ),
];

const ORG_MAP: &[&str] = &[ds::ORG_MAPPINGS];

const EXPECTED: &[Field] = &[
    needs(
        "roles",
        TEXTS,
        "available role ids the mappings grant, default roles included",
        &[ds::ROLE_MAPPINGS, ds::ROLES],
    ),
    needs(
        "role_names",
        TEXTS,
        "their names",
        &[ds::ROLE_MAPPINGS, ds::ROLES],
    ),
    needs(
        "unavailable_roles",
        TEXTS,
        "granted roles the environment lacks, as written",
        &[ds::ROLE_MAPPINGS, ds::ROLES],
    ),
    needs(
        "organizations",
        TEXTS,
        "candidate organizations from group entries",
        ORG_MAP,
    ),
    needs(
        "organization",
        TEXT,
        "the organization the user should be in, or `null`",
        ORG_MAP,
    ),
    needs(
        "organization_keys",
        TEXTS,
        "every name, GUID and external reference of the organization `organization` names (just `organization` when no known organization has that key); empty without one",
        ORG_MAP,
    ),
    needs(
        "organization_source",
        TEXT,
        "`group`, `fallback`, `attribute`, `default` or `null`",
        ORG_MAP,
    ),
    needs(
        "organization_available",
        BOOL,
        "`true`/`false`, `null` when unknown",
        &[ds::ORG_MAPPINGS, ds::ORGANIZATIONS],
    ),
    needs(
        "organization_attribute",
        TEXT,
        "attribute mode: where the value was read, or `null`",
        ORG_MAP,
    ),
    needs(
        "organization_attribute_conflict",
        TEXTS,
        "attribute mode: every place holding the attribute when there are two or more",
        ORG_MAP,
    ),
];

pub(super) const USERS: &[Field] = &[
    f("username", TEXT, "the IdP `userName`, or the console `username` for console-only users"),
    needs("idp", Ty::Record(ds::IDP_USERS, &[]), "the IdP user, or `null`", &[ds::IDP_USERS]),
    needs("console", Ty::Record(ds::CONSOLE_USERS, CONSOLE_IN_USERS), "the console user, or `null`", &[ds::CONSOLE_USERS]),
    needs("idp_state", TEXT, "`active`, `inactive`, `unknown` (the record does not say), `absent` or `unlisted` (the snapshot is one page of a longer list)", &[ds::IDP_USERS]),
    needs("console_state", TEXT, "`active`, `inactive`, `blocked`, `unknown`, `absent` or `unlisted` (the export is one page of a longer list)", &[ds::CONSOLE_USERS]),
    f("local", BOOL, "`true` when listed in `local_users`, `false` when not, `null` when no list is configured"),
    f("in_scope", BOOL, "the IdP user is in scope (a member of a `scope.groups` group when those are set); `false` for console-only users"),
    f("groups", TEXTS, "the user's IdP group names, from the user record and from group memberships"),
    f("groups_known", BOOL, "whether the user's group memberships are known: a groups export was read, or the user's record lists its groups (SCIM `groups`, `memberOf`); `false` when neither says (then `groups` is empty for lack of data, and the rules that compare what groups grant leave the user out); `null` for console-only users"),
    f("expected", Ty::Object(EXPECTED), "what the mappings say; `{}` for console-only users"),
];
