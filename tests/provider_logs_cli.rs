//! Provider exports through the binary: only the Incydr app's provisioning events reach
//! the rules and the sync report, and the summary says what was left out and why.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};

fn check(args: &[&str]) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// `(rule, user)` of every finding, sorted.
fn findings(doc: &Value) -> Vec<(String, Value)> {
    let mut found: Vec<(String, Value)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let rule = f["rule"].as_str().unwrap().to_owned();
            (rule, f["subjects"]["user"].clone())
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    found
}

#[test]
fn sign_ins_locks_and_other_apps_raise_nothing() {
    let doc = check(&["fixtures/logs/okta-mixed-export.jsonl"]);
    assert_eq!(
        findings(&doc),
        [
            (
                "deprovisioning-failed".to_owned(),
                json!("lena.ortiz@example.net")
            ),
            ("deprovisioning-failed".to_owned(), Value::Null),
            ("provisioning-rate-limited".to_owned(), Value::Null),
        ]
    );
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(input["records"], 6);
    assert_eq!(input["not_provisioning"], 6);
    assert_eq!(input["app"]["taken"], json!(["Code42 Incydr"]));
    assert_eq!(input["app"]["other_apps"], 2);
    // The two failed deactivations and the rate limit; not the lock, the sign-ins or Zendesk.
    assert_eq!(doc["sync_report"]["totals"]["errors"], 3);
}

#[test]
fn a_conflict_of_another_app_is_not_incydrs() {
    let doc = check(&["fixtures/logs/entra-diagnostic-mixed.ndjson"]);
    assert_eq!(
        findings(&doc),
        [(
            "provisioning-conflict".to_owned(),
            json!("owen.baptiste@contoso-labs.example")
        )]
    );
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(
        (&input["records"], &input["not_provisioning"]),
        (&json!(3), &json!(2))
    );
    assert_eq!(input["app"]["other_apps"], 1);
    assert_eq!(doc["summary"]["skipped"]["count"], 1);
}

#[test]
fn app_prefixed_conflicts_of_the_older_shapes_fire() {
    // The Graph beta record is a group's create (no user): the group rule's.
    for (path, rule, user) in [
        (
            "fixtures/logs/entra-graph-beta-legacy.json",
            "provisioning-group-conflict",
            Value::Null,
        ),
        (
            "fixtures/logs/entra-provision-on-demand.json",
            "provisioning-conflict",
            json!("noor.haddad@contoso-labs.example"),
        ),
    ] {
        let doc = check(&[path]);
        assert_eq!(findings(&doc), [(rule.to_owned(), user)], "{path}");
    }
}

