//! Values from inputs can hold line breaks, terminal escapes and GitHub workflow commands.
//! Printed as text (human output, the sync report) none of them may start a line of their
//! own, reach the terminal as an escape, or be read by a CI runner as a command.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;

const FORGED: &str = "::error file=main.rs,line=1::forged";

fn synclint(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text
}

/// Every line a GitHub runner would read as a workflow command (it trims leading spaces).
fn command_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect()
}

fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let log = format!(
        "timestamp,provider,action,user,status,message\n\
         2026-11-28T10:00:00Z,Okta,update role,ann@example.com,error,\"Unable to update user's role\n{FORGED}\"\n\
         2026-11-28T10:05:00Z,Okta,update role,\"bob@example.com\n{FORGED}\",error,\"\x1b[2Jcleared\"\n"
    );
    std::fs::write(dir.path().join("sync.csv"), log).unwrap();
    // A file name with a line break, a command and an escape; its content is of no kind.
    let name = format!("notes\n{FORGED}\x1b[2J.txt");
    std::fs::write(dir.path().join(name), "just some words\n").unwrap();
    dir
}

#[test]
fn check_prints_no_forged_line_and_no_escape() {
    let dir = hostile_folder();
    let d = dir.path().to_str().unwrap();
    let text = synclint(&["check", d, "--now", "2026-11-29T00:00:00Z"]);
    assert!(text.contains("Unable to update user's role"), "{text}");
    assert!(
        text.contains("notes"),
        "the odd file is still reported: {text}"
    );
    assert_eq!(command_lines(&text), Vec::<&str>::new(), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn report_prints_no_forged_line_and_no_escape() {
    let dir = hostile_folder();
    let d = dir.path().to_str().unwrap();
    let text = synclint(&[
        "report",
        d,
        "--since",
        "2026-11-28T00:00:00Z",
        "--until",
        "2026-11-29T00:00:00Z",
    ]);
    assert!(text.contains("Errors"), "{text}");
    assert_eq!(command_lines(&text), Vec::<&str>::new(), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn markdown_output_keeps_values_on_their_line() {
    let dir = hostile_folder();
    let d = dir.path().to_str().unwrap();
    let text = synclint(&[
        "check",
        d,
        "--format",
        "markdown",
        "--now",
        "2026-11-29T00:00:00Z",
    ]);
    assert_eq!(command_lines(&text), Vec::<&str>::new(), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
}
