//! What user snapshots of other systems and CSV files in other locales are read as
//! (`fixtures/shapes`, made-up people with real field names): another identity
//! provider's own user list is not taken for Incydr console users or for an Active
//! Directory export, and CSV separated by semicolons or tabs is read.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use synclint::input::{load_file, InputError, InputKind, LoadedInput};

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

/// `(path, kind, records)` of each input the summary lists.
fn read(report: &Value) -> Vec<(String, String, u64)> {
    report["summary"]["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| {
            (
                i["path"].as_str().expect("path").to_owned(),
                i["kind"].as_str().expect("kind").to_owned(),
                i["records"].as_u64().expect("records"),
            )
        })
        .collect()
}

fn load(name: &str) -> Result<LoadedInput, InputError> {
    let file = path(name);
    load_file(Path::new(&file), &file, None)
}

fn loaded(name: &str) -> LoadedInput {
    load(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Why the file is not used, from the library.
fn refused(name: &str) -> String {
    match load(name) {
        Err(InputError::Unrecognized { reason, .. }) => reason,
        Err(other) => panic!("{name}: {other}"),
        Ok(input) => panic!(
            "{name}: read as {} ({} records)",
            input.kind,
            input.records.len()
        ),
    }
}

fn field(input: &LoadedInput, key: &str) -> Vec<Value> {
    input.records.iter().map(|r| r.value[key].clone()).collect()
}

const JUMPCLOUD_REASON: &str = "looks like JumpCloud's user list (`GET /api/systemusers` or \
    `Get-JCUser`; records with `activated`, `suspended`, `account_locked`, `allow_public_key`, \
    ...), which synclint does not read: it is neither Incydr's console users nor a SCIM \
    snapshot, and whether a user is active would have to be guessed from `activated`, \
    `suspended` and `state`. Give the users JumpCloud provisions to Incydr as SCIM 2.0 Users \
    (a ListResponse, as a SCIM `GET /Users` returns it), and Incydr's users as `incydr users \
    list` exports them";

const ONELOGIN_REASON: &str = "looks like OneLogin's user list (`GET /api/2/users`; records \
    with `directory_id`, `trusted_idp_id`, `manager_ad_id`, `manager_user_id`, ...), which \
    synclint does not read: it is neither Incydr's console users nor a SCIM snapshot, and not \
    an Active Directory export either, even where OneLogin copied a user's distinguished name \
    from AD. Give the users OneLogin provisions to Incydr as SCIM 2.0 Users (a ListResponse, \
    as a SCIM `GET /Users` returns it), or export them from Active Directory (`Get-ADUser \
    -Properties * | Export-Csv`, or LDIF), and Incydr's users as `incydr users list` exports \
    them";

#[test]
fn a_jumpcloud_user_list_is_not_read_as_console_users() {
    // `username`, `firstname` and `lastname` are in every directory's user list; without a
    // field only Incydr writes (`userId`, `orgGuid`, ...) they made console users.
    assert_eq!(refused("jumpcloud-systemusers.json"), JUMPCLOUD_REASON);
    assert_eq!(refused("jumpcloud-systemusers-page.json"), JUMPCLOUD_REASON);

    // Beside a real console export, only that export gives console users.
    let report = check(&["jumpcloud-systemusers.json", "incydr-users-page.json"]);
    assert_eq!(
        read(&report),
        vec![(
            path("incydr-users-page.json"),
            "console-users".to_owned(),
            2
        )]
    );
    assert_eq!(
        not_used(&report),
        vec![("unrecognized".to_owned(), JUMPCLOUD_REASON.to_owned())]
    );
}

#[test]
fn a_onelogin_user_list_is_not_read_as_an_active_directory_export() {
    // Two of the three users are synced from AD and carry a DN; the third has
    // `distinguished_name: null`. The list is OneLogin's either way.
    assert_eq!(refused("onelogin-users-v2.json"), ONELOGIN_REASON);

    let report = check(&["onelogin-users-v2.json", "incydr-users-page.json"]);
    assert_eq!(
        read(&report),
        vec![(
            path("incydr-users-page.json"),
            "console-users".to_owned(),
            2
        )]
    );
    assert_eq!(
        not_used(&report),
        vec![("unrecognized".to_owned(), ONELOGIN_REASON.to_owned())]
    );
    // No entry is dropped as "neither a user nor a group".
    assert_eq!(skipped(&report), Vec::<String>::new());
}

#[test]
fn a_directory_record_needs_a_distinguished_name_with_a_value() {
    // Keys without values are no evidence of an AD export: these are SCIM users.
    let file = std::env::temp_dir().join(format!("snapshot-kinds-{}.json", std::process::id()));
    let text = json!([
        {"id": "u1", "userName": "ines.vik@northwind.example", "displayName": "Ines Vik",
         "emails": [{"value": "ines.vik@northwind.example", "primary": true}], "active": true,
         "distinguishedName": null, "sAMAccountName": null},
        {"id": "u2", "userName": "jon.aas@northwind.example", "displayName": "Jon Aas",
         "emails": [{"value": "jon.aas@northwind.example", "primary": true}], "active": false,
         "distinguishedName": "", "sAMAccountName": ""}
    ]);
    std::fs::write(&file, text.to_string()).unwrap();
    let input = load_file(&file, "scim-users.json", None);
    std::fs::remove_file(&file).unwrap();
    let input = input.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert_eq!(
        field(&input, "userName"),
        vec![
            json!("ines.vik@northwind.example"),
            json!("jon.aas@northwind.example")
        ]
    );
    assert_eq!(field(&input, "active"), vec![json!(true), json!(false)]);
    assert!(input.skipped.is_empty(), "{:?}", input.skipped);
}

#[test]
fn an_excel_csv_separated_by_semicolons_is_read() {
    // `incydr users list -f csv` opened and saved by Excel in a German locale: a BOM, CRLF,
    // `;` between fields, and a `;` inside a quoted note.
    let input = loaded("incydr-users-excel-de.csv");
    assert_eq!(input.kind, InputKind::ConsoleUsers);
    assert_eq!(input.records.len(), 2);
    assert_eq!(
        field(&input, "username"),
        vec![
            json!("sofie.brandt@northwind.example"),
            json!("tim.vogel@northwind.example")
        ]
    );
    assert_eq!(
        field(&input, "userId"),
        vec![json!("1155101"), json!("1155102")]
    );
    assert_eq!(
        field(&input, "orgGuid"),
        vec![json!("b3f1c2d4-77aa-4e0f-9c1d-5a6b7c8d9e01"); 2]
    );
    assert_eq!(field(&input, "orgName"), vec![json!("Northwind Staff"); 2]);
    assert_eq!(
        field(&input, "notes"),
        vec![Value::Null, json!("Vertrag; befristet")]
    );
    let lines: Vec<Option<u32>> = input
        .records
        .iter()
        .map(|r| r.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(lines, vec![Some(2), Some(3)]);
    // Excel's German TRUE and FALSE are the console users' states.
    assert_eq!(field(&input, "active"), vec![json!(true), json!(false)]);

    // The summary says which delimiter was used.
    let report = check(&["incydr-users-excel-de.csv"]);
    assert_eq!(
        read(&report),
        vec![(
            path("incydr-users-excel-de.csv"),
            "console-users".to_owned(),
            2
        )]
    );
    assert_eq!(not_used(&report), vec![]);
    assert_eq!(
        skipped(&report),
        vec![
            "1 warning: fields read as separated by semicolons (`;`), not commas: the header \
              has no comma outside quotes"
        ]
    );
}

#[test]
fn an_active_directory_csv_separated_by_semicolons_is_read() {
    // `Get-ADUser -Properties * | Export-Csv -UseCulture` in a German locale: PowerShell's
    // `#TYPE` line, every field quoted, `;` between fields and inside a joined `MemberOf`.
    let input = loaded("ad-users-semicolon.csv");
    assert_eq!(input.kind, InputKind::IdpUsers);
    assert_eq!(input.records.len(), 2);
    assert_eq!(
        field(&input, "userName"),
        vec![
            json!("greta.hahn@northwind.example"),
            json!("henrik.ost@northwind.example")
        ]
    );
    assert_eq!(field(&input, "active"), vec![json!(true), json!(false)]);
    assert_eq!(
        field(&input, "groups"),
        vec![json!(["Incydr Users", "Vertrieb"]), json!(["Incydr Users"])]
    );
    assert_eq!(
        field(&input, "id"),
        vec![
            json!("CN=Greta Hahn,OU=Mitarbeiter,DC=northwind,DC=example"),
            json!("CN=Henrik Ost,OU=Mitarbeiter,DC=northwind,DC=example")
        ]
    );
    let notes: Vec<String> = input
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.location.line, s.reason))
        .collect();
    assert_eq!(
        notes,
        vec![
            "2 warning: fields read as separated by semicolons (`;`), not commas: the header \
              has no comma outside quotes"
        ]
    );
}

#[test]
fn a_tab_separated_export_is_read() {
    let input = loaded("incydr-users-tabs.tsv");
    assert_eq!(input.kind, InputKind::ConsoleUsers);
    assert_eq!(input.records.len(), 1);
    assert_eq!(
        field(&input, "username"),
        vec![json!("uma.holt@northwind.example")]
    );
    assert_eq!(field(&input, "active"), vec![json!(true)]);
    assert_eq!(field(&input, "blocked"), vec![json!(false)]);
    let reasons: Vec<&str> = input.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "warning: fields read as separated by tabs, not commas: the header has no comma \
              outside quotes"
        ]
    );
}

#[test]
fn a_large_semicolon_sync_log_is_streamed_with_its_delimiter() {
    // Past the 256 KiB read whole: such a log is streamed, and the stream must split
    // its rows on the same delimiter as the whole-file reader.
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("sync-log.csv");
    let mut text =
        String::from("Event Time;PROVISIONING_PROVIDER;Operation;Login;Result;Details\n");
    let rows = 4000;
    for i in 0..rows {
        let (result, details) = if i % 100 == 0 {
            ("Error", "Unable to update user's role")
        } else {
            ("Success", "")
        };
        text.push_str(&format!(
            "2026-11-20T{:02}:{:02}:{:02}Z;Okta;Update User;user{i}@example.com;{result};{details}\n",
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60
        ));
    }
    assert!(text.len() > 256 * 1024, "{}", text.len());
    std::fs::write(&file, &text).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .arg(&file)
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let inputs = read(&report);
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert_eq!((inputs[0].1.as_str(), inputs[0].2), ("sync-log", rows));
    let notes = skipped(&report);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("1 warning: fields read as separated by semicolons"));
    assert_eq!(report["sync_report"]["totals"]["errors"], 40);
}
