//! Compiling a rule's own `tests` and checking the values of operators.

use super::compile::{Compiler, REGEX_SIZE_LIMIT};
use super::condition::{Bound, CountRange, Op};
use super::shape;
use super::{RuleTests, TestCase};
use crate::model::{dataset, Location};
use crate::suggest::or_list;
use crate::yaml::{line_col, Spanned};
use regex::RegexBuilder;
use serde_json::Value;

impl Compiler<'_> {
    pub(super) fn tests(&mut self, tests: shape::RuleTests) -> RuleTests {
        let mut named: Vec<(Spanned<String>, Vec<Value>)> = tests.datasets.into_iter().collect();
        named.sort_by(|a, b| a.0.value.cmp(&b.0.value));
        let mut datasets = Vec::new();
        for (name, records) in named {
            if dataset::ALL.contains(&name.value.as_str()) {
                datasets.push((name.value, records));
            } else {
                let help = or_list(&name.value, dataset::ALL.iter().copied());
                self.err(
                    &name,
                    name.value.len(),
                    format!("tests.datasets names unknown dataset `{}`", name.value),
                    Some(help),
                );
            }
        }
        let fire = tests
            .fire
            .into_iter()
            .filter_map(|c| self.case(c))
            .collect();
        let pass: Vec<TestCase> = tests
            .pass
            .into_iter()
            .filter_map(|c| self.case(c))
            .collect();
        for case in pass
            .iter()
            .filter(|c| c.expect != super::Expected::default())
        {
            let at = (case.location.line, case.location.column);
            let message = "a `pass` case makes no finding: `message`, `subjects` and `fix` belong to `fire` cases";
            self.sink.at(at, 1, message, None);
        }
        RuleTests {
            datasets,
            fire,
            pass,
        }
    }

    pub(super) fn case(&mut self, case: Spanned<Value>) -> Option<TestCase> {
        let (line, column) = line_col(&case);
        if super::compile_expect::is_written_out(&case.value) {
            return self.written_out_case(case.value, (line, column));
        }
        let records = match case.value {
            Value::Object(_) => vec![case.value],
            Value::Array(items)
                if self.aggregated && !items.is_empty() && items.iter().all(Value::is_object) =>
            {
                items
            }
            _ => {
                let what = if self.aggregated {
                    "a record, or a non-empty list of records"
                } else {
                    "a record (a mapping of fields)"
                };
                self.sink.at(
                    (line, column),
                    1,
                    format!("a test case must be {what}"),
                    None,
                );
                return None;
            }
        };
        Some(TestCase {
            records,
            join: None,
            config: None,
            one_page: Vec::new(),
            expect: super::Expected::default(),
            location: Location::new(self.sink.origin, line, column),
        })
    }

    pub(super) fn count<T>(&mut self, c: &shape::Count, at: &Spanned<T>) -> Option<CountRange> {
        let bounds = [
            c.equals.map(|n| (n, n)),
            c.gt.map(|n| (n.saturating_add(1), u64::MAX)),
            c.gte.map(|n| (n, u64::MAX)),
            c.lt.map(|n| if n == 0 { (1, 0) } else { (0, n - 1) }),
            c.lte.map(|n| (0, n)),
        ];
        let any = bounds.iter().any(Option::is_some);
        let range = bounds.iter().flatten().fold(
            CountRange {
                min: 0,
                max: u64::MAX,
            },
            |r, &(min, max)| CountRange {
                min: r.min.max(min),
                max: r.max.min(max),
            },
        );
        if !any {
            self.err(
                at,
                1,
                "`count` needs a bound: `equals`, `gt`, `gte`, `lt` or `lte`",
                None,
            );
            return None;
        }
        if range.min > range.max {
            self.err(at, 1, "these `count` bounds can never all hold", None);
            return None;
        }
        Some(range)
    }

    pub(super) fn regex(&mut self, r: &Spanned<String>, case_sensitive: bool) -> Option<Op> {
        match RegexBuilder::new(&r.value)
            .case_insensitive(!case_sensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(re) => Some(Op::Regex(re)),
            Err(e) => {
                let message = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid")
                    .trim()
                    .to_owned();
                self.err(
                    r,
                    r.value.len(),
                    format!("invalid regex: {message}"),
                    Some(
                        "synclint uses Rust `regex` syntax (no look-around or back-references)"
                            .to_owned(),
                    ),
                );
                None
            }
        }
    }

    pub(super) fn bound(&mut self, v: &Spanned<Value>) -> Option<Bound> {
        let parsed = match &v.value {
            Value::Number(n) => n.as_f64().map(Bound::Number),
            Value::String(s) => crate::time::parse_timestamp(s)
                .map(Bound::Time)
                .or_else(|| s.trim().parse().ok().map(Bound::Number)),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                v,
                1,
                "a comparison needs a number or a timestamp",
                Some("timestamps are RFC 3339, e.g. `2026-01-31T00:00:00Z`".to_owned()),
            );
        }
        parsed
    }

    pub(super) fn duration(&mut self, d: &Spanned<String>) -> Option<chrono::Duration> {
        crate::time::parse_duration(&d.value)
            .map_err(|m| self.err(d, d.value.len(), m, None))
            .ok()
    }

    pub(super) fn scalar(&mut self, v: &Spanned<Value>) -> Option<Value> {
        self.scalar_value(&v.value, v)
    }

    pub(super) fn scalar_value<T>(&mut self, v: &Value, at: &Spanned<T>) -> Option<Value> {
        if v.is_array() || v.is_object() || v.is_null() {
            self.err(
                at,
                1,
                "expected a string, number or boolean",
                Some("to test a list, name the field; every element is tested".to_owned()),
            );
            return None;
        }
        Some(v.clone())
    }
}
