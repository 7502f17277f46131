//! `synclint trace` end to end on the demo and on made-up inputs: each link of the
//! chain, the events, the findings, the break, the formats, `--redact`, and people known
//! to nothing, to the console only, or to the logs only.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::{Command, Output};

const NOW: &str = "2026-11-30T00:00:00Z";

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `trace USER INPUTS... --format json`, with its exit code.
fn trace_json(user: &str, inputs: &[&str]) -> (Value, i32) {
    let mut args = vec!["trace", user, "--format", "json", "--now", NOW];
    args.extend_from_slice(inputs);
    let out = synclint(&args);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            text(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().expect("exit code"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string"))
        .collect()
}

#[test]
fn frank_is_inactive_in_the_idp_active_in_the_console_and_his_deactivations_failed() {
    let (doc, code) = trace_json("Frank.Left@ACME.example", &["fixtures/demo"]);
    assert_eq!(code, 0);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["user"], "frank.left@acme.example");
    assert_eq!(doc["idp"]["present"], true);
    assert_eq!(doc["idp"]["state"], "inactive");
    assert_eq!(doc["idp"]["id"], "00u6frank");
    assert!(strings(&doc["idp"]["groups"]).contains(&"Engineering"));
    assert_eq!(doc["console"]["state"], "active");
    assert_eq!(doc["console"]["user_id"], "u-frank");
    assert_eq!(doc["console"]["at"], "fixtures/demo/users.csv:7:1");
    let events = doc["events"].as_array().expect("events");
    assert_eq!(
        events.len(),
        1,
        "two alike failures make one line: {events:?}"
    );
    assert_eq!(events[0]["count"], 2);
    assert_eq!(events[0]["action"], "deactivate");
    assert_eq!(events[0]["status"], "failure");
    assert_eq!(events[0]["first"], "2026-11-27 16:10:00 UTC");
    assert_eq!(events[0]["last"], "2026-11-27 16:50:00 UTC");
    assert_eq!(events[0]["at"], "fixtures/demo/sync-log.csv:83:1");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        rules,
        ["deprovisioning-failed", "console-status-drift"],
        "root cause first"
    );
    assert_eq!(doc["findings"][0]["root_cause"], true);
    assert_eq!(doc["findings"][1]["caused_by"], "deprovisioning-failed");
    assert!(!doc["findings"][0]["fix"]
        .as_array()
        .expect("fix")
        .is_empty());
    assert_eq!(doc["break"]["link"], "console");
    let summary = doc["break"]["summary"].as_str().expect("summary");
    assert!(
        summary.contains("inactive in the identity provider but active"),
        "{summary}"
    );
    assert!(
        summary.contains("2 deactivate event(s) failed"),
        "{summary}"
    );
}

#[test]
fn the_mapping_link_shows_each_grant_and_the_role_the_environment_lacks() {
    // Found by IdP id.
    let (doc, _) = trace_json("00u3carol", &["fixtures/demo"]);
    assert_eq!(doc["user"], "carol.analyst@acme.example");
    let grants = doc["mapping"]["grants"].as_array().expect("grants");
    let lacking: Vec<&Value> = grants.iter().filter(|g| g["available"] == false).collect();
    assert_eq!(lacking.len(), 1);
    assert_eq!(lacking[0]["role"], "security-center-user");
    assert_eq!(lacking[0]["group"], "Security Analysts");
    assert_eq!(doc["mapping"]["organization"], "Engineering");
    assert_eq!(doc["mapping"]["organization_source"], "group");
    assert_eq!(doc["mapping"]["in_scope"], true);
    assert_eq!(doc["break"]["link"], "mapping");
    let summary = doc["break"]["summary"].as_str().expect("summary");
    assert!(summary.contains("`security-center-user`"), "{summary}");
    assert!(
        summary.contains("13 role-update event(s) failed"),
        "{summary}"
    );
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        rules.first(),
        Some(&"role-unavailable"),
        "the cause about her group comes first: {rules:?}"
    );
}

#[test]
fn a_console_role_the_idp_does_not_grant_breaks_at_the_console() {
    // Found by Incydr user id.
    let (doc, _) = trace_json("U-HEIDI", &["fixtures/demo"]);
    assert_eq!(doc["user"], "heidi.eng@acme.example");
    assert!(strings(&doc["console"]["roles"]).contains(&"customer-cloud-admin"));
    assert_eq!(doc["break"]["link"], "console");
    assert!(doc["break"]["summary"]
        .as_str()
        .expect("s")
        .contains("`customer-cloud-admin`"));
}

