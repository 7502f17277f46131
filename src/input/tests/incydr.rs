//! Incydr console exports in every syntax and wrapper.

use super::{column, load, locations, skipped, values};
use crate::input::InputKind;
use serde_json::{json, Value};

pub(super) const USERS_PRETTY: &str = r#"[
  {
    "legacyUserId": "901",
    "userId": "u-ada",
    "username": "ada@example.com",
    "firstName": "Ada",
    "lastName": "Lovelace",
    "orgGuid": "org-eng",
    "orgName": "Engineering",
    "active": true,
    "blocked": false
  },
    {"userId": "u-bob", "username": "bob@example.com", "active": "false", "blocked": "TRUE"},
  {"userId": "u-nobody", "firstName": "No", "lastName": "Name"}
]
"#;

#[test]
fn console_users_from_a_pretty_json_array() {
    let loaded = load("users.json", USERS_PRETTY);
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(
        locations(&loaded),
        vec!["users.json:2:3", "users.json:13:5"]
    );
    assert_eq!(skipped(&loaded), vec!["users.json:14:3 no username"]);
    let ada = values(&loaded)[0];
    assert_eq!(ada["username"], "ada@example.com");
    assert_eq!(ada["legacyUserId"], "901");
    assert_eq!(ada["orgId"], Value::Null);
    let keys: Vec<&str> = ada
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(&keys[..3], &["userId", "username", "firstName"]);
    assert_eq!(column(&loaded, "active"), vec![json!(true), json!(false)]);
    assert_eq!(column(&loaded, "blocked"), vec![json!(false), json!(true)]);
}

#[test]
fn console_users_from_snake_case_csv_with_crlf() {
    let text = "user_id,username,first_name,last_name,org_guid,org_name,active,blocked,notes\r\n\
                u-ada,ada@example.com,Ada,Lovelace,org-eng,Engineering,True,false,\r\n\
                u-bob,bob@example.com,Bob,,org-eng,Engineering,FALSE,TRUE,\"left, 2024\"\r\n";
    let loaded = load("users.csv", text);
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(locations(&loaded), vec!["users.csv:2:1", "users.csv:3:1"]);
    let bob = values(&loaded)[1];
    assert_eq!(bob["userId"], "u-bob");
    assert_eq!(bob["orgGuid"], "org-eng");
    assert_eq!(bob["lastName"], Value::Null);
    assert_eq!(bob["notes"], "left, 2024");
    assert_eq!(column(&loaded, "active"), vec![json!(true), json!(false)]);
    assert_eq!(column(&loaded, "blocked"), vec![json!(false), json!(true)]);
    assert!(loaded.skipped.is_empty());
}

#[test]
fn json_lines_with_a_broken_line_in_the_middle() {
    let text = "{\"userId\":\"u1\",\"username\":\"a@example.com\"}\n\
                {\"userId\":\"u2\",\"username\":\"b@exa\n\
                \n\
                [\"not\", \"an\", \"object\"]\n\
                {\"userId\":\"u3\",\"username\":\"c@example.com\"}\n";
    let loaded = load("users.jsonl", text);
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(column(&loaded, "userId"), vec![json!("u1"), json!("u3")]);
    assert_eq!(
        locations(&loaded),
        vec!["users.jsonl:1:1", "users.jsonl:5:1"]
    );
    let got = skipped(&loaded);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("users.jsonl:2:"), "{got:?}");
    assert!(
        got[0].contains("invalid JSON: EOF while parsing a string"),
        "{got:?}"
    );
    assert_eq!(got[1], "users.jsonl:4:1 not a JSON object (found an array)");
}

#[test]
fn users_wrapper_and_its_empty_form() {
    let loaded = load(
        "u.json",
        r#"{"users":[{"userId":"u1","username":"a@example.com"}],"totalCount":1}"#,
    );
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    assert_eq!(locations(&loaded), vec!["u.json:1:11"]);
    let empty = load("u.json", r#"{"totalCount": 0, "users": []}"#);
    assert_eq!(empty.kind, InputKind::ConsoleUsers);
    assert!(empty.records.is_empty());
}

#[test]
fn roles_as_array_csv_and_wrapper() {
    let array = r#"[{"roleId":"desktop-user","roleName":"Desktop User","creationDate":"2021-01-04T00:00:00Z",
      "modificationDate":"2021-01-04T00:00:00Z","permissions":[{"permission":"devices.own.read","description":"Read own devices"}]},
      {"roleName":"Watchlist Manager"}, {"creationDate":"2021-01-04T00:00:00Z"}]"#;
    let loaded = load("roles.json", array);
    assert_eq!(loaded.kind, InputKind::Roles);
    assert_eq!(
        values(&loaded)[0]["permissions"][0]["permission"],
        "devices.own.read"
    );
    assert_eq!(
        column(&loaded, "roleId"),
        vec![json!("desktop-user"), Value::Null]
    );
    assert_eq!(
        skipped(&loaded),
        vec!["roles.json:3:41 no roleId or roleName"]
    );

    let csv = load(
        "roles.csv",
        "role_id,role_name\nalert-emails,Alert Emails\n",
    );
    assert_eq!(csv.kind, InputKind::Roles);
    assert_eq!(values(&csv)[0]["roleName"], "Alert Emails");

    let bare = r#"{"roles": [{"roleId":"proe-user","roleName":"PROe User","permissions":[]}]}"#;
    let loaded = load("mine.json", bare);
    assert_eq!(loaded.kind, InputKind::Roles);
    assert_eq!(values(&loaded)[0]["permissions"], json!([]));
}

