use super::common::*;

// ---------------------------------------------------------------- equals, in

#[test]
fn equals_ignores_case_and_tests_every_element() {
    check_cases(
        "idp_users",
        r#"
when: { field: userType, equals: Contractor }
tests:
  fire:
    - { userType: contractor }
    - { userType: [Employee, CONTRACTOR] }
  pass:
    - { userType: Employee }
    - { userType: " Contractor" }
    - { userType: null }
    - {}
"#,
        6,
    );
}

#[test]
fn equals_a_number_compares_numbers_and_numeric_strings() {
    check_cases(
        "idp_users",
        r#"
when: { field: raw.n, equals: 5 }
tests:
  fire:
    - { raw: { n: 5 } }
    - { raw: { n: 5.0 } }
    - { raw: { n: "5" } }
    - { raw: { n: " 5 " } }
  pass:
    - { raw: { n: 6 } }
    - { raw: { n: five } }
"#,
        6,
    );
}

#[test]
fn equals_a_string_compares_text() {
    check_cases(
        "idp_users",
        r#"
when: { field: raw.n, equals: "5" }
tests:
  fire:
    - { raw: { n: 5 } }
    - { raw: { n: "5" } }
  pass:
    - { raw: { n: 5.0 } }
"#,
        3,
    );
}

#[test]
fn equals_a_boolean_compares_its_text() {
    check_cases(
        "idp_users",
        r#"
when: { field: active, equals: false }
tests:
  fire:
    - { active: false }
    - { active: "False" }
  pass:
    - { active: true }
    - { active: 0 }
    - { active: { value: false } }
"#,
        5,
    );
}

#[test]
fn in_passes_a_value_equal_to_one_of_the_list() {
    check_cases(
        "idp_users",
        r#"
when: { field: userType, in: [Contractor, Vendor, 7] }
tests:
  fire:
    - { userType: contractor }
    - { userType: VENDOR }
    - { userType: 7 }
    - { userType: "7" }
  pass:
    - { userType: Employee }
    - {}
"#,
        6,
    );
}

// ---------------------------------------------------------------- text operators

#[test]
fn contains_ignores_case() {
    check_cases(
        "idp_users",
        r#"
when: { field: userName, contains: "+test" }
tests:
  fire:
    - { userName: "ann+TEST@example.com" }
    - { userName: ["ann@example.com", "bob+test@example.com"] }
  pass:
    - { userName: "ann@example.com" }
    - {}
"#,
        4,
    );
}

#[test]
fn starts_with_tests_the_beginning_only() {
    check_cases(
        "idp_users",
        r#"
when: { field: userName, starts_with: "svc-" }
tests:
  fire:
    - { userName: "SVC-backup@example.com" }
  pass:
    - { userName: "backup-svc-1@example.com" }
"#,
        2,
    );
}

#[test]
fn ends_with_tests_the_end_only() {
    check_cases(
        "idp_users",
        r#"
when: { field: userName, ends_with: "@contractors.example.com" }
tests:
  fire:
    - { userName: "bob@Contractors.Example.com" }
  pass:
    - { userName: "bob@contractors.example.com.evil.org" }
"#,
        2,
    );
}

#[test]
fn text_operators_read_numbers_and_booleans_as_text_but_not_objects() {
    check_cases(
        "idp_users",
        r#"
when:
  any:
    - { field: raw.n, starts_with: "12" }
    - { field: raw.b, ends_with: "ue" }
tests:
  fire:
    - { raw: { n: 123 } }
    - { raw: { b: true } }
  pass:
    - { raw: { n: { v: "123" } } }
    - { raw: { b: false } }
"#,
        4,
    );
}

#[test]
fn regex_is_unanchored_unless_anchored_and_ignores_case() {
    check_cases(
        "idp_users",
        r#"
when:
  any:
    - { field: userName, regex: '^[a-z]+\.[a-z]+@example\.com$' }
    - { field: title, regex: "adm" }
tests:
  fire:
    - { userName: "Ann.Lee@EXAMPLE.com" }
    - { title: "The ADMINISTRATOR" }
  pass:
    - { userName: "ann@example.com" }
    - { userName: "x ann.lee@example.com" }
    - { title: "Analyst" }
"#,
        5,
    );
}

// ---------------------------------------------------------------- exists, count

#[test]
fn exists_true_needs_a_non_null_value() {
    check_cases(
        "idp_users",
        r#"
when: { field: email, exists: true }
tests:
  fire:
    - { email: a@example.com }
    - { email: "" }
    - { email: false }
    - { email: [null, a@example.com] }
  pass:
    - {}
    - { email: null }
    - { email: [] }
    - { email: [null] }
"#,
        8,
    );
}

#[test]
fn exists_false_is_true_for_missing_or_null() {
    check_cases(
        "idp_users",
        r"
when: { field: email, exists: false }
tests:
  fire:
    - {}
    - { email: null }
    - { email: [] }
  pass:
    - { email: a@example.com }
",
        4,
    );
}

#[test]
fn count_combines_its_bounds_over_non_null_values() {
    check_cases(
        "idp_users",
        r"
when: { field: emails, count: { gte: 2, lt: 4 } }
tests:
  fire:
    - { emails: [a, b] }
    - { emails: [a, b, null, c] }
  pass:
    - { emails: [a] }
    - { emails: [a, b, c, d] }
    - {}
",
        5,
    );
}

#[test]
fn count_equals_zero_passes_a_missing_field() {
    check_cases(
        "idp_users",
        r"
when: { field: groups, count: { equals: 0 } }
tests:
  fire:
    - {}
    - { groups: null }
    - { groups: [] }
  pass:
    - { groups: [Sales] }
",
        4,
    );
}

