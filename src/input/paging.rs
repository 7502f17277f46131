//! Exports that hold one page of a longer list. An API answers a list in pages, and a
//! response saved as it came (`curl ... > users.json`) keeps only the first: a SCIM
//! `ListResponse` says how many resources there are in all (`totalResults`) and where
//! the page starts (`startIndex`, RFC 7644 section 3.4.2.4), Incydr's users page says
//! `totalCount`, and Microsoft Graph links the next page (`@odata.nextLink`). A snapshot
//! read from one page is not the whole directory: users on the other pages would look
//! absent, so synclint says the file is one page and the join does not take users
//! missing from it as absent (see `model::join`).

use super::keys::get_loose;
use serde_json::{Map, Value};

/// Why the `held` records of the wrapper object `map` are one page of a longer list,
/// when its paging fields say so.
pub(crate) fn one_page(map: &Map<String, Value>, held: usize) -> Option<String> {
    let number = |name: &str| get_loose(map, name).and_then(Value::as_u64);
    let next = get_loose(map, "@odata.nextLink")
        .and_then(Value::as_str)
        .filter(|link| !link.trim().is_empty());
    if next.is_some() {
        return Some("`@odata.nextLink` links a next page, which is not in the file".to_owned());
    }
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
