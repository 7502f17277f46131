//! Identity providers' own user lists read as `idp-users` (`fixtures/shapes`, made-up
//! people in the real shapes): Okta `GET /api/v1/users`, Okta `GET
//! /api/v1/apps/{appId}/users` and Microsoft Graph `GET /users`, with and without
//! `accountEnabled`, `$expand=memberOf` and `@odata.nextLink`. Each is checked through
//! the library (kind, records, normalized values) and through `synclint check` beside
//! an Incydr users export (`incydr-users-northwind.csv`), so the join and the rules
//! see the states the exports give.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use synclint::input::{load_file, InputKind, LoadedInput};

const DIR: &str = "fixtures/shapes";
const CONSOLE: &str = "incydr-users-northwind.csv";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

fn loaded(name: &str) -> LoadedInput {
    let file = path(name);
    load_file(Path::new(&file), &file, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn field(input: &LoadedInput, key: &str) -> Vec<Value> {
    input.records.iter().map(|r| r.value[key].clone()).collect()
}

/// `synclint check` on a user list and the console export, as the JSON report.
fn check(name: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args([path(name), path(CONSOLE)])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// `(kind, records)` of each input the report read, and how many files were not used.
fn read(report: &Value) -> (Vec<(String, u64)>, usize) {
    let inputs = report["summary"]["inputs"].as_array().expect("inputs");
    let kinds = inputs
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().expect("kind").to_owned(),
                i["records"].as_u64().expect("records"),
            )
        })
        .collect();
    let problems = report["summary"]["problems"].as_array().expect("problems");
    (kinds, problems.len())
}

/// The messages of the findings of `rule`.
fn findings(report: &Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().expect("message").to_owned())
        .collect()
}

fn both_read(report: &Value, records: u64) {
    let expected = vec![
        ("idp-users".to_owned(), records),
        ("console-users".to_owned(), 6),
    ];
    assert_eq!(read(report), (expected, 0));
}

#[test]
fn an_okta_user_list_gives_users_with_their_login_and_state() {
    let input = loaded("okta-users.json");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert!(input.skipped.is_empty(), "{:?}", input.skipped);
    let logins = [
        "ana.ruiz",
        "ben.okafor",
        "chloe.dubois",
        "dev.patel",
        "eli.stone",
    ];
    let names: Vec<Value> = logins
        .iter()
        .map(|l| json!(format!("{l}@northwind.example")))
        .collect();
    assert_eq!(field(&input, "userName"), names);
    // ACTIVE and LOCKED_OUT are active, DEPROVISIONED is not, SUSPENDED and STAGED unknown.
    assert_eq!(
        field(&input, "active"),
        vec![
            json!(true),
            json!(false),
            Value::Null,
            json!(true),
            Value::Null
        ]
    );
    let ben = &input.records[1].value;
    assert_eq!(ben["id"], "00u8ben2OKAF0000h7");
    assert_eq!(ben["givenName"], "Ben");
    assert_eq!(ben["familyName"], "Okafor");
    assert_eq!(ben["email"], "ben.okafor@northwind.example");
    assert_eq!(
        ben["emails"],
        json!(["ben.okafor@northwind.example", "ben.o@personal.example"])
    );
    assert_eq!(ben["groups"], json!([]));
    assert_eq!(ben["status"], "DEPROVISIONED");
    assert_eq!(input.records[3].value["title"], "Analyst");
    assert_eq!(input.records[3].value["displayName"], "Dev Patel");
}

#[test]
fn a_deprovisioned_okta_user_active_in_the_console_is_status_drift() {
    let report = check("okta-users.json");
    both_read(&report, 5);
    assert_eq!(
        findings(&report, "console-status-drift"),
        vec!["User `ben.okafor@northwind.example` is inactive in the identity provider but active in the Incydr console"]
    );
    // The suspended user is active in the console too, but Okta's state is unknown.
    let unknown = findings(&report, "active-state-unknown").join("\n");
    assert!(
        unknown.contains("chloe.dubois@northwind.example"),
        "{unknown}"
    );
}

