//! Running the tests written inside rule files (`synclint test`).
//!
//! Every case of every rule runs alone; a case that misbehaves is listed with why: the
//! condition of `when` that did not hold, the finding a `pass` case made, or how the
//! finding's text differs from what the case states.

use super::aggregate::Aggregator;
use super::eval::Scope;
use super::index::Indexes;
use crate::finding::Finding;
use crate::model::{dataset, Datasets, Location, Record};
use crate::rules::{Expected, Rule, TestCase};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

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
    /// Whether the rule made a finding of the case.
    pub fired: bool,
    /// What went wrong, in sentences.
    pub reason: String,
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
        match check_case(rule, case, should_fire, now) {
            None => report.passed += 1,
            Some((fired, reason)) => report.failures.push(CaseFailure {
                location: case.location.clone(),
                expected: if should_fire { "fire" } else { "pass" },
                fired,
                reason,
            }),
        }
    }
    report
}

/// Whether the rule fired and why the case misbehaves, or None when it behaves as declared.
fn check_case(
    rule: &Rule,
    case: &TestCase,
    should_fire: bool,
    now: DateTime<Utc>,
) -> Option<(bool, String)> {
    let (findings, why_not) = match run_case(rule, case, now) {
        Ok(outcome) => outcome,
        Err(reason) => return Some((false, reason)),
    };
    match (should_fire, findings.first()) {
        (true, None) => Some((
            false,
            why_not.unwrap_or_else(|| "the rule made no finding".to_owned()),
        )),
        (false, Some(f)) => Some((true, format!("it fired, saying: {}", f.message()))),
        (false, None) => None,
        (true, Some(first)) => {
            let fits = |f: &Finding| mismatches(&case.expect, f).is_empty();
            (!findings.iter().any(fits)).then(|| (true, mismatches(&case.expect, first).join("\n")))
        }
    }
}

/// How `finding` differs from what the case states, one sentence per part.
fn mismatches(expect: &Expected, finding: &Finding) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(message) = &expect.message {
        let actual = finding.message();
        if *message != actual {
            out.push(format!("message: expected `{message}`, got `{actual}`"));
        }
    }
    if let Some(subjects) = &expect.subjects {
        let mut actual: Vec<(String, String)> = finding
            .subjects
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        actual.sort();
        if *subjects != actual {
            out.push(format!(
                "subjects: expected {}, got {}",
                pairs(subjects),
                pairs(&actual)
            ));
        }
    }
    if let Some(fix) = &expect.fix {
        let actual = finding.fix();
        if *fix != actual {
            out.push(format!("fix: expected {fix:?}, got {actual:?}"));
        }
    }
    out
}

fn pairs(items: &[(String, String)]) -> String {
    let shown: Vec<String> = items.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", shown.join(", "))
}

/// The case's findings and, when there are none, why the rule did not fire.
fn run_case(
    rule: &Rule,
    case: &TestCase,
    now: DateTime<Utc>,
) -> Result<(Vec<Finding>, Option<String>), String> {
    let mut datasets = Datasets::new();
    for (name, records) in &rule.tests.datasets {
        datasets.extend(name, records.iter().map(|v| Record::new(v.clone(), None)));
    }
    let first_case_record = datasets.get(&rule.dataset).len();
    if let Some(join) = &case.join {
        add_joined(&mut datasets, join, case)?;
    } else {
        let case_records = case
            .records
            .iter()
            .map(|v| Record::new(v.clone(), Some(case.location.clone())));
        datasets.extend(&rule.dataset, case_records);
    }
    crate::model::resolve::annotate(&mut datasets);
    let indexes = Indexes::build(&datasets, [&rule.when]);
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now,
    };
    let case_records = &datasets.get(&rule.dataset)[first_case_record..];
    let findings = findings_of(rule, &scope, &datasets, case_records);
    let why_not = findings
        .is_empty()
        .then(|| super::selftest_why::why_not(rule, &scope, case_records));
    Ok((findings, why_not))
}

/// Add the case's snapshot and mapping records, and the `users` records the real join
/// makes of them (with the case's configuration, when it has one).
/// A case's record as the loader would give it: an organization gets the `available`
/// the loader computes, unless the case states it.
fn as_loaded(dataset: &str, mut value: Value) -> Value {
    if dataset == crate::model::dataset::ORGANIZATIONS {
        if let Some(map) = value.as_object_mut() {
            if !map.contains_key("available") {
                let available = crate::input::organization_available(map);
                map.insert("available".to_owned(), Value::Bool(available));
            }
        }
    }
    value
}

fn add_joined(
    datasets: &mut Datasets,
    join: &[(String, Vec<Value>)],
    case: &TestCase,
) -> Result<(), String> {
    let config = match &case.config {
        Some(doc) => {
            let text = serde_json::to_string(doc).map_err(|e| e.to_string())?;
            let path = case.location.to_string();
            let cfg = crate::config::parse(&text, &path).map_err(|e| {
                format!(
                    "the case's `join.config` is not a valid configuration: {}",
                    config_problems(&e)
                )
            })?;
            for (name, records) in cfg.records() {
                datasets.extend(name, records);
            }
            Some(cfg)
        }
        None => None,
    };
    for name in &case.one_page {
        datasets.mark_partial(name);
    }
    for (name, records) in join {
        let at = Some(case.location.clone());
        let loaded = records.iter().map(|v| as_loaded(name, v.clone()));
        datasets.extend(name, loaded.map(|v| Record::new(v, at.clone())));
    }
    let settings = config
        .as_ref()
        .map(crate::config::Config::join_settings)
        .unwrap_or_default();
    let users = crate::model::join::users(datasets, &settings);
    datasets.extend(dataset::USERS, users);
    Ok(())
}

/// What is wrong with a configuration, in one line: its own text means nothing to the
/// reader of a rule file, so the problems are given without their positions.
fn config_problems(e: &crate::config::ConfigError) -> String {
    let mut parts: Vec<String> = std::error::Error::source(e)
        .map(ToString::to_string)
        .into_iter()
        .collect();
    parts.extend(e.problems().iter().map(ToString::to_string));
    if parts.is_empty() {
        parts.push(e.to_string());
    }
    parts.join("; ")
}

fn findings_of(
    rule: &Rule,
    scope: &Scope<'_>,
    datasets: &Datasets,
    records: &[Record],
) -> Vec<Finding> {
    if rule.aggregate.is_none() {
        return super::per_record(rule, scope, records);
    }
    let rules = std::slice::from_ref(rule);
    let mut aggregator = Aggregator::new(rules);
    for record in records {
        aggregator.feed(
            rules,
            scope,
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
    aggregator.finish(rules, end)
}
