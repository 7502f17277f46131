//! Tests of [`super`]: nested groups told by id, followed through cycles and deep chains,
//! and the note that says what their users miss.

use super::*;
use crate::model::Location;
use serde_json::json;

fn record(value: Value, line: u32) -> Record {
    Record::new(value, Some(Location::new("groups.json", line, 1)))
}

/// A group as the SCIM loader writes it: user members, and nested groups apart.
fn group(id: &str, name: &str, users: &[&str], groups: &[(&str, &str)]) -> Value {
    let members: Vec<Value> = users
        .iter()
        .map(|u| json!({"value": u, "display": null}))
        .collect();
    let nested: Vec<Value> = groups
        .iter()
        .map(|(v, d)| json!({"value": v, "display": d}))
        .collect();
    json!({"id": id, "displayName": name, "members": members, "member_ids": users,
           "member_names": [], "member_groups": nested})
}

fn user(id: &str, name: &str) -> Record {
    record(json!({"id": id, "userName": name, "groups": []}), 1)
}

fn data(groups: Vec<Value>, users: Vec<Record>) -> Datasets {
    let mut data = Datasets::new();
    let groups = groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| record(g, u32::try_from(i).unwrap_or(0) + 1));
    data.extend(dataset::IDP_GROUPS, groups);
    data.extend(dataset::IDP_USERS, users);
    data
}

#[test]
fn a_member_whose_value_is_a_group_id_is_a_nested_group() {
    // A directory group lists its members by DN, users and groups alike.
    let mut data = data(
        vec![
            json!({"id": "CN=Staff,DC=x", "displayName": "Staff",
                   "members": [{"value": "CN=Ann,DC=x", "display": "ann@example.org"},
                               {"value": "cn=interns,dc=x", "display": null}],
                   "member_ids": ["CN=Ann,DC=x", "cn=interns,dc=x"],
                   "member_names": ["ann@example.org"]}),
            json!({"id": "CN=Interns,DC=x", "displayName": "Interns", "members": [],
                   "member_ids": [], "member_names": []}),
        ],
        Vec::new(),
    );
    resolve(&mut data);
    let staff = &data.get(dataset::IDP_GROUPS)[0].value;
    assert_eq!(staff["member_ids"], json!(["CN=Ann,DC=x"]));
    assert_eq!(staff["member_names"], json!(["ann@example.org"]));
    assert_eq!(
        staff["members"],
        json!([{"value": "CN=Ann,DC=x", "display": "ann@example.org"}])
    );
    assert_eq!(
        staff[MEMBER_GROUPS],
        json!([{"value": "cn=interns,dc=x", "display": "Interns"}])
    );
    let interns = &data.get(dataset::IDP_GROUPS)[1].value;
    assert_eq!(interns[MEMBER_GROUPS], json!([]));
}

#[test]
fn users_are_followed_through_nested_groups_once_each() {
    let groups = vec![
        group("g1", "Incydr Users", &["u1"], &[("g2", "Contractors")]),
        group(
            "g2",
            "Contractors",
            &["u2"],
            &[("g3", "Vendors"), ("g1", "Incydr Users")],
        ),
        group("g3", "Vendors", &["u3", "u1"], &[("g9", "Auditors")]),
    ];
    let users = vec![user("u1", "ann@example.org"), user("u2", "bo@example.org")];
    let data = data(groups, users);
    let graph = Graph::new(data.get(dataset::IDP_GROUPS), data.get(dataset::IDP_USERS));
    let reach = graph.reach(0);
    assert_eq!(
        reach,
        Reach {
            // Ann is a direct member; u3 is not in the users read, so shown as written.
            only_nested: vec!["bo@example.org".to_owned(), "u3".to_owned()],
            unknown: vec!["Auditors".to_owned()],
            cycle: true,
            too_deep: false,
        }
    );
}

