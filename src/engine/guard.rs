//! A cheap first test that lets a record skip rules that cannot hold for it.
//!
//! Most event rules can only hold when a field has one of a few values (`status` is
//! `failure`, say), and nearly every event of a long log has another value. A rule's
//! guard is found in its condition when the rules are compiled: tests of plain fields
//! with `equals` or `in` and text operands, or with `regex`, one of which the whole
//! condition needs (an item of an `all`; for an `any`, the guards of all its branches
//! together). Rules share such tests (eight test `status`), so each distinct test is
//! judged once per record, when the record is read; a rule none of whose tests passed
//! is not evaluated at all. A guard only ever rejects what its test rejects (it lets
//! anything it cannot judge through, such as a number or a list), so the findings are
//! the same with or without it (`docs/performance.md`, twelfth and thirteenth rounds).

use crate::model::path::{FieldPath, Fields};
use crate::rules::condition::{Cond, Op};
use crate::rules::Rule;
use regex::Regex;
use serde_json::Value;

/// The guards of a rule list, and which of their tests the record last read passes.
#[derive(Debug, Default)]
pub(super) struct Guards {
    /// Per rule (by position), its guard: the places in [`Guards::tests`] of which one
    /// must pass; `None` for a rule always evaluated.
    of_rule: Vec<Option<Vec<usize>>>,
    /// The fields guards read, with whether they compare ignoring case.
    fields: Vec<(FieldPath, bool)>,
    /// Every distinct test, with the place of the field it reads in `fields`.
    tests: Vec<(usize, Test)>,
    /// Per test, whether the record last read may pass it.
    passed: Vec<bool>,
    /// A text that is not all ASCII, folded for a field compared ignoring case.
    folded: String,
}

/// What a guard's test admits in a field holding one text.
#[derive(Debug)]
enum Test {
    /// One of these texts (folded when the field is compared ignoring case), sorted.
    OneOf(Vec<String>),
    /// A text this expression matches (read as written: the expression says its case).
    Pattern(Regex),
}

/// A test as found in a condition: the field, whether it is read as written, and what
/// passes.
type Found<'a> = (&'a FieldPath, bool, Test);

impl Guards {
    /// The guards of `rules`.
    pub(super) fn for_rules(rules: &[Rule]) -> Self {
        let mut guards = Self::default();
        for rule in rules {
            let guard = guard_of(&rule.when).map(|found| {
                let place = |(path, cs, test)| {
                    let field = guards.field(path, cs);
                    guards.test(field, test)
                };
                found.into_iter().map(place).collect()
            });
            guards.of_rule.push(guard);
        }
        guards.passed = vec![true; guards.tests.len()];
        guards
    }

    /// The place of `(path, cs)` among the fields read, added if new.
    fn field(&mut self, path: &FieldPath, cs: bool) -> usize {
        let same = |(p, c): &(FieldPath, bool)| p == path && *c == cs;
        self.fields.iter().position(same).unwrap_or_else(|| {
            self.fields.push((path.clone(), cs));
            self.fields.len() - 1
        })
    }

    /// The place of `test` of `field` among the tests, added if new. Expressions are not
    /// compared (two of the same text may differ in case), so each is a test of its own.
    fn test(&mut self, field: usize, mut test: Test) -> usize {
        if let Test::OneOf(texts) = &mut test {
            texts.sort();
            texts.dedup();
        }
        let same = |(f, t): &(usize, Test)| match (t, &test) {
            (Test::OneOf(theirs), Test::OneOf(mine)) => *f == field && theirs == mine,
            _ => false,
        };
        self.tests.iter().position(same).unwrap_or_else(|| {
            self.tests.push((field, test));
            self.tests.len() - 1
        })
    }

    /// Read the guarded fields of `record` and judge every test, for the
    /// [`Guards::admit`]s that follow.
    pub(super) fn read<F: Fields + ?Sized>(&mut self, record: &F) {
        let Self {
            fields,
            tests,
            passed,
            folded,
            ..
        } = self;
        for (place, (path, cs)) in fields.iter().enumerate() {
            path.with_values(record, None, |values| {
                // An ASCII text is compared ignoring ASCII case as it is, without a copy.
                let text = match values {
                    [Value::String(text)] if *cs || text.is_ascii() => Some(text.as_str()),
                    [Value::String(text)] => {
                        // Folded as `equal` folds a text that is not all ASCII.
                        *folded = text.to_lowercase();
                        Some(folded.as_str())
                    }
                    _ => None,
                };
                let judged = tests.iter().zip(passed.iter_mut());
                for ((_, test), passed) in judged.filter(|((field, _), _)| *field == place) {
                    *passed = match (values, text) {
                        // No value: no test of the field can pass.
                        ([], _) => false,
                        (_, Some(text)) => test.admits(text, !*cs),
                        // Anything else (a number, a list) goes to the condition.
                        _ => true,
                    };
                }
            });
        }
    }

    /// Whether the rule at `index` may hold for the record last [`Guards::read`].
    pub(super) fn admit(&self, index: usize) -> bool {
        match self.of_rule.get(index) {
            Some(Some(places)) => places
                .iter()
                .any(|&place| self.passed.get(place).copied().unwrap_or(true)),
            _ => true,
        }
    }
}

impl Test {
    /// Whether `text` passes; with `ignore_case`, the test's texts are folded and `text`
    /// is either ASCII or folded too, so comparing ignoring ASCII case is `equal`'s
    /// comparison.
    fn admits(&self, text: &str, ignore_case: bool) -> bool {
        match self {
            Test::OneOf(texts) if ignore_case => texts.iter().any(|t| t.eq_ignore_ascii_case(text)),
            Test::OneOf(texts) => texts.iter().any(|t| t == text),
            Test::Pattern(pattern) => pattern.is_match(text),
        }
    }
}

/// Tests of which `cond` needs one to pass (see [`Found`]); `None` when no such tests
/// are known.
fn guard_of(cond: &Cond) -> Option<Vec<Found<'_>>> {
    match cond {
        Cond::Test(test) => {
            let plain = test.path.keys().len() == 1 && test.path.funcs().is_empty();
            let (cs, admits) = match &test.op {
                Op::Equals(want) => (
                    test.case_sensitive,
                    Test::OneOf(texts(std::slice::from_ref(want), test.case_sensitive)?),
                ),
                Op::In(wants) => (
                    test.case_sensitive,
                    Test::OneOf(texts(wants, test.case_sensitive)?),
                ),
                // An expression reads the text as written (a number or a flag is not a
                // text here, so it goes to the condition).
                Op::Regex(pattern) => (true, Test::Pattern(pattern.clone())),
                _ => return None,
            };
            plain.then(|| vec![(&test.path, cs, admits)])
        }
        Cond::All(items) => items.iter().find_map(guard_of),
        Cond::Any(items) => items.iter().try_fold(Vec::new(), |mut terms, item| {
            terms.extend(guard_of(item)?);
            Some(terms)
        }),
        Cond::Not(_) | Cond::Lookup(_) => None,
    }
}

/// The operands as texts, folded unless `cs`; `None` if one is not a text (a number
/// equals a text that reads as it, which a guard does not judge).
fn texts(wants: &[Value], cs: bool) -> Option<Vec<String>> {
    wants
        .iter()
        .map(|want| match want {
            Value::String(s) if cs => Some(s.clone()),
            Value::String(s) => Some(s.to_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
