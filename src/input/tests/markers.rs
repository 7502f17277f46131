//! Classification on positive evidence: look-alikes are not used, with a reason; py42
//! envelopes and mixed SCIM listings are read.

use super::{column, load, locations, skipped, values};
use crate::input::{load_text, InputError, InputKind};
use serde_json::{json, Value};

fn not_used(name: &str, text: &str) -> String {
    match load_text(text.as_bytes(), name, None) {
        Ok(loaded) => panic!("{name} loaded as {:?}", loaded.kind),
        Err(InputError::Unrecognized { reason, .. }) => reason,
        Err(other) => panic!("{name}: not unrecognized: {other:?}"),
    }
}

/// Events of a directory service that records who did what, with a `username` on some.
const FOREIGN_LOG: &str = r#"{"event_type":"user_login_attempt","timestamp":"2026-03-02T08:00:01Z","success":true,"service":"sso","id":"e1"}
{"event_type":"radius_auth_attempt","timestamp":"2026-03-02T08:00:05Z","success":false,"username":"pia.holm","service":"radius","id":"e2"}
{"event_type":"user_update","timestamp":"2026-03-02T08:01:00Z","success":true,"username":"rex.dahl","service":"directory","id":"e3"}
"#;

#[test]
fn an_event_log_of_another_system_is_not_read_as_console_users() {
    let reason = not_used("directory-insights.jsonl", FOREIGN_LOG);
    assert!(
        reason.starts_with(
            "looks like an event log of another system (records with `event_type` and `timestamp`; keys seen: event_type, id, service, success, timestamp, username)"
        ),
        "{reason}"
    );
    assert!(reason.contains("--log-mapping"), "{reason}");
}

#[test]
fn a_sync_log_without_status_says_what_it_lacks() {
    let text =
        "timestamp,action,user,message\n2026-03-02T08:00:00Z,create user,pia@example.com,ok\n";
    assert_eq!(
        not_used("sync.csv", text),
        "looks like an Incydr Sync log (`action` and `timestamp`) without a status column (`status`, `result` or `outcome`); keys seen: action, message, timestamp, user"
    );
}

#[test]
fn username_alone_is_no_evidence_of_console_users() {
    let reason = not_used(
        "people.json",
        r#"[{"username": "pia.holm", "shell": "/bin/sh"}]"#,
    );
    assert_eq!(reason, "a JSON array of objects with keys username, shell");
    let loaded = load(
        "users.json",
        r#"{"users": [{"username": "pia@example.com"}]}"#,
    );
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
}

#[test]
fn one_users_roles_are_not_the_environments_roles() {
    let response = r#"{"roles": [
  {"roleId": "r-alpha", "roleName": "Alpha", "creationDate": "2024-05-01T00:00:00Z", "permissionIds": ["p-1"]},
  {"roleId": "r-beta", "roleName": "Beta", "creationDate": "2024-05-01T00:00:00Z", "permissionIds": []}
]}"#;
    let reason = not_used("my-roles.json", response);
    assert!(
        reason.starts_with("one user's roles (roles with `permissionIds`"),
        "{reason}"
    );
    assert!(reason.contains("does not say which user, nor list the environment's roles"));
    assert!(reason.contains("`incydr users roles list`"), "{reason}");
    let as_array = r#"[{"roleId": "r-alpha", "roleName": "Alpha", "permissionIds": []}]"#;
    assert!(not_used("my-roles.json", as_array).starts_with("one user's roles"));
}

#[test]
fn py42_user_by_id_is_a_console_user() {
    let text = r#"{
  "data": {
    "userId": 90210,
    "userUid": "880011223344",
    "status": "Deactivated",
    "username": "vera.lind@example.org",
    "email": "vera.lind@example.org",
    "firstName": "Vera",
    "lastName": "Lind"
  }
}"#;
    let loaded = load("py42-user.json", text);
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(locations(&loaded), vec!["py42-user.json:2:11"]);
    let vera = values(&loaded)[0];
    assert_eq!(vera["userId"], "880011223344");
    assert_eq!(vera["legacyUserId"], "90210");
    assert_eq!(vera["username"], "vera.lind@example.org");
    assert_eq!(vera["active"], false);
    assert_eq!(vera["status"], "Deactivated");
    assert!(skipped(&loaded).is_empty());
}

