//! The runs of one rule read back side by side, key by key (see [`super::overflow`]):
//! each key once, its groups from every run absorbed into one, with their texts shared
//! again. Each run is read through a small buffer of its own, so reading back holds a
//! group and a few KiB per run, whatever the runs hold.
//!
//! A key written in several runs keeps one example, the earliest: the values of the
//! others are never decoded (a group's record ends with its example's values), which
//! is most of what reading a group back costs.

use super::group::Group;
use super::overflow::{Overflow, OverflowError, Run, RECORD_HEAD};
use super::sample::Names;
use crate::wire::{Input, WireError};
use smallvec::SmallVec;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

/// Bytes read from a run at a time, at most; less when a rule has many runs.
const CHUNK_MOST: usize = 64 * 1024;
/// ... and at least.
const CHUNK_LEAST: usize = 512;
/// What the buffers of one rule's runs take together, about.
const CHUNKS_IN_ALL: usize = 1024 * 1024;

/// One run being read back.
struct Reader {
    run: Run,
    /// Bytes of the run read into `buf` so far.
    offset: u64,
    buf: Vec<u8>,
    /// Where the record after the head starts in `buf`.
    next: usize,
    /// Groups read so far.
    read: usize,
    chunk: usize,
    /// The record read last: its group, with an example whose values are still the
    /// bytes at this place in `buf`.
    head: Option<(Group, Range<usize>)>,
}

/// Why a run stopped early.
enum Stop {
    Io(std::io::Error),
    Wire(WireError),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Io(e) => write!(f, "reading failed: {e}"),
            Stop::Wire(e) => e.fmt(f),
        }
    }
}

impl From<WireError> for Stop {
    fn from(e: WireError) -> Self {
        Stop::Wire(e)
    }
}

impl Reader {
    /// Read the next record of the run into `head` (its example's values left unread),
    /// with its key; `None` at the run's end.
    fn load(&mut self, store: &dyn Overflow, names: &mut Names) -> Result<Option<u128>, Stop> {
        self.head = None;
        if self.read >= self.run.groups {
            return Ok(None);
        }
        self.fill(store, RECORD_HEAD)?;
        let mut input = Input(self.buf.get(self.next..).unwrap_or_default());
        let key = u128::from_le_bytes(input.array()?);
        let len = u32::from_le_bytes(input.array()?);
        let len = usize::try_from(len).map_err(|_| WireError::Truncated)?;
        self.fill(store, RECORD_HEAD.saturating_add(len))?;
        let from = self.next + RECORD_HEAD;
        let to = from.saturating_add(len);
        let record = self.buf.get(from..to).ok_or(WireError::Truncated)?;
        let mut input = Input(record);
        let group = Group::decode_head(&mut input, names)?;
        self.head = Some((group, to - input.0.len()..to));
        self.next = to;
        self.read += 1;
        Ok(Some(key))
    }

    /// Read on until `need` bytes past `next` are in the buffer, or the run ends.
    fn fill(&mut self, store: &dyn Overflow, need: usize) -> Result<(), Stop> {
        while self.buf.len() - self.next < need && self.offset < self.run.bytes {
            self.buf.drain(..self.next);
            self.next = 0;
            let left = usize::try_from(self.run.bytes - self.offset).unwrap_or(usize::MAX);
            let want = self.chunk.max(need - self.buf.len()).min(left);
            let at = self.buf.len();
            self.buf.resize(at + want, 0);
            let got = store.read(self.run.id, self.offset, &mut self.buf[at..]);
            let got = got.map_err(Stop::Io)?;
            self.buf.truncate(at + got);
            self.offset += got as u64;
            if got == 0 {
                break;
            }
        }
        Ok(())
    }

    /// Read the values of `group`'s example from the head's bytes.
    fn values(&self, group: &mut Group, at: Range<usize>, names: &mut Names) -> Result<(), Stop> {
        let bytes = self.buf.get(at).ok_or(WireError::Truncated)?;
        let mut input = Input(bytes);
        group.sample.decode_values(&mut input, names)?;
        Ok(input.done()?)
    }
}

/// The runs of one rule merged by key.
pub(super) struct Merged<'a> {
    store: Option<&'a dyn Overflow>,
    readers: Vec<Reader>,
    order: BinaryHeap<Reverse<(u128, usize)>>,
    names: &'a mut Names,
    rule: String,
    /// What went wrong reading the runs back.
    pub(super) troubles: Vec<OverflowError>,
}

