//! Exports damaged on the way (`fixtures/shapes`, made-up values): ids Excel rounded, a
//! PowerShell `Export-Csv` of nested objects, a file holding only JSON `null`. Each is
//! either read for what it still says, with a note, or not used with the reason.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::Command;

mod summary_support;
use summary_support::{not_used, skipped};

const IDS: &str = "fixtures/shapes/excel-ids";

/// `synclint check` on the files, as the JSON report.
fn check(files: &[String]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-12-02T00:00:00Z"])
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// The Excel-ids tenant with `users` as its Incydr users export.
fn tenant(users: &str) -> Vec<String> {
    [
        "scim-users.json",
        "scim-groups.json",
        "roles.json",
        "user-roles.jsonl",
        "synclint.yaml",
        users,
    ]
    .iter()
    .map(|name| format!("{IDS}/{name}"))
    .collect()
}

/// `rule: message` of every finding.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{}: {}", f["rule"], f["message"]))
        .collect()
}

#[test]
fn ids_rounded_by_excel_are_not_ids_and_give_the_intact_exports_findings() {
    let intact = check(&tenant("incydr-users.csv"));
    let rounded = check(&tenant("incydr-users-excel.csv"));
    let expected = findings(&intact);
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert!(expected[0].contains("console-status-drift"), "{expected:?}");
    assert_eq!(findings(&rounded), expected);
    // The same notes (a nested group), and one on the ids instead of "listed again".
    let mut notes = skipped(&rounded);
    let excel = notes
        .iter()
        .position(|n| n.contains("Excel rounded"))
        .map(|at| notes.remove(at))
        .expect("a note on the rounded ids");
    assert_eq!(notes, skipped(&intact));
    assert!(
        excel.starts_with("2 warning: `userId` holds `1.09486E+18`: Excel rounded the ids"),
        "{excel}"
    );
    assert!(excel.contains("Data > From Text/CSV"), "{excel}");
}

#[test]
fn powershell_export_csv_of_provisioning_logs_is_not_used_with_the_columns_and_the_fix() {
    for name in [
        "entra-mggraph-export-csv.csv",
        "entra-mggraph-export-csv-ps51.csv",
    ] {
        let report = check(&[format!("fixtures/shapes/{name}")]);
        let problems = not_used(&report);
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!(problems[0].0, "unrecognized", "{name}");
        let reason = &problems[0].1;
        for part in [
            "`Export-Csv` wrote columns `InitiatedBy`, `ModifiedProperties`",
            "as .NET type names",
            "`Microsoft.Graph.PowerShell.Models.MicrosoftGraphInitiator`",
            "ConvertTo-Json -Depth 10",
        ] {
            assert!(reason.contains(part), "{name}: {reason}");
        }
        assert_eq!(skipped(&report), Vec::<String>::new(), "{name}");
        assert_eq!(
            report["summary"]["inputs"],
            Value::Array(Vec::new()),
            "{name}"
        );
    }
}

#[test]
fn a_file_of_json_null_is_said_to_be_json_holding_null() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("null.json");
    std::fs::write(&file, "null\n").unwrap();
    let report = check(&[file.to_string_lossy().into_owned()]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .1
            .starts_with("a JSON document holding only null"),
        "{problems:?}"
    );
}
