//! Bytes to text: byte-order marks, invalid UTF-8, UTF-16 exports, and turning
//! byte offsets back into 1-based lines and columns.

use crate::model::{Location, Skipped};

/// Reason given for every line whose bytes were not valid text.
pub(crate) const INVALID_TEXT: &str = "warning: invalid UTF-8 replaced";

/// The note for line `line` of `display`, whose invalid UTF-8 was replaced.
pub(crate) fn invalid_text(display: &str, line: u32) -> Skipped {
    Skipped {
        location: Location::new(display, line, 0),
        reason: INVALID_TEXT.to_owned(),
    }
}

/// Decoded file text and the lines that needed repair.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub warnings: Vec<Skipped>,
}

/// Decode a file: drop a byte-order mark, read UTF-16 when its mark says so,
/// and replace invalid UTF-8 with U+FFFD, noting each affected line once.
pub(crate) fn decode(bytes: &[u8], display: &str) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, display);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, display, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, display, u16::from_be_bytes);
    }
    decode_utf8(bytes, display)
}

/// [`decode`] of bytes the caller gives up: valid UTF-8 (the usual case) becomes the text
/// without a copy, so a large file is held once, not twice.
pub(crate) fn decode_owned(mut bytes: Vec<u8>, display: &str) -> Decoded {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return decode(&bytes, display);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            warnings: Vec::new(),
        },
        Err(err) => decode_utf8(err.as_bytes(), display),
    }
}

fn decode_utf8(bytes: &[u8], display: &str) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            warnings: Vec::new(),
        };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut bad = BadLines::default();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        bad.advance(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            bad.mark();
        }
    }
    Decoded {
        text,
        warnings: bad.into_warnings(display),
    }
}

fn decode_utf16(bytes: &[u8], display: &str, unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        _ => 0xD800, // an odd trailing byte: a lone surrogate, reported below
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut bad = BadLines::default();
    for decoded in char::decode_utf16(units) {
        let c = decoded.unwrap_or_else(|_| {
            bad.mark();
            char::REPLACEMENT_CHARACTER
        });
        text.push(c);
        if c == '\n' {
            bad.line += 1;
        }
    }
    Decoded {
        text,
        warnings: bad.into_warnings(display),
    }
}

/// Tracks the current line while decoding and the lines that had bad bytes.
struct BadLines {
    line: u32,
    lines: Vec<u32>,
}

impl Default for BadLines {
    fn default() -> Self {
        Self {
            line: 1,
            lines: Vec::new(),
        }
    }
}

impl BadLines {
    fn advance(&mut self, valid: &str) {
        let newlines = valid.bytes().filter(|b| *b == b'\n').count();
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
    }

    fn mark(&mut self) {
        if self.lines.last() != Some(&self.line) {
            self.lines.push(self.line);
        }
    }

    fn into_warnings(self, display: &str) -> Vec<Skipped> {
        self.lines
            .into_iter()
            .map(|line| invalid_text(display, line))
            .collect()
    }
}

/// Maps byte offsets of a text to 1-based (line, column), columns counted in characters.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Columns are byte counts when the text is ASCII.
    ascii: bool,
    /// The last position asked for (line index, offset, column): offsets come in order,
    /// so the next column is counted from there, not from the line start (a long line
    /// with many records would otherwise cost time quadratic in its length).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Index the line starts of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self {
            text,
            starts,
            ascii: text.is_ascii(),
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let index = self
            .starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let count = |from: usize| {
            self.text
                .get(from..offset)
                .map_or(0, |before| before.chars().count())
        };
        let column = if self.ascii {
            offset - start
        } else {
            match self.last.get() {
                (line, at, column) if line == index && at >= start && at <= offset => {
                    column + count(at)
                }
                _ => count(start),
            }
        };
        self.last.set((index, offset, column));
        (to_u32(index + 1), to_u32(column + 1))
    }

    /// The byte offset of a 1-based line and column, when the text has them.
    pub(crate) fn offset(&self, line: u32, column: u32) -> Option<usize> {
        let start = *self
            .starts
            .get(usize::try_from(line).ok()?.checked_sub(1)?)?;
        let skip = usize::try_from(column).ok()?.checked_sub(1)?;
        if self.ascii {
            return (start + skip <= self.text.len()).then_some(start + skip);
        }
        let rest = self.text.get(start..)?;
        let within = rest.char_indices().nth(skip).map(|(at, _)| at)?;
        Some(start + within)
    }
}

/// A count as `u32`, saturating.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let cases: [&[u8]; 5] = [
            b"\xEF\xBB\xBFuser_id\n",
            b"a\nb\xFF\xFEc\xC3\nd\n\xFF",
            b"\xFF\xFEi\0d\0",
            b"plain",
            b"",
        ];
        for bytes in cases {
            let borrowed = decode(bytes, "f.csv");
            let owned = decode_owned(bytes.to_vec(), "f.csv");
            assert_eq!(owned.text, borrowed.text);
            assert_eq!(owned.warnings, borrowed.warnings);
        }
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let decoded = decode(b"\xEF\xBB\xBFuser_id\n", "f.csv");
        assert_eq!(decoded.text, "user_id\n");
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_each_line_noted_once() {
        let decoded = decode(b"a\nb\xFF\xFEc\xC3\nd\n\xFF", "f.csv");
        assert_eq!(decoded.text, "a\nb\u{FFFD}\u{FFFD}c\u{FFFD}\nd\n\u{FFFD}");
        let lines: Vec<u32> = decoded.warnings.iter().map(|w| w.location.line).collect();
        assert_eq!(lines, vec![2, 4]);
        assert_eq!(decoded.warnings[0].reason, INVALID_TEXT);
        assert_eq!(decoded.warnings[0].location.to_string(), "f.csv:2");
    }

    #[test]
    fn utf16_little_endian_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "id,é\r\n1,2".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        bytes.extend([0x00, 0xD8]); // an unpaired surrogate on line 2
        let decoded = decode(&bytes, "f.csv");
        assert_eq!(decoded.text, "id,é\r\n1,2\u{FFFD}");
        assert_eq!(decoded.warnings.len(), 1);
        assert_eq!(decoded.warnings[0].location.line, 2);
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\r\né{x\n\n  y";
        let index = LineIndex::new(text);
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(1), (1, 2));
        let brace = text.find('{').unwrap_or_default();
        assert_eq!(index.position(brace), (2, 2));
        let y = text.find('y').unwrap_or_default();
        assert_eq!(index.position(y), (4, 3));
        assert_eq!(index.position(10_000), (4, 4));
    }
}
