//! `synclint.yaml`: a tenant's Incydr provisioning configuration kept as code.
//!
//! [`parse`] reads the text into the raw [`shape`] (serde catches unknown keys, wrong
//! types, duplicate and missing keys, with their position), then `validate` checks
//! the values and collects every problem before failing. A valid [`Config`] turns into
//! the `role_mappings`, `org_mappings` and `mappings` datasets with
//! [`Config::records`].

mod discover;
mod error;
pub mod notifications;
mod records;
pub mod secrets;
pub mod shape;
mod validate;

#[cfg(test)]
mod tests;

pub use discover::discover;
pub use error::{ConfigError, ConfigProblem, ProblemKind, SyntaxError};

use crate::model::Location;
use crate::yaml::{self, Spanned};
use std::path::{Path, PathBuf};

/// The identity providers `provider` accepts (lowercase, canonical spelling).
pub const PROVIDERS: &[&str] = &[
    "okta",
    "entra",
    "onelogin",
    "jumpcloud",
    "ping",
    "google",
    // Incydr User Directory Sync, and an Active Directory read from its LDIF or CSV export.
    "uds",
    "ad",
    "other",
];

/// The Organization Mapping modes `organization_mapping.mode` accepts.
pub const ORG_MODES: &[&str] = &["default", "attribute", "groups"];

/// The severity levels a rule can be set to in `rules.severity`.
pub const LEVELS: &[&str] = &["error", "warning", "info"];

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The path of the file, as shown to the user and put in record locations.
    pub path: String,
    /// The text of the file.
    pub text: String,
    /// The format version (always 1 once validated).
    pub version: u32,
    /// The identity provider, lowercase canonical (one of [`PROVIDERS`]).
    pub provider: Option<String>,
    /// The provider's app whose log records are read (`app:`), trimmed.
    pub app: Option<String>,
    /// Role Mapping entries, in file order.
    pub role_mappings: Vec<RoleMapping>,
    /// Roles every provisioned user gets.
    pub default_roles: Vec<Spanned<String>>,
    /// The Organization Mapping, when configured.
    pub organization_mapping: Option<OrgMapping>,
    /// Console accounts the provider does not manage.
    pub local_users: Vec<String>,
    /// Identity provider groups whose members are in scope (empty: no scope given).
    pub scope_groups: Vec<String>,
    /// Rule selection and severity settings.
    pub rules: RuleSettings,
    /// Accepted findings.
    pub suppressions: Vec<Suppression>,
    /// Email notifications (`notifications:`), when configured.
    pub notifications: Option<notifications::Notifications>,
}

/// A validated suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule id.
    pub rule: String,
    /// Subject kind to value; a finding must match every one.
    pub subjects: std::collections::BTreeMap<String, String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<chrono::NaiveDate>,
    /// Where it is written.
    pub location: crate::model::Location,
}

/// One Role Mapping entry: a SCIM group and the roles it grants.
#[derive(Debug, Clone)]
pub struct RoleMapping {
    /// The SCIM group name.
    pub group: Spanned<String>,
    /// The roles (ids or names) the group grants; never empty.
    pub roles: Vec<Spanned<String>>,
}

/// The Organization Mapping, by mode.
#[derive(Debug, Clone)]
pub enum OrgMapping {
    /// Mode `default`: every new user goes to one organization.
    Default {
        /// The organization new users are placed in.
        organization: Spanned<String>,
    },
    /// Mode `attribute`: a user attribute names each user's organization.
    Attribute {
        /// The identity provider user attribute (such as `c42OrgName`).
        attribute: Spanned<String>,
    },
    /// Mode `groups`: SCIM groups map to organizations.
    Groups {
        /// The group to organization entries; never empty.
        groups: Vec<OrgGroup>,
        /// Where users in no mapped group go.
        fallback: Option<Spanned<String>>,
    },
}

impl OrgMapping {
    /// The mode as written in the file: `default`, `attribute` or `groups`.
    #[must_use]
    pub fn mode(&self) -> &'static str {
        match self {
            Self::Default { .. } => "default",
            Self::Attribute { .. } => "attribute",
            Self::Groups { .. } => "groups",
        }
    }
}

