//! Provisioning event logs: the Incydr Sync log export (`sync-log`), the Okta System Log
//! (`okta-log`) and Microsoft Entra ID provisioning logs (`entra-log`), all read into the
//! `events` dataset in one shape.
//!
//! # Formats
//! - **Incydr Sync log** (CSV with a header row, JSON array or JSON lines): columns or keys
//!   matched ignoring case, spaces, `_` and `-`, under these names (the first with a
//!   value wins): time `timestamp, date, time, datetime, event time`; provider `provider,
//!   source, provisioning provider`; action `action, operation, event, activity`; user
//!   `user, username, email, login`; status `status, result, outcome`; message `message,
//!   details, error, description, reason`; and `user_id`, `role`, `organization`/`org`,
//!   `group`, `error_code`/`code`. Told by a time, an action and a status column.
//! - **Okta System Log** (JSON array or JSON lines of `LogEvent`): told by `eventType`
//!   and `published`.
//! - **Entra provisioning logs**: Graph `provisioningObjectSummary` records (array, JSON
//!   lines or `{"value": [...]}`; also Graph beta and older exports with a flat
//!   `statusInfo {status, errorCode, reason, errorCategory}` and `action`, and
//!   provision-on-demand results with `startTime` and `reportableIdentifier`), told by
//!   `provisioningAction`, `provisioningStatusInfo`, or `provisioningSteps` with
//!   `activityDateTime`, `startTime` or `statusInfo`; and Azure Monitor diagnostic records
//!   (`category: "ProvisioningLogs"`, the summary under `properties`). Keys matched
//!   ignoring case.
//! - Not read: the admin consoles' CSV downloads of both providers' logs, whose columns
//!   are not published (see `input/console_csv.rs`).
//!
//! # Provisioning only
//! A provider's export holds every event of the tenant. Each reader keeps what is about
//! provisioning and counts the rest per file ([`crate::input::LoadedInput::not_provisioning`],
//! [`StreamSummary::not_provisioning`]), neither kept nor skipped:
//! - Okta: event types starting `application.provision.`, `application.integration.`,
//!   `application.user_membership.` or `app.user_management.` are kept, and so are failed
//!   changes to an app's provisioning settings (`application.configuration.update`,
//!   `application.configuration.import_schema`); sign-ins
//!   (`user.session.start`, `user.authentication.*`), account locks, org and operation
//!   rate limits, unassigned app access and the rest are not about provisioning.
//! - Entra: Graph records are all kept; diagnostic records of a category other than
//!   `ProvisioningLogs` (audit, sign-in), or whose `resourceId` is not Entra ID's
//!   (`.../providers/Microsoft.aadiam`; Managed DevOps Pools log their agents under
//!   `ProvisioningLogs` too), are not about provisioning.
//! - The Incydr Sync log and logs read through a mapping: everything is kept.
//!
//! Each kept event names its app when the record does (`app`); which app's events reach
//! the rules is chosen per file by [`apps`].
//!
//! # The `events` record
//! These keys, in this order, each left out when unknown (missing and null read the same
//! to rules); every value but `raw` is a string.
//! - `time`: RFC 3339 in UTC ending in `Z`, with the fraction of a second written only
//!   when not zero and without trailing zeros (`2022-08-23T13:36:50.3538931Z`,
//!   `2022-08-23T13:36:52.869547Z` for `...52.8695470Z`, `2007-01-09T09:41:00Z`). Read
//!   from the Sync log's time column, Okta `published`, the diagnostic envelope's `time`
//!   (else `activityDateTime`, else a provision-on-demand `startTime`). Forms read: see
//!   [`crate::time::parse_timestamp`]; a Sync log's slash dates in the file's own
//!   day/month order, decided from its first rows (see `synclog_dates.rs`).
//! - `source`: `incydr`, `okta` or `entra`.
//! - `provider`: the Sync log's provider column; `Okta`; `Microsoft Entra ID` unless the
//!   Entra record has a `provider` key.
//! - `action`: `create, update, deactivate, reactivate, delete, block, unblock,
//!   role-update, organization-move, group-create, group-update, group-delete,
//!   membership-add, membership-remove, import, auth, other`. Entra actions on a group
//!   identity (`identityType` ending in `Group`) become `group-create`, `group-update`,
//!   `group-delete`. Okta's `application.provision.user.sync` is `other` (Okta logs it
//!   beside the `push` or `push_profile` it belongs to), so is a `push` whose legacy type
//!   is `app.user_management.push_pending_user` (a push queued for later), and
//!   `verify_exists` is `import` (a lookup that writes nothing).
//! - `status`: `success, failure, warning, skipped, unknown`. Okta integration failures
//!   (`application.integration.*`) are failures whatever `outcome.result` says. Entra:
//!   `provisioningStatusInfo.status`, else the legacy `statusInfo.Status` (0 success,
//!   1 failure, 2 skipped, 3 warning), else `resultType`.
//! - `user`, `user_id`: the Sync log's columns; Okta's `User` target `alternateId` and
//!   `id`, else its `AppUser` target's (a placeholder such as `unknown` names no user);
//!   Entra's target `details.userName`/`UserPrincipalName`, else the source's
//!   `UserPrincipalName`, else the record's `reportableIdentifier`, else the steps'
//!   `ReportableIdentifier`, else the identity's name, and the target `Id` (else the
//!   source's). Null for Entra group records.
//! - `group`: the Sync log's column; Okta's `UserGroup` target `displayName`; the Entra
//!   group identity's name, else the steps' `ReportableIdentifier`.
//! - `role`, `organization`: the Sync log's columns (null for Okta and Entra).
//! - `message`: the Sync log's message column; Okta `outcome.reason`, else
//!   `displayMessage`; Entra `errorInformation.reason` (with the SCIM server's `detail`
//!   from its `Web Response:` body put first, since every such reason starts with the same
//!   sentence), else the description of the last failed or skipped step, else of the last
//!   step.
//! - `error_code`: the Sync log's code column; Okta `debugContext.debugData.errorCode`,
//!   else a legacy Code42 app code or an HTTP status (`409`, `Bad Request` → `400`) in
//!   the reason; Entra `errorInformation.errorCode` (of `provisioningStatusInfo`, else
//!   the flat `statusInfo`'s own `errorCode`, `reason` and `errorCategory`).
//! - `reason`: Entra `details.SkipReason` of a step, else `errorCategory`.
//! - `property`: Entra `details.PropertyName`, else the property an
//!   `AttributeValidationFailed` step's description names.
//! - `event_type`: the action as written (Sync log), `eventType` (Okta),
//!   `provisioningAction` (else the legacy `action`) as given (Entra).
//! - `app`: the app the event is about: Okta's `AppInstance` target (`alternateId`, the
//!   app's label, or `displayName`); Entra's `servicePrincipal` name, else the target
//!   system's service principal or own name, else the `jobId` before its first dot. Of
//!   several names the first like Code42, Incydr or CrashPlan is taken, else the first.
//! - `raw`: the original record (a CSV row keyed by its header in camelCase, as every
//!   CSV input).
//!
//! # Skipped
//! Besides what every input skips: `no timestamp`, ``unparseable timestamp `...` ``, a
//! Sync log date that can only be read against the file's day/month order,
//! `no eventType` (Okta), ``a ProvisioningLogs record without `properties` `` (Entra),
//! and `no user` for an action about one user (`create` ... `organization-move`) that
//! did not fail. A failure whose user is unknown is kept: it still counts.

