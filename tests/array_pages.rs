//! An API's pages saved one after another (Okta's System Log answers a JSON array per
//! page; `curl ... >> okta.json` appends them): every page is read, as the one list the
//! pages make, whether the file is small enough to be read whole or streamed; a broken
//! page refuses the file at its place instead of the pages after it being dropped.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;

fn check(path: &Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(path)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The records of the real-shaped Okta System Log fixture.
fn okta_records() -> Vec<Value> {
    let text = std::fs::read_to_string("fixtures/logs/okta-system-log.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `(rule, subjects, message)` of every finding, in report order.
fn said(doc: &Value) -> Vec<(Value, Value, Value)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].clone(),
                f["subjects"].clone(),
                f["message"].clone(),
            )
        })
        .collect()
}

fn records_read(doc: &Value) -> u64 {
    doc["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["records"].as_u64().unwrap())
        .sum()
}

#[test]
fn pages_of_a_small_export_say_what_one_array_says() {
    let dir = tempfile::tempdir().unwrap();
    let records = okta_records();
    let one = dir.path().join("okta-one-array.json");
    std::fs::write(&one, serde_json::to_string(&records).unwrap()).unwrap();
    let whole = check(&one);
    assert!(!said(&whole).is_empty(), "the fixture makes findings");

    let compact: Vec<String> = records
        .chunks(1)
        .map(|page| serde_json::to_string(page).unwrap())
        .collect();
    let pretty: Vec<String> = records
        .chunks(2)
        .map(|page| serde_json::to_string_pretty(page).unwrap())
        .collect();
    for (name, text) in [
        ("okta-pages.json", compact.join("\n") + "\n"),
        ("okta-pretty-pages.json", pretty.join("\n")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let doc = check(&path);
        assert_eq!(doc["summary"]["problems"], Value::Array(vec![]), "{name}");
        assert_eq!(records_read(&doc), records_read(&whole), "{name}");
        assert_eq!(said(&doc), said(&whole), "{name}");
        assert_eq!(doc["sync_report"]["totals"], whole["sync_report"]["totals"]);
    }
    // One record a page, a page a line: each finding points at the line of its record
    // (the fixture's first three records are the ones that fail).
    let doc = check(&dir.path().join("okta-pages.json"));
    let mut lines: Vec<u64> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    lines.sort_unstable();
    assert_eq!(lines, [1, 2, 3]);
}

#[test]
fn every_page_of_a_streamed_export_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let records = okta_records();
    // Big enough to be streamed rather than read whole: 400 pages of the fixture, each
    // record with its own id.
    let mut all = Vec::new();
    let mut pages = String::new();
    for page in 0..400 {
        let mut this = records.clone();
        for (i, record) in this.iter_mut().enumerate() {
            record["uuid"] = Value::String(format!("page{page}-record{i}"));
        }
        pages.push_str(&serde_json::to_string(&this).unwrap());
        pages.push('\n');
        all.extend(this);
    }
    assert!(pages.len() > 2 << 20, "{} bytes", pages.len());
    let paged = dir.path().join("okta-pages.json");
    std::fs::write(&paged, &pages).unwrap();
    let one = dir.path().join("okta-one-array.json");
    std::fs::write(&one, serde_json::to_string(&all).unwrap()).unwrap();

    let (doc, whole) = (check(&paged), check(&one));
    assert_eq!(records_read(&doc), (records.len() * 400) as u64);
    assert_eq!(records_read(&doc), records_read(&whole));
    assert_eq!(said(&doc), said(&whole));
    assert_eq!(doc["sync_report"]["totals"], whole["sync_report"]["totals"]);

    // A last page cut short refuses the file where it ends, not silently after page 1.
    let cut = dir.path().join("okta-pages-cut.json");
    std::fs::write(&cut, &pages[..pages.len() - 200]).unwrap();
    let doc = check(&cut);
    let problem = &doc["summary"]["problems"][0];
    assert_eq!(problem["problem"], "malformed", "{problem}");
    assert_eq!(problem["location"]["line"], 400, "{problem}");
    assert_eq!(records_read(&doc), 0);
}

#[test]
fn what_is_not_a_page_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let records = okta_records();
    let page = |from: usize, to: usize| serde_json::to_string(&records[from..to]).unwrap();
    let not_a_page = "expected another array or the end";
    for (name, text, line, reason) in [
        (
            "object-after.json",
            format!("{}\n{{\"b\": 2}}\n", page(0, 3)),
            2,
            not_a_page,
        ),
        (
            "object-third.json",
            format!("{}\n{}\n{{\"b\": 2}}\n", page(0, 3), page(3, 5)),
            3,
            not_a_page,
        ),
        (
            "broken-third.json",
            format!("{}\n{}\n[{{\"a\": }}]\n", page(0, 3), page(3, 5)),
            3,
            "expected value",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let doc = check(&path);
        let problem = &doc["summary"]["problems"][0];
        assert_eq!(problem["problem"], "malformed", "{name}: {problem}");
        assert_eq!(problem["location"]["line"], line, "{name}: {problem}");
        let said = problem["reason"].as_str().unwrap_or_default();
        assert!(said.contains(reason), "{name}: {problem}");
        assert_eq!(records_read(&doc), 0, "{name}");
    }
}

/// `pages` Graph pages of the Entra fixture's records (each with its own id), pretty
/// printed one after another; `next_link(page)` says whether that page has a next.
fn graph_pages(pages: usize, next_link: impl Fn(usize) -> bool) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string("fixtures/logs/entra-provisioning-graph.json").unwrap();
    let wrapper: Value = serde_json::from_str(&text).unwrap();
    let mut all = Vec::new();
    let mut out = Vec::new();
    for page in 0..pages {
        let mut this = wrapper.clone();
        for (i, record) in this["value"].as_array_mut().unwrap().iter_mut().enumerate() {
            record["id"] = Value::String(format!("page{page}-record{i}"));
            all.push(record.clone());
        }
        if next_link(page) {
            this["@odata.nextLink"] = Value::String(format!("https://graph/next?page={page}"));
        }
        out.push(serde_json::to_string_pretty(&this).unwrap());
    }
    (out.join("\n"), all)
}

