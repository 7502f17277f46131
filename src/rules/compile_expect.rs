//! Compiling a test case written out: `record`, `records` or `join`, with what the
//! finding must say (`message`, `subjects`, `fix`).

use super::compile::Compiler;
use super::shape::CaseSpec;
use super::{Expected, TestCase, SUBJECT_KINDS};
use crate::model::{dataset, Location};
use serde_json::{Map, Value};

/// The keys that make a mapping a written-out case rather than a record.
const CASE_KEYS: &[&str] = &["record", "records", "join"];

/// Whether a case is written out (has `record`, `records` or `join`).
pub(super) fn is_written_out(case: &Value) -> bool {
    case.as_object()
        .is_some_and(|m| CASE_KEYS.iter().any(|k| m.contains_key(*k)))
}

impl Compiler<'_> {
    pub(super) fn written_out_case(&mut self, value: Value, at: (u32, u32)) -> Option<TestCase> {
        let spec: CaseSpec = match serde_json::from_value(value) {
            Ok(spec) => spec,
            Err(e) => {
                self.sink
                    .at(at, 1, format!("a written-out test case: {e}"), None);
                return None;
            }
        };
        let given = [
            spec.record.is_some(),
            spec.records.is_some(),
            spec.join.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            let message = "a written-out case takes exactly one of `record`, `records` and `join`";
            self.sink.at(at, 1, message, None);
            return None;
        }
        let expect = self.expected(&spec, at)?;
        let location = Location::new(self.sink.origin, at.0, at.1);
        let mut case = TestCase {
            records: Vec::new(),
            join: None,
            config: None,
            one_page: Vec::new(),
            expect,
            location,
        };
        if let Some(record) = spec.record {
            case.records.push(Value::Object(record));
        } else if let Some(records) = spec.records {
            if !self.aggregated || records.is_empty() {
                let message = "`records` is a non-empty list, for rules with `aggregate`";
                self.sink.at(at, 1, message, None);
                return None;
            }
            case.records = records.into_iter().map(Value::Object).collect();
        } else if let Some(join) = spec.join {
            let spec = self.join_spec(join, at)?;
            case.join = Some(spec.datasets);
            case.config = spec.config;
            case.one_page = spec.one_page;
        }
        Some(case)
    }

    fn expected(&mut self, spec: &CaseSpec, at: (u32, u32)) -> Option<Expected> {
        if let Some(subjects) = &spec.subjects {
            if let Some(kind) = subjects
                .keys()
                .find(|k| !SUBJECT_KINDS.contains(&k.as_str()))
            {
                let message = format!(
                    "`subjects` names unknown kind `{kind}`: the kinds are {}",
                    SUBJECT_KINDS.join(", ")
                );
                self.sink.at(at, 1, message, None);
                return None;
            }
        }
        Some(Expected {
            message: spec.message.clone(),
            subjects: spec
                .subjects
                .as_ref()
                .map(|s| s.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            fix: spec.fix.clone(),
        })
    }

    /// The datasets of a `join` (by name, sorted), its `config` and its `one_page`.
    fn join_spec(&mut self, join: Map<String, Value>, at: (u32, u32)) -> Option<JoinSpec> {
        if self.dataset != dataset::USERS {
            let message = "`join` builds `users` records: it is for rules on dataset `users`";
            self.sink.at(at, 1, message, None);
            return None;
        }
        let mut datasets = Vec::new();
        let mut config = None;
        let mut one_page = Vec::new();
        let mut ok = true;
        for (name, records) in join {
            if name == "config" {
                config = Some(records);
                continue;
            }
            if name == "one_page" {
                match self.one_page(records, at) {
                    Some(names) => one_page = names,
                    None => ok = false,
                }
                continue;
            }
            let known = name != dataset::USERS && dataset::ALL.contains(&name.as_str());
            match records {
                Value::Array(items) if known && items.iter().all(Value::is_object) => {
                    datasets.push((name, items));
                }
                _ => {
                    let message = if known {
                        format!("`join.{name}` must be a list of records")
                    } else {
                        format!("`join` names `{name}`, which is neither a dataset the `users` view is joined from nor `config` nor `one_page`")
                    };
                    self.sink.at(at, 1, message, None);
                    ok = false;
                }
            }
        }
        ok.then_some(JoinSpec {
            datasets,
            config,
            one_page,
        })
    }

    /// `join.one_page`: the datasets the join reads as one page of a longer list.
    fn one_page(&mut self, names: Value, at: (u32, u32)) -> Option<Vec<String>> {
        let names: Option<Vec<String>> = match names {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(name) if dataset::ALL.contains(&name.as_str()) => Some(name),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        if names.is_none() {
            let message = "`join.one_page` must be a list of dataset names";
            self.sink.at(at, 1, message, None);
        }
        names
    }
}

/// What a `join` case gives.
struct JoinSpec {
    datasets: Vec<(String, Vec<Value>)>,
    config: Option<Value>,
    one_page: Vec<String>,
}
