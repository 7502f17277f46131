//! A file that saved every page of a list one after another: a JSON array or JSON lines
//! whose every record is a page (the same wrapper key, and a SCIM `ListResponse` or a
//! paging field on each), as a script that saves each page of a response writes.

use super::{paging_of, Paging};
use crate::input::detect::{object_shape, Shape};
use crate::input::keys::loose;
use crate::input::read::LineIndex;
use crate::input::syntax::{Document, Item};
use serde_json::Value;

/// Keys (loose form) that mark a response page of an API: without one, objects that each
/// hold a list are records, not pages.
const PAGE_SIGNS: &[&str] = &[
    "@odata.context",
    "@odata.nextlink",
    "totalcount",
    "totalresults",
];

/// Make a file of pages (its `text`) the records of its pages, in order, each at its own
/// line and column, with what the pages say of the list together: the largest total,
/// the first start, and whether the last Graph page links a next one.
pub(crate) fn flatten_pages(doc: &mut Document, text: &str) {
    if doc.shape != Shape::List || doc.items.is_empty() {
        return;
    }
    let Some(shape) = pages_shape(&doc.items) else {
        return;
    };
    let Shape::Wrapper(wrapper) = &shape else {
        return;
    };
    let key = wrapper.key.clone().unwrap_or_default();
    let index = LineIndex::new(text);
    // Where each page starts: from the array's own scan, else from its line and column.
    let starts = match doc.syntax {
        crate::input::syntax::Syntax::JsonArray => {
            crate::input::scan::element_offsets(text, None).filter(|o| o.len() == doc.items.len())
        }
        _ => None,
    };
    let mut each: Vec<Paging> = Vec::new();
    for (n, page) in std::mem::take(&mut doc.items).into_iter().enumerate() {
        let start = starts.as_ref().and_then(|s| s.get(n).copied());
        let at = places(&index, text, &page, start, &key);
        let Value::Object(mut map) = page.value else {
            continue;
        };
        let records = match map.remove(&key) {
            Some(Value::Array(records)) => records,
            _ => Vec::new(),
        };
        each.extend(paging_of(&map, records.len()));
        let places = at.filter(|at| at.len() == records.len());
        doc.items
            .extend(records.into_iter().enumerate().map(|(i, value)| {
                let (line, column) = places
                    .as_ref()
                    .and_then(|at| at.get(i).copied())
                    .unwrap_or((page.line, page.column));
                Item {
                    value,
                    line,
                    column,
                }
            }));
    }
    doc.paging = Some(Paging {
        total: each.iter().filter_map(|p| p.total).max_by_key(|(n, _)| *n),
        start: each.iter().filter_map(|p| p.start).min(),
        next: each.last().and_then(|p| p.next),
        held: doc.items.len(),
    });
    doc.shape = shape;
}

/// The line and column of each record of `page` (under `key`), found in `text` from
/// where the page starts (`start`, else where its line and column say).
fn places(
    index: &LineIndex<'_>,
    text: &str,
    page: &Item,
    start: Option<usize>,
    key: &str,
) -> Option<Vec<(u32, u32)>> {
    let start = start.or_else(|| index.offset(page.line, page.column))?;
    let offsets = crate::input::scan::element_offsets(text.get(start..)?, Some(key))?;
    Some(
        offsets
            .into_iter()
            .map(|o| index.position(start + o))
            .collect(),
    )
}

/// The wrapper shape every item shares, when each is a page of one list.
fn pages_shape(items: &[Item]) -> Option<Shape> {
    let mut shared: Option<Shape> = None;
    for item in items {
        let map = item.value.as_object()?;
        let shape = object_shape(map);
        let Shape::Wrapper(wrapper) = &shape else {
            return None;
        };
        // Azure Monitor writes its batches (`records`) one per line, with no paging field.
        let batch = wrapper
            .key
            .as_deref()
            .is_some_and(|k| loose(k) == "records");
        let paged = wrapper.list_response
            || batch
            || map.keys().any(|k| PAGE_SIGNS.contains(&loose(k).as_str()));
        if !paged || wrapper.key.is_none() {
            return None;
        }
        match &shared {
            Some(first) if *first != shape => return None,
            Some(_) => {}
            None => shared = Some(shape),
        }
    }
    shared
}
