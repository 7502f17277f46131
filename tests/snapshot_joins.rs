//! Snapshots in the shapes real exports take, joined as the tenant they describe: group
//! members from a Microsoft Graph listing, one user listed twice, console roles given by
//! name, and organizations named by their external reference. Each case is the clean
//! tenant of `fixtures/shapes/joins/` with one file swapped or added, checked through the
//! binary. Nested groups: `scim-groups-nested.json` puts a group in a group three ways
//! (SCIM `type: Group`, a `$ref` to `/Groups/`, and a bare id of a group read).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

const DIR: &str = "fixtures/shapes/joins";

/// The clean tenant's console side: organizations, roles, users and their roles.
const CONSOLE: &[&str] = &["orgs.json", "roles.json", "users.csv", "user-roles.jsonl"];
/// The clean tenant's identity-provider side.
const IDP: &[&str] = &["scim-users.json", "scim-groups.json"];

/// `synclint check --format json` over `files` (in [`DIR`]) with the configuration `config`.
fn check(files: &[String], config: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(DIR)
        .arg("check")
        .args(files)
        .args(["--config", config, "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The files of a tenant: a console side, an identity-provider side, and any others.
fn tenant_with(console: &[&str], idp: &[&str], extra: &[&str]) -> Vec<String> {
    let all = console.iter().chain(idp).chain(extra);
    all.map(|f| (*f).to_owned()).collect()
}

/// The messages of the findings of `rule`.
fn messages(report: &Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn rules(report: &Value) -> Vec<String> {
    let findings = report["findings"].as_array().unwrap();
    findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn read_as(report: &Value, path: &str) -> (String, u64) {
    let inputs = report["summary"]["inputs"].as_array().unwrap();
    let input = inputs.iter().find(|i| i["path"] == path).unwrap();
    (
        input["kind"].as_str().unwrap().to_owned(),
        input["records"].as_u64().unwrap(),
    )
}

#[test]
fn the_clean_tenant_checks_clean() {
    let report = check(&tenant_with(CONSOLE, IDP, &[]), "synclint.yaml");
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
}

#[test]
fn graph_group_members_are_read_and_the_members_that_are_not_users_noted() {
    let files = tenant_with(
        CONSOLE,
        &["scim-users.json", "graph-groups-expand-members.json"],
        &[],
    );
    let report = check(&files, "synclint.yaml");
    assert_eq!(
        read_as(&report, "graph-groups-expand-members.json"),
        ("idp-groups".to_owned(), 3)
    );
    // Every user's groups are found (Pia's entry through `mail`, its UPN left out), so
    // their roles and organizations are as the console has them.
    for rule in [
        "console-role-drift",
        "user-without-role",
        "console-organization-drift",
    ] {
        assert_eq!(messages(&report, rule), Vec::<String>::new(), "{rule}");
    }
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
    let skipped = report["summary"]["skipped"]["records"].as_array().unwrap();
    let reasons: Vec<&str> = skipped
        .iter()
        .filter_map(|s| s["reason"].as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("warning: 1 member(s)") && r.contains("(1 device)")),
        "{reasons:?}"
    );
    // The Graph group among Engineering's members is a nested group, said once.
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "warning: group `Engineering` has 1 member(s) that are groups (`Engineering Contractors`)"
        ) && r.contains("The members of `Engineering Contractors` are not known")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("warning: 1 member(s)") && r.contains("(1 servicePrincipal)")),
        "{reasons:?}"
    );
}

#[test]
fn overlapping_scim_pages_list_one_user_twice_not_two_users() {
    let files = tenant_with(
        CONSOLE,
        &[
            "scim-users-page1.json",
            "scim-users-page2.json",
            "scim-groups.json",
        ],
        &[],
    );
    let report = check(&files, "synclint.yaml");
    assert_eq!(
        read_as(&report, "scim-users-page2.json"),
        ("idp-users".to_owned(), 2)
    );
    assert_eq!(
        messages(&report, "idp-duplicate-username"),
        Vec::<String>::new()
    );
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
    // Read as one user, and said so: one note on the copy, pointing at the first.
    let notes = repeat_notes(&report);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("scim-users-page2.json"), "{notes:?}");
    assert!(notes[0].contains("first at"), "{notes:?}");
}

/// The notes about a person listed again, as `path:line reason`.
fn repeat_notes(report: &Value) -> Vec<String> {
    let skipped = report["summary"]["skipped"]["records"].as_array().unwrap();
    skipped
        .iter()
        .filter(|s| s["reason"].as_str().unwrap().contains("listed again"))
        .map(|s| {
            format!(
                "{}:{} {}",
                s["location"]["path"], s["location"]["line"], s["reason"]
            )
        })
        .collect()
}

#[test]
fn exports_saved_twice_are_one_snapshot() {
    let files = tenant_with(CONSOLE, IDP, &["scim-users (1).json", "users (1).csv"]);
    let report = check(&files, "synclint.yaml");
    assert_eq!(
        read_as(&report, "users.csv"),
        ("console-users".to_owned(), 4)
    );
    assert_eq!(
        messages(&report, "idp-duplicate-username"),
        Vec::<String>::new()
    );
    assert_eq!(messages(&report, "console-only-user"), Vec::<String>::new());
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
    // The copies hold the same bytes as the files read: each is left out and said once,
    // rather than each of its people being noted as listed again.
    let copies: Vec<&str> = report["summary"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["problem"] == "duplicate")
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(copies, ["scim-users (1).json", "users (1).csv"]);
    assert_eq!(repeat_notes(&report), Vec::<String>::new());
}

