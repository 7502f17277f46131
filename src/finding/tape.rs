//! Records appended to an unnamed temporary file and read back from any place, by any
//! number of readers at once: where findings wait outside memory ([`super::store`],
//! [`super::sorter`]). A record is its length (an LEB128 varint) and its bytes.
//!
//! Readers share the one file handle behind a lock, each seeking to its own place
//! before it fills its buffer, so a report can read its findings on several threads
//! while a sorted merge reads several runs of the same file.

use crate::wire::put_number;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Bytes gathered before each write, and read at a time by a reader.
const BLOCK: usize = 1 << 16;

/// An append-only file of records.
#[derive(Debug)]
pub struct Tape {
    file: Mutex<File>,
    /// Bytes written so far, all whole records.
    len: u64,
    /// Records not yet written (all of them from the first failed write on).
    pending: Vec<u8>,
    broken: bool,
}

impl Tape {
    /// A new, empty tape in the system's temporary folder.
    ///
    /// # Errors
    /// When no temporary file can be made.
    pub fn new() -> io::Result<Self> {
        Ok(Self::over(tempfile::tempfile()?))
    }

    /// A tape writing to `file` from its start.
    fn over(file: File) -> Self {
        Self {
            file: Mutex::new(file),
            len: 0,
            pending: Vec::with_capacity(BLOCK),
            broken: false,
        }
    }

    /// Where the next record starts.
    #[must_use]
    pub fn end(&self) -> u64 {
        self.len + self.pending.len() as u64
    }

    /// Append one record. Never fails: once the file cannot be written, the records
    /// from the one that failed on stay in memory (see [`Tape::is_in_memory`]) and read
    /// back from there.
    pub fn append(&mut self, record: &[u8]) {
        put_number(&mut self.pending, record.len() as u64);
        self.pending.extend_from_slice(record);
        if self.pending.len() >= BLOCK {
            self.flush();
        }
    }

    /// Write what is gathered, unless the file failed before.
    pub fn flush(&mut self) {
        if self.pending.is_empty() || self.broken {
            return;
        }
        let written = self
            .file
            .lock()
            .map_err(|_| poisoned())
            .and_then(|mut file| {
                file.seek(SeekFrom::Start(self.len))?;
                file.write_all(&self.pending)
            });
        if written.is_err() {
            // Whatever part of the block reached the file is past `len`: never read.
            self.broken = true;
            return;
        }
        self.len += self.pending.len() as u64;
        self.pending.clear();
    }

    /// Whether a write failed, so that records from then on are held in memory.
    #[cfg(test)]
    #[must_use]
    pub fn is_in_memory(&self) -> bool {
        self.broken
    }

    /// A reader of the records from `start` to `end` (places [`Tape::end`] gave).
    #[must_use]
    pub fn reader(&self, start: u64, end: u64) -> Reader<'_> {
        Reader {
            tape: self,
            pos: start,
            end: end.min(self.end()),
            buf: Vec::new(),
            at: 0,
            record: Vec::new(),
        }
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a thread stopped while reading the temporary file")
}

/// Reads records one after another.
#[derive(Debug)]
pub struct Reader<'a> {
    tape: &'a Tape,
    /// Where `buf` ends in the file.
    pos: u64,
    end: u64,
    buf: Vec<u8>,
    /// The first byte of `buf` not yet read.
    at: usize,
    record: Vec<u8>,
}

