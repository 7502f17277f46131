//! Evaluating compiled conditions against one record.

use super::index::{key_of, Indexes};
use crate::model::path::Fields;
use crate::model::{Datasets, Record};
use crate::rules::condition::{Bound, Cond, Lookup, Op, OuterOp, Quantifier, Test, MATCHES_SHOWN};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::HashSet;

/// What a condition may consult besides the record itself.
pub struct Scope<'a> {
    pub datasets: &'a Datasets,
    pub indexes: &'a Indexes,
    /// The reference time for `older_than` / `newer_than`.
    pub now: DateTime<Utc>,
}

/// The answers to the shared tests (see [`crate::rules::shared_tests`]) for one record,
/// kept while every rule tests it. [`Memo::forget`] before the next record.
#[derive(Debug, Default)]
pub struct Memo(Vec<Option<bool>>);

impl Memo {
    /// Room for the shared tests of `rules`.
    #[must_use]
    pub fn for_rules(rules: &[crate::rules::Rule]) -> Self {
        Self(vec![None; crate::rules::shared_tests::room(rules)])
    }

    /// Forget every answer: the next record is another one.
    pub fn forget(&mut self) {
        self.0.fill(None);
    }
}

impl Scope<'_> {
    /// Whether `cond` holds for `record`.
    #[must_use]
    pub fn holds<F: Fields + ?Sized>(&self, cond: &Cond, record: &F) -> bool {
        self.holds_in::<F, Value>(cond, record, None, None)
    }

    /// Whether `cond` holds for `record`, reusing and keeping in `memo` the answers to
    /// tests other rules share; `memo` must hold answers for `record` only.
    #[must_use]
    pub fn holds_with<F: Fields + ?Sized>(&self, cond: &Cond, record: &F, memo: &mut Memo) -> bool {
        self.holds_in::<F, Value>(cond, record, None, Some(memo))
    }

    /// Whether `cond` holds for `record`, a candidate of a lookup made for `outer` (the
    /// record `outer` comparisons see).
    fn holds_in<F: Fields + ?Sized, O: Fields + ?Sized>(
        &self,
        cond: &Cond,
        record: &F,
        outer: Option<&O>,
        mut memo: Option<&mut Memo>,
    ) -> bool {
        match cond {
            Cond::All(items) => items
                .iter()
                .all(|c| self.holds_in(c, record, outer, memo.as_deref_mut())),
            Cond::Any(items) => items
                .iter()
                .any(|c| self.holds_in(c, record, outer, memo.as_deref_mut())),
            Cond::Not(inner) => !self.holds_in(inner, record, outer, memo),
            Cond::Test(test) => {
                let known = test.shared.zip(memo).and_then(|(n, memo)| {
                    let answer = memo.0.get_mut(usize::from(n))?;
                    Some(*answer.get_or_insert_with(|| self.test(test, record, outer)))
                });
                known.unwrap_or_else(|| self.test(test, record, outer))
            }
            Cond::Lookup(lookup) => self.lookup(lookup, record),
        }
    }

    fn test<F: Fields + ?Sized, O: Fields + ?Sized>(
        &self,
        test: &Test,
        record: &F,
        outer: Option<&O>,
    ) -> bool {
        if let Op::Exists(want) = test.op {
            return test.path.finds_any(record, Some(self.now)) == want;
        }
        test.path.with_values(record, Some(self.now), |values| {
            self.test_values(test, values, record, outer)
        })
    }

    fn test_values<F: Fields + ?Sized, O: Fields + ?Sized>(
        &self,
        test: &Test,
        values: &[&Value],
        record: &F,
        outer: Option<&O>,
    ) -> bool {
        let now = Some(self.now);
        match &test.op {
            Op::Exists(want) => values.is_empty() != *want,
            Op::Count(range) => range.contains(values.len() as u64),
            Op::SameSetAs(other) => {
                folded_set(values) == other.with_values(record, now, folded_set)
            }
            Op::EqualsField(other) => {
                let theirs = other.with_values(record, now, folded_set);
                values.iter().any(|v| theirs.contains(&key_of(v)))
            }
            Op::Outer(op, path) => outer.is_some_and(|outer| {
                path.with_values(outer, now, |theirs| {
                    let pass = |v: &&Value| {
                        theirs
                            .iter()
                            .any(|w| outer_op(*op, v, w, test.case_sensitive))
                    };
                    match test.quantifier {
                        Quantifier::Any => values.iter().any(pass),
                        Quantifier::All => !values.is_empty() && values.iter().all(pass),
                    }
                })
            }),
            op => {
                let pass = |v: &&Value| self.scalar_op(op, v, test.case_sensitive);
                match test.quantifier {
                    Quantifier::Any => values.iter().any(pass),
                    Quantifier::All => !values.is_empty() && values.iter().all(pass),
                }
            }
        }
    }

    fn scalar_op(&self, op: &Op, value: &Value, cs: bool) -> bool {
        match op {
            Op::Equals(want) => equal(value, want, cs),
            Op::In(list) => list.iter().any(|want| equal(value, want, cs)),
            Op::Contains(s) => with_text(value, cs, s, |t, s| t.contains(s)),
            Op::StartsWith(s) => with_text(value, cs, s, |t, s| t.starts_with(s)),
            Op::EndsWith(s) => with_text(value, cs, s, |t, s| t.ends_with(s)),
            Op::Regex(re) => text(value, true).is_some_and(|t| re.is_match(&t)),
            Op::Compare(ordering, bound) => {
                compare(value, *bound).is_some_and(|c| ordering.accepts(c))
            }
            Op::OlderThan(d) => time(value).is_some_and(|t| t < self.now - *d),
            Op::NewerThan(d) => time(value).is_some_and(|t| t >= self.now - *d),
            Op::Exists(_)
            | Op::Count(_)
            | Op::SameSetAs(_)
            | Op::EqualsField(_)
            | Op::Outer(..) => false,
        }
    }

    fn lookup<F: Fields + ?Sized>(&self, lookup: &Lookup, record: &F) -> bool {
        let rows = self.matching(lookup, record);
        lookup.count.contains(self.count_of(lookup, &rows) as u64)
    }

    /// What a named lookup found for `record`, as templates see it: `count` and the
    /// first [`MATCHES_SHOWN`] `matches`.
    #[must_use]
    pub fn found<F: Fields + ?Sized>(&self, lookup: &Lookup, record: &F) -> Value {
        let rows = self.matching(lookup, record);
        let matches: Vec<Value> = rows
            .iter()
            .take(MATCHES_SHOWN)
            .map(|r| r.value.clone())
            .collect();
        json!({ "count": self.count_of(lookup, &rows), "matches": matches })
    }

    /// The records of the looked-up dataset that match `record`, in their order.
    fn matching<F: Fields + ?Sized>(&self, lookup: &Lookup, record: &F) -> Vec<&Record> {
        let rows = self.datasets.get(&lookup.dataset);
        let Some(((first_other, first_this), rest)) = lookup.on.split_first() else {
            return Vec::new();
        };
        let now = Some(self.now);
        let mut candidates: Vec<u32> = first_this.with_values(record, now, |values| {
            values
                .iter()
                .flat_map(|v| {
                    self.indexes
                        .get(&lookup.dataset, first_other, &key_of(v))
                        .iter()
                        .copied()
                })
                .collect()
        });
        candidates.sort_unstable();
        candidates.dedup();
        let wanted: Vec<HashSet<String>> = rest
            .iter()
            .map(|(_, this)| this.with_values(record, now, folded_set))
            .collect();
        candidates
            .iter()
            .filter_map(|&i| rows.get(i as usize))
            .filter(|row| {
                rest.iter().zip(&wanted).all(|((other, _), keys)| {
                    other.with_values(&row.value, now, |values| {
                        values.iter().any(|v| keys.contains(&key_of(v)))
                    })
                }) && lookup
                    .filter
                    .as_ref()
                    .is_none_or(|f| self.holds_in(f, &row.value, Some(record), None))
            })
            .collect()
    }

    /// How many matches count: the records, or the distinct values of `distinct`.
    fn count_of(&self, lookup: &Lookup, rows: &[&Record]) -> usize {
        let Some(path) = &lookup.distinct else {
            return rows.len();
        };
        let mut seen = HashSet::new();
        for row in rows {
            path.with_values(&row.value, Some(self.now), |values| {
                seen.extend(values.iter().map(|v| key_of(v)));
            });
        }
        seen.len()
    }
}

