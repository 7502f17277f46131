//! The `users` join over a tenant with many users, groups and mapping entries: every
//! user gets what a plain reading of the mapping gives them, however the entries are
//! found (the join looks them up by group rather than testing each entry per user).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use synclint::model::join::{users, JoinSettings};
use synclint::model::{dataset, Datasets, Record};

const USERS: usize = 2_000;
const GROUPS: usize = 40;
const ROLES: [&str; 4] = [
    "desktop-user",
    "alert-emails",
    "watchlist-manager",
    "proe-user",
];

fn add(data: &mut Datasets, name: &str, values: Vec<Value>) {
    data.extend(name, values.into_iter().map(|v| Record::new(v, None)));
}

/// The group of user `i`, if any (every 97th user is in none).
fn group_of(i: usize) -> Option<usize> {
    (i % 97 != 0).then_some(i % GROUPS)
}

fn name(i: usize) -> String {
    format!("person{i}@example.org")
}

/// Users in groups two ways (listed as members, or naming the group themselves); the
/// mappings name groups by display name in other letter cases and by external id; every
/// tenth group has two organization entries.
fn tenant() -> Datasets {
    let mut d = Datasets::new();
    let idp = (0..USERS).map(|i| {
        let own: Vec<String> = group_of(i)
            .filter(|_| i % 2 == 1)
            .map(|k| format!("Team {k}"))
            .into_iter()
            .collect();
        json!({"id": format!("u{i}"), "userName": name(i), "active": true, "emails": [], "groups": own})
    });
    add(&mut d, dataset::IDP_USERS, idp.collect());
    let groups = (0..GROUPS).map(|k| {
        let members: Vec<String> = (0..USERS)
            .filter(|&i| i % 2 == 0 && group_of(i) == Some(k))
            .map(|i| format!("u{i}"))
            .collect();
        json!({"displayName": format!("Team {k}"), "externalId": format!("T-{k}"),
               "member_ids": members, "member_names": []})
    });
    add(&mut d, dataset::IDP_GROUPS, groups.collect());
    let roles = ROLES
        .iter()
        .map(|r| json!({"roleId": r, "roleName": r.to_uppercase()}));
    add(&mut d, dataset::ROLES, roles.collect());
    let orgs = (0..GROUPS).map(|k| json!({"orgName": format!("Org {k}"), "available": true}));
    add(&mut d, dataset::ORGANIZATIONS, orgs.collect());
    let mut role_maps = vec![json!({"kind": "role", "source": "default", "role": "desktop-user"})];
    let mut org_maps = vec![];
    for k in 0..GROUPS {
        let written = match k % 3 {
            0 => format!("TEAM {k}"),
            1 => format!(" t-{k} "),
            _ => format!("Team {k}"),
        };
        let role = ROLES[k % ROLES.len()];
        role_maps.push(json!({"kind": "role", "source": "group", "group": written, "role": role}));
        org_maps.push(
            json!({"kind": "organization", "source": "group", "group": written,
                             "organization": format!("Org {k}")}),
        );
        if k % 10 == 0 {
            org_maps.push(json!({"kind": "organization", "source": "group",
                                 "group": format!("Team {k}"), "organization": "Elsewhere"}));
        }
    }
    role_maps
        .push(json!({"kind": "role", "source": "group", "group": "Nobody", "role": "proe-user"}));
    org_maps.push(json!({"kind": "organization", "source": "fallback", "organization": "Org 0"}));
    add(&mut d, dataset::ROLE_MAPPINGS, role_maps);
    add(&mut d, dataset::ORG_MAPPINGS, org_maps);
    d
}

#[test]
fn every_one_of_many_users_gets_the_roles_organization_scope_and_local_flag_of_their_group() {
    let settings = JoinSettings {
        org_mode: Some("groups".into()),
        local_users: Some(
            (0..USERS)
                .step_by(5)
                .map(|i| name(i).to_uppercase())
                .collect(),
        ),
        scope_groups: (0..GROUPS / 2).map(|k| format!("team {k}")).collect(),
        ..JoinSettings::default()
    };
    let joined = users(&tenant(), &settings);
    assert_eq!(joined.len(), USERS);
    for (i, record) in joined.iter().enumerate() {
        let user = &record.value;
        assert_eq!(user["username"], name(i));
        assert_eq!(user["local"], i % 5 == 0, "{user:#}");
        let Some(k) = group_of(i) else {
            assert_eq!(user["groups"], json!([]));
            assert_eq!(user["in_scope"], false);
            assert_eq!(user["expected"]["roles"], json!(["desktop-user"]));
            assert_eq!(user["expected"]["organization"], "Org 0");
            assert_eq!(user["expected"]["organization_source"], "fallback");
            continue;
        };
        assert_eq!(user["groups"], json!([format!("Team {k}")]));
        assert_eq!(user["in_scope"], k < GROUPS / 2, "{user:#}");
        let mut roles = vec!["desktop-user"];
        if k % ROLES.len() != 0 {
            roles.push(ROLES[k % ROLES.len()]);
        }
        assert_eq!(user["expected"]["roles"], json!(roles), "{user:#}");
        let expected = &user["expected"];
        assert_eq!(expected["organization_source"], "group");
        if k % 10 == 0 {
            assert_eq!(
                expected["organizations"],
                json!([format!("Org {k}"), "Elsewhere"])
            );
            assert_eq!(expected["organization"], Value::Null);
        } else {
            assert_eq!(expected["organizations"], json!([format!("Org {k}")]));
            assert_eq!(expected["organization"], format!("Org {k}"));
            assert_eq!(expected["organization_available"], true);
        }
    }
}
