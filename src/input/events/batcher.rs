//! Collecting a streamed log's candidate records into batches: the file's kind told
//! from the first ones, a Sync log's date order from the first batch (see
//! [`super::synclog_dates`]), then each batch normalized and handed over.

use super::pieces::Piece;
use super::stream::{unrecognized, OnPiece, SAMPLE};
use crate::input::detect::{self, Shape};
use crate::input::normalize::normalize_in;
use crate::input::syntax::{Document, Item, Syntax};
use crate::input::{csv_rows, InputError, InputKind};
use crate::model::Skipped;
use crate::time::DateOrder;

/// Records per [`Piece::Ready`].
pub(super) const READY_RECORDS: usize = 4096;

/// Collects candidate records, classifies the file from the first ones, and normalizes
/// and hands over full batches.
pub(super) struct Batcher<'a> {
    pub(super) display: &'a str,
    forced: Option<InputKind>,
    pub(super) kind: Option<InputKind>,
    columns: Option<Vec<String>>,
    /// The order of a Sync log's slash dates, decided from the first batch.
    pub(super) date_order: Option<DateOrder>,
    items: Vec<Item>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) on_piece: OnPiece<'a>,
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
    pub(super) fn flush(&mut self) {
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
    pub(super) fn deciding_dates(&self) -> bool {
        self.kind == Some(InputKind::SyncLog) && self.date_order.is_none()
    }

    /// Hand over every record gathered and everything skipped so far.
    pub(super) fn flush_all(&mut self) {
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