#[test]
fn user_roles_as_nested_json_one_record_per_pair() {
    let text = r#"[
  {"userId": "u-ada", "roles": [
      {"roleId": "customer-cloud-admin", "roleName": "Customer Cloud Admin", "permissionIds": []},
      "desktop-user",
      {"permissionIds": []}]},
  {"username": "bob@example.com", "roles": []},
  {"roles": [{"roleId": "desktop-user"}], "note": "no user"}
]"#;
    let loaded = load("user-roles.json", text);
    assert_eq!(loaded.kind, InputKind::ConsoleUserRoles);
    assert_eq!(
        values(&loaded),
        vec![
            &json!({"userId":"u-ada","username":null,"roleId":"customer-cloud-admin","roleName":"Customer Cloud Admin"}),
            &json!({"userId":"u-ada","username":null,"roleId":"desktop-user","roleName":null}),
        ]
    );
    assert_eq!(
        locations(&loaded),
        vec!["user-roles.json:2:3", "user-roles.json:2:3"]
    );
    assert_eq!(
        skipped(&loaded),
        vec![
            "user-roles.json:2:3 role 3 of this user has no roleId or roleName",
            "user-roles.json:7:3 no userId or username",
        ]
    );
}

#[test]
fn user_roles_as_csv_and_as_a_single_object() {
    let csv = "user_id,username,role_id,role_name\nu-ada,ada@example.com,desktop-user,Desktop User\n,bob@example.com,,Alert Emails\n";
    let loaded = load("ur.csv", csv);
    assert_eq!(loaded.kind, InputKind::ConsoleUserRoles);
    assert_eq!(
        column(&loaded, "username"),
        vec![json!("ada@example.com"), json!("bob@example.com")]
    );
    assert_eq!(
        column(&loaded, "roleId"),
        vec![json!("desktop-user"), Value::Null]
    );
    assert_eq!(
        column(&loaded, "roleName"),
        vec![json!("Desktop User"), json!("Alert Emails")]
    );

    let single = r#"{"userId":"u-ada","roles":[{"roleId":"proe-user","roleName":"PROe User"}]}"#;
    let loaded = load("ada-roles.json", single);
    assert_eq!(loaded.kind, InputKind::ConsoleUserRoles);
    assert_eq!(column(&loaded, "roleId"), vec![json!("proe-user")]);
    assert_eq!(locations(&loaded), vec!["ada-roles.json:1:1"]);
}

#[test]
fn user_ids_rounded_by_excel_are_left_out_with_one_note() {
    let csv = "user_id,username,role_id\n1.09486E+18,ada@example.com,desktop-user\n\
               1.09486E+18,,desktop-user\n1094859020139120303,cy@example.com,desktop-user\n";
    let loaded = load("ur.csv", csv);
    assert_eq!(loaded.kind, InputKind::ConsoleUserRoles);
    assert_eq!(
        column(&loaded, "userId"),
        vec![Value::Null, json!("1094859020139120303")]
    );
    let notes = skipped(&loaded);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("ur.csv:2:1 warning: `userId` holds `1.09486E+18`"));
    assert!(notes[1].starts_with("ur.csv:3:1 no username, and the userId was rounded"));

    let users = "userId,username\n1094859020139120301,ada@example.com\n";
    let loaded = load("users.csv", users);
    assert_eq!(
        column(&loaded, "userId"),
        vec![json!("1094859020139120301")]
    );
    assert_eq!(skipped(&loaded), Vec::<String>::new());
}

pub(super) const ORGS: &str = r#"{
  "totalCount": 4,
  "orgs": [
    {"orgGuid": "org-eng", "orgName": "Engineering", "active": true, "deactivationDate": null},
    {"orgGuid": "org-old", "orgName": "Old", "active": false},
    {
      "orgGuid": "org-gone", "orgName": "Gone", "active": true,
      "deactivationDate": "2024-03-01T00:00:00Z"
    },
    {"orgExtRef": "nameless"}
  ]
}"#;

#[test]
fn organizations_wrapper_with_element_lines_and_availability() {
    let loaded = load("orgs.json", ORGS);
    assert_eq!(loaded.kind, InputKind::Organizations);
    assert_eq!(
        locations(&loaded),
        vec!["orgs.json:4:5", "orgs.json:5:5", "orgs.json:6:5"]
    );
    assert_eq!(
        column(&loaded, "available"),
        vec![json!(true), json!(false), json!(false)]
    );
    assert_eq!(
        skipped(&loaded),
        vec!["orgs.json:10:5 no orgGuid or orgName"]
    );
    assert_eq!(values(&loaded)[0]["userCount"], Value::Null);

    let csv = load(
        "orgs.csv",
        "org_guid,org_name,active,deactivation_date\ng1,Sales,false,\ng2,HR,true,\n",
    );
    assert_eq!(csv.kind, InputKind::Organizations);
    assert_eq!(column(&csv, "available"), vec![json!(false), json!(true)]);
}

#[test]
fn directory_groups_in_both_wrapper_spellings() {
    for key in ["directoryGroups", "directory_groups"] {
        let text = format!("{{\"{key}\": [\n {{\"groupId\": \"dg-1\", \"name\": \"Engineering\"}},\n {{\"groupId\": \"dg-2\", \"name\": \"Sales\"}}\n], \"totalCount\": 2}}");
        let loaded = load("dg.json", &text);
        assert_eq!(loaded.kind, InputKind::DirectoryGroups, "{key}");
        assert_eq!(
            column(&loaded, "name"),
            vec![json!("Engineering"), json!("Sales")]
        );
        assert_eq!(locations(&loaded), vec!["dg.json:2:2", "dg.json:3:2"]);
    }
    let empty = load("dg.json", r#"{"directoryGroups": [], "totalCount": 0}"#);
    assert_eq!(empty.kind, InputKind::DirectoryGroups);
    assert!(empty.records.is_empty());
}
