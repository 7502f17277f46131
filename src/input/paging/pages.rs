//! A file that saved every page of a list one after another: a JSON array or JSON lines
//! whose every record is a page (the same wrapper key, and a SCIM `ListResponse` or a
//! paging field on each), as a script that saves each page of a response writes. The
//! pieces here serve both the whole read ([`flatten_pages`]) and the read page by page
//! of a large JSON lines file (`stream.rs`).

use super::{paging_of, Paging};
use crate::input::detect::{object_shape, Shape};
use crate::input::keys::loose;
use crate::input::read::LineIndex;
use crate::input::syntax::{Document, Item};
use serde_json::{Map, Value};

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
    let key = records_key(&shape);
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
        let (records, paging) = page_records(page, &key, at);
        each.extend(paging);
        doc.items.extend(records);
    }
    doc.paging = Some(combined(&each, doc.items.len()));
    doc.shape = shape;
}

/// The key that holds a page's records (empty when the shape names none).
pub(super) fn records_key(shape: &Shape) -> String {
    match shape {
        Shape::Wrapper(wrapper) => wrapper.key.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The records of one page, each at its place in `at` when there is one for each (else
/// where the page starts), and what the page says of its list.
pub(super) fn page_records(
    page: Item,
    key: &str,
    at: Option<Vec<(u32, u32)>>,
) -> (Vec<Item>, Option<Paging>) {
    let Value::Object(mut map) = page.value else {
        return (Vec::new(), None);
    };
    let records = match map.remove(key) {
        Some(Value::Array(records)) => records,
        _ => Vec::new(),
    };
    let paging = paging_of(&map, records.len());
    let places = at.filter(|at| at.len() == records.len());
    let items = records.into_iter().enumerate().map(|(i, value)| {
        let (line, column) = places
            .as_ref()
            .and_then(|at| at.get(i).copied())
            .unwrap_or((page.line, page.column));
        Item {
            value,
            line,
            column,
        }
    });
    (items.collect(), paging)
}

/// What the pages of a file (`each`, in file order) say of the list together, for the
/// `held` records they hold: the largest total, the first start, and whether the last
/// page with a paging field links a next one.
pub(super) fn combined(each: &[Paging], held: usize) -> Paging {
    Paging {
        total: each.iter().filter_map(|p| p.total).max_by_key(|(n, _)| *n),
        start: each.iter().filter_map(|p| p.start).min(),
        next: each.last().and_then(|p| p.next),
        held,
    }
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
        let shape = page_shape(item.value.as_object()?)?;
        match &shared {
            Some(first) if *first != shape => return None,
            Some(_) => {}
            None => shared = Some(shape),
        }
    }
    shared
}

/// The wrapper shape of `map` when it is a page of a list: a wrapper with a key for its
/// records, and a SCIM `ListResponse`, a paging field or an Azure Monitor batch.
pub(super) fn page_shape(map: &Map<String, Value>) -> Option<Shape> {
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
    (paged && wrapper.key.is_some()).then_some(shape)
}