#[test]
fn overlapping_snapshots_are_one_snapshot_and_say_who_is_listed_twice() {
    // Two exports that share people but are not the same bytes (a second export made
    // after one more user was added, say): each person is one user, and each repeat is
    // noted.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(format!("{DIR}/users.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.truncate(lines.len() - 1);
    let again = dir.path().join("users-earlier.csv");
    std::fs::write(&again, lines.join("\n") + "\n").unwrap();
    let mut files = tenant_with(CONSOLE, IDP, &[]);
    files.push(again.to_str().unwrap().to_owned());
    let report = check(&files, "synclint.yaml");
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(
        repeat_notes(&report).len(),
        3,
        "{:?}",
        repeat_notes(&report)
    );
}

#[test]
fn two_resources_with_one_username_are_still_a_duplicate() {
    let files = tenant_with(CONSOLE, IDP, &["scim-users-rehired.json"]);
    let report = check(&files, "synclint.yaml");
    let mut found = messages(&report, "idp-duplicate-username");
    found.sort();
    assert_eq!(
        found,
        [
            "Username `quinn.ma@contoso.example` is used by more than one identity-provider user (this one: id 00a4quinn)",
            "Username `quinn.ma@contoso.example` is used by more than one identity-provider user (this one: id 00a9quinn)",
        ]
    );
}

#[test]
fn console_roles_given_by_name_are_the_roles_of_that_name() {
    for roles in ["user-roles-names.csv", "user-roles-bare-names.jsonl"] {
        let console = ["orgs.json", "roles.json", "users.csv", roles];
        let report = check(&tenant_with(&console, IDP, &[]), "synclint.yaml");
        assert_eq!(
            read_as(&report, roles),
            ("console-user-roles".to_owned(), 4)
        );
        assert_eq!(
            messages(&report, "console-role-drift"),
            Vec::<String>::new(),
            "{roles}"
        );
        assert_eq!(rules(&report), Vec::<String>::new(), "{roles}: {report:#}");
    }
}

#[test]
fn an_organization_named_by_external_reference_or_guid_is_that_organization() {
    let report = check(&tenant_with(CONSOLE, IDP, &[]), "synclint-org-keys.yaml");
    assert_eq!(
        messages(&report, "console-organization-drift"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages(&report, "organization-unavailable"),
        Vec::<String>::new()
    );
    assert_eq!(rules(&report), Vec::<String>::new(), "{report:#}");
}

/// The notes of the check, by the line of the group they are about.
fn notes_by_line(report: &Value) -> Vec<(u64, String)> {
    let skipped = report["summary"]["skipped"]["records"].as_array().unwrap();
    skipped
        .iter()
        .map(|s| {
            let line = s["location"]["line"].as_u64().unwrap_or_default();
            (line, s["reason"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

#[test]
fn the_users_of_a_nested_group_are_not_its_parents_members_and_the_note_says_what_they_miss() {
    let files = tenant_with(
        CONSOLE,
        &["scim-users.json", "scim-groups-nested.json"],
        &[],
    );
    let report = check(&files, "synclint.yaml");
    // Quinn is only in Contractors, which sits in Incydr Users: the mapping of Incydr
    // Users does not reach them, so the console's desktop-user role is not expected.
    assert_eq!(
        messages(&report, "user-without-role"),
        vec!["User `quinn.ma@contoso.example` is active in the identity provider but no mapping grants them an available role (groups: Contractors; unavailable roles: (none))"]
    );
    assert_eq!(
        rules(&report),
        vec!["console-role-drift", "user-without-role"],
        "{report:#}"
    );
    let notes = notes_by_line(&report);
    let expected = [
        (9, "warning: group `Incydr Users` has 1 member(s) that are groups (`Contractors`); their users are not counted as members of `Incydr Users`: Microsoft Entra provisions only the direct members of a group and Okta has no nested groups, so Incydr is not sent them as members of `Incydr Users`, and a user who is only in a nested group gets none of the role(s) `desktop-user` and is not in scope through it. 1 user(s) in the snapshot are in that case: `quinn.ma@contoso.example`; add them to `Incydr Users` directly, or map the nested group(s) as well. `Incydr Users` contains itself through its nested groups; each group is read once."),
        (58, "warning: group `Sales` has 1 member(s) that are groups (`Sales Interns`); their users are not counted as members of `Sales`: Microsoft Entra provisions only the direct members of a group and Okta has no nested groups, so Incydr is not sent them as members of `Sales`, and a user who is only in a nested group gets none of the organization `Sales` and is not in scope through it. No user in the snapshot is in that case. The members of `Sales Interns` are not known: no such group was read."),
        (79, "warning: group `Contractors` has 1 member(s) that are groups (`Incydr Users`); their users are not counted as members of `Contractors`: Microsoft Entra provisions only the direct members of a group and Okta has no nested groups, so Incydr is not sent them as members of `Contractors`. The mapping gives `Contractors` no role and no organization, so for a user who is only in a nested group only the scope (`scope.groups`) can differ. 3 user(s) in the snapshot are in that case: `nora.diaz@contoso.example`, `omar.haddad@contoso.example`, `pia.berg@contoso.example`. `Contractors` contains itself through its nested groups; each group is read once."),
    ];
    let expected: Vec<(u64, String)> = expected
        .iter()
        .map(|(line, text)| (*line, (*text).to_owned()))
        .collect();
    assert_eq!(notes, expected);
    // Nested groups are notes, not skipped records.
    assert_eq!(report["summary"]["skipped"]["count"], 0);
}
