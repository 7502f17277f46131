//! Entra provisioning records as rows of the Log Analytics table `AADProvisioningLogs`:
//! what a workspace query exports (as CSV from the portal, or as JSON from `az monitor
//! log-analytics query`). A row holds the fields of a `provisioningObjectSummary` as
//! columns (`ProvisioningAction`, `ProvisioningStatusInfo`, `SourceIdentity`, ...),
//! each object written as a JSON string, with the time in `TimeGenerated` and the
//! outcome also in `ResultType`, `ResultSignature` (the error code) and
//! `ResultDescription`.

use crate::input::keys::{get_ci, loose};
use serde_json::{Map, Value};

/// The row as a `provisioningObjectSummary`: every column that holds a JSON object or
/// list as text is parsed; `TimeGenerated` (also as a CSV export names it, with ` [UTC]`)
/// is the `activityDateTime`, and without `provisioningStatusInfo` the `Result...`
/// columns stand for it. `None` when `map` is not such a row (it has `properties`, or
/// no `TimeGenerated`).
pub(crate) fn as_summary(map: &Map<String, Value>) -> Option<Map<String, Value>> {
    // Graph records (`activityDateTime`) and diagnostic ones (`properties`) are not rows:
    // told apart at once, before any key is put in its loose form.
    if get_ci(map, "properties").is_some() || get_ci(map, "activityDateTime").is_some() {
        return None;
    }
    let time = map
        .iter()
        .find(|(key, _)| loose(key).starts_with("timegenerated"))
        .map(|(_, value)| value.clone())?;
    let mut summary: Map<String, Value> = map
        .iter()
        .map(|(key, value)| (key.clone(), parsed(value)))
        .collect();
    if get_ci(&summary, "activityDateTime").is_none() {
        summary.insert("activityDateTime".to_owned(), time);
    }
    if !get_ci(&summary, "provisioningStatusInfo").is_some_and(Value::is_object) {
        let column = |name: &str| get_ci(map, name).cloned().unwrap_or(Value::Null);
        let info = serde_json::json!({
            "status": column("ResultType"),
            "errorInformation": {
                "errorCode": column("ResultSignature"),
                "reason": column("ResultDescription"),
            },
        });
        summary.insert("provisioningStatusInfo".to_owned(), info);
    }
    Some(summary)
}

/// A string that holds a JSON object or list, parsed; any other value as it is.
fn parsed(value: &Value) -> Value {
    match value {
        Value::String(text) if text.trim_start().starts_with(['{', '[']) => {
            serde_json::from_str(text).unwrap_or_else(|_| value.clone())
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn summary(row: Value) -> Option<Value> {
        row.as_object().and_then(as_summary).map(Value::Object)
    }

    #[test]
    fn columns_of_json_text_are_parsed_and_the_time_is_the_activity_time() {
        let row = json!({
            "TimeGenerated [UTC]": "2024-08-20T09:52:10.131Z",
            "ProvisioningAction": "Update",
            "ProvisioningStatusInfo": "{\"status\":\"failure\",\"errorInformation\":{\"errorCode\":\"Code42EntryConflict\"}}",
            "SourceIdentity": "{\"id\":\"s1\",\"displayName\":\"Rosa Klein\"}",
            "ResultType": "Failure",
        });
        let s = summary(row).unwrap_or_default();
        assert_eq!(s["activityDateTime"], "2024-08-20T09:52:10.131Z");
        assert_eq!(
            s["ProvisioningStatusInfo"]["errorInformation"]["errorCode"],
            "Code42EntryConflict"
        );
        assert_eq!(s["SourceIdentity"]["displayName"], "Rosa Klein");
        assert_eq!(s["ProvisioningAction"], "Update");
    }

    #[test]
    fn without_status_info_the_result_columns_stand_for_it() {
        let row = json!({
            "TimeGenerated": "2024-08-20T09:52:10Z",
            "ResultType": "Failure",
            "ResultSignature": "SchemaAttributeNotFound",
            "ResultDescription": "The attribute is not in the schema",
        });
        let s = summary(row).unwrap_or_default();
        assert_eq!(s["provisioningStatusInfo"]["status"], "Failure");
        assert_eq!(
            s["provisioningStatusInfo"]["errorInformation"]["errorCode"],
            "SchemaAttributeNotFound"
        );
    }

    #[test]
    fn diagnostic_records_and_graph_records_are_not_rows() {
        assert_eq!(summary(json!({"time": "x", "properties": {}})), None);
        assert_eq!(
            summary(json!({"activityDateTime": "2024-08-20T09:52:10Z"})),
            None
        );
    }
}
