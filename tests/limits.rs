//! The input limits (`--max-file-size`, `--max-line-length`, `--max-depth`): a file or
//! line past one is reported with its place and the rest of the input is still read.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use synclint::input::{stream_pieces, InputKind, Limits};
use synclint::model::Skipped;

fn check(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--format", "json", "--now", "2026-11-29T00:00:00Z"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().expect("code"), doc, stderr)
}

fn records_of(doc: &Value, file: &str) -> Option<u64> {
    doc["summary"]["inputs"]
        .as_array()?
        .iter()
        .find(|i| i["path"].as_str().is_some_and(|p| p.ends_with(file)))
        .and_then(|i| i["records"].as_u64())
}

fn sync_line(i: usize) -> String {
    format!(
        r#"{{"timestamp":"2026-11-28T10:{:02}:00Z","provider":"Okta","action":"update user","user":"u{i}@example.com","status":"success","message":"Completed"}}"#,
        i % 60
    )
}

#[test]
fn a_json_line_nested_past_max_depth_is_skipped_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<String> = (0..6).map(sync_line).collect();
    lines[3] = sync_line(3).replace(
        r#""message":"Completed""#,
        r#""message":"Completed","extra":[[[[1]]]]"#,
    );
    std::fs::write(dir.path().join("log.jsonl"), lines.join("\n")).unwrap();
    let d = dir.path().to_str().unwrap();

    let (code, doc, _) = check(&[d, "--max-depth", "3"]);
    assert_eq!(code, 0);
    assert_eq!(records_of(&doc, "log.jsonl"), Some(5));
    assert_eq!(doc["summary"]["skipped"]["count"], 1);
    let skipped = doc["summary"]["skipped"]["records"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["location"]["line"], 4);
    let reason = skipped[0]["reason"].as_str().unwrap();
    assert!(reason.contains("deeper than 3 levels"), "{reason}");

    // The default limit (64) reads every line.
    let (_, doc, _) = check(&[d]);
    assert_eq!(records_of(&doc, "log.jsonl"), Some(6));
}

#[test]
fn a_file_past_max_file_size_is_refused_and_the_others_read() {
    let (code, doc, _) = check(&["fixtures/demo", "--max-file-size", "4KiB"]);
    assert_eq!(code, 4, "a refused file fails the run");
    let problems = doc["summary"]["problems"].as_array().unwrap();
    let refused: Vec<&str> = problems
        .iter()
        .filter(|p| p["problem"] == "too-large")
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    // Every demo file above 4 KiB, and none below.
    for entry in std::fs::read_dir("fixtures/demo").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let big = std::fs::metadata(&path).unwrap().len() > 4096;
        let named = refused.iter().any(|p| p.ends_with(&name));
        assert_eq!(big && name != "synclint.yaml", named, "{name}: {refused:?}");
    }
    assert_eq!(records_of(&doc, "roles.json"), Some(5));
}

#[test]
fn bad_limit_values_are_usage_errors() {
    for args in [
        ["--max-depth", "0"],
        ["--max-depth", "129"],
        ["--max-file-size", "lots"],
        ["--max-line-length", "0"],
    ] {
        let mut all = vec!["fixtures/demo"];
        all.extend(args);
        let (code, _, stderr) = check(&all);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(args[0]), "{args:?}: {stderr}");
    }
}

/// Everything a streamed read hands over, with `limits`.
fn stream(path: &Path, limits: &Limits) -> (usize, Vec<Skipped>) {
    let mut records = 0;
    let mut skipped = Vec::new();
    stream_pieces(
        path,
        "log",
        Some(InputKind::SyncLog),
        limits,
        &mut |piece| {
            let (r, s, _) = piece.into_records();
            records += r.len();
            skipped.extend(s);
        },
    )
    .unwrap();
    (records, skipped)
}

#[test]
fn a_streamed_line_past_max_line_length_is_skipped_without_being_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.jsonl");
    let mut lines: Vec<String> = (0..2000).map(sync_line).collect();
    // A 3 MB line in the middle, and one just at the limit.
    lines[1500] = sync_line(1500).replace("Completed", &"x".repeat(3_000_000));
    let at_limit = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1500)
        .map(|(_, l)| l.len())
        .max()
        .unwrap();
    std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();

    let limits = Limits {
        max_line_bytes: at_limit + 2, // the line and its CRLF
        ..Limits::default()
    };
    let (records, skipped) = stream(&path, &limits);
    assert_eq!(records, 1999);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0].location.line, 1501);
    assert!(
        skipped[0].reason.contains("longer than"),
        "{}",
        skipped[0].reason
    );

    let (records, skipped) = stream(&path, &Limits::default());
    assert_eq!((records, skipped.len()), (2000, 0));
}
