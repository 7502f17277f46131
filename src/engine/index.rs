//! Hash indexes that make lookups cheap: one per (dataset, field) pair that some rule
//! joins on, built once per run.

use crate::model::Datasets;
use crate::rules::condition::Cond;
use crate::rules::path::FieldPath;
use crate::rules::Rule;
use serde_json::Value;
use std::collections::HashMap;

type Index = HashMap<String, Vec<u32>>;

/// Indexes keyed by dataset and field path (its text, functions included).
#[derive(Debug, Default)]
pub struct Indexes {
    by_field: HashMap<(String, String), Index>,
}

impl Indexes {
    /// Build every index the given conditions' lookups need.
    #[must_use]
    pub fn build<'a>(datasets: &Datasets, conditions: impl IntoIterator<Item = &'a Cond>) -> Self {
        let mut by_field = HashMap::new();
        for cond in conditions {
            for lookup in cond.lookups() {
                let Some((other, _)) = lookup.on.first() else {
                    continue;
                };
                let key = (lookup.dataset.clone(), other.as_str().to_owned());
                by_field.entry(key).or_insert_with(|| {
                    index(
                        datasets.get(&lookup.dataset).iter().map(|r| &r.value),
                        other,
                    )
                });
            }
        }
        Self { by_field }
    }

    /// Build the indexes for a set of rules.
    #[must_use]
    pub fn for_rules(datasets: &Datasets, rules: &[Rule]) -> Self {
        Self::build(datasets, rules.iter().map(|r| &r.when))
    }

    /// Positions of the records of `dataset` whose `field` has a value equal to `key`.
    #[must_use]
    pub fn get(&self, dataset: &str, field: &FieldPath, key: &str) -> &[u32] {
        self.by_field
            .get(&(dataset.to_owned(), field.as_str().to_owned()))
            .and_then(|index| index.get(key))
            .map_or(&[], Vec::as_slice)
    }
}

fn index<'a>(records: impl Iterator<Item = &'a Value>, field: &FieldPath) -> Index {
    let mut index: Index = HashMap::new();
    for (position, record) in records.enumerate() {
        let Ok(position) = u32::try_from(position) else {
            break;
        };
        field.with_values(record, None, |values| {
            for value in values {
                let entry = index.entry(key_of(value)).or_default();
                if entry.last() != Some(&position) {
                    entry.push(position);
                }
            }
        });
    }
    index
}

/// The join key of a value: its text, lowercased.
#[must_use]
pub fn key_of(value: &Value) -> String {
    let mut key = String::new();
    push_key_of(&mut key, value);
    key
}

/// Append [`key_of`] of `value` to `out` (without allocating for ASCII text).
pub fn push_key_of(out: &mut String, value: &Value) {
    match value {
        Value::String(s) => {
            let s = s.trim();
            if s.is_ascii() {
                let start = out.len();
                out.push_str(s);
                if let Some(pushed) = out.get_mut(start..) {
                    pushed.make_ascii_lowercase();
                }
            } else {
                out.push_str(&s.to_lowercase());
            }
        }
        other => out.push_str(&other.to_string().to_lowercase()),
    }
}
