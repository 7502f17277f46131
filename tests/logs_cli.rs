//! Logs through the binary: root causes, windows, the sync report and redaction.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().expect("code"),
    )
}

fn json(args: &[&str]) -> Value {
    let (text, _) = run(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn fired(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_logged_failure_points_at_the_mapping_that_causes_it() {
    let doc = json(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--now",
        "2026-11-28T12:00:00Z",
    ]);
    let failures: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "sync-role-update-failed")
        .collect();
    assert_eq!(failures.len(), 1);
    let f = failures[0];
    assert_eq!(f["subjects"]["user"], "carol.analyst@acme.example");
    assert_eq!(f["cause"]["rule"], "role-unavailable");
    assert_eq!(f["cause"]["subjects"]["group"], "Security Analysts");
    assert!(f["events"]["count"].as_u64().unwrap() >= 5, "{f}");
    let (human, _) = run(&["check", "fixtures/demo", "--color", "never"]);
    assert!(
        human.starts_with("Root causes: "),
        "causes lead the report: {}",
        &human[..200.min(human.len())]
    );
    assert!(
        human.contains("caused by role-unavailable"),
        "the symptom names its cause"
    );
}

#[test]
fn the_window_limits_the_events_the_rules_see() {
    let all = json(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--select",
        "category:sync",
    ]);
    assert!(
        fired(&all).contains(&"sync-stale".to_owned()),
        "the outage of 24-25 November"
    );
    let recent = json(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--select",
        "category:sync",
        "--since",
        "2026-11-26T00:00:00Z",
    ]);
    assert!(
        !fired(&recent).contains(&"sync-stale".to_owned()),
        "{:?}",
        fired(&recent)
    );
    let relative = json(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--select",
        "category:sync",
        "--since",
        "12h",
    ]);
    let stale = fired(&relative);
    assert!(
        !stale.contains(&"sync-error-burst".to_owned()),
        "the burst of 26 November is older than 12h: {stale:?}"
    );
    assert!(
        stale.contains(&"sync-role-update-failed".to_owned()),
        "the failure at 11:50 on the 28th is inside"
    );
}

