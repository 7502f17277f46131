//! A JSON array log read as a stream: the elements of a top-level array, or of the records
//! array of a wrapper object (`{"value": [...]}` and the like), are cut out one at a time
//! by a byte scanner and parsed alone, so a 250 MB array costs one element of memory, not
//! a tree of the whole file. Elements keep the line and column of their first byte, as a
//! whole-file load gives them.

use super::array_scan::{read, Element, Stop};
use super::batcher::Batcher;
use super::pieces::Piece;
use super::stream::{Streamed, SAMPLE};
use crate::input::detect::{self, Shape};
use crate::input::syntax::{self, Document, Item, Syntax};
use crate::input::{InputError, InputKind, Limits};
use crate::model::{Location, Skipped};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Stream the records array of the file at `path` through a [`Batcher`]; a file that
/// holds no records array (a lone object) is read whole instead.
pub(super) fn stream(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    limits: &Limits,
    on_piece: &mut dyn FnMut(Piece),
) -> Result<Streamed, InputError> {
    let unreadable = |source| InputError::Unreadable {
        path: display.to_owned(),
        source,
    };
    let file = File::open(path).map_err(unreadable)?;
    let mut batcher = Batcher::new(display, kind, on_piece);
    let mut held = 0usize;
    let read = read(
        BufReader::with_capacity(1 << 16, file),
        limits.max_line_bytes,
        &mut |element| {
            held += 1;
            if element.repaired {
                let note = crate::input::read::invalid_text(display, element.line);
                batcher.skipped.push(note);
            }
            batcher.push(item(element, display, limits))
        },
    );
    match read {
        Ok(Ok(members)) => {
            let page = short_page(&members, held);
            let kind = batcher.finish()?;
            Ok(Streamed { kind, page })
        }
        Ok(Err(err)) => Err(err),
        Err(Stop::Io(source)) => Err(unreadable(source)),
        Err(Stop::NotAnArray) => {
            drop(batcher);
            super::stream::whole(path, display, kind, limits, on_piece)
        }
        Err(Stop::Broken { line, column, what }) => Err(InputError::Malformed {
            path: display.to_owned(),
            line,
            column,
            reason: what,
        }),
    }
}

/// Why the streamed file is one page of a longer list, when the wrapper's members
/// (around `held` records) say so.
fn short_page(members: &Map<String, Value>, held: usize) -> Option<String> {
    let paging = crate::input::paging::paging_of(members, held)?;
    crate::input::paging::short(&[&paging], held)
}

/// The candidate record of an element, or why it is skipped; a repaired element is noted.
fn item(element: Element, display: &str, limits: &Limits) -> Result<Item, Skipped> {
    let Some(text) = element.text else {
        return Err(Skipped {
            location: Location::new(display, element.line, element.column),
            reason: format!(
                "an element longer than {} bytes (--max-line-length), skipped unread",
                limits.max_line_bytes
            ),
        });
    };
    let shift = element.column.saturating_sub(1);
    let mut found = syntax::json_line(&text, element.line, display, limits.max_depth);
    match &mut found {
        Ok(item) => item.column = element.column,
        Err(skipped) if skipped.location.line == element.line => {
            skipped.location.column = skipped.location.column.saturating_add(shift);
        }
        Err(_) => {}
    }
    found
}

/// The kind of a JSON array (or wrapper) log told from the first elements in `head`, the
/// first bytes of a file too large to parse whole; for a CSV head that is an admin
/// console's download synclint does not read, the provider log it stands for, so that
/// streaming refuses it at its header (see `input/console_csv.rs`); `None` when the head
/// does not tell.
#[must_use]
pub fn sniff_kind(head: &[u8], display: &str, limits: &Limits) -> Option<InputKind> {
    let mut items = Vec::new();
    let _ = read(head, limits.max_line_bytes, &mut |element| {
        if let Ok(item) = item(element, display, limits) {
            items.push(item);
        }
        if items.len() >= SAMPLE {
            Err(())
        } else {
            Ok(())
        }
    });
    let doc = Document {
        syntax: Syntax::JsonArray,
        shape: Shape::List,
        items,
        skipped: Vec::new(),
        columns: Vec::new(),
        paging: None,
    };
    detect::classify(&doc, None)
        .ok()
        .or_else(|| crate::input::console_csv::head_kind(head, display, limits))
}
