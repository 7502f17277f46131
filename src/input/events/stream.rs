//! Reading a large log piece by piece. JSON lines and CSV are read line by line with a
//! buffered reader, classified from their first records and normalized in batches; a
//! JSON array, a wrapper object, a file whose first line is not a JSON object by itself,
//! UTF-16 and YAML are read whole (as [`crate::input::load_file`] does) and handed over
//! in batches.

use super::batcher::{Batcher, READY_RECORDS};
use super::csv_feed;
use super::lines::{trim_eol, Lines};
use super::pieces::{LineBlock, Piece};
use crate::input::detect::{self, Shape};
use crate::input::syntax;
use crate::input::{load_file_with, InputError, InputKind, Limits};
use crate::model::{Record, Skipped};
use serde_json::Value;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// How many records are looked at to tell what a file holds (as for a whole file).
pub(super) const SAMPLE: usize = 5;

/// What [`stream_events`] read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSummary {
    /// What the file holds.
    pub kind: InputKind,
    /// Records handed over.
    pub records: u64,
    /// Skipped entries handed over (notes starting with `warning:` included).
    pub skipped: u64,
    /// Records read and left out as not about provisioning (see [`crate::input::events`]).
    pub not_provisioning: super::NotProvisioning,
    /// Why the file holds one page of a longer list, if it does (see `input::paging`).
    pub page: Option<String>,
}

/// What reading a log as pieces found out about the file as a whole, once it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Streamed {
    /// What the file holds.
    pub kind: InputKind,
    /// Why the file holds one page of a longer list (an API response saved as it came),
    /// if it does: said with the file, as for a file loaded whole.
    pub page: Option<String>,
}

/// The callback that receives each piece.
pub(super) type OnPiece<'a> = &'a mut dyn FnMut(Piece);

/// Bytes of raw JSON lines per [`Piece::Lines`] block.
const BLOCK_BYTES: usize = 1 << 18;

/// Read an event log (or any record file) without holding it whole: tell its kind from
/// the first records (unless `kind` is given), normalize `batch` records at a time and
/// hand each batch, with what was skipped meanwhile, to `on_batch`. The records and
/// skipped entries are those [`crate::input::load_file`] gives, in file order.
///
/// # Errors
/// As [`crate::input::load_file`]; a synclint config is [`InputError::Unrecognized`].
pub fn stream_events(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    batch: usize,
    on_batch: &mut dyn FnMut(Vec<Record>, Vec<Skipped>),
) -> Result<StreamSummary, InputError> {
    let batch = batch.max(1);
    let limits = Limits::default();
    let mut summary = StreamSummary {
        kind: InputKind::SyncLog,
        records: 0,
        skipped: 0,
        not_provisioning: super::NotProvisioning::default(),
        page: None,
    };
    let mut pending: Vec<Record> = Vec::new();
    let mut skipped_pending: Vec<Skipped> = Vec::new();
    let streamed = stream_pieces(path, display, kind, &limits, &mut |piece| {
        let (records, skipped, not_provisioning) = piece.into_records();
        summary.records += records.len() as u64;
        summary.skipped += skipped.len() as u64;
        summary.not_provisioning.merge(not_provisioning);
        pending.extend(records);
        skipped_pending.extend(skipped);
        while pending.len() >= batch {
            let rest = pending.split_off(batch);
            on_batch(
                std::mem::replace(&mut pending, rest),
                std::mem::take(&mut skipped_pending),
            );
        }
    })?;
    summary.kind = streamed.kind;
    summary.page = streamed.page;
    if !pending.is_empty() || !skipped_pending.is_empty() {
        on_batch(pending, skipped_pending);
    }
    Ok(summary)
}

