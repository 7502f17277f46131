//! Groups kept outside memory past a bound. A rule that groups by user holds a group for
//! every user it counts until the end of the data, so without a bound the memory of a
//! long log grows with the tenant (81,000 groups, about 25 MiB, at 5M events of the
//! benchmark). Every group in memory is weighed (about what it holds, see
//! `Group::weight`): the shared groups of each rule (see [`super::shared`]) and each
//! worker's own. When they weigh more than the bound together, the heaviest rule's
//! groups of one worker, or its shared groups, are written out as one run, sorted by
//! key, and that map starts empty again. When a rule settles, its runs are read back
//! side by side, key by key (see [`super::overflow_read`]), and a key's group becomes its
//! finding once it has absorbed its namesakes from every run and every part still in
//! memory. Groups merge in any order, so the findings are those every group kept in
//! memory would give.
//!
//! The engine does no I/O: it encodes runs as bytes (`crate::wire`) for an [`Overflow`]
//! the caller provides (`check` keeps them in a temporary file) and decodes what it
//! reads back. A run that cannot be written is read back from its bytes at once and
//! kept in memory, and no more are written (every group stays in memory, as without a
//! bound); a run that cannot be read back to its end loses the groups it still held,
//! which the caller reports.

use super::group::Group;
use super::sample::Names;
use super::shared::Groups;
use crate::wire::Input;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Where runs of groups are kept until their rule settles.
pub trait Overflow: Send + Sync + std::fmt::Debug {
    /// Keep `run`; returns the number to read it back by.
    ///
    /// # Errors
    /// The run could not be kept (nothing of it is read back).
    fn keep(&self, run: &[u8]) -> io::Result<usize>;

    /// Read bytes of the run numbered `run` from `offset` into `buf`; returns how many
    /// (0 at the end of what was kept).
    ///
    /// # Errors
    /// The bytes could not be read.
    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

/// What went wrong keeping groups outside memory, for the run's problems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum OverflowError {
    #[error(
        "rule {rule}: {groups} groups could not be written to a temporary file ({reason}); \
         they and every group after them were kept in memory, so the results are complete"
    )]
    #[diagnostic(
        code(synclint::engine::overflow::not_written),
        help("free some space in the temporary folder (TMPDIR), or point TMPDIR at a writable folder")
    )]
    NotWritten {
        rule: String,
        groups: usize,
        reason: String,
    },
    #[error(
        "rule {rule}: {lost} of its groups could not be read back from their temporary file \
         ({reason}); its findings may be missing or count fewer events"
    )]
    #[diagnostic(
        code(synclint::engine::overflow::lost),
        help(
            "the temporary file was cut short or changed while the check ran; run the check again"
        )
    )]
    Lost {
        rule: String,
        lost: usize,
        reason: String,
    },
}

impl OverflowError {
    /// Whether groups were lost (the rule's findings may be incomplete), rather than only
    /// kept in memory after all.
    #[must_use]
    pub fn lost(&self) -> bool {
        matches!(self, Self::Lost { .. })
    }
}

/// The least weight of groups written as one run, whatever the bound: a few dozen
/// groups of a rule by user. With fewer, a bound of 0 wrote a run for nearly every
/// event, and reading back millions of runs at once took gigabytes (5M events).
const LEAST_RUN: usize = 4096;

/// About how many bytes a group takes written, to make room for a run at once: a
/// group of a rule by user takes about 120.
const RECORD_GUESS: usize = 128;

/// Each record of a run: the group's key (16 bytes, little-endian), the length of what
/// follows (4 bytes, little-endian) and the group as `Group::encode` writes it.
pub(super) const RECORD_HEAD: usize = 16 + 4;

/// A run written: its number in the store, its length and how many groups it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) id: usize,
    pub(super) bytes: u64,
    pub(super) groups: usize,
}

