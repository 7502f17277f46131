//! The bytes what waits outside memory is written as: findings in sorted runs
//! ([`crate::finding::codec`]) and the rules' groups past their bound
//! ([`crate::engine::overflow`]). Numbers as LEB128 varints, signed ones zigzagged,
//! texts as a length and their UTF-8 bytes, times as seconds and nanoseconds. Compact and
//! cheap both ways; a record read back is checked, never trusted. No I/O here.

use chrono::{DateTime, Utc};

/// Why bytes could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum WireError {
    #[error("a record read back from a temporary file ends early")]
    #[diagnostic(
        code(synclint::wire::truncated),
        help("the temporary file it waited in was cut short; run the check again")
    )]
    Truncated,
    #[error("a record read back from a temporary file holds {what}")]
    #[diagnostic(
        code(synclint::wire::invalid),
        help("the temporary file it waited in was changed; run the check again")
    )]
    Invalid { what: &'static str },
}

pub(crate) fn invalid(what: &'static str) -> WireError {
    WireError::Invalid { what }
}

/// `n` as an LEB128 varint: seven bits a byte, low bits first.
pub(crate) fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(crate) fn put_count(out: &mut Vec<u8>, n: usize) {
    put_number(out, n as u64);
}

pub(crate) fn put_text(out: &mut Vec<u8>, text: &str) {
    put_count(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

pub(crate) fn put_signed(out: &mut Vec<u8>, n: i64) {
    put_number(out, ((n << 1) ^ (n >> 63)) as u64);
}

pub(crate) fn put_time(out: &mut Vec<u8>, at: Option<DateTime<Utc>>) {
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
pub(crate) struct Input<'a>(pub(crate) &'a [u8]);

impl<'a> Input<'a> {
    pub(crate) fn byte(&mut self) -> Result<u8, WireError> {
        let (&first, rest) = self.0.split_first().ok_or(WireError::Truncated)?;
        self.0 = rest;
        Ok(first)
    }

    /// `N` bytes as they were written.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let (bytes, rest) = self.0.split_first_chunk().ok_or(WireError::Truncated)?;
        self.0 = rest;
        Ok(*bytes)
    }

    pub(crate) fn number(&mut self) -> Result<u64, WireError> {
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

    pub(crate) fn small(&mut self) -> Result<u32, WireError> {
        u32::try_from(self.number()?).map_err(|_| invalid("a number out of range"))
    }

    pub(crate) fn signed(&mut self) -> Result<i64, WireError> {
        let n = self.number()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    /// A count of items that follow, each at least `each` bytes long: a count past the
    /// bytes left is cut short, not believed (no room is made for it).
    pub(crate) fn count(&mut self, each: usize) -> Result<usize, WireError> {
        let n = usize::try_from(self.number()?).map_err(|_| WireError::Truncated)?;
        (n.saturating_mul(each.max(1)) <= self.0.len())
            .then_some(n)
            .ok_or(WireError::Truncated)
    }

    pub(crate) fn text(&mut self) -> Result<&'a str, WireError> {
        let len = self.count(1)?;
        let (text, rest) = self.0.split_at_checked(len).ok_or(WireError::Truncated)?;
        self.0 = rest;
        std::str::from_utf8(text).map_err(|_| invalid("text that is not UTF-8"))
    }

    pub(crate) fn time(&mut self) -> Result<Option<DateTime<Utc>>, WireError> {
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
    pub(crate) fn done(&self) -> Result<(), WireError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invalid("bytes past its end"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_signed_numbers_and_times_keep_their_value() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_number(&mut out, n);
            assert_eq!(Input(&out).number(), Ok(n));
        }
        for n in [0, -1, 1, i64::MIN, i64::MAX, -62_135_596_800] {
            let mut out = Vec::new();
            put_signed(&mut out, n);
            assert_eq!(Input(&out).signed(), Ok(n));
        }
        let at = DateTime::from_timestamp(-62_135_596_800, 999_999_999);
        for time in [None, at, DateTime::from_timestamp(1_764_000_000, 5)] {
            let mut out = Vec::new();
            put_time(&mut out, time);
            let mut input = Input(&out);
            assert_eq!(input.time(), Ok(time));
            assert_eq!(input.done(), Ok(()));
        }
    }

    #[test]
    fn counts_past_the_bytes_left_and_endless_numbers_are_errors() {
        let mut out = Vec::new();
        put_count(&mut out, 1_000_000);
        out.extend_from_slice(b"abc");
        assert_eq!(Input(&out).count(1), Err(WireError::Truncated));
        assert_eq!(Input(&[0x80; 3]).number(), Err(WireError::Truncated));
        assert_eq!(
            Input(&[0x80; 11]).number(),
            Err(invalid("a number too long"))
        );
    }
}
