//! Shapes met while running synclint on real public exports (the shapes are real, the
//! values in `fixtures/shapes` are made up): what each file is read as, and what is kept.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

/// `synclint check --format json` on files of `fixtures/shapes`, as the JSON report.
fn check(names: &[&str]) -> Value {
    let files: Vec<String> = names
        .iter()
        .map(|n| format!("fixtures/shapes/{n}"))
        .collect();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-03-03T12:00:00Z"])
        .args(&files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn inputs(report: &Value) -> &Vec<Value> {
    report["summary"]["inputs"].as_array().expect("inputs")
}

/// The reason of the run's only problem: the one file it did not use, and why.
fn only_reason(report: &Value) -> &str {
    let problems = report["summary"]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{report:#}");
    problems[0]["reason"].as_str().expect("reason")
}

/// Managed DevOps Pools write their build agents' provisioning under the diagnostic
/// category `ProvisioningLogs` too; a file of them is not Entra's provisioning log.
#[test]
fn provisioning_logs_of_another_azure_resource_are_not_used() {
    let report = check(&["azure-pool-provisioninglogs.ndjson"]);
    assert!(inputs(&report).is_empty(), "{report:#}");
    let reason = only_reason(&report);
    assert!(reason.contains("another Azure resource"), "{reason}");
    assert!(
        reason.contains("MICROSOFT.DEVOPSINFRASTRUCTURE"),
        "{reason}"
    );
    assert!(reason.contains("Microsoft.aadiam"), "{reason}");
}

/// Among Entra's own records (a storage account or event hub may collect both), a
/// DevOps pool's record is counted as not about provisioning, never read as an event.
#[test]
fn another_resources_provisioning_record_beside_entras_is_not_an_event() {
    let report = check(&["entra-and-pool-provisioninglogs.ndjson"]);
    let inputs = inputs(&report);
    assert_eq!(inputs.len(), 1, "{report:#}");
    assert_eq!(inputs[0]["kind"], "entra-log");
    assert_eq!(inputs[0]["records"], 1, "{report:#}");
    assert_eq!(inputs[0]["not_provisioning"], 1, "{report:#}");
    assert_eq!(report["summary"]["skipped"]["count"], 0, "{report:#}");
}

/// A SCIM groups listing without `members` (Entra's own provisioning queries
/// `GET /Groups?excludedAttributes=members`; a server may never return members) says
/// nothing about who is in a group, so it is not read as groups that are all empty.
#[test]
fn scim_groups_none_with_members_are_not_used() {
    let report = check(&["scim-groups-without-members.json"]);
    assert!(inputs(&report).is_empty(), "{report:#}");
    let reason = only_reason(&report);
    assert!(
        reason.starts_with("2 group(s), none with `members`"),
        "{reason}"
    );
    assert!(reason.contains("excludedAttributes"), "{reason}");
}

/// SCIM may leave out the `members` of an empty group: a listing where some group has
/// them is read whole, the others as empty.
#[test]
fn scim_groups_where_one_lists_members_are_read() {
    let report = check(&["scim-groups-one-empty.json"]);
    let inputs = inputs(&report);
    assert_eq!(inputs.len(), 1, "{report:#}");
    assert_eq!(inputs[0]["kind"], "idp-groups");
    assert_eq!(inputs[0]["records"], 2, "{report:#}");
}
