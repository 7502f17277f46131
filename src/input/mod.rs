//! Reading input files: Incydr console exports, SCIM 2.0 directory snapshots,
//! provisioning event logs (Incydr Sync log, Okta System Log, Entra provisioning logs;
//! see [`events`]), directory exports (LDIF and Active Directory CSV) and the synclint config, each told apart by its content (never by
//! its name). Large JSON-lines or CSV logs can be read in batches with
//! [`stream_events`].
//!
//! # Syntaxes
//! A JSON array, a JSON wrapper object (`{"orgs": [...]}`, `{"directoryGroups": [...]}`,
//! `{"directory_groups": [...]}`, `{"roles": [...]}`, `{"users": [...]}`,
//! `{"Resources": [...]}` of a SCIM `ListResponse`, `{"value": [...]}`), any of these
//! or a single record inside py42's `{"data": ...}` envelope, a single JSON object, JSON lines, CSV with a header row (`snake_case` headers become `camelCase`
//! keys), or YAML (only a synclint config). A UTF-8 byte-order mark is dropped,
//! UTF-16 with a byte-order mark is read, CRLF line ends work everywhere.
//!
//! Every record remembers where it starts: its line (JSON lines), the line of its
//! row (CSV), or the line and column of its `{` (JSON array or wrapper).
//!
//! # What is reported instead of loaded
//! Pieces that cannot be used are listed in [`LoadedInput::skipped`] and the rest of
//! the file still loads: a JSON line that is not valid JSON or not an object, a CSV
//! row with the wrong number of fields, a record without the key field of its kind
//! (reason `no username`, `no roleId or roleName`, `no userId or username`,
//! `no orgGuid or orgName`, `no groupId or name`, `no userName`, `no displayName`).
//! Lines whose bytes were not valid UTF-8 are loaded with U+FFFD in place of the bad
//! bytes and listed once each with the reason `warning: invalid UTF-8 replaced`;
//! every reason that is only a note starts with `warning:`. A file without the markers
//! of any kind (see `seen.rs`) is not used at all, with what was seen.
//!
//! # Normalized records (the keys rules read)
//! Every record is a JSON object.
//! - `console_users`: `userId, username, firstName, lastName, orgId, orgGuid, orgName,
//!   active, blocked, notes, creationDate, modificationDate, legacyUserId, legacyOrgId`
//!   (null when absent; `active` and `blocked` are booleans when given as booleans or
//!   as the strings "true"/"false"; a py42 `status` Active/Deactivated gives `active`,
//!   its `userUid` the `userId` and its numeric id the `legacyUserId`), then any other
//!   field of the export.
//! - `roles`: `roleId, roleName, creationDate, modificationDate, permissions` as given
//!   (null when absent), then any other field.
//! - `console_user_roles`: one record per (user, role): `userId, username, roleId,
//!   roleName` (null when absent).
//! - `organizations`: `orgGuid, orgName, orgExtRef, notes, parentOrgGuid, active,
//!   creationDate, modificationDate, deactivationDate, registrationKey, userCount,
//!   computerCount, orgCount` as given (null when absent; `active` a boolean), any
//!   other field, and the computed boolean `available`: false when `active` is false or
//!   `deactivationDate` is set, true otherwise.
//! - `directory_groups`: `groupId, name`, then any other field.
//! - `idp_users` (SCIM User): `id, externalId, userName, displayName, givenName,
//!   familyName` (the last two from `name`), `title, userType`, `active` (a boolean;
//!   null when absent or not a boolean: the state is unknown, never taken as active),
//!   `emails` (the list of email values), `email` (the primary email,
//!   else the first, else null), `groups` (the `display` of each group, else its
//!   `value`; those typed `indirect` go to `indirect_groups`), `enterprise` (the object under
//!   `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`, or null), every other
//!   top-level key of the original as it was (e.g. `c42OrgName`), and `raw` (the
//!   original record). Core attribute names are matched ignoring case.
//! - `idp_groups` (SCIM Group): `id, externalId, displayName`, `members` (a list of
//!   `{value, display}`), `member_ids` (the members' `value`s), `member_names` (the
//!   `display`s that are present), `member_groups` (the members that are groups, as
//!   `{value, display}`; see `model::nesting`), and `raw`.
//! - Okta's `GET /api/v1/users` and `GET /api/v1/apps/{appId}/users` and Microsoft
//!   Graph's `GET /users` give `idp_users` in the same shape (see `user_lists.rs`,
//!   `okta_users.rs`, `graph_users.rs`): `userName` from `profile.login`,
//!   `credentials.userName` or `userPrincipalName`, `active` from Okta's user `status` or
//!   Graph's `accountEnabled` (null where the vendor does not settle it).
//! - Directory exports (LDIF, Active Directory CSV; see `directory.rs`) give both of the
//!   above: users with their DN as `id`, `userPrincipalName` (else `mail`, else
//!   `sAMAccountName`) as `userName` and `active` from `userAccountControl` (null when
//!   unknown); groups with member DNs as `member_ids`.
//! - `events` (kinds `sync-log`, `okta-log`, `entra-log`): `time, source, provider,
//!   action, status, user, user_id, group, role, organization, message, error_code,
//!   reason, property, event_type, app, raw` (see [`events`]); skipped with the reasons
//!   `no timestamp`, ``unparseable timestamp `...` ``, `no eventType`, ``a
//!   ProvisioningLogs record without `properties` `` and `no user`. Records of an Okta or
//!   Entra log that are not about provisioning are counted in
//!   [`LoadedInput::not_provisioning`], not loaded.

