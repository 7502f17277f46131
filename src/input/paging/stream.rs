//! A large JSON lines file whose every line is a page of a list (a script that saved each
//! response of `GET /Users?startIndex=...` on a line of its own), read one page at a
//! time: each line is parsed, its records are normalized, and the line and the page are
//! dropped before the next is read. The file's text and its parsed pages are never held
//! together, only the records they give (a snapshot keeps every record, so the file stays
//! within `--max-file-size`).
//!
//! The outcome is the one the whole read gives (`load_text`): the same records, notes,
//! paging and places. Whenever the file turns out to be something else (one line only,
//! a line that is not a page of the same shape, directory records, a kind that cannot be
//! told from the first records, UTF-16), [`load`] says so with `None` and the caller
//! reads the file whole, which says precisely what it holds.

use super::pages::{combined, page_records, page_shape, records_key};
use super::{short, Paging};
use crate::input::detect::{self, Shape};
use crate::input::events::NotProvisioning;
use crate::input::normalize::normalize;
use crate::input::read::{invalid_text, LineIndex};
use crate::input::syntax::{document, json_line, Item, Syntax};
use crate::input::{open, scim, InputError, InputKind, Limits, LoadedInput};
use crate::model::{Record, Skipped};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Files up to this size are read whole (the size above which logs are streamed too).
pub(crate) const STREAM_ABOVE: u64 = 256 * 1024;

/// Records enough to tell the kind (the detector looks at the first five).
const SAMPLE: usize = 5;

/// Read the file at `path` page by page when it is a JSON lines file of pages larger
/// than [`STREAM_ABOVE`]; `Ok(None)` when it is not (read it whole instead).
///
/// # Errors
/// [`InputError::TooLarge`] past `--max-file-size` (also when the file grew while read),
/// [`InputError::Unreadable`] when reading fails.
pub(crate) fn load(
    path: &Path,
    display: &str,
    forced: Option<InputKind>,
    limits: &Limits,
) -> Result<Option<LoadedInput>, InputError> {
    let size = open::regular_file(path, display)?;
    if size <= STREAM_ABOVE || forced == Some(InputKind::Config) {
        return Ok(None);
    }
    let (file, _) = open::open_within(path, display, limits)?;
    let unreadable = |source| InputError::Unreadable {
        path: display.to_owned(),
        source,
    };
    let reader = BufReader::with_capacity(1 << 16, file);
    let mut pages = Pages::new(reader, display, limits.max_depth, size / 2);
    let read = read_pages(&mut pages, forced).map_err(unreadable)?;
    if pages.bytes > limits.max_file_bytes {
        return Err(open::too_large(display, limits));
    }
    Ok(read)
}

/// Read every page of `pages`; `None` when the file is not a file of pages.
fn read_pages<R: BufRead>(
    pages: &mut Pages<'_, R>,
    forced: Option<InputKind>,
) -> std::io::Result<Option<LoadedInput>> {
    let mut sample: Vec<Vec<Item>> = Vec::new();
    while sample.iter().map(Vec::len).sum::<usize>() < SAMPLE {
        match pages.next()? {
            Next::Page(items) => sample.push(items),
            Next::End => break,
            Next::NotPages => return Ok(None),
        }
    }
    let Some(shape) = pages.shape.clone() else {
        return Ok(None);
    };
    let items: Vec<Item> = sample.iter().flatten().cloned().collect();
    let doc = document(Syntax::JsonLines, shape.clone(), items);
    if detect::is_directory(&doc) {
        return Ok(None);
    }
    let kind = match detect::classify(&doc, forced) {
        Ok(InputKind::Config) | Err(_) => return Ok(None),
        Ok(kind) => kind,
    };
    drop(doc);
    let mut out = Out::new(pages.display, kind, forced, shape);
    for items in sample {
        out.add(items);
    }
    loop {
        match pages.next()? {
            Next::Page(items) => out.add(items),
            Next::End => break,
            Next::NotPages => return Ok(None),
        }
    }
    Ok((pages.lines > 1).then(|| out.finish(pages)))
}

/// The records of the pages read so far, normalized, and what was noted about them.
struct Out<'a> {
    display: &'a str,
    kind: InputKind,
    forced: Option<InputKind>,
    shape: Shape,
    records: Vec<Record>,
    /// Records of the other SCIM kind that pages of a mixed `ListResponse` hold.
    also: Option<(InputKind, Vec<Record>)>,
    skipped: Vec<Skipped>,
    also_skipped: Vec<Skipped>,
    not_provisioning: NotProvisioning,
    held: usize,
}

impl<'a> Out<'a> {
    fn new(display: &'a str, kind: InputKind, forced: Option<InputKind>, shape: Shape) -> Self {
        Self {
            display,
            kind,
            forced,
            shape,
            records: Vec::new(),
            also: None,
            skipped: Vec::new(),
            also_skipped: Vec::new(),
            not_provisioning: NotProvisioning::default(),
            held: 0,
        }
    }

