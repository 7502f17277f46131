//! The shapes of real Okta and Entra exports (fixtures of made-up values in those shapes):
//! what each file is read as, what is counted as not about provisioning, what is
//! skipped and why, and each event the rules get.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::path::Path;
use synclint::input::{load_file, InputKind, LoadedInput};

fn load(path: &str) -> LoadedInput {
    load_file(Path::new(path), path, None).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// Each record as `[line, time, action, status, user, error_code, app]`.
fn events(loaded: &LoadedInput) -> Vec<Value> {
    loaded
        .records
        .iter()
        .map(|r| {
            let v = &r.value;
            json!([
                r.location.as_ref().unwrap().line,
                v["time"],
                v["action"],
                v["status"],
                v["user"],
                v["error_code"],
                v["app"]
            ])
        })
        .collect()
}

/// What was skipped, as `line: reason`.
fn skipped(loaded: &LoadedInput) -> Vec<String> {
    loaded
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.location.line, s.reason))
        .collect()
}

#[test]
fn an_okta_export_of_the_whole_org() {
    let loaded = load("fixtures/logs/okta-mixed-export.jsonl");
    assert_eq!(loaded.kind, InputKind::OktaLog);
    // Sign-ins, the SSO failure, the lock, both rate limits and the unassigned app access.
    assert_eq!(loaded.not_provisioning.count, 6);
    let newest = loaded.not_provisioning.newest.map(|t| t.to_rfc3339());
    assert_eq!(newest.as_deref(), Some("2025-03-03T08:03:00+00:00"));
    assert_eq!(
        skipped(&loaded),
        [
            "13: unparseable timestamp `the third of March`",
            "14: no eventType"
        ]
    );
    let c42 = "Code42 Incydr";
    assert_eq!(
        events(&loaded),
        [
            json!([
                7,
                "2025-03-03T08:05:00.5Z",
                "create",
                "success",
                "tomas.ferreira@example.net",
                null,
                c42
            ]),
            // Named only by its AppUser target.
            json!([
                8,
                "2025-03-03T08:06:00Z",
                "deactivate",
                "failure",
                "lena.ortiz@example.net",
                "404",
                c42
            ]),
            json!([
                9,
                "2025-03-03T08:07:00Z",
                "update",
                "failure",
                "tomas.ferreira@example.net",
                "409",
                "Zendesk Support"
            ]),
            // The AppUser is a placeholder: a failure about no known user is kept.
            json!([
                10,
                "2025-03-03T08:08:00Z",
                "deactivate",
                "failure",
                null,
                null,
                c42
            ]),
            json!([
                11,
                "2025-03-03T08:09:00Z",
                "other",
                "failure",
                null,
                "429",
                c42
            ]),
            json!([
                12,
                "2025-03-03T08:10:00Z",
                "other",
                "success",
                "tomas.ferreira@example.net",
                null,
                "Slack Workspace"
            ]),
        ]
    );
    assert_eq!(loaded.records[1].value["user_id"], json!("0ua9lena"));
}

#[test]
fn an_entra_diagnostic_export_of_every_category_and_app() {
    let loaded = load("fixtures/logs/entra-diagnostic-mixed.ndjson");
    assert_eq!(loaded.kind, InputKind::EntraLog);
    // The AuditLogs and SignInLogs records.
    assert_eq!(loaded.not_provisioning.count, 2);
    assert_eq!(
        skipped(&loaded),
        ["4: a ProvisioningLogs record without `properties`"]
    );
    assert_eq!(
        events(&loaded),
        [
            json!([
                1,
                "2025-04-07T10:15:20.12Z",
                "create",
                "success",
                "rhea.kovacs@contoso-labs.example",
                null,
                "Code42 Incydr"
            ]),
            json!([
                2,
                "2025-04-07T10:15:41Z",
                "create",
                "failure",
                "owen.baptiste@contoso-labs.example",
                "Code42EntryConflict",
                "Code42 Incydr"
            ]),
            json!([
                3,
                "2025-04-07T10:16:02.5Z",
                "create",
                "failure",
                "rhea.kovacs@contoso-labs.example",
                "ZendeskEntryConflict",
                "Zendesk"
            ]),
        ]
    );
    let conflict = &loaded.records[1].value;
    assert_eq!(
        conflict["message"],
        json!("Code42 answered HTTP 409: a user with this userName already exists.")
    );
    assert_eq!(conflict["reason"], json!("NonServiceFailure"));
}