/// Whether the report says the file is one page of a longer list. It says so with the
/// file, whether the file was read whole or streamed, and never as a skipped record.
fn says_short(doc: &Value) -> bool {
    let notes = doc["summary"]["skipped"]["records"].as_array().unwrap();
    let noted = notes
        .iter()
        .any(|n| n.to_string().contains("one page of a longer list"));
    assert!(
        !noted,
        "a page verdict among the skipped records: {notes:?}"
    );
    doc["summary"]["inputs"][0]["page"].is_string()
}

#[test]
fn wrapper_pages_one_after_another_are_all_read() {
    let dir = tempfile::tempdir().unwrap();
    // 2 pages are read whole, 300 (about 5 MB) streamed.
    for pages in [2, 300] {
        let (text, all) = graph_pages(pages, |page| page + 1 < pages);
        let paged = dir.path().join("graph-pages.json");
        std::fs::write(&paged, &text).unwrap();
        let one = dir.path().join("graph-one.json");
        let whole = serde_json::json!({ "value": all });
        std::fs::write(&one, serde_json::to_string(&whole).unwrap()).unwrap();
        let (doc, whole) = (check(&paged), check(&one));
        assert_eq!(records_read(&doc), all.len() as u64, "{pages} pages");
        assert_eq!(said(&doc), said(&whole), "{pages} pages");
        assert_eq!(doc["sync_report"]["totals"], whole["sync_report"]["totals"]);
        // Every page but the last names a next one: the list is whole.
        assert!(!says_short(&doc), "{pages} pages: {}", doc["summary"]);
        // The last page names a next one too: the list is short, and the report says so.
        let (text, _) = graph_pages(pages, |_| true);
        std::fs::write(&paged, &text).unwrap();
        assert!(says_short(&check(&paged)), "{pages} pages");
        // A program reading the log through the library hears it the same way.
        let read =
            synclint::input::stream_events(&paged, "graph-pages.json", None, 500, &mut |_, _| {});
        let page = read.unwrap().page;
        assert!(
            page.is_some_and(|why| why.contains("nextLink")),
            "{pages} pages"
        );
    }
    let (text, _) = graph_pages(300, |_| true);
    let paged = dir.path().join("graph-pages.json");
    // A last "page" without records refuses the file at its line, as a broken one would.
    let line = text.lines().count() + 1;
    std::fs::write(&paged, text + "\n{\"other\": 1}\n").unwrap();
    let doc = check(&paged);
    let problem = &doc["summary"]["problems"][0];
    assert_eq!(problem["problem"], "malformed", "{problem}");
    assert_eq!(problem["location"]["line"], line, "{problem}");
    assert!(
        problem["reason"].to_string().contains("records"),
        "{problem}"
    );
}
