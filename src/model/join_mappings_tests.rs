use super::*;
use crate::model::{dataset, Datasets};
use serde_json::{json, Value};

fn records(values: Vec<Value>) -> Vec<Record> {
    values.into_iter().map(|v| Record::new(v, None)).collect()
}

/// The entries a plain reading selects: every entry of source `everyone`, and every entry
/// (of source `only`) whose group, or the display name of the IdP group it names, equals
/// one of `groups` ignoring case and surrounding spaces.
fn scan(
    entries: &[Record],
    env: &Environment,
    only: Option<&str>,
    everyone: Option<&str>,
    groups: &[String],
) -> Vec<usize> {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let mut out = Vec::new();
    for (at, entry) in entries.iter().enumerate() {
        let source = entry.str_field("source");
        if everyone.is_some() && source == everyone {
            out.push(at);
            continue;
        }
        if only.is_some() && source != only {
            continue;
        }
        let Some(g) = entry.str_field("group") else {
            continue;
        };
        let named = env.group(g).unwrap_or(g);
        if groups.iter().any(|m| same(m, g) || same(m, named)) {
            out.push(at);
        }
    }
    out
}

fn environment() -> Environment {
    let mut data = Datasets::new();
    data.extend(
        dataset::IDP_GROUPS,
        records(vec![
            json!({"displayName": "Sales", "externalId": "S-1"}),
            json!({"displayName": "Support", "externalId": "SUP"}),
        ]),
    );
    Environment::new(&data)
}

fn entries() -> Vec<Record> {
    records(vec![
        json!({"source": "group", "group": "Sales"}),
        json!({"source": "default", "group": null}),
        json!({"source": "group", "group": " s-1 "}),
        json!({"source": "group", "group": "SUPPORT"}),
        json!({"source": "fallback", "group": "Support"}),
        json!({"group": "Admins"}),
        json!({"source": "group"}),
        json!({"source": "group", "group": "sup"}),
        json!({"source": "group", "group": "Sales"}),
        json!({"source": "default", "group": "Nobody"}),
    ])
}

#[test]
fn the_index_selects_what_a_scan_of_every_entry_selects_in_the_same_order() {
    let (env, entries) = (environment(), entries());
    let names = [
        "Sales", "sales ", "S-1", "Support", "sup", "Admins", "Nobody", "Other",
    ];
    let filters = [
        (None, Some("default")),
        (Some("group"), None),
        (Some("group"), Some("default")),
    ];
    for (only, everyone) in filters {
        let index = EntryIndex::new(&entries, &env, only, everyone);
        // Every subset of the names, as one user's groups.
        for mask in 0..(1u32 << names.len()) {
            let groups: Vec<String> = (0..names.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| names[i].to_owned())
                .collect();
            assert_eq!(
                index.of(&groups),
                scan(&entries, &env, only, everyone, &groups),
                "{only:?} {everyone:?} {groups:?}"
            );
        }
    }
}

#[test]
fn an_entry_naming_a_group_by_external_id_is_selected_by_its_display_name_once() {
    let (env, entries) = (environment(), entries());
    let index = EntryIndex::new(&entries, &env, Some("group"), None);
    // "Sales" selects the entries naming it and the one naming its external id.
    assert_eq!(index.of(&["SALES".to_owned()]), [0, 2, 8]);
    assert_eq!(index.of(&["Sales".to_owned(), "s-1".to_owned()]), [0, 2, 8]);
    assert!(index.of(&[]).is_empty());
}