impl Reader<'_> {
    /// Where the next record starts: a place [`Tape::reader`] can start from.
    #[must_use]
    pub fn position(&self) -> u64 {
        self.pos - (self.buf.len() - self.at) as u64
    }

    /// The next record, or `None` at the end.
    ///
    /// # Errors
    /// When the file cannot be read, or ends inside a record.
    pub fn next_record(&mut self) -> io::Result<Option<&[u8]>> {
        let Some(len) = self.length()? else {
            return Ok(None);
        };
        let len = usize::try_from(len).map_err(|_| cut("a record's length is too long"))?;
        self.record.clear();
        while self.record.len() < len {
            if self.at == self.buf.len() && !self.fill()? {
                return Err(cut("the file ends inside a record"));
            }
            let take = (len - self.record.len()).min(self.buf.len() - self.at);
            self.record
                .extend_from_slice(&self.buf[self.at..self.at + take]);
            self.at += take;
        }
        Ok(Some(&self.record))
    }

    /// The length that starts the next record; `None` at the end.
    fn length(&mut self) -> io::Result<Option<u64>> {
        let mut n = 0u64;
        for shift in (0..70).step_by(7) {
            if self.at == self.buf.len() && !self.fill()? {
                return if shift == 0 {
                    Ok(None)
                } else {
                    Err(cut("the file ends inside a record's length"))
                };
            }
            let byte = self.buf[self.at];
            self.at += 1;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(Some(n));
            }
        }
        Err(cut("a record's length is too long"))
    }

    /// Read the next block; `false` at the end. Past what the file holds, the block
    /// comes from the records held in memory.
    fn fill(&mut self) -> io::Result<bool> {
        let tape = self.tape;
        let stop = if self.pos < tape.len {
            self.end.min(tape.len)
        } else {
            self.end
        };
        let want = usize::try_from(stop.saturating_sub(self.pos)).map_or(BLOCK, |n| n.min(BLOCK));
        if want == 0 {
            return Ok(false);
        }
        self.buf.resize(want, 0);
        if self.pos >= tape.len {
            let from =
                usize::try_from(self.pos - tape.len).map_err(|_| cut("a place past the end"))?;
            let held = tape
                .pending
                .get(from..from + want)
                .ok_or_else(|| cut("a place past the end"))?;
            self.buf.copy_from_slice(held);
        } else {
            let mut file = tape.file.lock().map_err(|_| poisoned())?;
            file.seek(SeekFrom::Start(self.pos))?;
            file.read_exact(&mut self.buf)?;
        }
        self.pos += want as u64;
        self.at = 0;
        Ok(true)
    }
}

fn cut(why: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(tape: &Tape, start: u64, end: u64) -> io::Result<Vec<Vec<u8>>> {
        let mut reader = tape.reader(start, end);
        let mut out = Vec::new();
        while let Some(r) = reader.next_record()? {
            out.push(r.to_vec());
        }
        Ok(out)
    }

    #[test]
    fn records_come_back_whole_across_blocks_and_from_any_place() {
        let mut tape = Tape::new().unwrap();
        let mut starts = Vec::new();
        let written: Vec<Vec<u8>> = (0..3000u32)
            .map(|n| vec![u8::try_from(n % 251).unwrap(); (n as usize * 37) % 300])
            .collect();
        for r in &written {
            starts.push(tape.end());
            tape.append(r);
        }
        let end = tape.end();
        tape.flush();
        assert_eq!(records(&tape, 0, end).unwrap(), written);
        assert_eq!(records(&tape, starts[1500], end).unwrap(), written[1500..]);
        // Two readers at once read their own places.
        let (mut a, mut b) = (tape.reader(0, end), tape.reader(starts[10], end));
        assert_eq!(a.next_record().unwrap().unwrap(), &written[0][..]);
        assert_eq!(b.next_record().unwrap().unwrap(), &written[10][..]);
        assert_eq!(a.next_record().unwrap().unwrap(), &written[1][..]);
    }

    #[test]
    fn a_tape_cut_inside_a_record_is_an_error_not_an_end() {
        let mut tape = Tape::new().unwrap();
        tape.append(&[7; 100]);
        tape.flush();
        let whole = tape.end();
        assert!(records(&tape, 0, whole - 1).is_err());
        assert_eq!(records(&tape, 0, whole).unwrap().len(), 1);
    }

    #[test]
    fn records_from_a_failed_write_on_are_read_back_from_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t");
        let file = std::fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path);
        let mut tape = Tape::over(file.unwrap());
        let written: Vec<Vec<u8>> = (0..2000u32).map(|n| n.to_le_bytes().repeat(20)).collect();
        for r in &written[..1000] {
            tape.append(r);
        }
        tape.flush();
        assert!(!tape.is_in_memory());
        // The same file, through a handle that cannot write: writing fails from here on.
        *tape.file.lock().unwrap() = std::fs::File::open(&path).unwrap();
        for r in &written[1000..] {
            tape.append(r);
        }
        tape.flush();
        assert!(tape.is_in_memory());
        assert_eq!(records(&tape, 0, tape.end()).unwrap(), written);
    }
}
