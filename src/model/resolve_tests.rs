use super::*;
use serde_json::json;

fn records(values: Vec<Value>) -> Vec<Record> {
    values.into_iter().map(|v| Record::new(v, None)).collect()
}

fn environment() -> Datasets {
    let mut data = Datasets::new();
    data.extend(
        dataset::ROLES,
        records(vec![
            json!({"roleId": "desktop-user", "roleName": "Desktop User"}),
            json!({"roleId": "customer-cloud-admin", "roleName": "Customer Cloud Admin"}),
        ]),
    );
    data.extend(
        dataset::ORGANIZATIONS,
        records(vec![
            json!({"orgGuid": "890", "orgName": "Sales EMEA", "available": true}),
            json!({"orgGuid": "891", "orgName": "Contractors", "available": false}),
            json!({"orgGuid": "892", "orgName": "Staff", "orgExtRef": "STAFF-1", "available": true}),
            json!({"orgGuid": "893", "orgName": "Unknown flag"}),
        ]),
    );
    data
}

fn field<'a>(data: &'a Datasets, name: &str, index: usize, key: &str) -> &'a Value {
    data.get(name)[index].value.get(key).unwrap_or(&Value::Null)
}

#[test]
fn role_records_say_which_role_they_name_and_whether_it_exists() {
    let mut data = environment();
    data.extend(
        dataset::ROLE_MAPPINGS,
        records(vec![
            json!({"kind": "role", "role": " customer cloud ADMIN"}),
            json!({"kind": "role", "role": "security-center-user"}),
        ]),
    );
    annotate(&mut data);
    let at = |i, k| field(&data, dataset::ROLE_MAPPINGS, i, k).clone();
    assert_eq!(at(0, ROLE_ID), json!("customer-cloud-admin"));
    assert_eq!(at(0, ROLE_NAME), json!("Customer Cloud Admin"));
    assert_eq!(at(0, ROLE_AVAILABLE), json!(true));
    assert_eq!(at(1, ROLE_ID), Value::Null);
    assert_eq!(at(1, ROLE_AVAILABLE), json!(false));
    assert_eq!(at(1, ORGANIZATION_AVAILABLE), Value::Null);
}

#[test]
fn organization_records_are_available_by_name_guid_or_reference_when_active() {
    let mut data = environment();
    let org = |o: &str| json!({"kind": "organization", "organization": o});
    data.extend(
        dataset::MAPPINGS,
        records(vec![
            org("sales emea"),
            org("Contractors"),
            org("STAFF-1"),
            org("892"),
            org("Everyone"),
            json!({"kind": "organization", "organization": null}),
            org("unknown FLAG"),
        ]),
    );
    annotate(&mut data);
    let available: Vec<Value> = (0..7)
        .map(|i| field(&data, dataset::MAPPINGS, i, ORGANIZATION_AVAILABLE).clone())
        .collect();
    assert_eq!(
        available,
        [
            json!(true),
            json!(false),
            json!(true),
            json!(true),
            json!(false),
            Value::Null,
            json!(false)
        ]
    );
}

#[test]
fn without_the_environment_the_answers_are_unknown() {
    let mut data = Datasets::new();
    data.extend(
        dataset::ROLE_MAPPINGS,
        records(vec![json!({"kind": "role", "role": "desktop-user"})]),
    );
    data.extend(
        dataset::ORG_MAPPINGS,
        records(vec![
            json!({"kind": "organization", "organization": "Staff"}),
        ]),
    );
    annotate(&mut data);
    assert_eq!(
        field(&data, dataset::ROLE_MAPPINGS, 0, ROLE_AVAILABLE),
        &Value::Null
    );
    assert_eq!(
        field(&data, dataset::ORG_MAPPINGS, 0, ORGANIZATION_AVAILABLE),
        &Value::Null
    );
}

#[test]
fn mapping_records_name_the_idp_group_by_display_name_or_external_id() {
    let mut data = Datasets::new();
    data.extend(
        dataset::IDP_GROUPS,
        records(vec![
            json!({"displayName": "Incydr Admins", "externalId": "ADM"}),
            json!({"displayName": "Sales"}),
        ]),
    );
    let entry = |g: Value| json!({"kind": "role", "group": g, "role": "r"});
    data.extend(
        dataset::MAPPINGS,
        records(vec![
            entry(json!(" adm ")),
            entry(json!("sales")),
            entry(json!("Marketing")),
            entry(Value::Null),
        ]),
    );
    annotate(&mut data);
    let at = |i, k| field(&data, dataset::MAPPINGS, i, k).clone();
    assert_eq!(at(0, GROUP_NAME), json!("Incydr Admins"));
    assert_eq!(at(1, GROUP_NAME), json!("Sales"));
    let known: Vec<Value> = (0..4).map(|i| at(i, GROUP_KNOWN)).collect();
    assert_eq!(known, [json!(true), json!(true), json!(false), Value::Null]);
    // without roles, nothing is said about the role
    assert_eq!(at(0, ROLE_AVAILABLE), Value::Null);
}
