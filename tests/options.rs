//! The command line becomes plain options once, at the top: values with a shape of their
//! own are parsed by clap (which refuses a bad one with its own tip), and `rules`/`explain`
//! take `--config` as `check` does, with versioned JSON from `rules` and `test`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use clap::Parser;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use synclint::cli::Cli;
use synclint::input::InputKind;
use synclint::options::{self, Command as Run};
use synclint::report::OutputFormat;
use synclint::rules::Severity;

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check_options(args: &[&str]) -> options::CheckOptions {
    let mut argv = vec!["synclint", "check"];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).expect("parses");
    match synclint::cli::options(&cli).expect("options").command {
        Run::Check(check) => *check,
        other => panic!("not a check: {other:?}"),
    }
}

#[test]
fn flags_become_typed_options() {
    let check = check_options(&[
        "exports",
        "--kind",
        "idp-users=people.json",
        "--format",
        "JSON",
        "--format",
        "sarif=out.sarif",
        "--severity",
        "user-without-role=Error",
        "--fail-on",
        "never",
        "--now",
        "2026-11-28T12:00:00Z",
        "--since",
        "24h",
    ]);
    assert_eq!(
        check.input.files,
        vec![
            (PathBuf::from("exports"), None),
            (PathBuf::from("people.json"), Some(InputKind::IdpUsers))
        ]
    );
    let formats: Vec<_> = check
        .outputs
        .iter()
        .map(|o| (o.format, o.path.clone()))
        .collect();
    assert_eq!(
        formats,
        vec![
            (OutputFormat::Json, None),
            (OutputFormat::Sarif, Some(PathBuf::from("out.sarif")))
        ]
    );
    assert_eq!(
        check.severities,
        vec![("user-without-role".to_owned(), Severity::Error)]
    );
    assert_eq!(check.fail_on, None);
    assert_eq!(check.now.to_rfc3339(), "2026-11-28T12:00:00+00:00");
    assert!(check.window.since.is_some() && check.window.until.is_none());
}

#[test]
fn two_reports_to_standard_output_are_refused_when_options_are_made() {
    let cli = Cli::try_parse_from(["synclint", "check", "--format", "json", "--format", "sarif"])
        .expect("parses");
    let err = synclint::cli::options(&cli).expect_err("refused");
    assert_eq!(err.exit_code(), 2);
}

/// Two things of one run to one file would leave only the later: refused, naming both,
/// before anything runs, however the path is spelt.
#[test]
fn two_reports_to_one_file_are_refused_when_options_are_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("out.json").display().to_string();
    let spelt = dir.path().join(".").join("out.json").display().to_string();
    let cases = [
        (
            format!("--format=json={file} --format=sarif={spelt}"),
            "json and sarif",
        ),
        (
            format!("--format=html={file} --write-baseline={spelt}"),
            "html and the baseline",
        ),
        (
            format!("--format=human --output={file} --format=junit={spelt}"),
            "human and junit",
        ),
    ];
    for (flags, named) in cases {
        let mut argv = vec!["synclint", "check", "fixtures/demo"];
        argv.extend(flags.split(' '));
        let cli = Cli::try_parse_from(&argv).expect("parses");
        let err = synclint::cli::options(&cli).expect_err("refused");
        assert_eq!(err.exit_code(), 2, "{argv:?}");
        assert!(err.to_string().starts_with(named), "{argv:?}: {err}");
    }
    let json = format!("--format=json={file}");
    let two_files = ["synclint", "check", &json, "--format=sarif=other.sarif"];
    let cli = Cli::try_parse_from(two_files).expect("parses");
    assert!(synclint::cli::options(&cli).is_ok());
    assert!(!Path::new(&file).exists(), "nothing is written");
}

/// clap refuses a misspelt name itself, exit 2, and suggests the one meant.
#[test]
fn clap_refuses_bad_values_with_a_suggestion() {
    for (args, meant) in [
        (&["check", "fixtures/demo", "--format", "jsno"][..], "json"),
        (
            &["check", "--kind", "idp-user=people.json"][..],
            "idp-users",
        ),
        (
            &["check", "--severity", "user-without-role=warn"][..],
            "warning",
        ),
    ] {
        let out = synclint(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("invalid value")
                && err.contains(&format!("similar value exists: '{meant}'")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn clap_refuses_values_of_the_wrong_shape() {
    for (args, flag) in [
        (&["check", "--now", "yesterday"][..], "--now"),
        (&["test", "--now", "soon"][..], "--now"),
        (&["notify", "--now", "2026-13-01"][..], "--now"),
        (&["check", "--kind", "idp-users"][..], "--kind"),
        (
            &["check", "--severity", "user-without-role"][..],
            "--severity",
        ),
    ] {
        let out = synclint(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("invalid value") && err.contains(flag) && err.contains("try '--help'"),
            "{args:?}: {err}"
        );
    }
}

const RULE: &str = "id: team-only-rule\ntitle: A team rule\nseverity: info\ncategory: team\ndocs: {what: Team what., why: Team why., fix: Team fix.}\ndataset: users\nwhen: {field: username, exists: true}\nmessage: m\nfix: [x]\n";

/// A folder holding `synclint.yaml` whose `rules.paths` names a folder of one team rule.
fn team_config(dir: &Path) -> PathBuf {
    let team = dir.join("team");
    std::fs::create_dir(&team).expect("mkdir");
    std::fs::write(team.join("team-only-rule.yaml"), RULE).expect("write");
    let config = dir.join("synclint.yaml");
    std::fs::write(
        &config,
        "version: 1\nprovider: okta\nrole_mappings:\n  - group: Incydr Users\n    roles: [desktop-user]\nrules:\n  paths: [./team]\n",
    )
    .expect("write");
    config
}

#[test]
fn rules_and_explain_read_the_team_rules_of_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = team_config(dir.path());
    let config = config.to_str().expect("utf8");
    let listed = synclint(&["rules", "--config", config]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("team-only-rule"));
    let without = synclint(&["rules"]);
    assert!(!String::from_utf8_lossy(&without.stdout).contains("team-only-rule"));
    let explained = synclint(&["explain", "team-only-rule", "--config", config]);
    assert_eq!(explained.status.code(), Some(0), "{}", stderr(&explained));
    assert!(String::from_utf8_lossy(&explained.stdout).contains("Team why."));
    let missing = synclint(&["rules", "--config", "no-such.yaml"]);
    assert_ne!(missing.status.code(), Some(0));
}

#[test]
fn rules_and_test_write_versioned_json_documents() {
    let check = synclint(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--now",
        "2026-11-28T12:00:00Z",
    ]);
    let check: Value = serde_json::from_slice(&check.stdout).expect("check JSON");
    let rules = synclint(&["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&rules.stdout).expect("rules JSON");
    assert_eq!(rules["version"], check["version"]);
    assert_eq!(rules["tool"], check["tool"]);
    assert!(rules["rules"].as_array().is_some_and(|r| !r.is_empty()));
    let tests = synclint(&["test", "--format", "json"]);
    assert_eq!(tests.status.code(), Some(0), "{}", stderr(&tests));
    let tests: Value = serde_json::from_slice(&tests.stdout).expect("test JSON");
    assert_eq!(tests["version"], check["version"]);
    let first = &tests["tests"][0];
    assert!(
        first["rule"].is_string() && first["passed"].is_u64(),
        "{first}"
    );
}
