//! Directory exports as the identity provider's snapshot: an LDIF (`ldifde`,
//! `ldapsearch`) and the CSV of `Get-ADUser -Properties *` and `Get-ADGroupMember` become
//! the same `idp_users` and `idp_groups` as SCIM, so the mapping and drift rules find the
//! same problems.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use synclint::input::{load_file, load_text, InputKind};

const NOW: &str = "2026-11-28T12:00:00Z";
const LDIF: &str = "fixtures/ldif-demo/acme.ldif";

fn check(dir: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--now", NOW])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// The demo, with its SCIM snapshots or with the LDIF of the same directory instead.
fn demo(with_ldif: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(with_ldif && name.starts_with("scim-")) {
            std::fs::copy(&path, tmp.path().join(&name)).unwrap();
        }
    }
    if with_ldif {
        std::fs::copy(LDIF, tmp.path().join("acme.ldif")).unwrap();
    }
    tmp
}

/// A finding without its place (the LDIF's lines are not the SCIM file's).
fn unplaced(finding: &Value) -> Value {
    let mut finding = finding.clone();
    finding.as_object_mut().unwrap().remove("location");
    finding
}

#[test]
fn the_demo_from_ldif_gives_the_scim_demos_mapping_and_drift_findings() {
    let scim = check(demo(false).path());
    let ldif = check(demo(true).path());
    let scim = scim["findings"].as_array().unwrap();
    let ldif = ldif["findings"].as_array().unwrap();
    assert_eq!(ldif.len(), scim.len());
    let rules: Vec<&str> = scim.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    for rule in [
        "mapping-group-unknown",
        "user-organization-ambiguous",
        "user-without-role",
        "console-role-drift",
        "console-organization-drift",
        "console-status-drift",
        "idp-user-not-provisioned",
        "idp-duplicate-username",
        "active-state-unknown",
    ] {
        assert!(rules.contains(&rule), "the demo has {rule}: {rules:?}");
    }
    for (from_ldif, from_scim) in ldif.iter().zip(scim) {
        if from_scim["rule"] == "idp-duplicate-username" {
            // The message names the user's id: SCIM's, or the user's DN in a directory.
            assert!(from_ldif["message"]
                .as_str()
                .unwrap()
                .contains("OU=Staff,DC=acme"));
            assert_eq!(from_ldif["subjects"], from_scim["subjects"]);
            continue;
        }
        assert_eq!(unplaced(from_ldif), unplaced(from_scim));
    }
    let at = ldif
        .iter()
        .find(|f| f["rule"] == "user-without-role")
        .map(|f| f["location"].clone())
        .unwrap();
    assert!(at["path"].as_str().unwrap().ends_with("acme.ldif"), "{at}");
}

#[test]
fn an_ldif_gives_users_and_groups_and_reports_the_other_entries() {
    let loaded = load_file(Path::new(LDIF), LDIF, None).unwrap();
    assert_eq!(loaded.kind, InputKind::IdpUsers);
    assert_eq!(loaded.records.len(), 12);
    let groups = &loaded.also[0];
    assert_eq!((groups.0, groups.1.len()), (InputKind::IdpGroups, 9));
    let alice = &loaded.records[0].value;
    assert_eq!(alice["userName"], "alice.admin@acme.example");
    assert_eq!(alice["id"], "CN=Alice Admin,OU=Staff,DC=acme,DC=example");
    assert_eq!(alice["active"], true);
    assert_eq!(
        alice["groups"],
        json!(["Incydr Users", "Incydr Admins", "Engineering"])
    );
    assert_eq!(alice["department"], "Engineering");
    let state = |name: &str| {
        loaded
            .records
            .iter()
            .find(|r| r.value["userName"] == name)
            .map(|r| r.value["active"].clone())
            .unwrap()
    };
    assert_eq!(state("frank.left@acme.example"), false, "0x2 set: disabled");
    assert_eq!(
        state("finn.contractor@acme.example"),
        Value::Null,
        "no flags: unknown"
    );
    let users_group = groups
        .1
        .iter()
        .find(|g| g.value["displayName"] == "Incydr Users");
    let users_group = &users_group.unwrap().value;
    assert_eq!(users_group["member_ids"].as_array().unwrap().len(), 10);
    assert_eq!(users_group["member_names"][0], "alice.admin@acme.example");
    assert!(users_group["raw"]["description"][0]
        .as_str()
        .unwrap()
        .ends_with("pushed to Incydr by the provider as one group"));
    let sales = groups.1.iter().find(|g| g.value["displayName"] == "Sales");
    assert_eq!(
        sales.unwrap().value["raw"]["description"][0],
        "Équipe commerciale EMEA"
    );
    let skipped: Vec<String> = loaded
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.location, s.reason))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].contains("organizationalunit"), "{skipped:?}");
    assert!(skipped[1].contains("a computer account"), "{skipped:?}");
}