pub mod archive;
mod console_csv;
mod csv_rows;
mod describe;
mod detect;
mod directory;
mod dotnet;
mod error;
pub mod events;
mod excel_ids;
mod graph_users;
mod incydr;
mod json_seq;
pub use incydr::organization_available;
mod keys;
mod ldif;
mod mapped;
pub use mapped::{
    load_mapped, load_mapped_bytes, load_mapping, parse_mapping, MappedLog, MAPPING_CODE,
};
pub mod limits;
mod normalize;
mod okta_users;
pub(crate) mod open;
pub mod paging;
mod read;
mod scan;
mod scim;
mod seen;
pub mod stdin;
mod syntax;
#[cfg(test)]
mod tests;
mod user_lists;
mod walk;

pub use error::InputError;
pub use events::{stream_events, stream_pieces, NotProvisioning, Piece, StreamSummary, Streamed};
pub use limits::Limits;
pub use open::regular_file;

/// How many columns the header of the CSV file at `path` has, read on its own.
#[must_use]
pub fn csv_header_width(path: &Path) -> Option<usize> {
    let file = std::fs::File::open(path).ok()?;
    csv_rows::first_width(std::io::BufReader::new(file))
}
pub use walk::discover;

use crate::model::{dataset, Record, Skipped};
use std::path::Path;

/// What an input file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InputKind {
    /// A synclint config (YAML); parsed by the caller from [`LoadedInput::text`].
    Config,
    /// Incydr console users (`incydr users list`).
    ConsoleUsers,
    /// Incydr roles (`incydr users roles list`).
    Roles,
    /// Incydr users' roles, one record per (user, role).
    ConsoleUserRoles,
    /// Incydr organizations (`incydr orgs list`).
    Organizations,
    /// Incydr directory groups (`incydr directory-groups list`).
    DirectoryGroups,
    /// SCIM users from the identity provider.
    IdpUsers,
    /// SCIM groups from the identity provider.
    IdpGroups,
    /// The Incydr Sync log export (CSV or JSON).
    SyncLog,
    /// The Okta System Log (JSON array or JSON lines).
    OktaLog,
    /// Microsoft Entra ID provisioning logs (Graph JSON or Azure Monitor diagnostic records).
    EntraLog,
}