#[test]
fn a_user_unknown_everywhere_is_said_so_with_near_matches() {
    let (doc, code) = trace_json("frank.lef@acme.example", &["fixtures/demo"]);
    assert_eq!(code, 1);
    assert_eq!(doc["found"], false);
    assert_eq!(
        strings(&doc["near"]).first(),
        Some(&"frank.left@acme.example")
    );
    let out = synclint(&["trace", "nobody-at-all", "--now", NOW, "fixtures/demo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("No input knows a user `nobody-at-all`"),
        "{}",
        text(&out)
    );
    assert!(
        !text(&out).contains("Did you mean"),
        "nothing is near: {}",
        text(&out)
    );
}

#[test]
fn a_user_known_only_to_the_console_breaks_at_the_idp_unless_local() {
    let (doc, code) = trace_json("breakglass@acme.example", &["fixtures/demo"]);
    assert_eq!(code, 0);
    assert_eq!(doc["idp"]["present"], false);
    assert_eq!(doc["idp"]["state"], "absent");
    assert_eq!(doc["console"]["present"], true);
    assert!(doc["mapping"]["grants"]
        .as_array()
        .expect("grants")
        .is_empty());
    assert_eq!(doc["break"]["link"], "idp");
    assert_eq!(doc["findings"][0]["rule"], "console-only-user");
}

#[test]
fn a_user_whose_idp_state_is_unknown_breaks_at_the_idp() {
    let (doc, _) = trace_json("finn.contractor@acme.example", &["fixtures/demo"]);
    assert_eq!(doc["idp"]["state"], "unknown");
    assert_eq!(doc["break"]["link"], "idp");
}

/// A folder with a streamed Sync log of `filler` other users' events and three of
/// `zed@acme.example`'s, and no snapshot.
fn logs_only(filler: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut log = String::from(
        "Date,Provisioning Provider,Action,Username,Result,Details,Role,Organization\n",
    );
    for n in 0..filler {
        if n % (filler / 3).max(1) == 7 {
            log += "11/27/2026 4:10:00 PM,Okta,Create user,zed@acme.example,Failed,HTTP 409: conflict,,\n";
        }
        log += &format!(
            "11/27/2026 3:00:00 PM,Okta,Update user,u{n}@acme.example,Success,Profile updated,,\n"
        );
    }
    std::fs::write(dir.path().join("sync-log.csv"), log).expect("log written");
    dir
}

#[test]
fn a_user_known_only_to_the_logs_is_traced_from_a_streamed_log() {
    let dir = logs_only(30_000);
    let path = dir.path().to_str().expect("utf-8");
    let (doc, code) = trace_json("ZED@acme.example", &[path]);
    assert_eq!(code, 0);
    assert_eq!(doc["idp"]["present"], false);
    assert_eq!(doc["console"]["present"], false);
    assert_eq!(doc["events"][0]["count"], 3, "{}", doc["events"]);
    assert_eq!(doc["events"][0]["action"], "create");
    assert_eq!(doc["break"]["link"], "idp");
    assert!(doc["break"]["summary"]
        .as_str()
        .expect("s")
        .contains("3 create event(s) failed"));
}

#[test]
fn human_output_is_the_six_links_within_100_columns() {
    let out = synclint(&[
        "trace",
        "frank.left@acme.example",
        "--now",
        NOW,
        "fixtures/demo",
    ]);
    let shown = text(&out);
    for heading in [
        "1 Identity provider",
        "2 Mapping",
        "3 Incydr console",
        "4 Events",
        "5 Findings",
        "6 Where it breaks",
    ] {
        assert!(shown.contains(heading), "{heading} missing:\n{shown}");
    }
    assert!(
        shown.contains("failed 2 times between 2026-11-27 16:10:00 UTC and"),
        "{shown}"
    );
    for line in shown.lines() {
        assert!(line.chars().count() <= 100, "too wide: {line}");
    }
}

#[test]
fn markdown_output_has_a_section_per_link_and_the_break_on_top() {
    let out = synclint(&[
        "trace",
        "frank.left@acme.example",
        "--format",
        "markdown",
        "--now",
        NOW,
        "fixtures/demo",
    ]);
    let shown = text(&out);
    assert!(
        shown.starts_with("# Trace of frank.left@acme.example"),
        "{shown}"
    );
    assert!(
        shown.contains("**Where it breaks:** at the Incydr console"),
        "{shown}"
    );
    for heading in [
        "## 1. Identity provider",
        "## 2. Mapping",
        "## 3. Incydr console",
        "## 4. Events",
        "## 5. Findings",
    ] {
        assert!(shown.contains(heading), "{heading} missing:\n{shown}");
    }
}

#[test]
fn redact_leaves_no_trace_of_the_person() {
    for format in ["human", "json", "markdown"] {
        let out = synclint(&[
            "trace",
            "frank.left@acme.example",
            "--redact",
            "--format",
            format,
            "--now",
            NOW,
            "fixtures/demo",
        ]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(0));
        for value in ["frank", "Frank", "00u6frank", "u-frank"] {
            assert!(!shown.contains(value), "{format} shows {value}:\n{shown}");
        }
        assert!(shown.contains("Engineering"), "group names stay: {shown}");
    }
}

#[test]
fn a_user_missing_from_one_page_of_a_listing_is_unlisted_not_absent() {
    // The identity provider snapshot is the first page of a SCIM listing without Kara:
    // the chain cannot say she is a console-only account.
    let (doc, _) = trace_json(
        "kara.osei@example.com",
        &["fixtures/rules/users-unlisted/fire"],
    );
    assert_eq!(doc["idp"]["present"], false);
    assert_eq!(doc["idp"]["state"], "unlisted");
    assert_eq!(doc["break"]["link"], "idp");
    let summary = doc["break"]["summary"].as_str().expect("summary");
    assert!(summary.contains("one page of a longer list"), "{summary}");
    let human = text(&synclint(&[
        "trace",
        "kara.osei@example.com",
        "fixtures/rules/users-unlisted/fire",
        "--now",
        NOW,
    ]));
    assert!(human.contains("unlisted: not on the page"), "{human}");
    assert!(!human.contains("absent"), "{human}");
}

#[test]
fn a_cut_off_log_is_named_and_exits_4_rather_than_showing_no_events() {
    // The demo with its Okta log cut short: the trace still shows what the rest says, and
    // says which file it could not use and where it breaks.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let log = dir.path().join("entra-provisioning.json");
    let whole = std::fs::read_to_string(&log).unwrap();
    std::fs::write(&log, &whole[..whole.len() / 2]).unwrap();
    let folder = dir.path().to_str().unwrap();
    let out = synclint(&["trace", "frank@acme.example", folder, "--now", NOW]);
    assert_eq!(out.status.code(), Some(4), "{}", text_of_err(&out));
    let err = text_of_err(&out);
    assert!(err.starts_with("Not used (malformed): "), "{err}");
    assert!(err.contains("entra-provisioning.json:"), "{err}");
    assert!(!text(&out).is_empty(), "the trace is still written");
}

fn text_of_err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An Okta push for the person with Okta id `00u9jo`, logged under their Okta login.
fn okta_conflict(uuid: &str, minute: u32) -> String {
    format!(
        "{{\"uuid\":\"{uuid}\",\"published\":\"2026-11-27T10:{minute:02}:00.000Z\",\
         \"eventType\":\"application.provision.user.push\",\
         \"outcome\":{{\"result\":\"FAILURE\",\"reason\":\"HTTP 409: the user already exists\"}},\
         \"target\":[{{\"type\":\"User\",\"id\":\"00u9jo\",\"alternateId\":\"j.obrien@corp.okta.example\"}},\
         {{\"type\":\"AppInstance\",\"alternateId\":\"Code42 Incydr\"}}]}}\n"
    )
}

#[test]
fn findings_under_the_name_the_persons_own_events_use_are_theirs() {
    // The app users snapshot knows James by his Incydr username and his Okta id; the
    // System Log names him by his Okta login. His events are found by the id, and the
    // conflict found under his Okta login is his too.
    let dir = tempfile::tempdir().unwrap();
    let app_users = r#"[{"id": "00u9jo", "scope": "USER", "status": "PROVISIONED",
        "syncState": "SYNCHRONIZED", "credentials": {"userName": "james@example.com"},
        "profile": {"email": "james@example.com", "displayName": "James O"}}]"#;
    std::fs::write(dir.path().join("okta-app-users.json"), app_users).unwrap();
    let log = okta_conflict("e1", 1) + &okta_conflict("e2", 2);
    std::fs::write(dir.path().join("okta.jsonl"), log).unwrap();
    let folder = dir.path().to_str().unwrap();
    let (doc, code) = trace_json("james@example.com", &[folder]);
    assert_eq!(code, 0, "{doc:#}");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"provisioning-conflict"), "{doc:#}");
    // Traced by the Okta login, which only the logs use, he is still the snapshot's
    // James: his events give his Okta id, which the snapshot knows.
    let (by_login, code) = trace_json("j.obrien@corp.okta.example", &[folder]);
    assert_eq!(code, 0, "{by_login:#}");
    assert_eq!(by_login["user"], "james@example.com", "{by_login:#}");
    assert_eq!(by_login["idp"]["present"], true, "{by_login:#}");
}