#[test]
fn a_chain_deeper_than_the_limit_is_cut_and_said() {
    let depth = MAX_DEPTH + 5;
    let groups: Vec<Value> = (0..depth)
        .map(|i| {
            let next = format!("g{}", i + 1);
            let nested: Vec<(&str, &str)> = if i + 1 < depth {
                vec![(next.as_str(), "next")]
            } else {
                Vec::new()
            };
            group(
                &format!("g{i}"),
                &format!("G{i}"),
                &[&format!("u{i}")],
                &nested,
            )
        })
        .collect();
    let data = data(groups, Vec::new());
    let graph = Graph::new(data.get(dataset::IDP_GROUPS), &[]);
    let reach = graph.reach(0);
    assert!(reach.too_deep);
    assert!(!reach.cycle);
    assert_eq!(reach.only_nested.len(), MAX_DEPTH);
    let shorter = graph.reach(depth - MAX_DEPTH);
    assert!(!shorter.too_deep, "{shorter:?}");
    assert_eq!(shorter.only_nested.len(), MAX_DEPTH - 1);
}

#[test]
fn the_note_names_what_the_mapping_gives_and_who_misses_it() {
    let groups = vec![
        group("g1", "Incydr Users", &["u1"], &[("g2", "Contractors")]),
        group("g2", "Contractors", &["u2"], &[]),
    ];
    let users = vec![user("u1", "ann@example.org"), user("u2", "bo@example.org")];
    let mut data = data(groups, users);
    let no_config = notes(&data);
    assert_eq!(no_config.len(), 1);
    assert!(
        no_config[0]
            .reason
            .contains("gets none of what `Incydr Users` is mapped to (no configuration was read"),
        "{}",
        no_config[0].reason
    );
    data.extend(
        dataset::ROLE_MAPPINGS,
        [record(
            json!({"group": "incydr users", "role": "desktop-user"}),
            1,
        )],
    );
    data.extend(
        dataset::ORG_MAPPINGS,
        [record(
            json!({"group": "Incydr Users", "organization": "Staff"}),
            2,
        )],
    );
    let mapped = notes(&data);
    assert_eq!(mapped[0].location, Location::new("groups.json", 1, 1));
    let reason = &mapped[0].reason;
    assert!(
        reason.contains("gets none of the role(s) `desktop-user` and the organization `Staff`"),
        "{reason}"
    );
    assert!(
        reason.ends_with("1 user(s) in the snapshot are in that case: `bo@example.org`; add them to `Incydr Users` directly, or map the nested group(s) as well."),
        "{reason}"
    );
}

#[test]
fn a_large_group_with_many_nested_groups_keeps_its_users_in_order_and_moves_every_group() {
    // 3,000 users and 300 groups listed by id, interleaved, in one group.
    let (users, groups) = (3_000, 300);
    let mut members = Vec::new();
    for i in 0..users {
        members.push((format!("u{i}"), format!("user{i}@example.org")));
        if i % (users / groups) == 0 {
            let k = members.len();
            members.push((format!("g{k}"), format!("Group {k}")));
        }
    }
    let member_values: Vec<Value> = members
        .iter()
        .map(|(v, d)| json!({"value": v, "display": d}))
        .collect();
    let ids: Vec<&String> = members.iter().map(|(v, _)| v).collect();
    let names: Vec<&String> = members.iter().map(|(_, d)| d).collect();
    let mut all = vec![
        json!({"id": "all", "displayName": "All", "members": member_values,
                              "member_ids": ids, "member_names": names}),
    ];
    let nested: Vec<&(String, String)> =
        members.iter().filter(|(v, _)| v.starts_with('g')).collect();
    all.extend(nested.iter().map(|(v, d)| {
        json!({"id": v, "displayName": d, "members": [], "member_ids": [], "member_names": []})
    }));
    let mut data = data(all, Vec::new());
    resolve(&mut data);
    let outer = &data.get(dataset::IDP_GROUPS)[0].value;
    let user_ids: Vec<String> = (0..users).map(|i| format!("u{i}")).collect();
    let user_names: Vec<String> = (0..users).map(|i| format!("user{i}@example.org")).collect();
    assert_eq!(outer["member_ids"], json!(user_ids));
    assert_eq!(outer["member_names"], json!(user_names));
    assert_eq!(outer["members"].as_array().map(Vec::len), Some(users));
    let moved: Vec<Value> = nested
        .iter()
        .map(|(v, d)| json!({"value": v, "display": d}))
        .collect();
    assert_eq!(nested.len(), groups);
    assert_eq!(outer[MEMBER_GROUPS], json!(moved));
}
