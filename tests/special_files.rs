//! Files that are not regular files (FIFOs, devices, links out of the folder) and CSV
//! headers wider than the column limit: refused up front and reported, never read without
//! bound, never left waiting on a writer, never skipped without a word.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-29T00:00:00Z";

/// Runs `synclint check ARGS --format json`, killed after 20 s (a hang fails the test).
fn check(args: &[&str]) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--format", "json", "--now", NOW])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().ok();
            panic!("synclint check {args:?} still ran after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().expect("code"), doc)
}

fn problems(doc: &Value) -> Vec<(String, String, String)> {
    doc["summary"]["problems"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
                    (s("path"), s("problem"), s("reason"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

fn write_sync_log(path: &Path) {
    std::fs::write(
        path,
        "timestamp,provider,action,user,status,message\n\
         2026-11-28T10:00:00Z,Okta,update user,ann@example.com,success,Completed\n",
    )
    .unwrap();
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    mkfifo(&fifo);
    let (code, doc) = check(&[fifo.to_str().unwrap()]);
    assert_eq!(code, 4, "a file that cannot be used fails the run");
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "not-a-file");
    assert!(found[0].2.contains("FIFO"), "{found:?}");
}

#[test]
fn a_device_is_refused_before_anything_is_read() {
    let started = Instant::now();
    let (code, doc) = check(&["/dev/zero"]);
    assert_eq!(code, 4);
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "not-a-file");
    assert!(found[0].2.contains("device"), "{found:?}");
    // Reading 256 MiB of zeros takes seconds; refusing up front takes none.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_folder_reports_what_it_skips_and_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write_sync_log(&base.join("sync.csv"));
    mkfifo(&base.join("pipe.csv"));
    std::os::unix::fs::symlink("/dev/zero", base.join("zeros.json")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", base.join("accounts.csv")).unwrap();
    std::os::unix::fs::symlink(base.join("nowhere.json"), base.join("broken.json")).unwrap();
    std::os::unix::fs::symlink(base.join("sync.csv"), base.join("again.csv")).unwrap();

    let (_, doc) = check(&[base.to_str().unwrap()]);
    let found = problems(&doc);
    let reason_of = |name: &str| {
        found
            .iter()
            .find(|(path, _, _)| path.ends_with(name))
            .map(|(_, what, reason)| format!("{what}: {reason}"))
            .unwrap_or_else(|| panic!("{name} is not reported: {found:?}"))
    };
    assert!(reason_of("pipe.csv").contains("FIFO"));
    assert!(reason_of("zeros.json").contains("device"));
    let outside = reason_of("accounts.csv");
    assert!(outside.contains("outside"), "{outside}");
    assert!(
        !outside.contains("root:"),
        "no line of the target is quoted: {outside}"
    );
    assert!(reason_of("broken.json").contains("nothing"));

    // A link to a file inside the folder is that file named twice: read once, so its
    // events are not counted twice, and the second name is reported.
    let inputs = doc["summary"]["inputs"].as_array().unwrap();
    let read: Vec<&str> = inputs.iter().filter_map(|i| i["path"].as_str()).collect();
    assert_eq!(read.len(), 1, "{read:?}");
    let again = reason_of(if read[0].ends_with("sync.csv") {
        "again.csv"
    } else {
        "sync.csv"
    });
    assert!(
        again.starts_with("duplicate: the same file, named twice"),
        "{again}"
    );
    assert_eq!(found.len(), 5, "{found:?}");
}

#[test]
fn a_not_used_note_quotes_only_a_short_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let long_header = format!("{},second\n1,2\n", "x".repeat(5_000));
    std::fs::write(dir.path().join("wide-name.csv"), long_header).unwrap();
    let (_, doc) = check(&[dir.path().to_str().unwrap()]);
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "unrecognized");
    assert!(found[0].2.len() < 400, "{} characters", found[0].2.len());
    assert!(found[0].2.contains("second"), "{}", found[0].2);
}

fn wide_csv(columns: usize, rows: usize) -> String {
    let mut text = String::from("timestamp,action,status");
    for i in 3..columns {
        text.push_str(&format!(",c{i}"));
    }
    text.push('\n');
    for _ in 0..rows {
        text.push_str("2026-11-28T10:00:00Z,update user,success");
        text.push_str(&",v".repeat(columns - 3));
        text.push('\n');
    }
    text
}

#[test]
fn a_csv_header_past_max_columns_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.csv"), wide_csv(300, 3)).unwrap();
    write_sync_log(&dir.path().join("sync.csv"));
    let d = dir.path().to_str().unwrap();

    let (code, doc) = check(&[d, "--max-columns", "256"]);
    assert_eq!(code, 4);
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.ends_with("wide.csv"));
    assert_eq!(found[0].1, "too-wide");
    assert!(found[0].2.contains("300 columns"), "{found:?}");
    assert!(found[0].2.contains("256"), "{found:?}");
    let at = &doc["summary"]["problems"][0]["location"];
    assert_eq!(at["line"], 1, "{at}");

    // Within the limit (the default is larger) the file is read.
    let (_, doc) = check(&[d]);
    assert!(problems(&doc).is_empty(), "{:?}", problems(&doc));
}

