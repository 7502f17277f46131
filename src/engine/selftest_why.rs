//! Why a rule did not fire for a test case: the first top-level condition of `when` that
//! was false, what it tests, and the record's value there.

use super::eval::Scope;
use crate::model::Record;
use crate::rules::condition::{Bound, Cond, CountRange, Lookup, Op, OuterOp, Quantifier, Test};
use crate::rules::template::join_values;
use crate::rules::Rule;

/// How many records of a case are explained, at most.
const RECORDS_EXPLAINED: usize = 5;

/// Why `rule` made no finding of `records`: for each record (the first few), the first
/// top-level condition of `when` that did not hold, one line each.
pub(super) fn why_not(rule: &Rule, scope: &Scope<'_>, records: &[Record]) -> String {
    let parts: Vec<&Cond> = match &rule.when {
        Cond::All(items) => items.iter().collect(),
        other => vec![other],
    };
    if records.is_empty() {
        return "the case made no record of the rule's dataset (a `join` with no user?)".to_owned();
    }
    let matched = records
        .iter()
        .filter(|r| scope.holds(&rule.when, &r.value))
        .count();
    if matched > 0 {
        return format!(
            "{matched} of {} record(s) meet `when`, but no group reached the `aggregate` count or window",
            records.len()
        );
    }
    let several = records.len() > 1;
    let mut lines: Vec<String> = records
        .iter()
        .take(RECORDS_EXPLAINED)
        .enumerate()
        .filter_map(|(n, record)| {
            let index = parts.iter().position(|c| !scope.holds(c, &record.value))?;
            let which = if parts.len() > 1 {
                format!("condition {} of `when: all`", index + 1)
            } else {
                "`when`".to_owned()
            };
            let prefix = if several {
                format!("record {}: ", n + 1)
            } else {
                String::new()
            };
            let cond = parts.get(index)?;
            Some(format!(
                "{prefix}{which} did not hold: {}",
                describe(cond, scope, record)
            ))
        })
        .collect();
    if records.len() > RECORDS_EXPLAINED {
        lines.push(format!(
            "({} more record(s) not shown)",
            records.len() - RECORDS_EXPLAINED
        ));
    }
    lines.join("\n")
}

/// What a false condition tests and what the record holds there.
fn describe(cond: &Cond, scope: &Scope<'_>, record: &Record) -> String {
    match cond {
        Cond::Test(test) => test_text(test, scope, record),
        Cond::Lookup(lookup) => {
            let count = found_count(lookup, scope, record);
            format!(
                "a lookup in `{}` found {count}, and needs {}",
                lookup.dataset,
                range_text(lookup.count)
            )
        }
        Cond::Not(inner) => format!(
            "`not`, but its condition holds: {}",
            holding(inner, scope, record)
        ),
        Cond::Any(items) => {
            let each: Vec<String> = items.iter().map(|c| describe(c, scope, record)).collect();
            format!("none of `any` holds: {}", each.join("; "))
        }
        Cond::All(items) => items
            .iter()
            .find(|c| !scope.holds(c, &record.value))
            .map_or_else(String::new, |c| describe(c, scope, record)),
    }
}

/// How many records `lookup` finds for `record`.
fn found_count(lookup: &Lookup, scope: &Scope<'_>, record: &Record) -> u64 {
    scope
        .found(lookup, &record.value)
        .get("count")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0)
}

/// A condition that holds, said briefly (under `not`).
fn holding(cond: &Cond, scope: &Scope<'_>, record: &Record) -> String {
    match cond {
        Cond::Test(test) => test_text(test, scope, record),
        Cond::Lookup(lookup) => {
            let count = found_count(lookup, scope, record);
            format!("a lookup in `{}` found {count}", lookup.dataset)
        }
        _ => "the nested condition".to_owned(),
    }
}

fn test_text(test: &Test, scope: &Scope<'_>, record: &Record) -> String {
    let values = test
        .path
        .with_values(&record.value, Some(scope.now), join_values);
    let all = if test.quantifier == Quantifier::All {
        " (match: all)"
    } else {
        ""
    };
    format!(
        "`{}` {}{all}; the record has `{values}`",
        test.path,
        op_text(&test.op)
    )
}

fn op_text(op: &Op) -> String {
    match op {
        Op::Equals(v) => format!("equals {v}"),
        Op::In(list) => format!("in {}", serde_json::Value::Array(list.clone())),
        Op::Contains(s) => format!("contains {s:?}"),
        Op::StartsWith(s) => format!("starts_with {s:?}"),
        Op::EndsWith(s) => format!("ends_with {s:?}"),
        Op::Regex(re) => format!("regex {:?}", re.as_str()),
        Op::Exists(want) => format!("exists: {want}"),
        Op::Compare(ordering, bound) => {
            format!("{} {}", ordering_name(*ordering), bound_text(*bound))
        }
        Op::OlderThan(d) => format!("older_than {}s", d.num_seconds()),
        Op::NewerThan(d) => format!("newer_than {}s", d.num_seconds()),
        Op::Count(range) => format!("count {}", range_text(*range)),
        Op::SameSetAs(p) => format!("same_set_as `{p}`"),
        Op::EqualsField(p) => format!("equals_field `{p}`"),
        Op::Outer(op, p) => format!("outer {} `{p}`", outer_name(*op)),
    }
}

fn ordering_name(o: crate::rules::condition::Ordering) -> &'static str {
    use crate::rules::condition::Ordering::{Gt, Gte, Lt, Lte};
    match o {
        Gt => "gt",
        Gte => "gte",
        Lt => "lt",
        Lte => "lte",
    }
}

fn outer_name(op: OuterOp) -> &'static str {
    match op {
        OuterOp::Equals => "equals",
        OuterOp::Contains => "contains",
        OuterOp::StartsWith => "starts_with",
        OuterOp::EndsWith => "ends_with",
        OuterOp::Compare(o) => ordering_name(o),
    }
}

fn bound_text(bound: Bound) -> String {
    match bound {
        Bound::Number(n) => n.to_string(),
        Bound::Time(t) => t.to_rfc3339(),
    }
}

fn range_text(range: CountRange) -> String {
    match (range.min, range.max) {
        (min, max) if min == max => format!("exactly {min}"),
        (min, u64::MAX) => format!("at least {min}"),
        (0, max) => format!("at most {max}"),
        (min, max) => format!("between {min} and {max}"),
    }
}
