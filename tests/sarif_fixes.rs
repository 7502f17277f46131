//! SARIF `fixes` for configuration findings whose change to synclint.yaml is certain.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

/// The demo with `edit` applied to its synclint.yaml, checked as SARIF.
fn sarif_after(edit: impl Fn(String) -> String) -> (Value, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copied");
    }
    let config = dir.path().join("synclint.yaml");
    let text = edit(std::fs::read_to_string(&config).expect("config"));
    std::fs::write(&config, &text).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--format",
            "sarif",
            "--now",
            "2026-11-30T00:00:00Z",
        ])
        .arg(dir.path())
        .output()
        .expect("runs");
    let raw = String::from_utf8_lossy(&out.stdout).into_owned();
    let _: serde_sarif::sarif::Sarif = serde_json::from_str(&raw).expect("valid SARIF");
    (serde_json::from_str(&raw).expect("JSON"), text)
}

/// Apply the only replacement of `fix` to `text`.
fn apply(text: &str, fix: &Value) -> String {
    let r = &fix["artifactChanges"][0]["replacements"][0];
    let region = &r["deletedRegion"];
    let offset = |line: &Value, column: &Value| {
        let (line, column) = (
            line.as_u64().unwrap() as usize,
            column.as_u64().unwrap() as usize,
        );
        let before: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        before + column - 1
    };
    let start = offset(&region["startLine"], &region["startColumn"]);
    let end = offset(&region["endLine"], &region["endColumn"]);
    format!(
        "{}{}{}",
        &text[..start],
        r["insertedContent"]["text"].as_str().unwrap(),
        &text[end..]
    )
}

fn fixes_of<'a>(doc: &'a Value, rule: &str) -> Vec<&'a Value> {
    doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == rule)
        .flat_map(|r| r["fixes"].as_array().into_iter().flatten())
        .collect()
}

/// The `mapping-duplicate` fixes that delete an entry, in report order.
fn deletions_of(doc: &Value) -> Vec<&Value> {
    fixes_of(doc, "mapping-duplicate")
        .into_iter()
        .filter(|f| {
            f["description"]["text"]
                .as_str()
                .unwrap()
                .starts_with("Delete")
        })
        .collect()
}

#[test]
fn an_identical_duplicate_entry_is_deleted() {
    let (doc, text) = sarif_after(|t| {
        t.replace(
            "  - group: incydr admins\n",
            "  - group: Incydr Users\n    roles: [desktop-user]\n  - group: incydr admins\n",
        )
    });
    let deletions = deletions_of(&doc);
    assert_eq!(deletions.len(), 1, "{deletions:?}");
    let fixed = apply(&text, deletions[0]);
    assert_eq!(
        fixed
            .matches("- group: Incydr Users\n    roles: [desktop-user]\n")
            .count(),
        1,
        "{fixed}"
    );
    assert!(
        fixed.contains("  - group: incydr admins\n"),
        "the next entry stays: {fixed}"
    );
}

#[test]
fn a_group_differing_only_in_case_or_spaces_is_respelled() {
    let (doc, text) =
        sarif_after(|t| t.replace("group: Security Analysts", "group: SecurityAnalysts"));
    let mut fixes = fixes_of(&doc, "mapping-group-unknown");
    fixes.dedup();
    assert_eq!(
        fixes.len(),
        1,
        "one change, on each finding about the group: {fixes:?}"
    );
    let fixed = apply(&text, fixes[0]);
    assert!(
        fixed.contains(
            "  - group: Security Analysts\n    roles: [desktop-user, security-center-user]"
        ),
        "{fixed}"
    );
    // The demo's `incydr admins` differs from the IdP's `Incydr Admins` only in case.
    let renamed = fixes_of(&doc, "mapping-duplicate");
    assert!(
        renamed
            .iter()
            .any(|f| apply(&text, f).contains("- group: Incydr Admins\n    roles: [proe-user]")),
        "{renamed:?}"
    );
}

#[test]
fn no_fix_where_the_change_is_not_certain() {
    // `Watchlist Team` is like no IdP group: which one was meant cannot be told.
    let (doc, _) = sarif_after(|t| t);
    assert!(fixes_of(&doc, "mapping-group-unknown").is_empty());
    // Entries for one group that grant different roles are not identical.
    assert!(!fixes_of(&doc, "mapping-duplicate")
        .iter()
        .any(|f| f["description"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Delete")));
}

#[test]
fn every_later_copy_of_an_entry_is_deleted_and_a_different_grant_is_not() {
    let copy = "  - group: Incydr Users\n    roles: [desktop-user]\n";
    let other = "  - group: Incydr Users\n    roles: [alert-emails]\n";
    let (doc, text) = sarif_after(|t| {
        t.replace(
            "  - group: incydr admins\n",
            &format!("{copy}{other}{copy}  - group: incydr admins\n"),
        )
    });
    let deletions = deletions_of(&doc);
    // The demo's own entry and the two inserted copies: the two later ones go.
    assert_eq!(deletions.len(), 2, "{deletions:?}");
    let mut fixed = text.clone();
    for fix in deletions.iter().rev() {
        fixed = apply(&fixed, fix);
    }
    assert_eq!(fixed.matches(copy).count(), 1, "{fixed}");
    assert_eq!(
        fixed.matches(other).count(),
        1,
        "the other grant stays: {fixed}"
    );
}
