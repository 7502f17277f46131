//! Logs of other shapes, read through a YAML field mapping (`--log-mapping`).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

const MAPPING: &str = "fixtures/log-mappings/onelogin-mapping.yaml";
const LOG: &str = "fixtures/log-mappings/onelogin-events.jsonl";

fn synclint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn a_mapped_log_is_read_normalized_and_checked() {
    let out = synclint(&[
        "check",
        LOG,
        "--log-mapping",
        MAPPING,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(input["kind"], "log:onelogin");
    assert_eq!(input["records"], 3, "one record has no usable time");
    let skipped = &doc["summary"]["skipped"]["records"][0];
    assert_eq!(skipped["location"]["line"], 3);
    assert!(
        skipped["reason"].as_str().unwrap().contains("not a time"),
        "{skipped}"
    );
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"sync-role-update-failed"), "{rules:?}");
    assert!(rules.contains(&"deprovisioning-failed"), "{rules:?}");
    let failed = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "deprovisioning-failed")
        .unwrap();
    assert_eq!(failed["subjects"]["user"], "lee@example.com");
    assert_eq!(failed["location"]["line"], 4);
}

#[test]
fn the_sync_report_counts_mapped_events_per_provider() {
    let out = synclint(&["report", LOG, "--log-mapping", MAPPING, "--format", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["providers"]["OneLogin"]["created"], 1);
    assert_eq!(doc["providers"]["OneLogin"]["errors"], 2);
}

#[test]
fn the_mapping_wins_over_guessing_by_content() {
    // Without the mapping, `user_name` and `role_name` make this look like a user-roles
    // export; with it, the mapping the user named decides.
    let out = synclint(&["check", LOG, "--format", "json", "--fail-on", "never"]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_ne!(doc["summary"]["inputs"][0]["kind"], "log:onelogin");
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["category"] != "sync"));
}

#[test]
fn a_bad_mapping_is_a_configuration_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    std::fs::write(&path, "log_mapping:\n  name: x\n  detect: [a]\n  fields:\n    when: a\n    usr: b\n  values: { role: {} }\n").unwrap();
    let out = synclint(&["check", LOG, "--log-mapping", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    // miette wraps long lines; join them back before looking.
    let err = String::from_utf8_lossy(&out.stderr).replace("\n  │ ", " ");
    for needle in [
        "m.yaml:5: `when` is not an event field",
        "m.yaml:6: `usr`",
        "must map `time`",
        "not `role`",
    ] {
        assert!(err.contains(needle), "missing {needle}: {err}");
    }
}

#[test]
fn every_structural_mistake_of_a_mapping_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    // Two misspelt keys, far apart: the second must not wait for the first to be fixed.
    let text = "log_mapping:\n  nmae: x\n  detect: [a]\n  fields:\n    time: a\n  valeus: {}\n";
    std::fs::write(&path, text).unwrap();
    let out = synclint(&["check", LOG, "--log-mapping", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr).replace("\n  │ ", " ");
    for needle in ["nmae", "valeus"] {
        assert!(err.contains(needle), "missing {needle}: {err}");
    }
    assert!(
        err.contains("m.yaml:2") && err.contains("m.yaml:6"),
        "{err}"
    );
}
