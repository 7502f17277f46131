//! A report is never written over a file the run reads: the log being checked, a snapshot,
//! the configuration. A file in the folder that was not read (last run's report) may be.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::path::Path;
use std::process::{Command, Output};

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A copy of the demo export in a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir("fixtures/demo").expect("demo") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        std::fs::copy(&path, dir.path().join(name)).expect("copy");
    }
    dir
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf8")
}

/// Run synclint with `args` and check it refused (exit 2, saying `says`) and left `target`
/// as it was.
fn assert_refused(args: &[&str], target: &Path, says: &str) {
    let before = std::fs::read(target).expect("there");
    let out = synclint(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
    let after = std::fs::read(target).expect("there");
    assert_eq!(after, before, "{} changed", target.display());
}

#[test]
fn check_refuses_to_write_over_a_log_or_the_configuration_it_read() {
    let dir = demo_copy();
    for (name, how) in [
        ("sync-log.csv", "--output"),
        ("synclint.yaml", "--format"),
        ("users.csv", "--write-baseline"),
    ] {
        let target = dir.path().join(name);
        let value = if how == "--format" {
            format!("json={}", target.display())
        } else {
            arg(&target).to_owned()
        };
        let args = ["check", arg(dir.path()), how, &value];
        assert_refused(&args, &target, "is an input of this run");
    }
}

#[test]
fn a_file_in_the_folder_that_was_not_read_may_be_written_over() {
    let dir = demo_copy();
    let report = dir.path().join("report.txt");
    std::fs::write(&report, "last run's report\n").expect("write");
    let out = synclint(&["check", arg(dir.path()), "--output", arg(&report)]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&report).expect("written");
    assert!(text.contains("finding(s)"), "{text}");
}

#[cfg(unix)]
#[test]
fn report_refuses_to_write_over_the_log_it_read_through_a_link() {
    let dir = demo_copy();
    let log = dir.path().join("sync-log.csv");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let link = elsewhere.path().join("latest.txt");
    std::os::unix::fs::symlink(&log, &link).expect("symlink");
    let args = [
        "report",
        arg(dir.path()),
        "--redact",
        "--output",
        arg(&link),
    ];
    assert_refused(&args, &log, "read as");
}

#[test]
fn trace_refuses_to_write_over_a_snapshot_it_read() {
    let dir = demo_copy();
    let users = dir.path().join("users.csv");
    let args = ["trace", "jdoe", arg(dir.path()), "--output", arg(&users)];
    assert_refused(&args, &users, "is an input of this run");
}

/// A check stopped by a broken configuration still writes its machine reports, but never
/// over the broken file itself.
#[test]
fn a_stopped_check_writes_no_report_over_the_broken_configuration() {
    let dir = demo_copy();
    let config = dir.path().join("synclint.yaml");
    let broken = std::fs::read_to_string(&config).expect("there") + "  bogus_key: 1\n";
    std::fs::write(&config, &broken).expect("write");
    let sarif = dir.path().join("report.sarif");
    let over = format!("sarif={}", config.display());
    let beside = format!("junit={}", sarif.display());
    let out = synclint(&[
        "check",
        arg(dir.path()),
        "--format",
        &over,
        "--format",
        &beside,
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&config).expect("there"), broken);
    let junit = std::fs::read_to_string(&sarif).expect("the other report is written");
    assert!(junit.contains("<testsuites"), "{junit}");
}