#[test]
fn an_okta_app_user_list_keeps_the_assignment_fields() {
    let input = loaded("okta-app-users.json");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert!(input.skipped.is_empty(), "{:?}", input.skipped);
    assert_eq!(
        field(&input, "userName"),
        vec![
            json!("ana.ruiz@northwind.example"),
            json!("fay.lind@northwind.example"),
            json!("ben.okafor@northwind.example")
        ]
    );
    // The app user's own status is not read as the person's state; the embedded Okta
    // user's status is.
    assert_eq!(
        field(&input, "active"),
        vec![Value::Null, Value::Null, json!(false)]
    );
    assert_eq!(
        field(&input, "syncState"),
        vec![json!("SYNCHRONIZED"), json!("ERROR"), json!("OUT_OF_SYNC")]
    );
    assert_eq!(
        field(&input, "scope"),
        vec![json!("USER"), json!("GROUP"), json!("GROUP")]
    );
    assert_eq!(
        field(&input, "externalId"),
        vec![
            json!("7f3c1e0a9b2d4c6e8a0b1c2d3e4f5a6b"),
            Value::Null,
            json!("2a4b6c8d0e1f2a3b4c5d6e7f8a9b0c1d")
        ]
    );
    let ana = &input.records[0].value;
    assert_eq!(ana["id"], "00u8ana1RUIZ0000h7");
    assert_eq!(ana["lastSync"], "2026-10-02T14:41:00.000Z");
    assert_eq!(ana["givenName"], "Ana");
    assert_eq!(ana["displayName"], "Ana Ruiz");

    let report = check("okta-app-users.json");
    both_read(&report, 3);
    assert_eq!(
        findings(&report, "console-status-drift"),
        vec!["User `ben.okafor@northwind.example` is inactive in the identity provider but active in the Incydr console"]
    );
    // Okta's push failed for Fay and has not carried Ben's deactivation yet; Ana is
    // SYNCHRONIZED. Ben's drift is explained by his push.
    assert_eq!(
        findings(&report, "okta-app-user-not-synced"),
        vec![
            "Okta has not synchronized `fay.lind@northwind.example` with the Incydr app: its sync state is `ERROR` (last sync 2026-11-26T10:00:04.000Z; id in Incydr (none); Incydr console: absent)",
            "Okta has not synchronized `ben.okafor@northwind.example` with the Incydr app: its sync state is `OUT_OF_SYNC` (last sync 2026-11-18T03:00:00.000Z; id in Incydr 2a4b6c8d0e1f2a3b4c5d6e7f8a9b0c1d; Incydr console: active)",
        ]
    );
    let drift = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "console-status-drift")
        .expect("a drift finding");
    assert_eq!(
        drift["cause"],
        json!({"rule": "okta-app-user-not-synced", "subjects": {"user": "ben.okafor@northwind.example"}})
    );
}

#[test]
fn a_graph_user_list_without_account_enabled_is_in_state_unknown() {
    let input = loaded("graph-users.json");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert_eq!(input.page, None);
    assert_eq!(
        field(&input, "userName"),
        vec![
            json!("hana.sato@northwind.example"),
            json!("ivo.kral@northwind.example")
        ]
    );
    assert_eq!(field(&input, "active"), vec![Value::Null, Value::Null]);
    assert_eq!(
        field(&input, "email"),
        vec![json!("hana.sato@northwind.example"), Value::Null]
    );
    let hana = &input.records[0].value;
    assert_eq!(hana["familyName"], "Sato");
    assert_eq!(hana["title"], "Security Engineer");

    let report = check("graph-users.json");
    both_read(&report, 2);
    assert!(findings(&report, "console-status-drift").is_empty());
    let unknown = findings(&report, "active-state-unknown").join("\n");
    assert!(unknown.contains("hana.sato@northwind.example"), "{unknown}");
}

#[test]
fn a_graph_user_list_with_member_of_gives_groups_and_states() {
    let input = loaded("graph-users-memberof.json");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert_eq!(field(&input, "active"), vec![json!(true), json!(false)]);
    // The directory role Hana holds is not a group.
    assert_eq!(
        field(&input, "groups"),
        vec![json!(["Incydr Users"]), json!(["Incydr Users", "Sales"])]
    );

    let report = check("graph-users-memberof.json");
    both_read(&report, 2);
    assert_eq!(
        findings(&report, "console-status-drift"),
        vec!["User `jon.berg@northwind.example` is inactive in the identity provider but active in the Incydr console"]
    );
}

#[test]
fn a_graph_users_page_with_a_next_link_is_one_page_of_a_longer_list() {
    let input = loaded("graph-users-page.json");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert_eq!(input.records.len(), 2);
    assert_eq!(
        input.page.as_deref(),
        Some("`@odata.nextLink` links a next page, which is not in the file")
    );

    // Console users missing from the page are unlisted, not absent.
    let report = check("graph-users-page.json");
    both_read(&report, 2);
    assert!(findings(&report, "console-only-user").is_empty());
    let unlisted = findings(&report, "users-unlisted").join("\n");
    assert!(unlisted.starts_with("4 user(s)"), "{unlisted}");
}