impl InputKind {
    /// Every kind, in a stable order.
    pub const ALL: &'static [InputKind] = &[
        InputKind::Config,
        InputKind::ConsoleUsers,
        InputKind::Roles,
        InputKind::ConsoleUserRoles,
        InputKind::Organizations,
        InputKind::DirectoryGroups,
        InputKind::IdpUsers,
        InputKind::IdpGroups,
        InputKind::SyncLog,
        InputKind::OktaLog,
        InputKind::EntraLog,
    ];

    /// The kind's name as users type it (`console-users`, `idp-groups`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Config => "config",
            InputKind::ConsoleUsers => "console-users",
            InputKind::Roles => "roles",
            InputKind::ConsoleUserRoles => "console-user-roles",
            InputKind::Organizations => "organizations",
            InputKind::DirectoryGroups => "directory-groups",
            InputKind::IdpUsers => "idp-users",
            InputKind::IdpGroups => "idp-groups",
            InputKind::SyncLog => "sync-log",
            InputKind::OktaLog => "okta-log",
            InputKind::EntraLog => "entra-log",
        }
    }

    /// The kind with this [`name`](Self::name), if any.
    #[must_use]
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.name() == s)
    }

    /// The dataset the kind's records go to; `None` for [`InputKind::Config`].
    #[must_use]
    pub fn dataset(self) -> Option<&'static str> {
        Some(match self {
            InputKind::Config => return None,
            InputKind::ConsoleUsers => dataset::CONSOLE_USERS,
            InputKind::Roles => dataset::ROLES,
            InputKind::ConsoleUserRoles => dataset::CONSOLE_USER_ROLES,
            InputKind::Organizations => dataset::ORGANIZATIONS,
            InputKind::DirectoryGroups => dataset::DIRECTORY_GROUPS,
            InputKind::IdpUsers => dataset::IDP_USERS,
            InputKind::IdpGroups => dataset::IDP_GROUPS,
            InputKind::SyncLog | InputKind::OktaLog | InputKind::EntraLog => dataset::EVENTS,
        })
    }
}

impl std::fmt::Display for InputKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One input file, read and normalized.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedInput {
    /// The path as the user should see it.
    pub path: String,
    /// What the file holds.
    pub kind: InputKind,
    /// The normalized records (none for a config).
    pub records: Vec<Record>,
    /// What was not loaded, and notes (reasons starting with `warning:`), in file order.
    pub skipped: Vec<Skipped>,
    /// Log records read but not about provisioning, left out (see [`events`]).
    pub not_provisioning: events::NotProvisioning,
    /// The file's text, kept only for [`InputKind::Config`] so the caller can parse it.
    pub text: Option<String>,
    /// Records of another kind the same file holds, filed under their own dataset: the
    /// Groups of a SCIM `ListResponse` that lists Users too (RFC 7644 §3.4.3), or the
    /// Users of one that mostly lists Groups.
    pub also: Vec<(InputKind, Vec<Record>)>,
    /// What the file's paging fields say, when it is a page of a list (or holds pages).
    pub paging: Option<paging::Paging>,
    /// Why the file holds only part of a longer list (an API response saved as it came),
    /// if it does: its snapshot is not the whole directory. Judged from this file alone
    /// when it is loaded; a check judges the pages of one dataset together.
    pub page: Option<String>,
}

impl LoadedInput {
    /// Each kind the file holds with its records: [`Self::kind`] first, then [`Self::also`].
    pub fn parts(&self) -> impl Iterator<Item = (InputKind, &[Record])> {
        std::iter::once((self.kind, self.records.as_slice()))
            .chain(self.also.iter().map(|(k, r)| (*k, r.as_slice())))
    }
}

/// Read the file at `path` and load it (see [`load_text`]).
///
/// # Errors
/// [`InputError::Unreadable`] when the file cannot be read, otherwise as [`load_text`].
pub fn load_file(
    path: &Path,
    display: &str,
    forced: Option<InputKind>,
) -> Result<LoadedInput, InputError> {
    load_file_with(path, display, forced, &Limits::default())
}

/// [`load_file`] within `limits`. A JSON lines file of pages larger than 256 KiB is read
/// one page at a time (see `paging::stream`), with the outcome of a whole read.
///
/// # Errors
/// As [`load_file`], and [`InputError::TooLarge`] for a file past
/// [`Limits::max_file_bytes`] (refused before it is read).
pub fn load_file_with(
    path: &Path,
    display: &str,
    forced: Option<InputKind>,
    limits: &Limits,
) -> Result<LoadedInput, InputError> {
    if let Some(loaded) = paging::stream::load(path, display, forced, limits)? {
        return Ok(loaded);
    }
    let bytes = open::read_within(path, display, limits)?;
    load_decoded(read::decode_owned(bytes, display), display, forced, limits)
}