#[test]
fn py42_list_wrappers_for_users_orgs_and_roles() {
    let users = r#"{"data": {"totalCount": 3, "users": [
  {"userId": 11, "userUid": "u-11", "status": "Active", "username": "a@example.org", "firstName": "A"},
  {"userId": 12, "userUid": "u-12", "status": "Deactivated", "username": "b@example.org", "firstName": "B"},
  {"userId": 13, "userUid": "u-13", "status": "Pending", "username": "c@example.org", "firstName": "C"}
]}}"#;
    let loaded = load("py42-users.json", users);
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(
        column(&loaded, "active"),
        vec![json!(true), json!(false), Value::Null]
    );
    assert_eq!(
        column(&loaded, "userId"),
        vec![json!("u-11"), json!("u-12"), json!("u-13")]
    );
    assert_eq!(
        skipped(&loaded),
        vec!["py42-users.json:4:3 warning: status `Pending` is neither Active nor Deactivated; the active state is unknown"]
    );

    let orgs = r#"{"data": {"totalCount": 2, "orgs": [
  {"orgId": 5, "orgUid": "o-5", "orgGuid": "g-5", "orgName": "North", "status": "Active"},
  {"orgId": 6, "orgUid": "o-6", "orgGuid": "g-6", "orgName": "South", "status": "Deactivated"}
]}}"#;
    let loaded = load("py42-orgs.json", orgs);
    assert_eq!(loaded.kind, InputKind::Organizations);
    assert_eq!(
        column(&loaded, "available"),
        vec![json!(true), json!(false)]
    );
    assert_eq!(locations(&loaded)[1], "py42-orgs.json:3:3");

    let roles = r#"{"data": [
  {"roleId": "r-alpha", "roleName": "Alpha", "numberOfUsers": 4, "permissions": [{"permission": "p.read", "description": "Read"}]},
  {"roleId": "r-beta", "roleName": "Beta", "permissionIds": []}
]}"#;
    let loaded = load("py42-roles.json", roles);
    assert_eq!(loaded.kind, InputKind::Roles);
    assert_eq!(
        column(&loaded, "roleId"),
        vec![json!("r-alpha"), json!("r-beta")]
    );

    let one_users = r#"{"data": [{"roleId": "r-beta", "roleName": "Beta", "permissionIds": []}]}"#;
    assert!(not_used("py42-user-roles.json", one_users).starts_with("one user's roles"));
}

#[test]
fn a_scim_listing_of_users_and_groups_files_each_where_it_belongs() {
    let text = r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  "totalResults": 3,
  "Resources": [
    {"id": "a1", "userName": "nils", "displayName": "Nils Berg"},
    {"id": "b2", "displayName": "Berg Household"},
    {"id": "c3", "displayName": "Ops", "members": [{"value": "a1", "display": "Nils Berg"}]}
  ]
}"#;
    let loaded = load("root-query.json", text);
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(column(&loaded, "userName"), vec![json!("nils")]);
    let [(kind, groups)] = loaded.also.as_slice() else {
        panic!("one other part: {:?}", loaded.also);
    };
    assert_eq!(*kind, InputKind::IdpGroups);
    let names: Vec<&Value> = groups.iter().map(|g| &g.value["displayName"]).collect();
    assert_eq!(names, vec!["Berg Household", "Ops"]);
    assert_eq!(groups[1].value["member_ids"], json!(["a1"]));
    assert!(skipped(&loaded).is_empty());
    let parts: Vec<(InputKind, usize)> = loaded.parts().map(|(k, r)| (k, r.len())).collect();
    assert_eq!(
        parts,
        vec![(InputKind::IdpUsers, 1), (InputKind::IdpGroups, 2)]
    );
}

#[test]
fn a_partial_scim_listing_of_groups_only_is_groups() {
    let text = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  "Resources": [{"id": "g1", "displayName": "Ops", "members": []},
                {"id": "g2", "displayName": "Sales"}]}"#;
    let loaded = load("groups.json", text);
    assert_eq!(loaded.kind, InputKind::IdpGroups);
    assert!(loaded.also.is_empty());
    assert_eq!(values(&loaded).len(), 2);
}

#[test]
fn a_partial_scim_listing_of_groups_without_members_is_not_used() {
    let text = r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  "Resources": [{"id": "g1", "displayName": "Ops"}, {"id": "g2", "displayName": "Sales"}]}"#;
    let reason = not_used("groups.json", text);
    assert!(
        reason.starts_with("2 group(s), none with `members`"),
        "{reason}"
    );
}
