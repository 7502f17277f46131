use super::common::*;

// ------------------------------------------- paths checked against the declared schemas

#[test]
fn a_nested_typo_on_users_is_an_error_with_a_suggestion() {
    let body = "when:\n  field: expected.rolez\n  exists: true\n";
    assert_eq!(
        errors("users", body),
        [at(
            2,
            10,
            "`expected` of dataset `users` has no field `rolez`"
        )]
    );
    let help = hints("users", body).remove(0).unwrap();
    assert!(help.starts_with("did you mean `roles`?"), "{help}");
}

#[test]
fn a_misspelt_placeholder_on_an_incydr_dataset_is_an_error() {
    let text = text("console_users", "when: { field: username, exists: true }\n")
        .replace("message: m", "message: \"{usernmae} is here\"");
    let found = errors_of(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "t.yaml:6:10: placeholder `{usernmae}`: `usernmae` is not a field of dataset `console_users`"
        ),
        "{found:#?}"
    );
}

#[test]
fn a_list_index_is_an_error() {
    let found = errors(
        "idp_groups",
        "when:\n  field: members[0].value\n  exists: true\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&at(
            2,
            10,
            "`members[0]` in `members[0].value` indexes a list"
        )),
        "{found:#?}"
    );
}

#[test]
fn raw_stays_open() {
    rule(
        "idp_users",
        "when:\n  field: raw.[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].costCenter\n  exists: true\n",
    );
    let found = errors("idp_users", "when:\n  field: costCenter\n  exists: true\n");
    let help = hints("idp_users", "when:\n  field: costCenter\n  exists: true\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        help[0].as_deref().unwrap().contains("under `raw`"),
        "{help:?}"
    );
}

#[test]
fn lookup_where_and_by_are_checked_against_their_own_dataset() {
    let body = "
when:
  lookup:
    dataset: roles
    on: { roleName: role }
    where: { field: rolename_, exists: true }
";
    let found = errors("role_mappings", body);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("`rolename_` is not a field of dataset `roles`"),
        "{found:#?}"
    );
    let body = "when: { field: status, equals: failure }\naggregate: { by: [usr] }\n";
    let found = errors("events", body);
    assert!(
        found[0].contains("`usr` is not a field of dataset `events`"),
        "{found:#?}"
    );
}

#[test]
fn requires_is_inferred_from_the_fields_a_rule_tests() {
    let r = rule(
        "users",
        "when:\n  all:\n    - { field: idp_state, equals: active }\n    - { field: console.role_names, contains: admin }\n",
    );
    assert_eq!(
        r.needs,
        ["console_user_roles", "console_users", "idp_users", "users"]
    );
    // under `any` or `not` a test can fail while the rule fires: it needs nothing
    let r = rule(
        "users",
        "when:\n  any:\n    - { field: idp_state, equals: unknown }\n    - not: { field: expected.roles, exists: true }\n",
    );
    assert_eq!(r.needs, ["users"]);
    // an explicit `requires` still counts
    let r = rule(
        "users",
        "requires: [roles]\nwhen: { field: username, exists: true }\n",
    );
    assert_eq!(r.needs, ["roles", "users"]);
}
