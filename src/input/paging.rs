//! Exports that hold one page of a longer list. An API answers a list in pages, and a
//! response saved as it came (`curl ... > users.json`) keeps only the first: a SCIM
//! `ListResponse` says how many resources there are in all (`totalResults`) and where
//! the page starts (`startIndex`, RFC 7644 section 3.4.2.4), Incydr's users page says
//! `totalCount`, and Microsoft Graph links the next page (`@odata.nextLink`). A snapshot
//! read from one page is not the whole directory: users on the other pages would look
//! absent, so synclint says the file is one page and the join does not take users
//! missing from it as absent (see `model::join`). A file that saved every page one
//! after another (a JSON array or JSON lines of pages) is read as the list they make.

use super::detect::{object_shape, Shape};
use super::keys::{get_loose, loose};
use super::syntax::{Document, Item};
use serde_json::{Map, Value};

/// Keys (loose form) that mark a response page of an API: without one, objects that each
/// hold a list are records, not pages.
const PAGE_SIGNS: &[&str] = &[
    "@odata.context",
    "@odata.nextlink",
    "totalcount",
    "totalresults",
];

/// Why the `held` records of the wrapper object `map` are one page of a longer list,
/// when its paging fields say so.
pub(crate) fn one_page(map: &Map<String, Value>, held: usize) -> Option<String> {
    next_page(map).or_else(|| short_of_total(map, held))
}

/// Why a page links a next one, if it does.
fn next_page(map: &Map<String, Value>) -> Option<String> {
    get_loose(map, "@odata.nextLink")
        .and_then(Value::as_str)
        .filter(|link| !link.trim().is_empty())
        .map(|_| "`@odata.nextLink` links a next page, which is not in the file".to_owned())
}

/// Why the `held` records fall short of what a first page says there are, if they do.
fn short_of_total(map: &Map<String, Value>, held: usize) -> Option<String> {
    let number = |name: &str| get_loose(map, name).and_then(Value::as_u64);
    if let Some(start) = number("startIndex").filter(|&s| s > 1) {
        return Some(format!(
            "`startIndex` is {start}: the file starts after the first page"
        ));
    }
    for total_key in ["totalResults", "totalCount"] {
        if let Some(total) = number(total_key).filter(|&t| t > held as u64) {
            return Some(format!(
                "`{total_key}` is {total}, but the file holds {held} record(s)"
            ));
        }
    }
    None
}

