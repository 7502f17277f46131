//! Findings that wait in a temporary file while a long log's groups settle.
//!
//! Settling turns each rule's groups into findings, and until the last rule has
//! settled, the groups not yet drained and the findings already made were held
//! together: at 5M events that was the run's peak. Here each finding is written out (as
//! `finding::codec` encodes it) as it is made, and read back in the same order once
//! every group is gone (`docs/performance.md`, "Eleventh round"). Only a check expecting
//! many findings does this ([`crate::input::Limits::findings_in_memory`]); a small one
//! never touches the disk.
//!
//! A file that cannot be made or written keeps the findings from there on in memory, as
//! before; the order is the same either way. A file that cannot be read back loses
//! findings, which the caller reports as a problem.

use crate::engine::settle::{Part, Settling};
use crate::finding::codec::{encode, put_number};
use crate::finding::{Decoder, Finding, RuleText};
use crate::rules::Rule;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};

/// Encoded findings gathered before each write.
const CHUNK: usize = 1 << 16;

/// Where settled findings wait.
pub struct Spill<'t> {
    table: &'t [RuleText],
    file: Option<File>,
    /// Whether a write to `file` failed: what it holds is read back, nothing more is
    /// written to it.
    broken: bool,
    /// Bytes written to `file` so far, all whole records.
    written: u64,
    /// Records not yet written.
    chunk: Vec<u8>,
    /// Findings the codec does not name by rule (a zero-length record stands for each,
    /// in order), and those made after the file failed.
    held: Vec<Finding>,
    after: Vec<Finding>,
    scratch: Vec<u8>,
    /// Findings kept so far.
    count: usize,
}

impl<'t> Spill<'t> {
    /// Findings of the rules in `table` (by place) waiting in an unnamed temporary file.
    #[must_use]
    pub fn new(table: &'t [RuleText]) -> Self {
        Self {
            table,
            file: tempfile::tempfile().ok(),
            broken: false,
            written: 0,
            chunk: Vec::with_capacity(CHUNK),
            held: Vec::new(),
            after: Vec::new(),
            scratch: Vec::new(),
            count: 0,
        }
    }

    /// Keep `finding`, made by the rule at `rule` in the table.
    pub fn push(&mut self, rule: usize, finding: Finding) {
        self.count += 1;
        if self.file.is_none() || self.broken {
            self.after.push(finding);
            return;
        }
        self.scratch.clear();
        if encode(&finding, rule, self.table, &mut self.scratch).is_some() {
            put_number(&mut self.chunk, self.scratch.len() as u64);
            self.chunk.extend_from_slice(&self.scratch);
        } else {
            put_number(&mut self.chunk, 0);
            self.held.push(finding);
        }
        if self.chunk.len() >= CHUNK {
            self.write_chunk();
        }
    }

    /// Write the gathered records; when that fails, read them back at once and keep
    /// every finding from here on in memory (what the file held before is read back at
    /// the end).
    fn write_chunk(&mut self) {
        let Some(file) = self.file.as_mut().filter(|_| !self.broken) else {
            return;
        };
        if file.write_all(&self.chunk).is_ok() {
            self.written += self.chunk.len() as u64;
            self.chunk.clear();
            return;
        }
        // A failed write may have written part of the chunk: `written` ends before it.
        self.broken = true;
        let chunk = std::mem::take(&mut self.chunk);
        let written = self.held.len() - held_in(&chunk);
        let mut held = self.held.split_off(written).into_iter();
        // The chunk was encoded here a moment ago: it reads back whole.
        let mut decoder = Decoder::new(self.table);
        let mut rest = chunk.as_slice();
        while let Some((record, tail)) = next_record(rest) {
            rest = tail;
            let finding = match record {
                [] => held.next(),
                bytes => decoder.decode(bytes).ok(),
            };
            self.after.extend(finding);
        }
    }