pub mod apps;
mod array_feed;
mod array_scan;
mod batcher;
mod codes;
mod csv_feed;
mod entra;
mod entra_table;
mod flat;
pub mod generic;
mod lines;
mod normalize;
mod okta;
mod pieces;
mod stream;
pub(crate) mod synclog;
mod synclog_dates;
mod synclog_keys;
mod vocabulary;

pub use array_feed::sniff_kind;
pub use normalize::FIELDS;
pub use pieces::{LineBlock, NotProvisioning, Piece};
pub use stream::{stream_events, stream_pieces, StreamSummary, Streamed};

pub(crate) use okta::app_names as okta_app_names;
pub(crate) use synclog_dates::date_order;

pub(crate) use entra::other_resource as other_azure_resource;
pub(crate) use entra::{is_diagnostic as is_entra_diagnostic, is_entra_resource_record};

use super::normalize::Sink;
use super::syntax::Item;
use super::InputKind;
use serde_json::{Map, Value};

/// Whether `kind` goes to the `events` dataset.
#[must_use]
pub fn is_event_kind(kind: InputKind) -> bool {
    matches!(
        kind,
        InputKind::SyncLog | InputKind::OktaLog | InputKind::EntraLog
    )
}

/// Normalize one record of an event `kind` (other kinds are not handled here).
pub(crate) fn event(kind: InputKind, item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    match kind {
        InputKind::SyncLog => synclog::event(item, map, sink),
        InputKind::OktaLog => okta::event(item, map, sink),
        InputKind::EntraLog => entra::event(item, map, sink),
        _ => {}
    }
}
