//! A guard rejects only records its rule's condition rejects, and does reject some.

use super::Guards;
use crate::model::Record;
use crate::rules::load::{load_rules, RuleSources};
use crate::rules::shared_tests::tests::event_rule;
use crate::rules::Rule;
use serde_json::{json, Value};

fn rule(when: &str) -> Rule {
    event_rule("r", when, "")
}

/// Whether the one guard of `rules` lets `record` through, for the rule at `index`.
fn admits(rules: &[Rule], index: usize, record: &Value) -> bool {
    let mut guards = Guards::for_rules(rules);
    guards.read(&Record::new(record.clone(), None));
    guards.admit(index)
}

/// The fields built-in rules guard on, and some they test otherwise.
const FIELDS: [&str; 7] = [
    "status",
    "action",
    "error_code",
    "event_type",
    "message",
    "idp_state",
    "console_state",
];

/// Records that differ in the fields rules guard, in case, type and presence.
fn records() -> Vec<Value> {
    let texts = [
        "failure",
        "FAILURE",
        "Failure",
        "success",
        "skipped",
        "Skipped",
        "failed",
        "",
        "delete",
        "DELETE",
        "deactivate",
        "create",
        "429",
        "401",
        "İ",
        "i̇",
        "TooManyRequests",
        "active",
        "Inactive",
        "absent",
        "unknown",
        "Completed",
        "HTTP 429 returned",
        "Rate limit exceeded",
        "rate limit exceeded",
        "The request failed (401)",
        "Unauthorized",
        "user already exists",
        "Conflict",
    ];
    let mut records = vec![json!({}), json!({"status": null}), json!({"status": 429})];
    for text in texts {
        for field in FIELDS {
            records.push(json!({ field: text }));
            records.push(json!({ field: [text, "other"] }));
        }
        records.push(json!({"status": text, "action": text, "user": "u", "message": text}));
    }
    records
}

#[test]
fn no_builtin_rule_loses_a_record_its_condition_takes() {
    let rules = load_rules(&RuleSources {
        builtin: true,
        paths: Vec::new(),
    })
    .unwrap();
    let mut guards = Guards::for_rules(&rules);
    let mut rejected = 0;
    crate::engine::with_empty_scope(&rules, |scope| {
        for value in records() {
            let record = Record::new(value.clone(), None);
            guards.read(&record);
            for (index, rule) in rules.iter().enumerate() {
                let admitted = guards.admit(index);
                rejected += usize::from(!admitted);
                assert!(
                    admitted || !scope.holds(&rule.when, &record),
                    "the guard of {} rejected {value}, which its condition takes",
                    rule.id
                );
            }
        }
    });
    // The guards do something: most event rules need a failed status.
    let guarded = guards.of_rule.iter().filter(|g| g.is_some()).count();
    assert!(guarded >= 8, "only {guarded} built-in rules have a guard");
    // An `any` of equality tests and an expression is guarded too.
    let rate_limited = rules
        .iter()
        .position(|r| r.id == "provisioning-rate-limited");
    assert!(rate_limited.is_some_and(|i| guards.of_rule[i].is_some()));
    assert!(rejected > 1000, "the guards rejected only {rejected} pairs");
}

#[test]
fn a_status_guard_ignores_case_and_needs_the_field() {
    let rules = [rule(
        "{ all: [{ field: status, in: [failure, skipped] }, { field: user, exists: true }] }",
    )];
    assert!(admits(&rules, 0, &json!({"status": "FAILURE"})));
    assert!(admits(&rules, 0, &json!({"status": "skipped"})));
    assert!(!admits(&rules, 0, &json!({"status": "success"})));
    assert!(!admits(&rules, 0, &json!({})));
    assert!(!admits(&rules, 0, &json!({"status": null})));
    // What a guard cannot judge goes to the condition.
    assert!(admits(
        &rules,
        0,
        &json!({"status": ["success", "failure"]})
    ));
    assert!(admits(&rules, 0, &json!({"status": 7})));
}