/// The bound, the weight held, and the runs written, for every worker.
#[derive(Debug)]
pub(super) struct Spill {
    store: Arc<dyn Overflow>,
    /// The most bytes of groups held in memory before some are written out.
    budget: usize,
    /// Bytes of the groups held: the shared groups, and what each worker told.
    held: AtomicIsize,
    /// Per rule (by position), its runs.
    runs: Vec<Mutex<Vec<Run>>>,
    /// Per rule, its id, for messages.
    ids: Vec<String>,
    /// Set once a run could not be written: nothing more is.
    broken: AtomicBool,
    /// Runs written so far: a worker forgets the texts no group keeps once it moves.
    written: AtomicUsize,
    troubles: Mutex<Vec<OverflowError>>,
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Spill {
    /// Runs kept in `store` for the rules named `ids`, past `budget` bytes of groups.
    pub(super) fn new(store: Arc<dyn Overflow>, budget: usize, ids: Vec<String>) -> Self {
        Self {
            store,
            budget,
            held: AtomicIsize::new(0),
            runs: ids.iter().map(|_| Mutex::default()).collect(),
            ids,
            broken: AtomicBool::new(false),
            written: AtomicUsize::new(0),
            troubles: Mutex::default(),
        }
    }

    /// Count `bytes` more (or fewer) held in memory.
    pub(super) fn tell(&self, bytes: isize) {
        if bytes != 0 {
            self.held.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    /// Whether the groups held weigh more than the bound, and runs can still be written.
    pub(super) fn over(&self) -> bool {
        let budget = signed(self.budget);
        self.held.load(Ordering::Relaxed) > budget && !self.broken.load(Ordering::Relaxed)
    }

    /// The least weight worth a run of its own: a sixteenth of the bound, so the runs
    /// stay few (a run is at least that much of what was held), while the groups held
    /// pass the bound by at most that much for each map that cannot be written; and
    /// never under [`LEAST_RUN`], or a small group counted on every event (a provider's)
    /// would be written once an event under a bound of 0.
    pub(super) fn least_run(&self) -> usize {
        (self.budget / 16).max(LEAST_RUN)
    }

    /// How far a worker may count before it tells [`Spill::tell`]: often enough that the
    /// bound is seen in time, seldom enough that workers do not meet on one counter.
    pub(super) fn tell_every(&self) -> usize {
        (self.budget / 64).min(64 * 1024)
    }

    /// How many runs have been written so far.
    pub(super) fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// How many groups the runs of the rule at `index` hold (a key written in two runs
    /// counts twice).
    #[cfg(test)]
    pub(super) fn groups_written(&self, index: usize) -> usize {
        self.runs
            .get(index)
            .map_or(0, |runs| lock(runs).iter().map(|r| r.groups).sum())
    }

    /// Take out the runs of the rule at `index`, to read them back.
    pub(super) fn take_runs(&self, index: usize) -> Vec<Run> {
        self.runs
            .get(index)
            .map(|runs| std::mem::take(&mut *lock(runs)))
            .unwrap_or_default()
    }

    pub(super) fn store(&self) -> &dyn Overflow {
        self.store.as_ref()
    }

    /// The id of the rule at `index`.
    pub(super) fn rule(&self, index: usize) -> String {
        self.ids.get(index).cloned().unwrap_or_default()
    }

    /// Note what went wrong.
    pub(super) fn trouble(&self, trouble: OverflowError) {
        lock(&self.troubles).push(trouble);
    }

    /// Everything that went wrong so far, taken out.
    pub(super) fn troubles(&self) -> Vec<OverflowError> {
        std::mem::take(&mut *lock(&self.troubles))
    }

    /// Write `groups` of the rule at `index` out as one run, sorted by key; each group is
    /// freed as soon as it is encoded. When the run cannot be kept, its groups come back
    /// (read back from the bytes just made, their texts shared through `names`), and no
    /// run is written any more.
    pub(super) fn write(
        &self,
        index: usize,
        groups: Groups,
        names: &mut Names,
    ) -> Result<(), Groups> {
        let mut sorted: Vec<(u128, Box<Group>)> = groups.into_iter().collect();
        sorted.sort_unstable_by_key(|(key, _)| *key);
        let count = sorted.len();
        let mut run = Vec::with_capacity(count * RECORD_GUESS);
        for (key, mut group) in sorted {
            run.extend_from_slice(&key.to_le_bytes());
            let at = run.len();
            run.extend_from_slice(&[0; 4]);
            group.encode(&mut run);
            let len = u32::try_from(run.len() - at - 4).unwrap_or(u32::MAX);
            if let Some(head) = run.get_mut(at..at + 4) {
                head.copy_from_slice(&len.to_le_bytes());
            }
        }
        match self.store.keep(&run) {
            Ok(id) => {
                if let Some(runs) = self.runs.get(index) {
                    let bytes = run.len() as u64;
                    lock(runs).push(Run {
                        id,
                        bytes,
                        groups: count,
                    });
                }
                self.written.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(e) => {
                self.broken.store(true, Ordering::Relaxed);
                self.trouble(OverflowError::NotWritten {
                    rule: self.rule(index),
                    groups: count,
                    reason: e.to_string(),
                });
                Err(read_back(&run, names))
            }
        }
    }
}

/// The groups of a run encoded here a moment ago (it reads back whole).
fn read_back(run: &[u8], names: &mut Names) -> Groups {
    let mut groups = Groups::default();
    let mut input = Input(run);
    while !input.0.is_empty() {
        let Ok(key) = input.array::<16>() else { break };
        let Ok(len) = input.array::<4>() else { break };
        let len = usize::try_from(u32::from_le_bytes(len)).unwrap_or(usize::MAX);
        let Some((record, rest)) = input.0.split_at_checked(len) else {
            break;
        };
        input.0 = rest;
        if let Ok(group) = Group::decode(&mut Input(record), names) {
            groups.insert(u128::from_le_bytes(key), Box::new(group));
        }
    }
    groups
}

/// The weight of `groups` (see `Group::weight`).
pub(super) fn weigh(groups: &Groups) -> usize {
    groups.values().map(|g| g.weight()).sum()
}

/// `bytes` as a signed count, for [`Spill::tell`] and weights that shrink.
pub(super) fn signed(bytes: usize) -> isize {
    isize::try_from(bytes).unwrap_or(isize::MAX)
}

#[cfg(test)]
#[path = "overflow_tests.rs"]
mod tests;
