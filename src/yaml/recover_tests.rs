//! Every broken part of a document is reported, once, and nothing the blanking caused.

use crate::yaml::{from_str_all, Spanned};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    name: Spanned<String>,
    items: Vec<Item>,
    #[serde(default)]
    extra: Option<Extra>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Item {
    group: String,
    roles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Extra {
    mode: Mode,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Groups,
    Single,
}

fn errors(text: &str) -> Vec<(u32, String)> {
    errors_as::<Doc>(text)
}

/// The line and message of each error reading `text` as `T`.
fn errors_as<T: serde::de::DeserializeOwned>(text: &str) -> Vec<(u32, String)> {
    match from_str_all::<T>(text, "t.yaml") {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .all()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect(),
    }
}

#[test]
fn every_broken_item_and_entry_is_reported_at_its_line() {
    let text = "name: a\nitems:\n  - group: A\n    rolez: [x]\n  - grup: B\n    roles: [y]\n\
                extra:\n  mode: groupz\n";
    let found = errors(text);
    let lines: Vec<u32> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [4, 5, 8], "{found:?}");
    assert!(
        found[0].1.contains("rolez") && found[1].1.contains("grup"),
        "{found:?}"
    );
    assert!(found[2].1.contains("groupz"), "{found:?}");
}

#[test]
fn what_the_blanking_causes_is_not_reported() {
    // The only item taken out leaves `items` empty; the required `name` taken out is
    // missing: neither is the user's mistake.
    let only_item = "name: a\nitems:\n  - group: A\n    rolez: [x]\nextra:\n  mode: groups\n";
    assert_eq!(errors(only_item).len(), 1, "{:?}", errors(only_item));
    let first_key = "nmae: a\nitems:\n  - group: A\n    roles: x\n";
    let found = errors(first_key);
    assert_eq!(
        found.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
        [1, 4],
        "{found:?}"
    );
}

#[test]
fn a_sound_document_or_one_mistake_reads_as_before() {
    assert!(from_str_all::<Doc>("name: a\nitems: []\n", "t.yaml").is_ok());
    let text = "name: a\nitems:\n  - group: A\n    roles: [x]\n  - group: B\n    roels: [y]\n";
    let all = from_str_all::<Doc>(text, "t.yaml").unwrap_err();
    let one = crate::yaml::from_str::<Doc>(text, "t.yaml").unwrap_err();
    assert!(all.more.is_empty());
    let all = all.first;
    assert_eq!(
        (all.line, all.column, &all.message),
        (one.line, one.column, &one.message)
    );
}

#[test]
fn lines_keep_their_numbers_with_windows_line_breaks() {
    let text =
        "name: a\r\nitems:\r\n  - grup: A\r\n    roles: [x]\r\n  - group: B\r\n    rolez: [y]\r\n";
    let lines: Vec<u32> = errors(text).iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 6]);
}

#[test]
fn a_document_of_many_mistakes_reports_a_bounded_number() {
    let mut text = "name: a\nitems:\n".to_owned();
    for i in 0..40 {
        text.push_str(&format!("  - group: g{i}\n    rolez: [x]\n"));
    }
    let found = errors(&text);
    assert_eq!(found.len(), 20);
    assert_eq!(found[19].0, 2 + 19 * 2 + 2);
}

#[test]
fn a_flow_document_reports_its_first_mistake_only() {
    let found = errors("{nmae: a, items: [{grup: A}]}\n");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_required_key_set_aside_is_not_reported_missing() {
    // `items` is broken as a whole; without it `items` is missing, which says nothing new.
    let found = errors("name: a\nitems: {group: A}\nextra:\n  mode: groupz\n");
    let lines: Vec<u32> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines.first(), Some(&2), "{found:?}");
    assert!(
        found
            .iter()
            .all(|(_, said)| !said.contains("missing key `items`")),
        "{found:?}"
    );
}

/// A section of keys (no list), as a log mapping or a configuration's
/// `organization_mapping` is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sectioned {
    section: Section,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Section {
    name: String,
    detect: Vec<String>,
    #[serde(default)]
    values: Option<Vec<String>>,
}

#[test]
fn misspelt_keys_of_one_section_are_all_reported_and_the_keys_they_miss_are_not() {
    let text = "section:\n  nmae: x\n  detect:\n    - a\n  valeus:\n    - b\n";
    let found = errors_as::<Sectioned>(text);
    let lines: Vec<u32> = found.iter().map(|(line, _)| *line).collect();
    // `name` is missing only because `nmae` is misspelt: not a third error.
    assert_eq!(lines, [2, 5], "{found:?}");
    assert!(
        found[0].1.contains("nmae") && found[1].1.contains("valeus"),
        "{found:?}"
    );
}
