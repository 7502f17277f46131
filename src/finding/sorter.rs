//! Findings put into report order without holding them all: a sort in runs. Findings
//! come in any order; each `limit` of them are sorted and written to a [`Tape`] as one
//! run, and reading merges the runs. Fewer than `limit` never touch the disk.
//!
//! Findings of the same sort key keep the order they came in (runs are sorted stably
//! and the merge takes the earlier run first), so a report is the same whatever the
//! limit. A finding the codec cannot name by rule waits in memory, as does a run when
//! no file can be made. A run that cannot be read back to its end is reported by
//! [`Merge::problem`] with the number of findings lost.

use super::codec::Decoder;
use super::store::RuleTable;
use super::tape::{Reader, Tape};
use super::Finding;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Takes findings in any order.
#[derive(Debug)]
pub struct Sorter {
    table: RuleTable,
    limit: usize,
    run: Vec<Finding>,
    sorted: Sorted,
    scratch: Vec<u8>,
}

/// The runs of a [`Sorter`], ready to be merged.
#[derive(Debug, Default)]
pub struct Sorted {
    table: RuleTable,
    tape: Option<Tape>,
    /// Each written run: where it starts and ends, and how many findings it holds.
    runs: Vec<(u64, u64, usize)>,
    /// Runs kept in memory, each sorted: the last one, findings the codec cannot name,
    /// and every run when no file could be made.
    memory: Vec<Vec<Finding>>,
}

impl Sorter {
    /// Findings of the rules in `table`, sorted in runs of `limit` (at least one).
    #[must_use]
    pub fn new(table: RuleTable, limit: usize) -> Self {
        Self {
            sorted: Sorted {
                table: table.clone(),
                ..Sorted::default()
            },
            table,
            limit: limit.max(1),
            run: Vec::new(),
            scratch: Vec::new(),
        }
    }

    pub fn push(&mut self, finding: Finding) {
        self.run.push(finding);
        if self.run.len() >= self.limit {
            self.write_run();
        }
    }

    /// Sort the run held and write it out (or keep it, when no file can be made).
    fn write_run(&mut self) {
        let mut run = std::mem::take(&mut self.run);
        sort(&mut run);
        if self.sorted.tape.is_none() {
            self.sorted.tape = Tape::new().ok();
        }
        let Some(tape) = &mut self.sorted.tape else {
            self.sorted.memory.push(run);
            return;
        };
        let (start, mut count, mut unnamed) = (tape.end(), 0, Vec::new());
        for finding in run {
            self.scratch.clear();
            if self.table.encode(&finding, &mut self.scratch).is_some() {
                tape.append(&self.scratch);
                count += 1;
            } else {
                unnamed.push(finding);
            }
        }
        self.sorted.runs.push((start, tape.end(), count));
        if !unnamed.is_empty() {
            self.sorted.memory.push(unnamed);
        }
    }

    /// The runs, the findings still held sorted as the last.
    #[must_use]
    pub fn finish(mut self) -> Sorted {
        sort(&mut self.run);
        if let Some(tape) = &mut self.sorted.tape {
            tape.flush();
        }
        if !self.run.is_empty() {
            self.sorted.memory.push(self.run);
        }
        self.sorted
    }
}

/// Sort into report order, keeping the order of findings with the same key.
fn sort(run: &mut [Finding]) {
    run.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

impl Sorted {
    /// Every finding, in report order. Runs in memory are taken by the merge.
    #[must_use]
    pub fn merge(&mut self) -> Merge<'_> {
        let mut sources: Vec<Source<'_>> = Vec::new();
        if let Some(tape) = &self.tape {
            for &(start, end, count) in &self.runs {
                sources.push(Source::Tape {
                    reader: tape.reader(start, end),
                    decoder: Decoder::streaming(&self.table.texts),
                    left: count,
                });
            }
        }
        for run in std::mem::take(&mut self.memory) {
            sources.push(Source::Memory(run.into_iter()));
        }
        let mut merge = Merge {
            sources,
            heads: BinaryHeap::new(),
            lost: 0,
            why: None,
        };
        for source in 0..merge.sources.len() {
            merge.refill(source);
        }
        merge
    }
}

/// The merged runs of [`Sorted::merge`].
pub struct Merge<'a> {
    sources: Vec<Source<'a>>,
    heads: BinaryHeap<Head>,
    lost: usize,
    why: Option<String>,
}

enum Source<'a> {
    Tape {
        reader: Reader<'a>,
        decoder: Decoder<'a>,
        /// Findings of the run not yet read.
        left: usize,
    },
    Memory(std::vec::IntoIter<Finding>),
}

/// The next finding of one source. Ordered so that the heap's greatest is the first
/// in report order, the earlier source first among equal keys.
struct Head {
    finding: Finding,
    source: usize,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        let mine = (self.finding.sort_key(), self.source);
        other
            .finding
            .sort_key()
            .cmp(&mine.0)
            .then(other.source.cmp(&mine.1))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl Merge<'_> {
    /// Why some findings are missing (how many, and the first reason), if any are.
    #[must_use]
    pub fn problem(&self) -> Option<String> {
        let why = self.why.as_ref()?;
        Some(format!(
            "{} findings could not be read back from their temporary file: {why}",
            self.lost
        ))
    }

    /// Put the next finding of `source` among the heads.
    fn refill(&mut self, source: usize) {
        let Some(next) = self.sources.get_mut(source) else {
            return;
        };
        let finding = match next {
            Source::Memory(run) => run.next(),
            Source::Tape {
                reader,
                decoder,
                left,
            } => {
                let read = match reader.next_record() {
                    Ok(Some(bytes)) => decoder.decode(bytes).map_err(|e| e.to_string()),
                    Ok(None) if *left == 0 => return,
                    Ok(None) => Err("the run ends early".to_owned()),
                    Err(e) => Err(e.to_string()),
                };
                match read {
                    Ok(f) => {
                        *left = left.saturating_sub(1);
                        Some(f)
                    }
                    Err(why) => {
                        self.lost += *left;
                        *left = 0;
                        self.why.get_or_insert(why);
                        *next = Source::Memory(Vec::new().into_iter());
                        None
                    }
                }
            }
        };
        if let Some(finding) = finding {
            self.heads.push(Head { finding, source });
        }
    }
}

impl Iterator for Merge<'_> {
    type Item = Finding;

    fn next(&mut self) -> Option<Finding> {
        let Head { finding, source } = self.heads.pop()?;
        self.refill(source);
        Some(finding)
    }
}

#[cfg(test)]
impl Sorted {
    /// Make the first run written end `bytes` early, as a file cut short would.
    pub(super) fn cut_first_run(&mut self, bytes: u64) {
        if let Some(run) = self.runs.first_mut() {
            run.1 -= bytes;
        }
    }
}