#[test]
fn a_streamed_csv_header_past_max_columns_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    // Above the 16 MiB streaming threshold: 150 rows of 60,000 columns.
    let text = wide_csv(60_000, 150);
    assert!(text.len() > 16 * 1024 * 1024);
    std::fs::write(dir.path().join("wide.csv"), text).unwrap();
    let (code, doc) = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 4);
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "too-wide");
    assert!(
        found[0].2.contains("60000 columns"),
        "counted whole: {found:?}"
    );
}

#[test]
fn max_columns_must_be_a_positive_number() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", "fixtures/demo", "--max-columns", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_very_long_yaml_line_is_quoted_as_a_short_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "version: 1\nprovider: okta\nrole_mappings: {}{}\n",
        "[".repeat(120_000),
        "]".repeat(120_000)
    );
    std::fs::write(dir.path().join("synclint.yaml"), config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("column 271"),
        "the label alone says where: {stderr}"
    );
    assert!(
        stderr.contains("synclint.yaml:3:271"),
        "the file's own column: {stderr}"
    );
    assert!(stderr.len() < 4_000, "{} bytes printed", stderr.len());
}

#[test]
fn files_read_whole_are_held_to_a_total_budget() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    // Three console user exports of about 3 KiB each; the budget takes two of them.
    for name in ["a-users.csv", "b-users.csv", "c-users.csv"] {
        let mut text = String::from("user_id,username,first_name,last_name,active\n");
        for i in 0..60 {
            text.push_str(&format!("u{i},user{i}@{name}.example,Ann,Lee,true\n"));
        }
        std::fs::write(base.join(name), text).unwrap();
    }
    let size = std::fs::metadata(base.join("a-users.csv")).unwrap().len();
    let budget = format!("{}", size * 2 + size / 2);
    let (code, doc) = check(&[base.to_str().unwrap(), "--max-total-size", &budget]);
    assert_eq!(code, 4, "a refused file fails the run");
    let found = problems(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.ends_with("c-users.csv"), "{found:?}");
    assert_eq!(found[0].1, "over-budget");
    assert!(found[0].2.contains("--max-total-size"), "{found:?}");
    let read = doc["summary"]["inputs"].as_array().unwrap().len();
    assert_eq!(read, 2, "the files before it are read");

    // The default budget reads them all.
    let (code, doc) = check(&[base.to_str().unwrap()]);
    assert!(problems(&doc).is_empty(), "{:?}", problems(&doc));
    assert_ne!(code, 4);
}

#[test]
fn a_log_past_the_sniffed_head_is_streamed_not_held_whole() {
    // A 1 MiB Sync log: loaded whole, it would be parsed into JSON values many times its
    // size, and count against the budget of files read whole. Streamed, it does neither.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sync-log.jsonl");
    let mut text = String::new();
    let mut events = 0;
    while text.len() < 1024 * 1024 {
        text.push_str(&format!(
            "{{\"timestamp\":\"2026-09-01T00:{:02}:{:02}Z\",\"provider\":\"Okta\",\"action\":\"update user\",\
             \"user\":\"user{events}@example.com\",\"status\":\"success\",\"message\":\"Completed\"}}\n",
            (events / 60) % 60,
            events % 60
        ));
        events += 1;
    }
    std::fs::write(&log, text).unwrap();
    let (code, doc) = check(&[log.to_str().unwrap(), "--max-total-size", "1000"]);
    assert!(problems(&doc).is_empty(), "{:?}", problems(&doc));
    assert_ne!(code, 4);
    let inputs = doc["summary"]["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert_eq!(inputs[0]["records"], events, "{inputs:?}");
}
