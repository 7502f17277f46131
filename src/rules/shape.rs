//! The serde shape of a rule file, exactly as written in YAML.
//!
//! Nothing here is validated beyond what serde checks (unknown keys, types); `compile`
//! turns a [`RuleFile`] into a checked [`super::Rule`]. The doc comments on these fields
//! are the descriptions of the published JSON Schema (`synclint schema rule`).

use crate::yaml::Spanned;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One rule: what to look at, when it fires, what to say and how to fix it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "synclint rule")]
pub struct RuleFile {
    /// Unique, kebab-case identifier (`role-unavailable`). Part of the interface: used by
    /// `--select`, `--ignore`, suppressions and baselines.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// One-line summary shown in listings and report headings.
    pub title: String,
    /// How serious a finding is: `error`, `warning` or `info`.
    #[schemars(with = "Severity")]
    pub severity: Spanned<String>,
    /// A group of related rules (`mapping`, `drift`, `directory`...); select with `category:NAME`.
    pub category: String,
    /// Free-form labels.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Links to documentation about the problem.
    #[serde(default)]
    pub references: Vec<String>,
    /// The explanation printed by `synclint explain`.
    pub docs: Docs,
    /// The dataset whose records the rule examines (`role_mappings`, `users`, ...).
    #[schemars(with = "String")]
    pub dataset: Spanned<String>,
    /// Datasets that must have been supplied (besides `dataset` and those looked up) for
    /// the rule to run; without them it is reported as not run instead of guessing.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub requires: Vec<Spanned<String>>,
    /// The condition under which a record produces a finding.
    #[schemars(with = "Condition")]
    pub when: Spanned<Condition>,
    /// The finding's message; `{field.path}` placeholders are filled from the record.
    #[schemars(with = "String")]
    pub message: Spanned<String>,
    /// Ordered fix steps (at least one); placeholders as in `message`.
    #[schemars(with = "Vec<String>")]
    pub fix: Spanned<Vec<Spanned<String>>>,
    /// What the finding is about: `user`, `group`, `role` and/or `organization`, each a field path.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub subjects: BTreeMap<String, Spanned<String>>,
    /// A top-level field whose value the finding points at (`group`), where the input
    /// says where each value is written: a configuration's mapping records do, so a
    /// finding about a mapping's group lands on the group's line, not its role's. Other
    /// records, and rules with `aggregate`, point at the record as a whole.
    #[schemars(with = "Option<String>")]
    pub at: Option<Spanned<String>>,
    /// Group matching records and fire per group past a threshold (for logs); without it,
    /// every matching record is a finding.
    pub aggregate: Option<Aggregate>,
    /// Ids of rules whose findings explain this rule's findings when they share a subject
    /// (the same user, group, role or organization); such a finding names its cause.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub causes: Vec<Spanned<String>>,
    /// Ids of rules whose findings this rule's findings explain when they share a subject:
    /// the other side of `causes`, so a rule in an optional pack can name a built-in
    /// symptom without editing it. Listed causes are tried first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub explains: Vec<Spanned<String>>,
    /// Records that must and must not make the rule fire; run by `synclint test`.
    #[serde(default)]
    pub tests: Option<RuleTests>,
}

/// Grouping and thresholds, in the manner of Sigma correlation rules.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// Field paths whose values form a group: one finding per distinct combination
    /// (compared ignoring case). Empty: all matching records form one group.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub by: Vec<Spanned<String>>,
    /// How many matching records (or distinct values, with `distinct`) a group needs.
    /// Default: at least one.
    #[schemars(with = "Option<Count>")]
    pub count: Option<Spanned<Count>>,
    /// Count distinct values of this field instead of records.
    #[schemars(with = "Option<String>")]
    pub distinct: Option<Spanned<String>>,
    /// The count must be reached inside a sliding window of this length (`10m`, `1h`);
    /// records are placed by their `time` to the minute.
    #[schemars(with = "Option<String>")]
    pub within: Option<Spanned<String>>,
    /// Fire when a group has no matching record for longer than this: between two of its
    /// records, or from its last one to the end of the data (the newest record of all).
    #[schemars(with = "Option<String>")]
    pub gap: Option<Spanned<String>>,
}

/// Severity names accepted in rule files and overrides.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is broken: provisioning fails or access is wrong.
    Error,
    /// Something is likely wrong or will break soon.
    Warning,
    /// Worth knowing; not necessarily a problem.
    Info,
}

/// The three parts of a rule's explanation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the rule detects.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it, in prose (the ordered steps are in `fix`).
    pub fix: String,
}

