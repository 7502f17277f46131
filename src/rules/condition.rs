//! Compiled conditions: what the engine evaluates. Built only by `compile`, so every
//! regex, path, duration and bound here is already known to be valid.

use super::path::FieldPath;
use chrono::{DateTime, Utc};
use regex::Regex;
use serde_json::Value;

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test(Test),
    Lookup(Box<Lookup>),
}

/// One field tested with one operator.
#[derive(Debug, Clone)]
pub struct Test {
    pub path: FieldPath,
    pub op: Op,
    pub quantifier: Quantifier,
    pub case_sensitive: bool,
    /// The number this test shares with the same test in other rules, so a record is
    /// tested once for all of them (see [`super::shared_tests`]); `None` when no other
    /// rule makes it.
    pub shared: Option<u16>,
}

/// How the values of a multi-valued field combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    /// At least one value passes.
    Any,
    /// There is at least one value, and every value passes.
    All,
}

/// An operator with its compiled operand.
#[derive(Debug, Clone)]
pub enum Op {
    Equals(Value),
    In(Vec<Value>),
    Contains(String),
    StartsWith(String),
    EndsWith(String),
    Regex(Regex),
    Exists(bool),
    Compare(Ordering, Bound),
    OlderThan(chrono::Duration),
    NewerThan(chrono::Duration),
    Count(CountRange),
    SameSetAs(FieldPath),
    EqualsField(FieldPath),
    /// Inside a lookup's `where`: compare with the values of the record the lookup
    /// belongs to at this path.
    Outer(OuterOp, FieldPath),
}

/// How a looked-up value is compared with a value of the outer record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OuterOp {
    Equals,
    Contains,
    StartsWith,
    EndsWith,
    Compare(Ordering),
}

/// Which side of a bound passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ordering {
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Ordering {
    /// Whether `cmp` (value compared with the bound) passes.
    #[must_use]
    pub fn accepts(self, cmp: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        matches!(
            (self, cmp),
            (Self::Gt, Greater)
                | (Self::Gte, Greater | Equal)
                | (Self::Lt, Less)
                | (Self::Lte, Less | Equal)
        )
    }
}

/// A numeric or time bound.
#[derive(Debug, Clone, Copy)]
pub enum Bound {
    Number(f64),
    Time(DateTime<Utc>),
}

/// Inclusive lower and upper bounds on a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRange {
    pub min: u64,
    pub max: u64,
}

impl CountRange {
    /// At least one.
    pub const SOME: Self = Self {
        min: 1,
        max: u64::MAX,
    };

    #[must_use]
    pub fn contains(self, n: u64) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

/// A search of another dataset.
#[derive(Debug, Clone)]
pub struct Lookup {
    pub dataset: String,
    /// `(field of the other record, field of this record)`; never empty.
    pub on: Vec<(FieldPath, FieldPath)>,
    pub filter: Option<Cond>,
    pub distinct: Option<FieldPath>,
    pub count: CountRange,
    /// `as`: the name under which templates see what the lookup found.
    pub name: Option<String>,
}

/// How many matched records a named lookup shows to templates.
pub const MATCHES_SHOWN: usize = 50;

impl Cond {
    /// The named lookups a record's templates can see: those not inside a lookup's `where`.
    pub fn named_lookups(&self) -> Vec<&Lookup> {
        match self {
            Self::All(items) | Self::Any(items) => {
                items.iter().flat_map(Self::named_lookups).collect()
            }
            Self::Not(inner) => inner.named_lookups(),
            Self::Lookup(lookup) if lookup.name.is_some() => vec![lookup],
            Self::Lookup(_) | Self::Test(_) => Vec::new(),
        }
    }

    /// Every lookup in this condition, nested ones included.
    pub fn lookups(&self) -> Vec<&Lookup> {
        let mut out = Vec::new();
        self.collect_lookups(&mut out);
        out
    }

    fn collect_lookups<'a>(&'a self, out: &mut Vec<&'a Lookup>) {
        match self {
            Self::All(items) | Self::Any(items) => {
                items.iter().for_each(|c| c.collect_lookups(out))
            }
            Self::Not(inner) => inner.collect_lookups(out),
            Self::Lookup(lookup) => {
                out.push(lookup);
                if let Some(filter) = &lookup.filter {
                    filter.collect_lookups(out);
                }
            }
            Self::Test(_) => {}
        }
    }
}

/// How an aggregated rule groups matching records and when a group fires.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub by: Vec<FieldPath>,
    pub count: CountRange,
    pub distinct: Option<FieldPath>,
    pub window: Window,
}

/// The time condition of an aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Count over all the data.
    All,
    /// The count must be reached inside a sliding window of this length.
    Within(chrono::Duration),
    /// Fire on a silence longer than this.
    Gap(chrono::Duration),
}
