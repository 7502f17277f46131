//! Real export shapes (`fixtures/shapes`, made-up values): what each is read as, how many
//! records are read, not used or skipped and why, and the normalized values.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use synclint::input::{load_file, InputKind, LoadedInput};

mod summary_support;
use summary_support::{not_used, skipped};

const DIR: &str = "fixtures/shapes";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// `synclint check` on the files, as the JSON report.
fn check(names: &[&str]) -> Value {
    let files: Vec<String> = names.iter().map(|n| path(n)).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args(&files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// `(kind, records)` of each input the summary lists.
fn read(report: &Value) -> Vec<(String, u64)> {
    report["summary"]["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| {
            let kind = i["kind"].as_str().expect("kind").to_owned();
            (kind, i["records"].as_u64().expect("records"))
        })
        .collect()
}

fn load(name: &str) -> LoadedInput {
    let file = path(name);
    load_file(Path::new(&file), &file, None).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn field(loaded: &LoadedInput, key: &str) -> Vec<Value> {
    loaded
        .records
        .iter()
        .map(|r| r.value[key].clone())
        .collect()
}

fn rules(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_event_log_of_another_directory_is_not_used() {
    let report = check(&["directory-insights-events.jsonl"]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, "unrecognized");
    assert!(
        problems[0].1.starts_with("looks like an event log of another system (records with `event_type` and `timestamp`; keys seen: @version, auth_method, auth_type, changes,"),
        "{}",
        problems[0].1
    );
    assert_eq!(skipped(&report), Vec::<String>::new());
    assert_eq!(rules(&report), Vec::<String>::new());
}

#[test]
fn onelogin_events_are_not_read_as_console_user_roles() {
    // An event that assigns a role carries `user_id` and `role_id`: without the event
    // fields it looked like a console user's roles.
    let report = check(&["onelogin-events.jsonl"]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].1.starts_with(
            "looks like an event log of another system (records with `event_type_id` and `created_at`;"
        ),
        "{}",
        problems[0].1
    );
    assert_eq!(rules(&report), Vec::<String>::new());
    // The API's response page is not opened: its envelope is OneLogin's, not py42's.
    let page = check(&["onelogin-events-page.json"]);
    assert_eq!(read(&page), vec![]);
    assert_eq!(not_used(&page).len(), 1);
    assert_eq!(rules(&page), Vec::<String>::new());
}

#[test]
fn one_users_roles_response_is_not_used_and_names_the_export_to_use() {
    let report = check(&["user-roles-response.json"]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].1.starts_with("one user's roles"),
        "{}",
        problems[0].1
    );
    assert!(problems[0]
        .1
        .contains("does not say which user, nor list the environment's roles"));
    assert!(problems[0].1.contains("`incydr users roles list`"));
}

#[test]
fn py42_user_by_id() {
    let report = check(&["py42-user-by-id.json"]);
    assert_eq!(read(&report), vec![("console-users".to_owned(), 1)]);
    assert_eq!(not_used(&report), vec![]);
    assert_eq!(skipped(&report), Vec::<String>::new());
    let loaded = load("py42-user-by-id.json");
    let vera = &loaded.records[0].value;
    for (key, want) in [
        ("userId", json!("880011223344")),
        ("legacyUserId", json!("90210")),
        ("username", json!("vera.lind@northwind.example")),
        ("firstName", json!("Vera")),
        ("lastName", json!("Lind")),
        ("active", json!(true)),
        ("email", json!("vera.lind@northwind.example")),
    ] {
        assert_eq!(vera[key], want, "{key}");
    }
}

#[test]
fn py42_users_orgs_and_roles_pages() {
    let report = check(&["py42-users.json", "py42-orgs.json", "py42-roles.json"]);
    assert_eq!(
        read(&report),
        vec![
            ("console-users".to_owned(), 3),
            ("organizations".to_owned(), 2),
            ("roles".to_owned(), 3),
        ]
    );
    assert_eq!(
        skipped(&report),
        vec![
            "7 warning: status `Suspended` is neither Active nor Deactivated; the active state is unknown",
            "8 no username",
        ]
    );
    // Without an identity-provider snapshot nothing is compared: no note about states.
    assert_eq!(rules(&report), Vec::<String>::new());
    let users = load("py42-users.json");
    assert_eq!(users.kind, InputKind::ConsoleUsers);
    assert_eq!(
        field(&users, "active"),
        vec![json!(true), json!(false), Value::Null]
    );
    assert_eq!(
        field(&users, "userId"),
        vec![
            json!("880011223345"),
            json!("880011223346"),
            json!("880011223347")
        ]
    );
    assert_eq!(field(&users, "orgName")[0], "Northwind Staff");
    let orgs = load("py42-orgs.json");
    assert_eq!(field(&orgs, "active"), vec![json!(true), json!(false)]);
    assert_eq!(field(&orgs, "available"), vec![json!(true), json!(false)]);
    let roles = load("py42-roles.json");
    assert_eq!(
        field(&roles, "roleId"),
        vec![
            json!("desktop-user"),
            json!("customer-cloud-admin"),
            json!("watchlist-manager")
        ]
    );
}

#[test]
fn a_partial_scim_listing_has_users_of_unknown_state() {
    let report = check(&["scim-partial-listing.json"]);
    assert_eq!(read(&report), vec![("idp-users".to_owned(), 2)]);
    assert_eq!(skipped(&report), vec!["7 no userName"]);
    let loaded = load("scim-partial-listing.json");
    assert_eq!(field(&loaded, "active"), vec![Value::Null, Value::Null]);
    assert_eq!(
        field(&loaded, "userName"),
        vec![
            json!("olle.berg@northwind.example"),
            json!("siri.ek@northwind.example")
        ]
    );
}

#[test]
fn unknown_states_are_counted_not_compared() {
    // The console has Siri deactivated and Tor in a state py42 does not name; the SCIM
    // listing does not say whether anyone is active.
    let report = check(&["scim-partial-listing.json", "py42-users.json"]);
    let fired = rules(&report);
    assert!(
        !fired.contains(&"console-status-drift".to_owned()),
        "{fired:?}"
    );
    assert!(
        !fired.contains(&"console-only-user".to_owned()),
        "{fired:?}"
    );
    let mut notes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "active-state-unknown")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    notes.sort_unstable();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[0].starts_with("1 user(s) not compared because their active state is unknown (identity provider: absent, console: unknown; e.g. tor.nyman@northwind.example)"), "{notes:?}");
    assert!(notes[1].starts_with("1 user(s) not compared because their active state is unknown (identity provider: unknown, console: active; e.g. olle.berg@northwind.example)"), "{notes:?}");
    assert!(notes[2].starts_with("1 user(s) not compared because their active state is unknown (identity provider: unknown, console: inactive; e.g. siri.ek@northwind.example)"), "{notes:?}");
}

