//! Event logs written by hand: detection, timestamps, broken input, skips.

use super::{column, load, load_forced, locations, skipped, values};
use crate::input::{load_text, InputKind};
use serde_json::{json, Value};

/// Small samples of each log, also used to check that damaged copies never panic.
pub(super) const SYNC_CSV: &str = "Event Time,Operation,Login,Result,Details\r\n\
    8/14/2024 9:02:12 AM +02:00,Update Role,a@example.com,Error,\"Unable to update user's role, twice\"\r\n";
pub(super) const OKTA_LINE: &str = "{\"published\":\"2024-08-16T14:05:12.418Z\",\"eventType\":\"application.provision.user.push_profile\",\"outcome\":{\"result\":\"FAILURE\",\"reason\":\"HTTP status 409\"},\"target\":[{\"type\":\"User\",\"alternateId\":\"é@example.com\"},{\"type\":\"UserGroup\",\"displayName\":\"G\"}]}\n";
pub(super) const ENTRA_LINE: &str = "{\"time\":\"1/9/2007 10:41:00 AM +01:00\",\"category\":\"ProvisioningLogs\",\"properties\":{\"action\":\"Create\",\"statusInfo\":{\"Status\":2},\"targetIdentity\":{\"identityType\":\"User\",\"details\":{\"userName\":\"b@example.com\"}},\"provisioningSteps\":[{\"status\":2,\"description\":\"skipped: the property title is invalid\",\"details\":{\"SkipReason\":\"AttributeValidationFailed\"}}]}}\n";

#[test]
fn the_small_samples() {
    let csv = load("s.csv", SYNC_CSV);
    assert_eq!(column(&csv, "time"), strings(&["2024-08-14T07:02:12Z"]));
    assert_eq!(
        column(&csv, "message"),
        strings(&["Unable to update user's role, twice"])
    );
    let okta = load("o.jsonl", OKTA_LINE);
    assert_eq!(column(&okta, "error_code"), strings(&["409"]));
    assert_eq!(column(&okta, "group"), strings(&["G"]));
    let entra = load("e.jsonl", ENTRA_LINE);
    let got = &values(&entra)[0];
    assert_eq!(
        (
            &got["time"],
            &got["status"],
            &got["action"],
            &got["event_type"]
        ),
        (
            &json!("2007-01-09T09:41:00Z"),
            &json!("skipped"),
            &json!("create"),
            &json!("Create")
        )
    );
    assert_eq!(
        (&got["user"], &got["reason"], &got["property"]),
        (
            &json!("b@example.com"),
            &json!("AttributeValidationFailed"),
            &json!("title")
        )
    );
}

fn strings(items: &[&str]) -> Vec<Value> {
    items.iter().map(|s| Value::from(*s)).collect()
}

#[test]
fn sync_log_is_told_by_time_action_and_status_under_any_alias() {
    let cases = [
        "Date,Activity,Email,Outcome\n2024-08-14,create user,a@example.com,ok\n",
        "event-time,OPERATION,login,Result\n2024-08-14 09:00:00,update user,a@example.com,ok\n",
        "{\"time\":\"2024-08-14T09:00:00Z\",\"event\":\"create user\",\"username\":\"a@example.com\",\"userId\":\"1\",\"result\":\"ok\"}\n{\"time\":\"2024-08-14T09:00:01Z\",\"event\":\"block user\",\"username\":\"a@example.com\",\"result\":\"ok\"}\n",
        "[{\"datetime\":\"2024-08-14T09:00:00Z\",\"action\":\"delete user\",\"user\":\"a@example.com\",\"status\":\"error\"}]",
        // One record with a `provider` key: an event, not a synclint config.
        "{\"timestamp\":\"2024-08-14T09:00:00Z\",\"provider\":\"Okta\",\"action\":\"create user\",\"user\":\"a@example.com\",\"status\":\"ok\"}",
    ];
    for (i, text) in cases.iter().enumerate() {
        let loaded = load("log", text);
        assert_eq!(loaded.kind, InputKind::SyncLog, "case {i}: {text}");
        assert_eq!(loaded.records.len(), 1 + usize::from(i == 2), "case {i}");
    }
    // Without a status column it is not a Sync log.
    let err = load_text(
        b"timestamp,action,user\n2024-08-14,create user,a\n",
        "x",
        None,
    );
    assert!(err.is_err(), "{err:?}");
}

