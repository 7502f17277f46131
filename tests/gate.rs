//! Suppressions in synclint.yaml and baselines, through the real binary.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn check(args: &[&str]) -> (Value, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args(args)
        .output()
        .expect("runs");
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (doc, out.status.code().expect("code"))
}

fn rules(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// The demo export with extra lines appended to its synclint.yaml, in a temp dir.
fn demo_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let config = dir.path().join("synclint.yaml");
    let text = std::fs::read_to_string(&config).expect("config") + extra;
    std::fs::write(config, text).expect("write");
    dir
}

#[test]
fn a_suppression_silences_only_its_subject_and_an_expired_one_is_reported() {
    let dir = demo_with(
        "suppressions:\n  - rule: console-only-user\n    user: breakglass@acme.example\n    reason: local emergency admin, reviewed\n  - rule: role-unavailable\n    group: Security Analysts\n    reason: waiting for support\n    expires: 2026-11-01\n",
    );
    let (doc, _) = check(&[dir.path().to_str().unwrap()]);
    let fired = rules(&doc);
    assert!(
        !fired.contains(&"console-only-user".to_owned()),
        "suppressed: {fired:?}"
    );
    assert!(
        fired.contains(&"role-unavailable".to_owned()),
        "an expired suppression no longer applies"
    );
    assert_eq!(doc["summary"]["suppressed"], 1);
    let expired = doc["summary"]["expired_suppressions"]
        .as_array()
        .expect("expired");
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["rule"], "role-unavailable");
    assert_eq!(expired[0]["expired"], "2026-11-01");
}

#[test]
fn a_suppression_without_a_reason_or_with_a_bad_date_is_a_config_error() {
    let dir = demo_with("suppressions:\n  - rule: console-only-user\n    reason: \"\"\n  - rule: x\n    reason: y\n    expires: soon\n");
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("blank reason") && err.contains("`soon` is not a date"),
        "{err}"
    );
}

#[test]
fn a_baseline_hides_known_findings_and_lists_those_gone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().unwrap();
    let (all, _) = check(&["fixtures/demo", "--write-baseline", b]);
    let total = all["findings"].as_array().expect("findings").len();
    assert!(total > 5);
    let (again, code) = check(&["fixtures/demo", "--baseline", b]);
    assert_eq!(
        again["findings"].as_array().map(Vec::len),
        Some(0),
        "nothing new"
    );
    assert_eq!(again["summary"]["baselined"], total);
    assert_eq!(code, 0, "no new finding, no failure");
    // A baseline entry that no longer occurs is listed for clean-up.
    let mut file: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    file["findings"].as_array_mut().unwrap().push(
        serde_json::json!({"fingerprint": "00", "rule": "gone-rule", "message": "fixed long ago"}),
    );
    std::fs::write(&baseline, file.to_string()).unwrap();
    let (third, _) = check(&["fixtures/demo", "--baseline", b]);
    let stale = third["summary"]["stale_baseline"]
        .as_array()
        .expect("stale");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["rule"], "gone-rule");
}

/// Record the demo's `role-unavailable` findings as the baseline at `path`.
fn baseline_of_role_unavailable(path: &str) {
    let (_, code) = check(&[
        "fixtures/demo",
        "--select",
        "role-unavailable",
        "--write-baseline",
        path,
    ]);
    assert_eq!(code, 1, "the demo has role-unavailable errors");
}

#[test]
fn new_findings_are_reported_against_an_older_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("b.json");
    let b = baseline.to_str().unwrap();
    baseline_of_role_unavailable(b);
    let (doc, code) = check(&[
        "fixtures/demo",
        "--baseline",
        b,
        "--select",
        "role-unavailable,organization-unavailable",
    ]);
    assert_eq!(rules(&doc), vec!["organization-unavailable"]);
    assert_eq!(code, 1);
    assert!(Path::new(&baseline).exists());
}

/// One file as `--baseline` and `--write-baseline`: the run is judged against the last
/// run's findings, then records its own, so each run shows only what is new since the last.
#[test]
fn one_file_kept_as_the_rolling_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let baseline = dir.path().join("b.json");
    let b = baseline.to_str().unwrap();
    baseline_of_role_unavailable(b);
    let both = "role-unavailable,organization-unavailable";
    let rolling = [
        "fixtures/demo",
        "--select",
        both,
        "--baseline",
        b,
        "--write-baseline",
        b,
    ];
    let (doc, code) = check(&rolling);
    assert_eq!(
        rules(&doc),
        vec!["organization-unavailable"],
        "new since the last run"
    );
    assert_eq!(code, 1);
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let recorded_rules: Vec<&str> = recorded["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        recorded_rules.contains(&"role-unavailable"),
        "{recorded_rules:?}"
    );
    assert!(
        recorded_rules.contains(&"organization-unavailable"),
        "{recorded_rules:?}"
    );
    let (doc, code) = check(&rolling);
    assert!(
        rules(&doc).is_empty(),
        "nothing new the second time: {:?}",
        rules(&doc)
    );
    assert_eq!(code, 0);
}
