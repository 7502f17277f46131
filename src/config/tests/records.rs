//! Valid configurations, one per organization mapping mode, and the records they give.

use super::{dataset, field_lines, ok, rec, PATH};
use crate::config::{parse, OrgMapping};
use crate::model::{dataset as ds, Location};
use serde_json::json;
use std::path::PathBuf;

const GROUPS_MODE: &str = "\
# Acme tenant
version: 1
provider: Okta
role_mappings:
  - group: Incydr Admins
    roles: [customer-cloud-admin, Security Center User]
  - group: Incydr Users
    roles:
      - desktop-user
default_roles: [desktop-user]
organization_mapping:
  mode: groups
  groups:
    - group: Sales
      organization: Sales EMEA
    - group: Engineering
      organization: Engineering
  fallback_organization: Staff
local_users: [breakglass@acme.example]
scope:
  groups: [Incydr Users]
rules:
  select: [role-unavailable, category:roles]
  ignore: [console-only-user]
  severity:
    user-without-role: error
    role-unavailable: warning
  paths: [./team-rules]
";

#[test]
fn groups_mode_config_fields() {
    let config = ok(GROUPS_MODE);
    assert_eq!(config.path, PATH);
    assert_eq!(config.version, 1);
    assert_eq!(config.provider.as_deref(), Some("okta"));
    assert_eq!(config.role_mappings.len(), 2);
    assert_eq!(config.role_mappings[0].group.value, "Incydr Admins");
    assert_eq!(config.local_users, ["breakglass@acme.example"]);
    assert_eq!(config.scope_groups, ["Incydr Users"]);
    assert_eq!(config.rules.select, ["role-unavailable", "category:roles"]);
    assert_eq!(config.rules.ignore, ["console-only-user"]);
    assert_eq!(
        config.rules.severity,
        [
            (
                "user-without-role".to_owned(),
                "error".to_owned(),
                Location::new(PATH, 26, 5)
            ),
            (
                "role-unavailable".to_owned(),
                "warning".to_owned(),
                Location::new(PATH, 27, 5)
            ),
        ]
    );
    assert_eq!(config.rules.paths, [PathBuf::from("team-rules")]);
    let Some(OrgMapping::Groups { groups, fallback }) = &config.organization_mapping else {
        panic!("expected mode groups");
    };
    assert_eq!(groups.len(), 2);
    assert_eq!(fallback.as_ref().map(|f| f.value.as_str()), Some("Staff"));
}

#[test]
fn groups_mode_records() {
    let sets = ok(GROUPS_MODE).records();
    let names: Vec<_> = sets.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, [ds::ROLE_MAPPINGS, ds::ORG_MAPPINGS, ds::MAPPINGS]);
    let roles = vec![
        rec(
            json!({"kind": "role", "source": "group", "entry": 0, "group": "Incydr Admins",
                   "role": "customer-cloud-admin", "organization": null, "mode": null}),
            6,
            13,
        ),
        rec(
            json!({"kind": "role", "source": "group", "entry": 0, "group": "Incydr Admins",
                   "role": "Security Center User", "organization": null, "mode": null}),
            6,
            35,
        ),
        rec(
            json!({"kind": "role", "source": "group", "entry": 1, "group": "Incydr Users",
                   "role": "desktop-user", "organization": null, "mode": null}),
            9,
            9,
        ),
        rec(
            json!({"kind": "role", "source": "default", "entry": null, "group": null,
                   "role": "desktop-user", "organization": null, "mode": null}),
            10,
            17,
        ),
    ];
    let orgs = vec![
        rec(
            json!({"kind": "organization", "source": "group", "entry": 0, "group": "Sales",
                   "role": null, "organization": "Sales EMEA", "mode": "groups"}),
            15,
            21,
        ),
        rec(
            json!({"kind": "organization", "source": "group", "entry": 1, "group": "Engineering",
                   "role": null, "organization": "Engineering", "mode": "groups"}),
            17,
            21,
        ),
        rec(
            json!({"kind": "organization", "source": "fallback", "entry": null, "group": null,
                   "role": null, "organization": "Staff", "mode": "groups"}),
            18,
            26,
        ),
    ];
    assert_eq!(dataset(&sets, ds::ROLE_MAPPINGS), roles.as_slice());
    assert_eq!(dataset(&sets, ds::ORG_MAPPINGS), orgs.as_slice());
    let union: Vec<_> = roles.into_iter().chain(orgs).collect();
    assert_eq!(dataset(&sets, ds::MAPPINGS), union.as_slice());
}

