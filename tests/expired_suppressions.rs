//! An expired suppression in synclint.yaml is shown in every report format, with where it
//! is written, so CI (SARIF, JUnit, GitHub annotations) shows it too.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const SUPPRESSIONS: &str = "suppressions:\n  - rule: role-unavailable\n    group: Security Analysts\n    reason: waiting for vendor ticket 4411\n    expires: 2026-11-01\n";

/// The demo export with an expired suppression appended to its synclint.yaml.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let config = dir.path().join("synclint.yaml");
    let text = std::fs::read_to_string(&config).expect("config") + SUPPRESSIONS;
    std::fs::write(config, text).expect("write");
    dir
}

fn render(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--now", "2026-11-28T12:00:00Z", "--color", "never"])
        .args(["--format", format, dir.to_str().expect("utf8")])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

/// The line of the suppression's `rule:` key, as the JSON report gives it.
fn suppression_line(dir: &Path) -> u64 {
    let doc: Value = serde_json::from_str(&render(dir, "json")).expect("JSON");
    let expired = &doc["summary"]["expired_suppressions"][0];
    assert_eq!(expired["rule"], "role-unavailable");
    expired["location"]["line"].as_u64().expect("line")
}

fn assert_mentions(format: &str, text: &str) {
    for needle in [
        "role-unavailable",
        "2026-11-01",
        "waiting for vendor ticket 4411",
    ] {
        assert!(text.contains(needle), "{format} lacks {needle}:\n{text}");
    }
}

#[test]
fn sarif_lists_it_as_a_tool_execution_notification_at_its_line() {
    let dir = demo();
    let line = suppression_line(dir.path());
    let doc: Value = serde_json::from_str(&render(dir.path(), "sarif")).expect("SARIF");
    let notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let note = notes
        .iter()
        .find(|n| {
            n["message"]["text"]
                .as_str()
                .unwrap_or("")
                .contains("expired")
        })
        .unwrap_or_else(|| panic!("no expired-suppression notification: {notes:?}"));
    assert_eq!(note["level"], "warning");
    assert_mentions("sarif", note["message"]["text"].as_str().unwrap());
    let physical = &note["locations"][0]["physicalLocation"];
    let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
    assert!(uri.ends_with("synclint.yaml"), "{uri}");
    assert_eq!(physical["region"]["startLine"].as_u64(), Some(line));
}

#[test]
fn github_annotates_the_configuration_line_with_a_warning() {
    let dir = demo();
    let line = suppression_line(dir.path());
    let text = render(dir.path(), "github");
    let annotation = text
        .lines()
        .find(|l| l.starts_with("::warning ") && l.contains("Expired suppression"))
        .unwrap_or_else(|| panic!("no annotation:\n{text}"));
    assert!(annotation.contains("synclint.yaml,line="), "{annotation}");
    assert!(annotation.contains(&format!("line={line}")), "{annotation}");
    assert_mentions("github", annotation);
}

#[test]
fn junit_markdown_and_html_mention_it() {
    let dir = demo();
    let line = suppression_line(dir.path());
    for format in ["junit", "markdown", "html"] {
        let text = render(dir.path(), format);
        assert!(
            text.contains("Expired suppression") || text.contains("expired suppression"),
            "{format}:\n{text}"
        );
        assert!(
            text.contains(&format!("synclint.yaml:{line}")),
            "{format} lacks the place"
        );
        assert_mentions(format, &text);
    }
}