#[test]
fn a_scim_root_query_files_users_and_groups_apart() {
    let report = check(&["scim-root-query.json"]);
    assert_eq!(
        read(&report),
        vec![("idp-users".to_owned(), 1), ("idp-groups".to_owned(), 2)]
    );
    assert_eq!(not_used(&report), vec![]);
    assert_eq!(skipped(&report), Vec::<String>::new());
    let loaded = load("scim-root-query.json");
    assert_eq!(
        field(&loaded, "userName"),
        vec![json!("olle.berg@northwind.example")]
    );
    let (kind, groups) = &loaded.also[0];
    assert_eq!(*kind, InputKind::IdpGroups);
    let names: Vec<&Value> = groups.iter().map(|g| &g.value["displayName"]).collect();
    assert_eq!(names, vec!["Berg Household", "Incydr Users"]);
    assert_eq!(
        groups[1].value["member_ids"],
        json!(["5b0f6b9e-1d42-4c1e-8a11-0000000000a1"])
    );
    assert_eq!(groups[1].location.as_ref().map(|l| l.line), Some(9));
}

#[test]
fn an_organization_attribute_sent_in_an_extension_is_found_and_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args([
            "--rules",
            "rules/extra/attribute-mode",
            &path("entra-extension"),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(
        read(&report),
        vec![
            ("organizations".to_owned(), 2),
            ("idp-users".to_owned(), 3),
            ("config".to_owned(), 0),
        ]
    );
    assert_eq!(skipped(&report), Vec::<String>::new());
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            (
                "user-organization-unavailable".to_owned(),
                "User `leo.strand@northwind.example` has organization attribute `Northwind Slaes` (read from `urn:ietf:params:scim:schemas:extension:northwind:2.0:User:c42OrgName`), which is not an active organization in Incydr".to_owned()
            ),
            (
                "user-organization-attribute-missing".to_owned(),
                "User `mia.falk@northwind.example` has no value in the organization attribute (looked for at the top level of the user and in each of its SCIM extensions), so the organization mapping cannot place them".to_owned()
            ),
            // Entra's SCIM users carry no groups and no groups export was read, so the
            // role mapping (by group) cannot be compared for them: said, not guessed.
            (
                "idp-groups-unknown".to_owned(),
                "3 active user(s) left out of the comparisons that depend on their groups (roles, and organizations placed by group) because nothing read lists their groups (e.g. kari.lund@northwind.example): no groups export, and their records name no groups".to_owned()
            ),
        ]
    );
}

