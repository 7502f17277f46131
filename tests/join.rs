//! The joined `users` view: matching, group membership, expected roles and organizations.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use synclint::model::attribute::OrgAttribute;
use synclint::model::join::{users, JoinSettings};
use synclint::model::{dataset, Datasets, Record};

fn add(data: &mut Datasets, name: &str, values: Value) {
    let records = values.as_array().cloned().unwrap_or_default();
    data.extend(name, records.into_iter().map(|v| Record::new(v, None)));
}

fn tenant() -> Datasets {
    let mut d = Datasets::new();
    add(
        &mut d,
        dataset::IDP_USERS,
        json!([
            {"id": "1", "userName": "Ann@x.example", "active": true, "emails": ["ann@x.example"], "groups": ["Admins"]},
            {"id": "2", "userName": "bob@x.example", "active": false, "emails": [], "groups": []},
            {"id": "3", "userName": "cid@x.example", "active": true, "emails": [], "groups": []},
        ]),
    );
    add(
        &mut d,
        dataset::IDP_GROUPS,
        json!([
            {"displayName": "Sales", "member_ids": ["1", "3"], "member_names": []},
            {"displayName": "Support", "member_ids": ["3"], "member_names": []},
        ]),
    );
    add(
        &mut d,
        dataset::CONSOLE_USERS,
        json!([
            {"userId": "c1", "username": "ann@x.example", "active": true, "blocked": false, "orgName": "Staff"},
            {"userId": "c2", "username": "bob@x.example", "active": true, "blocked": true},
            {"userId": "c9", "username": "root@x.example", "active": true},
        ]),
    );
    add(
        &mut d,
        dataset::CONSOLE_USER_ROLES,
        json!([
            {"userId": "c1", "roleId": "desktop-user", "roleName": "Desktop User"},
            {"userId": "c1", "roleId": "customer-cloud-admin", "roleName": "Customer Cloud Admin"},
        ]),
    );
    add(
        &mut d,
        dataset::ROLES,
        json!([
            {"roleId": "desktop-user", "roleName": "Desktop User"},
            {"roleId": "customer-cloud-admin", "roleName": "Customer Cloud Admin"},
        ]),
    );
    add(
        &mut d,
        dataset::ORGANIZATIONS,
        json!([
            {"orgName": "Sales EMEA", "available": true},
            {"orgName": "Support", "available": false},
            {"orgName": "Staff", "available": true},
        ]),
    );
    add(
        &mut d,
        dataset::ROLE_MAPPINGS,
        json!([
            {"kind": "role", "source": "group", "group": "admins", "role": "Customer Cloud Admin"},
            {"kind": "role", "source": "group", "group": "Sales", "role": "gone-role"},
            {"kind": "role", "source": "default", "group": null, "role": "desktop-user"},
        ]),
    );
    add(
        &mut d,
        dataset::ORG_MAPPINGS,
        json!([
            {"kind": "organization", "source": "group", "group": "Sales", "organization": "Sales EMEA"},
            {"kind": "organization", "source": "group", "group": "Support", "organization": "Support"},
            {"kind": "organization", "source": "fallback", "group": null, "organization": "Staff"},
        ]),
    );
    d
}

fn groups_mode() -> JoinSettings {
    JoinSettings {
        org_mode: Some("groups".into()),
        ..JoinSettings::default()
    }
}

fn by_name<'a>(records: &'a [Record], name: &str) -> &'a Value {
    &records
        .iter()
        .find(|r| r.value["username"] == name)
        .expect("user present")
        .value
}

#[test]
fn matches_console_users_ignoring_case_and_keeps_console_only_users() {
    let out = users(&tenant(), &groups_mode());
    assert_eq!(out.len(), 4);
    let ann = by_name(&out, "Ann@x.example");
    assert_eq!(ann["console"]["userId"], "c1");
    assert_eq!(
        ann["console"]["roles"],
        json!(["desktop-user", "customer-cloud-admin"])
    );
    let root = by_name(&out, "root@x.example");
    assert_eq!(root["idp_state"], "absent");
    assert_eq!(root["console_state"], "active");
    assert_eq!(root["local"], Value::Null);
}

