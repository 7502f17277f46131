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
            let (datasets, config) = self.join_spec(join, at)?;
            case.join = Some(datasets);
            case.config = config;
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

    /// The datasets of a `join` (by name, sorted) and its `config`.
    #[allow(clippy::type_complexity, reason = "a pair of plain collections")]
    fn join_spec(
        &mut self,
        join: Map<String, Value>,
        at: (u32, u32),
    ) -> Option<(Vec<(String, Vec<Value>)>, Option<Value>)> {
        if self.dataset != dataset::USERS {
            let message = "`join` builds `users` records: it is for rules on dataset `users`";
            self.sink.at(at, 1, message, None);
            return None;
        }
        let mut datasets = Vec::new();
        let mut config = None;
        let mut ok = true;
        for (name, records) in join {
            if name == "config" {
                config = Some(records);
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
                        format!("`join` names `{name}`, which is neither a dataset the `users` view is joined from nor `config`")
                    };
                    self.sink.at(at, 1, message, None);
                    ok = false;
                }
            }
        }
        ok.then_some((datasets, config))
    }
}
