//! Judging the files of one run that hold pages: pages saved as separate files may make
//! the whole list between them, and a page may sit next to a complete export of the same
//! dataset (an earlier `curl` of the first page beside a full export) that holds every
//! record the page holds. Such a page is covered: the complete file is the whole list, so
//! the page does not make its dataset one page of a longer list.

use super::{list_of, short, Paging};
use crate::input::LoadedInput;
use crate::model::join_sides::{console_key, idp_key};
use crate::model::{dataset, Record};
use std::collections::{BTreeMap, HashSet};

/// Which list a file's pages belong to: the total they give (none for Graph pages) and
/// the datasets the file holds. Files with the same key are pages of one list.
type List = (Option<u64>, Vec<&'static str>);

fn list(file: &LoadedInput) -> Option<List> {
    let paging = file.paging.as_ref()?;
    let datasets = file.parts().filter_map(|(k, _)| k.dataset()).collect();
    Some((list_of(paging), datasets))
}

/// Set each paged file's `page`: why the list it belongs to is not whole, or `None`
/// when the pages of that list (judged together) are whole, or when complete files of
/// the same datasets hold every record the list's pages hold.
pub fn judge(loaded: &mut [LoadedInput]) {
    let mut verdicts: BTreeMap<List, Option<String>> = BTreeMap::new();
    for key in loaded.iter().filter_map(list) {
        if let std::collections::btree_map::Entry::Vacant(entry) = verdicts.entry(key) {
            let verdict = verdict(loaded, entry.key());
            entry.insert(verdict);
        }
    }
    let short_lists: Vec<List> = verdicts
        .iter()
        .filter(|(_, why)| why.is_some())
        .map(|(key, _)| key.clone())
        .collect();
    for key in short_lists {
        if covered(loaded, &key, &verdicts) {
            verdicts.insert(key, None);
        }
    }
    for file in loaded.iter_mut() {
        if let Some(key) = list(file) {
            file.page = verdicts.get(&key).cloned().flatten();
        }
    }
}

/// What the pages of list `key` say together (see [`short`]).
fn verdict(loaded: &[LoadedInput], key: &List) -> Option<String> {
    let files: Vec<&LoadedInput> = loaded
        .iter()
        .filter(|f| list(f).as_ref() == Some(key))
        .collect();
    let pages: Vec<&Paging> = files.iter().filter_map(|f| f.paging.as_ref()).collect();
    // A record given twice (the same page saved twice) counts once; an element of a
    // page that did not become a record (skipped) still counts as held.
    let distinct: HashSet<String> = files
        .iter()
        .flat_map(|f| f.parts().flat_map(|(_, records)| records))
        .map(|r| r.value.to_string())
        .collect();
    let unread: usize = files
        .iter()
        .map(|f| {
            let read: usize = f.parts().map(|(_, records)| records.len()).sum();
            f.paging.as_ref().map_or(0, |p| p.held.saturating_sub(read))
        })
        .sum();
    short(&pages, distinct.len() + unread)
}

/// Whether complete files (not pages, or pages of a whole list) hold, for each dataset
/// of list `key`, every record its pages hold. A page whose records did not all become
/// records (some were skipped) is never covered: what was skipped cannot be compared.
fn covered(loaded: &[LoadedInput], key: &List, verdicts: &BTreeMap<List, Option<String>>) -> bool {
    let pages: Vec<&LoadedInput> = loaded
        .iter()
        .filter(|f| list(f).as_ref() == Some(key))
        .collect();
    let all_read = pages.iter().all(|f| {
        let read: usize = f.parts().map(|(_, records)| records.len()).sum();
        f.paging.as_ref().is_none_or(|p| p.held <= read)
    });
    let complete = |f: &&LoadedInput| match list(f) {
        None => true,
        Some(other) => other != *key && verdicts.get(&other).is_some_and(Option::is_none),
    };
    let whole: Vec<&LoadedInput> = loaded.iter().filter(complete).collect();
    all_read
        && key.1.iter().all(|name| {
            let held: HashSet<String> = records_of(&whole, name)
                .map(|r| identity(name, r))
                .collect();
            let mut listed = records_of(&pages, name).peekable();
            listed.peek().is_some() && listed.all(|r| held.contains(&identity(name, r)))
        })
}

/// The records of dataset `name` in `files`.
fn records_of<'a>(files: &'a [&LoadedInput], name: &'a str) -> impl Iterator<Item = &'a Record> {
    files
        .iter()
        .flat_map(|f| f.parts())
        .filter(move |(kind, _)| kind.dataset() == Some(name))
        .flat_map(|(_, records)| records)
}

/// Which entry of dataset `name` a record is: the keys the join uses for users (an IdP
/// user's `id`, a console user's `userId` else `username`), else the first key field
/// of the dataset that has a value, else the whole record.
fn identity(name: &str, record: &Record) -> String {
    let keyed = match name {
        dataset::IDP_USERS => idp_key(record),
        dataset::CONSOLE_USERS => console_key(record),
        _ => None,
    };
    if let Some((field, value)) = keyed {
        return format!("{field}:{value}");
    }
    let fields: &[&str] = match name {
        dataset::IDP_USERS => &["userName"],
        dataset::IDP_GROUPS => &["id", "displayName"],
        dataset::ROLES => &["roleId", "roleName"],
        dataset::ORGANIZATIONS => &["orgGuid", "orgName"],
        dataset::DIRECTORY_GROUPS => &["groupId", "name"],
        _ => &[],
    };
    fields
        .iter()
        .find_map(|field| {
            let value = record.str_field(field)?.trim().to_lowercase();
            (!value.is_empty()).then(|| format!("{field}:{value}"))
        })
        .unwrap_or_else(|| record.value.to_string())
}