fn folded_set(values: &[&Value]) -> HashSet<String> {
    values.iter().map(|v| key_of(v)).collect()
}

/// A scalar as text, lowercased unless `cs`.
fn text(value: &Value, cs: bool) -> Option<Cow<'_, str>> {
    let raw: Cow<'_, str> = match value {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        _ => return None,
    };
    Some(if cs {
        raw
    } else {
        Cow::Owned(raw.to_lowercase())
    })
}

/// Apply a text test to a value; the operand is already folded when `cs` is false. ASCII
/// text is compared without building a lowercased copy (the common case, on every event).
fn with_text(value: &Value, cs: bool, operand: &str, test: fn(&str, &str) -> bool) -> bool {
    match value {
        Value::String(s) if cs => test(s, operand),
        Value::String(s) if s.is_ascii() && operand.is_ascii() => {
            ascii_folded_test(s, operand, test)
        }
        other => text(other, cs).is_some_and(|t| test(&t, operand)),
    }
}

/// `test` on the ASCII-lowercased text, using a small stack buffer when it fits.
fn ascii_folded_test(s: &str, operand: &str, test: fn(&str, &str) -> bool) -> bool {
    let mut buffer = [0u8; 256];
    if s.len() <= buffer.len() {
        let folded = &mut buffer[..s.len()];
        folded.copy_from_slice(s.as_bytes());
        folded.make_ascii_lowercase();
        return std::str::from_utf8(folded).is_ok_and(|t| test(t, operand));
    }
    test(&s.to_ascii_lowercase(), operand)
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().and_then(crate::time::parse_timestamp)
}

