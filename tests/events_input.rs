//! Event logs from files: the fixtures under fixtures/logs and forcing a kind on the
//! command line. Streaming is in events_streaming.rs, Entra ID logs in events_entra.rs,
//! real provider exports in provider_logs.rs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use synclint::input::{InputKind, LoadedInput};

mod events_support;
use events_support::{at, event, fields, load};

#[test]
fn every_fixture_is_told_by_its_content_and_loads_cleanly() {
    let expected = [
        ("fixtures/logs/incydr-sync-log.csv", InputKind::SyncLog, 6),
        ("fixtures/logs/incydr-sync-log.jsonl", InputKind::SyncLog, 5),
        ("fixtures/logs/incydr-sync-log.json", InputKind::SyncLog, 4),
        ("fixtures/logs/okta-system-log.jsonl", InputKind::OktaLog, 7),
        ("fixtures/logs/okta-system-log.json", InputKind::OktaLog, 7),
        (
            "fixtures/logs/entra-provisioning-graph.json",
            InputKind::EntraLog,
            5,
        ),
        (
            "fixtures/logs/entra-provisioning-diagnostic.ndjson",
            InputKind::EntraLog,
            4,
        ),
    ];
    for (path, kind, count) in expected {
        let loaded = load(path);
        assert_eq!(loaded.kind, kind, "{path}");
        assert_eq!(loaded.records.len(), count, "{path}");
        assert!(loaded.skipped.is_empty(), "{path}: {:?}", loaded.skipped);
        assert_eq!(kind.dataset(), Some("events"));
    }
}

#[test]
fn sync_log_csv_fields() {
    let loaded = load("fixtures/logs/incydr-sync-log.csv");
    let role = at(&loaded, 3);
    assert_eq!(
        fields(role),
        event(
            "2024-08-14T09:02:12Z",
            "incydr",
            "Okta",
            "role-update",
            "failure",
            Some("ana.lima@example.com"),
            Some("1091372019437812345"),
            json!({"group": "Incydr Analysts", "role": "Security Center User",
                   "message": "Unable to update user's role", "event_type": "Update Role"}),
        )
    );
    assert_eq!(
        role.value["raw"]["eventTime"],
        json!("8/14/2024 9:02:12 AM")
    );
    assert_eq!(role.value["raw"]["Org"], Value::Null);
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-14T09:02:13Z",
            "incydr",
            "Okta",
            "organization-move",
            "failure",
            Some("ben.okafor@example.com"),
            Some("1091372019437867890"),
            json!({"organization": "Engineering", "event_type": "Move Organization",
                   "message": "Unable to move existing user to an organization"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 5))["time"],
        json!("2024-08-14T11:15:40Z"),
        "US time with an offset"
    );
    assert_eq!(
        fields(at(&loaded, 6)),
        event(
            "2024-08-14T13:20:05Z",
            "incydr",
            "User Directory Sync",
            "organization-move",
            "warning",
            Some("dev.patel@example.com"),
            None,
            json!({"organization": "Default", "error_code": "ORG_NOT_FOUND",
                   "event_type": "Organization Move",
                   "message": "User placed in the default organization, because \"Sales EMEA\" does not exist"}),
        )
    );
    let statuses: Vec<&str> = loaded
        .records
        .iter()
        .filter_map(|r| r.str_field("status"))
        .collect();
    assert_eq!(
        statuses,
        ["success", "failure", "failure", "success", "warning", "skipped"]
    );
}

#[test]
fn sync_log_json_lines_and_array_fields() {
    let lines = load("fixtures/logs/incydr-sync-log.jsonl");
    assert_eq!(
        fields(at(&lines, 2)),
        event(
            "2024-08-15T08:30:01.25Z",
            "incydr",
            "Okta",
            "role-update",
            "failure",
            Some("fatima.haddad@example.com"),
            Some("1091372019437800001"),
            json!({"role": "Customer Cloud Admin", "message": "Unable to update user's role",
                   "error_code": "invalid_set_of_roles", "event_type": "role update"}),
        )
    );
    assert_eq!(
        fields(at(&lines, 4))["user"],
        json!("hana.sato@example.com")
    );
    assert_eq!(fields(at(&lines, 4))["time"], json!("2024-08-15T08:31:15Z"));
    assert_eq!(fields(at(&lines, 5))["error_code"], json!("200"));
    assert_eq!(at(&lines, 5).value["raw"]["code"], json!(200));

    let array = load("fixtures/logs/incydr-sync-log.json");
    let location = at(&array, 21).location.as_ref().unwrap().to_string();
    assert_eq!(location, "fixtures/logs/incydr-sync-log.json:21:3");
    assert_eq!(
        fields(at(&array, 21)),
        event(
            "2024-08-16T07:00:06Z",
            "incydr",
            "Azure AD",
            "organization-move",
            "failure",
            Some("jon.kowalski@example.com"),
            None,
            json!({"organization": "Research", "event_type": "Organization Move",
                   "message": "Unable to move existing user to an organization"}),
        )
    );
    assert_eq!(
        fields(at(&array, 11))["group"],
        json!("Code42-Endpoint-Users")
    );
}

