//! The parts a streamed log is handed over in. Records read on the reading thread come
//! ready; JSON lines come as a block of raw lines that any thread can turn into records,
//! so parsing and normalizing spread over every core.

use super::lines::trim_eol;
use super::synclog;
use crate::input::normalize::{normalize_item, Sink};
use crate::input::read::invalid_text;
use crate::input::syntax::{self, json_line, Item};
use crate::input::InputKind;
use crate::model::event::{EventRecord, Raw};
use crate::model::{Record, Skipped};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

/// The records of a log read and left out because they are not about provisioning: how
/// many, and the newest time among them (the log's data reaches that far).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotProvisioning {
    pub count: u64,
    pub newest: Option<DateTime<Utc>>,
}

impl NotProvisioning {
    /// Count one record, of `time` when it has one that can be read.
    pub fn add(&mut self, time: Option<DateTime<Utc>>) {
        self.count += 1;
        self.newest = self.newest.max(time);
    }

    /// Add what `other` counted.
    pub fn merge(&mut self, other: NotProvisioning) {
        self.count += other.count;
        self.newest = self.newest.max(other.newest);
    }
}

/// A part of a streamed log, in file order.
#[derive(Debug)]
pub enum Piece {
    /// Records already normalized, with what was skipped among them and how many
    /// records were not about provisioning.
    Ready {
        records: Vec<Record>,
        skipped: Vec<Skipped>,
        not_provisioning: NotProvisioning,
    },
    /// Events already normalized, with what was skipped among them and how many records
    /// were not about provisioning.
    Events {
        events: Vec<EventRecord>,
        skipped: Vec<Skipped>,
        not_provisioning: NotProvisioning,
    },
    /// Whole lines of a JSON lines log, not parsed yet.
    Lines(LineBlock),
}

impl Piece {
    /// The piece's events and skipped entries (in line order), parsing them if needed,
    /// and how many of its records were not about provisioning.
    #[must_use]
    pub fn into_events(self) -> (Vec<EventRecord>, Vec<Skipped>, NotProvisioning) {
        let events_of = |records: Vec<Record>| records.into_iter().map(EventRecord::from_record);
        match self {
            Piece::Ready {
                records,
                skipped,
                not_provisioning,
            } => (events_of(records).collect(), skipped, not_provisioning),
            Piece::Events {
                events,
                skipped,
                not_provisioning,
            } => (events, skipped, not_provisioning),
            Piece::Lines(block) => {
                let sink = block.into_sink();
                let mut events = sink.events;
                events.extend(events_of(sink.records));
                (events, sink.skipped, sink.not_provisioning)
            }
        }
    }

    /// How many bytes of its file the piece holds, when it holds them as text (lines
    /// of a JSON lines log); progress is shown in bytes of the files read.
    #[must_use]
    pub fn text_len(&self) -> Option<u64> {
        match self {
            Piece::Lines(block) => Some(block.bytes.len() as u64),
            Piece::Ready { .. } | Piece::Events { .. } => None,
        }
    }