impl<'a> Merged<'a> {
    /// No runs at all.
    pub(super) fn none(names: &'a mut Names) -> Self {
        Self {
            store: None,
            readers: Vec::new(),
            order: BinaryHeap::new(),
            names,
            rule: String::new(),
            troubles: Vec::new(),
        }
    }

    /// The `runs` of the rule `rule` kept in `store`; texts are shared through `names`.
    pub(super) fn open(
        store: &'a dyn Overflow,
        (rule, runs): (String, Vec<Run>),
        names: &'a mut Names,
    ) -> Self {
        let chunk = (CHUNKS_IN_ALL / runs.len().max(1)).clamp(CHUNK_LEAST, CHUNK_MOST);
        let mut merged = Self {
            store: Some(store),
            rule,
            ..Self::none(names)
        };
        for run in runs {
            let at = merged.readers.len();
            merged.readers.push(Reader {
                run,
                offset: 0,
                buf: Vec::new(),
                next: 0,
                read: 0,
                chunk: chunk.min(usize::try_from(run.bytes).unwrap_or(usize::MAX)),
                head: None,
            });
            merged.advance(at);
        }
        merged
    }

    /// Read the next record of the run at `at`; a run that stops early is noted with
    /// the groups it still held (`and` more lost with it), and read no further.
    fn advance(&mut self, at: usize) {
        let (Some(store), Some(reader)) = (self.store, self.readers.get_mut(at)) else {
            return;
        };
        match reader.load(store, self.names) {
            Ok(Some(key)) => self.order.push(Reverse((key, at))),
            Ok(None) => reader.buf = Vec::new(),
            Err(stop) => self.stop(at, &stop, 0),
        }
    }

    /// Read the run at `at` no further: its groups not read yet, and `also` more, are
    /// lost.
    fn stop(&mut self, at: usize, why: &Stop, also: usize) {
        let Some(reader) = self.readers.get_mut(at) else {
            return;
        };
        let lost = reader.run.groups - reader.read + also;
        reader.read = reader.run.groups;
        reader.buf = Vec::new();
        reader.head = None;
        self.troubles.push(OverflowError::Lost {
            rule: self.rule.clone(),
            lost,
            reason: why.to_string(),
        });
    }

    /// The groups at the heads of the runs `at` (one key's), absorbed into one whose
    /// example's values are read from the run it came from.
    fn merge(&mut self, at: &[usize]) -> Result<Option<Group>, (usize, Stop)> {
        let mut merged: Option<(Group, usize, Range<usize>)> = None;
        for &run in at {
            let head = self.readers.get_mut(run).and_then(|r| r.head.take());
            let Some((group, values)) = head else {
                continue;
            };
            match &mut merged {
                None => merged = Some((group, run, values)),
                Some((mine, from, mine_values)) => {
                    if mine.yields_to(&group) {
                        (*from, *mine_values) = (run, values);
                    }
                    mine.absorb(group);
                }
            }
        }
        let Some((mut group, from, values)) = merged else {
            return Ok(None);
        };
        let reader = self.readers.get(from);
        let read = reader.map(|r| r.values(&mut group, values, self.names));
        match read {
            Some(Ok(())) => Ok(Some(group)),
            Some(Err(stop)) => Err((from, stop)),
            None => Err((from, Stop::Wire(WireError::Truncated))),
        }
    }
}

impl Iterator for Merged<'_> {
    type Item = (u128, Group);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Reverse((key, first)) = self.order.pop()?;
            let mut at: SmallVec<[usize; 8]> = SmallVec::new();
            at.push(first);
            while let Some(&Reverse((next, other))) = self.order.peek() {
                if next != key {
                    break;
                }
                self.order.pop();
                at.push(other);
            }
            let merged = self.merge(&at);
            // The example of the key's group could not be read: the group is lost, with
            // the copies of the other runs absorbed into it.
            if let Err((run, stop)) = &merged {
                self.stop(*run, stop, at.len());
            }
            for &run in &at {
                self.advance(run);
            }
            if let Ok(Some(group)) = merged {
                return Some((key, group));
            }
        }
    }
}
