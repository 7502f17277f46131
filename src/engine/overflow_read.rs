//! The runs of one rule read back side by side, key by key (see [`super::overflow`]):
//! each key once, its groups from every run absorbed into one, with their texts shared
//! again. Each run is read through a small buffer of its own, so reading back holds a
//! group and a few KiB per run, whatever the runs hold.

use super::group::Group;
use super::overflow::{Overflow, OverflowError, Run, RECORD_HEAD};
use super::sample::Names;
use super::wire::{Input, WireError};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
    /// Where the next record starts in `buf`.
    start: usize,
    /// Groups read so far.
    read: usize,
    chunk: usize,
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
    /// The next group of the run, `None` at its end.
    fn next(
        &mut self,
        store: &dyn Overflow,
        names: &mut Names,
    ) -> Result<Option<(u128, Group)>, Stop> {
        if self.read >= self.run.groups {
            return Ok(None);
        }
        self.fill(store, RECORD_HEAD)?;
        let mut input = Input(self.buf.get(self.start..).unwrap_or_default());
        let key = u128::from_le_bytes(input.array()?);
        let len = u32::from_le_bytes(input.array()?);
        let len = usize::try_from(len).map_err(|_| WireError::Truncated)?;
        self.fill(store, RECORD_HEAD.saturating_add(len))?;
        let from = self.start + RECORD_HEAD;
        let record = self.buf.get(from..from.saturating_add(len));
        let mut input = Input(record.ok_or(WireError::Truncated)?);
        let group = Group::decode(&mut input, names)?;
        input.done()?;
        self.start = from + len;
        self.read += 1;
        Ok(Some((key, group)))
    }

    /// Read on until `need` bytes past `start` are in the buffer, or the run ends.
    fn fill(&mut self, store: &dyn Overflow, need: usize) -> Result<(), Stop> {
        while self.buf.len() - self.start < need && self.offset < self.run.bytes {
            self.buf.drain(..self.start);
            self.start = 0;
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
}

/// The runs of one rule merged by key.
pub(super) struct Merged<'a> {
    store: Option<&'a dyn Overflow>,
    readers: Vec<Reader>,
    heads: Vec<Option<Group>>,
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
            heads: Vec::new(),
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
                start: 0,
                read: 0,
                chunk: chunk.min(usize::try_from(run.bytes).unwrap_or(usize::MAX)),
            });
            merged.heads.push(None);
            merged.advance(at);
        }
        merged
    }

    /// Read the next group of the run at `at` into its head; a run that stops early is
    /// noted with the groups it still held, and read no further.
    fn advance(&mut self, at: usize) {
        let (Some(store), Some(reader)) = (self.store, self.readers.get_mut(at)) else {
            return;
        };
        match reader.next(store, self.names) {
            Ok(Some((key, group))) => {
                if let Some(head) = self.heads.get_mut(at) {
                    *head = Some(group);
                    self.order.push(Reverse((key, at)));
                }
            }
            Ok(None) => reader.buf = Vec::new(),
            Err(stop) => {
                let lost = reader.run.groups - reader.read;
                reader.read = reader.run.groups;
                reader.buf = Vec::new();
                self.troubles.push(OverflowError::Lost {
                    rule: self.rule.clone(),
                    lost,
                    reason: stop.to_string(),
                });
            }
        }
    }

    /// The head of the run at `at`, reading on from there.
    fn take(&mut self, at: usize) -> Option<Group> {
        let group = self.heads.get_mut(at).and_then(Option::take);
        self.advance(at);
        group
    }
}

impl Iterator for Merged<'_> {
    type Item = (u128, Group);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Reverse((key, at)) = self.order.pop()?;
            let Some(mut group) = self.take(at) else {
                continue;
            };
            while let Some(&Reverse((next, other))) = self.order.peek() {
                if next != key {
                    break;
                }
                self.order.pop();
                if let Some(same) = self.take(other) {
                    group.absorb(same);
                }
            }
            return Some((key, group));
        }
    }
}
