//! Tests that several rules make of the same record. Most event rules start with the same
//! few tests (`status` is `failure`, say), and every event is tested by every rule; a test
//! written the same way in two rules is given one number here, so that the engine can test
//! a record once and let the other rules reuse the answer (see
//! [`crate::engine::eval::Memo`]). Only tests of the record itself are numbered: a test
//! inside a lookup's `where` reads other records, and one that compares with the outer
//! record depends on it.

use super::condition::{Cond, Op, Test};
use super::Rule;
use std::collections::HashMap;

/// Number every test that two or more of `rules` write the same way (same path, operator,
/// operand, quantifier and case), and clear the number of every other test. Returns how
/// many numbers were given.
pub fn mark(rules: &mut [Rule]) -> usize {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for rule in rules.iter() {
        visit(&rule.when, &mut |test| {
            if let Some(key) = key(test) {
                *seen.entry(key).or_insert(0) += 1;
            }
        });
    }
    let mut numbers: HashMap<String, u16> = HashMap::new();
    for rule in rules.iter_mut() {
        visit_mut(&mut rule.when, &mut |test| {
            test.shared = key(test)
                .filter(|k| seen.get(k).is_some_and(|&n| n > 1))
                .and_then(|k| {
                    let next = u16::try_from(numbers.len()).ok()?;
                    Some(*numbers.entry(k).or_insert(next))
                });
        });
    }
    numbers.len()
}

/// How many numbers the tests of `rules` use: one more than the highest (zero for none).
#[must_use]
pub fn room(rules: &[Rule]) -> usize {
    let mut room = 0;
    for rule in rules {
        visit(&rule.when, &mut |test| {
            if let Some(n) = test.shared {
                room = room.max(usize::from(n) + 1);
            }
        });
    }
    room
}

/// What makes two tests the same, for the tests that can be shared.
fn key(test: &Test) -> Option<String> {
    let operand = match &test.op {
        Op::Equals(value) => format!("equals {value}"),
        Op::In(values) => format!("in {}", serde_json::Value::from(values.clone())),
        Op::Contains(text) => format!("contains {text:?}"),
        Op::StartsWith(text) => format!("starts_with {text:?}"),
        Op::EndsWith(text) => format!("ends_with {text:?}"),
        Op::Regex(regex) => format!("regex {:?}", regex.as_str()),
        Op::Exists(want) => format!("exists {want}"),
        _ => return None,
    };
    Some(format!(
        "{}\u{0}{operand}\u{0}{:?}\u{0}{}",
        test.path, test.quantifier, test.case_sensitive
    ))
}

fn visit(cond: &Cond, f: &mut dyn FnMut(&Test)) {
    match cond {
        Cond::All(items) | Cond::Any(items) => items.iter().for_each(|c| visit(c, f)),
        Cond::Not(inner) => visit(inner, f),
        Cond::Test(test) => f(test),
        Cond::Lookup(_) => {}
    }
}

fn visit_mut(cond: &mut Cond, f: &mut dyn FnMut(&mut Test)) {
    match cond {
        Cond::All(items) | Cond::Any(items) => items.iter_mut().for_each(|c| visit_mut(c, f)),
        Cond::Not(inner) => visit_mut(inner, f),
        Cond::Test(test) => f(test),
        Cond::Lookup(_) => {}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rules::compile::compile_text;

    /// An event rule with `when`, and any `more` lines (an `aggregate:`), for tests.
    pub(crate) fn event_rule(id: &str, when: &str, more: &str) -> Rule {
        let text = format!(
            "id: {id}\ntitle: T\nseverity: warning\ncategory: test\n\
             docs: {{ what: w, why: y, fix: f }}\nmessage: m\nfix: [f]\ndataset: events\n\
             when: {when}\n{more}"
        );
        compile_text(&text, "t.yaml").unwrap()
    }

    fn rule(id: &str, when: &str) -> Rule {
        event_rule(id, when, "")
    }

    /// Rules a, b and c, where b tests the status under `b_status` as written.
    fn three(b_status: &str) -> Vec<Rule> {
        vec![
            rule(
                "a",
                "{ all: [{ field: status, equals: failure }, { field: user, exists: true }] }",
            ),
            rule(
                "b",
                &format!(
                    "{{ any: [{{ field: {b_status}, equals: failure }}, {{ field: action, equals: delete }}] }}"
                ),
            ),
            rule(
                "c",
                "{ not: { field: status, equals: failure, case_sensitive: true } }",
            ),
        ]
    }

    fn numbers(rule: &Rule) -> Vec<Option<u16>> {
        let mut found = Vec::new();
        visit(&rule.when, &mut |t| found.push(t.shared));
        found
    }

    #[test]
    fn a_test_two_rules_write_alike_shares_one_number() {
        let mut rules = three("Status");
        assert_eq!(
            mark(&mut rules),
            0,
            "`status` and `Status` are two paths as written"
        );
        let mut rules = three("status");
        rules.push(rule("d", "{ field: user, exists: true }"));
        assert_eq!(mark(&mut rules), 2);
        assert_eq!(room(&rules), 2);
        assert_eq!(
            room(&rules[1..2]),
            usize::from(numbers(&rules[1])[0].unwrap()) + 1
        );
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| numbers(&rules[i]));
        assert_eq!(a[0], b[0], "the same test, one number");
        assert_eq!(a[1], d[0]);
        assert_ne!(a[0], a[1]);
        assert_eq!(b[1], None, "made by one rule only");
        assert_eq!(c[0], None, "case-sensitive: another test");
    }

    #[test]
    fn tests_inside_lookups_are_not_numbered() {
        let lookup = "{ lookup: { dataset: mappings, on: { group: group }, where: { field: kind, equals: role }, count: { gt: 0 } } }";
        let mut rules = vec![rule("a", lookup), rule("b", lookup)];
        assert_eq!(mark(&mut rules), 0);
    }
}
