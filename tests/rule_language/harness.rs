use super::common::*;

// ---------------------------------------------------------------- the self-test harness

#[test]
fn a_misdeclared_case_is_reported_with_its_position() {
    let rule = rule(
        "idp_users",
        r"
when: { field: userType, equals: Contractor }
tests:
  fire:
    - { userType: Employee }
  pass:
    - { userType: Employee }
    - { userType: Contractor }
",
    );
    let report = test_rule(&rule, now());
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{} {}", f.location, f.expected))
        .collect();
    assert_eq!(
        failures,
        [
            format!("t.yaml:{}:7 fire", BODY_START + 3),
            format!("t.yaml:{}:7 pass", BODY_START + 6)
        ]
    );
    assert_eq!(report.passed, 1);
}

#[test]
fn other_cases_are_not_visible_to_a_case() {
    // Each case runs alone: two identical fire cases are not duplicates of each other.
    check_cases(
        "idp_users",
        r"
when:
  lookup: { dataset: idp_users, on: { userName: userName }, count: { gte: 2 } }
tests:
  pass:
    - { userName: ann }
    - { userName: ann }
",
        2,
    );
}
