//! A check whose findings wait in a temporary file while the logs' groups settle gives
//! the same report, byte for byte, as one that keeps them in memory.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use clap::Parser;
use std::fmt::Write as _;
use std::path::Path;
use synclint::options::{CheckOptions, Command};
use synclint::report::{OutputFormat, RenderOptions};

const NOW: &str = "2026-11-28T12:00:00Z";

/// A Sync log of `events` lines over `users` users, one in `failing` a failure of a kind
/// the built-in rules read (the same shape as the benchmark's generator).
fn sync_log(events: u32, users: usize, failing: usize) -> String {
    const ERRORS: &[&str] = &[
        "Unable to update user's role",
        "Unable to move existing user to an organization",
        "HTTP 409: a user with this username already exists",
        "Too many requests (429), retry later",
    ];
    const ACTIONS: &[&str] = &[
        "update role",
        "move organization",
        "deactivate user",
        "create user",
    ];
    const PROVIDERS: &[&str] = &["Okta", "Azure AD", "OneLogin"];
    let mut log = String::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap()
    };
    for i in 0..events {
        let (user, provider, action) = (next(users), PROVIDERS[next(3)], ACTIONS[next(4)]);
        let (status, message) = match next(failing) {
            0 => ("failure", ERRORS[next(ERRORS.len())]),
            _ => ("success", "Completed"),
        };
        let time = chrono::DateTime::from_timestamp(1_788_220_800 + i64::from(i) * 37, 0).unwrap();
        writeln!(
            log,
            r#"{{"timestamp":"{}","provider":"{provider}","action":"{action}","user":"user{user}@example.com","user_id":"u-{user}","status":"{status}","role":"desktop-user","organization":"Engineering","message":"{message}"}}"#,
            time.format("%Y-%m-%dT%H:%M:%SZ")
        )
        .unwrap();
    }
    log
}

fn check_options(log: &Path) -> CheckOptions {
    let path = log.to_str().expect("UTF-8 path");
    let cli = synclint::cli::Cli::try_parse_from(["synclint", "check", path, "--now", NOW])
        .expect("arguments");
    match synclint::cli::options(&cli).expect("options").command {
        Command::Check(args) => *args,
        other => panic!("not a check: {other:?}"),
    }
}

/// The JSON report of a check of `log`, with findings kept in memory up to `in_memory`.
fn json_report(log: &Path, in_memory: usize) -> String {
    let mut args = check_options(log);
    args.input.limits.findings_in_memory = in_memory;
    let outcome = synclint::check::run(&args).expect("check runs");
    assert!(!outcome.unreadable, "{:?}", outcome.report.summary.problems);
    let mut out = Vec::new();
    OutputFormat::Json
        .renderer(&RenderOptions::default())
        .render(&outcome.report, &mut out)
        .expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn findings_read_back_from_their_file_make_the_same_report() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(20_000, 300, 4)).expect("log written");
    let in_memory = json_report(&log, usize::MAX);
    let through_file = json_report(&log, 0);
    let report: serde_json::Value = serde_json::from_str(&through_file).expect("JSON");
    let findings = report["findings"].as_array().expect("findings");
    assert!(findings.len() > 500, "{} findings", findings.len());
    let rules: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(
        rules.len() >= 4,
        "several aggregated rules fired: {rules:?}"
    );
    assert!(in_memory == through_file, "the two reports differ");
}

#[test]
fn the_demo_reads_the_same_through_the_file() {
    let demo = Path::new("fixtures/demo");
    assert_eq!(json_report(demo, 0), json_report(demo, usize::MAX));
}

/// The JSON report `synclint check` writes for `log` with `TMPDIR` set to `tmp`.
fn cli_report(log: &Path, tmp: &Path) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args([
            "check",
            "--now",
            NOW,
            "--fail-on",
            "never",
            "--format",
            "json",
            // The groups stay in memory: this is about the findings' file (groups that
            // cannot be written are a problem of their own, tests/groups_spill.rs).
            "--groups-in-memory",
            "1GiB",
        ])
        .arg(log)
        .env("TMPDIR", tmp)
        .output()
        .expect("synclint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.stdout.is_empty(), "{stderr}");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

#[test]
fn without_a_place_for_the_file_the_findings_stay_in_memory() {
    // Every line a failure, over as many users as lines: tens of thousands of groups,
    // past the default bound, so settling reaches for its file.
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("sync.jsonl");
    std::fs::write(&log, sync_log(20_000, 20_000, 1)).expect("log written");
    let (code, with_file) = cli_report(&log, dir.path());
    assert_eq!(code, Some(0));
    let (code, without) = cli_report(&log, &dir.path().join("no such folder"));
    assert_eq!(code, Some(0), "no problem is reported: nothing was lost");
    let report: serde_json::Value = serde_json::from_str(&without).expect("JSON");
    assert!(
        report["summary"]["findings"].as_u64() > Some(16_384),
        "{}",
        report["summary"]
    );
    assert!(with_file == without, "the two reports differ");
}
