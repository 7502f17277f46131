//! Every rule has a pair of small exports under `fixtures/rules/<rule-id>/`: `fire/`
//! makes the rule fire, `pass/` is the same export with the problem fixed. Each is
//! checked through the real binary, in JSON and human form, and both outputs are
//! snapshotted (tests/snapshots/<rule-id>__<fire|pass>__<json|human>.snap).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = "fixtures/rules";
const NOW: &str = "2026-11-28T12:00:00Z";
/// Opt-in rules that are not built in; their fixtures need `--rules` with this folder.
const ATTRIBUTE_MODE: &str = "rules/extra/attribute-mode";
const ATTRIBUTE_MODE_RULES: &[&str] = &[
    "user-organization-attribute-ambiguous",
    "user-organization-attribute-missing",
    "user-organization-unavailable",
];
const CASES: &[&str] = &["fire", "pass"];

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `synclint check <dir> --select <rule> ...` in the given format.
fn check(rule: &str, dir: &Path, format: &str) -> Output {
    let dir = dir.to_str().expect("a UTF-8 path");
    let mut args = vec![
        "check", dir, "--select", rule, "--now", NOW, "--color", "never", "--format", format,
    ];
    if ATTRIBUTE_MODE_RULES.contains(&rule) {
        args.extend(["--rules", ATTRIBUTE_MODE]);
    }
    synclint(&args)
}

/// The rule folders under `fixtures/rules`, sorted.
fn fixture_rules() -> Vec<String> {
    let mut rules: Vec<String> = std::fs::read_dir(FIXTURES)
        .expect("fixtures/rules exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 folder name")
                .to_owned()
        })
        .collect();
    rules.sort();
    rules
}

/// The rule ids `synclint rules` lists (built-in, plus the attribute-mode pack when asked).
fn listed_rules(with_attribute_mode: bool) -> Vec<String> {
    let mut args = vec!["rules", "--format", "json"];
    if with_attribute_mode {
        args.extend(["--rules", ATTRIBUTE_MODE]);
    }
    let out = synclint(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rules: Value = serde_json::from_slice(&out.stdout).expect("rules JSON");
    rules["rules"]
        .as_array()
        .expect("an array of rules")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The JSON report with the tool version replaced, so snapshots survive version bumps.
fn redact_version(json: &str) -> String {
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        json.matches(&version).count(),
        1,
        "the tool version appears once:\n{json}"
    );
    json.replace(&version, "\"version\": \"[version]\"")
}

/// The JSON check of one fixture, with everything a clean fixture must satisfy asserted.
fn check_json(rule: &str, case: &str, dir: &Path) -> (Value, String) {
    let out = check(rule, dir, "json");
    let stdout = text(&out.stdout);
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{rule}/{case}: not JSON ({e}):\n{stdout}\n{}",
            text(&out.stderr)
        )
    });
    let where_ = format!("{rule}/{case}");
    let summary = &doc["summary"];
    assert_eq!(
        summary["problems"].as_array().map(Vec::len),
        Some(0),
        "{where_}: every input is read: {summary:#}"
    );
    assert_eq!(
        summary["skipped"]["count"], 0,
        "{where_}: no record is skipped: {summary:#}"
    );
    let not_run = summary["rules_not_run"].as_array().expect("rules_not_run");
    assert!(
        !not_run.iter().any(|r| r["rule"] == rule),
        "{where_}: the rule runs (the fixture supplies what it needs): {not_run:?}"
    );
    assert_eq!(
        summary["rules_run"], 1,
        "{where_}: only the selected rule runs"
    );

    let findings = doc["findings"].as_array().expect("findings");
    let mine = findings.iter().filter(|f| f["rule"] == rule).count();
    match case {
        "fire" => {
            assert!(mine >= 1, "{where_}: the rule fires: {findings:#?}");
            assert_eq!(mine, findings.len(), "{where_}: only this rule fires");
            for f in findings {
                assert!(
                    f["fix"].as_array().is_some_and(|steps| !steps.is_empty()),
                    "{where_}: a finding has fix steps: {f:#}"
                );
                // A finding says what it is about: its subjects, or (for a rule about a
                // whole log, such as a burst or a silence) the events behind it.
                assert!(
                    f["subjects"].as_object().is_some_and(|s| !s.is_empty())
                        || f["events"]["count"].as_u64().is_some_and(|n| n > 0),
                    "{where_}: a finding names its subjects or its events: {f:#}"
                );
            }
        }
        _ => assert_eq!(mine, 0, "{where_}: the rule does not fire: {findings:#?}"),
    }

    let errors = summary["by_severity"]["error"]
        .as_u64()
        .expect("error count");
    let expected_code = i32::from(errors > 0);
    assert_eq!(
        out.status.code(),
        Some(expected_code),
        "{where_}: exit code (error findings fail the check)\n{}",
        text(&out.stderr)
    );
    (doc, redact_version(&stdout))
}