#[test]
fn okta_and_entra_are_told_by_their_keys_in_any_case() {
    let okta = r#"[{"uuid":"u1","PUBLISHED":"2024-08-16T14:05:12Z","EventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":[{"type":"User","alternateId":"a@example.com","id":"00u1"}]}]"#;
    assert_eq!(load("o.json", okta).kind, InputKind::OktaLog);
    let graph = r#"{"value":[{"id":"1","ActivityDateTime":"2024-08-20T09:14:03Z","PROVISIONINGACTION":"create","sourceIdentity":{"identityType":"User","details":{"UserPrincipalName":"a@example.com"}}}]}"#;
    let loaded = load("g.json", graph);
    assert_eq!(loaded.kind, InputKind::EntraLog);
    assert_eq!(column(&loaded, "user"), strings(&["a@example.com"]));
    let steps_only = r#"[{"activityDateTime":"2024-08-20T09:14:03Z","provisioningSteps":[],"targetIdentity":{"identityType":"Group","displayName":"G"}}]"#;
    assert_eq!(load("s.json", steps_only).kind, InputKind::EntraLog);
    let diagnostic = r#"{"Time":"1/9/2007 9:41:00 AM","Category":"provisioninglogs","resultType":"Skipped","properties":{"sourceIdentity":{"Name":"Someone"}}}"#;
    let loaded = load("d.json", diagnostic);
    assert_eq!(loaded.kind, InputKind::EntraLog);
    assert_eq!(column(&loaded, "time"), strings(&["2007-01-09T09:41:00Z"]));
    assert_eq!(column(&loaded, "status"), strings(&["skipped"]));
    assert_eq!(column(&loaded, "user"), strings(&["Someone"]));
}

#[test]
fn every_timestamp_form_in_a_sync_log() {
    let text = "\
time,action,user,status
2024-08-14T09:02:11Z,create user,a,ok
2024-08-14T09:02:11.5Z,create user,a,ok
2024-08-14T09:02:11.123456789Z,create user,a,ok
2024-08-14T11:02:11.120+02:00,create user,a,ok
2024-08-14T09:02:11,create user,a,ok
2024-08-14T09:02:11.0000001,create user,a,ok
2024-08-14 09:02:11,create user,a,ok
8/14/2024 9:02:11 AM,create user,a,ok
8/14/2024 9:02:11 PM,create user,a,ok
8/14/2024 11:02:11 AM +02:00,create user,a,ok
8/14/2024 09:02:11,create user,a,ok
";
    let loaded = load("forms.csv", text);
    assert!(loaded.skipped.is_empty(), "{:?}", skipped(&loaded));
    assert_eq!(
        column(&loaded, "time"),
        strings(&[
            "2024-08-14T09:02:11Z",
            "2024-08-14T09:02:11.5Z",
            "2024-08-14T09:02:11.123456789Z",
            "2024-08-14T09:02:11.12Z",
            "2024-08-14T09:02:11Z",
            "2024-08-14T09:02:11.0000001Z",
            "2024-08-14T09:02:11Z",
            "2024-08-14T09:02:11Z",
            "2024-08-14T21:02:11Z",
            "2024-08-14T09:02:11Z",
            "2024-08-14T09:02:11Z",
        ])
    );
}

