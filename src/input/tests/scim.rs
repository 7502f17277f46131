//! SCIM 2.0 users and groups: `ListResponse`, plain arrays, JSON lines, wrappers.

use super::{column, load, locations, skipped, values};
use crate::input::InputKind;
use serde_json::{json, Value};

pub(super) const USERS_LIST: &str = r#"{
  "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
  "totalResults": 3,
  "startIndex": 1,
  "itemsPerPage": 3,
  "Resources": [
    {
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "id": "00u1",
      "externalId": "ext-ada",
      "userName": "ada@example.com",
      "name": {"givenName": "Ada", "familyName": "Lovelace", "formatted": "Ada Lovelace"},
      "displayName": "Ada Lovelace",
      "title": "Engineer",
      "active": true,
      "emails": [
        {"value": "ada.work@example.com", "type": "work"},
        {"value": "ada@example.com", "type": "home", "primary": true}
      ],
      "groups": [{"value": "g1", "display": "Incydr Admins"}, {"value": "g2"}],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D", "organization": "Engineering"},
      "c42OrgName": "Engineering",
      "meta": {"resourceType": "User"}
    },
    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "00u2",
     "UserName": "bob@example.com", "Active": "False", "Emails": [{"Value": "bob@example.com"}]},
    {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "00u3", "displayName": "No Login"}
  ]
}"#;

#[test]
fn scim_users_from_a_list_response() {
    let loaded = load("okta-users.json", USERS_LIST);
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(
        locations(&loaded),
        vec!["okta-users.json:7:5", "okta-users.json:26:5"]
    );
    assert_eq!(skipped(&loaded), vec!["okta-users.json:28:5 no userName"]);
    let ada = values(&loaded)[0];
    let expected = json!({
        "id": "00u1", "externalId": "ext-ada", "userName": "ada@example.com",
        "displayName": "Ada Lovelace", "givenName": "Ada", "familyName": "Lovelace",
        "title": "Engineer", "userType": null, "active": true,
        "emails": ["ada.work@example.com", "ada@example.com"], "email": "ada@example.com",
        "groups": ["Incydr Admins", "g2"],
        "enterprise": {"department": "R&D", "organization": "Engineering"},
    });
    for (key, want) in expected.as_object().unwrap() {
        assert_eq!(&ada[key], want, "{key}");
    }
    assert_eq!(ada["c42OrgName"], "Engineering");
    assert_eq!(ada["meta"]["resourceType"], "User");
    assert_eq!(ada["raw"]["name"]["formatted"], "Ada Lovelace");
    assert_eq!(ada["raw"]["emails"][1]["primary"], true);

    let bob = values(&loaded)[1];
    assert_eq!(bob["userName"], "bob@example.com");
    assert_eq!(bob["active"], false);
    assert_eq!(bob["email"], "bob@example.com");
    assert_eq!(bob["groups"], json!([]));
    assert_eq!(bob["enterprise"], Value::Null);
    assert!(
        bob.get("UserName").is_none(),
        "core names are not copied twice"
    );
    assert_eq!(bob["raw"]["UserName"], "bob@example.com");
}

#[test]
fn scim_users_without_schemas_as_json_lines_with_crlf() {
    let text = "{\"id\":\"1\",\"userName\":\"ada@example.com\",\"emails\":[{\"value\":\"ada@example.com\"}]}\r\n\
                {\"id\":\"2\",\"userName\":\"bob@example.com\",\"active\":false}\r\n";
    let loaded = load("entra.jsonl", text);
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(column(&loaded, "active"), vec![Value::Null, json!(false)]);
    assert_eq!(
        column(&loaded, "email"),
        vec![json!("ada@example.com"), Value::Null]
    );
    assert_eq!(
        locations(&loaded),
        vec!["entra.jsonl:1:1", "entra.jsonl:2:1"]
    );
}

#[test]
fn incydr_username_is_not_mistaken_for_scim() {
    let loaded = load(
        "u.json",
        r#"[{"userId":"u1","username":"a@example.com","orgGuid":"g"}]"#,
    );
    assert_eq!(loaded.kind, InputKind::ConsoleUsers);
    let scim = load(
        "s.json",
        r#"[{"id":"1","userName":"a@example.com","roles":[{"value":"x"}]}]"#,
    );
    assert_eq!(scim.kind, InputKind::IdpUsers);
}

