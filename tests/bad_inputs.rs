//! Malformed inputs: the real binary on broken exports (`fixtures/bad/<case>`, plus big files
//! generated into a tempdir). Every case must finish without a panic or a hang, report the bad
//! piece with its place, keep reading the rest, and count what it skipped.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-28T12:00:00Z";
const TIMEOUT: Duration = Duration::from_secs(60);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary from the crate root, killing it (and failing) after `TIMEOUT`.
fn run(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        out.read_to_end(&mut buf).unwrap();
        buf
    });
    let err_reader = thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).unwrap();
        buf
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("synclint {args:?} did not finish within {TIMEOUT:?} (hang)");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {status}\n{stderr}"));
    assert!(
        !stderr.contains("panicked"),
        "synclint panicked on {args:?}:\n{stderr}"
    );
    assert!(
        (0..=4).contains(&code),
        "unexpected exit code {code} for {args:?}:\n{stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

fn case_dir(case: &str) -> String {
    format!("fixtures/bad/{case}")
}

/// `check DIR --format json`: the exit code, the whole summary and stderr.
fn check_json(dir: &str) -> (i32, Value, String) {
    let r = run(&["check", dir, "--format", "json", "--now", NOW]);
    let doc: Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr));
    (r.code, doc["summary"].clone(), r.stderr)
}

/// The diagnostic part of the summary, with `dir` replaced by a placeholder.
fn diagnostics(code: i32, summary: &Value, dir: &str, placeholder: &str) -> Value {
    let v = json!({
        "exit_code": code,
        "inputs": summary["inputs"],
        "problems": summary["problems"],
        "skipped": summary["skipped"],
    });
    let text = serde_json::to_string(&v).unwrap().replace(dir, placeholder);
    serde_json::from_str(&text).unwrap()
}

fn records(summary: &Value, file: &str) -> Option<u64> {
    summary["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(file))
        .map(|i| i["records"].as_u64().unwrap())
}

fn problem<'a>(summary: &'a Value, file: &str) -> &'a Value {
    summary["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no problem reported for {file}: {summary:#}"))
}

fn skipped(summary: &Value) -> (u64, Vec<Value>) {
    let s = &summary["skipped"];
    (
        s["count"].as_u64().unwrap(),
        s["records"].as_array().unwrap().clone(),
    )
}

fn skipped_lines(summary: &Value, file: &str) -> Vec<u64> {
    skipped(summary)
        .1
        .iter()
        .filter(|r| r["location"]["path"].as_str().unwrap().ends_with(file))
        .map(|r| r["location"]["line"].as_u64().unwrap())
        .collect()
}

/// The good neighbour (roles.json, five roles) is always read.
fn assert_roles_loaded(summary: &Value) {
    assert_eq!(
        records(summary, "roles.json"),
        Some(5),
        "roles.json not read: {summary:#}"
    );
}

fn snapshot_check(case: &str) -> (i32, Value) {
    let dir = case_dir(case);
    let (code, summary, stderr) = check_json(&dir);
    assert!(!stderr.contains("panicked"));
    insta::assert_json_snapshot!(
        format!("bad__{case}"),
        diagnostics(code, &summary, &dir, "[CASE]")
    );
    (code, summary)
}

// ---------------------------------------------------------------- data files

#[test]
fn truncated_json_array() {
    let (code, s) = snapshot_check("truncated-json");
    assert_eq!(code, 4, "a file that cannot be parsed at all fails the run");
    assert_roles_loaded(&s);
    let p = problem(&s, "users.json");
    assert_eq!(p["problem"], "malformed");
    assert_eq!(p["location"]["line"], 3, "{p}");
}

#[test]
fn json_lines_with_a_broken_line() {
    let (_, s) = snapshot_check("jsonl-broken-line");
    assert_roles_loaded(&s);
    // six good lines (alice has four roles, the others one each) are still read
    assert_eq!(records(&s, "user-roles.jsonl"), Some(9));
    assert_eq!(skipped_lines(&s, "user-roles.jsonl"), vec![4]);
    assert_eq!(skipped(&s).0, 1);
}

#[test]
fn csv_with_invalid_utf8() {
    let (_, s) = snapshot_check("csv-invalid-utf8");
    assert_roles_loaded(&s);
    assert_eq!(records(&s, "users.csv"), Some(3));
    assert_eq!(
        skipped_lines(&s, "users.csv"),
        vec![3],
        "the bad bytes' line is reported"
    );
}

