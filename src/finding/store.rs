//! The findings of a check, in report order: in memory, or past a bound in a temporary
//! file that every format reads as a stream, so that a long log's findings are never
//! all held at once (`docs/performance.md`, "Findings read as a stream").
//!
//! A [`Recorder`] takes findings in the order they are to be reported and keeps the first
//! `limit` in memory; past that it writes every one to a [`Tape`] through the codec. A
//! finding the codec cannot name by rule stays in memory, and a zero-length record keeps
//! its place. A file that cannot be made keeps the findings in memory, as a small check
//! does; one that cannot be written keeps the rest in memory, encoded.
//!
//! A read that fails part way ends the stream there; [`Findings::check`] then says so,
//! and formats end with that error rather than write a report with findings missing.

use super::codec::{encode, Decoder, RuleText};
use super::tape::{Reader, Tape};
use super::{Finding, Severity};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};

/// The table of the rules findings are named by, with each rule's place by id.
#[derive(Debug, Clone, Default)]
pub struct RuleTable {
    pub texts: Arc<[RuleText]>,
    places: Arc<HashMap<String, usize>>,
}

impl RuleTable {
    #[must_use]
    pub fn new(texts: Vec<RuleText>) -> Self {
        let places = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.to_string(), i))
            .collect();
        Self {
            texts: texts.into(),
            places: Arc::new(places),
        }
    }

    /// The place of the rule with this id.
    #[must_use]
    pub fn place(&self, id: &str) -> Option<usize> {
        self.places.get(id).copied()
    }

    /// Append `finding` to `out` as the codec writes it; `None` when it cannot be named
    /// by a rule of the table.
    pub(super) fn encode(&self, finding: &Finding, out: &mut Vec<u8>) -> Option<()> {
        encode(finding, self.place(&finding.rule)?, &self.texts, out)
    }
}

/// Every finding of a check, in report order.
#[derive(Debug, Default)]
pub struct Findings {
    memory: Vec<Finding>,
    stored: Option<Stored>,
    len: usize,
    /// Why a read of the stored findings stopped early, when one did.
    failure: Mutex<Option<String>>,
}

#[derive(Debug)]
struct Stored {
    tape: Tape,
    end: u64,
    table: RuleTable,
    /// Findings the codec does not name by rule, in order.
    held: Vec<Finding>,
}

impl From<Vec<Finding>> for Findings {
    fn from(memory: Vec<Finding>) -> Self {
        Self {
            len: memory.len(),
            memory,
            ..Self::default()
        }
    }
}

impl FromIterator<Finding> for Findings {
    fn from_iter<I: IntoIterator<Item = Finding>>(findings: I) -> Self {
        Self::from(findings.into_iter().collect::<Vec<_>>())
    }
}

impl Clone for Findings {
    /// A copy in memory (the stored findings read into it).
    fn clone(&self) -> Self {
        Self::from(self.all().into_owned())
    }
}

impl PartialEq for Findings {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl Findings {
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the findings wait in a file rather than in memory.
    #[must_use]
    pub fn is_stored(&self) -> bool {
        self.stored.is_some()
    }

    /// Every finding in order, one at a time: borrowed when in memory, read back when
    /// stored. A read that fails ends the stream; [`Findings::check`] says why.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        match &self.stored {
            None => Iter::Memory(self.memory.iter()),
            Some(stored) => Iter::Stored {
                reader: stored.tape.reader(0, stored.end),
                decoder: Decoder::streaming(&stored.table.texts),
                held: stored.held.iter(),
                failure: &self.failure,
            },
        }
    }

    /// The findings from `mark` (which [`Iter::mark`] gave, on these findings) on.
    #[must_use]
    pub fn iter_from(&self, mark: Mark) -> Iter<'_> {
        match &self.stored {
            None => Iter::Memory(self.memory.get(mark.held..).unwrap_or_default().iter()),
            Some(stored) => Iter::Stored {
                reader: stored.tape.reader(mark.at, stored.end),
                decoder: Decoder::streaming(&stored.table.texts),
                held: stored.held.get(mark.held..).unwrap_or_default().iter(),
                failure: &self.failure,
            },
        }
    }

    /// Every finding at once, for a format that goes back and forth (HTML): the list
    /// itself when in memory, else read into memory.
    #[must_use]
    pub fn all(&self) -> Cow<'_, [Finding]> {
        if self.stored.is_none() {
            return Cow::Borrowed(&self.memory);
        }
        Cow::Owned(self.iter().map(Cow::into_owned).collect())
    }

    /// Read the stored findings into memory, for a command that keeps them all at hand
    /// (`notify` mails its errors, `plan` and `trace` look findings up); then
    /// [`Findings::loaded`] lists them.
    ///
    /// # Errors
    /// When the stored findings could not all be read back (those read are kept).
    pub fn load(&mut self) -> io::Result<()> {
        if self.stored.is_some() {
            let all: Vec<Finding> = self.iter().map(Cow::into_owned).collect();
            self.stored = None;
            self.len = all.len();
            self.memory = all;
        }
        self.check()
    }

    /// The findings in memory: every one of them unless they are stored and not
    /// [`Findings::load`]ed, when none.
    #[must_use]
    pub fn loaded(&self) -> &[Finding] {
        debug_assert!(self.stored.is_none(), "stored findings read as loaded");
        &self.memory
    }

    /// An error when a read of the stored findings stopped before their end: a report
    /// written from them would miss some.
    ///
    /// # Errors
    /// The reason the read stopped.
    pub fn check(&self) -> io::Result<()> {
        match self.failure.lock().ok().and_then(|f| f.clone()) {
            Some(why) => Err(io::Error::other(format!(
                "the findings could not be read back from their temporary file: {why}"
            ))),
            None => Ok(()),
        }
    }

    /// The most severe finding's severity.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        self.iter().map(|f| f.severity).max()
    }

    /// The findings `keep` keeps, in order, kept the way these are (in memory or
    /// stored).
    #[must_use]
    pub fn retain(mut self, mut keep: impl FnMut(&Finding) -> bool) -> Self {
        let Some(stored) = &self.stored else {
            self.memory.retain(|f| keep(f));
            self.len = self.memory.len();
            return self;
        };
        let mut out = Recorder::new(stored.table.clone(), 0);
        for f in self.iter().filter(|f| keep(f)) {
            out.push(f.into_owned());
        }
        out.finish().with_failure_of(&self)
    }

    /// The findings with `change` made to each, in order.
    #[must_use]
    pub fn map(mut self, mut change: impl FnMut(&mut Finding)) -> Self {
        let Some(stored) = &self.stored else {
            self.memory.iter_mut().for_each(change);
            return self;
        };
        let mut out = Recorder::new(stored.table.clone(), 0);
        for f in self.iter() {
            let mut f = f.into_owned();
            change(&mut f);
            out.push(f);
        }
        out.finish().with_failure_of(&self)
    }

    /// These findings, carrying the failure `other` met reading (the findings it could
    /// not read are not among these).
    fn with_failure_of(self, other: &Self) -> Self {
        if let (Err(why), Ok(mut mine)) = (other.check(), self.failure.lock()) {
            *mine = Some(why.to_string());
        }
        self
    }
}

