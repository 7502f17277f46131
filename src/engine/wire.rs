//! The bytes a group is written as when it waits outside memory (see
//! [`super::overflow`]): numbers as LEB128 varints, texts as a length and their UTF-8
//! bytes, times as seconds and nanoseconds. Compact and cheap both ways: a group of a
//! rule by user takes about 150 bytes. No I/O here.

use chrono::{DateTime, Utc};

/// Why bytes could not be read back as a group.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum WireError {
    #[error("a group's record ends early")]
    #[diagnostic(
        code(synclint::engine::wire::truncated),
        help("the temporary file the groups waited in was cut short; run the check again")
    )]
    Truncated,
    #[error("a group's record holds {what}")]
    #[diagnostic(
        code(synclint::engine::wire::invalid),
        help("the temporary file the groups waited in was changed; run the check again")
    )]
    Invalid { what: &'static str },
}

pub(super) fn invalid(what: &'static str) -> WireError {
    WireError::Invalid { what }
}

/// `n` as an LEB128 varint: seven bits a byte, low bits first.
pub(super) fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(super) fn put_count(out: &mut Vec<u8>, n: usize) {
    put_number(out, n as u64);
}

pub(super) fn put_text(out: &mut Vec<u8>, text: &str) {
    put_count(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

pub(super) fn put_signed(out: &mut Vec<u8>, n: i64) {
    put_number(out, ((n << 1) ^ (n >> 63)) as u64);
}

pub(super) fn put_time(out: &mut Vec<u8>, at: Option<DateTime<Utc>>) {
    match at {
        None => out.push(0),
        Some(at) => {
            out.push(1);
            put_signed(out, at.timestamp());
            put_number(out, u64::from(at.timestamp_subsec_nanos()));
        }
    }
}

/// Bytes being read, from the front.
pub(super) struct Input<'a>(pub(super) &'a [u8]);

impl<'a> Input<'a> {
    pub(super) fn byte(&mut self) -> Result<u8, WireError> {
        let (&first, rest) = self.0.split_first().ok_or(WireError::Truncated)?;
        self.0 = rest;
        Ok(first)
    }

    /// `N` bytes as they were written.
    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let (bytes, rest) = self.0.split_first_chunk().ok_or(WireError::Truncated)?;
        self.0 = rest;
        Ok(*bytes)
    }

    pub(super) fn number(&mut self) -> Result<u64, WireError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(invalid("a number too long"))
    }

    pub(super) fn small(&mut self) -> Result<u32, WireError> {
        u32::try_from(self.number()?).map_err(|_| invalid("a number out of range"))
    }

    pub(super) fn signed(&mut self) -> Result<i64, WireError> {
        let n = self.number()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    /// A count of items that follow, each at least `each` bytes long: a count past the
    /// bytes left is cut short, not believed (no room is made for it).
    pub(super) fn count(&mut self, each: usize) -> Result<usize, WireError> {
        let n = usize::try_from(self.number()?).map_err(|_| WireError::Truncated)?;
        (n.saturating_mul(each.max(1)) <= self.0.len())
            .then_some(n)
            .ok_or(WireError::Truncated)
    }

    pub(super) fn text(&mut self) -> Result<&'a str, WireError> {
        let len = self.count(1)?;
        let (text, rest) = self.0.split_at_checked(len).ok_or(WireError::Truncated)?;
        self.0 = rest;
        std::str::from_utf8(text).map_err(|_| invalid("text that is not UTF-8"))
    }

    pub(super) fn time(&mut self) -> Result<Option<DateTime<Utc>>, WireError> {
        if self.byte()? == 0 {
            return Ok(None);
        }
        let seconds = self.signed()?;
        let nanos = self.small()?;
        DateTime::from_timestamp(seconds, nanos)
            .map(Some)
            .ok_or(invalid("a time out of range"))
    }

    /// Whether every byte was read.
    pub(super) fn done(&self) -> Result<(), WireError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invalid("bytes past its end"))
        }
    }
}
