//! Rules: the YAML shape ([`shape`]), its compilation into checked [`Rule`]s ([`compile`]),
//! the built-in rule pack ([`builtin`]) and loading of rule folders ([`load`]).

pub mod builtin;
pub mod compile;
pub(crate) mod compile_agg;
mod compile_cases;
mod compile_cond;
mod compile_expect;
mod compile_op;
mod compile_outer;
mod compile_refs;
pub mod condition;
pub mod errors;
pub mod load;
pub use crate::model::path;
pub mod shape;
pub mod shared_tests;
pub mod template;
pub mod utils;
pub mod wording;

use crate::model::Location;
use condition::Cond;
use path::FieldPath;
use serde::Serialize;
use serde_json::Value;

pub use crate::finding::Severity;

pub use crate::finding::SUBJECT_KINDS;

/// The explanation of a rule.
#[derive(Debug, Clone, Serialize)]
pub struct Docs {
    pub what: String,
    pub why: String,
    pub fix: String,
}

/// A compiled, validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Shared with every finding of the rule, as are the title and category.
    pub id: crate::finding::Label,
    pub title: crate::finding::Label,
    pub severity: Severity,
    pub category: crate::finding::Label,
    pub tags: Vec<String>,
    pub references: Vec<String>,
    pub docs: Docs,
    pub dataset: String,
    /// Every dataset the rule needs: its own, those it looks up, and `requires`.
    pub needs: Vec<String>,
    pub when: Cond,
    /// The message and fix steps, shared with every finding of the rule.
    pub wording: wording::Worded,
    /// `(subject kind, path)`.
    pub subjects: Vec<(String, FieldPath)>,
    /// Every field path the rule reads (its condition, lookups, wording, subjects, `at`
    /// and groups), with the dataset of the records it reads it from.
    pub reads: Vec<(String, FieldPath)>,
    /// The top-level field whose written place a finding points at, when known.
    pub at: Option<String>,
    pub aggregate: Option<condition::Aggregate>,
    /// Ids of the rules whose findings can explain this rule's findings.
    pub causes: Vec<String>,
    /// Ids of the rules whose findings this rule's findings can explain.
    pub explains: Vec<String>,
    /// Where parts of the rule are written in its file, for errors found after compiling.
    pub positions: Positions,
    pub tests: RuleTests,
    /// Where the rule came from: `builtin:rules/x.yaml` or a file path.
    pub origin: String,
    /// The rule file's text, for `explain` and error labels.
    pub source: String,
}

/// 1-based `(line, column)`s of parts of a rule file, kept from the parser.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// The value of `id`.
    pub id: (u32, u32),
    /// Each entry of `causes`, in order.
    pub causes: Vec<(u32, u32)>,
    /// Each entry of `explains`, in order.
    pub explains: Vec<(u32, u32)>,
}

/// Compiled rule tests.
#[derive(Debug, Clone, Default)]
pub struct RuleTests {
    pub datasets: Vec<(String, Vec<Value>)>,
    pub fire: Vec<TestCase>,
    pub pass: Vec<TestCase>,
}

/// One test case (a record, or for aggregated rules a list of records) and where it is written.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub records: Vec<Value>,
    /// For a rule on `users`: snapshot and mapping records, by dataset, that the case's
    /// `users` records are joined from (then `records` is empty).
    pub join: Option<Vec<(String, Vec<Value>)>>,
    /// With `join`: a `synclint.yaml` document whose mappings and settings the join uses.
    pub config: Option<Value>,
    /// With `join`: the datasets read as one page of a longer list (`join.one_page`).
    pub one_page: Vec<String>,
    /// What the finding must say, when the case states it.
    pub expect: Expected,
    pub location: Location,
}

/// The rule id, or for `category:NAME` the category, nearest to `name` among `rules`
/// when it is near enough to be a typo (as `category:NAME` for a category).
#[must_use]
pub fn nearest_name(name: &str, rules: &[Rule]) -> Option<String> {
    match name.strip_prefix("category:") {
        Some(category) => crate::suggest::closest(category, rules.iter().map(|r| &*r.category))
            .map(|c| format!("category:{c}")),
        None => crate::suggest::closest(name, rules.iter().map(|r| &*r.id)).map(str::to_owned),
    }
}

/// What a `fire` case says its finding must read; each part is checked when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expected {
    pub message: Option<String>,
    /// `(kind, value)`, sorted by kind: exactly the finding's subjects.
    pub subjects: Option<Vec<(String, String)>>,
    pub fix: Option<Vec<String>>,
}
