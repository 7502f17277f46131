//! A check stopped by an invalid configuration (exit 3) still writes the reports a CI job
//! reads, each pointing at the broken spot, and says the same on standard error.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::process::Command;

#[test]
fn an_invalid_configuration_is_in_the_sarif_junit_and_annotations_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    // Line 4: `roles` must be a list.
    let config =
        "version: 1\nprovider: okta\nrole_mappings:\n  - { group: Staff, roles: desktop-user }\n";
    std::fs::write(dir.path().join("synclint.yaml"), config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--config",
            "synclint.yaml",
            "--format",
            "sarif=out.sarif",
            "--format",
            "junit=out.xml",
            "--format",
            "github",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not a valid synclint configuration"),
        "{stderr}"
    );

    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.sarif")).unwrap()).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    let place = &note["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "synclint.yaml");
    assert_eq!(place["region"]["startLine"], 4);

    let junit = std::fs::read_to_string(dir.path().join("out.xml")).unwrap();
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert!(
        junit.contains("<testcase name=\"synclint.yaml\" classname=\"synclint.input\">"),
        "{junit}"
    );

    let stdout = String::from_utf8_lossy(&out.stdout);
    let annotation = stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_default();
    assert!(
        annotation.starts_with("::error file=synclint.yaml,line=4,"),
        "{stdout}"
    );
}
