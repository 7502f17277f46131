//! The datasets rules see: normalized records that remember where they came from.
//!
//! Every loader turns its input into [`Record`]s (a JSON object plus a [`Location`]) and
//! files them under a dataset name from [`dataset`]. Log events read for the event rules
//! are [`event::EventRecord`]s instead: the same fields, kept in fixed slots. The rule
//! engine reads both through [`path::Fields`] and [`Doc`].

pub mod attribute;
pub mod compact;
pub mod derive;
pub mod event;
pub mod join;
pub mod join_mappings;
mod join_roles;
pub mod join_sides;
pub mod nesting;
pub mod path;
pub mod prune;
pub mod resolve;
pub mod schema;
mod schema_table;
mod schema_users;

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Dataset names: the vocabulary of the `dataset:` key of a rule.
pub mod dataset {
    /// One record per (SCIM group, role) pair of the role mapping.
    pub const ROLE_MAPPINGS: &str = "role_mappings";
    /// One record per organization mapping entry, plus the default and fallback organizations.
    pub const ORG_MAPPINGS: &str = "org_mappings";
    /// The union of `role_mappings` and `org_mappings`, told apart by `kind`.
    pub const MAPPINGS: &str = "mappings";
    /// Incydr roles (`incydr users roles list`).
    pub const ROLES: &str = "roles";
    /// Incydr organizations (`incydr orgs list`).
    pub const ORGANIZATIONS: &str = "organizations";
    /// Incydr directory groups (`incydr directory-groups list`).
    pub const DIRECTORY_GROUPS: &str = "directory_groups";
    /// Incydr console users (`incydr users list`).
    pub const CONSOLE_USERS: &str = "console_users";
    /// One record per (console user, role) pair.
    pub const CONSOLE_USER_ROLES: &str = "console_user_roles";
    /// SCIM users from the identity provider.
    pub const IDP_USERS: &str = "idp_users";
    /// SCIM groups from the identity provider.
    pub const IDP_GROUPS: &str = "idp_groups";
    /// The joined per-user view (see `model::join`).
    pub const USERS: &str = "users";
    /// Log events: the Incydr Sync log, Okta System Log, Entra provisioning logs.
    pub const EVENTS: &str = "events";

    /// Every dataset name, for validation and documentation.
    pub const ALL: &[&str] = &[
        ROLE_MAPPINGS,
        ORG_MAPPINGS,
        MAPPINGS,
        ROLES,
        ORGANIZATIONS,
        DIRECTORY_GROUPS,
        CONSOLE_USERS,
        CONSOLE_USER_ROLES,
        IDP_USERS,
        IDP_GROUPS,
        USERS,
        EVENTS,
    ];
}

/// A position in an input file. Lines and columns are 1-based; 0 means unknown. Ordered
/// by path, line, column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// Shared: a log's millions of records all name the same file.
    pub path: std::sync::Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    #[must_use]
    pub fn new(path: impl Into<std::sync::Arc<str>>, line: u32, column: u32) -> Self {
        Self {
            path: path.into(),
            line,
            column,
        }
    }
}

impl Ord for Location {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Locations in one file share their path: no need to compare its text.
        let path = if std::sync::Arc::ptr_eq(&self.path, &other.path) {
            std::cmp::Ordering::Equal
        } else {
            self.path.cmp(&other.path)
        };
        path.then(self.line.cmp(&other.line))
            .then(self.column.cmp(&other.column))
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// `path:line:column` as one line of text: a path holding line breaks or escapes is shown
/// as [`crate::text::terminal`] shows any value from an input.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::text::terminal(&self.path);
        match (self.line, self.column) {
            (0, _) => write!(f, "{path}"),
            (line, 0) => write!(f, "{path}:{line}"),
            (line, column) => write!(f, "{path}:{line}:{column}"),
        }
    }
}

/// Where some fields of a record are written: `(field, location)`.
pub type FieldLocations = Box<[(Box<str>, Location)]>;

/// One normalized record: a JSON object and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub value: Value,
    pub location: Option<Location>,
    /// Where some top-level fields' values are written, when the input says so (a
    /// configuration's mapping records do): a rule with `at` points its findings there.
    /// Boxed and usually absent, as snapshots hold many records.
    #[serde(skip)]
    pub field_locations: Option<FieldLocations>,
}

impl Record {
    #[must_use]
    pub fn new(value: Value, location: Option<Location>) -> Self {
        Self {
            value,
            location,
            field_locations: None,
        }
    }

    /// Where the value of the top-level field `field` is written, if the input said.
    #[must_use]
    pub fn field_location(&self, field: &str) -> Option<&Location> {
        let known = self.field_locations.as_deref()?;
        known.iter().find(|(f, _)| &**f == field).map(|(_, at)| at)
    }

    /// A top-level field as a string, if it is one.
    #[must_use]
    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(Value::as_str)
    }
}

/// What the rule engine reads of a record: its fields, and where it was read.
pub trait Doc: path::Fields {
    fn location(&self) -> Option<&Location>;
}

impl Doc for Record {
    fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl path::Fields for Record {
    fn top(&self, key: &str, slot: Option<usize>) -> Option<&Value> {
        self.value.top(key, slot)
    }
}

/// Named collections of records.
#[derive(Debug, Default, Clone)]
pub struct Datasets {
    sets: BTreeMap<String, Vec<Record>>,
    /// Datasets read (in part) from one page of a longer list: not the whole of what
    /// they list (see `input::paging`).
    partial: std::collections::BTreeSet<String>,
}

impl Datasets {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Add records to a dataset (creating it when absent).
    pub fn extend(&mut self, name: &str, records: impl IntoIterator<Item = Record>) {
        self.sets
            .entry(name.to_owned())
            .or_default()
            .extend(records);
    }

    /// Note that a dataset was read (in part) from one page of a longer list.
    pub fn mark_partial(&mut self, name: &str) {
        self.partial.insert(name.to_owned());
    }

    /// Whether a dataset holds one page of a longer list, not all it lists.
    #[must_use]
    pub fn is_partial(&self, name: &str) -> bool {
        self.partial.contains(name)
    }

    /// Mark a dataset as present even when it holds no records.
    pub fn touch(&mut self, name: &str) {
        self.sets.entry(name.to_owned()).or_default();
    }

    #[must_use]
    pub fn get(&self, name: &str) -> &[Record] {
        self.sets.get(name).map_or(&[], Vec::as_slice)
    }

    /// The records of a dataset, to add computed fields to; None when it is absent.
    pub fn records_mut(&mut self, name: &str) -> Option<&mut Vec<Record>> {
        self.sets.get_mut(name)
    }

    /// Whether any input supplied this dataset (even an empty one).
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.sets.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sets.keys().map(String::as_str)
    }
}

/// A record, row or line an input reader could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub location: Location,
    pub reason: String,
}

/// The normalized fields of an event (see `input::events`).
pub const EVENT_FIELDS: &[&str] = &[
    "time",
    "source",
    "provider",
    "action",
    "status",
    "user",
    "user_id",
    "group",
    "role",
    "organization",
    "message",
    "error_code",
    "reason",
    "property",
    "event_type",
    "app",
    "raw",
];