    /// The piece's records (events as plain records) and skipped entries, in line order,
    /// and how many of its records were not about provisioning.
    #[must_use]
    pub fn into_records(self) -> (Vec<Record>, Vec<Skipped>, NotProvisioning) {
        match self {
            Piece::Ready {
                records,
                skipped,
                not_provisioning,
            } => (records, skipped, not_provisioning),
            Piece::Events {
                events,
                skipped,
                not_provisioning,
            } => (
                events.iter().map(EventRecord::to_record).collect(),
                skipped,
                not_provisioning,
            ),
            Piece::Lines(block) => {
                let mut sink = block.into_sink();
                (sink.take_records(), sink.skipped, sink.not_provisioning)
            }
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
    /// How the file's slash dates are read (decided from its first lines).
    pub(super) date_order: crate::time::DateOrder,
}

impl LineBlock {
    /// Parse and normalize every line, as a whole-file load does: invalid UTF-8 replaced
    /// and noted once per line, blank lines passed over, broken lines skipped. A Sync log
    /// line of scalars takes the quick road of [`super::flat`]; any other line the full
    /// one, with the same result.
    fn into_sink(self) -> Sink {
        let display = self.display.as_str();
        let mut sink = Sink::new(display);
        sink.skipped = self.skipped;
        sink.date_order = self.date_order;
        sink.events.reserve(room_for(&self.bytes));
        let quick = self.kind == InputKind::SyncLog && self.max_depth >= 1;
        let mut number = self.first_line;
        let block = Arc::new(self.bytes);
        let mut offset = 0;
        let mut shape = synclog::KeyShape::default();
        for raw in lines_of(&block) {
            let start = offset;
            offset += raw.len();
            let text = match std::str::from_utf8(raw) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => {
                    sink.skipped.push(invalid_text(display, number));
                    String::from_utf8_lossy(raw)
                }
            };
            let content = trim_eol(&text);
            if !is_blank(content) {
                let item = Item {
                    value: Value::Null,
                    line: number,
                    column: syntax::first_column(content),
                };
                // The raw record points into the block unless the line was repaired.
                let original = || match text {
                    Cow::Borrowed(_) => Raw::slice(&block, start..start + content.len()),
                    Cow::Owned(_) => Raw::text(content),
                };
                let flat =
                    quick && synclog::flat_event(&item, content, original(), &mut shape, &mut sink);
                if !flat {
                    match json_line(content, number, display, self.max_depth) {
                        Ok(item) => normalize_item(self.kind, item, &mut sink),
                        Err(skip) => sink.skipped.push(skip),
                    }
                }
            }
            number = number.saturating_add(1);
        }
        sink.skipped
            .sort_by_key(|s| (s.location.line, s.location.column));
        sink
    }
}

/// Lines shorter than this are not given room ahead: few events are written in fewer
/// bytes (a time and a status with their keys take more), and a block of blank lines or
/// `{}` makes no events at all.
const SHORT_LINE: usize = 40;

/// How many events to make room for before the lines of `bytes` are read: one for each
/// line of at least [`SHORT_LINE`] bytes. Events are large (see `EventRecord`), and a
/// list that grew as they came would copy them all each time it doubled; an event of a
/// shorter line still fits, the list then grows as usual.
fn room_for(bytes: &[u8]) -> usize {
    lines_of(bytes)
        .filter(|line| line.strip_suffix(b"\n").unwrap_or(line).len() >= SHORT_LINE)
        .count()
}

/// The lines of `bytes`, each with its line end (the last may have none).
fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |at| at + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
}

/// Whether a line holds only white space (looked at from its ends: most lines start
/// with `{`).
fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b'{') => false,
        _ => line.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_ends() {
        let lines: Vec<&[u8]> = lines_of(b"a\nb\r\n\nc").collect();
        assert_eq!(lines, vec![&b"a\n"[..], b"b\r\n", b"\n", b"c"]);
        assert_eq!(lines_of(b"").count(), 0);
        assert!(is_blank(" \t") && is_blank("") && !is_blank("{}") && !is_blank(" x"));
    }

    #[test]
    fn room_is_made_for_each_line_but_short_ones() {
        assert_eq!(room_for(b""), 0);
        let line = "x".repeat(SHORT_LINE);
        let lines = format!("{line}\n").repeat(10);
        assert_eq!(room_for(lines.as_bytes()), 10);
        let unended = format!("{lines}{line}");
        assert_eq!(
            room_for(unended.as_bytes()),
            11,
            "the last line needs no end"
        );
        let short = format!("{}\n", &line[1..]).repeat(10);
        assert_eq!(room_for(short.as_bytes()), 0);
        assert_eq!(room_for("{}\n\n\n".repeat(1000).as_bytes()), 0);
    }
}
