//! Microsoft Entra ID provisioning logs from files: the Graph API's records, diagnostic
//! settings' records, the same sent to an Event Hub, and Log Analytics rows.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

mod events_support;
use events_support::{at, event, fields, load};
use serde_json::{json, Value};
use synclint::input::LoadedInput;

#[test]
fn entra_graph_fields() {
    let loaded = load("fixtures/logs/entra-provisioning-graph.json");
    let lines: Vec<u32> = loaded
        .records
        .iter()
        .map(|r| r.location.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, [4, 105, 199, 289, 384]);
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-20T09:14:03.5127Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "success",
            Some("mia.schultz@example.com"),
            Some("908172635445"),
            json!({"app": "Code42 Incydr", "message": "User 'mia.schultz@example.com' was created in Code42 Incydr",
                   "event_type": "create"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 105)),
        event(
            "2024-08-20T09:14:07Z",
            "entra",
            "Microsoft Entra ID",
            "update",
            "failure",
            Some("noah.fischer@example.com"),
            Some("3f2e1d0c-2222-4a2b-9c3d-4e5f6a7b8c92"),
            json!({"app": "Code42 Incydr", "message": "Code42 Incydr returned an error response with the HTTP status code 409. \
                   A user with the same userName (noah.fischer@example.com) already exists and is not \
                   linked to this Azure AD user.",
                   "error_code": "EntryConflict", "reason": "NonServiceFailure", "event_type": "update"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 199)),
        event(
            "2024-08-20T09:14:09.9Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "skipped",
            Some("olga.ivanova@example.com"),
            Some("3f2e1d0c-3333-4a2b-9c3d-4e5f6a7b8c93"),
            json!({"app": "Code42 Incydr", "message": "urn:ietf:params:scim:schemas:core:2.0:User 'olga.ivanova@example.com' will be \
                   skipped because the value of the property emails[type eq \"work\"].value is missing or invalid.",
                   "reason": "AttributeValidationFailed", "property": "emails[type eq \"work\"].value",
                   "event_type": "create"}),
        )
    );
    let disable = fields(at(&loaded, 289));
    assert_eq!(
        (
            &disable["action"],
            &disable["event_type"],
            &disable["status"]
        ),
        (&json!("deactivate"), &json!("disable"), &json!("success"))
    );
    let group = fields(at(&loaded, 384));
    assert_eq!(
        (&group["action"], &group["group"], &group["user"]),
        (
            &json!("group-create"),
            &json!("Incydr Analysts"),
            &Value::Null
        )
    );
}

#[test]
fn entra_diagnostic_fields() {
    let loaded = load("fixtures/logs/entra-provisioning-diagnostic.ndjson");
    assert_eq!(
        fields(at(&loaded, 1)),
        event(
            "2024-08-20T09:14:03Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "success",
            Some("quinn.adams@example.com"),
            Some("908172635501"),
            json!({"app": "Code42 Incydr", "message": "User 'quinn.adams@example.com' was created in Code42 Incydr",
                   "event_type": "create"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 2)),
        event(
            "2024-08-20T09:52:10Z",
            "entra",
            "Microsoft Entra ID",
            "update",
            "failure",
            Some("rosa.klein@example.com"),
            Some("908172635502"),
            json!({"app": "Code42 Incydr", "message": "Failed to update User 'rosa.klein@example.com' in Code42 Incydr: \
                   the server returned 400 Bad Request",
                   "event_type": "Update"}),
        )
    );
    let warning = fields(at(&loaded, 3));
    assert_eq!(warning["status"], json!("warning"));
    let staged = fields(at(&loaded, 4));
    assert_eq!(
        (
            &staged["action"],
            &staged["event_type"],
            &staged["status"],
            &staged["time"]
        ),
        (
            &json!("delete"),
            &json!("stagedDelete"),
            &json!("success"),
            &json!("2024-08-20T11:10:00.25Z")
        )
    );
    assert_eq!(
        at(&loaded, 4).value["raw"]["category"],
        json!("ProvisioningLogs")
    );
}

#[test]
fn entra_diagnostic_records_sent_to_an_event_hub_read_as_the_lines_do() {
    // Azure Monitor writes resource logs to an event hub or a storage account as one
    // object per batch, `{"records": [...]}`; the records are the lines' records.
    let lines = load("fixtures/logs/entra-provisioning-diagnostic.ndjson");
    let batch = load("fixtures/logs/entra-diagnostic-records.json");
    assert_eq!(batch.kind, lines.kind);
    assert_eq!(batch.records.len(), 4);
    let normalized = |l: &LoadedInput| l.records.iter().map(fields).collect::<Vec<_>>();
    assert_eq!(normalized(&batch), normalized(&lines));
}

#[test]
fn log_analytics_rows_read_as_the_graph_records_they_hold() {
    // The `AADProvisioningLogs` table has the summary's fields as columns, objects as
    // JSON text: as `az monitor log-analytics query` gives it (JSON), and as the portal
    // exports it (CSV, the time as `TimeGenerated [UTC]` in `M/D/YYYY, h:mm:ss.fff AM`).
    let graph = load("fixtures/logs/entra-provisioning-graph.json");
    let json_rows = load("fixtures/logs/entra-log-analytics.json");
    let csv_rows = load("fixtures/logs/entra-log-analytics.csv");
    assert_eq!(json_rows.kind, graph.kind);
    assert_eq!(csv_rows.kind, graph.kind);
    assert_eq!(json_rows.skipped.len(), 0, "{:?}", json_rows.skipped);
    assert_eq!(csv_rows.skipped.len(), 0, "{:?}", csv_rows.skipped);
    let normalized = |l: &LoadedInput| l.records.iter().map(fields).collect::<Vec<_>>();
    assert_eq!(normalized(&json_rows), normalized(&graph));
    // The CSV's times are to the millisecond; everything else is the same.
    let without_time = |l: &LoadedInput| {
        normalized(l)
            .into_iter()
            .map(|mut v| {
                let time = v["time"].as_str().unwrap_or_default().to_owned();
                v["time"] = json!(time.get(..19).unwrap_or_default());
                v
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_time(&csv_rows), without_time(&graph));
}
