use super::common::*;
use super::program::{display, folder, stdout, synclint};

// ------------------------------------- cases that state what the finding says

/// A rule on `idp_users` whose message, fix and subjects come from the record.
fn said_rule(cases: &str) -> Rule {
    let text = text(
        "idp_users",
        &format!("when: {{ field: userType, equals: contractor }}\nsubjects: {{ user: userName }}\ntests:\n{cases}"),
    )
    .replace("message: m", "message: \"{userName} is a contractor\"")
    .replace("fix: [f]", "fix: [\"Check {userName}\", \"Then sync\"]");
    compile_text(&text, "t.yaml").unwrap_or_else(|e| panic!("{e:#?}\n{text}"))
}

/// The failures of a rule's cases, as `expected: reason`.
fn failures(rule: &Rule) -> Vec<String> {
    test_rule(rule, now())
        .failures
        .iter()
        .map(|f| format!("{}: {}", f.expected, f.reason))
        .collect()
}

#[test]
fn a_case_that_states_the_right_message_subjects_and_fix_passes() {
    let rule = said_rule(
        r#"  fire:
    - record: { userName: ann, userType: Contractor }
      message: ann is a contractor
      subjects: { user: ann }
      fix: ["Check ann", "Then sync"]
    - { userName: bob, userType: contractor }
"#,
    );
    assert_eq!(failures(&rule), Vec::<String>::new());
    assert_eq!(test_rule(&rule, now()).passed, 2);
}

#[test]
fn a_wrong_message_fails_with_both_texts() {
    let rule = said_rule(
        "  fire:\n    - record: { userName: ann, userType: Contractor }\n      message: ann is an employee\n",
    );
    assert_eq!(
        failures(&rule),
        ["fire: message: expected `ann is an employee`, got `ann is a contractor`"]
    );
}

#[test]
fn wrong_subjects_and_fix_steps_fail_each_with_both_sides() {
    let rule = said_rule(
        r#"  fire:
    - record: { userName: ann, userType: Contractor }
      subjects: { user: bob, group: g }
      fix: ["Check ann"]
"#,
    );
    assert_eq!(
        failures(&rule),
        [
            "fire: subjects: expected {group: g, user: bob}, got {user: ann}\n\
          fix: expected [\"Check ann\"], got [\"Check ann\", \"Then sync\"]"
        ]
    );
}

#[test]
fn written_out_cases_are_checked_when_compiled() {
    let bad = |cases: &str| {
        let text = text(
            "idp_users",
            &format!("when: {{ field: userType, equals: contractor }}\ntests:\n{cases}"),
        );
        errors_of(&text).join("\n")
    };
    let two = bad("  fire:\n    - { record: { a: 1 }, records: [{ a: 1 }] }\n");
    assert!(
        two.contains("exactly one of `record`, `records` and `join`"),
        "{two}"
    );
    let unknown = bad("  fire:\n    - { record: { a: 1 }, mesage: x }\n");
    assert!(unknown.contains("unknown field `mesage`"), "{unknown}");
    let pass = bad("  pass:\n    - { record: { a: 1 }, message: x }\n");
    assert!(pass.contains("belong to `fire` cases"), "{pass}");
    let kind = bad("  fire:\n    - { record: { a: 1 }, subjects: { person: x } }\n");
    assert!(kind.contains("unknown kind `person`"), "{kind}");
    let join = bad("  fire:\n    - { join: { idp_users: [] } }\n");
    assert!(join.contains("for rules on dataset `users`"), "{join}");
}

// ------------------------------------------ a failing case says why

#[test]
fn a_fire_case_that_does_not_fire_names_the_first_false_condition() {
    let rule = rule(
        "idp_users",
        r"
when:
  all:
    - { field: active, equals: true }
    - { field: userType, in: [contractor, vendor] }
    - lookup: { dataset: idp_groups, on: { member_names: userName }, count: { gte: 2 } }
tests:
  fire:
    - { userName: ann, active: true, userType: Employee }
    - { userName: bob, active: true, userType: vendor }
",
    );
    assert_eq!(
        failures(&rule),
        [
            "fire: condition 2 of `when: all` did not hold: `userType` in [\"contractor\",\"vendor\"]; the record has `Employee`",
            "fire: condition 3 of `when: all` did not hold: a lookup in `idp_groups` found 0, and needs at least 2",
        ]
    );
}

#[test]
fn a_not_condition_and_a_missing_value_are_explained() {
    let rule = rule(
        "idp_users",
        r"
when:
  not: { field: userName, ends_with: '@acme.example' }
tests:
  fire:
    - { userName: ann@acme.example }
",
    );
    assert_eq!(
        failures(&rule),
        ["fire: `when` did not hold: `not`, but its condition holds: `userName` ends_with \"@acme.example\"; the record has `ann@acme.example`"]
    );
}

#[test]
fn a_pass_case_that_fires_says_what_the_finding_says() {
    let rule = said_rule("  pass:\n    - { userName: cy, userType: CONTRACTOR }\n");
    assert_eq!(
        failures(&rule),
        ["pass: it fired, saying: cy is a contractor"]
    );
}

// --------------------------- every rule runs, every failing case is listed

