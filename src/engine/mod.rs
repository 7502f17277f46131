//! The rule engine: compiled rules over datasets in, findings out. No I/O happens here.

pub mod eval;
pub mod index;
pub mod selftest;

use crate::finding::Finding;
use crate::model::{Datasets, Record};
use crate::rules::template::join_values;
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use eval::Scope;
use index::Indexes;
use std::collections::BTreeMap;

/// Run every rule over its dataset.
#[must_use]
pub fn run(rules: &[Rule], datasets: &Datasets, now: DateTime<Utc>) -> Vec<Finding> {
    let indexes = Indexes::for_rules(datasets, rules);
    let scope = Scope {
        datasets,
        indexes: &indexes,
        now,
    };
    let mut findings: Vec<Finding> = rules
        .iter()
        .flat_map(|rule| {
            datasets
                .get(&rule.dataset)
                .iter()
                .filter(|record| scope.holds(&rule.when, &record.value))
                .map(|record| finding(rule, record))
                .collect::<Vec<_>>()
        })
        .collect();
    crate::finding::sort(&mut findings);
    findings
}

/// The finding `rule` makes of `record`.
#[must_use]
pub fn finding(rule: &Rule, record: &Record) -> Finding {
    let subjects: BTreeMap<String, String> = rule
        .subjects
        .iter()
        .filter_map(|(kind, path)| {
            let values = path.resolve(&record.value);
            (!values.is_empty()).then(|| (kind.clone(), join_values(&values)))
        })
        .collect();
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        category: rule.category.clone(),
        message: rule.message.render(&record.value),
        fix: rule
            .fix
            .iter()
            .map(|step| step.render(&record.value))
            .collect(),
        subjects,
        location: record.location.clone(),
    }
}
