//! Event logs from files: the fixtures under fixtures/logs, streaming, and forcing a kind
//! on the command line. The shapes of real provider exports are in provider_logs.rs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::path::Path;
use synclint::input::{load_file, stream_events, InputKind, LoadedInput, NotProvisioning};
use synclint::model::{Record, Skipped};

fn load(path: &str) -> LoadedInput {
    load_file(Path::new(path), path, None).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// A record without `raw`, for comparing every normalized field at once.
fn fields(record: &Record) -> Value {
    let mut value = record.value.clone();
    value.as_object_mut().expect("object").remove("raw");
    value
}

fn at(loaded: &LoadedInput, line: u32) -> &Record {
    loaded
        .records
        .iter()
        .find(|r| r.location.as_ref().is_some_and(|l| l.line == line))
        .unwrap_or_else(|| panic!("{}: no record on line {line}", loaded.path))
}

#[allow(clippy::too_many_arguments)]
fn event(
    time: &str,
    source: &str,
    provider: &str,
    action: &str,
    status: &str,
    user: Option<&str>,
    user_id: Option<&str>,
    more: Value,
) -> Value {
    let mut value = json!({
        "time": time, "source": source, "provider": provider, "action": action,
        "status": status, "user": user, "user_id": user_id, "group": null, "role": null,
        "organization": null, "message": null, "error_code": null, "reason": null,
        "property": null, "event_type": null, "app": null,
    });
    for (key, v) in more.as_object().expect("object") {
        assert!(value.get(key).is_some(), "unknown field {key}");
        value[key] = v.clone();
    }
    // Unknown fields are left out of a record, not written as null.
    if let Some(map) = value.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    value
}

#[test]
fn every_fixture_is_told_by_its_content_and_loads_cleanly() {
    let expected = [
        ("fixtures/logs/incydr-sync-log.csv", InputKind::SyncLog, 6),
        ("fixtures/logs/incydr-sync-log.jsonl", InputKind::SyncLog, 5),
        ("fixtures/logs/incydr-sync-log.json", InputKind::SyncLog, 4),
        ("fixtures/logs/okta-system-log.jsonl", InputKind::OktaLog, 7),
        ("fixtures/logs/okta-system-log.json", InputKind::OktaLog, 7),
        (
            "fixtures/logs/entra-provisioning-graph.json",
            InputKind::EntraLog,
            5,
        ),
        (
            "fixtures/logs/entra-provisioning-diagnostic.ndjson",
            InputKind::EntraLog,
            4,
        ),
    ];
    for (path, kind, count) in expected {
        let loaded = load(path);
        assert_eq!(loaded.kind, kind, "{path}");
        assert_eq!(loaded.records.len(), count, "{path}");
        assert!(loaded.skipped.is_empty(), "{path}: {:?}", loaded.skipped);
        assert_eq!(kind.dataset(), Some("events"));
    }
}

#[test]
fn sync_log_csv_fields() {
    let loaded = load("fixtures/logs/incydr-sync-log.csv");
    let role = at(&loaded, 3);
    assert_eq!(
        fields(role),
        event(
            "2024-08-14T09:02:12Z",
            "incydr",
            "Okta",
            "role-update",
            "failure",
            Some("ana.lima@example.com"),
            Some("1091372019437812345"),
            json!({"group": "Incydr Analysts", "role": "Security Center User",
                   "message": "Unable to update user's role", "event_type": "Update Role"}),
        )
    );
    assert_eq!(
        role.value["raw"]["eventTime"],
        json!("8/14/2024 9:02:12 AM")
    );
    assert_eq!(role.value["raw"]["Org"], Value::Null);
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-14T09:02:13Z",
            "incydr",
            "Okta",
            "organization-move",
            "failure",
            Some("ben.okafor@example.com"),
            Some("1091372019437867890"),
            json!({"organization": "Engineering", "event_type": "Move Organization",
                   "message": "Unable to move existing user to an organization"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 5))["time"],
        json!("2024-08-14T11:15:40Z"),
        "US time with an offset"
    );
    assert_eq!(
        fields(at(&loaded, 6)),
        event(
            "2024-08-14T13:20:05Z",
            "incydr",
            "User Directory Sync",
            "organization-move",
            "warning",
            Some("dev.patel@example.com"),
            None,
            json!({"organization": "Default", "error_code": "ORG_NOT_FOUND",
                   "event_type": "Organization Move",
                   "message": "User placed in the default organization, because \"Sales EMEA\" does not exist"}),
        )
    );
    let statuses: Vec<&str> = loaded
        .records
        .iter()
        .filter_map(|r| r.str_field("status"))
        .collect();
    assert_eq!(
        statuses,
        ["success", "failure", "failure", "success", "warning", "skipped"]
    );
}

