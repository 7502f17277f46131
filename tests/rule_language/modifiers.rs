use super::common::*;

// ---------------------------------------------------------------- modifiers

#[test]
fn case_sensitive_makes_equals_and_in_exact() {
    check_cases(
        "idp_users",
        r"
when:
  any:
    - { field: userType, equals: Contractor, case_sensitive: true }
    - { field: title, in: [CEO, CFO], case_sensitive: true }
tests:
  fire:
    - { userType: Contractor }
    - { title: CFO }
  pass:
    - { userType: contractor }
    - { title: cfo }
",
        4,
    );
}

#[test]
fn case_sensitive_makes_text_operators_and_regex_exact() {
    check_cases(
        "idp_users",
        r#"
when:
  any:
    - { field: raw.a, contains: "+Test", case_sensitive: true }
    - { field: raw.b, starts_with: "SVC", case_sensitive: true }
    - { field: raw.c, ends_with: ".COM", case_sensitive: true }
    - { field: raw.d, regex: "^[a-z]+$", case_sensitive: true }
tests:
  fire:
    - { raw: { a: "x+Test" } }
    - { raw: { b: "SVC-1" } }
    - { raw: { c: "x.COM" } }
    - { raw: { d: "ann" } }
  pass:
    - { raw: { a: "x+test" } }
    - { raw: { b: "svc-1" } }
    - { raw: { c: "x.com" } }
    - { raw: { d: "Ann" } }
"#,
        8,
    );
}

#[test]
fn match_all_needs_every_value_and_at_least_one() {
    check_cases(
        "idp_users",
        r#"
when: { field: emails, ends_with: "@example.com", match: all }
tests:
  fire:
    - { emails: [a@example.com, b@EXAMPLE.com] }
    - { emails: a@example.com }
  pass:
    - { emails: [a@example.com, b@other.org] }
    - { emails: [] }
    - {}
"#,
        5,
    );
}

#[test]
fn match_any_is_the_default_and_match_may_be_written_in_capitals() {
    check_cases(
        "idp_users",
        r"
when:
  all:
    - { field: raw.n, gte: 10, match: any }
    - { field: raw.n, lt: 100, match: ALL }
tests:
  fire:
    - { raw: { n: [1, 10] } }
  pass:
    - { raw: { n: [1, 2] } }
    - { raw: { n: [10, 100] } }
",
        3,
    );
}

#[test]
fn not_around_match_all_means_some_value_fails() {
    check_cases(
        "idp_users",
        r#"
when:
  not: { field: emails, ends_with: "@example.com", match: all }
tests:
  fire:
    - { emails: [a@example.com, b@gmail.com] }
    - {}
  pass:
    - { emails: [a@example.com] }
"#,
        3,
    );
}

// ---------------------------------------------------------------- combinators

#[test]
fn all_any_and_not_combine_conditions() {
    check_cases(
        "users",
        r"
when:
  all:
    - field: idp_state
      equals: active
    - not:
        any:
          - { field: console_state, equals: active }
          - { field: local, equals: true }
tests:
  fire:
    - { idp_state: active, console_state: absent, local: false }
  pass:
    - { idp_state: inactive, console_state: absent }
    - { idp_state: active, console_state: active }
    - { idp_state: active, console_state: absent, local: true }
",
        4,
    );
}

// ---------------------------------------------------------------- field paths

#[test]
fn paths_walk_objects_lists_and_bracketed_keys() {
    check_cases(
        "idp_users",
        r#"
when:
  any:
    - { field: enterprise.manager.value, equals: boss }
    - field: "raw.[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].department"
      equals: Sales
    - { field: raw.emails.value, ends_with: "@old.example.com" }
tests:
  fire:
    - { enterprise: { manager: { value: BOSS } } }
    - { raw: { "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: sales } } }
    - { raw: { emails: [{ value: a@x.com }, { value: b@old.example.com }] } }
  pass:
    - { raw: { urn: { ietf: Sales } } }
    - { enterprise: { manager: [{ value: null }] } }
"#,
        5,
    );
}

#[test]
fn keys_fall_back_to_a_case_insensitive_match_only_when_the_exact_one_is_missing() {
    check_cases(
        "idp_users",
        r"
when: { field: raw.Emails.Value, equals: a@x.com }
tests:
  fire:
    - { raw: { emails: [{ value: a@x.com }] } }
    - { raw: { Emails: [{ VALUE: a@x.com }] } }
  pass:
    - { raw: { Emails: [{ Value: b@x.com, value: a@x.com }] } }
",
        3,
    );
}