    /// Every finding kept, in the order they came, with room for `also` more, and why
    /// some are missing when the file could not be read back to its end (those read
    /// before that are kept).
    #[must_use]
    pub fn finish(mut self, also: usize) -> (Vec<Finding>, Option<String>) {
        self.write_chunk();
        let mut findings = Vec::with_capacity(self.count + also);
        let mut problem = None;
        if let Some(mut file) = self.file.take() {
            let mut held = std::mem::take(&mut self.held).into_iter();
            let read = file.seek(SeekFrom::Start(0)).map_err(|e| e.to_string());
            let read = read.and_then(|_| {
                let reader = BufReader::with_capacity(CHUNK, file.take(self.written));
                read_back(reader, self.table, &mut held, &mut findings)
            });
            problem = read.err().map(|why| {
                let lost = self.count - self.after.len() - findings.len();
                format!("{lost} findings could not be read back from their temporary file: {why}")
            });
        }
        findings.append(&mut self.after);
        (findings, problem)
    }
}

/// Settle `parts` into their findings, through a temporary file when there can be
/// `spill_from` or more; with why some are missing, if any are. The list has room for
/// the findings the parts hold already.
pub fn settle(
    settling: Settling<'_>,
    parts: Vec<Part<'_>>,
    rules: &[Rule],
    spill_from: usize,
) -> (Vec<Finding>, Option<String>) {
    if settling.most_findings(&parts) < spill_from {
        return (settling.finish(parts), None);
    }
    let also = parts.iter().map(|p| p.findings).sum();
    let table: Vec<RuleText> = rules.iter().map(rule_text).collect();
    let mut spill = Spill::new(&table);
    settling.finish_into(parts, &mut |rule, finding| spill.push(rule, finding));
    spill.finish(also)
}

/// What the findings of `rule` share.
#[must_use]
pub fn rule_text(rule: &Rule) -> RuleText {
    RuleText {
        id: rule.id.clone(),
        title: rule.title.clone(),
        category: rule.category.clone(),
        wording: std::sync::Arc::clone(rule.wording.handle()),
    }
}

/// How many zero-length records (findings held in memory) `chunk` holds.
fn held_in(mut chunk: &[u8]) -> usize {
    let mut count = 0;
    while let Some((record, rest)) = next_record(chunk) {
        count += usize::from(record.is_empty());
        chunk = rest;
    }
    count
}

/// The first record of `bytes` (after its length) and the bytes after it.
fn next_record(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, used) = length(bytes)?;
    bytes.get(used..)?.split_at_checked(len)
}

/// A record's length (an LEB128 varint) at the start of `bytes`, and its size.
fn length(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut n = 0usize;
    for (i, byte) in bytes.iter().enumerate().take(10) {
        n |= usize::from(byte & 0x7f).checked_shl(7 * u32::try_from(i).ok()?)?;
        if byte & 0x80 == 0 {
            return Some((n, i + 1));
        }
    }
    None
}

fn read_back(
    mut reader: impl BufRead,
    table: &[RuleText],
    held: &mut impl Iterator<Item = Finding>,
    findings: &mut Vec<Finding>,
) -> Result<(), String> {
    let mut decoder = Decoder::new(table);
    let mut record = Vec::new();
    let mut head = Vec::with_capacity(10);
    loop {
        head.clear();
        while head.last().is_none_or(|b| b & 0x80 != 0) {
            let mut byte = [0u8];
            match reader.read(&mut byte).map_err(|e| e.to_string())? {
                0 if head.is_empty() => return Ok(()),
                0 => return Err("the file ends inside a record".to_owned()),
                _ => head.extend_from_slice(&byte),
            }
            if head.len() > 10 {
                return Err("a record's length is too long".to_owned());
            }
        }
        let (len, _) = length(&head).ok_or("a record's length is unreadable")?;
        if len == 0 {
            findings.extend(held.next());
            continue;
        }
        record.resize(len, 0);
        reader.read_exact(&mut record).map_err(|e| e.to_string())?;
        findings.push(decoder.decode(&record).map_err(|e| e.to_string())?);
    }
}

#[cfg(test)]
#[path = "spill_tests.rs"]
mod tests;
