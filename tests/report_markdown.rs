//! `report --format markdown` writes Markdown alone to stdout: what was read is a
//! section of the document, and a snapshot among the inputs is "not a log", not
//! "unrecognized".

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Stdio};

#[test]
fn the_markdown_report_is_only_markdown() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["report", "fixtures/demo", "--format", "markdown"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("## Directory sync report"), "{text}");
    assert!(text.contains("\n### Inputs\n"), "{text}");
    assert!(
        text.contains("- Read fixtures/demo/sync-log.csv as sync-log"),
        "{text}"
    );
    assert!(
        text.contains(
            "- Not used (not-a-log): fixtures/demo/roles.json: read as roles, which is not a log"
        ),
        "{text}"
    );
    assert!(!text.contains("unrecognized"), "{text}");
    for line in text.lines() {
        let markdown =
            line.is_empty() || line.starts_with(['#', '|', '-', ' ']) || line.contains(" to ");
        assert!(markdown, "not a Markdown line: {line:?}\n{text}");
    }
}