/// Read a log as [`stream_events`] does, handing it over in [`Piece`]s: JSON lines as
/// blocks of raw lines that the receiver parses (on whatever thread it likes), anything
/// else as normalized records. Returns the file's kind, and whether it is one page of a
/// longer list.
///
/// # Errors
/// As [`stream_events`].
pub fn stream_pieces(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    limits: &Limits,
    on_piece: OnPiece<'_>,
) -> Result<Streamed, InputError> {
    let unreadable = |source| InputError::Unreadable {
        path: display.to_owned(),
        source,
    };
    crate::input::regular_file(path, display)?;
    let file = File::open(path).map_err(unreadable)?;
    let reader = BufReader::with_capacity(1 << 16, file);
    let mut lines = Lines::new(reader, display, limits.max_line_bytes);
    if lines.utf16().map_err(unreadable)? {
        return whole(path, display, kind, limits, on_piece);
    }
    let Some((number, first)) = lines.first_significant().map_err(unreadable)? else {
        return Err(unrecognized(display, "the file is empty".to_owned()));
    };
    let one_object = matches!(
        serde_json::from_str::<Value>(trim_eol(&first)),
        Ok(Value::Object(_))
    );
    let csv = match probe(&first) {
        // A wrapper object per line (pages saved one after another): read whole, where
        // the pages are read as the list they make; the array reader would stop at the
        // end of the first.
        Probe::Whole if one_object && lines.first_significant().map_err(unreadable)?.is_some() => {
            return whole(path, display, kind, limits, on_piece);
        }
        Probe::Whole if first.trim_start().starts_with(['[', '{']) => {
            return super::array_feed::stream(path, display, kind, limits, on_piece);
        }
        Probe::Whole => return whole(path, display, kind, limits, on_piece),
        Probe::JsonLines => false,
        Probe::Csv => true,
    };
    let delimiter = crate::input::csv_rows::delimiter(&first);
    lines.unread(number, first);
    let mut batcher = Batcher::new(display, kind, on_piece);
    let read = if csv {
        csv_feed::read(lines, &mut batcher, limits.max_columns, delimiter)
    } else {
        json_lines(&mut lines, &mut batcher, limits.max_depth)
    };
    read.map_err(|e| match e {
        Failure::Io(source) => unreadable(source),
        Failure::Input(err) => err,
    })?;
    let kind = batcher.finish()?;
    Ok(Streamed { kind, page: None })
}

pub(super) fn unrecognized(display: &str, reason: String) -> InputError {
    InputError::Unrecognized {
        path: display.to_owned(),
        reason,
    }
}

/// Why streaming stopped.
pub(super) enum Failure {
    Io(std::io::Error),
    Input(InputError),
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Io(err)
    }
}

impl From<InputError> for Failure {
    fn from(err: InputError) -> Self {
        Failure::Input(err)
    }
}

/// How to read the file, told by its first significant line.
enum Probe {
    JsonLines,
    Csv,
    Whole,
}

fn probe(first: &str) -> Probe {
    let line = trim_eol(first);
    let start = line.trim_start();
    if start.starts_with('{') {
        return match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) if detect::object_shape(&map) == Shape::Single => {
                Probe::JsonLines
            }
            _ => Probe::Whole,
        };
    }
    let yaml = start.starts_with(['#', '%']) || start.starts_with("---");
    if start.starts_with('[') || yaml || syntax::top_key(line).is_some() {
        Probe::Whole
    } else {
        Probe::Csv
    }
}

fn json_lines<R: BufRead>(
    lines: &mut Lines<'_, R>,
    batcher: &mut Batcher<'_>,
    max_depth: usize,
) -> Result<(), Failure> {
    // The first lines go one by one until the kind is known and, for a Sync log, the
    // first batch has decided the order of its dates.
    while batcher.kind.is_none() || batcher.deciding_dates() {
        let Some((number, line)) = lines.next()? else {
            return Ok(());
        };
        batcher.skipped.append(&mut lines.warnings);
        let content = trim_eol(&line);
        if !content.trim().is_empty() {
            let item = syntax::json_line(content, number, batcher.display, max_depth);
            batcher.push(item)?;
        }
    }
    let Some(kind) = batcher.kind else {
        return Ok(());
    };
    batcher.flush_all();
    while let Some((first_line, bytes)) = lines.next_block(BLOCK_BYTES)? {
        (batcher.on_piece)(Piece::Lines(LineBlock {
            kind,
            display: batcher.display.to_owned(),
            first_line,
            bytes,
            skipped: std::mem::take(&mut lines.warnings),
            max_depth,
            date_order: batcher.date_order.unwrap_or_default(),
        }));
    }
    Ok(())
}

/// Read the whole file and hand its records over in batches (skipped ones with the first).
pub(super) fn whole(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    limits: &Limits,
    on_piece: OnPiece<'_>,
) -> Result<Streamed, InputError> {
    let loaded = load_file_with(path, display, kind, limits)?;
    if loaded.kind == InputKind::Config {
        return Err(unrecognized(
            display,
            "a synclint config, not a log".to_owned(),
        ));
    }
    let mut records = loaded.records.into_iter();
    let mut skipped = loaded.skipped;
    let mut not_provisioning = loaded.not_provisioning;
    loop {
        let records: Vec<Record> = records.by_ref().take(READY_RECORDS).collect();
        if records.is_empty() && skipped.is_empty() && not_provisioning.count == 0 {
            break;
        }
        on_piece(Piece::Ready {
            records,
            skipped: std::mem::take(&mut skipped),
            not_provisioning: std::mem::take(&mut not_provisioning),
        });
    }
    Ok(Streamed {
        kind: loaded.kind,
        page: loaded.page,
    })
}
