//! JSON array logs streamed element by element: the same records, skips and places as a
//! whole-file load, without holding the file's tree in memory.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::json;
use std::path::Path;
use synclint::input::{load_file, stream_events, InputError, InputKind, Limits};
use synclint::model::{Record, Skipped};

fn stream(path: &Path) -> Result<(Vec<Record>, Vec<Skipped>, InputKind), InputError> {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let summary = stream_events(path, "log", None, 1_000, &mut |r, s| {
        records.extend(r);
        skipped.extend(s);
    })?;
    Ok((records, skipped, summary.kind))
}

fn same_as_whole(path: &Path) -> usize {
    let whole = load_file(path, "log", None).unwrap();
    let (records, skipped, kind) = stream(path).unwrap();
    assert_eq!(kind, whole.kind);
    assert_eq!(records.len(), whole.records.len());
    assert!(records == whole.records, "the streamed records differ");
    assert_eq!(skipped, whole.skipped);
    records.len()
}

/// An Entra record whose strings hold brackets, quotes and escapes the scanner must skip.
fn entra(i: usize) -> serde_json::Value {
    json!({
        "id": format!("rec-{i}"),
        "activityDateTime": format!("2026-11-28T10:{:02}:00Z", i % 60),
        "provisioningAction": if i % 7 == 0 { "delete" } else { "update" },
        "provisioningStatusInfo": {
            "status": if i % 5 == 0 { "failure" } else { "success" },
            "errorInformation": {"errorCode": "EntryConflict", "reason": format!("a \"quoted\" ]}}[{{ reason \\ {i}")}
        },
        "provisioningSteps": [{"name": "EntryExportUpdate", "status": "success", "description": "ok ] }", "details": {}}],
        "servicePrincipal": {"id": "sp", "displayName": "Code42"},
        "sourceIdentity": {"id": format!("s{i}"), "displayName": format!("Jörg {i}"), "identityType": "User", "details": {}},
        "targetIdentity": {"id": format!("t{i}"), "displayName": "", "identityType": "User", "details": {"userName": format!("u{i}@example.com")}},
        "modifiedProperties": []
    })
}

#[test]
fn a_pretty_printed_wrapper_streams_as_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    let records: Vec<_> = (0..3_000).map(entra).collect();
    let mut text = String::from("\u{feff}");
    text.push_str(
        &serde_json::to_string_pretty(&json!({"@odata.context": "x]", "value": records})).unwrap(),
    );
    std::fs::write(&path, text).unwrap();
    assert_eq!(same_as_whole(&path), 3_000);
}

#[test]
fn a_one_line_array_with_bad_elements_streams_as_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("okta.json");
    let mut parts: Vec<String> = (0..2_000)
        .map(|i| {
            json!({
                "uuid": format!("e{i}"),
                "published": format!("2026-11-28T10:{:02}:00.000Z", i % 60),
                "eventType": "application.provision.user.push_profile",
                "outcome": {"result": if i % 3 == 0 { "FAILURE" } else { "SUCCESS" }, "reason": "x"},
                "target": [{"type": "User", "alternateId": format!("u{i}@example.com"), "id": format!("00u{i}")}]
            })
            .to_string()
        })
        .collect();
    parts[1_000] = "42".to_owned(); // not an object: skipped with its place
    parts[1_500] = "\"a ] string\"".to_owned();
    std::fs::write(&path, format!("[{}]", parts.join(", "))).unwrap();
    assert_eq!(same_as_whole(&path), 1_998);
}

#[test]
fn a_truncated_array_is_refused_as_a_whole_load_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.json");
    let records: Vec<_> = (0..50).map(entra).collect();
    let text = serde_json::to_string_pretty(&records).unwrap();
    std::fs::write(&path, &text[..text.len() - 200]).unwrap();
    assert!(matches!(
        load_file(&path, "log", None),
        Err(InputError::Malformed { .. })
    ));
    assert!(matches!(stream(&path), Err(InputError::Malformed { .. })));
}

#[test]
fn a_lone_object_is_still_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&entra(3)).unwrap() + "\n",
    )
    .unwrap();
    assert_eq!(same_as_whole(&path), 1);
}

#[test]
fn the_kind_of_a_large_array_is_told_from_its_first_elements() {
    let records: Vec<_> = (0..100).map(entra).collect();
    let text = serde_json::to_string_pretty(&json!({"value": records})).unwrap();
    // The sniffed head cuts the array short; its first whole elements still tell.
    let head = &text.as_bytes()[..text.len() / 3];
    let kind = synclint::input::events::sniff_kind(head, "log", &Limits::default());
    assert_eq!(kind, Some(InputKind::EntraLog));
    assert_eq!(
        synclint::input::events::sniff_kind(b"[1, 2, 3", "log", &Limits::default()),
        None
    );
}

#[test]
fn check_streams_a_large_array_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    // Over the 16 MiB streaming threshold.
    let records: Vec<_> = (0..30_000).map(entra).collect();
    std::fs::write(
        &path,
        serde_json::to_string(&json!({"value": records})).unwrap(),
    )
    .unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 16 * 1024 * 1024);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", path.to_str().unwrap(), "--format", "json"])
        .args(["--max-file-size", "1MiB"]) // read whole, it would be refused
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = &doc["summary"]["inputs"];
    assert_eq!(inputs[0]["kind"], "entra-log", "{doc}");
    assert_eq!(inputs[0]["records"], 30_000);
    assert_eq!(doc["summary"]["problems"].as_array().map(Vec::len), Some(0));
}