#[test]
fn count_gt_and_lte_count_values_through_nested_lists() {
    check_cases(
        "idp_groups",
        r"
when:
  all:
    - { field: members.value, count: { gt: 2 } }
    - { field: members.value, count: { lte: 3 } }
tests:
  fire:
    - { members: [{ value: a }, { value: [b, c] }] }
  pass:
    - { members: [{ value: a }, { value: b }, { display: c }] }
    - { members: [{ value: a }, { value: b }, { value: c }, { value: d }] }
",
        3,
    );
}

// ---------------------------------------------------------------- comparisons

#[test]
fn gt_compares_numbers_and_numeric_strings() {
    check_cases(
        "idp_users",
        r#"
when: { field: raw.n, gt: 10 }
tests:
  fire:
    - { raw: { n: 11 } }
    - { raw: { n: "10.5" } }
    - { raw: { n: [1, 20] } }
  pass:
    - { raw: { n: 10 } }
    - { raw: { n: abc } }
    - {}
"#,
        6,
    );
}

#[test]
fn gte_includes_the_bound() {
    check_cases(
        "idp_users",
        r"
when: { field: raw.n, gte: 10 }
tests:
  fire:
    - { raw: { n: 10 } }
  pass:
    - { raw: { n: 9.99 } }
",
        2,
    );
}

#[test]
fn lt_excludes_the_bound() {
    check_cases(
        "idp_users",
        r"
when: { field: raw.n, lt: 0 }
tests:
  fire:
    - { raw: { n: -1 } }
  pass:
    - { raw: { n: 0 } }
",
        2,
    );
}

#[test]
fn lte_accepts_a_bound_written_as_a_string() {
    check_cases(
        "idp_users",
        r#"
when: { field: raw.n, lte: "5" }
tests:
  fire:
    - { raw: { n: 5 } }
    - { raw: { n: "4.9" } }
  pass:
    - { raw: { n: 5.1 } }
"#,
        3,
    );
}

#[test]
fn comparisons_with_a_timestamp_bound_compare_instants() {
    check_cases(
        "console_users",
        r#"
when: { field: modificationDate, lt: 2026-01-01 }
tests:
  fire:
    - { modificationDate: "2025-12-31T23:59:59Z" }
    - { modificationDate: "2026-01-01T00:30:00+01:00" }
    - { modificationDate: "2025-06-01" }
    - { modificationDate: "2025-06-01 10:00:00" }
  pass:
    - { modificationDate: "2026-01-01T00:00:00Z" }
    - { modificationDate: 1700000000 }
    - { modificationDate: soon }
"#,
        7,
    );
}

#[test]
fn gte_with_a_timestamp_includes_the_instant() {
    check_cases(
        "console_users",
        r#"
when: { field: creationDate, gte: "2026-01-01T00:00:00Z" }
tests:
  fire:
    - { creationDate: "2026-01-01T00:00:00Z" }
  pass:
    - { creationDate: "2025-12-31T23:59:59Z" }
"#,
        2,
    );
}

// ---------------------------------------------------------------- ages (now = 2026-06-01T12:00:00Z)

#[test]
fn older_than_is_strictly_more_than_the_duration_before_now() {
    check_cases(
        "console_users",
        r#"
when: { field: modificationDate, older_than: 1h30m }
tests:
  fire:
    - { modificationDate: "2026-06-01T10:29:59Z" }
    - { modificationDate: "2000-01-01" }
  pass:
    - { modificationDate: "2026-06-01T10:30:00Z" }
    - { modificationDate: "2026-06-01T11:00:00Z" }
    - { modificationDate: never }
    - {}
"#,
        6,
    );
}

#[test]
fn newer_than_includes_the_boundary_and_the_future() {
    check_cases(
        "console_users",
        r#"
when: { field: creationDate, newer_than: 7d }
tests:
  fire:
    - { creationDate: "2026-05-25T12:00:00Z" }
    - { creationDate: "2026-06-01T11:00:00Z" }
    - { creationDate: "2999-01-01T00:00:00Z" }
  pass:
    - { creationDate: "2026-05-25T11:59:59Z" }
    - { creationDate: 5 }
"#,
        5,
    );
}

#[test]
fn durations_combine_every_unit() {
    // 2w1d12h30m15s = 15 days 12:30:15 before 2026-06-01T12:00:00Z.
    check_cases(
        "console_users",
        r#"
when: { field: creationDate, newer_than: 2w1d12h30m15s }
tests:
  fire:
    - { creationDate: "2026-05-16T23:29:45Z" }
  pass:
    - { creationDate: "2026-05-16T23:29:44Z" }
"#,
        2,
    );
}

// ---------------------------------------------------------------- same record comparisons

#[test]
fn same_set_as_ignores_order_duplicates_case_and_spaces() {
    check_cases(
        "users",
        r#"
when: { not: { field: expected.roles, same_set_as: console.roles } }
tests:
  fire:
    - { expected: { roles: [a, b] }, console: { roles: [a] } }
    - { expected: { roles: [a] }, console: null }
  pass:
    - { expected: { roles: [A, b, b] }, console: { roles: [" b ", a] } }
    - { expected: { roles: [] }, console: null }
"#,
        4,
    );
}

#[test]
fn equals_field_needs_one_common_value() {
    check_cases(
        "idp_users",
        r"
when: { field: emails, equals_field: userName }
tests:
  fire:
    - { userName: Ann@X.com, emails: [b@x.com, ann@x.com] }
  pass:
    - { userName: ann@x.com, emails: [b@x.com] }
    - { userName: ann@x.com }
    - { emails: [ann@x.com] }
",
        4,
    );
}
