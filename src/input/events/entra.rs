//! Microsoft Entra ID provisioning logs: Graph `provisioningObjectSummary` records (a
//! portal or API download), Azure Monitor diagnostic records (`category:
//! "ProvisioningLogs"` with the summary under `properties`, other casing and the legacy
//! `action` and numeric `statusInfo.Status`) and rows of the Log Analytics table
//! (see [`super::entra_table`]). Keys are matched ignoring case.

use super::normalize::{at, event_time, finish, text, text_at, Action, Event, Status};
use crate::input::keys::get_ci;
use crate::input::normalize::Sink;
use crate::input::syntax::Item;
use crate::model::event::Raw;
use serde_json::{Map, Value};

/// The provider named when a record names none.
const PROVIDER: &str = "Microsoft Entra ID";

/// The category of Azure Monitor diagnostic records of provisioning.
const CATEGORY: &str = "ProvisioningLogs";

/// The end of the `resourceId` of Entra ID's diagnostic records
/// (`/tenants/{tenant}/providers/Microsoft.aadiam`), compared in lowercase.
const ENTRA_RESOURCE: &str = "/providers/microsoft.aadiam";

/// Whether a record is an Azure Monitor diagnostic record of Entra provisioning (with or
/// without its `properties`).
pub(crate) fn is_diagnostic(map: &Map<String, Value>) -> bool {
    is_provisioning_category(map) && other_resource(map).is_none()
}

/// Whether a record is an Azure Monitor diagnostic record written by Entra ID, of any
/// category: a diagnostic setting that streams sign-ins and audit records with the
/// provisioning ones puts them all in one export, often sign-ins first, and the file is
/// an Entra log whatever its first records are about.
pub(crate) fn is_entra_resource_record(map: &Map<String, Value>) -> bool {
    category(map).is_some()
        && get_ci(map, "resourceId")
            .and_then(Value::as_str)
            .is_some_and(|id| id.to_ascii_lowercase().contains(ENTRA_RESOURCE))
}

fn is_provisioning_category(map: &Map<String, Value>) -> bool {
    category(map).is_some_and(|c| c.eq_ignore_ascii_case(CATEGORY))
}

/// The `resourceId` of a `ProvisioningLogs` diagnostic record written by an Azure
/// resource other than Entra ID: Managed DevOps Pools, for one, log the provisioning of
/// their build agents under that category. `None` for Entra's records and for records
/// without a `resourceId`.
pub(crate) fn other_resource(map: &Map<String, Value>) -> Option<&str> {
    let id = get_ci(map, "resourceId").and_then(Value::as_str)?;
    let entra = id.to_ascii_lowercase().contains(ENTRA_RESOURCE);
    (is_provisioning_category(map) && !entra).then_some(id)
}

/// The `category` of a diagnostic record's envelope (Graph records have none).
fn category(map: &Map<String, Value>) -> Option<&str> {
    get_ci(map, "category").and_then(Value::as_str)
}

/// One provisioning record, in either shape; a diagnostic record of another category
/// (audit, sign-in) or of another Azure resource is counted as not about provisioning.
pub(crate) fn event(item: &Item, map: Map<String, Value>, sink: &mut Sink) {
    let row = super::entra_table::as_summary(&map);
    if let Some(category) = category(&map) {
        if !category.eq_ignore_ascii_case(CATEGORY) || other_resource(&map).is_some() {
            let time = event_time(get_ci(&map, "time")).ok();
            sink.not_provisioning.add(time);
            return;
        }
        if row.is_none() && !get_ci(&map, "properties").is_some_and(Value::is_object) {
            return sink.skip(item, "a ProvisioningLogs record without `properties`");
        }
    }
    let summary = row.as_ref().unwrap_or_else(|| summary(&map));
    let time = match event_time(time_value(&map, summary)) {
        Ok(time) => time,
        Err(reason) => return sink.skip(item, reason),
    };
    let mut event = Event::new("entra", time);
    let provider = text(get_ci(summary, "provider")).or_else(|| text(get_ci(&map, "provider")));
    event.provider = Some(provider.unwrap_or_else(|| PROVIDER.to_owned()));
    event.event_type =
        text(get_ci(summary, "provisioningAction")).or_else(|| text(get_ci(summary, "action")));
    event.status = status(&map, summary);
    let steps = Steps::of(summary);
    identities(summary, &steps, &mut event);
    let error = error_information(summary);
    let error_text = |key: &str| error.and_then(|e| text_at(e, &[key]));
    event.error_code = error_text("errorCode");
    event.message = error_text("reason")
        .map(super::codes::with_response_detail)
        .or_else(|| steps.message());
    event.reason = steps.skip_reason().or_else(|| error_text("errorCategory"));
    event.property = steps.property();
    event.app = app_name(summary);
    finish(item, event, Raw::value(Value::Object(map)), sink);
}