#[test]
fn the_directory_sync_report_covers_the_last_day_by_default() {
    let doc = json(&["report", "fixtures/demo", "--format", "json"]);
    assert_eq!(doc["window"]["until"], "2026-11-28T11:50:00Z");
    assert_eq!(doc["window"]["since"], "2026-11-27T11:50:00Z");
    let totals = &doc["totals"];
    for key in [
        "created",
        "updated",
        "deactivated",
        "reactivated",
        "deleted",
        "role_changes",
        "organization_moves",
        "errors",
    ] {
        assert!(totals[key].is_u64(), "{key} in {totals}");
    }
    assert_eq!(totals["reactivated"], 1);
    assert_eq!(totals["deactivated"], 1);
    assert_eq!(doc["providers"]["Okta"]["role_changes"], 1);
    let week = json(&[
        "report",
        "fixtures/demo",
        "--format",
        "json",
        "--since",
        "7d",
    ]);
    assert!(week["totals"]["errors"].as_u64().unwrap() > totals["errors"].as_u64().unwrap());
    let (markdown, code) = run(&["report", "fixtures/demo", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(markdown.contains("| Users created |"), "{markdown}");
}

#[test]
fn redaction_hides_every_name_and_email_with_stable_tokens() {
    let args = [
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--redact",
        "--redact-key",
        "support-ticket-42",
        "--now",
        "2026-11-28T12:00:00Z",
    ];
    let (first, _) = run(&args);
    let (second, _) = run(&args);
    assert_eq!(first, second, "the same key gives the same tokens");
    for secret in [
        "acme.example",
        "carol",
        "Carol",
        "Carol Analyst",
        "frank.left",
    ] {
        assert!(!first.contains(secret), "{secret} leaked");
    }
    // Carol's family name is a word of a group name, which stays as it is.
    assert!(first.contains("`Security Analysts`"), "{first}");
    assert!(first.contains("@redacted.invalid"));
    assert!(
        !first.contains("support-ticket-42"),
        "the key is never printed"
    );
    let (other, _) = run(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--redact",
        "--redact-key",
        "another",
        "--now",
        "2026-11-28T12:00:00Z",
    ]);
    assert_ne!(first, other, "another key gives other tokens");
    let (report, _) = run(&["report", "fixtures/demo", "--redact"]);
    assert!(!report.contains("acme.example"), "{report}");
}

/// The JSON report of `check` over `folder`, on the day after the Okta pushes below.
fn check_json(folder: &str) -> Value {
    json(&[
        "check",
        folder,
        "--now",
        "2026-11-28T00:00:00Z",
        "--format",
        "json",
    ])
}

/// A profile push for `user` that ended with `result`, to the app labelled `label` whose
/// catalog name is `catalog` (Okta's `alternateId` and `displayName`).
fn okta_push(uuid: &str, (label, catalog): (&str, &str), user: &str, result: &str) -> String {
    format!(
        "{{\"uuid\":\"{uuid}\",\"published\":\"2026-11-27T10:00:00.000Z\",\
         \"eventType\":\"application.provision.user.push_profile\",\
         \"outcome\":{{\"result\":\"{result}\",\"reason\":\"Bad Request\"}},\
         \"target\":[{{\"type\":\"User\",\"alternateId\":\"{user}\"}},\
         {{\"type\":\"AppInstance\",\"alternateId\":\"{label}\",\"displayName\":\"{catalog}\"}}]}}\n"
    )
}

/// A folder holding `log` as an Okta log and a configuration naming `app`.
fn okta_tenant(log: &str, app: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("okta.jsonl"), log).unwrap();
    let config = format!("version: 1\nprovider: okta\napp: {app}\nrole_mappings: []\n");
    std::fs::write(dir.path().join("synclint.yaml"), config).unwrap();
    dir
}

#[test]
fn the_report_takes_the_app_the_configuration_names_as_check_does() {
    // A tenant with a production and a sandbox Incydr app, both named like Incydr; the
    // configuration beside the log names production.
    let mut log = String::new();
    for (n, user) in ["ann@example.com", "bo@example.com"].iter().enumerate() {
        let production = ("Code42 Incydr", "Code42");
        let sandbox = ("Code42 Incydr Sandbox", "Code42");
        log.push_str(&okta_push(&format!("p{n}"), production, user, "FAILURE"));
        log.push_str(&okta_push(&format!("s{n}"), sandbox, user, "FAILURE"));
    }
    let dir = okta_tenant(&log, "Code42 Incydr");
    let folder = dir.path().to_str().unwrap();
    let report = json(&["report", folder, "--since", "7d", "--format", "json"]);
    assert_eq!(report["totals"]["errors"], 2, "{report:#}");
    assert_eq!(report["problems"], serde_json::json!([]), "{report:#}");
    let check = check_json(folder);
    assert_eq!(check["sync_report"]["totals"], report["totals"]);
}

#[test]
fn app_may_name_an_okta_app_by_its_label() {
    // Okta names an app by its label (`alternateId`) and its catalog name
    // (`displayName`); the admin sees the label, and may write it in `app:`.
    let user = "ann@example.com";
    let log = okta_push("a", ("DLP Provisioning", "Code42"), user, "FAILURE")
        + &okta_push("b", ("Slack Prod", "Slack"), user, "FAILURE");
    let dir = okta_tenant(&log, "DLP Provisioning");
    let folder = dir.path().to_str().unwrap();
    let check = check_json(folder);
    let okta = check["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "okta-log")
        .unwrap();
    assert_eq!(okta["records"], 2, "{okta:#}");
    assert_eq!(
        okta["app"]["taken"],
        serde_json::json!(["Code42"]),
        "{okta:#}"
    );
    assert_eq!(check["sync_report"]["totals"]["errors"], 1, "{check:#}");
}
