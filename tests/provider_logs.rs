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
    assert_eq!(loaded.not_provisioning, 6);
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
    assert_eq!(loaded.not_provisioning, 2);
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
    assert_eq!(loaded.not_provisioning, 0);
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
    assert_eq!(loaded.not_provisioning, 0);
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

fn check(args: &[&str]) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `(rule, user)` of every finding, sorted.
fn findings(doc: &Value) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap().to_owned();
            (rule, f["subjects"]["user"].clone())
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    found
}

#[test]
fn sign_ins_locks_and_other_apps_raise_nothing() {
    let doc = check(&["fixtures/logs/okta-mixed-export.jsonl"]);
    assert_eq!(
        findings(&doc),
        [
            (
                "deprovisioning-failed".to_owned(),
                json!("lena.ortiz@example.net")
            ),
            ("deprovisioning-failed".to_owned(), Value::Null),
            ("provisioning-rate-limited".to_owned(), Value::Null),
        ]
    );
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(input["records"], 6);
    assert_eq!(input["not_provisioning"], 6);
    assert_eq!(input["app"]["taken"], json!(["Code42 Incydr"]));
    assert_eq!(input["app"]["other_apps"], 2);
    // The two failed deactivations and the rate limit; not the lock, the sign-ins or Zendesk.
    assert_eq!(doc["sync_report"]["totals"]["errors"], 3);
}

#[test]
fn a_conflict_of_another_app_is_not_incydrs() {
    let doc = check(&["fixtures/logs/entra-diagnostic-mixed.ndjson"]);
    assert_eq!(
        findings(&doc),
        [(
            "provisioning-conflict".to_owned(),
            json!("owen.baptiste@contoso-labs.example")
        )]
    );
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(
        (&input["records"], &input["not_provisioning"]),
        (&json!(3), &json!(2))
    );
    assert_eq!(input["app"]["other_apps"], 1);
    assert_eq!(doc["summary"]["skipped"]["count"], 1);
}

#[test]
fn app_prefixed_conflicts_of_the_older_shapes_fire() {
    for (path, user) in [
        ("fixtures/logs/entra-graph-beta-legacy.json", Value::Null),
        (
            "fixtures/logs/entra-provision-on-demand.json",
            json!("noor.haddad@contoso-labs.example"),
        ),
    ] {
        let doc = check(&[path]);
        assert_eq!(
            findings(&doc),
            [("provisioning-conflict".to_owned(), user)],
            "{path}"
        );
    }
}

#[test]
fn the_app_named_in_the_config_is_the_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("synclint.yaml");
    std::fs::write(&config, "version: 1\napp: zendesk\nrole_mappings: []\n").unwrap();
    let doc = check(&[
        "fixtures/logs/entra-diagnostic-mixed.ndjson",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(
        findings(&doc),
        [(
            "provisioning-conflict".to_owned(),
            json!("rhea.kovacs@contoso-labs.example")
        )]
    );
    let app = &doc["summary"]["inputs"][0]["app"];
    assert_eq!(app["taken"], json!(["zendesk"]));
    assert_eq!(app["reason"], json!("named by `app:` in synclint.yaml"));
    assert_eq!(app["other_apps"], 2);
}

/// An Okta event line of `event_type` at `time` for the Code42 app.
fn okta_line(time: &str, event_type: &str, result: &str, user: &str) -> String {
    json!({
        "published": time, "eventType": event_type, "outcome": {"result": result},
        "displayMessage": "an event", "target": [
            {"type": "AppInstance", "alternateId": "Code42 Incydr", "displayName": "Code42"},
            {"type": "User", "alternateId": user, "id": "00u1"}
        ]
    })
    .to_string()
}

#[test]
fn sign_ins_do_not_hide_a_stalled_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.jsonl");
    let mut lines = vec![okta_line(
        "2025-03-01T08:00:00Z",
        "application.provision.user.push",
        "SUCCESS",
        "a@example.net",
    )];
    for hour in (0..72).step_by(6) {
        let time = format!(
            "2025-03-{:02}T{:02}:00:00Z",
            1 + (8 + hour) / 24,
            (8 + hour) % 24
        );
        lines.push(okta_line(
            &time,
            "user.session.start",
            "SUCCESS",
            "b@example.net",
        ));
    }
    lines.push(okta_line(
        "2025-03-04T08:00:00Z",
        "application.provision.user.push",
        "SUCCESS",
        "c@example.net",
    ));
    std::fs::write(&path, lines.join("\n")).unwrap();
    let doc = check(&[path.to_str().unwrap()]);
    assert_eq!(findings(&doc), [("sync-stale".to_owned(), Value::Null)]);
    assert_eq!(doc["summary"]["inputs"][0]["not_provisioning"], 12);
}

#[test]
fn a_streamed_okta_export_is_read_as_one_loaded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta-big.jsonl");
    let mixed = std::fs::read_to_string("fixtures/logs/okta-mixed-export.jsonl").unwrap();
    let mut text = mixed.clone();
    let padding = "x".repeat(900);
    let mut sign_ins = 0u64;
    while text.len() < 17 * 1024 * 1024 {
        let line = json!({"published": "2025-03-03T07:00:00Z", "eventType": "user.session.start",
                          "outcome": {"result": "SUCCESS"}, "displayMessage": padding});
        text.push_str(&line.to_string());
        text.push('\n');
        sign_ins += 1;
    }
    std::fs::write(&path, text).unwrap();
    let doc = check(&[path.to_str().unwrap()]);
    let small = check(&["fixtures/logs/okta-mixed-export.jsonl"]);
    assert_eq!(findings(&doc), findings(&small));
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(input["not_provisioning"], 6 + sign_ins);
    assert_eq!(input["app"], small["summary"]["inputs"][0]["app"]);
    assert_eq!(doc["sync_report"]["totals"], small["sync_report"]["totals"]);
}
