//! Groups kept outside memory. A rule that groups by user holds a group for every user
//! it counts, so a long log of a large tenant gives hundreds of thousands of groups, and
//! memory would grow with the tenant. When a rule's shared groups (see
//! [`super::shared`]) reach a number the caller sets, they are written out as one run, sorted by
//! key, and the map starts empty again. At the end, each rule's runs are read back side
//! by side, key by key, and a key's group becomes its finding as soon as it is whole.
//! Groups merge in any order, so the findings are the ones every group kept in memory
//! would give.
//!
//! The engine does no I/O: it encodes a run as bytes for an [`Overflow`] the caller
//! provides (`check` keeps each run in a temporary file) and decodes what it reads back.

use super::group::Group;
use super::sample::Names;
use super::shared::Groups;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, BufRead};
use std::sync::{Arc, Mutex, PoisonError};

/// Where runs of groups are kept until the end of the data.
pub trait Overflow: Send + Sync + std::fmt::Debug {
    /// Keep `run`; returns the number to read it back by.
    fn keep(&self, run: &[u8]) -> io::Result<usize>;
    /// Read back the run numbered `id`, from its start.
    fn read(&self, id: usize) -> io::Result<Box<dyn BufRead + Send>>;
}

/// A run kept: its number and how many groups it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunId {
    pub id: usize,
    pub groups: usize,
}

/// Something that went wrong keeping groups outside memory, for the run's problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouble {
    /// The id of the rule whose groups it is about.
    pub rule: String,
    /// What happened, and what it cost.
    pub what: String,
    /// Whether groups were lost (so the rule's findings may be incomplete), rather than
    /// only kept in memory after all.
    pub lost: bool,
}

/// Groups sorted by key, as a run is written.
pub(super) fn sorted(groups: Groups) -> Vec<(u128, Box<Group>)> {
    let mut groups: Vec<(u128, Box<Group>)> = groups.into_iter().collect();
    groups.sort_unstable_by_key(|(key, _)| *key);
    groups
}

/// One run as bytes: a JSON line per group, `[key high, key low, group]` (a JSON number
/// holds 64 bits, a key 128), in the order of `groups`.
pub(super) fn encode(groups: &[(u128, Box<Group>)]) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::new();
    for (key, group) in groups {
        let (high, low) = halves(*key);
        serde_json::to_writer(&mut out, &(high, low, &**group))?;
        out.push(b'\n');
    }
    Ok(out)
}

fn halves(key: u128) -> (u64, u64) {
    let low = u64::try_from(key & u128::from(u64::MAX)).unwrap_or_default();
    let high = u64::try_from(key >> 64).unwrap_or_default();
    (high, low)
}

/// A run being read back, one group at a time.
struct Run {
    lines: Box<dyn BufRead + Send>,
    line: String,
    number: usize,
    read: usize,
    of: RunId,
}

impl Run {
    /// The next group, `None` at the end; an error says what was lost.
    fn next(&mut self) -> Result<Option<(u128, Group)>, String> {
        self.line.clear();
        let cut = |run: &Run, why: String| {
            let left = run.of.groups.saturating_sub(run.read);
            format!(
                "line {} of the groups kept on disk (run {}): {why}; its last {left} of {} groups were lost",
                run.number + 1,
                run.of.id,
                run.of.groups
            )
        };
        match self.lines.read_line(&mut self.line) {
            Ok(0) if self.read < self.of.groups => Err(cut(self, "the run ends early".into())),
            Ok(0) => Ok(None),
            Ok(_) => {
                let (high, low, group): (u64, u64, Group) = serde_json::from_str(&self.line)
                    .map_err(|e| cut(self, format!("it could not be read back ({e})")))?;
                self.number += 1;
                self.read += 1;
                Ok(Some(((u128::from(high) << 64) | u128::from(low), group)))
            }
            Err(e) => Err(cut(self, format!("reading failed ({e})"))),
        }
    }
}

/// The runs of one rule merged by key: each key once, its groups from every run
/// absorbed into one, with their texts shared again (through one table for every rule,
/// as the groups of a user in several rules shared their texts before they were written).
pub(super) struct Merged {
    runs: Vec<Run>,
    heads: Vec<Option<Group>>,
    order: BinaryHeap<Reverse<(u128, usize)>>,
    names: Arc<Mutex<Names>>,
    /// What went wrong reading the runs back.
    pub(super) troubles: Vec<String>,
}

impl Merged {
    /// No runs at all.
    pub(super) fn none() -> Self {
        Self {
            runs: Vec::new(),
            heads: Vec::new(),
            order: BinaryHeap::new(),
            names: Arc::default(),
            troubles: Vec::new(),
        }
    }

    /// Open the runs `ids` of `overflow`; texts are shared through `names`.
    pub(super) fn open(overflow: &dyn Overflow, ids: &[RunId], names: Arc<Mutex<Names>>) -> Self {
        let mut merged = Self {
            names,
            ..Self::none()
        };
        for &of in ids {
            match overflow.read(of.id) {
                Ok(lines) => {
                    let at = merged.runs.len();
                    let line = String::new();
                    let (number, read) = (0, 0);
                    merged.runs.push(Run {
                        lines,
                        line,
                        number,
                        read,
                        of,
                    });
                    merged.heads.push(None);
                    merged.advance(at);
                }
                Err(e) => merged.troubles.push(format!(
                    "the {} groups kept on disk (run {}) could not be read back: {e}",
                    of.groups, of.id
                )),
            }
        }
        merged
    }

    /// Read the next group of the run at `at` into its head.
    fn advance(&mut self, at: usize) {
        let Some(run) = self.runs.get_mut(at) else {
            return;
        };
        match run.next() {
            Ok(Some((key, group))) => {
                if let Some(head) = self.heads.get_mut(at) {
                    *head = Some(group);
                    self.order.push(Reverse((key, at)));
                }
            }
            Ok(None) => {}
            Err(trouble) => self.troubles.push(trouble),
        }
    }

    /// The head of the run at `at`, read on from there.
    fn take(&mut self, at: usize) -> Option<Group> {
        let group = self.heads.get_mut(at).and_then(Option::take);
        self.advance(at);
        group
    }
}

impl Iterator for Merged {
    type Item = (u128, Group);

    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((key, at)) = self.order.pop()?;
        let mut group = self.take(at)?;
        while let Some(&Reverse((next, other))) = self.order.peek() {
            if next != key {
                break;
            }
            self.order.pop();
            if let Some(same) = self.take(other) {
                group.absorb(same);
            }
        }
        group.intern(&mut self.names.lock().unwrap_or_else(PoisonError::into_inner));
        Some((key, group))
    }
}

#[cfg(test)]
#[path = "overflow_tests.rs"]
mod tests;
