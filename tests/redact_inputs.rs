//! `--redact` on inputs made for it: names only in a log, addresses in other scripts, a
//! file named after a person, and baselines.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;

mod redact_support;
use redact_support::{fixture, synclint, KEY, NOW};

/// One Okta System Log event: a failed push for a user no snapshot names, started by an
/// administrator, with both in the failure's reason.
const OKTA_EVENT: &str = r#"{"uuid": "t-0001", "published": "2026-11-27T10:00:00.000Z", "eventType": "application.provision.user.push_profile", "displayMessage": "Push user profile to app", "actor": {"id": "00uadm9", "type": "User", "alternateId": "pat.quinlan@corp.example", "displayName": "Pat Quinlan"}, "outcome": {"result": "FAILURE", "reason": "Automatic provisioning of user Zoë Ångström to app Code42 failed: asked by Pat Quinlan, copy to jörg.müller@beispiel.de"}, "target": [{"id": "00uzoe7", "type": "User", "alternateId": "zangstrom", "displayName": "Zoë Ångström"}, {"id": "0oa1code42app", "type": "AppInstance", "alternateId": "Code42", "displayName": "Code42"}]}"#;

fn assert_hidden(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "{what}: `{secret}` is left in\n{text}"
        );
    }
}

#[test]
fn names_only_in_a_log_and_addresses_in_any_script_are_redacted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("okta.jsonl"), format!("{OKTA_EVENT}\n")).unwrap();
    let folder = dir.path().to_str().unwrap();
    let secrets = [
        "Zoë",
        "Ångström",
        "Pat Quinlan",
        "zangstrom",
        "jörg",
        "müller",
        "beispiel",
        "pat.quinlan",
    ];
    let plain = synclint(&["report", folder, "--since", "30d", "--format", "json"]);
    assert!(
        plain.contains("Zoë Ångström"),
        "the plain report shows the name: {plain}"
    );
    for format in ["human", "json", "markdown"] {
        let args = ["report", folder, "--since", "30d", "--format", format];
        let text = synclint(&[&args[..], KEY].concat());
        assert_hidden(&format!("report {format}"), &text, &secrets);
        assert!(
            text.contains("Automatic provisioning of user user-"),
            "{text}"
        );
    }
    let args = ["check", folder, "--now", NOW, "--format", "json"];
    let plain = synclint(&args);
    assert!(
        plain.contains("Pat Quinlan"),
        "the plain check shows the name: {plain}"
    );
    let text = synclint(&[&args[..], KEY].concat());
    assert_hidden("check json", &text, &secrets);
}

/// A failed profile push that names its person only as the app's user (an `AppUser`
/// target, no `User` target), as Okta logs it when the app's account is what failed.
const OKTA_APP_USER_EVENT: &str = r#"{"uuid": "t-0002", "published": "2026-11-27T10:15:00.000Z", "eventType": "application.provision.user.push_profile", "actor": {"id": "0oa1code42app", "type": "PublicClientApp", "alternateId": "Code42 Incydr", "displayName": "Code42 Incydr"}, "outcome": {"result": "FAILURE", "reason": "Automatic profile push of user Robert Smith to app Code42 Incydr failed: Error while trying to push profile update for rsmith: Bad Request"}, "target": [{"id": "0oa1code42app", "type": "AppInstance", "alternateId": "Code42 Incydr", "displayName": "Code42"}, {"id": "0ua1rob2", "type": "AppUser", "alternateId": "rsmith", "displayName": "Robert Smith"}]}"#;

#[test]
fn a_person_named_only_as_the_apps_user_is_redacted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("okta.jsonl"),
        format!("{OKTA_APP_USER_EVENT}\n"),
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let args = ["check", folder, "--now", NOW, "--format", "markdown"];
    let plain = synclint(&args);
    assert!(plain.contains("Robert Smith"), "{plain}");
    for format in ["markdown", "json", "html"] {
        let args = ["check", folder, "--now", NOW, "--format", format];
        let text = synclint(&[&args[..], KEY].concat());
        assert_hidden(
            &format!("check {format}"),
            &text,
            &["Robert", "Smith", "rsmith"],
        );
        assert!(text.contains("profile push of user user-"), "{text}");
    }
}

#[test]
fn a_file_named_after_a_person_is_not_shown_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let name = "zoe.angstrom@beispiel.de.csv";
    let log = fixture("sync-log.csv");
    std::fs::write(dir.path().join(name), log).unwrap();
    let folder = dir.path().to_str().unwrap();
    let base = ["check", folder, "--now", NOW];
    for format in ["human", "json", "sarif", "github", "html"] {
        let args = [&base[..], &["--format", format]].concat();
        let plain = synclint(&args);
        assert!(
            plain.contains(name),
            "{format}: the plain output names the file"
        );
        let text = synclint(&[&args[..], KEY].concat());
        assert_hidden(format, &text, &["zoe.angstrom", "beispiel"]);
        assert!(text.contains("@redacted.invalid.csv"), "{format}: {text}");
    }
}

/// A redacted baseline holds the fingerprints of the pseudonyms, which are keyed: it
/// matches a run with the same key, and another key is refused. (It used to match
/// whatever the key, because it held plain hashes of the real emails.)
#[test]
fn a_baseline_matches_with_its_key_and_holds_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let base = ["check", "fixtures/demo", "--now", NOW, "--format", "json"];
    synclint(&[&base[..], KEY, &["--write-baseline", baseline]].concat());
    let written = std::fs::read_to_string(baseline).unwrap();
    assert!(written.contains("@redacted.invalid"), "{written}");
    assert!(!written.contains("acme.example"), "{written}");
    let doc: Value = serde_json::from_str(&synclint(
        &[&base[..], KEY, &["--baseline", baseline]].concat(),
    ))
    .unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "{doc}");
    assert_eq!(
        doc["summary"]["stale_baseline"].as_array().unwrap().len(),
        0
    );
    let other_key = ["--redact", "--redact-key", "another-key"];
    let refused = synclint(&[&base[..], &other_key, &["--baseline", baseline]].concat());
    assert!(refused.is_empty(), "another key is refused: {refused}");
}

/// A plain baseline holds plain hashes of people's values, which a redacted report may
/// not show as stale entries and cannot match: a redacted run refuses it. (Its stale
/// entries used to be listed with their messages redacted but their hashes as written.)
#[test]
fn a_plain_baseline_is_refused_by_a_redacted_run() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    synclint(&[
        "check",
        "fixtures/demo",
        "--now",
        NOW,
        "--write-baseline",
        baseline,
    ]);
    assert!(std::fs::read_to_string(baseline)
        .unwrap()
        .contains("acme.example"));
    std::fs::write(dir.path().join("users.csv"), fixture("users.csv")).unwrap();
    let folder = dir.path().to_str().unwrap();
    let args = [
        "check",
        folder,
        "--now",
        NOW,
        "--format",
        "json",
        "--baseline",
        baseline,
    ];
    assert!(synclint(&[&args[..], KEY].concat()).is_empty());
    let doc: Value = serde_json::from_str(&synclint(&args)).unwrap();
    assert!(!doc["summary"]["stale_baseline"]
        .as_array()
        .unwrap()
        .is_empty());
}