#[test]
fn with_reads_the_sides_keep_only_what_the_paths_reach() {
    let keys = |p: &str| p.split('.').map(str::to_owned).collect::<Vec<_>>();
    let settings = JoinSettings {
        reads: Some(vec![
            keys("idp.userName"),
            keys("CONSOLE.roles"),
            keys("groups"),
        ]),
        ..groups_mode()
    };
    let out = users(&tenant(), &settings);
    let whole = users(&tenant(), &groups_mode());
    let ann = by_name(&out, "Ann@x.example");
    assert_eq!(ann["idp"], json!({"userName": "Ann@x.example"}));
    assert_eq!(
        ann["console"],
        json!({"roles": ["desktop-user", "customer-cloud-admin"]})
    );
    // What is worked out from the sides is worked out before they are pruned.
    for (pruned, full) in out.iter().zip(&whole) {
        for field in [
            "username",
            "idp_state",
            "console_state",
            "groups",
            "expected",
            "in_scope",
        ] {
            assert_eq!(pruned.value[field], full.value[field], "{field}");
        }
    }
    // A side that is absent stays absent; one no path reads is left empty.
    assert_eq!(by_name(&out, "root@x.example")["idp"], Value::Null);
    let none = JoinSettings {
        reads: Some(Vec::new()),
        ..groups_mode()
    };
    assert_eq!(
        by_name(&users(&tenant(), &none), "Ann@x.example")["idp"],
        json!({})
    );
}

#[test]
fn states_reflect_active_and_blocked() {
    let out = users(&tenant(), &groups_mode());
    let bob = by_name(&out, "bob@x.example");
    assert_eq!(bob["idp_state"], "inactive");
    assert_eq!(bob["console_state"], "blocked");
    assert_eq!(by_name(&out, "cid@x.example")["console_state"], "absent");
}

#[test]
fn a_missing_active_flag_is_unknown_on_either_side_not_active() {
    let mut d = Datasets::new();
    add(
        &mut d,
        dataset::IDP_USERS,
        json!([
            {"id": "7", "userName": "kai@x.example"},
            {"id": "8", "userName": "lea@x.example", "active": null},
        ]),
    );
    add(
        &mut d,
        dataset::CONSOLE_USERS,
        json!([
            {"userId": "c7", "username": "kai@x.example", "active": null, "blocked": null},
            {"userId": "c8", "username": "lea@x.example", "blocked": true},
            {"userId": "c9", "username": "max@x.example", "blocked": false},
        ]),
    );
    let out = users(&d, &JoinSettings::default());
    let kai = by_name(&out, "kai@x.example");
    assert_eq!(
        (&kai["idp_state"], &kai["console_state"]),
        (&json!("unknown"), &json!("unknown"))
    );
    let lea = by_name(&out, "lea@x.example");
    assert_eq!(
        (&lea["idp_state"], &lea["console_state"]),
        (&json!("unknown"), &json!("blocked"))
    );
    let max = by_name(&out, "max@x.example");
    assert_eq!(
        (&max["idp_state"], &max["console_state"]),
        (&json!("absent"), &json!("unknown"))
    );
}

#[test]
fn expected_roles_resolve_names_to_ids_and_set_aside_unavailable_ones() {
    let out = users(&tenant(), &groups_mode());
    let ann = by_name(&out, "Ann@x.example");
    assert_eq!(ann["groups"], json!(["Admins", "Sales"]));
    assert_eq!(
        ann["expected"]["roles"],
        json!(["customer-cloud-admin", "desktop-user"])
    );
    assert_eq!(ann["expected"]["unavailable_roles"], json!(["gone-role"]));
}

#[test]
fn organization_by_group_with_fallback_and_ambiguity() {
    let out = users(&tenant(), &groups_mode());
    let ann = by_name(&out, "Ann@x.example");
    assert_eq!(ann["expected"]["organization"], "Sales EMEA");
    assert_eq!(ann["expected"]["organization_available"], true);
    let cid = by_name(&out, "cid@x.example");
    assert_eq!(
        cid["expected"]["organizations"],
        json!(["Sales EMEA", "Support"])
    );
    assert_eq!(cid["expected"]["organization"], Value::Null);
    let bob = by_name(&out, "bob@x.example");
    assert_eq!(bob["expected"]["organization"], "Staff");
    assert_eq!(bob["expected"]["organization_source"], "fallback");
}

#[test]
fn organization_by_attribute_and_local_users_and_scope() {
    let mut data = tenant();
    add(
        &mut data,
        dataset::IDP_USERS,
        json!([{"id": "4", "userName": "dee@x.example", "c42OrgName": "Nowhere"}]),
    );
    let settings = JoinSettings {
        org_mode: Some("attribute".into()),
        org_attribute: OrgAttribute::parse("c42OrgName"),
        local_users: Some(vec!["ROOT@x.example".into()]),
        scope_groups: vec!["support".into()],
        reads: None,
    };
    let out = users(&data, &settings);
    let dee = by_name(&out, "dee@x.example");
    assert_eq!(dee["expected"]["organization"], "Nowhere");
    assert_eq!(dee["expected"]["organization_available"], false);
    assert_eq!(dee["in_scope"], false);
    assert_eq!(by_name(&out, "cid@x.example")["in_scope"], true);
    assert_eq!(by_name(&out, "root@x.example")["local"], true);
    assert_eq!(by_name(&out, "bob@x.example")["local"], false);
}