#[test]
fn scim_groups_from_a_list_response_and_a_value_wrapper() {
    let list = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,
"Resources":[
 {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Incydr Admins",
  "members":[{"value":"00u1","display":"ada@example.com"},{"value":"00u2"},"00u9"]},
 {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g2","externalId":"x2"}
]}"#;
    let loaded = load("groups.json", list);
    assert_eq!(loaded.kind, InputKind::IdpGroups);
    assert_eq!(skipped(&loaded), vec!["groups.json:5:2 no displayName"]);
    let group = values(&loaded)[0];
    assert_eq!(
        group["members"],
        json!([
            {"value": "00u1", "display": "ada@example.com"},
            {"value": "00u2", "display": null},
            {"value": "00u9", "display": null}
        ])
    );
    assert_eq!(group["member_ids"], json!(["00u1", "00u2", "00u9"]));
    assert_eq!(group["member_names"], json!(["ada@example.com"]));
    assert_eq!(group["externalId"], Value::Null);
    assert_eq!(group["raw"]["id"], "g1");
    assert_eq!(locations(&loaded), vec!["groups.json:3:2"]);

    let value =
        r#"{"@odata.context":"x","value":[{"id":"g3","displayName":"Sales","members":[]}]}"#;
    let loaded = load("graph.json", value);
    assert_eq!(loaded.kind, InputKind::IdpGroups);
    assert_eq!(column(&loaded, "member_ids"), vec![json!([])]);
}

#[test]
fn scim_resources_wrapper_without_schemas() {
    let text =
        r#"{"Resources": [{"id":"1","userName":"ada@example.com","name":{"GivenName":"Ada"}}]}"#;
    let loaded = load("r.json", text);
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(values(&loaded)[0]["givenName"], "Ada");
    assert_eq!(values(&loaded)[0]["familyName"], Value::Null);
}

#[test]
fn a_user_without_active_is_unknown_and_a_bad_flag_is_noted() {
    let text = "{\"id\":\"1\",\"userName\":\"kim@example.com\"}\n\
                {\"id\":\"2\",\"userName\":\"lou@example.com\",\"active\":\"maybe\"}\n\
                {\"id\":\"3\",\"userName\":\"mo@example.com\",\"active\":true}\n";
    let loaded = load("partial.jsonl", text);
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(
        column(&loaded, "active"),
        vec![Value::Null, Value::Null, json!(true)]
    );
    assert_eq!(
        skipped(&loaded),
        vec!["partial.jsonl:2:1 warning: `active` is \"maybe\", not true or false; its state is read as unknown"]
    );
}

#[test]
fn members_that_are_groups_are_kept_apart_from_the_users() {
    let list = r#"[{"id":"g1","displayName":"Incydr Users","members":[
  {"value":"00u1","display":"ada@example.com"},
  {"value":"g2","display":"Contractors","type":"Group"},
  {"value":"g3","$ref":"https://idp.example.org/scim/v2/Groups/g3"},
  {"value":"00u2","$ref":"https://idp.example.org/scim/v2/Users/00u2","type":"User"}]}]"#;
    let loaded = load("groups.json", list);
    let group = values(&loaded)[0];
    assert_eq!(group["member_ids"], json!(["00u1", "00u2"]));
    assert_eq!(group["member_names"], json!(["ada@example.com"]));
    assert_eq!(
        group["member_groups"],
        json!([{"value": "g2", "display": "Contractors"}, {"value": "g3", "display": null}])
    );
    // What the nesting means is said once every group is read (`model::nesting`).
    assert_eq!(skipped(&loaded), Vec::<String>::new());

    let graph = r##"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#groups(members())",
"value":[{"id":"g4","displayName":"Sales","members":[
  {"@odata.type":"#microsoft.graph.user","id":"00u5","userPrincipalName":"eve@example.com"},
  {"@odata.type":"#microsoft.graph.group","id":"g5","displayName":"Sales Interns"},
  {"@odata.type":"#microsoft.graph.device","id":"d1","displayName":"LAPTOP-1"}]}]}"##;
    let loaded = load("graph.json", graph);
    let group = values(&loaded)[0];
    assert_eq!(group["member_ids"], json!(["00u5"]));
    assert_eq!(
        group["member_groups"],
        json!([{"value": "g5", "display": "Sales Interns"}])
    );
    assert_eq!(
        skipped(&loaded),
        vec!["graph.json:2:10 warning: 1 member(s) of this group are neither users nor groups (1 device); they are not read as members"]
    );
}

#[test]
fn groups_a_user_is_in_through_a_nested_group_are_not_its_groups() {
    let users = r#"[{"id":"00u1","userName":"ada@example.com","groups":[
  {"value":"g1","display":"Engineering","type":"direct"},
  {"value":"g2","display":"Incydr Users","type":"indirect"},
  {"value":"g3","display":"Staff"}]}]"#;
    let loaded = load("users.json", users);
    let user = values(&loaded)[0];
    assert_eq!(user["groups"], json!(["Engineering", "Staff"]));
    assert_eq!(user["indirect_groups"], json!(["Incydr Users"]));
}
