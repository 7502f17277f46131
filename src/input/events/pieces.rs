//! The parts a streamed log is handed over in. Records read on the reading thread come
//! ready; JSON lines come as a block of raw lines that any thread can turn into records,
//! so parsing and normalizing spread over every core.

use super::lines::trim_eol;
use crate::input::normalize::normalize;
use crate::input::read::INVALID_TEXT;
use crate::input::syntax::json_line;
use crate::input::InputKind;
use crate::model::{Location, Record, Skipped};
use std::borrow::Cow;

/// A part of a streamed log, in file order.
#[derive(Debug)]
pub enum Piece {
    /// Records already normalized, with what was skipped among them.
    Ready {
        records: Vec<Record>,
        skipped: Vec<Skipped>,
    },
    /// Whole lines of a JSON lines log, not parsed yet.
    Lines(LineBlock),
}

impl Piece {
    /// The piece's records and skipped entries (in line order), parsing them if needed.
    #[must_use]
    pub fn into_records(self) -> (Vec<Record>, Vec<Skipped>) {
        match self {
            Piece::Ready { records, skipped } => (records, skipped),
            Piece::Lines(block) => block.into_records(),
        }
    }
}

/// Consecutive whole lines of a JSON lines log of a known kind.
#[derive(Debug)]
pub struct LineBlock {
    pub(super) kind: InputKind,
    pub(super) display: String,
    /// The 1-based number of the first line.
    pub(super) first_line: u32,
    /// The lines, each with its line end (the last may have none).
    pub(super) bytes: Vec<u8>,
    /// Lines already skipped while reading (too long).
    pub(super) skipped: Vec<Skipped>,
    /// [`crate::input::Limits::max_depth`].
    pub(super) max_depth: usize,
}

impl LineBlock {
    /// Parse and normalize every line, as a whole-file load does: invalid UTF-8 replaced
    /// and noted once per line, blank lines passed over, broken lines skipped.
    #[must_use]
    pub fn into_records(self) -> (Vec<Record>, Vec<Skipped>) {
        let display = self.display.as_str();
        let mut items = Vec::new();
        let mut skipped = self.skipped;
        let mut number = self.first_line;
        for raw in self.bytes.split_inclusive(|b| *b == b'\n') {
            let text = match std::str::from_utf8(raw) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => {
                    skipped.push(Skipped {
                        location: Location::new(display, number, 0),
                        reason: INVALID_TEXT.to_owned(),
                    });
                    String::from_utf8_lossy(raw)
                }
            };
            let content = trim_eol(&text);
            if !content.trim().is_empty() {
                match json_line(content, number, display, self.max_depth) {
                    Ok(item) => items.push(item),
                    Err(skip) => skipped.push(skip),
                }
            }
            number = number.saturating_add(1);
        }
        let sink = normalize(self.kind, items, display);
        skipped.extend(sink.skipped);
        skipped.sort_by_key(|s| (s.location.line, s.location.column));
        (sink.records, skipped)
    }
}
