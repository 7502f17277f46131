//! CSV downloads from identity providers' admin consoles that synclint does not read,
//! how they are told and why each is not used:
//! - the Microsoft Entra admin center's CSV download of provisioning logs, which comes as
//!   three files joined on the change id: `ProvisioningLogs` (one row per record, without
//!   its steps and modified properties), `ProvisioningLogs_ProvisioningSteps` and
//!   `ProvisioningLogs_ModifiedProperties`;
//! - the Okta Admin Console's System Log "Download CSV".
//!
//! Neither vendor publishes the columns of these files (Microsoft's documentation names
//! the three files and says they share the change id, no more; Okta's says a CSV can be
//! downloaded). Reading them would mean guessing which column holds the status, the user
//! and the app, and a wrong guess counts another app's failures as Incydr's, or loses
//! Incydr's. So a file that looks like one of them is "not used", with what to export
//! instead, also when `--kind` names a provider log: the same logs as JSON are read, and
//! a log mapping (`--log-mapping`) reads any CSV whose columns its author knows.
//!
//! The markers are the few things that are certain: Entra's records carry a change id
//! (with the cycle and job ids in the main file), and an Okta event its `eventType` and
//! `published`. Names are compared in their loose form, as everywhere in detection.

use super::seen::Seen;
use super::syntax::{Document, Syntax};
use super::{InputKind, Limits};

/// The ids that Entra's main provisioning file carries (loose forms).
const ENTRA_IDS: [&str; 3] = ["changeid", "cycleid", "jobid"];

/// What to download instead of Entra's CSV files.
const ENTRA_INSTEAD: &str = "Microsoft does not publish the columns of that download, so which \
     column holds the status, the user or the app would be a guess (a wrong one counts \
     another app's failures as Incydr's). Download the same logs as JSON instead (the \
     provisioning logs page's Download button offers JSON too; each record then holds its \
     steps and modified properties), or export them from Log Analytics \
     (`AADProvisioningLogs`) or Microsoft Graph (`auditLogs/provisioning`); or describe the \
     file's columns in a log mapping (--log-mapping)";

/// What to export instead of Okta's System Log CSV.
const OKTA_INSTEAD: &str = "Okta does not publish the columns of that download, and in \
     particular not how it writes an event's targets, which name the user, the app and the \
     group an event is about: read from it, every event's user and app would be a guess, \
     and another app's failures could count as Incydr's. Export the System Log as JSON \
     instead (the System Log API, `GET /api/v1/logs`, as a JSON array or JSON lines), or \
     describe the file's columns in a log mapping (--log-mapping)";

/// Why a file whose first records `seen` describes is a console's CSV download that
/// synclint does not read; `None` when it is not one. Records with Entra's provisioning
/// objects (Graph, diagnostic and Log Analytics rows) are never such a download.
pub(super) fn not_read(seen: &Seen) -> Option<String> {
    if seen.is_entra() {
        return None;
    }
    if seen.csv && seen.is_okta() {
        let columns = spelled(seen, &["eventtype", "published"]);
        return Some(format!(
            "looks like the Okta System Log as the Admin Console's \"Download CSV\" (columns \
             {columns}), which synclint does not read: {OKTA_INSTEAD}"
        ));
    }
    if seen.has("eventtype") && !seen.has("published") && seen.has_sync_log_keys() {
        // A SIEM's table of Okta events (Splunk's `_time`, `action`, `status` beside
        // Okta's `eventType`): sign-in failures in it are not sync failures.
        let columns = spelled(seen, &["eventtype"]);
        return Some(format!(
            "looks like Okta System Log events exported as a table by another tool (a \
             {columns} column beside a time, an action and a status), not a log synclint \
             reads by itself: its failures may be sign-ins rather than syncs, of any app. \
             Export the System Log as JSON \
             (the System Log API, `GET /api/v1/logs`), or describe the file's columns in a \
             log mapping (--log-mapping); if it is an Incydr Sync log after all, name its \
             kind: --kind sync-log=FILE"
        ));
    }
    if ENTRA_IDS.iter().all(|id| seen.has(id)) {
        let columns = spelled(seen, &ENTRA_IDS);
        return Some(format!(
            "looks like Entra provisioning logs as the portal's CSV download (the \
             `ProvisioningLogs` file: records with {columns} but no provisioning status \
             object), which synclint does not read: {ENTRA_INSTEAD}"
        ));
    }
    if seen.csv && seen.has("changeid") {
        let column = spelled(seen, &["changeid"]);
        return Some(format!(
            "looks like a file of Entra's CSV download of provisioning logs (rows keyed by \
             {column}, the column that joins its `ProvisioningLogs`, \
             `ProvisioningLogs_ProvisioningSteps` and `ProvisioningLogs_ModifiedProperties` \
             files), which synclint does not read: {ENTRA_INSTEAD}. If it is an Incydr Sync \
             log after all, name its kind: --kind sync-log=FILE"
        ));
    }
    None
}

/// Why a CSV file cannot be read as the provider log `kind` named on the command line
/// (or streamed as, see [`head_kind`]): Okta's reader needs the System Log's objects,
/// which no CSV holds, and Entra's reads CSV only as Log Analytics rows, not as the
/// portal's download. `None` when it can be tried (any other kind, or another syntax).
pub(crate) fn forced(doc: &Document, kind: InputKind) -> Option<String> {
    if doc.syntax != Syntax::Csv {
        return None;
    }
    let seen = columns_seen(&doc.columns);
    match kind {
        InputKind::OktaLog => Some(not_read(&seen).unwrap_or_else(|| {
            format!(
                "the Okta System Log is read from JSON, not from CSV such as the Admin \
                 Console's \"Download CSV\": {OKTA_INSTEAD}"
            )
        })),
        InputKind::EntraLog => not_read(&seen),
        _ => None,
    }
}

/// The provider log kind to stream a file too large to load whole as, when `head` (its
/// first bytes) is one of the CSV downloads above: streamed with that kind named, it is
/// refused at its header by [`forced`], with the reason a whole load gives, instead of
/// being read whole only to be refused. `None` for anything else.
pub(crate) fn head_kind(head: &[u8], display: &str, limits: &Limits) -> Option<InputKind> {
    let decoded = super::read::decode(head, display);
    let doc = super::syntax::parse(&decoded.text, display, limits.max_depth).ok()?;
    if doc.syntax != Syntax::Csv {
        return None;
    }
    let seen = columns_seen(&doc.columns);
    not_read(&seen)?;
    Some(if seen.is_okta() {
        InputKind::OktaLog
    } else {
        InputKind::EntraLog
    })
}

/// What a CSV header shows, as [`Seen`] (the header alone, no values).
fn columns_seen(columns: &[String]) -> Seen {
    let mut seen = Seen::new(false, false);
    seen.csv = true;
    columns.iter().for_each(|c| seen.key(c));
    seen
}

/// The names (loose forms) as the file's keys spell them (CSV headers in their camelCase
/// form), each in backticks.
fn spelled(seen: &Seen, names: &[&str]) -> String {
    let shown: Vec<String> = names
        .iter()
        .map(|n| format!("`{}`", seen.exact_of(&[n]).unwrap_or(n)))
        .collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => shown.join(""),
    }
}