#[test]
fn the_app_named_in_the_config_is_the_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("synclint.yaml");
    std::fs::write(&config, "version: 1\napp: zendesk\nrole_mappings: []\n").unwrap();
    let doc = check(&[
        "fixtures/logs/entra-diagnostic-mixed.ndjson",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert_eq!(
        findings(&doc),
        [(
            "provisioning-conflict".to_owned(),
            json!("rhea.kovacs@contoso-labs.example")
        )]
    );
    let app = &doc["summary"]["inputs"][0]["app"];
    assert_eq!(app["taken"], json!(["zendesk"]));
    assert_eq!(app["reason"], json!("named by `app:` in synclint.yaml"));
    assert_eq!(app["other_apps"], 2);
}

/// An Okta event line of `event_type` at `time` for the Code42 app.
fn okta_line(time: &str, event_type: &str, result: &str, user: &str) -> String {
    json!({
        "published": time, "eventType": event_type, "outcome": {"result": result},
        "displayMessage": "an event", "target": [
            {"type": "AppInstance", "alternateId": "Code42 Incydr", "displayName": "Code42"},
            {"type": "User", "alternateId": user, "id": "00u1"}
        ]
    })
    .to_string()
}

#[test]
fn sign_ins_do_not_hide_a_stalled_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.jsonl");
    let mut lines = vec![okta_line(
        "2025-03-01T08:00:00Z",
        "application.provision.user.push",
        "SUCCESS",
        "a@example.net",
    )];
    for hour in (0..72).step_by(6) {
        let time = format!(
            "2025-03-{:02}T{:02}:00:00Z",
            1 + (8 + hour) / 24,
            (8 + hour) % 24
        );
        lines.push(okta_line(
            &time,
            "user.session.start",
            "SUCCESS",
            "b@example.net",
        ));
    }
    lines.push(okta_line(
        "2025-03-04T08:00:00Z",
        "application.provision.user.push",
        "SUCCESS",
        "c@example.net",
    ));
    std::fs::write(&path, lines.join("\n")).unwrap();
    let doc = check(&[path.to_str().unwrap()]);
    assert_eq!(findings(&doc), [("sync-stale".to_owned(), Value::Null)]);
    assert_eq!(doc["summary"]["inputs"][0]["not_provisioning"], 12);
    // Without the last push, the stall runs to the last sign-in: the end of the data.
    lines.pop();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let doc = check(&[path.to_str().unwrap()]);
    assert_eq!(findings(&doc), [("sync-stale".to_owned(), Value::Null)]);
    let gap = &doc["findings"][0]["message"];
    assert!(gap.as_str().unwrap().contains("2025-03-04 02:00"), "{gap}");
    // The silence counts the provider's events but names none of their users: they are
    // not what it is about.
    let events = &doc["findings"][0]["events"];
    assert_eq!(events["count"], 1, "{events}");
    assert_eq!(events["users"], 0, "{events}");
    assert_eq!(events["user_names"], serde_json::json!([]), "{events}");
}

#[test]
fn a_streamed_okta_export_is_read_as_one_loaded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta-big.jsonl");
    let mixed = std::fs::read_to_string("fixtures/logs/okta-mixed-export.jsonl").unwrap();
    let mut text = mixed.clone();
    let padding = "x".repeat(900);
    let mut sign_ins = 0u64;
    while text.len() < 17 * 1024 * 1024 {
        let line = json!({"published": "2025-03-03T07:00:00Z", "eventType": "user.session.start",
                          "outcome": {"result": "SUCCESS"}, "displayMessage": padding});
        text.push_str(&line.to_string());
        text.push('\n');
        sign_ins += 1;
    }
    std::fs::write(&path, text).unwrap();
    let doc = check(&[path.to_str().unwrap()]);
    let small = check(&["fixtures/logs/okta-mixed-export.jsonl"]);
    assert_eq!(findings(&doc), findings(&small));
    let input = &doc["summary"]["inputs"][0];
    assert_eq!(input["not_provisioning"], 6 + sign_ins);
    assert_eq!(input["app"], small["summary"]["inputs"][0]["app"]);
    assert_eq!(doc["sync_report"]["totals"], small["sync_report"]["totals"]);
}

#[test]
fn the_sync_report_command_counts_the_same() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "report",
            "fixtures/logs/okta-mixed-export.jsonl",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = doc.to_string();
    assert!(text.contains("\"not_provisioning\":6"), "{text}");
    assert!(text.contains("\"other_apps\":2"), "{text}");
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["report", "fixtures/logs/okta-mixed-export.jsonl"])
        .output()
        .expect("runs");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains("(6 records, 6 not about provisioning, 2 of other apps left out)"),
        "{human}"
    );
    assert!(
        human.contains("app `Code42 Incydr` taken: named like Code42, Incydr or CrashPlan"),
        "{human}"
    );
}

/// Every test and script reads only what the repository holds: a clone has nothing
/// beside it.
#[test]
fn no_test_or_script_reads_outside_the_repository() {
    let shared = ["..", "/shared"].concat();
    let mut files = Vec::new();
    let mut folders = vec![std::path::PathBuf::from("tests"), "scripts".into()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 20, "{}", files.len());
    for path in files {
        let text = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&text);
        assert!(!text.contains(&shared), "{} reads {shared}", path.display());
    }
}
