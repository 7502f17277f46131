//! The rule engine: compiled rules over datasets in, findings out. No I/O happens here.

pub mod aggregate;
#[cfg(test)]
mod at_tests;
mod budget;
pub mod causes;
#[cfg(test)]
mod dedup_tests;
pub mod eval;
mod group;
mod guard;
pub mod index;
mod minutes;
pub mod overflow;
mod overflow_read;
pub mod repeats;
mod sample;
pub mod selftest;
mod selftest_why;
pub mod settle;
pub mod shared;
mod timeline;

use crate::finding::Finding;
use crate::model::{Datasets, Record};
use crate::rules::template::join_values;
use crate::rules::Rule;
use aggregate::Aggregator;
use chrono::{DateTime, Utc};
use eval::Scope;
use index::Indexes;
pub use repeats::dedup;

/// Run every rule over its dataset (aggregated rules group their matches), then link
/// findings to their causes.
#[must_use]
pub fn run(rules: &[Rule], datasets: &Datasets, now: DateTime<Utc>) -> Vec<Finding> {
    finish(evaluate(rules, datasets, now), rules, datasets)
}

/// Link causes, order the findings for reports, and drop repeats.
#[must_use]
pub fn finish(mut findings: Vec<Finding>, rules: &[Rule], datasets: &Datasets) -> Vec<Finding> {
    causes::link(&mut findings, rules, datasets);
    crate::finding::sort(&mut findings);
    dedup(findings)
}

/// The findings of every rule over its dataset, unordered and unlinked.
#[must_use]
pub fn evaluate(rules: &[Rule], datasets: &Datasets, now: DateTime<Utc>) -> Vec<Finding> {
    let indexes = Indexes::for_rules(datasets, rules);
    let scope = Scope {
        datasets,
        indexes: &indexes,
        now,
    };
    let mut findings: Vec<Finding> = rules
        .iter()
        .filter(|rule| rule.aggregate.is_none())
        .flat_map(|rule| per_record(rule, &scope, datasets.get(&rule.dataset)))
        .collect();
    let mut aggregator = Aggregator::new(rules);
    let mut end: Option<DateTime<Utc>> = None;
    for name in datasets.names() {
        for record in datasets.get(name) {
            let time = record_time(record);
            aggregator.feed(rules, &scope, name, record, time);
            end = end.max(time);
        }
    }
    findings.extend(aggregator.finish(rules, end));
    findings
}

/// The findings of a rule without `aggregate`: one per matching record.
#[must_use]
pub fn per_record(rule: &Rule, scope: &Scope<'_>, records: &[Record]) -> Vec<Finding> {
    records
        .iter()
        .filter(|record| scope.holds(&rule.when, &record.value))
        .map(|record| with_found(rule, scope, record))
        .collect()
}

/// The finding of `record`, whose templates also see what the rule's named lookups found.
fn with_found(rule: &Rule, scope: &Scope<'_>, record: &Record) -> Finding {
    let named = rule.when.named_lookups();
    if named.is_empty() {
        return finding(rule, record);
    }
    let mut seen = record.clone();
    if let Some(map) = seen.value.as_object_mut() {
        for lookup in named {
            let found = scope.found(lookup, &record.value);
            if let Some(name) = &lookup.name {
                map.insert(name.clone(), found);
            }
        }
    }
    finding(rule, &seen)
}

/// The `time` of a record, when it has one.
#[must_use]
pub fn record_time(record: &Record) -> Option<DateTime<Utc>> {
    crate::model::path::str_field(&record.value, "time").and_then(crate::time::parse_timestamp)
}

/// The finding `rule` makes of `record`.
#[must_use]
pub fn finding(rule: &Rule, record: &Record) -> Finding {
    finding_saying(rule, record, rule.wording.says(&record.value))
}

/// The finding `rule` makes of `record`, saying `says` (what the rule's wording reads of
/// the record, some of it perhaps shared with what made the record).
fn finding_saying(rule: &Rule, record: &Record, says: crate::finding::Says) -> Finding {
    let subjects: crate::finding::Subjects = rule
        .subjects
        .iter()
        .filter_map(|(kind, path)| {
            path.with_values(&record.value, None, |values| {
                (!values.is_empty()).then(|| (kind.as_str(), join_values(values)))
            })
        })
        .collect();
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        category: rule.category.clone(),
        says,
        subjects,
        location: rule
            .at
            .as_deref()
            .and_then(|field| record.field_location(field))
            .or(record.location.as_ref())
            .cloned(),
        events: None,
        cause: None,
    }
}

/// Call `f` with a scope of no datasets for `rules` (their lookups find nothing), as the
/// engine's unit tests test records with.
#[cfg(test)]
fn with_empty_scope<R>(rules: &[Rule], f: impl FnOnce(&Scope<'_>) -> R) -> R {
    let datasets = Datasets::new();
    let indexes = Indexes::build(&datasets, rules.iter().map(|r| &r.when));
    f(&Scope {
        datasets: &datasets,
        indexes: &indexes,
        now: Utc::now(),
    })
}