#[test]
fn synclint_test_lists_every_failing_case_of_every_rule() {
    let rule = |id: &str, fire: &str, pass: &str| {
        format!(
            "id: {id}\ntitle: t\nseverity: info\ncategory: test\ndocs: {{ what: w, why: y, fix: f }}\n\
             dataset: idp_users\nwhen: {{ field: userType, equals: contractor }}\n\
             message: \"{{userName}} is a contractor\"\nfix: [f]\n\
             tests:\n  fire:\n{fire}  pass:\n{pass}"
        )
    };
    let a = rule(
        "a-rule",
        "    - { userName: a1, userType: employee }\n    - record: { userName: a2, userType: contractor }\n      message: wrong\n",
        "    - { userName: a3, userType: contractor }\n",
    );
    let b = rule(
        "b-rule",
        "    - { userName: b1, userType: contractor }\n",
        "    - { userName: b2 }\n",
    );
    let c = rule(
        "c-rule",
        "    - { userName: c1 }\n",
        "    - { userName: c2 }\n",
    );
    let dir = folder(&[("a.yaml", &a), ("b.yaml", &b), ("c.yaml", &c)]);
    let output = synclint(&["test", &display(dir.path())]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let a_file = display(&dir.path().join("a.yaml"));
    let c_file = display(&dir.path().join("c.yaml"));
    for line in [
        "a-rule                             FAILED (0 case(s) passed)".to_owned(),
        "c-rule                             FAILED (1 case(s) passed)".to_owned(),
        format!("{a_file}:12:7: this record should fire but does not"),
        "    `when` did not hold: `userType` equals \"contractor\"; the record has `employee`"
            .to_owned(),
        format!(
            "{a_file}:13:7: this record fires, but its finding does not say what the case states"
        ),
        "    message: expected `wrong`, got `a2 is a contractor`".to_owned(),
        format!("{a_file}:16:7: this record should pass (not fire) but does not"),
        "    it fired, saying: a3 is a contractor".to_owned(),
        "b-rule                             ok (2 case(s) passed)".to_owned(),
        format!("{c_file}:12:7: this record should fire but does not"),
        "    `when` did not hold: `userType` equals \"contractor\"; the record has `(none)`"
            .to_owned(),
        "3 rule(s) tested: 1 passed, 2 failed".to_owned(),
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line.trim()),
            "missing {line:?} in\n{text}"
        );
    }
}

// ------------------------------------------ `users` cases through the real join

/// A rule on `users`: an active IdP user to whom the mappings give no available role.
fn no_role_rule(cases: &str) -> Rule {
    let text = text(
        "users",
        &format!(
            "when:\n  all:\n    - {{ field: idp_state, equals: active }}\n    - {{ field: expected.roles, count: {{ equals: 0 }} }}\n\
             tests:\n  datasets:\n    roles:\n      - {{ roleId: desktop-user, roleName: Desktop User }}\n{cases}"
        ),
    )
    .replace("message: m", "message: \"{username} in {groups} gets no role (local: {local})\"");
    compile_text(&text, "t.yaml").unwrap_or_else(|e| panic!("{e:#?}\n{text}"))
}

#[test]
fn a_join_case_builds_users_records_with_the_real_join() {
    // The groups come from the group's members, the mapping from the configuration:
    // neither is written on a joined record by hand.
    let rule = no_role_rule(
        r"  fire:
    - join:
        idp_users: [{ id: u1, userName: ann@acme.example, active: true }]
        idp_groups: [{ displayName: Sales, member_ids: [u1] }]
        config: { role_mappings: [{ group: Sales, roles: [security-center-user] }], local_users: [ann@acme.example] }
      message: 'ann@acme.example in Sales gets no role (local: true)'
  pass:
    - join:
        idp_users: [{ id: u2, userName: bob@acme.example, active: true }]
        idp_groups: [{ displayName: Sales, member_ids: [u2] }]
        config: { role_mappings: [{ group: Sales, roles: [Desktop User] }] }
    - join:
        idp_users: [{ id: u3, userName: cid@acme.example, active: false }]
",
    );
    assert_eq!(failures(&rule), Vec::<String>::new());
    assert_eq!(test_rule(&rule, now()).passed, 3);
}

#[test]
fn a_join_case_fails_when_the_join_does_not_give_what_the_case_assumes() {
    // Without the membership the user is in no group: the message says so.
    let rule = no_role_rule(
        r"  fire:
    - join:
        idp_users: [{ id: u1, userName: ann@acme.example, active: true }]
        idp_groups: [{ displayName: Sales, member_ids: [someone-else] }]
      message: 'ann@acme.example in Sales gets no role (local: (none))'
",
    );
    assert_eq!(
        failures(&rule),
        ["fire: message: expected `ann@acme.example in Sales gets no role (local: (none))`, got `ann@acme.example in (none) gets no role (local: (none))`"]
    );
    let bad_config = no_role_rule(
        "  fire:\n    - join:\n        idp_users: [{ userName: a, active: true }]\n        config: { role_mapings: [] }\n",
    );
    let failures = failures(&bad_config);
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].contains("`join.config` is not a valid configuration"),
        "{failures:?}"
    );
}

#[test]
fn synclint_test_json_gives_each_failure_its_reason() {
    let rule = "id: j-rule\ntitle: t\nseverity: info\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                dataset: idp_users\nwhen: { field: userType, equals: contractor }\nmessage: m\nfix: [f]\n\
                tests:\n  fire:\n    - { userName: a1 }\n  pass:\n    - { userType: contractor }\n";
    let dir = folder(&[("j.yaml", rule)]);
    let output = synclint(&["test", &display(dir.path()), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let text = doc.to_string();
    let failures = doc
        .pointer("/tests/0/failures")
        .and_then(serde_json::Value::as_array)
        .unwrap_or_else(|| panic!("no failures in {text}"));
    let fields: Vec<(bool, &str)> = failures
        .iter()
        .map(|f| {
            (
                f["fired"].as_bool().unwrap_or_default(),
                f["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                false,
                "`when` did not hold: `userType` equals \"contractor\"; the record has `(none)`"
            ),
            (true, "it fired, saying: m"),
        ]
    );
}
