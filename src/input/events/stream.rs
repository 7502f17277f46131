//! Reading a large log piece by piece. JSON lines and CSV are read line by line with a
//! buffered reader, classified from their first records and normalized in batches; a
//! JSON array, a wrapper object, a file whose first line is not a JSON object by itself,
//! UTF-16 and YAML are read whole (as [`crate::input::load_file`] does) and handed over
//! in batches.

use super::csv_feed;
use super::lines::{trim_eol, Lines};
use super::pieces::{LineBlock, Piece};
use crate::input::detect::{self, Shape};
use crate::input::normalize::normalize_in;
use crate::input::syntax::{self, Document, Item, Syntax};
use crate::input::{csv_rows, load_file_with, InputError, InputKind, Limits};
use crate::model::{Record, Skipped};
use crate::time::DateOrder;
use serde_json::Value;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// How many records are looked at to tell what a file holds (as for a whole file).
pub(super) const SAMPLE: usize = 5;

/// What [`stream_events`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamSummary {
    /// What the file holds.
    pub kind: InputKind,
    /// Records handed over.
    pub records: u64,
    /// Skipped entries handed over (notes starting with `warning:` included).
    pub skipped: u64,
    /// Records read and left out as not about provisioning (see [`crate::input::events`]).
    pub not_provisioning: super::NotProvisioning,
}

/// The callback that receives each piece.
type OnPiece<'a> = &'a mut dyn FnMut(Piece);

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
    };
    let mut pending: Vec<Record> = Vec::new();
    let mut skipped_pending: Vec<Skipped> = Vec::new();
    summary.kind = stream_pieces(path, display, kind, &limits, &mut |piece| {
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
    if !pending.is_empty() || !skipped_pending.is_empty() {
        on_batch(pending, skipped_pending);
    }
    Ok(summary)
}

/// Read a log as [`stream_events`] does, handing it over in [`Piece`]s: JSON lines as
/// blocks of raw lines that the receiver parses (on whatever thread it likes), anything
/// else as normalized records. Returns the file's kind.
///
/// # Errors
/// As [`stream_events`].
pub fn stream_pieces(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    limits: &Limits,
    on_piece: OnPiece<'_>,
) -> Result<InputKind, InputError> {
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
    batcher.finish()
}

fn unrecognized(display: &str, reason: String) -> InputError {
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
) -> Result<InputKind, InputError> {
    let loaded = load_file_with(path, display, kind, limits)?;
    if loaded.kind == InputKind::Config {
        return Err(unrecognized(
            display,
            "a synclint config, not a log".to_owned(),
        ));
    }
    let mut records = loaded.records.into_iter();
    let mut skipped = loaded.skipped;
    skipped.extend(
        loaded
            .page
            .map(|why| super::array_feed::page_note(display, &why)),
    );
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
    Ok(loaded.kind)
}

/// Records per [`Piece::Ready`].
const READY_RECORDS: usize = 4096;

/// Collects candidate records, classifies the file from the first ones, and normalizes
/// and hands over full batches.
pub(super) struct Batcher<'a> {
    pub(super) display: &'a str,
    forced: Option<InputKind>,
    kind: Option<InputKind>,
    columns: Option<Vec<String>>,
    /// The order of a Sync log's slash dates, decided from the first batch.
    date_order: Option<DateOrder>,
    items: Vec<Item>,
    pub(super) skipped: Vec<Skipped>,
    on_piece: OnPiece<'a>,
}

impl<'a> Batcher<'a> {
    pub(super) fn new(display: &'a str, forced: Option<InputKind>, on_piece: OnPiece<'a>) -> Self {
        Self {
            display,
            forced,
            kind: None,
            columns: None,
            date_order: None,
            items: Vec::with_capacity(READY_RECORDS),
            skipped: Vec::new(),
            on_piece,
        }
    }

