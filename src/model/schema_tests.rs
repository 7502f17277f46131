use super::*;
use crate::model::{dataset, join, EVENT_FIELDS};

fn checked(ds: &str, path: &str) -> Result<Reach, PathProblem> {
    check(ds, &FieldPath::parse(path).unwrap())
}

#[test]
fn every_dataset_is_declared_once_in_order() {
    let names: Vec<&str> = DATASETS.iter().map(|d| d.name).collect();
    assert_eq!(names, dataset::ALL);
}

#[test]
fn the_users_and_events_schemas_match_what_is_built() {
    let users: Vec<&str> = dataset(dataset::USERS)
        .unwrap()
        .fields
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(users, join::FIELDS);
    let events: Vec<&str> = dataset(dataset::EVENTS)
        .unwrap()
        .fields
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(events, EVENT_FIELDS);
}

#[test]
fn nested_typos_are_caught_with_a_suggestion() {
    let problem = checked("users", "expected.rolez").unwrap_err();
    assert!(
        problem.message.contains("has no field `rolez`"),
        "{problem:?}"
    );
    assert!(
        problem.help.contains("did you mean `roles`?"),
        "{problem:?}"
    );
    let problem = checked("users", "idp.usrName").unwrap_err();
    assert!(problem.help.contains("`userName`"), "{problem:?}");
    let problem = checked("console_users", "usernmae").unwrap_err();
    assert!(
        problem.help.contains("did you mean `username`?"),
        "{problem:?}"
    );
}

#[test]
fn leaves_have_nothing_below_and_open_fields_take_anything() {
    let problem = checked("users", "username.domain").unwrap_err();
    assert!(problem.message.contains("is a string"), "{problem:?}");
    assert!(checked("idp_users", "raw.[urn:x:2.0:User].costCenter").is_ok());
    assert!(checked("events", "raw.Anything").is_ok());
    assert!(checked("idp_groups", "members.value").is_ok());
    assert!(checked("users", "console.role_names").is_ok());
    assert!(checked("users", "console.orgName").is_ok());
}

#[test]
fn open_datasets_point_at_raw() {
    let problem = checked("idp_users", "costCenter").unwrap_err();
    assert!(problem.help.contains("under `raw`"), "{problem:?}");
}

#[test]
fn paths_say_which_datasets_they_need() {
    let reach = checked("users", "console.role_names").unwrap();
    assert_eq!(reach.needs, vec!["console_users", "console_user_roles"]);
    assert!(checked("users", "username").unwrap().needs.is_empty());
}

#[test]
fn the_description_lists_nested_fields_and_their_needs() {
    let text = describe(dataset("users").unwrap());
    assert!(text.contains("expected.organization_available"), "{text}");
    assert!(text.contains("[needs console_user_roles]"), "{text}");
}

#[test]
fn every_declared_relation_reads_declared_fields() {
    for relation in RELATIONS {
        for path in [relation.key, relation.path] {
            let parsed = FieldPath::parse(path).unwrap();
            assert!(
                check(relation.dataset, &parsed).is_ok(),
                "{relation:?}: `{path}` is not a field of `{}`",
                relation.dataset
            );
        }
    }
    let text = markdown();
    assert!(
        text.contains("| `user` | `users` | `username` | `expected.unavailable_roles` | `role` |"),
        "{text}"
    );
}

#[test]
fn mapping_records_declare_the_computed_availability_fields() {
    for name in [
        dataset::ROLE_MAPPINGS,
        dataset::ORG_MAPPINGS,
        dataset::MAPPINGS,
    ] {
        for field in [
            crate::model::resolve::ROLE_ID,
            crate::model::resolve::ROLE_NAME,
            crate::model::resolve::ROLE_AVAILABLE,
            crate::model::resolve::ORGANIZATION_AVAILABLE,
        ] {
            let reach = checked(name, field).unwrap();
            assert!(!reach.needs.is_empty(), "{name}.{field} needs nothing");
        }
    }
}