#[test]
fn the_organization_attribute_is_found_in_an_extension_and_refused_when_ambiguous() {
    let ext = "urn:ietf:params:scim:schemas:extension:contoso:2.0:User";
    let mut data = Datasets::new();
    add(
        &mut data,
        dataset::IDP_USERS,
        json!([
            {"userName": "eli@x.example", "raw": {"userName": "eli@x.example", ext: {"c42OrgName": "Sales EMEA"}}},
            {"userName": "flo@x.example", "raw": {"userName": "flo@x.example", "c42OrgName": "Staff", ext: {"c42OrgName": "Support"}}},
            {"userName": "gil@x.example", "raw": {"userName": "gil@x.example"}},
        ]),
    );
    let settings = |attribute: &str| JoinSettings {
        org_mode: Some("attribute".into()),
        org_attribute: OrgAttribute::parse(attribute),
        ..JoinSettings::default()
    };
    let out = users(&data, &settings("c42OrgName"));
    let eli = &by_name(&out, "eli@x.example")["expected"];
    assert_eq!(eli["organization"], "Sales EMEA");
    assert_eq!(eli["organization_attribute"], format!("{ext}:c42OrgName"));
    assert_eq!(eli["organization_attribute_conflict"], json!([]));
    let flo = &by_name(&out, "flo@x.example")["expected"];
    assert_eq!(flo["organization"], Value::Null);
    assert_eq!(
        flo["organization_attribute_conflict"],
        json!(["c42OrgName", format!("{ext}:c42OrgName")])
    );
    let gil = &by_name(&out, "gil@x.example")["expected"];
    assert_eq!(gil["organization"], Value::Null);
    assert_eq!(gil["organization_attribute"], Value::Null);

    let out = users(&data, &settings(&format!("{ext}:c42OrgName")));
    assert_eq!(
        by_name(&out, "flo@x.example")["expected"]["organization"],
        "Support"
    );
    assert_eq!(
        by_name(&out, "eli@x.example")["expected"]["organization"],
        "Sales EMEA"
    );
}

/// The built-in rules about what the mapping names and the view's `expected` fields read
/// one definition of "available": they report exactly what the view sets aside.
#[test]
fn the_unavailable_rules_and_the_view_agree_on_what_is_available() {
    use synclint::rules::load::{load_rules, RuleSources};
    let mut data = tenant();
    // spellings the rules once matched with their own lookups, and the view with its own map
    add(
        &mut data,
        dataset::ROLE_MAPPINGS,
        json!([{"kind": "role", "source": "group", "group": "Support", "role": " DESKTOP user "}]),
    );
    synclint::model::resolve::annotate(&mut data);
    let view = users(&data, &groups_mode());
    data.extend(dataset::USERS, view.clone());
    let sources = RuleSources {
        builtin: true,
        paths: Vec::new(),
    };
    let rules: Vec<_> = load_rules(&sources)
        .unwrap()
        .into_iter()
        .filter(|r| ["role-unavailable", "organization-unavailable"].contains(&&*r.id))
        .collect();
    assert_eq!(rules.len(), 2);
    let findings = synclint::engine::run(&rules, &data, chrono::Utc::now());
    let reported = |rule: &str, subject: &str| -> Vec<String> {
        let mut out: Vec<String> = findings
            .iter()
            .filter(|f| &*f.rule == rule)
            .filter_map(|f| f.subjects.get(subject).cloned())
            .collect();
        out.sort();
        out
    };
    assert_eq!(reported("role-unavailable", "role"), ["gone-role"]);
    assert_eq!(
        reported("organization-unavailable", "organization"),
        ["Support"]
    );
    let cid = by_name(&view, "cid@x.example");
    assert_eq!(cid["expected"]["unavailable_roles"], json!(["gone-role"]));
    assert_eq!(
        cid["expected"]["role_names"],
        json!(["Desktop User"]),
        "{cid:#}"
    );
    let mapped = data.get(dataset::ORG_MAPPINGS);
    let support = mapped
        .iter()
        .find(|r| r.value["group"] == "Support")
        .unwrap();
    assert_eq!(support.value["organization_available"], false);
}