#[test]
fn a_graph_beta_export_with_the_flat_status_info() {
    let loaded = load("fixtures/logs/entra-graph-beta-legacy.json");
    assert_eq!(loaded.kind, InputKind::EntraLog);
    assert_eq!(loaded.not_provisioning.count, 0);
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    assert_eq!(
        events(&loaded),
        [
            json!([
                4,
                "2025-05-12T07:40:11Z",
                "group-create",
                "failure",
                null,
                "Code42EntryConflict",
                "Code42 Incydr"
            ]),
            json!([
                79,
                "2025-05-12T07:41:30.25Z",
                "update",
                "success",
                "ida.lindqvist@contoso-labs.example",
                null,
                "Code42 Incydr"
            ]),
        ]
    );
    let group = &loaded.records[0].value;
    assert_eq!(group["group"], json!("Insider Risk Analysts"));
    assert_eq!(group["event_type"], json!("Create"));
    assert_eq!(group["reason"], json!("NonServiceFailure"));
    assert_eq!(
        group["message"],
        json!("Code42 answered HTTP 409: a group named Insider Risk Analysts already exists.")
    );
}

#[test]
fn a_provision_on_demand_result() {
    let loaded = load("fixtures/logs/entra-provision-on-demand.json");
    assert_eq!(loaded.kind, InputKind::EntraLog);
    assert_eq!(loaded.not_provisioning.count, 0);
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    assert_eq!(
        events(&loaded),
        [json!([
            1,
            "2025-06-02T15:22:07.441Z",
            "create",
            "failure",
            "noor.haddad@contoso-labs.example",
            "SystemForCrossDomainIdentityManagementServiceEntryConflict",
            "customappsso"
        ])]
    );
    let record = &loaded.records[0].value;
    assert_eq!(
        record["message"],
        json!("The SCIM endpoint answered 409 Conflict: userName is already taken.")
    );
    assert_eq!(
        record["user_id"],
        json!("44440000-0000-4000-8000-000000000001")
    );
}

#[test]
fn an_okta_code42_error_is_read_from_the_legacy_event_type() {
    // The System Log's legacy event type names the Code42 app's error; the reason text
    // need not (here it says "invalid fields", not the code).
    let event = json!({
        "uuid": "e-legacy", "published": "2026-11-27T10:00:00.000Z",
        "eventType": "application.provision.user.push_profile",
        "legacyEventType": "app.crashplanpro.api.user_has_invalid_fields",
        "displayMessage": "Push user's profile to external application",
        "outcome": {"result": "FAILURE", "reason": "Automatic profile push of user Ann Lee to app Code42 failed: the user has invalid fields"},
        "target": [
            {"id": "0ua1", "type": "AppUser", "alternateId": "ann@acme.example", "displayName": "Ann Lee"},
            {"id": "0oa1", "type": "AppInstance", "alternateId": "Code42", "displayName": "Code42"}
        ]
    });
    let loaded =
        synclint::input::load_text(format!("{event}\n{event}\n").as_bytes(), "okta.jsonl", None)
            .unwrap();
    assert_eq!(loaded.kind, InputKind::OktaLog);
    let codes: Vec<&Value> = loaded
        .records
        .iter()
        .map(|r| &r.value["error_code"])
        .collect();
    assert_eq!(codes, vec![&json!("user_has_invalid_fields"); 2]);
}

#[test]
fn an_okta_event_is_about_the_app_username_not_the_okta_login() {
    // The app sends the email prefix as the username: Incydr knows `dlevi`, Okta `dana.levi@`.
    let event = json!({
        "uuid": "e-names", "published": "2026-11-27T10:00:00.000Z",
        "eventType": "application.provision.user.push_profile",
        "outcome": {"result": "FAILURE", "reason": "Unable to update user's role"},
        "target": [
            {"id": "0ua7", "type": "AppUser", "alternateId": "dlevi", "displayName": "Dana Levi"},
            {"id": "0oa1", "type": "AppInstance", "alternateId": "Code42", "displayName": "Code42"},
            {"id": "00u7", "type": "User", "alternateId": "dana.levi@acme.example", "displayName": "Dana Levi"}
        ]
    });
    let loaded =
        synclint::input::load_text(format!("{event}\n").as_bytes(), "okta.jsonl", None).unwrap();
    let record = &loaded.records[0].value;
    assert_eq!(record["user"], json!("dlevi"));
    assert_eq!(record["user_id"], json!("00u7"));
}
