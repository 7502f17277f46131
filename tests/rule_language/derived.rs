use super::common::*;

// ------------------------------------------------ derived values: `path | function`

#[test]
fn domain_and_local_in_a_condition() {
    check_cases(
        "idp_users",
        r"
when:
  all:
    - { field: userName | domain, equals: contractors.example.com }
    - { field: userName | local, starts_with: ext- }
tests:
  fire:
    - { userName: ext-ann@Contractors.Example.com }
  pass:
    - { userName: ann@contractors.example.com }
    - { userName: ext-bob@example.com }
    - { userName: no-address }
",
        4,
    );
}

#[test]
fn lower_upper_trim_and_length() {
    check_cases(
        "console_users",
        r#"
when:
  any:
    - { field: username | trim | lower, equals: "svc-backup", case_sensitive: true }
    - { field: notes | upper, contains: "DO NOT", case_sensitive: true }
    - { field: username | length, gt: 64 }
tests:
  fire:
    - { username: " SVC-Backup " }
    - { username: a, notes: do not touch }
    - { username: "a-very-long-name-that-goes-on-and-on-and-on-and-on-and-on@example.com" }
  pass:
    - { username: svc-backup2 }
"#,
        4,
    );
}

#[test]
fn capture_and_split() {
    check_cases(
        "idp_groups",
        r#"
when:
  all:
    - { field: "displayName | capture('^incydr-([a-z]+)-')", in: [admin, analyst] }
    - { field: "displayName | split('-', -1)", equals: emea }
tests:
  fire:
    - { displayName: incydr-admin-emea }
  pass:
    - { displayName: incydr-admin-us }
    - { displayName: incydr-viewer-emea }
"#,
        3,
    );
}

#[test]
fn age_and_days_to() {
    // the reference time of these tests is 2026-06-01T12:00:00Z
    check_cases(
        "console_users",
        r"
when:
  any:
    - { field: creationDate | age, lt: 1 }
    - { field: creationDate | days_to(modificationDate), gt: 30 }
tests:
  fire:
    - { creationDate: '2026-06-01T00:00:00Z' }
    - { creationDate: '2026-01-01T00:00:00Z', modificationDate: '2026-03-01T00:00:00Z' }
  pass:
    - { creationDate: '2026-05-01T00:00:00Z', modificationDate: '2026-05-02T00:00:00Z' }
    - { creationDate: not a date }
",
        4,
    );
}

#[test]
fn derived_values_in_templates_subjects_and_groups() {
    let text = text(
        "events",
        "when: { field: status, equals: failure }\naggregate: { by: [user | domain] }\nsubjects: { organization: user | domain }\n",
    )
    .replace("message: m", "message: \"{count} failure(s) for {user | domain | upper}\"");
    let rule = compile_text(&text, "t.yaml").unwrap();
    let record = json!({"status": "failure", "user": "ann@example.com", "count": 2});
    let finding = synclint::engine::finding(&rule, &Record::new(record, None));
    assert_eq!(finding.message(), "2 failure(s) for EXAMPLE.COM");
    assert_eq!(
        finding.subjects.get("organization").map(String::as_str),
        Some("example.com")
    );
}

#[test]
fn mistakes_in_functions_are_compile_errors() {
    assert_eq!(
        errors(
            "idp_users",
            "when: { field: userName | domian, exists: true }\n"
        ),
        [at(
            1,
            16,
            "unknown function `domian`: did you mean `domain`?"
        )]
    );
    assert_eq!(
        errors(
            "idp_users",
            "when: { field: userName | split('@'), exists: true }\n"
        ),
        [at(1, 16, "`split` takes 2 argument(s), found 1")]
    );
    let found = errors(
        "console_users",
        "when: { field: username, exists: true }\nsubjects: { user: creationDate | age }\n",
    );
    assert!(
        found[0].contains("`age` counts from the reference time"),
        "{found:#?}"
    );
    // the path before the functions is checked as any other
    assert_eq!(
        errors(
            "idp_users",
            "when: { field: usrName | domain, exists: true }\n"
        ),
        [at(1, 16, "`usrName` is not a field of dataset `idp_users`")]
    );
}
