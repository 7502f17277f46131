//! Groups kept once for every worker. Each worker counts into groups of its own, which
//! is fast and right for a rule with few keys (one group per provider sees every
//! event). But a rule that groups by user gets a group for every user in every worker,
//! so a long log held each of those groups once per core. When a worker's groups of a
//! rule pass [`LOCAL_MOST`], the rule's new keys go to one map all workers share; a key
//! a worker already has stays with it. Groups merge in any order, so where a key was
//! counted never changes a finding. No I/O.

use super::group::Group;
use super::sample::{Names, Sample};
use crate::model::Doc;
use crate::rules::condition::Aggregate;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

/// Groups by key hash (see `aggregate::key_hash`). Boxed: a table of 20,000 inline
/// groups is a quarter empty at best and grows by doubling, and a drained group's memory
/// comes back only with the whole table; a box is freed as soon as its finding is made.
pub(super) type Groups = std::collections::HashMap<u128, Box<Group>, foldhash::fast::RandomState>;

/// How many groups of one rule a worker keeps to itself before the rule's new keys go
/// to the shared map: enough that a rule with few keys never shares (and never waits on
/// a lock), few enough that the copies kept per worker stay small.
pub(super) const LOCAL_MOST: usize = 1024;

/// One rule's shared groups, and whether any worker has begun to use them.
#[derive(Debug, Default)]
struct Slot {
    on: AtomicBool,
    groups: Mutex<Groups>,
}

/// The shared groups of every rule (by position in the rule list).
#[derive(Debug, Default)]
pub struct SharedGroups {
    slots: Vec<Slot>,
}

impl SharedGroups {
    /// Room for `rules` rules, all still counted per worker.
    #[must_use]
    pub fn new(rules: usize) -> Self {
        Self {
            slots: (0..rules).map(|_| Slot::default()).collect(),
        }
    }

    /// Whether a new key of the rule at `index` goes here, for a worker holding `local`
    /// groups of it. The first worker past [`LOCAL_MOST`] turns sharing on for all.
    pub(super) fn takes_new(&self, index: usize, local: usize) -> bool {
        let Some(slot) = self.slots.get(index) else {
            return false;
        };
        if slot.on.load(Ordering::Relaxed) {
            return true;
        }
        if local >= LOCAL_MOST {
            slot.on.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Count `record` in its shared group of the rule at `index`; `keep` and `names` as
    /// for [`Sample::of`].
    pub(super) fn add<R: Doc>(
        &self,
        (index, key): (usize, u128),
        agg: &Aggregate,
        record: &R,
        (keep, names): (&[String], &mut Names),
        time: Option<DateTime<Utc>>,
    ) {
        let Some(slot) = self.slots.get(index) else {
            return;
        };
        let mut groups = slot.groups.lock().unwrap_or_else(PoisonError::into_inner);
        let group = groups
            .entry(key)
            .or_insert_with(|| Box::new(Group::new(Sample::of(record, keep, names))));
        group.add(agg, record, (keep, names), time);
    }

    /// How many shared groups the rule at `index` has.
    #[cfg(test)]
    pub(super) fn len(&self, index: usize) -> usize {
        self.slots.get(index).map_or(0, |slot| {
            slot.groups
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .len()
        })
    }

    /// Take out the shared groups of the rule at `index`.
    pub(super) fn take(&self, index: usize) -> Groups {
        self.slots.get(index).map_or_else(Groups::default, |slot| {
            std::mem::take(&mut *slot.groups.lock().unwrap_or_else(PoisonError::into_inner))
        })
    }
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