#[test]
fn csv_invalid_utf8_is_not_both_loaded_and_skipped() {
    let (_, s, _) = check_json(&case_dir("csv-invalid-utf8"));
    let loaded = records(&s, "users.csv").unwrap();
    let (count, _) = skipped(&s);
    assert_eq!(
        loaded + count,
        3,
        "three data rows; each is either loaded or skipped: {s:#}"
    );
}

#[test]
fn utf8_byte_order_mark() {
    let (code, s) = snapshot_check("utf8-bom");
    assert_eq!(code, 0);
    assert_roles_loaded(&s);
    assert_eq!(
        records(&s, "users.csv"),
        Some(2),
        "the BOM must not hide the first header"
    );
    assert_eq!(skipped(&s).0, 0);
    assert!(s["problems"].as_array().unwrap().is_empty());
}

#[test]
fn crlf_and_mixed_line_ends() {
    let (_, s) = snapshot_check("crlf-mixed");
    assert_roles_loaded(&s);
    assert_eq!(
        records(&s, "users.csv"),
        Some(4),
        "CRLF, LF and a lone CR all end a row"
    );
    assert_eq!(skipped(&s).0, 0);
}

#[test]
fn csv_ragged_rows_and_quoted_newline() {
    let (_, s) = snapshot_check("csv-ragged-quoted");
    assert_roles_loaded(&s);
    // rows: u-1 ok, u-2 short, u-3 quoted newline + comma (ok, lines 4-5), u-4 ok, u-5 long
    assert_eq!(records(&s, "users.csv"), Some(3));
    assert_eq!(skipped_lines(&s, "users.csv"), vec![3, 7]);
    assert_eq!(skipped(&s).0, 2);
}

#[test]
fn csv_duplicated_header() {
    let (_, s) = snapshot_check("csv-duplicate-header");
    assert_roles_loaded(&s);
}

#[test]
fn csv_duplicated_header_is_reported() {
    let (_, s, _) = check_json(&case_dir("csv-duplicate-header"));
    let text = serde_json::to_string(&s["problems"]).unwrap()
        + &serde_json::to_string(&s["skipped"]).unwrap();
    assert!(
        text.contains("username"),
        "the duplicated column is not reported: {s:#}"
    );
}

#[test]
fn empty_file() {
    let (code, s) = snapshot_check("empty-file");
    assert_eq!(code, 0);
    assert_roles_loaded(&s);
    let p = problem(&s, "users.json");
    assert!(p["reason"].as_str().unwrap().contains("empty"), "{p}");
}

#[test]
fn folder_of_unrelated_files() {
    let (_, s) = snapshot_check("unrelated-files");
    assert_roles_loaded(&s);
    for f in ["notes.txt", "logo.png", "random.json"] {
        assert_eq!(problem(&s, f)["problem"], "unrecognized");
    }
}

// ---------------------------------------------------------------- configuration and rules

fn snapshot_stderr(case: &str, args: &[&str]) -> Run {
    let r = run(args);
    insta::assert_snapshot!(format!("bad__{case}"), r.stderr);
    r
}

fn config_case(case: &str, line_col: &str) {
    let dir = case_dir(case);
    let r = snapshot_stderr(case, &["check", &dir, "--now", NOW]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let place = format!("{dir}/synclint.yaml:{line_col}");
    assert!(r.stderr.contains(&place), "{place} not in:\n{}", r.stderr);
}

#[test]
fn config_duplicate_keys() {
    config_case("config-duplicate-keys", "3:1");
}

#[test]
fn config_wrong_types() {
    // Only the first wrong type is reported (`version: one`), not `provider: [okta]` etc.
    config_case("config-wrong-types", "1:10");
}

#[test]
fn config_tab_indentation() {
    config_case("config-tabs", "4:1");
}

#[test]
fn config_alias_bomb() {
    // rejected at the first anchored list (local_users wants strings) before any expansion
    config_case("config-alias-bomb", "4:8");
}

#[test]
fn config_alias_bomb_of_accepted_types() {
    // Every type is right, so it is the node budget that stops the expansion: at the
    // alias that would pass it, not after building 300,000 strings.
    config_case("config-alias-accepted-types", "255:26");
}

#[test]
fn config_deep_nesting() {
    let r = run(&["check", &case_dir("config-deep-nesting"), "--now", NOW]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("recursion limit"), "{}", r.stderr);
    assert!(
        r.stderr.contains("config-deep-nesting/synclint.yaml:3:271"),
        "{}",
        r.stderr
    );
    // the excerpt of a 10,000-character line is long; snapshot without the bracket lines
    let heads: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| !l.contains("[[[") && !l.contains("]]]"))
        .collect();
    insta::assert_snapshot!("bad__config-deep-nesting", heads.join("\n"));
}

