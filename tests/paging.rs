//! Exports that are one page of a longer list (an API response saved as it came): the
//! input says so, and users missing from that page are not reported as missing.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

/// `synclint check` on the files, as the JSON report.
fn check(files: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// The text at `pointer` (a JSON pointer) in each finding of `rule`.
fn of_findings(report: &Value, rule: &str, pointer: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            f.pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

/// The subjects' users of the findings of `rule`.
fn users_of(report: &Value, rule: &str) -> Vec<String> {
    of_findings(report, rule, "/subjects/user")
}

/// The messages of the findings of `rule`.
fn messages_of(report: &Value, rule: &str) -> Vec<String> {
    of_findings(report, rule, "/message")
}

/// The `page` note of the input read from `path`.
fn page_of(report: &Value, path: &str) -> Option<String> {
    report["summary"]["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .find(|i| i["path"] == path)
        .and_then(|i| i["page"].as_str())
        .map(str::to_owned)
}

const SCIM_PAGE: &str = "fixtures/rules/users-unlisted/fire/scim-users.json";
const SCIM_WHOLE: &str = "fixtures/rules/users-unlisted/pass/scim-users.json";
const CONSOLE: &str = "fixtures/rules/users-unlisted/fire/console-users.json";

#[test]
fn a_console_user_missing_from_an_identity_provider_page_is_not_console_only() {
    let paged = check(&[SCIM_PAGE, CONSOLE]);
    assert_eq!(
        page_of(&paged, SCIM_PAGE).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    assert_eq!(users_of(&paged, "console-only-user"), Vec::<String>::new());
    let unlisted = messages_of(&paged, "users-unlisted");
    assert_eq!(unlisted.len(), 1, "{unlisted:?}");
    assert!(
        unlisted[0]
            .contains("identity provider: unlisted, console: active; e.g. kara.osei@example.com"),
        "{}",
        unlisted[0]
    );
    // The same console export against a listing of one page that lacks Kara for good.
    let scim = std::fs::read_to_string(SCIM_PAGE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("scim-users.json");
    std::fs::write(
        &whole,
        scim.replace("\"totalResults\": 3", "\"totalResults\": 2"),
    )
    .unwrap();
    let report = check(&[whole.to_str().unwrap(), CONSOLE]);
    assert_eq!(page_of(&report, whole.to_str().unwrap()), None);
    assert_eq!(
        users_of(&report, "console-only-user"),
        vec!["kara.osei@example.com"]
    );
    assert_eq!(messages_of(&report, "users-unlisted"), Vec::<String>::new());
}

#[test]
fn a_complete_listing_is_not_a_page() {
    let report = check(&[SCIM_WHOLE, CONSOLE]);
    assert_eq!(page_of(&report, SCIM_WHOLE), None);
    assert_eq!(messages_of(&report, "users-unlisted"), Vec::<String>::new());
}

#[test]
fn an_identity_provider_user_missing_from_an_incydr_users_page_is_not_unprovisioned() {
    let page = "fixtures/shapes/incydr-users-page.json";
    let idp = "fixtures/shapes/scim-users-northwind.json";
    let report = check(&[page, idp]);
    assert_eq!(
        page_of(&report, page).as_deref(),
        Some("`totalCount` is 3, but the file holds 2 record(s)")
    );
    assert_eq!(
        users_of(&report, "idp-user-not-provisioned"),
        Vec::<String>::new()
    );
    let unlisted = messages_of(&report, "users-unlisted");
    assert!(
        unlisted.len() == 1
            && unlisted[0].contains("console: unlisted; e.g. nora.vik@northwind.example"),
        "{unlisted:?}"
    );
    // Without the console page, Nora is simply not compared with anything.
    let alone = check(&[idp]);
    assert_eq!(messages_of(&alone, "users-unlisted"), Vec::<String>::new());
}

#[test]
fn a_graph_page_with_a_next_link_says_so_and_is_still_read() {
    let page = "fixtures/shapes/graph-provisioning-page.json";
    let report = check(&[page]);
    let input = &report["summary"]["inputs"][0];
    assert_eq!(input["kind"], "entra-log");
    assert_eq!(input["records"], 2);
    assert_eq!(
        page_of(&report, page).as_deref(),
        Some("`@odata.nextLink` links a next page, which is not in the file")
    );
}

#[test]
fn pages_saved_as_separate_files_are_judged_together() {
    let page = |start: u32, users: &[&str]| {
        let resources: Vec<Value> = users
            .iter()
            .map(|u| serde_json::json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": u, "active": true}))
            .collect();
        serde_json::json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": 3, "itemsPerPage": 2, "startIndex": start, "Resources": resources})
        .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("users-1.json");
    let second = dir.path().join("users-2.json");
    std::fs::write(
        &first,
        page(
            1,
            &["ines.alvarez@example.com", "joel.nakamura@example.com"],
        ),
    )
    .unwrap();
    std::fs::write(&second, page(3, &["kara.osei@example.com"])).unwrap();
    let console = dir.path().join("console.json");
    let mut users: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(CONSOLE).unwrap()).unwrap();
    users.push(serde_json::json!({"userId": "c-zoe", "username": "zoe.local@example.com", "active": true, "blocked": false}));
    std::fs::write(&console, Value::Array(users).to_string()).unwrap();
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let both = check(&[&path(&first), &path(&second), &path(&console)]);
    assert_eq!(page_of(&both, &path(&first)), None);
    assert_eq!(page_of(&both, &path(&second)), None);
    assert_eq!(
        users_of(&both, "console-only-user"),
        vec!["zoe.local@example.com"]
    );
    assert_eq!(messages_of(&both, "users-unlisted"), Vec::<String>::new());
    let one = check(&[&path(&first), &path(&console)]);
    assert_eq!(
        page_of(&one, &path(&first)).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    assert_eq!(users_of(&one, "console-only-user"), Vec::<String>::new());
}

#[test]
fn a_large_file_of_graph_pages_is_read_to_its_last_page() {
    // Past the head read to recognise a file, logs are streamed; a file of pages must
    // still give every page's records, not the first page's alone.
    let graph: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/logs/entra-provisioning-graph.json").unwrap(),
    )
    .unwrap();
    let per_page = graph["value"].as_array().unwrap().len();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pages.jsonl");
    let mut text = String::new();
    let pages = 80;
    for n in 0..pages {
        let mut page = graph.clone();
        if n + 1 < pages {
            page["@odata.nextLink"] = Value::from(format!(
                "https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken={n}"
            ));
        }
        text.push_str(&page.to_string());
        text.push('\n');
    }
    assert!(text.len() > 256 * 1024, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();
    let report = check(&[file.to_str().unwrap()]);
    let input = &report["summary"]["inputs"][0];
    assert_eq!(input["kind"], "entra-log");
    assert_eq!(input["records"], pages * per_page);
    assert_eq!(input["page"], Value::Null);
}

#[test]
fn a_large_graph_page_with_a_next_link_is_streamed_and_says_it_is_one_page() {
    let graph: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/logs/entra-provisioning-graph.json").unwrap(),
    )
    .unwrap();
    let records: Vec<Value> = std::iter::repeat_n(graph["value"].as_array().unwrap().clone(), 100)
        .flatten()
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, next: Option<&str>| {
        // Graph writes the link after the records, where a streamed read finds it last.
        let mut page =
            serde_json::json!({"@odata.context": graph["@odata.context"], "value": records});
        if let Some(link) = next {
            page["@odata.nextLink"] = Value::from(link);
        }
        let path = dir.path().join(name);
        let text = serde_json::to_string_pretty(&page).unwrap();
        assert!(text.len() > 256 * 1024, "{} bytes", text.len());
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let notes = |report: &Value| -> Vec<String> {
        report["summary"]["skipped"]["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["reason"].as_str().unwrap().to_owned())
            .collect()
    };
    let linked = check(&[&write(
        "page.json",
        Some("https://graph.microsoft.com/v1.0/auditLogs/provisioning?$skiptoken=x"),
    )]);
    // Said with the file, as for a page read whole, not among the skipped records.
    assert_eq!(linked["summary"]["inputs"][0]["records"], records.len());
    assert_eq!(
        linked["summary"]["inputs"][0]["page"],
        "`@odata.nextLink` links a next page, which is not in the file"
    );
    assert_eq!(notes(&linked), Vec::<String>::new());
    let last = check(&[&write("last.json", None)]);
    assert_eq!(last["summary"]["inputs"][0]["page"], Value::Null);
    assert_eq!(notes(&last), Vec::<String>::new());
}

#[test]
fn the_same_page_twice_or_another_list_does_not_complete_a_page() {
    // The same page named twice is read once (the second is reported as a copy), and
    // is still one page of a longer list.
    let twice = check(&[SCIM_PAGE, SCIM_PAGE, CONSOLE]);
    assert_eq!(
        page_of(&twice, SCIM_PAGE).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    let copies = twice["summary"]["problems"].as_array().unwrap();
    assert!(
        copies.iter().any(|p| p["problem"] == "duplicate"),
        "{copies:?}"
    );
    assert_eq!(users_of(&twice, "console-only-user"), Vec::<String>::new());
    // A whole listing of users and groups (another list, with its own total) beside it.
    let other = check(&[SCIM_PAGE, "fixtures/shapes/scim-root-query.json", CONSOLE]);
    assert_eq!(
        page_of(&other, SCIM_PAGE).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    assert_eq!(users_of(&other, "console-only-user"), Vec::<String>::new());
}

#[test]
fn azure_batches_one_per_line_are_read_record_by_record() {
    let lines: Vec<Value> =
        std::fs::read_to_string("fixtures/logs/entra-provisioning-diagnostic.ndjson")
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.ndjson");
    let batches: String = lines
        .chunks(2)
        .map(|c| format!("{}\n", serde_json::json!({ "records": c })))
        .collect();
    std::fs::write(&file, batches).unwrap();
    let report = check(&[file.to_str().unwrap()]);
    let input = &report["summary"]["inputs"][0];
    assert_eq!(input["kind"], "entra-log");
    assert_eq!(input["records"], lines.len());
}

#[test]
fn a_page_beside_a_complete_export_of_the_same_users_is_covered() {
    // The first page of a listing, saved next to a full export (a plain array, without
    // paging fields) that holds the page's users and the rest: the full export is the
    // whole list, so a console user missing from both is console-only, not unlisted.
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(SCIM_WHOLE).unwrap()).unwrap();
    let everyone = whole["Resources"].as_array().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, users: &[Value]| {
        let path = dir.path().join(name);
        std::fs::write(&path, Value::Array(users.to_vec()).to_string()).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let full = write("all-users.json", &everyone);
    let mut console: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(CONSOLE).unwrap()).unwrap();
    console.push(serde_json::json!({"userId": "c-zoe", "username": "zoe.local@example.com", "active": true, "blocked": false}));
    let console = write("console.json", &console);
    let report = check(&[SCIM_PAGE, &full, &console]);
    assert_eq!(page_of(&report, SCIM_PAGE), None);
    assert_eq!(
        users_of(&report, "console-only-user"),
        vec!["zoe.local@example.com"]
    );
    assert_eq!(messages_of(&report, "users-unlisted"), Vec::<String>::new());
    // An export that lacks one of the page's users (Ines) is not the page's whole list.
    let partial = write("some-users.json", &everyone[1..]);
    let report = check(&[SCIM_PAGE, &partial, &console]);
    assert_eq!(
        page_of(&report, SCIM_PAGE).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    assert_eq!(users_of(&report, "console-only-user"), Vec::<String>::new());
}
