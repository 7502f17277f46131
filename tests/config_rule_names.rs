//! Rule ids and categories named in `synclint.yaml` (`rules.select`, `rules.ignore`)
//! must name loaded rules; a typo is a configuration problem with its line.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests state their expectations this way

use std::path::Path;
use std::process::{Command, Output};

fn check(config: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--color",
        "never",
        "--now",
        "2026-11-28T12:00:00Z",
        "--config",
        config.to_str().expect("utf8"),
    ];
    args.extend_from_slice(extra);
    args.push("fixtures/demo");
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(&args)
        .output()
        .expect("the binary runs")
}

fn write_config(dir: &Path, rules: &str) -> std::path::PathBuf {
    let path = dir.join("synclint.yaml");
    let text = format!(
        "version: 1\nprovider: okta\nrole_mappings:\n  - group: Incydr Users\n    roles: [desktop-user]\n{rules}"
    );
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn unknown_ids_and_categories_exit_3_each_at_its_line_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(
        dir.path(),
        "rules:\n  select:\n    - role-unavailabel\n    - category:drift\n  ignore:\n    - category:mapings\n",
    );
    let out = check(&config, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("2 problems in the configuration"), "{err}");
    assert!(
        err.contains("synclint.yaml:8:"),
        "the select entry's line: {err}"
    );
    assert!(
        err.contains("synclint.yaml:11:"),
        "the ignore entry's line: {err}"
    );
    assert!(err.contains("did you mean `role-unavailable`?"), "{err}");
    assert!(err.contains("did you mean `category:mapping`?"), "{err}");
    assert!(
        !err.contains("category:drift`"),
        "a known category is fine: {err}"
    );
}

#[test]
fn known_ids_from_the_config_run_as_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(
        dir.path(),
        "rules:\n  ignore:\n    - role-unavailable\n    - category:drift\n",
    );
    let out = check(&config, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let fired: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(!fired.contains(&"role-unavailable"), "{fired:?}");
    assert!(!fired.contains(&"console-status-drift"), "{fired:?}");
}

#[test]
fn an_unknown_id_is_listed_with_the_other_configuration_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(
        dir.path(),
        "rules:\n  severity:\n    user-without-role: fatal\n  ignore:\n    - console-only-usr\n",
    );
    let out = check(&config, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("2 problems in the configuration"), "{err}");
    assert!(err.contains("fatal"), "{err}");
    assert!(err.contains("did you mean `console-only-user`?"), "{err}");
}

#[test]
fn a_team_rule_from_rules_paths_may_be_selected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let team = dir.path().join("team");
    std::fs::create_dir(&team).expect("mkdir");
    std::fs::write(team.join("team-rule.yaml"), "id: team-rule\ntitle: t\nseverity: error\ncategory: team\ndocs: {what: w, why: y, fix: f}\ndataset: users\nwhen: {field: username, exists: true}\nmessage: m\nfix: [x]\n").expect("write");
    let config = write_config(
        dir.path(),
        "rules:\n  paths: [./team]\n  select:\n    - team-rule\n",
    );
    let out = check(&config, &["--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|f| f["rule"] == "team-rule"),
        "{findings:?}"
    );
}

/// A severity override for a rule that is not loaded changes nothing: it is reported, in
/// synclint.yaml with its line (exit 3) and on the command line as a usage error (exit 2),
/// with the rule meant.
#[test]
fn a_severity_for_an_unknown_rule_is_reported_with_the_rule_meant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_config(
        dir.path(),
        "rules:\n  severity:\n    user-without-rol: info\n",
    );
    let out = check(&config, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("synclint.yaml:8:"), "its line: {err}");
    assert!(err.contains("did you mean `user-without-role`?"), "{err}");
    let config = write_config(dir.path(), "");
    let out = check(&config, &["--severity", "user-without-rol=info"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean `user-without-role`?"), "{err}");
}
