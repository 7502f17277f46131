//! An Okta event hook delivery (`{"eventType": "com.okta.event_hook", ..., "data":
//! {"events": [...]}}`), as a webhook receiver saves it: its System Log events are read as
//! an Okta export is, with their places in the file.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use synclint::input::{load_file, InputKind};

#[test]
fn an_event_hook_delivery_is_read_as_an_okta_log() {
    let path = "fixtures/logs/okta-event-hook.json";
    let loaded = load_file(Path::new(path), path, None).unwrap();
    assert_eq!(loaded.kind, InputKind::OktaLog);
    // The sign-in is not about provisioning; the failed deactivation is kept, its user
    // taken from the AppUser target.
    assert_eq!(loaded.records.len(), 1);
    assert_eq!(loaded.not_provisioning.count, 1);
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    let event = &loaded.records[0];
    assert_eq!(event.value["action"], "deactivate");
    assert_eq!(event.value["status"], "failure");
    assert_eq!(event.value["user"], "tomas.reyes@northwind.example");
    assert_eq!(event.value["time"], "2026-11-28T10:05:01.12Z");
    let at = event.location.as_ref().unwrap();
    assert_eq!((at.line, at.column), (11, 7));
}

#[test]
fn an_object_with_data_events_from_elsewhere_is_not_taken_for_a_hook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.json");
    std::fs::write(
        &path,
        r#"{"kind": "audit", "source": "x", "data": {"events": [{"name": "a"}]}}"#,
    )
    .unwrap();
    assert!(load_file(&path, "other.json", None).is_err());
}