#[test]
fn rule_folder_with_three_errors() {
    let rules = case_dir("rules-invalid/rules");
    let r = snapshot_stderr(
        "rules-invalid",
        &[
            "check",
            &case_dir("rules-invalid/export"),
            "--rules",
            &rules,
            "--now",
            NOW,
        ],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("3 problem(s) in rule files"),
        "{}",
        r.stderr
    );
    for place in [
        "bad-regex.yaml:12:10",
        "unknown-operator.yaml:12:3",
        "missing-placeholder.yaml:13:10",
    ] {
        assert!(
            r.stderr.contains(&format!("{rules}/{place}")),
            "{place} not in:\n{}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("invalid regex"));
    assert!(r.stderr.contains("looks_like"));
    assert!(r.stderr.contains("no_such_field"));
}

// ---------------------------------------------------------------- generated big inputs

fn tempdir_with_roles() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let roles =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/truncated-json/roles.json");
    std::fs::copy(roles, dir.path().join("roles.json")).unwrap();
    dir
}

fn path_str(p: &Path) -> String {
    p.to_str().unwrap().to_owned()
}

#[test]
fn json_nested_100_000_levels() {
    let dir = tempdir_with_roles();
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    std::fs::write(dir.path().join("deep.json"), deep).unwrap();
    let d = path_str(dir.path());
    let (code, s, _) = check_json(&d);
    assert_roles_loaded(&s);
    let p = problem(&s, "deep.json");
    assert_eq!(p["problem"], "malformed");
    assert_eq!(p["location"]["line"], 1);
    insta::assert_json_snapshot!("bad__json-deep-nesting", diagnostics(code, &s, &d, "[TMP]"));
}

fn write_big(path: &PathBuf, f: impl FnOnce(&mut std::io::BufWriter<std::fs::File>)) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f(&mut w);
    w.flush().unwrap();
}

/// 50 MB on one line: a JSON array of three console users, one with a 50 MB `notes` field.
#[test]
fn fifty_megabyte_single_line() {
    let dir = tempdir_with_roles();
    let file = dir.path().join("users.json");
    write_big(&file, |w| {
        write!(
            w,
            r#"[{{"userId":"u-1","username":"one@acme.example","active":true,"notes":""#
        )
        .unwrap();
        let chunk = "x".repeat(1 << 20);
        for _ in 0..50 {
            w.write_all(chunk.as_bytes()).unwrap();
        }
        write!(
            w,
            r#""}},{{"userId":"u-2","username":"two@acme.example","active":true}},"#
        )
        .unwrap();
        write!(
            w,
            r#"{{"userId":"u-3","username":"three@acme.example","active":true}}]"#
        )
        .unwrap();
    });
    assert!(std::fs::metadata(&file).unwrap().len() > 50_000_000);
    let d = path_str(dir.path());
    let (code, s, _) = check_json(&d);
    assert_roles_loaded(&s);
    assert_eq!(records(&s, "users.json"), Some(3));
    insta::assert_json_snapshot!(
        "bad__fifty-megabyte-line",
        diagnostics(code, &s, &d, "[TMP]")
    );
}

/// 50 MB on one line made of ~165,000 small console users.
#[test]
fn fifty_megabytes_of_small_records_on_one_line() {
    let dir = tempdir_with_roles();
    let file = dir.path().join("users.json");
    let mut n = 0u64;
    write_big(&file, |w| {
        w.write_all(b"[").unwrap();
        let mut written = 1u64;
        let notes = "n".repeat(200);
        while written < 50 * 1024 * 1024 {
            let rec = format!(
                r#"{}{{"userId":"u-{n}","username":"u{n}@acme.example","firstName":"X","lastName":"Y","active":true,"notes":"{notes}"}}"#,
                if n == 0 { "" } else { "," }
            );
            w.write_all(rec.as_bytes()).unwrap();
            written += rec.len() as u64;
            n += 1;
        }
        w.write_all(b"]").unwrap();
    });
    let (_, s, _) = check_json(&path_str(dir.path()));
    assert_eq!(records(&s, "users.json"), Some(n));
}
