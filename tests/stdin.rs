//! Standard input as an input (`-`): the same findings as the file it came from, a
//! compressed stream unpacked, a log large enough to be streamed read whole, a second `-`
//! reported, a terminal refused instead of waited on, and `watch -` refused.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const NOW: &str = "2026-11-29T00:00:00Z";
const LOG: &str = "fixtures/logs/incydr-sync-log.csv";

/// `synclint check ARGS --format json` with `input` on its standard input.
fn check_with_stdin(args: &[&str], input: &[u8]) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .arg("check")
        .args(args)
        .args(["--format", "json", "--now", NOW])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || {
        // The run may stop reading early (a refused second `-`); a broken pipe is fine.
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("output");
    feeder.join().expect("fed");
    let doc = serde_json::from_slice(&out.stdout).expect("a JSON report");
    (out.status.code().expect("code"), doc)
}

/// Each finding's rule, message and location line, in report order.
fn findings(doc: &Value) -> Vec<(String, String, u64)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (
                s("rule"),
                s("message"),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn paths(doc: &Value, list: &str, key: &str) -> Vec<String> {
    doc["summary"][list]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| x[key].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut child = Command::new("gzip")
        .arg("-c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("gzip");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout
}

#[test]
fn a_log_on_standard_input_gives_the_findings_of_its_file() {
    let (file_code, from_file) = check_with_stdin(&[LOG], b"");
    let bytes = std::fs::read(LOG).unwrap();
    let (code, piped) = check_with_stdin(&["-"], &bytes);
    assert_eq!(code, file_code);
    assert!(!findings(&from_file).is_empty(), "the fixture has findings");
    assert_eq!(findings(&piped), findings(&from_file));
    assert_eq!(paths(&piped, "inputs", "path"), ["(standard input)"]);
    let at = &piped["findings"][0]["location"]["path"];
    assert_eq!(at, "(standard input)", "{piped}");
}

#[test]
fn a_gzipped_stream_is_unpacked_like_a_gzipped_file() {
    let bytes = std::fs::read(LOG).unwrap();
    let (_, from_file) = check_with_stdin(&[LOG], b"");
    let (_, piped) = check_with_stdin(&["-"], &gzip(&bytes));
    assert_eq!(findings(&piped), findings(&from_file));
    let read = paths(&piped, "inputs", "path");
    assert_eq!(read.len(), 1, "{read:?}");
    assert!(read[0].starts_with("(standard input)!/"), "{read:?}");
}

#[test]
fn a_log_too_large_to_load_whole_is_streamed_from_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut text = String::from("timestamp,provider,action,user,status,message\n");
    for i in 0..6_000 {
        let status = if i % 1_000 < 3 { "failure" } else { "success" };
        text.push_str(&format!(
            "2026-11-28T10:{:02}:{:02}Z,Okta,update user,user{}@example.com,{status},\
             Unable to update user's role\n",
            (i / 60) % 60,
            i % 60,
            i % 500
        ));
    }
    assert!(text.len() > 256 * 1024, "past the size read whole");
    std::fs::write(&path, &text).unwrap();
    let (_, from_file) = check_with_stdin(&[path.to_str().unwrap()], b"");
    let (_, piped) = check_with_stdin(&["-"], text.as_bytes());
    assert!(!findings(&from_file).is_empty());
    assert_eq!(findings(&piped), findings(&from_file));
    assert_eq!(piped["summary"]["inputs"][0]["records"], 6_000);
}

#[test]
fn standard_input_named_twice_is_read_once_and_the_second_is_reported() {
    let bytes = std::fs::read(LOG).unwrap();
    let (_, once) = check_with_stdin(&["-"], &bytes);
    let (_, twice) = check_with_stdin(&["-", "-"], &bytes);
    assert_eq!(findings(&twice), findings(&once), "no event counted twice");
    assert_eq!(paths(&twice, "problems", "problem"), ["duplicate"]);
    let reason = &paths(&twice, "problems", "reason")[0];
    assert!(reason.contains("read once"), "{reason}");
}

#[test]
fn a_terminal_on_standard_input_is_refused_not_waited_on() {
    // `script` runs the command with a pseudo-terminal as its standard input.
    let command = format!(
        "{} check - --now {NOW}",
        Path::new(env!("CARGO_BIN_EXE_synclint")).display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("standard input is a terminal"), "{text}");
    assert_eq!(out.status.code(), Some(4), "{text}");
}

#[test]
fn watch_refuses_standard_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["watch", "-", "--once"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("read only once"), "{text}");
}