#[test]
fn get_aduser_and_get_adgroupmember_csv_exports() {
    let path = "fixtures/ldif-demo/ad-users.csv";
    let users = load_file(Path::new(path), path, None).unwrap();
    assert_eq!(users.kind, InputKind::IdpUsers);
    let got: Vec<(Value, Value, Value)> = users
        .records
        .iter()
        .map(|r| {
            let v = &r.value;
            (
                v["userName"].clone(),
                v["active"].clone(),
                v["groups"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                json!("ann.lee@corp.example"),
                json!(true),
                json!(["Incydr Users", "Sales"])
            ),
            (
                json!("ben.ode@corp.example"),
                json!(false),
                json!(["Incydr Users"])
            ),
            (json!("cy.park@corp.example"), json!(true), json!([])),
            (json!("di.wu@corp.example"), Value::Null, json!([])),
        ]
    );
    assert_eq!(users.records[0].location.as_ref().unwrap().line, 3);
    let path = "fixtures/ldif-demo/ad-group-members.csv";
    let groups = load_file(Path::new(path), path, None).unwrap();
    assert_eq!(groups.kind, InputKind::IdpGroups);
    let names: Vec<(&str, usize)> = groups
        .records
        .iter()
        .map(|g| {
            let members = g.value["member_ids"].as_array().unwrap().len();
            (g.value["displayName"].as_str().unwrap(), members)
        })
        .collect();
    assert_eq!(names, vec![("Incydr Users", 3), ("Sales", 1)]);
}

#[test]
fn ad_exports_that_cannot_be_read_as_they_are_say_why() {
    let bare = "#TYPE Microsoft.ActiveDirectory.Management.ADPrincipal\n\
                \"distinguishedName\",\"name\",\"objectClass\",\"objectGUID\",\"SamAccountName\",\"SID\"\n\
                \"CN=Ann,DC=x\",\"Ann\",\"user\",\"1\",\"ann\",\"S-1\"\n";
    let err = load_text(bare.as_bytes(), "members.csv", None).unwrap_err();
    assert!(err.to_string().contains("Get-ADGroupMember"), "{err}");
    let unjoined = "\"DistinguishedName\",\"ObjectClass\",\"UserPrincipalName\",\"MemberOf\"\n\
                    \"CN=Ann,DC=x\",\"user\",\"ann@x.example\",\"Microsoft.ActiveDirectory.Management.ADPropertyValueCollection\"\n";
    let users = load_text(unjoined.as_bytes(), "users.csv", None).unwrap();
    assert_eq!(users.records[0].value["groups"], json!([]));
    assert!(
        users.skipped[0].reason.contains("-join"),
        "{:?}",
        users.skipped
    );
    let ous = "dn: OU=x,DC=x\nobjectClass: organizationalUnit\n";
    let err = load_text(ous.as_bytes(), "ous.ldif", None).unwrap_err();
    assert!(err.to_string().contains("without users or groups"), "{err}");
}

/// Every record of `loaded`, of every kind, without its place (the lines differ).
fn values(loaded: &synclint::input::LoadedInput) -> Vec<(InputKind, Vec<Value>)> {
    loaded
        .parts()
        .map(|(kind, records)| (kind, records.iter().map(|r| r.value.clone()).collect()))
        .collect()
}

#[test]
fn ldif_written_as_add_records_is_read_as_the_same_entries() {
    let path = "fixtures/shapes/ad-ldifde-changetype-add.ldf";
    let added = load_file(Path::new(path), path, None).unwrap();
    let plain = load_file(Path::new(LDIF), LDIF, None).unwrap();
    assert_eq!(added.records.len(), 12);
    assert_eq!(values(&added), values(&plain));
    assert_eq!(
        added.skipped.len(),
        plain.skipped.len(),
        "{:?}",
        added.skipped
    );
}

#[test]
fn ldif_change_records_other_than_add_are_skipped_and_said_to_be_changes() {
    let text =
        "dn: CN=Ann,DC=x\nchangetype: add\nobjectClass: user\nuserPrincipalName: ann@x.example\n\n\
                dn: CN=Bob,DC=x\nchangetype: modify\nreplace: title\ntitle: Boss\n-\n";
    let loaded = load_text(text.as_bytes(), "changes.ldif", None).unwrap();
    assert_eq!(loaded.records.len(), 1);
    assert_eq!(loaded.records[0].value["userName"], json!("ann@x.example"));
    let skipped: Vec<String> = loaded
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.location, s.reason))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with("changes.ldif:6:1 an LDIF change record (changetype: modify)"),
        "{skipped:?}"
    );
    let only_changes = "dn: CN=Bob,DC=x\nchangetype: modify\nreplace: title\ntitle: Boss\n-\n\n\
                        dn: CN=Cy,DC=x\nchangetype: delete\n";
    let err = load_text(only_changes.as_bytes(), "changes.ldif", None).unwrap_err();
    let err = err.to_string();
    assert!(err.contains("2 change record(s)"), "{err}");
    assert!(!err.contains("without users or groups"), "{err}");
}
