//! Running the tests written inside rule files (`synclint test`).

use super::aggregate::Aggregator;
use super::eval::Scope;
use super::index::Indexes;
use crate::model::{Datasets, Location, Record};
use crate::rules::{Rule, TestCase};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The outcome of one rule's tests.
#[derive(Debug, Clone, Serialize)]
pub struct RuleTestReport {
    pub rule: String,
    pub passed: usize,
    pub failures: Vec<CaseFailure>,
}

/// A test case that did not behave as declared.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFailure {
    pub location: Location,
    /// `fire` or `pass`: what the case declared.
    pub expected: &'static str,
}

impl RuleTestReport {
    /// Whether the rule declares no test at all.
    #[must_use]
    pub fn is_untested(&self) -> bool {
        self.passed == 0 && self.failures.is_empty()
    }
}

/// Run the rule's `fire` and `pass` cases.
#[must_use]
pub fn test_rule(rule: &Rule, now: DateTime<Utc>) -> RuleTestReport {
    let mut report = RuleTestReport {
        rule: rule.id.to_string(),
        passed: 0,
        failures: Vec::new(),
    };
    let cases = rule
        .tests
        .fire
        .iter()
        .map(|c| (c, true))
        .chain(rule.tests.pass.iter().map(|c| (c, false)));
    for (case, should_fire) in cases {
        if fires(rule, case, now) == should_fire {
            report.passed += 1;
        } else {
            report.failures.push(CaseFailure {
                location: case.location.clone(),
                expected: if should_fire { "fire" } else { "pass" },
            });
        }
    }
    report
}

fn fires(rule: &Rule, case: &TestCase, now: DateTime<Utc>) -> bool {
    let mut datasets = Datasets::new();
    for (name, records) in &rule.tests.datasets {
        datasets.extend(name, records.iter().map(|v| Record::new(v.clone(), None)));
    }
    let first_case_record = datasets.get(&rule.dataset).len();
    let case_records = case
        .records
        .iter()
        .map(|v| Record::new(v.clone(), Some(case.location.clone())));
    datasets.extend(&rule.dataset, case_records);
    crate::model::resolve::annotate(&mut datasets);
    let indexes = Indexes::build(&datasets, [&rule.when]);
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now,
    };
    let case_records = &datasets.get(&rule.dataset)[first_case_record..];
    if rule.aggregate.is_none() {
        return !super::per_record(rule, &scope, case_records).is_empty();
    }
    let rules = std::slice::from_ref(rule);
    let mut aggregator = Aggregator::new(rules);
    for record in case_records {
        aggregator.feed(
            rules,
            &scope,
            &rule.dataset,
            record,
            super::record_time(record),
        );
    }
    let end = datasets
        .get(&rule.dataset)
        .iter()
        .filter_map(super::record_time)
        .max();
    !aggregator.finish(rules, end).is_empty()
}
