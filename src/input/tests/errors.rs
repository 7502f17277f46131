//! Files that fail as a whole, and damaged pieces that are reported, not loaded.

use super::{column, load, locations, skipped, values};
use crate::input::{load_file, load_text, InputError, InputKind};
use serde_json::json;

fn error(name: &str, bytes: &[u8]) -> InputError {
    match load_text(bytes, name, None) {
        Ok(loaded) => panic!("{name} loaded as {:?}", loaded.kind),
        Err(err) => err,
    }
}

fn reason(err: &InputError) -> &str {
    match err {
        InputError::Unrecognized { reason, .. } => reason,
        other => panic!("not unrecognized: {other:?}"),
    }
}

#[test]
fn an_empty_file_is_unrecognized() {
    for text in ["", "  \r\n\n\t", "\u{FEFF}"] {
        let err = error("empty.json", text.as_bytes());
        assert_eq!(reason(&err), "the file is empty");
        assert_eq!(
            err.to_string(),
            "empty.json: cannot tell what this file holds: the file is empty"
        );
    }
}

#[test]
fn unrecognized_content_names_what_was_seen() {
    let cases: &[(&str, &str)] = &[
        (r#"[{"a": 1, "b": 2, "c": 3}]"#, "a JSON array of objects with keys a, b, c"),
        ("[1, 2]", "a JSON array with no objects"),
        ("[]", "a JSON array with no records"),
        ("{\"ticket\": 7, \"state\": \"open\"}", "a JSON object with keys ticket, state"),
        ("{\"x\":1}\n{\"x\":2}\n", "JSON lines of objects with keys x"),
        ("ticket,state\n7,open\n", "CSV with columns ticket, state"),
        (
            "{\"value\": [{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10}]}",
            "a JSON object whose `value` list holds objects with keys k1, k2, k3, k4, k5, k6, k7, k8 and 2 more",
        ),
        (
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"totalResults\": 0, \"Resources\": []}",
            "empty SCIM ListResponse",
        ),
        (
            "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"totalResults\": 0}",
            "empty SCIM ListResponse",
        ),
        (
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter","detail":"bad filter"}"#,
            "a SCIM error response (status 400, scimType invalidFilter): bad filter",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(reason(&error("in", text.as_bytes())), *want, "{text}");
    }
    let yaml = error("other.yaml", b"name: demo\nsteps:\n  - run: x\n");
    assert!(
        reason(&yaml).starts_with("a YAML mapping with top-level keys name, steps; a synclint config has at least one of role_mappings"),
        "{yaml:?}"
    );
    let forced = load_text(b"name: demo\n", "x.yaml", Some(InputKind::Roles));
    assert!(matches!(forced, Err(InputError::Unrecognized { .. })));
}

#[test]
fn a_truncated_json_array_is_malformed_with_its_line() {
    let text = "[\n  {\"roleId\": \"desktop-user\"},\n  {\"roleId\": \"proe-";
    match error("roles.json", text.as_bytes()) {
        InputError::Malformed {
            path,
            line,
            column,
            reason,
        } => {
            assert_eq!((path.as_str(), line, column), ("roles.json", 3, 19));
            assert_eq!(reason, "EOF while parsing a string");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_truncated_wrapper_object_is_malformed() {
    let text = "{\n  \"orgs\": [\n    {\"orgGuid\": \"g1\"},\n    {\"orgGuid\": \"g2\"}\n";
    let err = error("orgs.json", text.as_bytes());
    assert!(
        matches!(
            err,
            InputError::Malformed {
                line: 5,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "orgs.json:5:1: not valid JSON: EOF while parsing a list"
    );
}

#[test]
fn ragged_csv_rows_are_reported_and_the_rest_loads() {
    let text = "username,user_id\na@example.com,u1\nb@example.com\nc@example.com,u3,extra\nd@example.com,u4\n";
    let loaded = load("users.csv", text);
    assert_eq!(column(&loaded, "userId"), vec![json!("u1"), json!("u4")]);
    assert_eq!(
        skipped(&loaded),
        vec![
            "users.csv:3:1 row has 1 fields, header has 2",
            "users.csv:4:1 row has 3 fields, header has 2"
        ]
    );
}

#[test]
fn records_missing_their_key_field_are_reported() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[{\"userId\":\"u1\",\"username\":\"a\"},{\"userId\":\"u2\",\"username\":\"\"}]",
            "no username",
            "a",
        ),
        (
            "[{\"orgGuid\":\"g\"},{\"orgName\":null,\"notes\":\"x\"}]",
            "no orgGuid or orgName",
            "g",
        ),
        (
            "[{\"groupId\":\"d\",\"name\":\"n\"},{\"groupId\":null,\"name\":\" \"}]",
            "no groupId or name",
            "d",
        ),
    ];
    for (text, why, _) in cases {
        let loaded = load("x.json", text);
        assert_eq!(loaded.records.len(), 1, "{text}");
        assert_eq!(skipped(&loaded).len(), 1, "{text}");
        assert!(skipped(&loaded)[0].ends_with(why), "{:?}", skipped(&loaded));
    }
}

#[test]
fn byte_order_mark_and_crlf_keep_line_numbers() {
    let text = "\u{FEFF}[\r\n  {\"groupId\": \"dg-1\", \"name\": \"Eng\"},\r\n  {\"groupId\": \"dg-2\", \"name\": \"Ops\"}\r\n]\r\n";
    let loaded = load("dg.json", text);
    assert_eq!(loaded.kind, InputKind::DirectoryGroups);
    assert_eq!(locations(&loaded), vec!["dg.json:2:3", "dg.json:3:3"]);
    assert_eq!(values(&loaded)[1]["name"], "Ops");
    let csv = load("dg.csv", "\u{FEFF}group_id,name\r\ndg-1,Eng\r\n");
    assert_eq!(values(&csv)[0], &json!({"groupId": "dg-1", "name": "Eng"}));
}

#[test]
fn invalid_utf8_is_replaced_kept_and_noted() {
    let bytes = b"user_id,username,first_name\nu1,a@example.com,Ren\xE9\nu2,b@example.com,Bob\n";
    let loaded = match load_text(bytes, "latin1.csv", None) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{err:?}"),
    };
    assert_eq!(loaded.records.len(), 2);
    assert_eq!(values(&loaded)[0]["firstName"], "Ren\u{FFFD}");
    assert_eq!(
        skipped(&loaded),
        vec!["latin1.csv:2 warning: invalid UTF-8 replaced"]
    );
}

#[test]
fn utf16_exports_are_read() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "role_id,role_name\r\ndesktop-user,Desktop User\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let loaded = load_text(&bytes, "roles.csv", None).unwrap();
    assert_eq!(loaded.kind, InputKind::Roles);
    assert_eq!(values(&loaded)[0]["roleId"], "desktop-user");
}

#[test]
fn unreadable_files_and_diagnostic_codes() {
    use miette::Diagnostic;
    let dir = tempfile::tempdir().unwrap();
    let err = load_file(&dir.path().join("missing.json"), "missing.json", None).unwrap_err();
    assert!(matches!(&err, InputError::Unreadable { path, source }
        if path == "missing.json" && source.kind() == std::io::ErrorKind::NotFound));
    assert_eq!(
        err.code().map(|c| c.to_string()).as_deref(),
        Some("synclint::input::unreadable")
    );
    assert!(err.help().is_some());
    let err = error("e.json", b"");
    assert_eq!(
        err.code().map(|c| c.to_string()).as_deref(),
        Some("synclint::input::unrecognized")
    );
    let err = error("t.json", b"[{");
    assert_eq!(
        err.code().map(|c| c.to_string()).as_deref(),
        Some("synclint::input::malformed")
    );
}
