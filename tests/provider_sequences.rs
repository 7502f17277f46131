//! What one change in a provider writes to its log, read as that one change: Okta logs
//! several events for one new user, and Graph may name a user only in its steps.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;
use synclint::input::{load_file, LoadedInput};

fn check(path: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-10-07T00:00:00Z"])
        .arg(path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// `(action, status, user)` of every event read.
fn events(path: &str) -> Vec<(String, String, String)> {
    let loaded: LoadedInput = load_file(std::path::Path::new(path), path, None)
        .unwrap_or_else(|e| panic!("{path}: {e:?}"));
    loaded
        .records
        .iter()
        .map(|r| {
            let text = |key: &str| r.value[key].as_str().unwrap_or("").to_owned();
            (text("action"), text("status"), text("user"))
        })
        .collect()
}

#[test]
fn an_okta_joiner_is_one_user_created_and_nothing_updated() {
    let path = "fixtures/shapes/okta-joiner-sequence.json";
    let user = "marta.quist@example.org";
    let actions: Vec<(String, String, String)> = [
        "other",  // application.user_membership.add: the assignment in Okta
        "import", // verify_exists: a lookup in the app, nothing written
        "create", // push: the user made in Incydr
        "other",  // sync: the provisioning task the push belongs to
        "other",  // push_new_user_success: Okta's own confirmation
    ]
    .iter()
    .map(|a| ((*a).to_owned(), "success".to_owned(), user.to_owned()))
    .collect();
    assert_eq!(events(path), actions);

    let totals = &check(path)["sync_report"]["totals"];
    assert_eq!(totals["created"], 1, "{totals}");
    assert_eq!(totals["updated"], 0, "{totals}");
    assert_eq!(totals["errors"], 0, "{totals}");
}

#[test]
fn a_graph_record_with_empty_identity_details_names_the_user_from_its_steps() {
    let path = "fixtures/shapes/graph-provisioning-empty-details.json";
    let user = "tomas.lindqvist@example.org";
    assert_eq!(
        events(path),
        [(
            "deactivate".to_owned(),
            "failure".to_owned(),
            user.to_owned()
        )]
    );
    let report = check(path);
    let findings = report["findings"].as_array().expect("findings");
    let about: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap_or("");
            (rule, f["subjects"]["user"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(about, [("deprovisioning-failed", user)]);
}
