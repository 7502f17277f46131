//! Exports that hold one page of a longer list. An API answers a list in pages, and a
//! response saved as it came (`curl ... > users.json`) keeps only the first: a SCIM
//! `ListResponse` says how many resources there are in all (`totalResults`) and where
//! the page starts (`startIndex`, RFC 7644 section 3.4.2.4), Incydr's users page says
//! `totalCount`, and Microsoft Graph links the next page (`@odata.nextLink`). A snapshot
//! read from one page is not the whole directory: users on the other pages would look
//! absent, so synclint says the file is one page and the join does not take users
//! missing from it as absent (see `model::join`).
//!
//! Pages saved one after another in one file (a JSON array or JSON lines of pages, see
//! [`pages`]) are read as the list they make (a large JSON lines file one page at a time,
//! see [`stream`]), and pages saved as separate files are
//! judged together: what [`short`] says of all the pages of one dataset, unless a
//! complete export of the same dataset holds every record of the pages ([`judge`]).

mod judge;
mod pages;
pub(crate) mod stream;

pub use judge::judge;
pub(crate) use pages::flatten_pages;

use super::keys::get_loose;
use serde_json::{Map, Value};

/// What the paging fields of a page (or of the pages of one file) say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    /// How many records the whole list has, and the key that says so
    /// (`totalResults`, `totalCount`).
    pub total: Option<(u64, &'static str)>,
    /// `startIndex`: the 1-based place of the page's first record in the list.
    pub start: Option<u64>,
    /// For a Microsoft Graph page (`@odata.context`): whether it links a next page.
    pub next: Option<bool>,
    /// The records the page (or the file's pages) holds.
    pub held: usize,
}

/// What the wrapper object `map`, holding `held` records, says of its paging; `None`
/// when it has no paging field.
pub(crate) fn paging_of(map: &Map<String, Value>, held: usize) -> Option<Paging> {
    let number = |name: &str| get_loose(map, name).and_then(Value::as_u64);
    let total = ["totalResults", "totalCount"]
        .into_iter()
        .find_map(|key| number(key).map(|n| (n, key)));
    let link = get_loose(map, "@odata.nextLink");
    let graph = link.is_some() || get_loose(map, "@odata.context").is_some();
    let next = graph.then(|| {
        link.and_then(Value::as_str)
            .is_some_and(|l| !l.trim().is_empty())
    });
    let paging = Paging {
        total,
        start: number("startIndex"),
        next,
        held,
    };
    (paging
        != Paging {
            held,
            ..Paging::default()
        })
    .then_some(paging)
}

/// Why `pages` (the pages read of one list: of one file, or of the files that hold
/// pages of the same list) are not the whole list, if they are not: the last Graph page
/// is missing (every one links a next), or the `held` records (counted once each) are
/// fewer than the total says, or none starts at the first record.
pub(crate) fn short(pages: &[&Paging], held: usize) -> Option<String> {
    let one = pages.len() == 1;
    let graph: Vec<bool> = pages.iter().filter_map(|p| p.next).collect();
    if !graph.is_empty() && graph.iter().all(|&next| next) {
        let which = if one { "the file" } else { "the files read" };
        return Some(format!(
            "`@odata.nextLink` links a next page, which is not in {which}"
        ));
    }
    let total = pages.iter().filter_map(|p| p.total).max_by_key(|(n, _)| *n);
    if let Some((total, key)) = total.filter(|(n, _)| *n > held as u64) {
        let files = if one {
            "the file holds".to_owned()
        } else {
            format!("the {} files of this list hold", pages.len())
        };
        return Some(format!("`{key}` is {total}, but {files} {held} record(s)"));
    }
    let first = pages.iter().map(|p| p.start).collect::<Option<Vec<u64>>>();
    match first.and_then(|starts| starts.into_iter().min()) {
        Some(start) if start > 1 && total.is_none() => Some(format!(
            "`startIndex` is {start}: the first page is not in {}",
            if one { "the file" } else { "the files read" }
        )),
        _ => None,
    }
}

/// Which list a page belongs to, for judging pages of several files together: pages
/// that give the same total are pages of one list, and Graph pages (which give none)
/// are pages of one list per dataset.
pub(crate) fn list_of(paging: &Paging) -> Option<u64> {
    paging.total.map(|(n, _)| n)
}

#[cfg(test)]
mod tests;
