//! The admin consoles' CSV downloads of provider logs, whose columns neither vendor
//! publishes (`fixtures/shapes`, made-up values): the Okta System Log's "Download CSV"
//! and the Entra admin center's three provisioning log files. None is read, each says
//! why and what to export instead, small or streamed, detected or named with `--kind`;
//! the same events as JSON are read; other CSVs keep their kinds.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use synclint::input::{load_file, stream_events, InputError, InputKind};

const OKTA_CSV: &str = "fixtures/shapes/okta-system-log-download.csv";
const OKTA_JSON: &str = "fixtures/shapes/okta-signin-and-push-failures.jsonl";
const ENTRA_MAIN: &str = "fixtures/shapes/entra-portal-download.csv";
const ENTRA_STEPS: &str = "fixtures/shapes/entra-portal-download-steps.csv";
const ENTRA_PROPERTIES: &str = "fixtures/shapes/entra-portal-download-properties.csv";

const OKTA_REASON: &str =
    "looks like the Okta System Log as the Admin Console's \"Download CSV\" (columns `eventType` and `published`)";
const ENTRA_PART: &str = "looks like a file of Entra's CSV download of provisioning logs";

/// `synclint check` with `args`, as the JSON report.
fn check(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2026-11-28T12:00:00Z"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

/// `(path, kind, records)` of each input read.
fn read(report: &Value) -> Vec<(String, String, u64)> {
    let inputs = report["summary"]["inputs"].as_array().expect("inputs");
    inputs
        .iter()
        .map(|i| {
            let path = i["path"].as_str().unwrap().to_owned();
            (
                path,
                i["kind"].as_str().unwrap().to_owned(),
                i["records"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `(path, reason)` of each file not used.
fn not_used(report: &Value) -> Vec<(String, String)> {
    let problems = report["summary"]["problems"].as_array().expect("problems");
    problems
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn findings(report: &Value) -> usize {
    report["findings"].as_array().expect("findings").len()
}

#[test]
fn an_okta_csv_download_is_not_used_and_the_same_events_as_json_are() {
    let report = check(&[OKTA_CSV, OKTA_JSON]);
    // The JSON lines: only the provisioning failure is read, the sign-in failure is
    // counted as not about provisioning.
    assert_eq!(
        read(&report),
        vec![(OKTA_JSON.to_owned(), "okta-log".to_owned(), 1)]
    );
    assert_eq!(report["summary"]["inputs"][0]["not_provisioning"], 1);
    // The CSV holding the same two events is not read at all: no record of it counts.
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, OKTA_CSV);
    assert!(problems[0].1.starts_with(OKTA_REASON), "{}", problems[0].1);
    assert!(
        problems[0].1.contains("GET /api/v1/logs"),
        "says what to export instead"
    );
    assert!(
        problems[0].1.contains("--log-mapping"),
        "says how to read it anyway"
    );

    let loaded = load_file(Path::new(OKTA_JSON), OKTA_JSON, None).unwrap();
    let event = &loaded.records[0].value;
    assert_eq!(event["status"], "failure");
    assert_eq!(event["action"], "update");
    assert_eq!(event["user"], "ines.varga@example.com");
    assert_eq!(event["app"], "Code42 Incydr");
    assert_eq!(loaded.not_provisioning.count, 1);
}

#[test]
fn a_log_mapping_that_names_the_okta_csv_columns_still_reads_it() {
    // What the reason offers: a mapping is applied before the file is looked at.
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("okta-csv.yaml");
    std::fs::write(
        &mapping,
        "log_mapping:\n  name: okta-csv\n  provider: Okta\n  detect: [eventType, published, outcome.result]\n  fields:\n    time: published\n    action: eventType\n    status: \"[outcome.result]\"\n",
    )
    .unwrap();
    let without = check(&[OKTA_CSV]);
    assert_eq!(read(&without), vec![]);
    let with = check(&[OKTA_CSV, "--log-mapping", mapping.to_str().unwrap()]);
    assert_eq!(
        read(&with),
        vec![(OKTA_CSV.to_owned(), "log:okta-csv".to_owned(), 2)]
    );
    assert_eq!(not_used(&with), vec![]);
}

#[test]
fn okta_log_cannot_be_named_for_a_csv() {
    let okta = format!("okta-log={OKTA_CSV}");
    let sync = "okta-log=fixtures/logs/incydr-sync-log.csv";
    let report = check(&["--kind", &okta, "--kind", sync]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 2, "{problems:?}");
    // The download gets the reason detection gives; any other CSV is told that the
    // System Log is read from JSON.
    assert!(problems[0].1.starts_with(OKTA_REASON), "{}", problems[0].1);
    assert!(
        problems[1]
            .1
            .starts_with("the Okta System Log is read from JSON, not from CSV"),
        "{}",
        problems[1].1
    );
    assert_eq!(findings(&report), 0);
}

/// A made-up Okta CSV download of about 1 MB: past the size from which logs are streamed.
fn big_okta_csv(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("uuid,published,eventType,actor.alternateId,outcome.result\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "e-{i},2026-11-27T08:{:02}:00Z,application.provision.user.push,system@okta.com,FAILURE\n",
            i % 60
        ));
    }
    let path = dir.join("system-log.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_large_okta_csv_download_is_refused_at_its_header_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = big_okta_csv(dir.path());
    let shown = path.to_str().unwrap();
    // Past --max-file-size, a file read whole would be refused as too large: the
    // download's own reason shows it was streamed and stopped at its header.
    let report = check(&["--max-file-size", "300KiB", shown]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].1.starts_with(OKTA_REASON), "{}", problems[0].1);
    // Streaming it and loading it whole give the same refusal.
    let mut batches = 0;
    let streamed = stream_events(&path, "log", None, 100, &mut |_, _| batches += 1);
    let whole = load_file(&path, "log", None);
    match (streamed, whole) {
        (
            Err(InputError::Unrecognized { reason: a, .. }),
            Err(InputError::Unrecognized { reason: b, .. }),
        ) => {
            assert_eq!(a, b);
            assert!(a.starts_with(OKTA_REASON), "{a}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(batches, 0, "nothing of it is handed over");
}

#[test]
fn each_file_of_the_entra_csv_download_is_not_used_and_other_csvs_keep_their_kinds() {
    let sync = "fixtures/logs/incydr-sync-log.csv";
    let analytics = "fixtures/logs/entra-log-analytics.csv";
    let users = "fixtures/shapes/incydr-users-northwind.csv";
    let report = check(&[
        ENTRA_MAIN,
        ENTRA_STEPS,
        ENTRA_PROPERTIES,
        sync,
        analytics,
        users,
    ]);
    let kinds: Vec<(String, String)> = read(&report)
        .into_iter()
        .map(|(path, kind, _)| (path, kind))
        .collect();
    let expected = [
        (sync, "sync-log"),
        (analytics, "entra-log"),
        (users, "console-users"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, k)| ((*p).to_owned(), (*k).to_owned()))
        .collect();
    assert_eq!(kinds, expected);
    let problems = not_used(&report);
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, vec![ENTRA_MAIN, ENTRA_STEPS, ENTRA_PROPERTIES]);
    assert!(
        problems[0]
            .1
            .starts_with("looks like Entra provisioning logs as the portal's CSV download"),
        "{}",
        problems[0].1
    );
    for (path, reason) in &problems[1..] {
        assert!(reason.starts_with(ENTRA_PART), "{path}: {reason}");
        assert!(
            reason.contains("`changeId`"),
            "{path}: names the column: {reason}"
        );
        assert!(
            reason.contains("JSON"),
            "{path}: says what to download: {reason}"
        );
    }
}

#[test]
fn a_csv_keyed_by_a_change_id_is_not_read_as_a_sync_log_unless_named_one() {
    // Time, action and status columns would make it a Sync log; its change id says it
    // comes from Entra's download, where another app's failure must not count.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("provisioning.csv");
    std::fs::write(
        &path,
        "Date,Change ID,Action,Target System,Status,Status Reason\n\
         2026-11-27T10:31:05Z,ch-07,Delete,Box,Failure,The target app timed out\n",
    )
    .unwrap();
    let shown = path.to_str().unwrap();
    let report = check(&[shown]);
    assert_eq!(read(&report), vec![]);
    let problems = not_used(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].1.starts_with(ENTRA_PART), "{}", problems[0].1);
    assert!(
        problems[0].1.contains("--kind sync-log=FILE"),
        "{}",
        problems[0].1
    );
    // The way out the reason names.
    let named = check(&["--kind", &format!("sync-log={shown}")]);
    assert_eq!(
        read(&named),
        vec![(shown.to_owned(), "sync-log".to_owned(), 1)]
    );
}

#[test]
fn entra_log_cannot_be_named_for_the_portal_download_but_still_for_log_analytics_rows() {
    let analytics = "fixtures/logs/entra-log-analytics.csv";
    let report = check(&[
        "--kind",
        &format!("entra-log={ENTRA_MAIN}"),
        "--kind",
        &format!("entra-log={ENTRA_STEPS}"),
        "--kind",
        &format!("entra-log={analytics}"),
    ]);
    let whole = load_file(Path::new(analytics), analytics, None).unwrap();
    assert_eq!(whole.kind, InputKind::EntraLog);
    assert_eq!(
        read(&report),
        vec![(
            analytics.to_owned(),
            "entra-log".to_owned(),
            whole.records.len() as u64
        )]
    );
    let problems = not_used(&report);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0]
            .1
            .starts_with("looks like Entra provisioning logs as the portal's CSV download"),
        "{}",
        problems[0].1
    );
    assert!(problems[1].1.starts_with(ENTRA_PART), "{}", problems[1].1);
}
