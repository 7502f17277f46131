//! Rules that share a test reuse one answer per record, and only for that record.

use super::super::Aggregator;
use crate::model::{Location, Record};
use crate::rules::shared_tests::tests::event_rule;
use crate::rules::{shared_tests, Rule};
use serde_json::json;

fn rule(id: &str, when: &str) -> Rule {
    event_rule(id, when, "aggregate: { by: [provider] }\n")
}

#[test]
fn each_record_is_tested_afresh() {
    let mut rules = vec![
        rule("fails", "{ field: status, equals: failure }"),
        rule(
            "fails-deleting",
            "{ all: [{ field: status, equals: failure }, { field: action, equals: delete }] }",
        ),
        rule("succeeds", "{ not: { field: status, equals: failure } }"),
    ];
    assert_eq!(shared_tests::mark(&mut rules), 1);
    let mut aggregator = Aggregator::new(&rules);
    // Alternating answers: a memo kept from one record to the next would count wrong.
    let statuses = ["failure", "success", "failure", "success", "success"];
    crate::engine::with_empty_scope(&rules, |scope| {
        for (line, status) in (1..).zip(statuses) {
            let record = Record::new(
                json!({"status": status, "action": "delete", "provider": "Okta"}),
                Some(Location::new("log", line, 1)),
            );
            aggregator.feed(&rules, scope, "events", &record, None);
        }
    });
    let findings = aggregator.finish(&rules, None);
    let count = |id: &str| {
        findings
            .iter()
            .find(|f| &*f.rule == id)
            .and_then(|f| f.events.as_ref())
            .map(|e| e.count)
    };
    assert_eq!(count("fails"), Some(2));
    assert_eq!(count("fails-deleting"), Some(2));
    assert_eq!(count("succeeds"), Some(3));
}