/// One organization mapping entry of mode `groups`.
#[derive(Debug, Clone)]
pub struct OrgGroup {
    /// The SCIM group name.
    pub group: Spanned<String>,
    /// The organization its members are placed in.
    pub organization: Spanned<String>,
}

/// Rule selection and severity settings.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Only these rule ids or `category:NAME` selectors run (empty: all).
    pub select: Vec<String>,
    /// These rule ids or `category:NAME` selectors never run.
    pub ignore: Vec<String>,
    /// Severity overrides: (rule id, level, where the override is written), in file
    /// order; the level is one of [`LEVELS`].
    pub severity: Vec<(String, String, Location)>,
    /// Extra rule folders, resolved against the configuration file's folder.
    pub paths: Vec<PathBuf>,
    /// The `select` and `ignore` entries and the `severity` rule ids where they are written,
    /// checked against the loaded rules by [`check_rule_names`].
    pub named: Vec<Spanned<String>>,
}

/// The rule ids and categories that `rules.select`/`rules.ignore` may name, given the
/// configuration's resolved `rules.paths`; None when the rules cannot be loaded (their
/// own errors are reported when they are loaded for the run).
pub type RuleNames<'a> = &'a dyn Fn(&[PathBuf]) -> Option<(Vec<String>, Vec<String>)>;

/// Parse and validate configuration `text`, read from `path` (which is shown in
/// messages, put in record locations, and whose folder `rules.paths` are relative to).
///
/// # Errors
/// [`ConfigError::Syntax`] when the YAML or its shape is wrong, [`ConfigError::Invalid`]
/// listing every semantic problem otherwise.
pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
    parse_with(text, path, None)
}

/// As [`parse`], and every `rules.select`/`rules.ignore` entry must name one of the
/// rules `names` gives; one that does not is listed with the other problems.
///
/// # Errors
/// As [`parse`].
pub fn parse_with(
    text: &str,
    path: &str,
    names: Option<RuleNames<'_>>,
) -> Result<Config, ConfigError> {
    let base = Path::new(path).parent().unwrap_or(Path::new(""));
    parse_in(text, path, base, names)
}

/// Read and validate the configuration file at `path`; `display` is how the path is
/// shown in messages and record locations.
///
/// # Errors
/// [`ConfigError::Io`] when the file cannot be read, otherwise as [`parse`].
pub fn load(path: &Path, display: &str) -> Result<Config, ConfigError> {
    load_with(path, display, None)
}

/// As [`load`], checking rule names as [`parse_with`] does.
///
/// # Errors
/// As [`load`].
pub fn load_with(
    path: &Path,
    display: &str,
    names: Option<RuleNames<'_>>,
) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
        path: display.to_owned(),
        source,
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    parse_in(&text, display, base, names)
}

fn parse_in(
    text: &str,
    path: &str,
    base: &Path,
    names: Option<RuleNames<'_>>,
) -> Result<Config, ConfigError> {
    // An SMTP password written into the file is an error; mask it so that no message,
    // snippet or report can show it.
    let text: &str = &notifications::mask_passwords(text);
    let raw: shape::RawConfig = yaml::from_str_all(text, path).map_err(|errors| {
        let yaml::YamlErrors { first, more } = *errors;
        ConfigError::Syntax {
            path: path.to_owned(),
            source: SyntaxError::shown(first),
            more: more.into_iter().map(SyntaxError::shown).collect(),
        }
    })?;
    validate::check(raw, text, path, base, names)
}

/// The JSON Schema of `synclint.yaml` (title "synclint configuration").
#[must_use]
pub fn json_schema() -> serde_json::Value {
    schemars::schema_for!(shape::RawConfig).to_value()
}

/// The location of a spanned value in the file at `path`.
fn location_of<T>(path: &str, value: &Spanned<T>) -> Location {
    let (line, column) = yaml::line_col(value);
    Location::new(path, line, column)
}