/// `provisioningStatusInfo.errorInformation`, else the flat `statusInfo` of Graph beta,
/// older exports and provision-on-demand results (`errorCode`, `reason`, ...).
fn error_information(summary: &Map<String, Value>) -> Option<&Value> {
    let info = get_ci(summary, "provisioningStatusInfo")
        .and_then(|s| at(s, &["errorInformation"]))
        .filter(|e| e.is_object());
    info.or_else(|| get_ci(summary, "statusInfo").filter(|s| s.is_object()))
}

/// The app a record is about: the service principal's name, else the target system's
/// (its service principal's display name, then its own), else the job's template (the
/// part of `jobId` before the first dot). The first of them named like Incydr wins.
fn app_name(summary: &Map<String, Value>) -> Option<String> {
    let principal = get_ci(summary, "servicePrincipal");
    let system = get_ci(summary, "targetSystem");
    let named = |v: Option<&Value>| v.and_then(name_of_system);
    let job = text(get_ci(summary, "jobId"))
        .and_then(|j| j.split('.').next().map(str::to_owned))
        .filter(|j| !j.is_empty());
    let names: Vec<String> = [
        named(principal),
        system.and_then(|s| text_at(s, &["details", "ServicePrincipalDisplayName"])),
        named(system),
        job,
    ]
    .into_iter()
    .flatten()
    .collect();
    let like = names.iter().find(|n| super::apps::is_incydr_like(n));
    like.or(names.first()).cloned()
}

/// A system's or service principal's `displayName` (`Name` in diagnostic records).
fn name_of_system(value: &Value) -> Option<String> {
    text_at(value, &["displayName"]).or_else(|| text_at(value, &["name"]))
}

/// The `provisioningObjectSummary`: `properties` of a diagnostic record, else the record.
fn summary(map: &Map<String, Value>) -> &Map<String, Value> {
    if is_diagnostic(map) {
        if let Some(properties) = get_ci(map, "properties").and_then(Value::as_object) {
            return properties;
        }
    }
    map
}

/// The diagnostic envelope's `time`, else `activityDateTime`, else the `startTime` of a
/// provision-on-demand result.
fn time_value<'a>(
    map: &'a Map<String, Value>,
    summary: &'a Map<String, Value>,
) -> Option<&'a Value> {
    let envelope = is_diagnostic(map)
        .then(|| get_ci(map, "time"))
        .flatten()
        .filter(|v| text(Some(v)).is_some());
    envelope
        .or_else(|| get_ci(summary, "activityDateTime"))
        .or_else(|| get_ci(summary, "startTime"))
}

/// `provisioningStatusInfo.status`, else the legacy `statusInfo.Status` number, else the
/// envelope's `resultType`.
fn status(map: &Map<String, Value>, summary: &Map<String, Value>) -> Status {
    let candidates = [
        get_ci(summary, "provisioningStatusInfo").and_then(|s| text_at(s, &["status"])),
        get_ci(summary, "statusInfo").and_then(|s| text_at(s, &["status"])),
        text(get_ci(map, "resultType")),
    ];
    candidates
        .iter()
        .flatten()
        .map(|s| status_word(s))
        .find(|s| *s != Status::Unknown)
        .unwrap_or(Status::Unknown)
}

/// A status word, or a legacy number: 0 success, 1 failure, 2 skipped, 3 warning.
fn status_word(word: &str) -> Status {
    match word.trim() {
        "0" => Status::Success,
        "1" => Status::Failure,
        "2" => Status::Skipped,
        "3" => Status::Warning,
        other => Status::from_word(other),
    }
}

fn action(written: &str) -> Action {
    match written.to_ascii_lowercase().as_str() {
        "create" => Action::Create,
        "update" => Action::Update,
        "delete" | "stageddelete" => Action::Delete,
        "disable" => Action::Deactivate,
        _ => Action::Other,
    }
}

