//! Tests of [`super`]: one page, the pages of one file, and pages of several files.

use super::*;
use crate::input::detect::Shape;
use crate::input::syntax::{Document, Item};
use serde_json::json;

fn paging(value: &Value, held: usize) -> Option<Paging> {
    value.as_object().and_then(|map| paging_of(map, held))
}

/// What one page says of itself.
fn page(value: Value, held: usize) -> Option<String> {
    paging(&value, held).and_then(|p| short(&[&p], held))
}

#[test]
fn a_complete_list_is_not_a_page() {
    let scim = json!({"totalResults": 2, "itemsPerPage": 2, "startIndex": 1, "Resources": []});
    assert_eq!(page(scim, 2), None);
    assert_eq!(page(json!({"totalCount": 3, "users": []}), 3), None);
    assert_eq!(page(json!({"value": [], "@odata.nextLink": ""}), 0), None);
    assert_eq!(page(json!({"value": [], "@odata.nextLink": null}), 0), None);
    assert_eq!(paging(&json!({"value": []}), 0), None);
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
        Some("`totalResults` is 3, but the file holds 1 record(s)")
    );
    let no_total = json!({"startIndex": 3, "Resources": []});
    assert_eq!(
        page(no_total, 1).as_deref(),
        Some("`startIndex` is 3: the first page is not in the file")
    );
    let incydr = json!({"totalCount": 250, "users": []});
    assert!(page(incydr, 100).is_some_and(|r| r.contains("`totalCount` is 250")));
    let graph = json!({"@odata.nextLink": "https://graph.microsoft.com/beta/auditLogs/provisioning?$skiptoken=x"});
    assert!(page(graph, 50).is_some_and(|r| r.contains("@odata.nextLink")));
}

#[test]
fn pages_in_separate_files_are_judged_together() {
    let first = paging(&json!({"totalResults": 3, "startIndex": 1}), 2).unwrap_or_default();
    let second = paging(&json!({"totalResults": 3, "startIndex": 3}), 1).unwrap_or_default();
    assert_eq!(short(&[&first, &second], 3), None);
    assert_eq!(
        short(&[&first], 2).as_deref(),
        Some("`totalResults` is 3, but the file holds 2 record(s)")
    );
    let linked =
        paging(&json!({"@odata.context": "c", "@odata.nextLink": "n"}), 5).unwrap_or_default();
    let last = paging(&json!({"@odata.context": "c"}), 2).unwrap_or_default();
    assert_eq!(short(&[&linked, &last], 7), None);
    assert_eq!(
        short(&[&linked, &linked], 5).as_deref(),
        Some("`@odata.nextLink` links a next page, which is not in the files read")
    );
    // The same page given twice holds its records once.
    assert!(short(&[&first, &first], 2).is_some());
    let two_of_four = paging(&json!({"totalCount": 4}), 1).unwrap_or_default();
    assert_eq!(
        short(&[&two_of_four, &two_of_four], 2).as_deref(),
        Some("`totalCount` is 4, but the 2 files of this list hold 2 record(s)")
    );
}

fn parsed(text: &str) -> Document {
    crate::input::syntax::parse(text, "pages.json", 64).unwrap_or_else(|m| panic!("{m:?}"))
}

/// What a parsed file says of itself.
fn verdict(doc: &Document) -> Option<String> {
    doc.paging.as_ref().and_then(|p| short(&[p], p.held))
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
    assert_eq!(verdict(&doc), None);
    assert!(matches!(&doc.shape, Shape::Wrapper(w) if w.list_response));
    let array = parsed(&json!(pages).to_string());
    assert_eq!(array.items.len(), 3);
    assert_eq!(verdict(&array), None);
}

#[test]
fn each_record_of_a_file_of_pages_keeps_its_own_place() {
    let pages = json!([scim_page(1, &["a", "b"]), scim_page(3, &["c"])]);
    let pretty = serde_json::to_string_pretty(&pages).unwrap_or_default();
    let doc = parsed(&pretty);
    let lines: Vec<&str> = pretty.lines().collect();
    for item in &doc.items {
        let user = item.value["userName"].as_str().unwrap_or_default();
        let line = lines
            .get(item.line as usize - 1)
            .copied()
            .unwrap_or_default();
        let column = item.column as usize - 1;
        assert_eq!(
            line.get(column..column + 1),
            Some("{"),
            "{user} at {}:{}",
            item.line,
            item.column
        );
        let next = lines.get(item.line as usize).copied().unwrap_or_default();
        assert!(next.contains(&format!("\"{user}\"")), "{user}: {next}");
    }
    let one_line: String = [scim_page(1, &["a", "b"])]
        .iter()
        .map(|p| format!("{p}\n"))
        .collect();
    let columns: Vec<u32> = parsed(&one_line).items.iter().map(|i| i.column).collect();
    assert!(
        columns.len() == 2 && columns[0] > 1 && columns[1] > columns[0],
        "{columns:?}"
    );
}

#[test]
fn saved_pages_that_stop_short_say_so() {
    let first_only = parsed(&json!([scim_page(1, &["a", "b"])]).to_string());
    assert_eq!(
        verdict(&first_only).as_deref(),
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
    assert!(verdict(&ends_linked).is_some_and(|p| p.contains("@odata.nextLink")));
    let complete = parsed(&json!([graph(Some("n1")), graph(None)]).to_string());
    assert_eq!((complete.items.len(), verdict(&complete)), (2, None));
}

#[test]
fn records_that_hold_a_list_are_not_pages() {
    let roles = parsed(r#"[{"userId": "1", "roles": [{"roleId": "r"}]}]"#);
    assert_eq!(roles.items.len(), 1);
    assert_eq!(roles.items[0].value["userId"], "1");
    let plain = parsed(r#"[{"value": [1, 2]}, {"value": [3]}]"#);
    assert_eq!((plain.items.len(), plain.shape), (2, Shape::List));
}
