//! Groups kept once for every worker. Each worker counts into groups of its own, which
//! is fast and right for a rule with few keys (one group per provider sees every
//! event). But a rule that groups by user gets a group for every user in every worker,
//! so a long log held each of those groups once per core. When a worker's groups of a
//! rule pass [`LOCAL_MOST`], the rule's new keys go to one map all workers share; a key
//! a worker already has stays with it. Groups merge in any order, so where a key was
//! counted never changes a finding. A rule's shared groups past a set number are kept
//! outside memory (see [`super::overflow`]). No I/O.

use super::group::Group;
use super::overflow::{self, Merged, Overflow, RunId};
use super::sample::{Names, Sample};
use crate::model::Doc;
use crate::rules::condition::Aggregate;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Groups by key hash (see `aggregate::key_hash`). Boxed: a table of 20,000 inline
/// groups is a quarter empty at best and grows by doubling, and a drained group's memory
/// comes back only with the whole table; a box is freed as soon as its finding is made.
pub(super) type Groups = std::collections::HashMap<u128, Box<Group>, foldhash::fast::RandomState>;

/// How many groups of one rule a worker keeps to itself before the rule's new keys go
/// to the shared map: enough that a rule with few keys never shares (and never waits on
/// a lock), few enough that the copies kept per worker stay small.
pub(super) const LOCAL_MOST: usize = 1024;

/// One rule's shared groups, whether any worker has begun to use them, and the runs of
/// them written out.
#[derive(Debug, Default)]
struct Slot {
    on: AtomicBool,
    groups: Mutex<Groups>,
    runs: Mutex<Vec<RunId>>,
    /// Set when a run could not be written: the rule's groups then stay in memory.
    stuck: AtomicBool,
}

/// What went wrong keeping a rule's groups outside memory: the rule's position, what
/// happened, and whether groups were lost.
pub(super) type Note = (usize, String, bool);

/// The shared groups of every rule (by position in the rule list).
#[derive(Debug, Default)]
pub struct SharedGroups {
    slots: Vec<Slot>,
    /// Where groups past `spill_at` go; none: they all stay in memory.
    overflow: Option<Arc<dyn Overflow>>,
    spill_at: usize,
    notes: Mutex<Vec<Note>>,
    /// One copy of each text of the groups read back, for every rule.
    names: Arc<Mutex<Names>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl SharedGroups {
    /// Room for `rules` rules, all still counted per worker, every group in memory.
    #[must_use]
    pub fn new(rules: usize) -> Self {
        Self {
            slots: (0..rules).map(|_| Slot::default()).collect(),
            overflow: None,
            spill_at: usize::MAX,
            notes: Mutex::new(Vec::new()),
            names: Arc::default(),
        }
    }

    /// As [`SharedGroups::new`], keeping a rule's groups in `overflow` each time it has
    /// `spill_at` of them in memory.
    #[must_use]
    pub fn overflowing(rules: usize, overflow: Arc<dyn Overflow>, spill_at: usize) -> Self {
        Self {
            overflow: Some(overflow),
            spill_at: spill_at.max(1),
            ..Self::new(rules)
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
        let mut groups = lock(&slot.groups);
        let group = groups
            .entry(key)
            .or_insert_with(|| Box::new(Group::new(Sample::of(record, keep, names))));
        group.add(agg, record, (keep, names), time);
        if groups.len() >= self.spill_at && !slot.stuck.load(Ordering::Relaxed) {
            if let Some(overflow) = &self.overflow {
                // Written out after the lock is let go: the other workers count on.
                let full = std::mem::take(&mut *groups);
                drop(groups);
                self.spill(index, overflow.as_ref(), full);
            }
        }
    }

    /// Write `groups` of the rule at `index` out as one run. When that fails they go
    /// back, and the rule's groups stay in memory from then on.
    fn spill(&self, index: usize, overflow: &dyn Overflow, groups: Groups) {
        let Some(slot) = self.slots.get(index) else {
            return;
        };
        let sorted = overflow::sorted(groups);
        let kept = overflow::encode(&sorted)
            .map_err(|e| e.to_string())
            .and_then(|run| overflow.keep(&run).map_err(|e| e.to_string()));
        match kept {
            Ok(id) => lock(&slot.runs).push(RunId {
                id,
                groups: sorted.len(),
            }),
            Err(e) => {
                slot.stuck.store(true, Ordering::Relaxed);
                let what = format!(
                    "{} groups could not be written to disk ({e}), so this rule's groups \
                     are all kept in memory",
                    sorted.len()
                );
                lock(&self.notes).push((index, what, false));
                let mut groups = lock(&slot.groups);
                for (key, group) in sorted {
                    match groups.get_mut(&key) {
                        Some(mine) => mine.absorb(*group),
                        None => {
                            groups.insert(key, group);
                        }
                    }
                }
            }
        }
    }

    /// How many shared groups the rule at `index` has, in memory and written out (a
    /// key written out twice counts twice).
    pub(super) fn len(&self, index: usize) -> usize {
        self.slots.get(index).map_or(0, |slot| {
            lock(&slot.groups).len() + lock(&slot.runs).iter().map(|r| r.groups).sum::<usize>()
        })
    }

    /// Take out the shared groups of the rule at `index`: those in memory, and those
    /// written out, to be read back key by key.
    pub(super) fn take(&self, index: usize) -> (Groups, Merged) {
        let Some(slot) = self.slots.get(index) else {
            return (Groups::default(), Merged::none());
        };
        let runs = std::mem::take(&mut *lock(&slot.runs));
        let merged = match &self.overflow {
            Some(overflow) if !runs.is_empty() => {
                Merged::open(overflow.as_ref(), &runs, Arc::clone(&self.names))
            }
            _ => Merged::none(),
        };
        (std::mem::take(&mut *lock(&slot.groups)), merged)
    }

    /// Note what went wrong reading back the rule at `index`'s groups: groups lost.
    pub(super) fn lost(&self, index: usize, troubles: Vec<String>) {
        lock(&self.notes).extend(troubles.into_iter().map(|what| (index, what, true)));
    }

    /// Everything that went wrong keeping groups outside memory.
    pub(super) fn notes(&self) -> Vec<Note> {
        std::mem::take(&mut *lock(&self.notes))
    }
}

#[cfg(test)]
#[path = "shared_tests.rs"]
mod tests;