/// Action, user, user id and group from the source and target identities.
fn identities(summary: &Map<String, Value>, steps: &Steps<'_>, event: &mut Event) {
    let source = get_ci(summary, "sourceIdentity");
    let target = get_ci(summary, "targetIdentity");
    let action = event.event_type.as_deref().map_or(Action::Other, action);
    if is_group(target) || is_group(source) {
        event.action = action.on_group();
        let named = [target, source]
            .into_iter()
            .flatten()
            .filter(|i| is_group(Some(i)));
        event.group = named.filter_map(name).next().or_else(|| steps.reportable());
        return;
    }
    event.action = action;
    let detail =
        |identity: Option<&Value>, key: &str| identity.and_then(|i| text_at(i, &["details", key]));
    event.user = detail(target, "userName")
        .or_else(|| detail(target, "userPrincipalName"))
        .or_else(|| detail(source, "userPrincipalName"))
        .or_else(|| text(get_ci(summary, "reportableIdentifier")))
        // Graph records may leave both identities' `details` empty (as Microsoft's own
        // examples do); the steps still name the user by their `ReportableIdentifier`,
        // which beats a display name no other input can be joined on.
        .or_else(|| steps.reportable())
        .or_else(|| target.and_then(name))
        .or_else(|| source.and_then(name));
    let id = |identity: Option<&Value>| identity.and_then(|i| text_at(i, &["id"]));
    event.user_id = id(target).or_else(|| id(source));
}

/// Whether an identity is a group: its `identityType` (`type` in provision-on-demand
/// results) ends in `Group`.
fn is_group(identity: Option<&Value>) -> bool {
    identity
        .and_then(|i| text_at(i, &["identityType"]).or_else(|| text_at(i, &["type"])))
        .is_some_and(|t| t.to_ascii_lowercase().ends_with("group"))
}

/// An identity's `Name` (`displayName` in the Graph shape), else its details' display name.
fn name(identity: &Value) -> Option<String> {
    text_at(identity, &["name"])
        .or_else(|| text_at(identity, &["displayName"]))
        .or_else(|| text_at(identity, &["details", "displayName"]))
}

/// The provisioning steps of a record.
struct Steps<'a>(&'a [Value]);

impl<'a> Steps<'a> {
    fn of(summary: &'a Map<String, Value>) -> Self {
        let steps = get_ci(summary, "provisioningSteps").and_then(Value::as_array);
        Self(steps.map_or(&[], Vec::as_slice))
    }

    /// Steps from the last to the first.
    fn rev(&self) -> impl Iterator<Item = &'a Value> {
        self.0.iter().rev()
    }

    fn detail(&self, key: &str) -> Option<String> {
        self.rev().find_map(|s| text_at(s, &["details", key]))
    }

    /// The description of the last failed or skipped step, else of the last step.
    fn message(&self) -> Option<String> {
        let bad = |s: &&Value| {
            let status = text_at(s, &["status"]).map_or(Status::Unknown, |w| status_word(&w));
            matches!(status, Status::Failure | Status::Skipped)
        };
        let description = |s: &Value| text_at(s, &["description"]);
        self.rev()
            .filter(bad)
            .find_map(description)
            .or_else(|| self.rev().find_map(description))
    }

    fn skip_reason(&self) -> Option<String> {
        self.detail("SkipReason")
    }

    /// `details.PropertyName`, else the property an `AttributeValidationFailed` step names.
    fn property(&self) -> Option<String> {
        self.detail("PropertyName").or_else(|| {
            self.rev()
                .filter(|s| {
                    text_at(s, &["details", "SkipReason"])
                        .is_some_and(|r| r.eq_ignore_ascii_case("AttributeValidationFailed"))
                })
                .find_map(|s| text_at(s, &["description"]).and_then(|d| property_in(&d)))
        })
    }

    fn reportable(&self) -> Option<String> {
        self.detail("ReportableIdentifier")
    }
}

/// The word after `property` in a step description (`... the property name.familyName is
/// missing or invalid`), without quotes or trailing punctuation.
fn property_in(description: &str) -> Option<String> {
    let lower = description.to_ascii_lowercase();
    let at = lower.find("property ")? + "property ".len();
    let word = description.get(at..)?.split_whitespace().next()?;
    let word = word.trim_matches(|c: char| matches!(c, '\'' | '"' | '`' | ',' | ';' | ':'));
    let word = word.trim_end_matches('.');
    (!word.is_empty()).then(|| word.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_legacy_statuses() {
        assert_eq!(action("stagedDelete"), Action::Delete);
        assert_eq!(action("Disable"), Action::Deactivate);
        assert_eq!(action("Create"), Action::Create);
        assert_eq!(action("other"), Action::Other);
        assert_eq!(status_word("2"), Status::Skipped);
        assert_eq!(status_word("3"), Status::Warning);
        assert_eq!(status_word("Failure"), Status::Failure);
    }

    #[test]
    fn property_named_in_a_description() {
        let d = "User 'a@b.com' will be skipped because the value of the property \
                 name.familyName is missing or invalid.";
        assert_eq!(property_in(d).as_deref(), Some("name.familyName"));
        assert_eq!(
            property_in("the value of the property 'title' is invalid").as_deref(),
            Some("title")
        );
        assert_eq!(property_in("no such word"), None);
    }
}