#[test]
fn sync_log_json_lines_and_array_fields() {
    let lines = load("fixtures/logs/incydr-sync-log.jsonl");
    assert_eq!(
        fields(at(&lines, 2)),
        event(
            "2024-08-15T08:30:01.25Z",
            "incydr",
            "Okta",
            "role-update",
            "failure",
            Some("fatima.haddad@example.com"),
            Some("1091372019437800001"),
            json!({"role": "Customer Cloud Admin", "message": "Unable to update user's role",
                   "error_code": "invalid_set_of_roles", "event_type": "role update"}),
        )
    );
    assert_eq!(
        fields(at(&lines, 4))["user"],
        json!("hana.sato@example.com")
    );
    assert_eq!(fields(at(&lines, 4))["time"], json!("2024-08-15T08:31:15Z"));
    assert_eq!(fields(at(&lines, 5))["error_code"], json!("200"));
    assert_eq!(at(&lines, 5).value["raw"]["code"], json!(200));

    let array = load("fixtures/logs/incydr-sync-log.json");
    let location = at(&array, 21).location.as_ref().unwrap().to_string();
    assert_eq!(location, "fixtures/logs/incydr-sync-log.json:21:3");
    assert_eq!(
        fields(at(&array, 21)),
        event(
            "2024-08-16T07:00:06Z",
            "incydr",
            "Azure AD",
            "organization-move",
            "failure",
            Some("jon.kowalski@example.com"),
            None,
            json!({"organization": "Research", "event_type": "Organization Move",
                   "message": "Unable to move existing user to an organization"}),
        )
    );
    assert_eq!(
        fields(at(&array, 11))["group"],
        json!("Code42-Endpoint-Users")
    );
}

