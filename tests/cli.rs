//! End-to-end: the real binary on real files.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_check(args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"];
    all.extend_from_slice(args);
    let out = synclint(&all);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    (doc, out.status.code().expect("exit code"))
}

fn rules_fired(doc: &Value) -> Vec<String> {
    let mut ids: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Built-in rules the demo cannot fire, and why; each fires on its own fixture.
const NOT_ON_DEMO: &[(&str, &str)] = &[
    (
        "users-unlisted",
        "it needs a snapshot that is one page of a longer list, and then no user is missing \
         from that side: console-only-user and idp-user-not-provisioned could not fire",
    ),
    (
        "idp-groups-unknown",
        "the demo reads its groups with their members, which every mapping rule on the demo \
         needs; without them those rules would have nothing to say",
    ),
    (
        "okta-app-user-not-synced",
        "it reads `syncState`, which only Okta's list of an app's users has; the demo's \
         identity-provider snapshot is SCIM, which the rest of the demo is built on",
    ),
];

#[test]
fn the_demo_fires_every_builtin_rule() {
    let (doc, code) = json_check(&["fixtures/demo"]);
    assert_eq!(code, 1, "the demo has errors");
    let fired = rules_fired(&doc);
    let listed = synclint(&["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&listed.stdout).expect("rules JSON");
    for rule in rules["rules"].as_array().expect("array") {
        let id = rule["id"].as_str().expect("id");
        if let Some((_, why)) = NOT_ON_DEMO.iter().find(|(rule, _)| *rule == id) {
            assert!(!fired.iter().any(|f| f == id), "{id} fires on the demo");
            let fixture = format!("fixtures/rules/{id}/fire");
            let (own, _) = json_check(&[fixture.as_str()]);
            assert!(
                rules_fired(&own).iter().any(|f| f == id),
                "{id} does not fire on {fixture} (it is not on the demo because {why})"
            );
            continue;
        }
        assert!(
            fired.iter().any(|f| f == id),
            "{id} does not fire on the demo; fired: {fired:?}"
        );
    }
    assert_eq!(
        doc["summary"]["problems"].as_array().map(Vec::len),
        Some(0),
        "{}",
        doc["summary"]
    );
    let files = std::fs::read_dir("fixtures/demo").expect("demo").count();
    assert_eq!(
        doc["summary"]["inputs"].as_array().map(Vec::len),
        Some(files),
        "every demo file is read"
    );
}

#[test]
fn json_findings_carry_the_documented_fields() {
    let (doc, _) = json_check(&["fixtures/demo", "--select", "role-unavailable"]);
    assert_eq!(doc["version"], 1);
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f["rule"], "role-unavailable");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["subjects"]["group"], "Security Analysts");
    assert_eq!(f["subjects"]["role"], "security-center-user");
    assert!(f["fix"].as_array().expect("fix").len() >= 3);
    assert!(f["location"]["path"]
        .as_str()
        .expect("path")
        .ends_with("synclint.yaml"));
    let config = std::fs::read_to_string("fixtures/demo/synclint.yaml").expect("demo config");
    let line = config
        .lines()
        .position(|l| l.contains("security-center-user"))
        .expect("line")
        + 1;
    assert_eq!(f["location"]["line"], line);
    assert_eq!(doc["summary"]["by_severity"]["error"], 1);
}

#[test]
fn human_output_shows_the_config_line_and_numbered_fix_steps() {
    let out = synclint(&[
        "check",
        "fixtures/demo",
        "--select",
        "role-unavailable",
        "--color",
        "never",
    ]);
    let text = stdout(&out);
    assert!(text.contains("error[role-unavailable]"), "{text}");
    assert!(
        text.contains("roles: [desktop-user, security-center-user]"),
        "the YAML line is shown:\n{text}"
    );
    assert!(text.contains("1. ") && text.contains("2. "), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when asked for none");
    assert!(
        text.trim_end()
            .lines()
            .last()
            .expect("summary")
            .starts_with("1 finding(s): 1 error(s)"),
        "{text}"
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let warn_only = ["fixtures/demo", "--select", "mapping-group-unknown"];
    assert_eq!(
        json_check(&warn_only).1,
        0,
        "warnings do not fail by default"
    );
    let mut strict = warn_only.to_vec();
    strict.extend(["--fail-on", "warning"]);
    assert_eq!(json_check(&strict).1, 1);
    let (_, code) = json_check(&["fixtures/demo", "--fail-on", "never"]);
    assert_eq!(code, 0);
}

#[test]
fn select_ignore_and_severity_overrides() {
    let (doc, _) = json_check(&[
        "fixtures/demo",
        "--select",
        "category:drift",
        "--ignore",
        "console-only-user",
        "--severity",
        "console-role-drift=error",
    ]);
    let fired = rules_fired(&doc);
    assert!(
        fired.iter().all(|r| r.starts_with("console-")
            || r == "idp-user-not-provisioned"
            || r == "active-state-unknown"),
        "{fired:?}"
    );
    assert!(!fired.contains(&"console-only-user".to_owned()));
    let drift = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "console-role-drift")
        .expect("drift");
    assert_eq!(drift["severity"], "error");
}

#[test]
fn bad_invocations_exit_2() {
    assert_eq!(
        synclint(&["check", "--select", "no-such-rule", "fixtures/demo"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        synclint(&["check", "--kind", "nonsense=x.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        synclint(&["check", "--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn an_invalid_config_exits_3_and_points_at_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("synclint.yaml");
    std::fs::write(
        &config,
        "version: 1\nprovider: okta\nrole_mappings:\n  - group: A\n    rolez: [x]\n",
    )
    .expect("write");
    let out = synclint(&[
        "check",
        "--config",
        config.to_str().expect("utf8"),
        "--color",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("rolez"), "{err}");
    assert!(err.contains(":5:"), "names line 5: {err}");
}

#[test]
fn an_invalid_rule_folder_exits_3_with_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.yaml"), "id: Bad_Id\ntitle: t\nseverity: fatal\ncategory: c\ndocs: {what: w, why: y, fix: f}\ndataset: users\nwhen: {field: username, exists: true}\nmessage: m\nfix: [x]\n").expect("write");
    std::fs::write(dir.path().join("b.yaml"), "id: b\ntitle: t\nseverity: info\ncategory: c\ndocs: {what: w, why: y, fix: f}\ndataset: userz\nwhen: {field: username, exists: true}\nmessage: m\nfix: [x]\n").expect("write");
    let out = synclint(&[
        "check",
        "--rules",
        dir.path().to_str().expect("utf8"),
        "fixtures/demo",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    for needle in ["Bad_Id", "fatal", "userz", "did you mean `users`?"] {
        assert!(err.contains(needle), "missing {needle}: {err}");
    }
}

#[test]
fn an_unreadable_input_exits_4_but_the_rest_is_checked() {
    let (doc, code) = json_check(&["fixtures/demo", "no/such/file.json"]);
    assert_eq!(code, 4);
    assert!(!doc["findings"].as_array().expect("findings").is_empty());
    let problems = doc["summary"]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "unreadable");
}

#[test]
fn unrecognised_files_are_reported_not_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.json"), "[{\"hello\": 1}]").expect("write");
    let (doc, code) = json_check(&[dir.path().to_str().expect("utf8")]);
    assert_eq!(code, 0);
    let problems = doc["summary"]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "unrecognized");
    assert!(problems[0]["reason"]
        .as_str()
        .expect("reason")
        .contains("hello"));
}

#[test]
fn without_inputs_for_a_rule_it_is_listed_as_not_run() {
    let (doc, _) = json_check(&["fixtures/demo/synclint.yaml", "fixtures/demo/roles.json"]);
    let not_run = doc["summary"]["rules_not_run"].as_array().expect("not run");
    let drift = not_run
        .iter()
        .find(|r| r["rule"] == "console-role-drift")
        .expect("listed");
    assert!(drift["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .any(|d| d == "console_users"));
    assert_eq!(
        rules_fired(&doc),
        vec!["mapping-duplicate", "role-unavailable"]
    );
}

#[test]
fn explain_and_schema_print_documentation() {
    let out = synclint(&["explain", "organization-unavailable"]);
    let text = stdout(&out);
    assert!(
        text.contains("What it detects") && text.contains("Create organization"),
        "{text}"
    );
    assert_eq!(synclint(&["explain", "nope"]).status.code(), Some(2));
    for which in ["rule", "config"] {
        let schema: Value =
            serde_json::from_slice(&synclint(&["schema", which]).stdout).expect("schema is JSON");
        assert!(schema["properties"].is_object(), "{which}: {schema}");
    }
}

/// `check` of the demo with its JSON report written to `path`.
fn check_demo_json_to(path: &str) -> Output {
    synclint(&[
        "check",
        "fixtures/demo",
        "--format",
        "json",
        "--output",
        path,
    ])
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.json");
    let out = check_demo_json_to(file.to_str().expect("utf8"));
    assert!(out.stdout.is_empty());
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert!(doc["summary"]["findings"].as_u64().expect("count") > 10);
    assert!(Path::new(&file).exists());
}

/// `--output` naming a pipe (as `/dev/null` or `/dev/stdout` are not plain files either) writes
/// into it; replacing it with a plain file would break whatever reads it.
#[cfg(unix)]
#[test]
fn output_to_a_pipe_streams_into_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("reader");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reading = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the pipe"))
    };
    let path = fifo.to_str().expect("utf8");
    let out = check_demo_json_to(path);
    assert!(out.stdout.is_empty());
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(!kind.is_file(), "the pipe was replaced by a plain file");
    let doc: Value = serde_json::from_str(&reading.join().expect("reader")).expect("JSON");
    assert!(doc["summary"]["findings"].as_u64().expect("count") > 10);
}

/// A report that cannot be written (a full disk: `/dev/full`) is an output error, exit code 4,
/// naming the place and the cause once.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_output_error_said_once() {
    let out = synclint(&["check", "fixtures/demo", "--output", "/dev/full"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cannot write the report to /dev/full"),
        "{err}"
    );
    assert_eq!(err.matches("No space left on device").count(), 1, "{err}");
    let kind = std::fs::symlink_metadata("/dev/full")
        .expect("there")
        .file_type();
    assert!(!kind.is_file(), "/dev/full was replaced by a plain file");
}

/// A reader that stops reading (`synclint check | head`) is not an error: nothing is printed
/// about it, the report written to a file in the same run is whole, and the exit code is the
/// check's own (1: the demo has errors), not the output error's 4.
#[test]
fn a_reader_that_stops_reading_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("report.json");
    let json = format!("json={}", file.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "fixtures/demo",
            "--format",
            "human",
            "--format",
            &json,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Closed before the report is written: every write to standard output fails (EPIPE).
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("it ends");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("written"))
        .expect("the file report is whole");
    assert!(doc["summary"]["findings"].as_u64().expect("count") > 10);
}
