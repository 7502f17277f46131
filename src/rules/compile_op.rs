//! Compiling the one operator of a `field` test.

use super::compile::Compiler;
use super::condition::{Op, Ordering};
use super::shape::Condition;
use crate::yaml::Spanned;

/// The operator keys present in a condition, in documentation order.
pub(super) fn operator_names(c: &Condition) -> Vec<&'static str> {
    let present = [
        ("equals", c.equals.is_some()),
        ("in", c.in_list.is_some()),
        ("contains", c.contains.is_some()),
        ("starts_with", c.starts_with.is_some()),
        ("ends_with", c.ends_with.is_some()),
        ("regex", c.regex.is_some()),
        ("exists", c.exists.is_some()),
        ("gt", c.gt.is_some()),
        ("gte", c.gte.is_some()),
        ("lt", c.lt.is_some()),
        ("lte", c.lte.is_some()),
        ("older_than", c.older_than.is_some()),
        ("newer_than", c.newer_than.is_some()),
        ("count", c.count.is_some()),
        ("same_set_as", c.same_set_as.is_some()),
        ("equals_field", c.equals_field.is_some()),
        ("outer", c.outer.is_some()),
    ];
    present
        .iter()
        .filter(|(_, p)| *p)
        .map(|(n, _)| *n)
        .collect()
}

/// Compile the single operator of `c` (already known to have a `field`), and check that
/// the modifiers it carries mean something for that operator.
pub(super) fn operator(cx: &mut Compiler<'_>, c: &Spanned<Condition>, ds: &str) -> Option<Op> {
    let op = bare_operator(cx, c, ds)?;
    let text_op = matches!(
        op,
        Op::Equals(_)
            | Op::In(_)
            | Op::Contains(_)
            | Op::StartsWith(_)
            | Op::EndsWith(_)
            | Op::Regex(_)
            | Op::Outer(..)
    );
    let per_value = !matches!(
        op,
        Op::Exists(_) | Op::Count(_) | Op::SameSetAs(_) | Op::EqualsField(_)
    );
    if let Some(at) = c.value.case_sensitive.as_ref().filter(|_| !text_op) {
        cx.error(at, "`case_sensitive` only applies to equals, in, contains, starts_with, ends_with and regex");
        return None;
    }
    if let Some(at) = c.value.quantifier.as_ref().filter(|_| !per_value) {
        cx.error(at, "`match` does not apply to exists, count, same_set_as or equals_field, which look at all values together");
        return None;
    }
    Some(op)
}

fn bare_operator(cx: &mut Compiler<'_>, c: &Spanned<Condition>, ds: &str) -> Option<Op> {
    let cond = &c.value;
    let names = operator_names(cond);
    if names.len() != 1 {
        let message = if names.is_empty() {
            "a `field` test needs an operator (e.g. `equals`, `in`, `regex`, `exists`)".to_owned()
        } else {
            format!(
                "a `field` test takes one operator, found `{}`",
                names.join("`, `")
            )
        };
        cx.error(c, &message);
        return None;
    }
    let case_sensitive = cond.case_sensitive.as_ref().is_some_and(|s| s.value);
    let fold = |s: &str| {
        if case_sensitive {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    if let Some(v) = &cond.equals {
        return cx.scalar(v).map(Op::Equals);
    }
    if let Some(list) = &cond.in_list {
        if list.value.is_empty() {
            cx.error(list, "`in` needs at least one value");
            return None;
        }
        let items: Vec<_> = list
            .value
            .iter()
            .map(|v| cx.scalar_value(v, list))
            .collect();
        return items.into_iter().collect::<Option<Vec<_>>>().map(Op::In);
    }
    if let Some(s) = &cond.contains {
        return Some(Op::Contains(fold(&s.value)));
    }
    if let Some(s) = &cond.starts_with {
        return Some(Op::StartsWith(fold(&s.value)));
    }
    if let Some(s) = &cond.ends_with {
        return Some(Op::EndsWith(fold(&s.value)));
    }
    if let Some(r) = &cond.regex {
        return cx.regex(r, case_sensitive);
    }
    if let Some(e) = &cond.exists {
        return Some(Op::Exists(e.value));
    }
    for (bound, ordering) in [
        (&cond.gt, Ordering::Gt),
        (&cond.gte, Ordering::Gte),
        (&cond.lt, Ordering::Lt),
        (&cond.lte, Ordering::Lte),
    ] {
        if let Some(v) = bound {
            return cx.bound(v).map(|b| Op::Compare(ordering, b));
        }
    }
    if let Some(d) = &cond.older_than {
        return cx.duration(d).map(Op::OlderThan);
    }
    if let Some(d) = &cond.newer_than {
        return cx.duration(d).map(Op::NewerThan);
    }
    if let Some(count) = &cond.count {
        return cx.count(count, c).map(Op::Count);
    }
    if let Some(p) = &cond.same_set_as {
        return cx.same_record_path(p, ds).map(Op::SameSetAs);
    }
    if let Some(o) = &cond.outer {
        return cx.outer_operator(o);
    }
    let p = cond.equals_field.as_ref()?;
    cx.same_record_path(p, ds).map(Op::EqualsField)
}
