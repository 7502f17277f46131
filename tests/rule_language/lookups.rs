use super::common::*;

// ---------------------------------------------------------------- lookups

#[test]
fn lookup_existence_check() {
    check_cases(
        "role_mappings",
        r#"
when:
  not:
    lookup: { dataset: roles, on: { roleId: role } }
tests:
  datasets:
    roles:
      - { roleId: desktop-user, roleName: Desktop User }
  fire:
    - { kind: role, source: group, group: Sales, role: nope }
    - { kind: role, source: group, group: Sales }
  pass:
    - { kind: role, source: group, group: Sales, role: " Desktop-User" }
"#,
        3,
    );
}

#[test]
fn lookup_count_equals_zero_is_the_same_existence_check() {
    check_cases(
        "role_mappings",
        r"
when:
  lookup: { dataset: roles, on: { roleName: role }, count: { equals: 0 } }
tests:
  datasets:
    roles:
      - { roleId: desktop-user, roleName: Desktop User }
  fire:
    - { role: Admin }
  pass:
    - { role: desktop user }
",
        2,
    );
}

#[test]
fn lookup_over_its_own_dataset_sees_the_case_record_itself() {
    check_cases(
        "idp_users",
        r#"
when:
  lookup: { dataset: idp_users, on: { userName: userName }, count: { equals: 1 } }
tests:
  fire:
    - { id: "1", userName: ann@x.com }
  pass:
    - { id: "2" }
"#,
        2,
    );
}

#[test]
fn lookup_duplicate_check_counts_the_record_itself() {
    check_cases(
        "idp_users",
        r#"
when:
  lookup: { dataset: idp_users, on: { userName: userName }, count: { gte: 2 } }
tests:
  datasets:
    idp_users:
      - { id: "1", userName: ann@x.com }
  fire:
    - { id: "2", userName: " ANN@x.com" }
  pass:
    - { id: "3", userName: bob@x.com }
    - { id: "4" }
"#,
        3,
    );
}

#[test]
fn lookup_where_filters_the_matches() {
    check_cases(
        "idp_groups",
        r"
when:
  lookup:
    dataset: idp_users
    on: { groups: displayName }
    where: { field: active, equals: false }
    count: { gte: 2 }
tests:
  datasets:
    idp_users:
      - { userName: a, groups: [Sales], active: false }
      - { userName: b, groups: [Sales, HR], active: false }
      - { userName: c, groups: [HR], active: true }
      - { userName: d, groups: [Eng], active: false }
  fire:
    - { displayName: sales }
  pass:
    - { displayName: HR }
    - { displayName: Eng }
    - { displayName: Nobody }
",
        4,
    );
}

#[test]
fn lookup_distinct_counts_distinct_values_of_the_matches() {
    check_cases(
        "console_users",
        r"
when:
  lookup:
    dataset: console_user_roles
    on: { userId: userId }
    distinct: roleId
    count: { gte: 2 }
tests:
  datasets:
    console_user_roles:
      - { userId: u1, roleId: r1 }
      - { userId: u1, roleId: R1 }
      - { userId: u2, roleId: r1 }
      - { userId: u2, roleId: r2 }
  fire:
    - { userId: U2 }
  pass:
    - { userId: u1 }
",
        2,
    );
}

#[test]
fn lookup_distinct_ignores_matches_without_the_field() {
    check_cases(
        "console_users",
        r"
when:
  lookup:
    dataset: console_user_roles
    on: { userId: userId }
    distinct: roleId
    count: { equals: 0 }
tests:
  datasets:
    console_user_roles:
      - { userId: u1, roleId: r1 }
      - { userId: u3 }
  fire:
    - { userId: u3 }
    - { userId: u9 }
  pass:
    - { userId: u1 }
",
        3,
    );
}

#[test]
fn lookup_on_with_several_keys_needs_all_of_them() {
    check_cases(
        "console_users",
        r"
when:
  lookup:
    dataset: console_user_roles
    on: { userId: userId, roleName: notes }
tests:
  datasets:
    console_user_roles:
      - { userId: u1, roleName: Admin }
      - { userId: u2, roleName: Viewer }
  fire:
    - { userId: u1, notes: [Analyst, admin] }
  pass:
    - { userId: u1, notes: viewer }
    - { userId: u1 }
",
        3,
    );
}

#[test]
fn lookups_nest_inside_where() {
    check_cases(
        "users",
        r"
when:
  lookup:
    dataset: idp_groups
    on: { member_names: username }
    where:
      lookup: { dataset: role_mappings, on: { group: displayName } }
tests:
  datasets:
    idp_groups:
      - { displayName: Sales, member_names: [ann] }
      - { displayName: HR, member_names: [bob] }
    role_mappings:
      - { kind: role, source: group, group: sales, role: desktop-user }
  fire:
    - { username: Ann }
  pass:
    - { username: bob }
",
        2,
    );
}

#[test]
fn a_rule_needs_its_dataset_its_lookups_and_requires() {
    let needs = rule(
        "users",
        r"
requires: [console_user_roles, users]
when:
  lookup:
    dataset: idp_groups
    on: { member_names: username }
    where:
      lookup: { dataset: role_mappings, on: { group: displayName } }
",
    )
    .needs;
    assert_eq!(
        needs,
        ["console_user_roles", "idp_groups", "role_mappings", "users"]
    );
}

// ---------------------------------------------------------------- templates and subjects

#[test]
fn templates_join_values_say_none_and_escape_braces() {
    let text = r#"
id: t-rule
title: Test rule
severity: warning
category: test
docs: { what: w, why: y, fix: f }
dataset: users
when: { field: username, exists: true }
message: "{username} should have {expected.role_names}; console: {console.role_names} {{sic}}"
fix: ["Count: {console.notes}", "Named {idp.raw.[user.name]}"]
subjects:
  user: username
  role: console.role_names
"#;
    let rule = compile_text(text, "t.yaml").expect("the rule compiles");
    let record = json!({
        "username": "ann",
        "expected": {"role_names": ["Desktop User", "Analyst"]},
        "console": {"notes": 2},
        "idp": {"raw": {"user.name": "Ann"}}
    });
    let finding = synclint::engine::finding(&rule, &Record::new(record, None));
    assert_eq!(
        finding.message(),
        "ann should have Desktop User, Analyst; console: (none) {sic}"
    );
    assert_eq!(finding.fix(), ["Count: 2", "Named Ann"]);
    let subjects: Vec<(&str, &str)> = finding
        .subjects
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(subjects, [("user", "ann")]);
}