    /// Normalize the records of one page.
    fn add(&mut self, items: Vec<Item>) {
        self.held += items.len();
        let (mine, other) = scim::split_resources(&self.shape, items, self.kind, self.forced);
        let mut sink = normalize(self.kind, mine, self.display);
        self.records.extend(sink.take_records());
        self.skipped.append(&mut sink.skipped);
        self.not_provisioning.merge(sink.not_provisioning);
        if let Some((other_kind, items)) = other {
            let mut sink = normalize(other_kind, items, self.display);
            let also = self.also.get_or_insert_with(|| (other_kind, Vec::new()));
            also.1.extend(sink.take_records());
            self.also_skipped.append(&mut sink.skipped);
        }
    }

    /// The file as loaded, with the notes of the lines read (as the whole read orders
    /// them: by place, notes about the text first).
    fn finish<R>(self, pages: &mut Pages<'_, R>) -> LoadedInput {
        let paging = combined(&pages.each, self.held);
        let page = short(&[&paging], paging.held);
        let mut skipped = std::mem::take(&mut pages.warnings);
        skipped.append(&mut pages.skipped);
        skipped.extend(self.skipped);
        skipped.extend(self.also_skipped);
        skipped.sort_by_key(|s| (s.location.line, s.location.column));
        LoadedInput {
            path: self.display.to_owned(),
            kind: self.kind,
            records: self.records,
            skipped,
            not_provisioning: self.not_provisioning,
            text: None,
            also: self.also.into_iter().collect(),
            paging: Some(paging),
            page,
        }
    }
}

/// What the next line gave.
enum Next {
    /// The records of a page, at their places.
    Page(Vec<Item>),
    End,
    /// A line that is not a page of the shape of the first: not a file of pages.
    NotPages,
}

/// The lines of a file read one at a time, as pages.
struct Pages<'a, R> {
    reader: R,
    display: &'a str,
    max_depth: usize,
    /// The longest first line that is still one page among others (half the file).
    first_at_most: u64,
    /// The shape of the first page; every page has it.
    shape: Option<Shape>,
    /// What each page says of the list, in order.
    each: Vec<Paging>,
    /// Lines that are not JSON objects, with why; notes about the text of a line.
    skipped: Vec<Skipped>,
    warnings: Vec<Skipped>,
    /// The number of the last line read, the non-blank lines, and the bytes read.
    number: u32,
    lines: usize,
    bytes: u64,
}

impl<'a, R: BufRead> Pages<'a, R> {
    fn new(reader: R, display: &'a str, max_depth: usize, first_at_most: u64) -> Self {
        Self {
            reader,
            display,
            max_depth,
            first_at_most,
            shape: None,
            each: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            number: 0,
            lines: 0,
            bytes: 0,
        }
    }

    /// The records of the next page; a line that is not JSON (or not an object) is noted
    /// as the whole read notes it, and passed over.
    fn next(&mut self) -> std::io::Result<Next> {
        loop {
            let Some(line) = self.line()? else {
                return Ok(Next::End);
            };
            if line.trim().is_empty() {
                continue;
            }
            self.lines += 1;
            let item = match json_line(&line, self.number, self.display, self.max_depth) {
                Ok(item) => item,
                Err(_) if self.shape.is_none() => return Ok(Next::NotPages),
                Err(skipped) => {
                    self.skipped.push(skipped);
                    continue;
                }
            };
            return Ok(self.page(&line, item));
        }
    }

    /// The records of the page `item` read from `line`.
    fn page(&mut self, line: &str, item: Item) -> Next {
        let shape = item.value.as_object().and_then(page_shape);
        match (&self.shape, shape) {
            (None, Some(shape)) => self.shape = Some(shape),
            (Some(first), Some(shape)) if *first == shape => {}
            _ => return Next::NotPages,
        }
        let key = self.shape.as_ref().map(records_key).unwrap_or_default();
        let at = places(line, &item, &key);
        let (records, paging) = page_records(item, &key, at);
        self.each.extend(paging);
        Next::Page(records)
    }

    /// The next line without its line end (a byte-order mark dropped from the first,
    /// invalid UTF-8 replaced and noted); `None` at the end of the file, or when the
    /// first line is too long to be one page among others.
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut bytes = Vec::new();
        let read = if self.number == 0 {
            let limit = self.first_at_most.saturating_add(1);
            let n = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut bytes)?;
            if n as u64 >= limit && !bytes.ends_with(b"\n") {
                return Ok(None);
            }
            n
        } else {
            self.reader.read_until(b'\n', &mut bytes)?
        };
        if read == 0 {
            return Ok(None);
        }
        self.bytes += read as u64;
        self.number = self.number.saturating_add(1);
        if self.number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if bytes.ends_with(b"\n") {
            bytes.pop();
        }
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
        Ok(Some(String::from_utf8(bytes).unwrap_or_else(|err| {
            self.warnings.push(invalid_text(self.display, self.number));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        })))
    }
}

/// The line and column of each record of the page `item` (under `key`) in its `line`.
fn places(line: &str, item: &Item, key: &str) -> Option<Vec<(u32, u32)>> {
    let index = LineIndex::new(line);
    let start = index.offset(1, item.column)?;
    let offsets = crate::input::scan::element_offsets(line.get(start..)?, Some(key))?;
    let at = offsets.into_iter().map(|o| {
        let (_, column) = index.position(start + o);
        (item.line, column)
    });
    Some(at.collect())
}