/// Load a file's bytes: decode, tell the syntax and kind (unless `forced`), and
/// normalize the records. `display` names the file in locations and messages.
///
/// # Errors
/// [`InputError::Unrecognized`] for an empty file or content of no known kind,
/// [`InputError::Malformed`] when a JSON document as a whole cannot be parsed.
pub fn load_text(
    bytes: &[u8],
    display: &str,
    forced: Option<InputKind>,
) -> Result<LoadedInput, InputError> {
    load_text_with(bytes, display, forced, &Limits::default())
}

/// [`load_text`] within `limits` (its nesting depth).
///
/// # Errors
/// As [`load_text`]; JSON past [`Limits::max_depth`] is [`InputError::Malformed`].
pub fn load_text_with(
    bytes: &[u8],
    display: &str,
    forced: Option<InputKind>,
    limits: &Limits,
) -> Result<LoadedInput, InputError> {
    load_decoded(read::decode(bytes, display), display, forced, limits)
}

/// [`load_text_with`] of text already decoded.
fn load_decoded(
    decoded: read::Decoded,
    display: &str,
    forced: Option<InputKind>,
    limits: &Limits,
) -> Result<LoadedInput, InputError> {
    let unrecognized = |reason: String| InputError::Unrecognized {
        path: display.to_owned(),
        reason,
    };
    if decoded.text.trim().is_empty() {
        return Err(unrecognized("the file is empty".to_owned()));
    }
    if forced == Some(InputKind::Config) {
        return Ok(config(display, decoded.text, decoded.warnings));
    }
    if let Some(reason) = describe::json_scalar(&decoded.text) {
        return Err(unrecognized(reason));
    }
    if let Some((line, columns)) = csv_rows::too_wide(&decoded.text, limits.max_columns) {
        return Err(InputError::TooWide {
            path: display.to_owned(),
            line,
            columns,
            limit: limits.max_columns,
        });
    }
    let doc = syntax::parse(&decoded.text, display, limits.max_depth).map_err(|m| {
        InputError::Malformed {
            path: display.to_owned(),
            line: m.line,
            column: m.column,
            reason: m.reason,
        }
    })?;
    let directory = forced.is_none_or(|k| matches!(k, InputKind::IdpUsers | InputKind::IdpGroups));
    if directory && detect::is_directory(&doc) {
        let mut skipped = decoded.warnings;
        skipped.extend(doc.skipped);
        return directory::load(doc.items, display, forced, skipped);
    }
    if let Some(reason) = dotnet::type_name_columns(&doc) {
        return Err(unrecognized(reason));
    }
    let kind = detect::classify(&doc, forced).map_err(unrecognized)?;
    if kind == InputKind::Config {
        return Ok(config(display, decoded.text, decoded.warnings));
    }
    let paging = doc.paging;
    let page = paging.as_ref().and_then(|p| paging::short(&[p], p.held));
    let (items, other) = scim::split_resources(&doc.shape, doc.items, kind, forced);
    let mut sink = normalize::normalize(kind, items, display);
    let records = sink.take_records();
    let mut skipped = decoded.warnings;
    skipped.extend(doc.skipped);
    skipped.extend(sink.skipped);
    let mut also = Vec::new();
    if let Some((other_kind, items)) = other {
        let mut sink = normalize::normalize(other_kind, items, display);
        also.push((other_kind, sink.take_records()));
        skipped.extend(sink.skipped);
    }
    skipped.sort_by_key(|s| (s.location.line, s.location.column));
    Ok(LoadedInput {
        path: display.to_owned(),
        kind,
        records,
        skipped,
        not_provisioning: sink.not_provisioning,
        text: None,
        also,
        paging,
        page,
    })
}

fn config(display: &str, text: String, warnings: Vec<Skipped>) -> LoadedInput {
    LoadedInput {
        path: display.to_owned(),
        kind: InputKind::Config,
        records: Vec::new(),
        skipped: warnings,
        not_provisioning: events::NotProvisioning::default(),
        text: Some(text),
        also: Vec::new(),
        paging: None,
        page: None,
    }
}