/// A condition: either a combinator (`all`, `any`, `not`), a `lookup`, a named condition
/// (`matches`), or a `field` with exactly one operator.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// True when every listed condition is true.
    #[schemars(with = "Option<Vec<Condition>>")]
    pub all: Option<Vec<Spanned<Condition>>>,
    /// True when at least one listed condition is true.
    #[schemars(with = "Option<Vec<Condition>>")]
    pub any: Option<Vec<Spanned<Condition>>>,
    /// True when the nested condition is false.
    #[schemars(with = "Option<Box<Condition>>")]
    pub not: Option<Box<Spanned<Condition>>>,
    /// True when another dataset holds matching records (see `Lookup`).
    pub lookup: Option<Lookup>,
    /// True when the named condition of a `utils.yaml` file holds for the record; the
    /// condition must be declared for this record's dataset.
    #[schemars(with = "Option<String>")]
    pub matches: Option<Spanned<String>>,
    /// Dotted path to the value(s) tested; lists along the path are walked element by element.
    #[schemars(with = "Option<String>")]
    pub field: Option<Spanned<String>>,
    /// The value equals this (strings ignore case unless `case_sensitive`).
    #[schemars(with = "Option<Value>")]
    pub equals: Option<Spanned<Value>>,
    /// The value equals one of these.
    #[serde(rename = "in")]
    #[schemars(rename = "in", with = "Option<Vec<Value>>")]
    pub in_list: Option<Spanned<Vec<Value>>>,
    /// The string value contains this text.
    #[schemars(with = "Option<String>")]
    pub contains: Option<Spanned<String>>,
    /// The string value starts with this text.
    #[schemars(with = "Option<String>")]
    pub starts_with: Option<Spanned<String>>,
    /// The string value ends with this text.
    #[schemars(with = "Option<String>")]
    pub ends_with: Option<Spanned<String>>,
    /// The string value matches this regular expression (Rust `regex` syntax).
    #[schemars(with = "Option<String>")]
    pub regex: Option<Spanned<String>>,
    /// `true`: the field has at least one non-null value; `false`: it has none.
    #[schemars(with = "Option<bool>")]
    pub exists: Option<Spanned<bool>>,
    /// Greater than a number, or later than a timestamp.
    #[schemars(with = "Option<Value>")]
    pub gt: Option<Spanned<Value>>,
    /// Greater than or equal to a number or timestamp.
    #[schemars(with = "Option<Value>")]
    pub gte: Option<Spanned<Value>>,
    /// Less than a number, or earlier than a timestamp.
    #[schemars(with = "Option<Value>")]
    pub lt: Option<Spanned<Value>>,
    /// Less than or equal to a number or timestamp.
    #[schemars(with = "Option<Value>")]
    pub lte: Option<Spanned<Value>>,
    /// The timestamp value lies more than this duration (`15m`, `24h`, `7d`) before the reference time.
    #[schemars(with = "Option<String>")]
    pub older_than: Option<Spanned<String>>,
    /// The timestamp value lies at most this duration before the reference time (later
    /// times, including future ones, pass too).
    #[schemars(with = "Option<String>")]
    pub newer_than: Option<Spanned<String>>,
    /// Compares how many non-null values the field has.
    pub count: Option<Count>,
    /// The field's values, as a set, equal the set of values at this other path of the same record.
    #[schemars(with = "Option<String>")]
    pub same_set_as: Option<Spanned<String>>,
    /// Some value of the field equals some value at this other path of the same record.
    #[schemars(with = "Option<String>")]
    pub equals_field: Option<Spanned<String>>,
    /// Only inside a lookup's `where`: compare the value with the values of the record
    /// being checked (the record the lookup belongs to), e.g. `outer: { gt: lastLogin }`.
    #[schemars(with = "Option<OuterCompare>")]
    pub outer: Option<Spanned<OuterCompare>>,
    /// Compare strings exactly instead of ignoring case. Default `false`.
    #[schemars(with = "Option<bool>")]
    pub case_sensitive: Option<Spanned<bool>>,
    /// Over a list of values: `any` (default) needs one value to pass, `all` needs every value to.
    #[serde(rename = "match")]
    #[schemars(rename = "match", with = "Option<String>")]
    pub quantifier: Option<Spanned<String>>,
}

/// One comparison with the outer record: an operator whose operand is a field path (or
/// derived value) of the record the lookup belongs to. Give exactly one.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OuterCompare {
    /// The value equals one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub equals: Option<Spanned<String>>,
    /// The string value contains one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub contains: Option<Spanned<String>>,
    /// The string value starts with one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub starts_with: Option<Spanned<String>>,
    /// The string value ends with one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub ends_with: Option<Spanned<String>>,
    /// Greater than (later than) one of the outer record's numbers (timestamps) at this path.
    #[schemars(with = "Option<String>")]
    pub gt: Option<Spanned<String>>,
    /// Greater than or equal to one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub gte: Option<Spanned<String>>,
    /// Less than (earlier than) one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub lt: Option<Spanned<String>>,
    /// Less than or equal to one of the outer record's values at this path.
    #[schemars(with = "Option<String>")]
    pub lte: Option<Spanned<String>>,
}

