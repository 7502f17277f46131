//! The compact state an aggregated group keeps: its example record reduced to the few
//! fields the rule shows, and its users without a hash table for the common single user.
//! A long log has hundreds of thousands of groups, so their size is most of the memory.

use crate::model::{Doc, Location, Record};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};

/// A group's example: the values of the fields its rule reads (in the order of the
/// rule's field list, null where absent) and where the record was read.
#[derive(Debug, Clone)]
pub(super) struct Sample {
    values: Box<[Value]>,
    pub(super) location: Option<Location>,
}

impl Sample {
    /// The fields `keep` (lowercased top-level names) of `record`.
    pub(super) fn of<R: Doc>(record: &R, keep: &[String]) -> Self {
        let values = keep
            .iter()
            .map(|name| record.top(name, None).cloned().unwrap_or(Value::Null))
            .collect();
        Self {
            values,
            location: record.location().cloned(),
        }
    }

    /// The example as a record again (fields named as in `keep`), with `extra` added.
    pub(super) fn record(&self, keep: &[String], extra: Map<String, Value>) -> Record {
        let mut map: Map<String, Value> = keep
            .iter()
            .zip(self.values.iter())
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        map.extend(extra);
        Record::new(Value::Object(map), self.location.clone())
    }
}

/// The distinct users of a group.
#[derive(Debug, Clone, Default)]
pub(super) enum Users {
    #[default]
    None,
    One(Box<str>),
    Many(HashSet<Box<str>, foldhash::fast::RandomState>),
}

impl Users {
    pub(super) fn insert(&mut self, user: &str) {
        match self {
            Users::None => *self = Users::One(user.into()),
            Users::One(only) if &**only == user => {}
            Users::One(only) => {
                let mut set = HashSet::default();
                set.insert(std::mem::take(only));
                set.insert(user.into());
                *self = Users::Many(set);
            }
            Users::Many(set) => {
                if !set.contains(user) {
                    set.insert(user.into());
                }
            }
        }
    }

    pub(super) fn extend(&mut self, other: Users) {
        match other {
            Users::None => {}
            Users::One(user) => self.insert(&user),
            Users::Many(set) => set.iter().for_each(|u| self.insert(u)),
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Users::None => 0,
            Users::One(_) => 1,
            Users::Many(set) => set.len(),
        }
    }

    /// The `n` smallest users, in order.
    pub(super) fn first_sorted(&self, n: usize) -> Vec<&str> {
        let mut smallest: BTreeSet<&str> = BTreeSet::new();
        let all: Box<dyn Iterator<Item = &str>> = match self {
            Users::None => Box::new(std::iter::empty()),
            Users::One(user) => Box::new(std::iter::once(&**user)),
            Users::Many(set) => Box::new(set.iter().map(|u| &**u)),
        };
        for user in all {
            if smallest.len() < n {
                smallest.insert(user);
            } else if smallest.last().is_some_and(|last| user < *last) {
                smallest.pop_last();
                smallest.insert(user);
            }
        }
        smallest.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn users_count_and_sort_from_one_to_many() {
        let mut users = Users::default();
        assert_eq!(users.len(), 0);
        for u in ["m", "m", "c", "z", "a", "c", "b"] {
            users.insert(u);
        }
        assert_eq!(users.len(), 5);
        assert_eq!(users.first_sorted(3), vec!["a", "b", "c"]);
        let mut other = Users::default();
        other.insert("0");
        users.extend(other);
        assert_eq!(users.first_sorted(2), vec!["0", "a"]);
        let mut one = Users::default();
        one.insert("x");
        assert_eq!(one.first_sorted(5), vec!["x"]);
    }

    #[test]
    fn a_sample_keeps_only_the_fields_asked_for() {
        let record = Record::new(
            json!({"user": "a@x", "Message": "m", "status": "failure", "raw": {"big": 1}}),
            Some(Location::new("log", 3, 1)),
        );
        let keep = vec!["message".to_owned(), "role".to_owned(), "user".to_owned()];
        let sample = Sample::of(&record, &keep);
        let mut extra = Map::new();
        extra.insert("count".to_owned(), json!(2));
        let back = sample.record(&keep, extra);
        assert_eq!(
            back.value,
            json!({"message": "m", "user": "a@x", "count": 2})
        );
        assert_eq!(back.location, record.location);
    }
}