#[test]
fn case_sensitive_tests_guard_exactly() {
    let rules = [rule(
        "{ field: status, equals: Failure, case_sensitive: true }",
    )];
    assert!(admits(&rules, 0, &json!({"status": "Failure"})));
    assert!(!admits(&rules, 0, &json!({"status": "failure"})));
}

#[test]
fn an_any_is_guarded_by_all_its_branches_together() {
    let same = [rule(
        "{ any: [{ field: action, equals: delete }, { field: action, in: [deactivate] }] }",
    )];
    assert!(admits(&same, 0, &json!({"action": "Deactivate"})));
    assert!(!admits(&same, 0, &json!({"action": "create"})));
    let mixed = [rule(
        "{ any: [{ field: action, equals: delete }, \
         { all: [{ field: status, equals: failure }, { field: user, exists: true }] }] }",
    )];
    let admitted = |action: &str, status: &str| {
        admits(&mixed, 0, &json!({"action": action, "status": status}))
    };
    assert!(admitted("delete", "success"));
    assert!(admitted("create", "failure"));
    assert!(!admitted("create", "success"));
    // A branch without a guard leaves the whole `any` unguarded.
    let open = [rule(
        "{ any: [{ field: action, equals: delete }, { field: message, contains: x }] }",
    )];
    assert!(admits(&open, 0, &json!({"action": "create"})));
}

#[test]
fn tests_a_guard_cannot_stand_for_are_not_guards() {
    for when in [
        "{ not: { field: status, equals: failure } }",
        "{ field: status, contains: fail }",
        "{ field: status | lower, regex: fail }",
        "{ field: error_code, equals: 429 }",
        "{ field: status | lower, equals: failure }",
        "{ field: raw.status, equals: failure }",
    ] {
        let rules = [rule(when)];
        let guards = Guards::for_rules(&rules);
        assert!(guards.of_rule[0].is_none(), "{when} was given a guard");
    }
}

#[test]
fn an_expression_guards_with_the_case_its_test_says() {
    let rules = [
        rule(r#"{ field: message, regex: "(rate limit|\\b429\\b)" }"#),
        rule(r#"{ field: message, regex: "rate limit", case_sensitive: true }"#),
    ];
    let message = |index: usize, text: Value| admits(&rules, index, &json!({ "message": text }));
    assert!(message(0, json!("Rate Limit exceeded")));
    assert!(message(0, json!("HTTP 429")));
    assert!(!message(0, json!("Completed")));
    assert!(!message(0, json!("HTTP 4290")));
    assert!(message(1, json!("rate limit exceeded")));
    assert!(!message(1, json!("Rate limit exceeded")));
    assert!(!admits(&rules, 0, &json!({})));
    // A number is matched as its digits by the condition: the guard lets it through, as
    // it does a list.
    assert!(message(0, json!(429)));
    assert!(message(0, json!(["Completed", "other"])));
}

#[test]
fn rules_that_test_the_same_values_share_one_judged_test() {
    let rules = [
        rule("{ field: status, in: [failure, skipped] }"),
        rule("{ all: [{ field: status, in: [Skipped, failure] }, { field: user, exists: true }] }"),
        rule("{ field: status, equals: failure }"),
        rule("{ field: status, equals: failure, case_sensitive: true }"),
        rule(r#"{ field: message, regex: "limit" }"#),
        rule(r#"{ field: message, regex: "limit", case_sensitive: true }"#),
    ];
    let guards = Guards::for_rules(&rules);
    // One test for the two `in`s, one for the `equals`, one for the `equals` with case;
    // expressions are never merged (their case is not in their text).
    assert_eq!(guards.tests.len(), 5, "{:#?}", guards.tests);
    assert_eq!(guards.of_rule[0], guards.of_rule[1]);
    let skipped = json!({"status": "SKIPPED", "user": "u", "message": "Limit"});
    let verdicts: Vec<bool> = (0..rules.len())
        .map(|i| admits(&rules, i, &skipped))
        .collect();
    assert_eq!(verdicts, [true, true, false, false, true, false]);
}