fn equal(value: &Value, want: &Value, cs: bool) -> bool {
    if let Value::Number(_) = want {
        if let (Some(a), Some(b)) = (number(value), number(want)) {
            return (a - b).abs() < f64::EPSILON;
        }
    }
    if let (Value::String(a), Value::String(b)) = (value, want) {
        if cs {
            return a == b;
        }
        if a.is_ascii() && b.is_ascii() {
            return a.eq_ignore_ascii_case(b);
        }
    }
    match (text(value, cs), text(want, cs)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `value` (of a looked-up record) against `theirs` (of the outer record).
fn outer_op(op: OuterOp, value: &Value, theirs: &Value, cs: bool) -> bool {
    let operand = || text(theirs, cs);
    match op {
        OuterOp::Equals => equal(value, theirs, cs),
        OuterOp::Contains => {
            operand().is_some_and(|o| with_text(value, cs, &o, |t, s| t.contains(s)))
        }
        OuterOp::StartsWith => {
            operand().is_some_and(|o| with_text(value, cs, &o, |t, s| t.starts_with(s)))
        }
        OuterOp::EndsWith => {
            operand().is_some_and(|o| with_text(value, cs, &o, |t, s| t.ends_with(s)))
        }
        OuterOp::Compare(ordering) => number(theirs)
            .map(Bound::Number)
            .or_else(|| time(theirs).map(Bound::Time))
            .and_then(|bound| compare(value, bound))
            .is_some_and(|c| ordering.accepts(c)),
    }
}

fn compare(value: &Value, bound: Bound) -> Option<std::cmp::Ordering> {
    match bound {
        Bound::Number(b) => number(value).and_then(|a| a.partial_cmp(&b)),
        Bound::Time(b) => time(value).map(|a| a.cmp(&b)),
    }
}