/// A numeric comparison of a count; give one or more bounds.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// Exactly this many.
    pub equals: Option<u64>,
    /// More than this many.
    pub gt: Option<u64>,
    /// At least this many.
    pub gte: Option<u64>,
    /// Fewer than this many.
    pub lt: Option<u64>,
    /// At most this many.
    pub lte: Option<u64>,
}

/// Looks for records of another dataset (or the same one) that match this record.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    /// The dataset searched.
    #[schemars(with = "String")]
    pub dataset: Spanned<String>,
    /// Join keys: `other_field: this_field`. A candidate matches when, for every pair, a value
    /// of its `other_field` equals (ignoring case) a value of this record's `this_field`.
    #[schemars(with = "BTreeMap<String, String>")]
    pub on: Spanned<BTreeMap<String, String>>,
    /// An extra condition every matching record must meet (evaluated on that record).
    #[serde(rename = "where")]
    #[schemars(rename = "where", with = "Option<Condition>")]
    pub filter: Option<Box<Spanned<Condition>>>,
    /// Count distinct values of this field of the matches instead of the matches themselves.
    #[schemars(with = "Option<String>")]
    pub distinct: Option<Spanned<String>>,
    /// How many matches make the lookup true. Default: at least one.
    #[schemars(with = "Option<Count>")]
    pub count: Option<Spanned<Count>>,
    /// A name for what the lookup found, for messages and fix steps: `{NAME.count}` (the
    /// number of matches, or of distinct values) and `{NAME.matches.FIELD}` (fields of the
    /// matched records, the first 50). Only for a lookup outside another lookup's `where`.
    #[serde(rename = "as")]
    #[schemars(rename = "as", with = "Option<String>")]
    pub name: Option<Spanned<String>>,
}

/// Records that exercise the rule.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTests {
    /// Records of other datasets the cases need (for lookups), by dataset name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<Value>>")]
    pub datasets: std::collections::HashMap<Spanned<String>, Vec<Value>>,
    /// Records of the rule's dataset that must each produce a finding. For a rule with
    /// `aggregate`, a case may be a list of records fed together. A case written out
    /// (`record:`, `records:` or `join:`) may also state what the finding says.
    #[serde(default)]
    #[schemars(with = "Vec<Case>")]
    pub fire: Vec<Spanned<Value>>,
    /// Records (or, with `aggregate`, lists of records) that must not produce a finding.
    #[serde(default)]
    #[schemars(with = "Vec<Case>")]
    pub pass: Vec<Spanned<Value>>,
}

/// One test case: a record as it stands, a list of records (with `aggregate`), or a
/// case written out with its records and what its finding must say.
#[derive(JsonSchema)]
#[serde(untagged)]
pub enum Case {
    /// A case written out.
    WrittenOut(CaseSpec),
    /// A record of the rule's dataset.
    Record(serde_json::Map<String, Value>),
    /// With `aggregate`: records fed together.
    Records(Vec<serde_json::Map<String, Value>>),
}

/// A case written out. Give exactly one of `record`, `records` and `join`; `message`,
/// `subjects` and `fix` (only in `fire` cases) are each checked when given.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// A record of the rule's dataset.
    pub record: Option<serde_json::Map<String, Value>>,
    /// With `aggregate`: records fed together, in order.
    pub records: Option<Vec<serde_json::Map<String, Value>>>,
    /// For a rule on `users`: snapshot and mapping records by dataset (`idp_users`,
    /// `idp_groups`, `console_users`, `roles`, `organizations`, `role_mappings`, ...),
    /// joined into `users` records by the same join `synclint check` uses. The key
    /// `config` holds a `synclint.yaml` document whose mappings and settings apply.
    pub join: Option<serde_json::Map<String, Value>>,
    /// The finding's message, exactly as rendered.
    pub message: Option<String>,
    /// The finding's subjects, kind -> value: exactly these kinds, with these values.
    pub subjects: Option<BTreeMap<String, String>>,
    /// The finding's fix steps, all of them, in order.
    pub fix: Option<Vec<String>>,
}

/// A `utils.yaml` file: named conditions that the rules loaded with it use by name
/// (`matches: NAME`), so a definition is written once.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilsFile {
    /// Kebab-case name -> the condition.
    pub utils: std::collections::HashMap<Spanned<String>, Util>,
}

/// One named condition.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Util {
    /// What the condition means, in a sentence.
    pub doc: String,
    /// The dataset whose records the condition tests.
    pub dataset: Spanned<String>,
    /// The condition itself, in the language of a rule's `when` (it cannot use `matches`).
    pub when: Spanned<Condition>,
}
