//! A cheap first test that lets a record skip rules that cannot hold for it.
//!
//! Most event rules can only hold when a field has one of a few values (`status` is
//! `failure`, say), and nearly every event of a long log has another value. A rule's
//! guard is found in its condition when the rules are compiled: tests of plain fields
//! with `equals` or `in` and text operands, one of which the whole condition needs (an
//! item of an `all`; for an `any`, the guards of all its branches together). For each
//! record the guarded fields are read and folded once; a rule whose guard rejects the
//! record is not evaluated at all. A guard only ever rejects what its test rejects (it
//! lets anything it cannot judge through, such as a number or a list), so the findings
//! are the same with or without it (`docs/performance.md`, twelfth round).

use crate::model::path::{FieldPath, Fields};
use crate::rules::condition::{Cond, Op};
use crate::rules::Rule;
use serde_json::Value;

/// The guards of a rule list, and what one record holds in the fields they read.
#[derive(Debug, Default)]
pub(super) struct Guards {
    /// Per rule (by position), its guard; `None` for a rule always evaluated.
    of_rule: Vec<Option<Guard>>,
    /// The fields guards read, with whether they compare ignoring case.
    fields: Vec<(FieldPath, bool)>,
    /// The value of each of `fields` in the record being fed.
    seen: Vec<Seen>,
}

/// A rule's guard: the rule may hold only if one of these terms admits the record.
type Guard = Vec<Term>;

/// One test a guard is made of: the field it reads (its place in [`Guards::fields`]) and
/// the values (folded when the test ignores case) it admits.
#[derive(Debug)]
struct Term {
    field: usize,
    values: Vec<String>,
}

/// A term as found in a condition: the field, whether it is compared with case, and the
/// values that pass (folded when case is ignored).
type Found<'a> = (&'a FieldPath, bool, Vec<String>);

/// What a record holds in a guarded field.
#[derive(Debug, Default)]
struct Seen {
    state: State,
    /// The text, folded when the field is compared ignoring case (reused between records).
    text: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    /// No value: a test of the field cannot pass.
    #[default]
    Absent,
    /// One text, in `text`.
    Text,
    /// Anything else (a number, a list): the guard lets the record through.
    Unjudged,
}

impl Guards {
    /// The guards of `rules`.
    pub(super) fn for_rules(rules: &[Rule]) -> Self {
        let mut guards = Self::default();
        for rule in rules {
            let guard = guard_of(&rule.when).map(|terms| {
                let term = |(path, cs, values)| Term {
                    field: guards.field(path, cs),
                    values,
                };
                terms.into_iter().map(term).collect()
            });
            guards.of_rule.push(guard);
        }
        guards.seen = guards.fields.iter().map(|_| Seen::default()).collect();
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

    /// Read the guarded fields of `record`, for the [`Guards::admit`]s that follow.
    pub(super) fn read<F: Fields + ?Sized>(&mut self, record: &F) {
        for ((path, cs), seen) in self.fields.iter().zip(&mut self.seen) {
            seen.state = path.with_values(record, None, |values| match values {
                [] => State::Absent,
                [Value::String(text)] => {
                    seen.text.clear();
                    match (cs, text.is_ascii()) {
                        (true, _) => seen.text.push_str(text),
                        (false, true) => {
                            seen.text.push_str(text);
                            seen.text.make_ascii_lowercase();
                        }
                        (false, false) => seen.text.push_str(&text.to_lowercase()),
                    }
                    State::Text
                }
                _ => State::Unjudged,
            });
        }
    }

    /// Whether the rule at `index` may hold for the record last [`Guards::read`].
    pub(super) fn admit(&self, index: usize) -> bool {
        match self.of_rule.get(index) {
            Some(Some(terms)) => terms.iter().any(|term| self.admits(term)),
            _ => true,
        }
    }

    fn admits(&self, term: &Term) -> bool {
        let Some(seen) = self.seen.get(term.field) else {
            return true;
        };
        match seen.state {
            State::Absent => false,
            State::Unjudged => true,
            State::Text => term.values.contains(&seen.text),
        }
    }
}

/// Tests of which `cond` needs one to pass (see [`Found`]); `None` when no such tests
/// are known.
fn guard_of(cond: &Cond) -> Option<Vec<Found<'_>>> {
    match cond {
        Cond::Test(test) => {
            let plain = test.path.keys().len() == 1 && test.path.funcs().is_empty();
            let texts = match &test.op {
                Op::Equals(want) => texts(std::slice::from_ref(want), test.case_sensitive)?,
                Op::In(wants) => texts(wants, test.case_sensitive)?,
                _ => return None,
            };
            plain.then(|| vec![(&test.path, test.case_sensitive, texts)])
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