#[test]
fn a_broken_line_in_the_middle_is_reported_and_the_rest_loaded() {
    let text = "\
{\"timestamp\":\"2024-08-15T08:30:00Z\",\"action\":\"create user\",\"user\":\"a@example.com\",\"status\":\"success\"}
{\"timestamp\":\"2024-08-15T08:30:01Z\",\"action\":\"update user\",\"user\":\"b@example.com\",\"status\":\"success\"}
{\"timestamp\":\"2024-08-15T08:30:02Z\",\"action\":\"update user\",\"user\":
[1, 2]

{\"timestamp\":\"yesterday\",\"action\":\"update user\",\"user\":\"c@example.com\",\"status\":\"success\"}
{\"action\":\"update user\",\"user\":\"d@example.com\",\"status\":\"success\"}
{\"timestamp\":\"2024-08-15T08:30:05Z\",\"action\":\"update role\",\"status\":\"ok\"}
{\"timestamp\":\"2024-08-15T08:30:06Z\",\"action\":\"create group\",\"group\":\"G\",\"status\":\"ok\"}
{\"timestamp\":\"2024-08-15T08:30:07Z\",\"action\":\"delete user\",\"user\":\"e@example.com\",\"status\":\"failed\"}
";
    let loaded = load("sync.jsonl", text);
    assert_eq!(loaded.kind, InputKind::SyncLog);
    assert_eq!(
        locations(&loaded),
        vec![
            "sync.jsonl:1:1",
            "sync.jsonl:2:1",
            "sync.jsonl:9:1",
            "sync.jsonl:10:1"
        ]
    );
    assert_eq!(
        column(&loaded, "action"),
        strings(&["create", "update", "group-create", "delete"])
    );
    assert_eq!(column(&loaded, "user")[2], Value::Null);
    assert_eq!(
        skipped(&loaded),
        vec![
            "sync.jsonl:3:66 invalid JSON: EOF while parsing a value",
            "sync.jsonl:4:1 not a JSON object (found an array)",
            "sync.jsonl:6:1 unparseable timestamp `yesterday`",
            "sync.jsonl:7:1 no timestamp",
            "sync.jsonl:8:1 no user",
        ]
    );
}

#[test]
fn csv_rows_with_the_wrong_width_or_time_are_reported() {
    let text = "\
timestamp,action,user,status,message
2024-08-14 09:00:00,create user,a@example.com,ok,
2024-08-14 09:00:01,create user,b@example.com,ok
2024-08-14 25:00:00,create user,c@example.com,ok,
,create user,d@example.com,ok,
2024-08-14 09:00:04,update role,e@example.com,error,\"Unable to update user's role\"
";
    let loaded = load("sync.csv", text);
    assert_eq!(locations(&loaded), vec!["sync.csv:2:1", "sync.csv:6:1"]);
    assert_eq!(
        skipped(&loaded),
        vec![
            "sync.csv:3:1 row has 4 fields, header has 5",
            "sync.csv:4:1 unparseable timestamp `2024-08-14 25:00:00`",
            "sync.csv:5:1 no timestamp",
        ]
    );
}

#[test]
fn crlf_bom_and_invalid_utf8() {
    let mut csv = b"\xEF\xBB\xBFTimestamp,Action,User,Status,Message\r\n".to_vec();
    csv.extend_from_slice(b"2024-08-14 09:00:00,Create User,a@example.com,OK,\"two\r\nlines\"\r\n");
    csv.extend_from_slice(b"2024-08-14 09:00:01,Block User,b\xFF@example.com,OK,\r\n");
    let loaded = load_text(&csv, "bom.csv", None).unwrap();
    assert_eq!(loaded.kind, InputKind::SyncLog);
    assert_eq!(locations(&loaded), vec!["bom.csv:2:1", "bom.csv:4:1"]);
    assert_eq!(
        column(&loaded, "message"),
        vec![json!("two\r\nlines"), Value::Null]
    );
    assert_eq!(
        column(&loaded, "user"),
        strings(&["a@example.com", "b\u{FFFD}@example.com"])
    );
    assert_eq!(
        skipped(&loaded),
        vec!["bom.csv:4 warning: invalid UTF-8 replaced"]
    );
    assert_eq!(
        values(&loaded)[0]["raw"]["Timestamp"],
        json!("2024-08-14 09:00:00")
    );

    let lines = "\u{FEFF}{\"published\":\"2024-08-16T14:05:12Z\",\"eventType\":\"application.provision.user.deactivate\",\"outcome\":{\"result\":\"SUCCESS\"},\"target\":[{\"type\":\"User\",\"alternateId\":\"a@example.com\"}]}\r\n\r\n{\"published\":\"2024-08-16T14:05:13Z\",\"eventType\":\"application.provision.user.activate\",\"outcome\":{\"result\":\"FAILURE\",\"reason\":\"HTTP 409\"},\"target\":[{\"type\":\"User\",\"alternateId\":\"b@example.com\"}]}\r\n";
    let loaded = load("okta.jsonl", lines);
    assert_eq!(loaded.kind, InputKind::OktaLog);
    assert_eq!(locations(&loaded), vec!["okta.jsonl:1:1", "okta.jsonl:3:1"]);
    assert_eq!(
        column(&loaded, "action"),
        strings(&["deactivate", "reactivate"])
    );
    assert_eq!(
        column(&loaded, "error_code"),
        vec![Value::Null, json!("409")]
    );
}

#[test]
fn raw_keeps_the_original_record() {
    let text = "Event Time,Operation,Login,Result,Ticket\n2024-08-14 09:00:00,update user,a@example.com,ok,INC-7\n";
    let loaded = load("raw.csv", text);
    assert_eq!(
        values(&loaded)[0]["raw"],
        json!({"eventTime": "2024-08-14 09:00:00", "Operation": "update user",
               "Login": "a@example.com", "Result": "ok", "Ticket": "INC-7"})
    );
    // The fields in the order of FIELDS; unknown ones are left out.
    let keys: Vec<&str> = values(&loaded)[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let known = [
        "time",
        "source",
        "action",
        "status",
        "user",
        "event_type",
        "raw",
    ];
    assert_eq!(keys, known);
    let order: Vec<&str> = crate::input::events::FIELDS
        .iter()
        .copied()
        .filter(|f| known.contains(f))
        .collect();
    assert_eq!(keys, order);
}

#[test]
fn forced_kinds_read_what_detection_would_not() {
    let text = "timestamp,action,user\n2024-08-14 09:00:00,create user,a@example.com\n";
    let kind = InputKind::from_name("sync-log");
    assert_eq!(kind, Some(InputKind::SyncLog));
    let loaded = load_forced("x.csv", text, kind);
    assert_eq!(loaded.kind, InputKind::SyncLog);
    assert_eq!(column(&loaded, "status"), strings(&["unknown"]));
    assert_eq!(column(&loaded, "user"), strings(&["a@example.com"]));

    let okta = r#"{"published":"2024-08-16T14:05:12Z","eventType":"application.provision.user.import","outcome":{"result":"DENY"}}"#;
    let loaded = load_forced("o.json", okta, InputKind::from_name("okta-log"));
    assert_eq!(column(&loaded, "status"), strings(&["failure"]));
    assert_eq!(column(&loaded, "action"), strings(&["import"]));

    let entra = r#"[{"activityDateTime":"2024-08-20T09:14:03Z","statusInfo":{"Status":3}}]"#;
    let loaded = load_forced("e.json", entra, InputKind::from_name("entra-log"));
    assert_eq!(column(&loaded, "status"), strings(&["warning"]));
    assert_eq!(
        column(&loaded, "provider"),
        strings(&["Microsoft Entra ID"])
    );
}

/// Okta lists a failed change to an app's provisioning settings among its provisioning
/// integration errors; a successful edit of the app is an admin's, not provisioning.
#[test]
fn a_failed_change_to_the_provisioning_settings_is_provisioning() {
    let line = |result: &str| {
        format!(
            "{{\"published\":\"2026-11-30T10:30:00Z\",\"eventType\":\"application.configuration.update\",\
             \"outcome\":{{\"result\":\"{result}\",\"reason\":\"The credentials used to connect to the API were invalid\"}},\
             \"target\":[{{\"type\":\"AppInstance\",\"alternateId\":\"Code42 Incydr\"}}]}}\n"
        )
    };
    let text = line("FAILURE") + &line("SUCCESS");
    let okta = load("o.jsonl", &text);
    assert_eq!(okta.kind, InputKind::OktaLog);
    assert_eq!(column(&okta, "status"), strings(&["failure"]));
    assert_eq!(okta.not_provisioning.count, 1);
}

/// Okta logs the queueing of a push under the push's own event type; only the legacy
/// type tells them apart, and only the push itself creates the user.
#[test]
fn a_queued_push_is_not_a_second_create() {
    let line = |legacy: &str| {
        format!(
            "{{\"published\":\"2026-11-30T10:30:00Z\",\"eventType\":\"application.provision.user.push\",\
             \"legacyEventType\":\"{legacy}\",\"outcome\":{{\"result\":\"SUCCESS\"}},\
             \"target\":[{{\"type\":\"User\",\"alternateId\":\"ann@example.com\"}}]}}\n"
        )
    };
    let text =
        line("app.user_management.push_new_user") + &line("app.user_management.push_pending_user");
    let okta = load("o.jsonl", &text);
    assert_eq!(column(&okta, "action"), strings(&["create", "other"]));
}

/// Entra wraps every SCIM error in the same sentence; the server's own reason (the SCIM
/// error body's `detail`) is put first in the event's message.
#[test]
fn an_entra_scim_error_names_the_servers_reason_first() {
    let record = json!({"value": [{
        "id": "r1", "activityDateTime": "2026-11-28T06:10:02Z", "provisioningAction": "create",
        "provisioningStatusInfo": {"status": "failure", "errorInformation": {
            "errorCode": "SystemForCrossDomainIdentityManagementBadRequest",
            "reason": "StatusCode: BadRequest Message: Processing of the HTTP request resulted in an exception. Web Response: {\"detail\":\"Invalid email address\",\"status\":\"400\"}"}},
        "targetIdentity": {"identityType": "urn:ietf:params:scim:schemas:core:2.0:User", "details": {"userName": "pat@example.com"}},
        "servicePrincipal": {"id": "sp", "displayName": "Code42"}
    }]});
    let entra = load("p.json", &record.to_string());
    let message = column(&entra, "message");
    let first = message.first().and_then(Value::as_str).unwrap_or_default();
    assert!(
        first.starts_with("Invalid email address (HTTP 400). StatusCode: BadRequest"),
        "{first}"
    );
}
