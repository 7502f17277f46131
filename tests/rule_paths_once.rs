//! A rule file reached twice (the same folder through `--rules` and `rules.paths`, or a
//! folder and a file inside it) is one rule, not a duplicate of itself.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests state their expectations this way

use std::path::Path;
use std::process::{Command, Output};

const RULE: &str = "id: team-rule\ntitle: t\nseverity: info\ncategory: team\ndocs: {what: w, why: y, fix: f}\ndataset: users\nwhen: {field: username, exists: true}\nmessage: m\nfix: [x]\n";

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn team_folder(dir: &Path) -> std::path::PathBuf {
    let team = dir.join("team");
    std::fs::create_dir(&team).expect("mkdir");
    std::fs::write(team.join("team-rule.yaml"), RULE).expect("write");
    team
}

#[test]
fn the_same_folder_named_twice_and_a_file_in_it_load_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let team = team_folder(dir.path());
    let dotted = dir.path().join(".").join("team");
    let file = team.join("team-rule.yaml");
    let out = synclint(&[
        "rules",
        "--rules",
        team.to_str().expect("utf8"),
        "--rules",
        dotted.to_str().expect("utf8"),
        "--rules",
        file.to_str().expect("utf8"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("team-rule").count(), 1, "{text}");
}

#[test]
fn a_folder_in_rules_paths_and_on_the_command_line_loads_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let team = team_folder(dir.path());
    let config = dir.path().join("synclint.yaml");
    std::fs::write(
        &config,
        "version: 1\nprovider: okta\nrole_mappings:\n  - group: Incydr Users\n    roles: [desktop-user]\nrules:\n  paths: [./team]\n",
    )
    .expect("write");
    let out = synclint(&[
        "check",
        "--format",
        "json",
        "--now",
        "2026-11-28T12:00:00Z",
        "--config",
        config.to_str().expect("utf8"),
        "--rules",
        team.to_str().expect("utf8"),
        "fixtures/demo",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the demo's findings, no error: {err}"
    );
    assert!(!err.contains("duplicate rule id"), "{err}");
}

#[test]
fn two_different_files_with_one_id_are_still_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let team = team_folder(dir.path());
    std::fs::write(team.join("copy.yaml"), RULE).expect("write");
    let out = synclint(&["rules", "--rules", team.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("duplicate rule id `team-rule`"), "{err}");
}
