use super::common::*;

// ------------------------------------ `outer`: comparing with the record being checked

#[test]
fn outer_gt_compares_times_with_the_record_being_checked() {
    check_cases(
        "console_users",
        r#"
when:
  lookup:
    dataset: idp_users
    on: { userName: username }
    where: { field: meta.lastModified, outer: { gt: modificationDate } }
tests:
  datasets:
    idp_users:
      - { userName: ann@x.example, meta: { lastModified: "2026-05-01T00:00:00Z" } }
      - { userName: bob@x.example, meta: { lastModified: "2026-01-01T00:00:00Z" } }
  fire:
    - { username: ann@x.example, modificationDate: "2026-04-01T00:00:00Z" }
  pass:
    - { username: bob@x.example, modificationDate: "2026-04-01T00:00:00Z" }
    - { username: ann@x.example, modificationDate: "2026-05-01T00:00:00Z" }
    - { username: ann@x.example }
"#,
        4,
    );
}

#[test]
fn outer_lte_and_gte_compare_numbers() {
    check_cases(
        "console_users",
        r"
when:
  all:
    - lookup:
        dataset: console_users
        on: { orgName: orgName }
        where: { field: userId, outer: { lt: userId } }
    - lookup:
        dataset: console_users
        on: { orgName: orgName }
        where: { field: userId, outer: { gte: userId } }
tests:
  datasets:
    console_users:
      - { userId: 5, orgName: east }
  fire:
    - { userId: 7, orgName: east }
  pass:
    - { userId: 3, orgName: east }
    - { userId: 7, orgName: west }
",
        3,
    );
}

#[test]
fn outer_equals_under_not_says_differs_from() {
    // An IdP twin whose email is at another domain than the console username.
    check_cases(
        "console_users",
        r#"
when:
  lookup:
    dataset: idp_users
    on: { userName: username }
    where:
      not: { field: email | domain, outer: { equals: "username | domain" } }
tests:
  datasets:
    idp_users:
      - { userName: ann@x.example, email: ann@other.example }
      - { userName: bob@x.example, email: Bob@X.Example }
  fire:
    - { username: ann@x.example }
  pass:
    - { username: bob@x.example }
"#,
        2,
    );
}

#[test]
fn outer_text_operators_fold_case_unless_told() {
    check_cases(
        "console_users",
        r"
when:
  any:
    - lookup:
        dataset: idp_users
        on: { userName: username }
        where: { field: displayName, outer: { starts_with: firstName } }
    - lookup:
        dataset: idp_users
        on: { userName: username }
        where: { field: title, outer: { contains: orgName }, case_sensitive: true }
    - lookup:
        dataset: idp_users
        on: { userName: username }
        where: { field: email, outer: { ends_with: lastName }, match: all }
tests:
  datasets:
    idp_users:
      - { userName: ann@x.example, displayName: ANN Lee, title: none, email: a@b }
      - { userName: bob@x.example, displayName: Robert, title: Head of Sales, email: a@b }
      - { userName: cid@x.example, displayName: C, title: none, email: cid@doe }
  fire:
    - { username: ann@x.example, firstName: ann }
    - { username: bob@x.example, firstName: bob, orgName: Sales }
    - { username: cid@x.example, firstName: x, lastName: DOE }
  pass:
    - { username: bob@x.example, firstName: bob, orgName: sales }
    - { username: ann@x.example, firstName: lee }
    - { username: cid@x.example, firstName: x }
",
        6,
    );
}

#[test]
fn outer_outside_a_where_and_unknown_outer_paths_are_errors() {
    let outside = errors(
        "console_users",
        "when: { field: username, outer: { equals: username } }\n",
    );
    assert_eq!(outside.len(), 1, "{outside:?}");
    assert!(
        outside[0].contains("use it inside a lookup's `where`"),
        "{outside:?}"
    );
    let two = errors(
        "console_users",
        "when:\n  lookup:\n    dataset: idp_users\n    on: { userName: username }\n    where: { field: email, outer: { equals: username, gt: userId } }\n",
    );
    assert!(two.iter().any(|e| e.contains("exactly one of")), "{two:?}");
    // The outer path is a path of the rule's dataset, not of the looked-up one.
    let wrong = errors(
        "console_users",
        "when:\n  lookup:\n    dataset: idp_users\n    on: { userName: username }\n    where: { field: email, outer: { equals: meta.lastModified } }\n",
    );
    assert!(wrong.iter().any(|e| e.contains("`meta`")), "{wrong:?}");
}
