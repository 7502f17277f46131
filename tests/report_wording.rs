//! Small things the reports say on the demo: whole provider names over their columns,
//! the configuration read as configuration (not "0 records"), and event counts that do
//! not claim "0 users" for events that name nobody.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Stdio};

fn demo(format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "fixtures/demo", "--now", "2026-11-28T12:00:00Z"])
        .args(["--format", format])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_long_provider_name_heads_its_column_whole_and_aligned() {
    let text = demo("human");
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("total"))
        .expect("the table's header");
    assert!(header.contains("Microsoft Entra ID"), "{header}");
    assert!(!header.contains('…'), "{header}");
    let errors = text
        .lines()
        .find(|l| l.starts_with("Errors  "))
        .expect("the errors row");
    let end = |line: &str, word: &str| line.find(word).map(|at| at + word.len());
    // The Entra count ends where the header's name ends.
    let name_end = end(header, "Microsoft Entra ID").unwrap();
    assert_eq!(
        errors.chars().nth(name_end - 1),
        Some('0'),
        "{header}\n{errors}"
    );
}

#[test]
fn the_configuration_is_read_as_configuration() {
    for format in ["human", "junit", "markdown"] {
        let text = demo(format);
        assert!(
            text.contains("synclint.yaml as configuration")
                || text.contains("synclint.yaml | configuration"),
            "{format}: {text}"
        );
        assert!(!text.contains("as config (0 records)"), "{format}");
    }
}

#[test]
fn events_that_name_no_user_are_not_counted_as_zero_users() {
    let html = demo("html");
    assert!(!html.contains("0 users"), "a claim of 0 users");
    assert!(html.contains("1 event (no user named)"));
    assert!(html.contains("13 events for 1 user"));
}

#[test]
fn the_html_inputs_table_shows_the_configuration_as_configuration() {
    let html = demo("html");
    let row = html
        .lines()
        .find(|l| l.contains("<td class=\"path\">fixtures/demo/synclint.yaml</td>"))
        .expect("the configuration's row");
    assert!(row.contains("<td>configuration</td>"), "{row}");
    assert!(!row.contains(">config<"), "{row}");
}

#[test]
fn check_report_and_notify_help_end_with_examples() {
    for (command, example) in [
        ("check", "synclint check exports/"),
        ("report", "synclint report exports/"),
        ("notify", "synclint notify exports/ --dry-run"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
            .args([command, "--help"])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{command} --help");
        assert!(text.contains("Examples:"), "{command}: {text}");
        assert!(text.contains(example), "{command}: {text}");
    }
}
