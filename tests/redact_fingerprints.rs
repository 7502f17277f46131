//! Fingerprints of redacted runs (SARIF and baselines): keyed with the redaction key, never
//! a plain hash of a person's value, stable across runs with the same key, and a
//! baseline of one kind is never used by a run of the other.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

mod redact_support;
use redact_support::NOW;

fn run(args: &[&str], key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_synclint"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("SYNCLINT_REDACT_KEY");
    if let Some(key) = key {
        command.env("SYNCLINT_REDACT_KEY", key);
    }
    command.output().expect("the binary runs")
}

/// A temporary folder, removed when dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The SARIF fingerprints of `check fixtures/demo` (without their `:n` counter).
fn sarif_fingerprints(extra: &[&str], key: Option<&str>) -> BTreeSet<String> {
    let base = ["check", "fixtures/demo", "--now", NOW, "--format", "sarif"];
    let out = run(&[&base[..], extra].concat(), key);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let hash = r["partialFingerprints"]["synclintFindingHash/v1"]
                .as_str()
                .unwrap();
            hash.split(':').next().unwrap().to_owned()
        })
        .collect()
}

/// Writes the demo's baseline and returns its document and fingerprints.
fn baseline(path: &Path, extra: &[&str], key: Option<&str>) -> (String, BTreeSet<String>) {
    let shown = path.to_str().unwrap();
    let base = [
        "check",
        "fixtures/demo",
        "--now",
        NOW,
        "--write-baseline",
        shown,
    ];
    let out = run(&[&base[..], extra].concat(), key);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let prints = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    (text, prints)
}

#[test]
fn a_redacted_baseline_holds_no_plain_hash_of_a_person() {
    let tmp = scratch();
    let (_, plain) = baseline(&tmp.path().join("plain.json"), &[], None);
    let (text, redacted) = baseline(&tmp.path().join("redacted.json"), &["--redact"], Some("k1"));
    assert!(!text.contains("acme.example"), "{text}");
    // Every user finding's plain fingerprint is a hash of the real email; none of them
    // may be in the redacted baseline.
    let shared: Vec<&String> = plain.intersection(&redacted).collect();
    let user_free = run(
        &["check", "fixtures/demo", "--now", NOW, "--format", "json"],
        None,
    );
    let doc: Value = serde_json::from_slice(&user_free.stdout).unwrap();
    let without_user = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subjects"].get("user").is_none())
        .count();
    assert!(
        shared.len() <= without_user,
        "{} plain fingerprints are in the redacted baseline",
        shared.len()
    );
}

#[test]
fn redacted_sarif_and_baselines_agree_and_are_stable_for_a_key() {
    let tmp = scratch();
    let (_, written) = baseline(&tmp.path().join("k1.json"), &["--redact"], Some("k1"));
    let first = sarif_fingerprints(&["--redact"], Some("k1"));
    let again = sarif_fingerprints(&["--redact"], Some("k1"));
    let other = sarif_fingerprints(&["--redact"], Some("k2"));
    let plain = sarif_fingerprints(&[], None);
    assert_eq!(first, again, "the same key gives the same fingerprints");
    assert_eq!(first, written, "SARIF and the baseline say the same");
    assert_ne!(first, other, "another key gives other fingerprints");
    assert_ne!(
        first, plain,
        "a redacted run does not show the plain fingerprints"
    );
    assert_eq!(
        first.len(),
        plain.len(),
        "the same findings, told apart alike"
    );
}

#[test]
fn a_redacted_baseline_is_used_by_redacted_runs_with_its_key_only() {
    let tmp = scratch();
    let path = tmp.path().join("reuse.json");
    let shown = path.to_str().unwrap();
    baseline(&path, &["--redact"], Some("k1"));
    let check = ["check", "fixtures/demo", "--now", NOW, "--format", "json"];
    let with =
        |extra: &[&str], key| run(&[&check[..], &["--baseline", shown], extra].concat(), key);

    let out = with(&["--redact"], Some("k1"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        0,
        "all are known"
    );

    for (extra, key, why) in [
        (&[][..], None, "written with --redact"),
        (&["--redact"][..], Some("k2"), "another --redact-key"),
        (&["--redact"][..], None, "random"),
    ] {
        let out = with(extra, key);
        let stderr = String::from_utf8_lossy(&out.stderr).replace('\n', " ");
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        let stderr: String = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        let stderr = stderr.replace(" │ ", " ");
        assert!(stderr.contains(why), "{why}: {stderr}");
    }
}

#[test]
fn a_plain_baseline_is_refused_by_a_redacted_run() {
    let tmp = scratch();
    let path = tmp.path().join("plain-reuse.json");
    let shown = path.to_str().unwrap();
    baseline(&path, &[], None);
    let check = ["check", "fixtures/demo", "--now", NOW, "--baseline", shown];
    let out = run(&[&check[..], &["--redact"]].concat(), Some("k1"));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is reported");
    let plain = run(&check, None);
    assert_eq!(plain.status.code(), Some(0), "a plain run still uses it");
}

#[test]
fn a_redacted_baseline_needs_a_fixed_key() {
    let tmp = scratch();
    let path = tmp.path().join("random.json");
    let shown = path.to_str().unwrap();
    let args = ["check", "fixtures/demo", "--now", NOW, "--redact"];
    let out = run(&[&args[..], &["--write-baseline", shown]].concat(), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(!path.exists());
    let sarif = run(&[&args[..], &["--format", "sarif"]].concat(), None);
    let stderr = String::from_utf8_lossy(&sarif.stderr);
    assert!(stderr.contains("change on every run"), "{stderr}");
    let empty = run(&[&args[..], &["--format", "sarif"]].concat(), Some(""));
    assert!(
        String::from_utf8_lossy(&empty.stderr).contains("change on every run"),
        "an empty key is no key"
    );
}
