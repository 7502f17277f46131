//! CSV read as a stream: one CSV reader pulls the file's lines through [`Feed`], which
//! remembers where each line starts so every row gets the line the whole-file reader
//! gives it (the csv crate's own line count drifts with CRLF line ends).

use super::batcher::Batcher;
use super::lines::Lines;
use super::stream::Failure;
use crate::input::{csv_rows, InputError};
use crate::model::{Location, Skipped};
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// Read the rows of a CSV file (header first) into `batcher`, its fields separated by
/// `delimiter` (see [`csv_rows::delimiter`]).
pub(super) fn read<R: BufRead>(
    lines: Lines<'_, R>,
    batcher: &mut Batcher<'_>,
    max_columns: usize,
    delimiter: u8,
) -> Result<(), Failure> {
    let mut reader = csv_rows::builder()
        .delimiter(delimiter)
        .from_reader(Feed::new(lines));
    let mut record = csv::StringRecord::new();
    let mut header = true;
    loop {
        let read = reader.read_record(&mut record);
        let byte = match &read {
            Ok(_) => record.position().map_or(0, csv::Position::byte),
            Err(err) => err.position().map_or(0, csv::Position::byte),
        };
        let line = reader.get_mut().line_of(byte);
        reader.get_mut().warnings_until(line, &mut batcher.skipped);
        match read {
            Ok(false) => break,
            Ok(true) if csv_rows::is_blank(&record) => {}
            Ok(true) if header && record.len() > max_columns => {
                return Err(Failure::Input(InputError::TooWide {
                    path: batcher.display.to_owned(),
                    line,
                    columns: record.len(),
                    limit: max_columns,
                }));
            }
            Ok(true) => {
                if header {
                    if let Some(reason) = csv_rows::delimiter_note(delimiter) {
                        let location = Location::new(batcher.display, line, 1);
                        batcher.skipped.push(Skipped { location, reason });
                    }
                }
                header = false;
                batcher.row(&record, line)?;
            }
            Err(err) if err.is_io_error() => return Err(Failure::Io(into_io(err))),
            Err(err) => {
                let location = Location::new(batcher.display, line, 1);
                let reason = format!("unreadable CSV row: {err}");
                batcher.skipped.push(Skipped { location, reason });
            }
        }
    }
    reader
        .get_mut()
        .warnings_until(u32::MAX, &mut batcher.skipped);
    Ok(())
}

fn into_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Where a line sits in the text handed to the CSV reader.
struct Span {
    number: u32,
    start: u64,
    /// Where its content ends (before its trailing `\r` and `\n`).
    end: u64,
}

/// The decoded lines of a file as one byte stream, with the spans of the lines handed
/// over and not yet passed.
struct Feed<'a, R> {
    lines: Lines<'a, R>,
    line: Vec<u8>,
    at: usize,
    /// Bytes handed over before `line`.
    offset: u64,
    spans: VecDeque<Span>,
    last: u32,
}

impl<'a, R: BufRead> Feed<'a, R> {
    fn new(lines: Lines<'a, R>) -> Self {
        Self {
            lines,
            line: Vec::new(),
            at: 0,
            offset: 0,
            spans: VecDeque::new(),
            last: 0,
        }
    }

    /// The line where a row found at byte `byte` begins: the first line with content at
    /// or after `byte` (the reader's offset may point at the end of the line before).
    fn line_of(&mut self, byte: u64) -> u32 {
        while let Some(span) = self.spans.front() {
            if span.end > byte && span.end > span.start {
                return span.number;
            }
            self.spans.pop_front();
        }
        self.last
    }

    /// Move the notes about lines up to `line` to `out`.
    fn warnings_until(&mut self, line: u32, out: &mut Vec<Skipped>) {
        let ready = self
            .lines
            .warnings
            .iter()
            .take_while(|w| w.location.line <= line)
            .count();
        out.extend(self.lines.warnings.drain(..ready));
    }
}

impl<R: BufRead> Read for Feed<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.line.len() {
            let Some((number, text)) = self.lines.next()? else {
                return Ok(0);
            };
            self.offset += self.line.len() as u64;
            // The csv reader takes a bare `\r` for a line end too: a row found inside
            // a line's trailing run of them begins on a later line.
            let content = text.trim_end_matches(['\r', '\n']).len() as u64;
            self.spans.push_back(Span {
                number,
                start: self.offset,
                end: self.offset + content,
            });
            self.last = number;
            self.line = text.into_bytes();
            self.at = 0;
        }
        let rest = self.line.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}