/// The human check of one fixture, checked against what the JSON report said.
fn check_human(rule: &str, case: &str, dir: &Path, doc: &Value) -> String {
    let out = check(rule, dir, "human");
    let human = text(&out.stdout);
    let where_ = format!("{rule}/{case}");
    assert!(
        out.stderr.is_empty(),
        "{where_}: nothing on stderr: {}",
        text(&out.stderr)
    );
    assert!(!human.contains('\u{1b}'), "{where_}: no colour codes");
    let heading = format!("[{rule}]");
    let findings = doc["findings"].as_array().expect("findings");
    if case == "fire" {
        assert!(
            human.contains(&heading),
            "{where_}: {heading} shown:\n{human}"
        );
        assert!(
            human.contains("1. ") && human.contains("2. "),
            "{where_}: fix steps are numbered:\n{human}"
        );
        for f in findings {
            let in_config = f["location"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("synclint.yaml"));
            if in_config {
                // A finding about the configuration shows the YAML line, labelled with the rule.
                let line = f["location"]["line"].as_u64().expect("a line");
                let numbered = format!(" {line} │ ");
                assert!(
                    human.contains(&numbered),
                    "{where_}: YAML line {line} shown:\n{human}"
                );
                assert!(
                    human.contains(&format!("╰── {rule}")),
                    "{where_}: labelled with the rule:\n{human}"
                );
            }
        }
    } else {
        assert!(!human.contains(&heading), "{where_}: not shown:\n{human}");
    }
    for noise in ["Not used", "Skipped", "not run"] {
        assert!(
            !human.contains(noise),
            "{where_}: a clean fixture has no `{noise}` line:\n{human}"
        );
    }
    let last = human.trim_end().lines().last().unwrap_or_default();
    let count = findings.len();
    assert!(
        last.starts_with(&format!("{count} finding(s)")) && last.ends_with("0 record(s) skipped"),
        "{where_}: summary line: {last}"
    );
    human
}

#[test]
fn every_rule_fixture_fires_or_passes_as_named() {
    let rules = fixture_rules();
    assert!(!rules.is_empty(), "no fixtures under {FIXTURES}");
    for rule in &rules {
        for case in CASES {
            let dir = PathBuf::from(FIXTURES).join(rule).join(case);
            assert!(dir.is_dir(), "{} is missing", dir.display());
            let (doc, json) = check_json(rule, case, &dir);
            let human = check_human(rule, case, &dir, &doc);
            insta::with_settings!({
                snapshot_path => "snapshots",
                prepend_module_to_snapshot => false,
                description => format!("synclint check {} --select {rule}", dir.display()),
                omit_expression => true,
            }, {
                insta::assert_snapshot!(format!("{rule}__{case}__json"), json);
                insta::assert_snapshot!(format!("{rule}__{case}__human"), human);
            });
        }
    }
}

#[test]
fn every_rule_has_a_fire_and_a_pass_fixture() {
    let mut missing = Vec::new();
    for rule in listed_rules(true) {
        for case in CASES {
            let dir = Path::new(FIXTURES).join(&rule).join(case);
            if !dir.is_dir() {
                missing.push(dir.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixtures (add a fire/ and a pass/ export): {missing:#?}"
    );
}

#[test]
fn the_builtin_rules_and_the_attribute_mode_pack_are_all_covered() {
    let builtin = listed_rules(false);
    assert!(builtin.len() >= 12, "built-in rules: {builtin:?}");
    let all = listed_rules(true);
    for id in ATTRIBUTE_MODE_RULES {
        assert!(
            all.iter().any(|r| r == id) && !builtin.iter().any(|r| r == id),
            "{id} comes from {ATTRIBUTE_MODE}, not the built-in pack"
        );
    }
    // No stray fixture folder: each one names a rule (else `--select` would reject it).
    for folder in fixture_rules() {
        assert!(
            all.contains(&folder),
            "fixtures/rules/{folder} names no rule"
        );
    }
}
