//! Sync logs saved in other locales: slash dates read in the order the file's own dates
//! prove (`13/08/2024` can only be day-first), spreadsheet forms without seconds, dotted
//! German dates, and a note when nothing in the file tells the order.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use synclint::input::{load_file, stream_events, InputKind, LoadedInput};
use synclint::model::Record;

const DIR: &str = "fixtures/shapes";

fn load(name: &str) -> LoadedInput {
    let file = format!("{DIR}/{name}");
    load_file(Path::new(&file), &file, None).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn times(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .map(|r| r.value["time"].as_str().unwrap_or("-").to_owned())
        .collect()
}

/// `line reason` of each entry skipped or noted.
fn skipped(entries: &[synclint::model::Skipped]) -> Vec<String> {
    entries
        .iter()
        .map(|s| format!("{} {}", s.location.line, s.reason))
        .collect()
}

/// What [`stream_events`] reads of `path`, in batches of 2: the times and the skipped.
fn streamed(path: &Path) -> (Vec<String>, Vec<String>) {
    let (mut records, mut skips) = (Vec::new(), Vec::new());
    let display = path.display().to_string();
    stream_events(path, &display, None, 2, &mut |r, s| {
        records.extend(r);
        skips.extend(s);
    })
    .unwrap_or_else(|e| panic!("{display}: {e}"));
    (times(&records), skipped(&skips))
}

#[test]
fn an_en_gb_log_is_read_day_first_as_its_13th_and_14th_prove() {
    let loaded = load("incydr-sync-log-en-gb.csv");
    assert_eq!(loaded.kind, InputKind::SyncLog);
    let want = [
        "2024-08-10T09:02:11Z",
        "2024-08-11T09:02:12Z",
        "2024-08-12T09:02:13Z",
        "2024-08-13T13:15:40Z",
        "2024-08-14T14:00:00Z",
    ];
    assert_eq!(times(&loaded.records), want);
    assert_eq!(skipped(&loaded.skipped), Vec::<String>::new());
    let (streamed_times, streamed_skips) =
        streamed(Path::new(&format!("{DIR}/incydr-sync-log-en-gb.csv")));
    assert_eq!(streamed_times, want);
    assert!(streamed_skips.is_empty(), "{streamed_skips:?}");
}

#[test]
fn an_en_gb_log_checks_without_a_month_long_silence() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "--format", "json", "--now", "2024-08-14T15:00:00Z"])
        .arg(format!("{DIR}/incydr-sync-log-en-gb.csv"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let input = &report["summary"]["inputs"][0];
    assert_eq!(input["records"], 5, "{report}");
    // Read month-first, 10 to 12 August would be 8 October to 8 December: a silence of
    // a month and more. Read day-first, the longest is the real one of 12 to 13 August.
    let stale: Vec<&Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "sync-stale")
        .map(|f| &f["message"])
        .collect();
    assert_eq!(
        stale,
        ["No sync activity from Okta (incydr log) for 1d 4h, \
          from 2024-08-12 09:02:00 UTC to 2024-08-13 13:15:00 UTC"],
        "{report}"
    );
}

#[test]
fn excel_saved_logs_keep_every_event() {
    let all = [
        "2024-08-14T09:02:00Z",
        "2024-08-14T09:02:00Z",
        "2024-08-14T09:02:00Z",
    ];
    for name in [
        "incydr-sync-log-excel-en-us.csv",
        "incydr-sync-log-excel-de.csv",
    ] {
        let loaded = load(name);
        assert_eq!(loaded.kind, InputKind::SyncLog, "{name}");
        let got = times(&loaded.records);
        assert_eq!(got[..3], all, "{name}");
        assert_eq!(
            got[3..],
            [
                "2024-08-14T13:15:00Z",
                "2024-08-14T13:20:05Z",
                "2024-08-14T14:00:00Z"
            ],
            "{name}"
        );
    }
    let de = load("incydr-sync-log-excel-de.csv");
    assert!(
        skipped(&de.skipped).iter().all(|s| s.contains("warning:")),
        "{:?}",
        de.skipped
    );
}

#[test]
fn a_row_against_the_files_order_is_skipped_and_says_why() {
    let loaded = load("incydr-sync-log-excel-en-gb.csv");
    let mut want = vec!["2024-08-14T09:02:00Z"; 3];
    want.extend(["2024-08-14T13:15:00Z", "2024-08-14T14:00:00Z"]);
    assert_eq!(times(&loaded.records), want);
    let reason = "6 `8/14/2024` can't be day-first like the rest of this file's dates \
                  (its second number, 14, is no month); not read the other way round";
    assert_eq!(skipped(&loaded.skipped), vec![reason]);
}

#[test]
fn an_undecided_log_is_read_month_first_and_says_so() {
    let loaded = load("incydr-sync-log-excel-3aug.csv");
    assert_eq!(loaded.records.len(), 6);
    assert_eq!(times(&loaded.records)[0], "2024-03-08T09:02:00Z");
    assert_eq!(
        skipped(&loaded.skipped),
        vec![
            "2 warning: slash dates such as `03/08/2024` read month-first (Incydr's order): \
             none of the first 6 rows has a number above 12 to tell day-first from month-first"
        ]
    );
}

/// A Sync log CSV of `rows` rows, all `01/02/2024` (1 February day-first) but those
/// listed in `dated` (row number from 1, date).
fn csv_log(rows: usize, dated: &[(usize, &str)]) -> String {
    let mut text = "timestamp,action,user,status\n".to_owned();
    for row in 1..=rows {
        let date = dated
            .iter()
            .find(|(r, _)| *r == row)
            .map_or("01/02/2024", |(_, d)| d);
        writeln!(text, "{date} 10:00,update user,u{row}@example.com,ok").unwrap();
    }
    text
}

#[test]
fn a_large_log_decides_from_its_first_block_and_holds_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.csv");
    // Row 3000 proves day-first; row 4500 is past the first block and says month-first.
    let text = csv_log(5000, &[(3000, "13/02/2024"), (4500, "2/13/2024")]);
    std::fs::write(&path, text).unwrap();
    let (got, skips) = streamed(&path);
    assert_eq!(got.len(), 4999);
    assert_eq!(got[0], "2024-02-01T10:00:00Z");
    assert_eq!(got[2999], "2024-02-13T10:00:00Z");
    assert_eq!(skips.len(), 1, "{skips:?}");
    assert!(
        skips[0].starts_with("4501 `2/13/2024` can't be day-first"),
        "{skips:?}"
    );
    let loaded = load_file(&path, "sync.csv", None).unwrap();
    assert_eq!(times(&loaded.records), got);
}

#[test]
fn json_lines_decide_from_more_than_their_first_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sync.jsonl");
    let mut text = String::new();
    for (i, date) in ["01/02/2024"; 9].iter().chain(&["14/02/2024"]).enumerate() {
        writeln!(
            text,
            r#"{{"timestamp":"{date} 10:00:00","action":"update user","user":"u{i}","status":"ok"}}"#
        )
        .unwrap();
    }
    std::fs::write(&path, text).unwrap();
    let (got, skips) = streamed(&path);
    assert!(skips.is_empty(), "{skips:?}");
    assert_eq!(got[0], "2024-02-01T10:00:00Z");
    assert_eq!(got[9], "2024-02-14T10:00:00Z");
}