#[test]
fn mapping_records_know_where_their_group_role_and_organization_are() {
    let sets = ok(GROUPS_MODE).records();
    let at = |field: &str, line, column| (field.to_owned(), line, column);
    // A role record is at its role; its group is written on the entry's first line.
    assert_eq!(
        field_lines(&sets, ds::ROLE_MAPPINGS),
        [
            vec![at("group", 5, 12), at("role", 6, 13)],
            vec![at("group", 5, 12), at("role", 6, 35)],
            vec![at("group", 7, 12), at("role", 9, 9)],
            vec![at("role", 10, 17)],
        ]
    );
    assert_eq!(
        field_lines(&sets, ds::ORG_MAPPINGS),
        [
            vec![at("group", 14, 14), at("organization", 15, 21)],
            vec![at("group", 16, 14), at("organization", 17, 21)],
            vec![at("organization", 18, 26)],
        ]
    );
}

#[test]
fn records_keep_key_order() {
    let sets = ok(GROUPS_MODE).records();
    let first = &dataset(&sets, ds::MAPPINGS)[0];
    let keys: Vec<_> = first
        .value
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .collect();
    assert_eq!(
        keys,
        [
            "kind",
            "source",
            "entry",
            "group",
            "role",
            "organization",
            "mode"
        ]
    );
}

const DEFAULT_MODE: &str = "\
provider: entra
role_mappings:
  - group: \"Incydr Analysts\"
    roles: [security-center-user]
organization_mapping:
  mode: default
  default_organization: Acme
";

#[test]
fn default_mode_records() {
    let config = ok(DEFAULT_MODE);
    assert_eq!(config.version, 1, "version defaults to 1");
    assert_eq!(config.provider.as_deref(), Some("entra"));
    assert!(config.default_roles.is_empty());
    let sets = config.records();
    let role = rec(
        json!({"kind": "role", "source": "group", "entry": 0, "group": "Incydr Analysts",
               "role": "security-center-user", "organization": null, "mode": null}),
        4,
        13,
    );
    let org = rec(
        json!({"kind": "organization", "source": "default", "entry": null, "group": null,
               "role": null, "organization": "Acme", "mode": "default"}),
        7,
        25,
    );
    assert_eq!(
        dataset(&sets, ds::ROLE_MAPPINGS),
        std::slice::from_ref(&role)
    );
    assert_eq!(dataset(&sets, ds::ORG_MAPPINGS), std::slice::from_ref(&org));
    assert_eq!(dataset(&sets, ds::MAPPINGS), [role, org]);
}

const ATTRIBUTE_MODE: &str = "\
role_mappings: []
default_roles:
  - desktop-user
organization_mapping:
  mode: attribute
  attribute: c42OrgName
";

#[test]
fn attribute_mode_has_no_org_records() {
    let config = ok(ATTRIBUTE_MODE);
    assert_eq!(config.provider, None);
    let Some(OrgMapping::Attribute { attribute }) = &config.organization_mapping else {
        panic!("expected mode attribute");
    };
    assert_eq!(attribute.value, "c42OrgName");
    let sets = config.records();
    let role = rec(
        json!({"kind": "role", "source": "default", "entry": null, "group": null,
               "role": "desktop-user", "organization": null, "mode": null}),
        3,
        5,
    );
    assert_eq!(
        dataset(&sets, ds::ROLE_MAPPINGS),
        std::slice::from_ref(&role)
    );
    assert!(dataset(&sets, ds::ORG_MAPPINGS).is_empty());
    assert_eq!(dataset(&sets, ds::MAPPINGS), [role]);
}

#[test]
fn no_org_mapping_gives_empty_org_dataset() {
    let sets = ok("role_mappings: []\n").records();
    assert!(sets.iter().all(|(_, records)| records.is_empty()));
    assert_eq!(sets.len(), 3);
}

#[test]
fn provider_is_case_insensitive_and_canonical() {
    for (written, canonical) in [
        ("OKTA", "okta"),
        ("JumpCloud", "jumpcloud"),
        ("\" Ping \"", "ping"),
        ("UDS", "uds"),
        ("AD", "ad"),
    ] {
        let config = ok(&format!("provider: {written}\nrole_mappings: []\n"));
        assert_eq!(config.provider.as_deref(), Some(canonical), "{written}");
    }
}

#[test]
fn rule_paths_resolve_against_the_config_folder() {
    let text = "role_mappings: []\nrules:\n  paths: [./team-rules, ../shared/rules, /opt/rules]\n";
    let config = parse(text, "tenants/acme/synclint.yaml").expect("valid");
    assert_eq!(
        config.rules.paths,
        [
            PathBuf::from("tenants/acme/team-rules"),
            PathBuf::from("tenants/acme/../shared/rules"),
            PathBuf::from("/opt/rules"),
        ]
    );
}

#[test]
fn load_reads_the_file_and_resolves_paths_from_its_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("synclint.yaml");
    std::fs::write(
        &file,
        "role_mappings: []\nrules:\n  paths: [./team-rules]\n",
    )
    .expect("write");
    let config = crate::config::load(&file, "synclint.yaml").expect("valid");
    assert_eq!(config.path, "synclint.yaml");
    assert_eq!(config.rules.paths, [dir.path().join("team-rules")]);
}