#[test]
fn okta_fields() {
    let loaded = load("fixtures/logs/okta-system-log.jsonl");
    let reason = "Automatic provisioning of user Ivan Petrov to app Code42 Incydr failed: \
        Error while trying to push profile update for ivan.petrov@example.com: Bad Request. \
        Errors reported by remote server: Bad Request. Invalid parameter provided in request: value.";
    assert_eq!(
        fields(at(&loaded, 1)),
        event(
            "2024-08-16T14:05:12.418Z",
            "okta",
            "Okta",
            "update",
            "failure",
            Some("ivan.petrov@example.com"),
            Some("00u1ivanpetrov8Zx2d7"),
            json!({"app": "Code42 Incydr", "message": reason, "error_code": "400",
                   "event_type": "application.provision.user.push_profile"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 2)),
        event(
            "2024-08-16T14:06:00.001Z",
            "okta",
            "Okta",
            "other",
            "failure",
            None,
            None,
            json!({"app": "Code42 Incydr", "message": "Code42 Incydr returned 429 Too Many Requests; provisioning will retry later",
                   "error_code": "429", "event_type": "application.integration.rate_limit_exceeded"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 3)),
        event(
            "2024-08-16T14:07:30Z",
            "okta",
            "Okta",
            "auth",
            "failure",
            None,
            None,
            json!({"app": "Code42 Incydr", "message": "Could not authenticate to Code42: invalid_set_of_roles",
                   "error_code": "invalid_set_of_roles",
                   "event_type": "application.integration.authentication_failure"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-16T14:10:02.5Z",
            "okta",
            "Okta",
            "group-create",
            "success",
            None,
            None,
            json!({"app": "Code42 Incydr", "group": "Incydr Analysts", "message": "Push new group to external application",
                   "event_type": "application.provision.group.add"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 5)),
        event(
            "2024-08-16T14:10:03.75Z",
            "okta",
            "Okta",
            "membership-add",
            "success",
            Some("ana.lima@example.com"),
            Some("00u1analima5Yt6d7"),
            json!({"app": "Code42 Incydr", "group": "Incydr Analysts",
                   "message": "Add user to group membership in external application",
                   "event_type": "application.provision.group_membership.add"}),
        )
    );
    let deactivate = fields(at(&loaded, 6));
    assert_eq!(
        (
            &deactivate["action"],
            &deactivate["status"],
            &deactivate["user"]
        ),
        (
            &json!("deactivate"),
            &json!("success"),
            &json!("carla.diaz@example.com")
        )
    );
    let push = fields(at(&loaded, 7));
    assert_eq!(
        (&push["action"], &push["error_code"]),
        (&json!("create"), &json!("E0000001"))
    );
    assert_eq!(
        at(&loaded, 7).value["raw"]["uuid"],
        json!("2b0d4c6e-5c1a-11ef-8f1e-4f5a6b7c8d07")
    );
}

#[test]
fn okta_array_and_lines_give_the_same_events() {
    let lines = load("fixtures/logs/okta-system-log.jsonl");
    let array = load("fixtures/logs/okta-system-log.json");
    let values = |l: &LoadedInput| {
        l.records
            .iter()
            .map(|r| r.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(values(&lines), values(&array));
    let lines_of = |l: &LoadedInput| {
        l.records
            .iter()
            .map(|r| r.location.as_ref().unwrap().line)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines_of(&array), [2, 57, 105, 153, 208, 270, 325]);
}

#[test]
fn entra_graph_fields() {
    let loaded = load("fixtures/logs/entra-provisioning-graph.json");
    let lines: Vec<u32> = loaded
        .records
        .iter()
        .map(|r| r.location.as_ref().unwrap().line)
        .collect();
    assert_eq!(lines, [4, 105, 199, 289, 384]);
    assert_eq!(
        fields(at(&loaded, 4)),
        event(
            "2024-08-20T09:14:03.5127Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "success",
            Some("mia.schultz@example.com"),
            Some("908172635445"),
            json!({"app": "Code42 Incydr", "message": "User 'mia.schultz@example.com' was created in Code42 Incydr",
                   "event_type": "create"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 105)),
        event(
            "2024-08-20T09:14:07Z",
            "entra",
            "Microsoft Entra ID",
            "update",
            "failure",
            Some("noah.fischer@example.com"),
            Some("3f2e1d0c-2222-4a2b-9c3d-4e5f6a7b8c92"),
            json!({"app": "Code42 Incydr", "message": "Code42 Incydr returned an error response with the HTTP status code 409. \
                   A user with the same userName (noah.fischer@example.com) already exists and is not \
                   linked to this Azure AD user.",
                   "error_code": "EntryConflict", "reason": "NonServiceFailure", "event_type": "update"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 199)),
        event(
            "2024-08-20T09:14:09.9Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "skipped",
            Some("olga.ivanova@example.com"),
            Some("3f2e1d0c-3333-4a2b-9c3d-4e5f6a7b8c93"),
            json!({"app": "Code42 Incydr", "message": "urn:ietf:params:scim:schemas:core:2.0:User 'olga.ivanova@example.com' will be \
                   skipped because the value of the property emails[type eq \"work\"].value is missing or invalid.",
                   "reason": "AttributeValidationFailed", "property": "emails[type eq \"work\"].value",
                   "event_type": "create"}),
        )
    );
    let disable = fields(at(&loaded, 289));
    assert_eq!(
        (
            &disable["action"],
            &disable["event_type"],
            &disable["status"]
        ),
        (&json!("deactivate"), &json!("disable"), &json!("success"))
    );
    let group = fields(at(&loaded, 384));
    assert_eq!(
        (&group["action"], &group["group"], &group["user"]),
        (
            &json!("group-create"),
            &json!("Incydr Analysts"),
            &Value::Null
        )
    );
}

#[test]
fn entra_diagnostic_fields() {
    let loaded = load("fixtures/logs/entra-provisioning-diagnostic.ndjson");
    assert_eq!(
        fields(at(&loaded, 1)),
        event(
            "2024-08-20T09:14:03Z",
            "entra",
            "Microsoft Entra ID",
            "create",
            "success",
            Some("quinn.adams@example.com"),
            Some("908172635501"),
            json!({"app": "Code42 Incydr", "message": "User 'quinn.adams@example.com' was created in Code42 Incydr",
                   "event_type": "create"}),
        )
    );
    assert_eq!(
        fields(at(&loaded, 2)),
        event(
            "2024-08-20T09:52:10Z",
            "entra",
            "Microsoft Entra ID",
            "update",
            "failure",
            Some("rosa.klein@example.com"),
            Some("908172635502"),
            json!({"app": "Code42 Incydr", "message": "Failed to update User 'rosa.klein@example.com' in Code42 Incydr: \
                   the server returned 400 Bad Request",
                   "event_type": "Update"}),
        )
    );
    let warning = fields(at(&loaded, 3));
    assert_eq!(warning["status"], json!("warning"));
    let staged = fields(at(&loaded, 4));
    assert_eq!(
        (
            &staged["action"],
            &staged["event_type"],
            &staged["status"],
            &staged["time"]
        ),
        (
            &json!("delete"),
            &json!("stagedDelete"),
            &json!("success"),
            &json!("2024-08-20T11:10:00.25Z")
        )
    );
    assert_eq!(
        at(&loaded, 4).value["raw"]["category"],
        json!("ProvisioningLogs")
    );
}

/// Everything `stream_events` hands over, how big the batches were, the kind, and how
/// many records were not about provisioning.
fn stream(
    path: &Path,
    kind: Option<InputKind>,
    batch: usize,
) -> (
    Vec<Record>,
    Vec<Skipped>,
    Vec<usize>,
    (InputKind, NotProvisioning),
) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut sizes = Vec::new();
    let summary = stream_events(path, "log", kind, batch, &mut |r, s| {
        sizes.push(r.len());
        records.extend(r);
        skipped.extend(s);
    })
    .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    assert_eq!(summary.records, records.len() as u64);
    assert_eq!(summary.skipped, skipped.len() as u64);
    (
        records,
        skipped,
        sizes,
        (summary.kind, summary.not_provisioning),
    )
}

/// Stream `path` and check it gives what a whole-file load gives; the batch sizes.
fn same_as_whole_file(path: &Path, kind: Option<InputKind>, batch: usize) -> Vec<usize> {
    let whole = load_file(path, "log", kind).unwrap();
    let (records, skipped, sizes, (streamed_kind, not_provisioning)) = stream(path, kind, batch);
    assert_eq!(streamed_kind, whole.kind);
    assert_eq!(
        not_provisioning,
        whole.not_provisioning,
        "{}",
        path.display()
    );
    assert_eq!(records.len(), whole.records.len());
    assert!(
        records == whole.records,
        "records differ for {}",
        path.display()
    );
    assert_eq!(skipped, whole.skipped);
    assert!(sizes.iter().all(|s| *s <= batch), "{sizes:?}");
    sizes
}

#[test]
fn streaming_a_large_json_lines_log_gives_what_a_whole_load_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut text = Vec::from(&b"\xEF\xBB\xBF"[..]);
    for i in 0..50_000u32 {
        let line = match i % 1000 {
            500 => "{\"timestamp\": \"2024-08-15T08:30:00Z\", \"action\":\r\n".to_owned(),
            501 => "\r\n".to_owned(),
            502 => format!("{{\"timestamp\":\"soon\",\"action\":\"create user\",\"user\":\"u{i}\",\"status\":\"ok\"}}\r\n"),
            _ => format!(
                "{{\"timestamp\":\"2024-08-15T08:{:02}:{:02}.{i}Z\",\"provider\":\"Okta\",\"action\":\"{}\",\"user\":\"user{i}@example.com\",\"status\":\"{}\",\"message\":\"m {i}\"}}\r\n",
                (i / 60) % 60,
                i % 60,
                ["create user", "role update", "Move Organization"][(i % 3) as usize],
                ["ok", "Failed", "warning"][(i % 3) as usize],
            ),
        };
        text.extend_from_slice(line.as_bytes());
        if i == 20_000 {
            text.extend_from_slice(b"{\"timestamp\":\"2024-08-15T08:00:00Z\",\"action\":\"block user\",\"user\":\"bad\xFF\",\"status\":\"ok\"}\n");
        }
    }
    std::fs::write(&path, &text).unwrap();
    let whole = load_file(&path, "log", None).unwrap();
    assert_eq!(whole.kind, InputKind::SyncLog);
    assert_eq!(whole.records.len(), 50_000 - 150 + 1);
    assert_eq!(whole.skipped.len(), 100 + 1);
    let (records, skipped, sizes, kind) = stream(&path, None, 4_096);
    assert_eq!(kind, (InputKind::SyncLog, Default::default()));
    assert!(records == whole.records, "the streamed records differ");
    assert_eq!(skipped, whole.skipped);
    assert!(sizes.iter().all(|s| *s <= 4_096), "{sizes:?}");
    assert_eq!(sizes.len(), 13);
}

#[test]
fn streaming_a_large_csv_log_gives_what_a_whole_load_gives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut text =
        String::from("Event Time,Provisioning Provider,Operation,Login,Result,Details\r\n");
    for i in 0..50_000u32 {
        let row = match i % 997 {
            10 => format!("8/15/2024 9:00:00 AM,Okta,create user,u{i}@example.com,ok\r\n"),
            11 => "\r\n".to_owned(),
            12 => format!("8/15/2024 9:00:00 AM,Okta,update role,u{i}@example.com,error,\"Unable to update user's role:\r\nsecond line, \"\"quoted\"\"\"\r\n"),
            _ => format!(
                "{}/{}/2024 {}:{:02}:{:02} {},Okta,Update User,user{i}@example.com,Succeeded,\"ok, {i}\"\r\n",
                1 + i % 12,
                1 + i % 28,
                1 + i % 12,
                i % 60,
                (i / 60) % 60,
                if i % 2 == 0 { "AM" } else { "PM" },
            ),
        };
        text.push_str(&row);
    }
    std::fs::write(&path, &text).unwrap();
    let sizes = same_as_whole_file(&path, None, 1_000);
    assert_eq!(sizes.iter().sum::<usize>(), 50_000 - 2 * 51);
}

#[test]
fn streaming_every_fixture() {
    let mut provider_logs = 0;
    for entry in std::fs::read_dir("fixtures/logs").unwrap() {
        let path = entry.unwrap().path();
        let whole = load_file(&path, "log", None).unwrap();
        provider_logs += usize::from(whole.not_provisioning.count > 0);
        same_as_whole_file(&path, None, 1);
        same_as_whole_file(&path, None, 2);
        same_as_whole_file(&path, Some(whole.kind), 1_000);
    }
    // The mixed Okta and Entra exports hold records that are not about provisioning.
    assert!(provider_logs >= 2, "{provider_logs}");
}

/// Every file of the malformed-input corpus that loads whole streams to the same records
/// and notes (the fuzzer found the streamed CSV header dropping its duplicate-column note).
#[test]
fn streaming_the_bad_corpus_gives_what_a_whole_load_gives() {
    let mut compared = 0;
    for case in std::fs::read_dir("fixtures/bad").unwrap() {
        for entry in std::fs::read_dir(case.unwrap().path()).unwrap() {
            let path = entry.unwrap().path();
            let Ok(whole) = load_file(&path, "log", None) else {
                continue;
            };
            if whole.kind == InputKind::Config {
                continue;
            }
            same_as_whole_file(&path, None, 2);
            compared += 1;
        }
    }
    assert!(compared >= 10, "{compared}");
}

#[test]
fn streaming_reports_what_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n  \n").unwrap();
    let err = stream_events(&empty, "empty.jsonl", None, 10, &mut |_, _| {});
    assert!(
        matches!(err, Err(synclint::input::InputError::Unrecognized { .. })),
        "{err:?}"
    );
    let missing = dir.path().join("missing.jsonl");
    let err = stream_events(&missing, "missing.jsonl", None, 10, &mut |_, _| {});
    assert!(
        matches!(err, Err(synclint::input::InputError::Unreadable { .. })),
        "{err:?}"
    );
    let odd = dir.path().join("odd.jsonl");
    std::fs::write(&odd, "{\"a\": 1}\n{\"b\": 2}\n").unwrap();
    let err = stream_events(&odd, "odd.jsonl", None, 10, &mut |_, _| {});
    assert!(
        matches!(err, Err(synclint::input::InputError::Unrecognized { .. })),
        "{err:?}"
    );
}

#[test]
fn kind_can_be_forced_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.csv");
    // No status column: not recognised by content, read when forced.
    std::fs::write(
        &path,
        "timestamp,action,user\n2024-08-14 09:00:00,create user,a@example.com\n",
    )
    .unwrap();
    assert_eq!(InputKind::from_name("sync-log"), Some(InputKind::SyncLog));
    let spec = format!("sync-log={}", path.display());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--format",
            "json",
            "--now",
            "2026-11-28T12:00:00Z",
            "--kind",
            &spec,
        ])
        .output()
        .expect("runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let inputs = &doc["summary"]["inputs"];
    assert_eq!(inputs[0]["kind"], json!("sync-log"), "{doc}");
    assert_eq!(inputs[0]["records"], json!(1));
}

#[test]
fn streaming_damaged_copies_matches_the_whole_file_reader() {
    let samples: [&[u8]; 3] = [
        b"\xEF\xBB\xBFEvent Time,Operation,Login,Result,Details\r\n8/14/2024 9:02:12 AM,Update Role,a@example.com,Error,\"Unable to update user's role,\r\n twice\"\r\n\r\n2024-08-14 09:00:00,create user,b@example.com,ok,\r\n",
        b"{\"timestamp\":\"2024-08-15T08:30:00Z\",\"action\":\"create user\",\"user\":\"a@example.com\",\"status\":\"ok\"}\r\n{\"timestamp\":\"2024-08-15T08:30:01Z\",\"action\":\"update role\",\"user\":\"\xC3\xA9@example.com\",\"status\":\"error\"}\n\n{\"timestamp\":\"8/15/2024 8:30:02 AM\",\"action\":\"delete user\",\"status\":\"ok\"}\n",
        b"{\"published\":\"2024-08-16T14:05:12Z\",\"eventType\":\"application.provision.group.add\",\"outcome\":{\"result\":\"SUCCESS\"},\"target\":[{\"type\":\"UserGroup\",\"displayName\":\"G\"}]}\n{\"published\":\"2024-08-16T14:05:13Z\",\"eventType\":\"application.provision.user.push\",\"outcome\":{\"result\":\"FAILURE\"},\"target\":[{\"type\":\"User\",\"alternateId\":\"a@example.com\"}]}\n",
    ];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged");
    for sample in samples {
        for end in 0..=sample.len() {
            let mut damaged = sample[..end].to_vec();
            if let Some(byte) = damaged.get_mut(end / 2) {
                *byte ^= 0xA5;
            }
            for bytes in [&sample[..end], &damaged[..]] {
                std::fs::write(&path, bytes).unwrap();
                let whole = load_file(&path, "log", None);
                let mut records = Vec::new();
                let mut skipped = Vec::new();
                let streamed = stream_events(&path, "log", None, 1, &mut |r, s| {
                    records.extend(r);
                    skipped.extend(s);
                });
                match whole {
                    Ok(whole) if whole.kind != InputKind::Config => {
                        let text = String::from_utf8_lossy(bytes);
                        let summary = streamed.unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
                        assert_eq!(summary.kind, whole.kind, "{text:?}");
                        assert!(records == whole.records, "{text:?}");
                        assert_eq!(skipped, whole.skipped, "{text:?}");
                    }
                    _ => assert!(streamed.is_err(), "{:?}", String::from_utf8_lossy(bytes)),
                }
            }
        }
    }
}

/// A CSV line ending in a run of bare carriage returns: the csv reader takes each `\r`
/// for a line end, yet the next row is on the next line in both readers (the fuzzer
/// found the streamed row one line early).
#[test]
fn rows_after_a_run_of_carriage_returns_keep_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.csv");
    let text = "Date,Provider,Action,Username,Result,Details\r\n\
                11/20/2026 6:00:00 AM,Okta,Update user,a@x.example,Success,ok\r\r\r\r\n\
                11/20/2026 7:00:00 AM,Okta,Update user,b@x.example,Success,ok\r\n\
                \r\r\n\
                11/20/2026 8:00:00 AM,Okta,Update user,c@x.example,Error,no\r\n";
    std::fs::write(&path, text).unwrap();
    same_as_whole_file(&path, None, 1);
    let whole = load_file(&path, "log", None).unwrap();
    let lines: Vec<u32> = whole
        .records
        .iter()
        .filter_map(|r| r.location.as_ref().map(|l| l.line))
        .collect();
    assert_eq!(lines, vec![2, 3, 5]);
}

#[test]
fn entra_diagnostic_records_sent_to_an_event_hub_read_as_the_lines_do() {
    // Azure Monitor writes resource logs to an event hub or a storage account as one
    // object per batch, `{"records": [...]}`; the records are the lines' records.
    let lines = load("fixtures/logs/entra-provisioning-diagnostic.ndjson");
    let batch = load("fixtures/logs/entra-diagnostic-records.json");
    assert_eq!(batch.kind, lines.kind);
    assert_eq!(batch.records.len(), 4);
    let normalized = |l: &LoadedInput| l.records.iter().map(fields).collect::<Vec<_>>();
    assert_eq!(normalized(&batch), normalized(&lines));
}

#[test]
fn log_analytics_rows_read_as_the_graph_records_they_hold() {
    // The `AADProvisioningLogs` table has the summary's fields as columns, objects as
    // JSON text: as `az monitor log-analytics query` gives it (JSON), and as the portal
    // exports it (CSV, the time as `TimeGenerated [UTC]` in `M/D/YYYY, h:mm:ss.fff AM`).
    let graph = load("fixtures/logs/entra-provisioning-graph.json");
    let json_rows = load("fixtures/logs/entra-log-analytics.json");
    let csv_rows = load("fixtures/logs/entra-log-analytics.csv");
    assert_eq!(json_rows.kind, graph.kind);
    assert_eq!(csv_rows.kind, graph.kind);
    assert_eq!(json_rows.skipped.len(), 0, "{:?}", json_rows.skipped);
    assert_eq!(csv_rows.skipped.len(), 0, "{:?}", csv_rows.skipped);
    let normalized = |l: &LoadedInput| l.records.iter().map(fields).collect::<Vec<_>>();
    assert_eq!(normalized(&json_rows), normalized(&graph));
    // The CSV's times are to the millisecond; everything else is the same.
    let without_time = |l: &LoadedInput| {
        normalized(l)
            .into_iter()
            .map(|mut v| {
                let time = v["time"].as_str().unwrap_or_default().to_owned();
                v["time"] = json!(time.get(..19).unwrap_or_default());
                v
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_time(&csv_rows), without_time(&graph));
}