#[test]
fn okta_fields() {
    let loaded = load("fixtures/logs/okta-system-log.jsonl");
    let reason = "Automatic provisioning of user Ivan Petrov to app Code42 Incydr failed: \
        Error while trying to push profile update for ivan.petrov@example.com: Bad Request. \
        Errors reported by remote server: Bad Request. Invalid parameter provided in request: value.";
    assert_eq!(
        fields(at(&loaded, 1)),
        event(
            "2024-08-16T14:05:12.418Z",
            "okta",
            "Okta",
            "update",
            "failure",
            Some("ivan.petrov@example.com"),
            Some("00u1ivanpetrov8Zx2d7"),
            json!({"app": "Code42 Incydr", "message": reason, "error_code": "400",
                   "event_type": "application.provision.user.push_profile"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 2)),
        event(
            "2024-08-16T14:06:00.001Z",
            "okta",
            "Okta",
            "other",
            "failure",
            None,
            None,
            json!({"app": "Code42 Incydr", "message": "Code42 Incydr returned 429 Too Many Requests; provisioning will retry later",
                   "error_code": "429", "event_type": "application.integration.rate_limit_exceeded"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 3)),
        event(
            "2024-08-16T14:07:30Z",
            "okta",
            "Okta",
            "auth",
            "failure",
            None,
            None,
            json!({"app": "Code42 Incydr", "message": "Could not authenticate to Code42: invalid_set_of_roles",
                   "error_code": "invalid_set_of_roles",
                   "event_type": "application.integration.authentication_failure"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-16T14:10:02.5Z",
            "okta",
            "Okta",
            "group-create",
            "success",
            None,
            None,
            json!({"app": "Code42 Incydr", "group": "Incydr Analysts", "message": "Push new group to external application",
                   "event_type": "application.provision.group.add"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 5)),
        event(
            "2024-08-16T14:10:03.75Z",
            "okta",
            "Okta",
            "membership-add",
            "success",
            Some("ana.lima@example.com"),
            Some("00u1analima5Yt6d7"),
            json!({"app": "Code42 Incydr", "group": "Incydr Analysts",
                   "message": "Add user to group membership in external application",
                   "event_type": "application.provision.group_membership.add"}),
        )
    );
    let deactivate = fields(at(&loaded, 6));
    assert_eq!(
        (
            &deactivate["action"],
            &deactivate["status"],
            &deactivate["user"]
        ),
        (
            &json!("deactivate"),
            &json!("success"),
            &json!("carla.diaz@example.com")
        )
    );
    let push = fields(at(&loaded, 7));
    assert_eq!(
        (&push["action"], &push["error_code"]),
        (&json!("create"), &json!("E0000001"))
    );
    assert_eq!(
        at(&loaded, 7).value["raw"]["uuid"],
        json!("2b0d4c6e-5c1a-11ef-8f1e-4f5a6b7c8d07")
    );
}

#[test]
fn okta_array_and_lines_give_the_same_events() {
    let lines = load("fixtures/logs/okta-system-log.jsonl");
    let array = load("fixtures/logs/okta-system-log.json");
    let values = |l: &LoadedInput| {
        l.records
            .iter()
            .map(|r| r.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(values(&lines), values(&array));
    let lines_of = |l: &LoadedInput| {
        l.records
            .iter()
            .map(|r| r.location.as_ref().unwrap().line)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines_of(&array), [2, 57, 105, 153, 208, 270, 325]);
}

#[test]
fn kind_can_be_forced_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.csv");
    // No status column: not recognised by content, read when forced.
    std::fs::write(
        &path,
        "timestamp,action,user\n2024-08-14 09:00:00,create user,a@example.com\n",
    )
    .unwrap();
    assert_eq!(InputKind::from_name("sync-log"), Some(InputKind::SyncLog));
    let spec = format!("sync-log={}", path.display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--format",
            "json",
            "--now",
            "2026-11-28T12:00:00Z",
            "--kind",
            &spec,
        ])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let inputs = &doc["summary"]["inputs"];
    assert_eq!(inputs[0]["kind"], json!("sync-log"), "{doc}");
    assert_eq!(inputs[0]["records"], json!(1));
}
