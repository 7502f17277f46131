//! The raw shape of `synclint.yaml`, exactly as written, before any semantic checks.
//!
//! serde rejects unknown keys, wrong types, duplicate keys and missing required keys
//! here (with a position, through [`crate::yaml`]); everything else is checked in
//! `validate`. The `///` comments on the fields become the JSON Schema descriptions.

use crate::yaml::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// A synclint configuration: a tenant's Incydr provisioning setup kept as code.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "synclint configuration")]
pub struct RawConfig {
    /// Version of the configuration format. Only `1` is accepted; defaults to 1.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 1))]
    pub version: Option<Spanned<u32>>,
    /// The identity provider that provisions users into Incydr: one of okta, entra,
    /// onelogin, jumpcloud, ping, google, uds (Incydr User Directory Sync), ad (Active
    /// Directory) or other (case-insensitive).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub provider: Option<Spanned<String>>,
    /// The provider's app that provisions Incydr, by its name in the provider's logs
    /// (Okta's app label, Entra's enterprise application name). Only records of this app
    /// are read from logs that cover several apps; without it, synclint takes the apps
    /// named like Code42, Incydr or CrashPlan (any case).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub app: Option<Spanned<String>>,
    /// Role Mapping: each SCIM group sent by the provider grants one or more Incydr roles.
    pub role_mappings: Vec<RawRoleMapping>,
    /// Roles every provisioned user gets, whatever their groups (role ids or role names).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub default_roles: Vec<Spanned<String>>,
    /// Organization Mapping: how provisioned users are placed in Incydr organizations.
    #[serde(default)]
    pub organization_mapping: Option<RawOrgMapping>,
    /// Console accounts the provider does not manage (local users, such as break-glass
    /// administrators), by username.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub local_users: Vec<Spanned<String>>,
    /// Which identity provider users are in scope for provisioning.
    #[serde(default)]
    pub scope: Option<RawScope>,
    /// Which rules run, at what severity, and where extra rules are found.
    #[serde(default)]
    pub rules: Option<RawRules>,
    /// Findings accepted on purpose: each silences one rule, optionally only for one
    /// user, group, role or organization, with a reason and an optional expiry date.
    #[serde(default)]
    pub suppressions: Vec<RawSuppression>,
    /// Email notifications (`synclint notify` and `synclint watch`): the daily directory
    /// sync report and error emails, their recipients and the SMTP server.
    #[serde(default)]
    #[schemars(with = "Option<super::notifications::RawNotifications>")]
    pub notifications: Option<Spanned<super::notifications::RawNotifications>>,
}

/// One suppression.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSuppression {
    /// The rule id whose findings are silenced.
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    /// Only findings about this user.
    #[schemars(with = "Option<String>")]
    pub user: Option<Spanned<String>>,
    /// Only findings about this group.
    #[schemars(with = "Option<String>")]
    pub group: Option<Spanned<String>>,
    /// Only findings about this role.
    #[schemars(with = "Option<String>")]
    pub role: Option<Spanned<String>>,
    /// Only findings about this organization.
    #[schemars(with = "Option<String>")]
    pub organization: Option<Spanned<String>>,
    /// Why the finding is accepted (required).
    #[schemars(with = "String")]
    pub reason: Spanned<String>,
    /// The day (`YYYY-MM-DD`) after which the suppression no longer applies and is reported.
    #[schemars(with = "Option<String>")]
    pub expires: Option<Spanned<String>>,
}

/// One Role Mapping entry: a SCIM group and the roles its members get.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoleMapping {
    /// The SCIM group name, as the provider sends it (its displayName).
    #[schemars(with = "String")]
    pub group: Spanned<String>,
    /// The Incydr roles members of the group get: role ids (such as `desktop-user`)
    /// or role names (such as `Security Center User`). At least one.
    #[schemars(with = "Vec<String>")]
    pub roles: Spanned<Vec<Spanned<String>>>,
}

/// The accepted Organization Mapping modes (schema only: `mode` is read as text and
/// checked by synclint, so a wrong mode is reported with the other problems).
#[derive(Debug, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum RawOrgMode {
    /// Every new user goes to `default_organization` (users moved later stay where
    /// they were moved).
    Default,
    /// Each user is placed by a user attribute (see `attribute`) naming the organization.
    Attribute,
    /// SCIM groups are mapped to organizations (see `groups`).
    Groups,
}

/// The Organization Mapping: one of three modes, each with its own keys.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrgMapping {
    /// The mode: `default` (one organization for all new users), `attribute` (a user
    /// attribute names the organization) or `groups` (SCIM groups map to organizations).
    #[schemars(with = "RawOrgMode")]
    pub mode: Spanned<String>,
    /// The organization new users are placed in. Required with mode `default`, and only
    /// allowed with it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub default_organization: Option<Spanned<String>>,
    /// The identity provider user attribute that names each user's organization (for
    /// example `c42OrgName`). Required with mode `attribute`, and only allowed with it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub attribute: Option<Spanned<String>>,
    /// SCIM group to organization entries. Required and non-empty with mode `groups`,
    /// and only allowed with it.
    #[serde(default)]
    #[schemars(with = "Option<Vec<RawOrgGroup>>")]
    pub groups: Option<Spanned<Vec<RawOrgGroup>>>,
    /// Where users who are in no mapped group go. Optional, and only allowed with mode
    /// `groups`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub fallback_organization: Option<Spanned<String>>,
}

/// One organization mapping entry of mode `groups`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrgGroup {
    /// The SCIM group name, as the provider sends it.
    #[schemars(with = "String")]
    pub group: Spanned<String>,
    /// The Incydr organization the group's members are placed in.
    #[schemars(with = "String")]
    pub organization: Spanned<String>,
}

/// The provisioning scope.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScope {
    /// Only members of these identity provider groups are provisioned.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub groups: Vec<Spanned<String>>,
}

/// A severity level a rule can be set to (schema only, like [`RawOrgMode`]).
#[derive(Debug, JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum RawLevel {
    /// Reported as an error.
    Error,
    /// Reported as a warning.
    Warning,
    /// Reported for information only.
    Info,
}

/// Rule settings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// Run only these rules: rule ids (kebab-case, such as `role-unavailable`) or
    /// categories written `category:NAME`. Empty or absent means all rules.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub select: Vec<Spanned<String>>,
    /// Never run these rules: rule ids or categories written `category:NAME`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Severity overrides: rule id to level (`error`, `warning` or `info`).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, RawLevel>")]
    pub severity: HashMap<Spanned<String>, Spanned<String>>,
    /// Extra folders of rule files, relative to this configuration file.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
}