/// A place in the findings to read on from ([`Findings::iter_from`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// Where the next record starts in the file.
    at: u64,
    /// How many findings held in memory come before it (all findings, when none are
    /// stored).
    held: usize,
}

/// The findings of [`Findings::iter`].
pub enum Iter<'a> {
    Memory(std::slice::Iter<'a, Finding>),
    Stored {
        reader: Reader<'a>,
        decoder: Decoder<'a>,
        held: std::slice::Iter<'a, Finding>,
        failure: &'a Mutex<Option<String>>,
    },
}

impl Iter<'_> {
    /// The place of the next finding.
    #[must_use]
    pub fn mark(&self, all: &Findings) -> Mark {
        match self {
            Iter::Memory(rest) => Mark {
                at: 0,
                held: all.memory.len() - rest.len(),
            },
            Iter::Stored { reader, held, .. } => Mark {
                at: reader.position(),
                held: all.stored.as_ref().map_or(0, |s| s.held.len()) - held.len(),
            },
        }
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = Cow<'a, Finding>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Memory(findings) => findings.next().map(Cow::Borrowed),
            Iter::Stored {
                reader,
                decoder,
                held,
                failure,
            } => {
                let read = match reader.next_record() {
                    Ok(None) => return None,
                    Ok(Some([])) => return held.next().map(Cow::Borrowed),
                    Ok(Some(bytes)) => decoder.decode(bytes).map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                match read {
                    Ok(finding) => Some(Cow::Owned(finding)),
                    Err(why) => {
                        if let Ok(mut failure) = failure.lock() {
                            failure.get_or_insert(why);
                        }
                        None
                    }
                }
            }
        }
    }
}

/// Takes findings in report order and keeps them as [`Findings`].
#[derive(Debug)]
pub struct Recorder {
    table: RuleTable,
    limit: usize,
    memory: Vec<Finding>,
    /// The file, once more than `limit` findings came (and it could be made).
    tape: Option<Tape>,
    held: Vec<Finding>,
    scratch: Vec<u8>,
    len: usize,
}

impl Recorder {
    /// Findings of the rules in `table`, the first `limit` kept in memory.
    #[must_use]
    pub fn new(table: RuleTable, limit: usize) -> Self {
        Self {
            table,
            limit,
            memory: Vec::new(),
            tape: None,
            held: Vec::new(),
            scratch: Vec::new(),
            len: 0,
        }
    }

    /// Keep `finding`, after those kept so far.
    pub fn push(&mut self, finding: Finding) {
        self.len += 1;
        if self.tape.is_none() && self.memory.len() >= self.limit {
            // No file to be had: everything stays in memory, as in a small check.
            self.tape = Tape::new().ok();
            for f in std::mem::take(&mut self.memory) {
                self.write(f);
            }
        }
        self.write(finding);
    }

    fn write(&mut self, finding: Finding) {
        let Some(tape) = &mut self.tape else {
            self.memory.push(finding);
            return;
        };
        self.scratch.clear();
        if self.table.encode(&finding, &mut self.scratch).is_none() {
            self.scratch.clear();
            self.held.push(finding);
        }
        tape.append(&self.scratch);
    }

    /// The findings kept, in order.
    #[must_use]
    pub fn finish(self) -> Findings {
        let Some(mut tape) = self.tape else {
            return Findings::from(self.memory);
        };
        tape.flush();
        Findings {
            memory: Vec::new(),
            stored: Some(Stored {
                end: tape.end(),
                tape,
                table: self.table,
                held: self.held,
            }),
            len: self.len,
            failure: Mutex::new(None),
        }
    }
}

#[cfg(test)]
impl Findings {
    /// How many stored findings wait in memory, the codec not naming them.
    fn held_count(&self) -> usize {
        self.stored.as_ref().map_or(0, |s| s.held.len())
    }

    /// Make the stored findings end `bytes` early, as a file cut short would.
    pub(crate) fn cut_short(&mut self, bytes: u64) {
        if let Some(stored) = &mut self.stored {
            stored.end -= bytes;
        }
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