/// A mapping may name a group by its external id (as `mapping-group-unknown` accepts):
/// its members get the role, as they do when it names the display name.
#[test]
fn a_mapping_naming_a_group_by_external_id_grants_its_members() {
    let mut data = tenant();
    add(
        &mut data,
        dataset::IDP_GROUPS,
        json!([{"displayName": "Auditors", "externalId": "AUD-7", "member_ids": ["2"], "member_names": []}]),
    );
    add(
        &mut data,
        dataset::ROLE_MAPPINGS,
        json!([{"kind": "role", "source": "group", "group": "aud-7", "role": "customer-cloud-admin"}]),
    );
    let out = users(&data, &groups_mode());
    let bob = by_name(&out, "bob@x.example");
    assert_eq!(bob["groups"], json!(["Auditors"]));
    assert_eq!(
        bob["expected"]["roles"],
        json!(["desktop-user", "customer-cloud-admin"])
    );
}

#[test]
fn console_roles_come_from_rows_naming_the_user_by_id_or_name_each_once_in_file_order() {
    let mut d = Datasets::new();
    add(
        &mut d,
        dataset::CONSOLE_USERS,
        json!([
            {"userId": "C1", "username": "Ann@x.example", "active": true},
            {"userId": "c2", "username": "bob@x.example", "active": true},
        ]),
    );
    add(
        &mut d,
        dataset::CONSOLE_USER_ROLES,
        json!([
            {"username": "ann@X.example", "roleId": "r3"},
            {"userId": "c2", "roleId": "r9"},
            {"userId": "c1", "username": "ann@x.example", "roleId": "r1"},
            {"userId": "c1", "roleId": "r2"},
            {"username": "someone@x.example", "roleId": "r7"},
        ]),
    );
    let joined = users(&d, &JoinSettings::default());
    let ann = by_name(&joined, "Ann@x.example");
    // By name (any case), by both (once), by id (any case); never another user's rows.
    assert_eq!(ann["console"]["roles"], json!(["r3", "r1", "r2"]));
    let bob = by_name(&joined, "bob@x.example");
    assert_eq!(bob["console"]["roles"], json!(["r9"]));
}

#[test]
fn groups_are_known_from_a_groups_export_or_the_users_own_record_and_never_guessed() {
    let mut d = Datasets::new();
    add(
        &mut d,
        dataset::IDP_USERS,
        json!([
            // Entra and Okta SCIM users: no `groups` at all.
            {"id": "1", "userName": "ann@x.example", "active": true, "groups": [], "raw": {"id": "1"}},
            // The record lists its groups, here none: known to be in no group.
            {"id": "2", "userName": "bob@x.example", "active": true, "groups": [], "raw": {"groups": []}},
            // A Graph user read with `$expand=memberOf`.
            {"id": "3", "userName": "cid@x.example", "active": true, "groups": [], "raw": {"memberOf": []}},
        ]),
    );
    add(
        &mut d,
        dataset::CONSOLE_USERS,
        json!([{"userId": "c9", "username": "root@x.example", "active": true}]),
    );
    let joined = users(&d, &JoinSettings::default());
    assert_eq!(
        by_name(&joined, "ann@x.example")["groups_known"],
        json!(false)
    );
    assert_eq!(
        by_name(&joined, "bob@x.example")["groups_known"],
        json!(true)
    );
    assert_eq!(
        by_name(&joined, "cid@x.example")["groups_known"],
        json!(true)
    );
    assert_eq!(
        by_name(&joined, "root@x.example")["groups_known"],
        Value::Null
    );
    // A group read without its members (one group among users in a SCIM listing, or a
    // query that left `members` out) says nothing about who is in it.
    add(
        &mut d,
        dataset::IDP_GROUPS,
        json!([{"displayName": "Family", "member_ids": [], "member_names": [], "raw": {"id": "g0"}}]),
    );
    let joined = users(&d, &JoinSettings::default());
    assert_eq!(
        by_name(&joined, "ann@x.example")["groups_known"],
        json!(false)
    );
    // A groups export that lists members: a user in none of its groups is in none.
    add(
        &mut d,
        dataset::IDP_GROUPS,
        json!([{"displayName": "Sales", "member_ids": ["2"], "member_names": []}]),
    );
    let joined = users(&d, &JoinSettings::default());
    assert_eq!(
        by_name(&joined, "ann@x.example")["groups_known"],
        json!(true)
    );
}