/// A JSON array or JSON lines file whose every record is a page of one list (the same
/// wrapper key, and a SCIM `ListResponse` or a paging field on each: what a script that
/// saves every page of a response writes) becomes the records of the pages, in order,
/// each at the line of its page. Whether the pages are the whole list is read from the
/// first page's `startIndex` and total and the last page's `@odata.nextLink`.
pub(crate) fn flatten_pages(doc: &mut Document) {
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
    let pages = std::mem::take(&mut doc.items);
    let first = pages.first().and_then(|p| p.value.as_object()).cloned();
    let last = pages.last().and_then(|p| p.value.as_object()).cloned();
    for page in pages {
        let (line, column) = (page.line, page.column);
        let Value::Object(mut map) = page.value else {
            continue;
        };
        let records = match map.remove(&key) {
            Some(Value::Array(records)) => records,
            _ => Vec::new(),
        };
        doc.items.extend(records.into_iter().map(|value| Item {
            value,
            line,
            column,
        }));
    }
    let held = doc.items.len();
    let next = last.and_then(|l| next_page(&l));
    doc.page = next.or_else(|| first.and_then(|f| short_of_total(&f, held)));
    doc.shape = shape;
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
        let paged =
            wrapper.list_response || map.keys().any(|k| PAGE_SIGNS.contains(&loose(k).as_str()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(value: Value, held: usize) -> Option<String> {
        value.as_object().and_then(|map| one_page(map, held))
    }

    #[test]
    fn a_complete_list_is_not_a_page() {
        let scim = json!({"totalResults": 2, "itemsPerPage": 2, "startIndex": 1, "Resources": []});
        assert_eq!(page(scim, 2), None);
        assert_eq!(page(json!({"totalCount": 3, "users": []}), 3), None);
        assert_eq!(page(json!({"value": [], "@odata.nextLink": ""}), 0), None);
        assert_eq!(page(json!({"value": []}), 0), None);
    }

    fn parsed(text: &str) -> Document {
        crate::input::syntax::parse(text, "pages.json", 64).unwrap_or_else(|m| panic!("{m:?}"))
    }

    fn scim_page(start: u64, users: &[&str]) -> Value {
        let resources: Vec<Value> = users.iter().map(|u| json!({"userName": u})).collect();
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
               "totalResults": 3, "itemsPerPage": 2, "startIndex": start, "Resources": resources})
    }

    fn names(doc: &Document) -> Vec<(String, u32)> {
        let name = |i: &Item| i.value["userName"].as_str().unwrap_or("").to_owned();
        doc.items.iter().map(|i| (name(i), i.line)).collect()
    }

    #[test]
    fn every_page_saved_in_one_file_is_the_whole_list() {
        let pages = [scim_page(1, &["a", "b"]), scim_page(3, &["c"])];
        let lines: String = pages.iter().map(|p| format!("{p}\n")).collect();
        let doc = parsed(&lines);
        assert_eq!(
            names(&doc),
            [("a".into(), 1), ("b".into(), 1), ("c".into(), 2)]
        );
        assert_eq!(doc.page, None);
        assert!(matches!(&doc.shape, Shape::Wrapper(w) if w.list_response));
        let array = parsed(&json!(pages).to_string());
        assert_eq!(array.items.len(), 3);
        assert_eq!(array.page, None);
    }

    #[test]
    fn saved_pages_that_stop_short_say_so() {
        let first_only = parsed(&json!([scim_page(1, &["a", "b"])]).to_string());
        assert_eq!(
            first_only.page.as_deref(),
            Some("`totalResults` is 3, but the file holds 2 record(s)")
        );
        let graph = |next: Option<&str>| {
            let mut page = json!({"@odata.context": "ctx", "value": [{"id": "1"}]});
            if let Some(link) = next {
                page["@odata.nextLink"] = json!(link);
            }
            page
        };
        let ends_linked = parsed(&json!([graph(Some("n1")), graph(Some("n2"))]).to_string());
        assert!(ends_linked
            .page
            .is_some_and(|p| p.contains("@odata.nextLink")));
        let complete = parsed(&json!([graph(Some("n1")), graph(None)]).to_string());
        assert_eq!((complete.items.len(), complete.page), (2, None));
    }

    #[test]
    fn records_that_hold_a_list_are_not_pages() {
        let roles = parsed(r#"[{"userId": "1", "roles": [{"roleId": "r"}]}]"#);
        assert_eq!(roles.items.len(), 1);
        assert_eq!(roles.items[0].value["userId"], "1");
        let plain = parsed(r#"[{"value": [1, 2]}, {"value": [3]}]"#);
        assert_eq!((plain.items.len(), plain.shape), (2, Shape::List));
    }

    #[test]
    fn paging_fields_that_say_more_pages_exist() {
        let scim = json!({"totalResults": 3, "itemsPerPage": 2, "startIndex": 1});
        assert_eq!(
            page(scim, 2).as_deref(),
            Some("`totalResults` is 3, but the file holds 2 record(s)")
        );
        let later = json!({"totalResults": 3, "startIndex": 3});
        assert_eq!(
            page(later, 1).as_deref(),
            Some("`startIndex` is 3: the file starts after the first page")
        );
        let incydr = json!({"totalCount": 250, "users": []});
        assert!(page(incydr, 100).is_some_and(|r| r.contains("`totalCount` is 250")));
        let graph = json!({"@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/provisioning?$skiptoken=x"});
        assert!(page(graph, 50).is_some_and(|r| r.contains("@odata.nextLink")));
    }
}
