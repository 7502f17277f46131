//! YAML errors in synclint.yaml and rule files speak to the user: no parser internals,
//! no position the label already shows, and the commands their help names work as written.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Stdio};

fn stderr_of(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` with miette's wrapping undone: one space between words, no gutter bars.
fn flat(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `synclint schema ...` command quoted in `text`.
fn schema_commands(text: &str) -> Vec<Vec<String>> {
    flat(text)
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|quoted| quoted.starts_with("synclint schema"))
        .map(|quoted| quoted.split(' ').skip(1).map(str::to_owned).collect())
        .collect()
}

fn check_quoted_commands_run(stderr: &str) {
    let commands = schema_commands(stderr);
    assert!(!commands.is_empty(), "no schema command named: {stderr}");
    for args in commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, err) = stderr_of(&args);
        assert_eq!(code, 0, "`synclint {}` fails: {err}", args.join(" "));
    }
}

#[test]
fn a_repeated_key_in_the_configuration_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("synclint.yaml");
    std::fs::write(
        &config,
        "version: 1\nprovider: okta\nprovider: entra\nrole_mappings: []\n",
    )
    .unwrap();
    let (code, err) = stderr_of(&["check", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    assert!(
        flat(&err).contains("key `provider` appears twice: first on line 2"),
        "{err}"
    );
    assert!(!err.contains("DuplicateKeyPolicy"), "{err}");
    assert!(
        !flat(&err).contains("at line 3"),
        "the label shows it: {err}"
    );
    check_quoted_commands_run(&err);
}

#[test]
fn a_bad_rule_file_names_a_schema_command_that_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.yaml"), "id: r\nbogus: 1\n").unwrap();
    let (code, err) = stderr_of(&["test", dir.path().to_str().unwrap()]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("unknown key `bogus`"), "{err}");
    check_quoted_commands_run(&err);
}

#[test]
fn every_broken_part_of_a_configuration_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("synclint.yaml");
    std::fs::write(
        &config,
        "version: 1\nprovider: okta\nrole_mappings:\n  - group: A\n    rolez: [desktop-user]\n\
         \x20 - group: B\n    roles: desktop-user\norganization_mapping:\n  mode: groups\n  groups:\n\
         \x20   - group: Engineering\n      organisation: Engineering\n",
    )
    .unwrap();
    let (code, err) = stderr_of(&["check", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 3, "{err}");
    let flat = flat(&err);
    for (said, line) in [
        ("unknown key `rolez`", 5),
        ("expected a list", 7),
        ("unknown key `organisation`", 12),
    ] {
        assert!(flat.contains(said), "{said} missing: {err}");
        assert!(
            err.contains(&format!("synclint.yaml:{line}:")),
            "no label on line {line}: {err}"
        );
    }
}

#[test]
fn every_broken_part_of_a_rule_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.yaml"),
        "id: r\ntitle: T\nseverity: warning\ncategory: c\ndocs: { what: w, why: y, fix: f }\n\
         dataset: events\nwhen:\n  all:\n    - { field: status, equal: failure }\n\
         \x20   - { field: user, exists: true }\nmessage: m\nfix: [f]\nbogus: 1\n",
    )
    .unwrap();
    let (code, err) = stderr_of(&["test", dir.path().to_str().unwrap()]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("unknown key `equal`"), "{err}");
    assert!(err.contains("unknown key `bogus`"), "{err}");
}
