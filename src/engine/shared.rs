//! Groups kept once for every worker. Each worker counts into groups of its own, which
//! is fast and right for a rule with few keys (one group per provider sees every
//! event). But a rule that groups by user gets a group for every user in every worker,
//! so a long log held each of those groups once per core. When a worker's groups of a
//! rule pass [`LOCAL_MOST`], the rule's new keys go to one map all workers share; a key
//! a worker already has stays with it. Groups merge in any order, so where a key was
//! counted never changes a finding. Past a bound on the bytes of groups held, groups
//! are written out (see [`super::overflow`]). No I/O.

use super::group::Group;
use super::overflow::{lock, signed, weigh, Overflow, OverflowError, Run, Spill};
use super::sample::Names;
use crate::model::Doc;
use crate::rules::condition::Aggregate;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Groups by key hash (see `aggregate::key_hash`). Boxed: a table of 20,000 inline
/// groups is a quarter empty at best and grows by doubling, and a drained group's memory
/// comes back only with the whole table; a box is freed as soon as its finding is made.
pub(super) type Groups = std::collections::HashMap<u128, Box<Group>, foldhash::fast::RandomState>;

/// How many groups of one rule a worker keeps to itself before the rule's new keys go
/// to the shared map: enough that a rule with few keys never shares (and never waits on
/// a lock), few enough that the copies kept per worker stay small.
pub(super) const LOCAL_MOST: usize = 1024;

/// One rule's shared groups and their weight, whether any worker has begun to use them,
/// and the weight again, to be read without the lock.
#[derive(Debug, Default)]
struct Slot {
    on: AtomicBool,
    groups: Mutex<(Groups, usize)>,
    weight: AtomicUsize,
}

/// The shared groups of every rule (by position in the rule list), and the groups
/// written out past the bound, when there is one.
#[derive(Debug, Default)]
pub struct SharedGroups {
    slots: Vec<Slot>,
    spill: Option<Spill>,
}

impl SharedGroups {
    /// Room for `rules` rules, all still counted per worker, every group in memory.
    #[must_use]
    pub fn new(rules: usize) -> Self {
        Self {
            slots: (0..rules).map(|_| Slot::default()).collect(),
            spill: None,
        }
    }

    /// As [`SharedGroups::new`] for the rules named `ids`, writing groups to `store`
    /// while those held in memory (shared or not) weigh more than `budget` bytes.
    #[must_use]
    pub fn overflowing(ids: Vec<String>, store: Arc<dyn Overflow>, budget: usize) -> Self {
        Self {
            slots: ids.iter().map(|_| Slot::default()).collect(),
            spill: Some(Spill::new(store, budget, ids)),
        }
    }

    pub(super) fn spill(&self) -> Option<&Spill> {
        self.spill.as_ref()
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
    /// for `Sample::of`.
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
        let mut held = lock(&slot.groups);
        let (groups, weight) = &mut *held;
        let grown = super::aggregate::add(groups, (key, agg), record, (keep, names), time);
        *weight = weight.saturating_add_signed(grown);
        slot.weight.store(*weight, Ordering::Relaxed);
        drop(held);
        if let Some(spill) = &self.spill {
            spill.tell(grown);
        }
    }

    /// The rule whose shared groups weigh the most, with their weight.
    pub(super) fn heaviest(&self) -> Option<(usize, usize)> {
        let weights = self.slots.iter().map(|s| s.weight.load(Ordering::Relaxed));
        weights.enumerate().max_by_key(|&(_, weight)| weight)
    }

    /// Write the shared groups of the rule at `index` out, when they still weigh enough
    /// to be worth a run; if they cannot be written, they come back (texts shared
    /// through `names`).
    pub(super) fn write_out(&self, index: usize, names: &mut Names) {
        let (Some(spill), Some(slot)) = (&self.spill, self.slots.get(index)) else {
            return;
        };
        let mut held = lock(&slot.groups);
        if held.1 < spill.least_run() {
            return; // another worker wrote them a moment ago
        }
        let (groups, weight) = std::mem::take(&mut *held);
        slot.weight.store(0, Ordering::Relaxed);
        // Written after the lock is let go: the other workers count on.
        drop(held);
        spill.tell(-signed(weight));
        if let Err(back) = spill.write(index, groups, names) {
            let weight = weigh(&back);
            let mut held = lock(&slot.groups);
            let (groups, total) = &mut *held;
            for (key, group) in back {
                match groups.get_mut(&key) {
                    Some(mine) => mine.absorb(*group),
                    None => {
                        groups.insert(key, group);
                    }
                }
            }
            *total += weight;
            slot.weight.store(*total, Ordering::Relaxed);
            spill.tell(signed(weight));
        }
    }

    /// How many groups of the rule at `index` are shared, in memory and written out (a
    /// key written out twice counts twice).
    #[cfg(test)]
    pub(super) fn len(&self, index: usize) -> usize {
        let written = self.spill.as_ref().map_or(0, |s| s.groups_written(index));
        self.slots
            .get(index)
            .map_or(0, |slot| lock(&slot.groups).0.len())
            + written
    }

    /// Take out the shared groups of the rule at `index` held in memory.
    pub(super) fn take(&self, index: usize) -> Groups {
        self.slots.get(index).map_or_else(Groups::default, |slot| {
            slot.weight.store(0, Ordering::Relaxed);
            std::mem::take(&mut lock(&slot.groups).0)
        })
    }

    /// Take out the runs of the rule at `index` written out, with the rule's id and where
    /// they are kept (none without a bound).
    pub(super) fn take_runs(&self, index: usize) -> Option<(&dyn Overflow, String, Vec<Run>)> {
        let spill = self.spill.as_ref()?;
        let runs = spill.take_runs(index);
        (!runs.is_empty()).then(|| (spill.store(), spill.rule(index), runs))
    }

    /// Note what went wrong reading back groups.
    pub(super) fn note(&self, troubles: Vec<OverflowError>) {
        if let Some(spill) = &self.spill {
            troubles.into_iter().for_each(|t| spill.trouble(t));
        }
    }

    /// Everything that went wrong keeping groups outside memory so far, taken out.
    #[must_use]
    pub fn troubles(&self) -> Vec<OverflowError> {
        self.spill.as_ref().map(Spill::troubles).unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