#[test]
fn incydr_json_pretty_output_is_read_object_by_object() {
    let loaded = load("incydr-users-json-pretty.json");
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(
        field(&loaded, "username"),
        vec![
            json!("liv.sandberg@northwind.example"),
            json!("max.holm@northwind.example"),
            json!("nora.vik@northwind.example")
        ]
    );
    assert_eq!(
        field(&loaded, "active"),
        vec![json!(true), json!(false), json!(true)]
    );
    let lines: Vec<u32> = loaded
        .records
        .iter()
        .filter_map(|r| r.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(
        lines,
        vec![1, 16, 31],
        "each record keeps the line it starts on"
    );
}

#[test]
fn a_broken_object_among_pretty_printed_ones_is_malformed_where_it_breaks() {
    let text = std::fs::read_to_string(path("incydr-users-json-pretty.json")).unwrap();
    let cut = text.rfind("\"blocked\"").unwrap();
    let broken = format!("{}\"blocked\": tru\n}}\n", &text[..cut]);
    let err = synclint::input::load_text(broken.as_bytes(), "broken.json", None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    // The error is where the third object breaks, not at the start of the second.
    let line: u32 = err
        .strip_prefix("broken.json:")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!((31..=44).contains(&line), "{err}");
    assert!(err.contains("not valid JSON"), "{err}");
}

#[test]
fn an_entra_csv_download_is_not_read_as_a_sync_log() {
    // The portal's CSV columns are not published; with Entra's change, cycle and job
    // ids and no status object, the file is not guessed at (as a Sync log, the Box row's
    // failure would have counted).
    let report = check(&["entra-portal-download.csv"]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .1
            .starts_with("looks like Entra provisioning logs as the portal's CSV download"),
        "{}",
        problems[0].1
    );
    assert_eq!(rules(&report), Vec::<String>::new());
}

#[test]
fn a_sync_log_with_job_and_cycle_ids_is_still_a_sync_log() {
    // Only all three of Entra's ids (change, cycle, job) mark its CSV download.
    let text = "Event Time,Job ID,Cycle ID,Operation,Login,Result,Details\n\
                2026-11-27T10:00:00Z,j1,c1,update role,ann@acme.example,failure,Unable to update user's role\n";
    let loaded = synclint::input::load_text(text.as_bytes(), "sync.csv", None).unwrap();
    assert_eq!(loaded.kind, InputKind::SyncLog);
    assert_eq!(loaded.records.len(), 1);
}

#[test]
fn an_entra_diagnostic_export_that_starts_with_sign_ins_is_an_entra_log() {
    // A diagnostic setting streams sign-ins, audit and provisioning records into one
    // export; sign-ins outnumber the rest, so they usually come first. The provisioning
    // records after them are read, the others counted as not about provisioning.
    let report = check(&["entra-diagnostic-signins-first.ndjson"]);
    assert_eq!(read(&report), vec![("entra-log".to_owned(), 2)]);
    assert_eq!(report["summary"]["inputs"][0]["not_provisioning"], 3);
    assert_eq!(not_used(&report), vec![]);
    let totals = &report["sync_report"]["totals"];
    assert_eq!(
        (&totals["created"], &totals["errors"]),
        (&json!(1), &json!(1))
    );
    // The sign-in failure (error 50126) is not a sync failure.
    let kinds = report["sync_report"]["errors_by_kind"].to_string();
    assert!(!kinds.contains("password"), "{kinds}");
}

#[test]
fn okta_events_in_a_siem_table_are_not_a_sync_log() {
    // A SIEM's table of Okta events has a time, an action and a status, as Sync log rows
    // do; read as one, three failed sign-ins would be three sync failures.
    let report = check(&["okta-events-siem-table.csv"]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .1
            .starts_with("looks like Okta System Log events exported as a table"),
        "{}",
        problems[0].1
    );
    assert_eq!(rules(&report), Vec::<String>::new());
}