    /// A CSV row: the header when none was seen yet, else a candidate record.
    pub(super) fn row(&mut self, record: &csv::StringRecord, line: u32) -> Result<(), InputError> {
        match &self.columns {
            None => {
                let header = csv_rows::header(record, self.display, line, &mut self.skipped);
                self.columns = Some(header);
                Ok(())
            }
            Some(columns) => {
                let row = csv_rows::row(columns, record, self.display, line);
                self.push(row)
            }
        }
    }

    pub(super) fn push(&mut self, candidate: Result<Item, Skipped>) -> Result<(), InputError> {
        match candidate {
            Ok(item) => self.items.push(item),
            Err(skipped) => self.skipped.push(skipped),
        }
        if self.kind.is_none() && (self.forced.is_some() || self.items.len() >= SAMPLE) {
            self.classify()?;
        }
        while self.kind.is_some() && self.items.len() >= READY_RECORDS {
            self.flush();
        }
        Ok(())
    }

    /// Tell the kind from the records so far, as a whole-file load does.
    fn classify(&mut self) -> Result<InputKind, InputError> {
        let doc = Document {
            syntax: if self.columns.is_some() {
                Syntax::Csv
            } else {
                Syntax::JsonLines
            },
            shape: Shape::List,
            items: std::mem::take(&mut self.items),
            skipped: Vec::new(),
            columns: self.columns.clone().unwrap_or_default(),
            paging: None,
        };
        let kind = detect::classify(&doc, self.forced);
        self.items = doc.items;
        match kind {
            Ok(InputKind::Config) => Err(unrecognized(
                self.display,
                "a synclint config, not a log".to_owned(),
            )),
            Ok(kind) => {
                self.kind = Some(kind);
                Ok(kind)
            }
            Err(reason) => Err(unrecognized(self.display, reason)),
        }
    }

    /// Normalize and hand over at most one batch, with what was skipped before the
    /// first record left over.
    fn flush(&mut self) {
        let Some(kind) = self.kind else { return };
        let rest = self.items.split_off(READY_RECORDS.min(self.items.len()));
        let items = std::mem::replace(&mut self.items, rest);
        let boundary = self.items.first().map_or(u32::MAX, |item| item.line);
        let (mut skipped, later): (Vec<Skipped>, Vec<Skipped>) = std::mem::take(&mut self.skipped)
            .into_iter()
            .partition(|s| s.location.line < boundary);
        self.skipped = later;
        let order = self.date_order(kind, &items, &mut skipped);
        let mut sink = normalize_in(kind, items, self.display, order);
        skipped.append(&mut sink.skipped);
        skipped.sort_by_key(|s| (s.location.line, s.location.column));
        let not_provisioning = sink.not_provisioning;
        if !sink.events.is_empty() {
            (self.on_piece)(Piece::Events {
                events: sink.events,
                skipped,
                not_provisioning,
            });
        } else if !sink.records.is_empty() || !skipped.is_empty() || not_provisioning.count > 0 {
            (self.on_piece)(Piece::Ready {
                records: sink.records,
                skipped,
                not_provisioning,
            });
        }
    }

    /// The order of slash dates, decided from `items` (the first batch) when not yet,
    /// with the note of an assumed order added to `skipped`.
    fn date_order(
        &mut self,
        kind: InputKind,
        items: &[Item],
        skipped: &mut Vec<Skipped>,
    ) -> DateOrder {
        if let Some(order) = self.date_order {
            return order;
        }
        let decided = super::date_order(kind, items, self.display);
        skipped.extend(decided.note);
        self.date_order = Some(decided.order);
        decided.order
    }

    /// Whether a Sync log's first rows are still being gathered to decide the order of
    /// its slash dates (see [`super::synclog_dates`]).
    fn deciding_dates(&self) -> bool {
        self.kind == Some(InputKind::SyncLog) && self.date_order.is_none()
    }

    /// Hand over every record gathered and everything skipped so far.
    fn flush_all(&mut self) {
        while !self.items.is_empty() {
            self.flush();
        }
        self.flush();
    }

    pub(super) fn finish(mut self) -> Result<InputKind, InputError> {
        let kind = match self.kind {
            Some(kind) => kind,
            None => self.classify()?,
        };
        self.flush_all();
        Ok(kind)
    }
}
