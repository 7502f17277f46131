//! End-to-end tests of [`super::load_text`] and friends on small exports written by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod errors;
mod events;
mod incydr;
mod markers;
mod scim;

use super::{load_text, InputKind, LoadedInput};
use serde_json::Value;

/// Load `text` (as `name`) and fail the test on an error.
fn load(name: &str, text: &str) -> LoadedInput {
    load_forced(name, text, None)
}

fn load_forced(name: &str, text: &str, forced: Option<InputKind>) -> LoadedInput {
    match load_text(text.as_bytes(), name, forced) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{name} did not load: {err:?}"),
    }
}

/// The records' values.
fn values(loaded: &LoadedInput) -> Vec<&Value> {
    loaded.records.iter().map(|r| &r.value).collect()
}

/// Each record's location as `path:line:column`.
fn locations(loaded: &LoadedInput) -> Vec<String> {
    loaded
        .records
        .iter()
        .map(|r| {
            r.location
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect()
}

/// Each skipped entry as `location reason`.
fn skipped(loaded: &LoadedInput) -> Vec<String> {
    loaded
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.location, s.reason))
        .collect()
}

/// A field of every record, for compact assertions.
fn column(loaded: &LoadedInput, key: &str) -> Vec<Value> {
    loaded
        .records
        .iter()
        .map(|r| r.value.get(key).cloned().unwrap_or(Value::Null))
        .collect()
}

#[test]
fn kind_names_round_trip() {
    for kind in InputKind::ALL {
        assert_eq!(InputKind::from_name(kind.name()), Some(*kind));
        assert_eq!(kind.to_string(), kind.name());
    }
    assert_eq!(InputKind::from_name("users"), None);
    assert_eq!(InputKind::Config.dataset(), None);
    assert_eq!(InputKind::IdpGroups.dataset(), Some("idp_groups"));
    assert_eq!(
        InputKind::ConsoleUserRoles.dataset(),
        Some(crate::model::dataset::CONSOLE_USER_ROLES)
    );
    let datasets: Vec<_> = InputKind::ALL.iter().filter_map(|k| k.dataset()).collect();
    assert!(datasets
        .iter()
        .all(|d| crate::model::dataset::ALL.contains(d)));
    assert_eq!(datasets.len(), 10);
    for name in ["sync-log", "okta-log", "entra-log"] {
        let kind = InputKind::from_name(name).unwrap();
        assert_eq!(kind.dataset(), Some(crate::model::dataset::EVENTS));
        assert!(super::events::is_event_kind(kind));
    }
    assert!(!super::events::is_event_kind(InputKind::IdpUsers));
}

#[test]
fn a_synclint_config_is_kept_as_text() {
    let text = "# synclint.yaml\n---\nprovider: okta\nrole_mappings:\n  - group: Incydr Admins\n    roles: [customer-cloud-admin]\n";
    let loaded = load("synclint.yaml", text);
    assert_eq!(loaded.kind, InputKind::Config);
    assert!(loaded.records.is_empty());
    assert_eq!(loaded.text.as_deref(), Some(text));
}

#[test]
fn a_json_config_object_is_a_config_too() {
    let loaded = load(
        "c.json",
        r#"{"provider": "entra", "default_roles": ["desktop-user"]}"#,
    );
    assert_eq!(loaded.kind, InputKind::Config);
    assert!(loaded.text.is_some());
}

#[test]
fn forced_config_keeps_any_text() {
    let loaded = load_forced("odd.txt", "anything at all\n", Some(InputKind::Config));
    assert_eq!(loaded.kind, InputKind::Config);
    assert_eq!(loaded.text.as_deref(), Some("anything at all\n"));
}

#[test]
fn forced_kind_skips_classification_but_not_parsing() {
    // Would classify as organizations; forced as roles, the rows must have role keys.
    let text = "org_guid,role_name\ng1,Desktop User\ng2,\n";
    let loaded = load_forced("x.csv", text, Some(InputKind::Roles));
    assert_eq!(loaded.kind, InputKind::Roles);
    assert_eq!(
        column(&loaded, "roleName"),
        vec![Value::from("Desktop User")]
    );
    assert_eq!(column(&loaded, "orgGuid"), vec![Value::from("g1")]);
    assert_eq!(skipped(&loaded), vec!["x.csv:3:1 no roleId or roleName"]);

    let empty = load_forced("none.json", "[]", Some(InputKind::IdpUsers));
    assert_eq!(empty.kind, InputKind::IdpUsers);
    assert!(empty.records.is_empty());

    let wrapped = load_forced(
        "r.json",
        r#"{"roles":[{"roleId":"desktop-user"}]}"#,
        Some(InputKind::Roles),
    );
    assert_eq!(
        column(&wrapped, "roleId"),
        vec![Value::from("desktop-user")]
    );
}

#[test]
fn load_file_reads_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groups.csv");
    std::fs::write(&path, "group_id,name\ndg-1,Engineering\n").unwrap();
    let loaded = super::load_file(&path, "exports/groups.csv", None).unwrap();
    assert_eq!(loaded.kind, InputKind::DirectoryGroups);
    assert_eq!(loaded.path, "exports/groups.csv");
    assert_eq!(locations(&loaded), vec!["exports/groups.csv:2:1"]);
}

#[test]
fn no_prefix_or_damaged_copy_of_a_sample_panics() {
    let samples = [
        incydr::USERS_PRETTY,
        incydr::ORGS,
        scim::USERS_LIST,
        "user_id,username,role_id\r\nu1,\"a\"\"b\",r\r\n",
        "{\"a\":1}\n{\"b\":\"\\u00e9\"}\n",
        "provider: okta\nrules:\n  - x\n",
        events::SYNC_CSV,
        events::OKTA_LINE,
        events::ENTRA_LINE,
    ];
    for sample in samples {
        let bytes = sample.as_bytes();
        for end in 0..=bytes.len() {
            let _ = load_text(&bytes[..end], "p", None);
            let mut damaged = bytes[..end].to_vec();
            if let Some(byte) = damaged.get_mut(end / 2) {
                *byte ^= 0xA5;
            }
            let _ = load_text(&damaged, "p", None);
            let _ = load_text(&damaged, "p", Some(InputKind::IdpGroups));
        }
    }
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = load_text(deep.as_bytes(), "deep.json", None);
    assert!(
        matches!(err, Err(super::InputError::Malformed { .. })),
        "{err:?}"
    );
}
