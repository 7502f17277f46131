//! `--redact` and network addresses: IP addresses and the host names of the customer's
//! domains in IdP messages are replaced in `trace`, `check` and `report`; a vendor's own
//! host stays as written.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::io::Write;

mod redact_support;
use redact_support::{demo_copy, synclint, KEY, NOW};

/// A failed Okta push for Frank, whose reason names hosts and addresses.
const EVENT: &str = r#"{"uuid": "n-0001", "published": "2026-11-27T11:00:00.000Z", "eventType": "application.provision.user.push_profile", "displayMessage": "Push user profile to app", "actor": {"id": "0oa1code42app", "type": "PublicClientApp", "alternateId": "Code42", "displayName": "Code42"}, "client": {"ipAddress": "203.0.113.9"}, "outcome": {"result": "FAILURE", "reason": "Connection to scim.acme.example (203.0.113.9, [2001:db8::42]) failed; retried from acme.okta.com through api.us.code42.com"}, "target": [{"id": "00u6frank", "type": "User", "alternateId": "frank.left@acme.example", "displayName": "Frank Left"}, {"id": "0oa1code42app", "type": "AppInstance", "alternateId": "Code42", "displayName": "Code42"}]}"#;

const SECRETS: [&str; 5] = [
    "203.0.113.9",
    "2001:db8::42",
    "scim.acme",
    "acme.okta",
    "frank",
];

/// `out` names no secret, and (when `whole`: the message is not cut short) keeps the
/// vendor's host.
fn assert_hidden(what: &str, out: &str, whole: bool) {
    for secret in SECRETS {
        assert!(
            !out.to_lowercase().contains(secret),
            "{what}: `{secret}` is left\n{out}"
        );
    }
    if whole {
        assert!(
            out.contains("api.us.code42.com") && out.contains(".okta.com"),
            "{what}: the vendor's host stays\n{out}"
        );
    }
}

#[test]
fn trace_check_and_report_replace_addresses_and_the_customers_hosts() {
    let (_tmp, dir) = demo_copy("export");
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("okta-system-log.jsonl"))
        .unwrap();
    writeln!(log, "{EVENT}").unwrap();
    let shown = dir.to_str().unwrap();
    let plain = synclint(&["trace", "frank.left@acme.example", shown, "--now", NOW]);
    assert!(
        plain.contains("203.0.113.9") && plain.contains("scim.acme.example"),
        "the plain trace shows the message: {plain}"
    );
    for format in ["human", "json", "markdown"] {
        let args = [
            "trace",
            "frank.left@acme.example",
            shown,
            "--now",
            NOW,
            "--format",
            format,
        ];
        let out = synclint(&[&args[..], KEY].concat());
        assert_hidden(&format!("trace {format}"), &out, true);
        assert!(out.contains("Connection to host-"), "{format}: {out}");
        assert!(out.contains("(ip-"), "{format}: {out}");
    }
    for format in ["human", "markdown", "json"] {
        let args = ["report", shown, "--since", "30d", "--format", format];
        let out = synclint(&[&args[..], KEY].concat());
        // The report cuts the message (an error kind) before the vendor's host.
        assert!(
            out.contains("Connection to host-"),
            "report {format}: {out}"
        );
        assert_hidden(&format!("report {format}"), &out, false);
    }
    for format in ["human", "json", "sarif", "markdown"] {
        let args = ["check", shown, "--now", NOW, "--format", format];
        let plain = synclint(&args);
        assert!(
            plain.contains("scim.acme.example"),
            "check {format}: {plain}"
        );
        let out = synclint(&[&args[..], KEY].concat());
        assert_hidden(&format!("check {format}"), &out, true);
        assert!(
            out.contains("(ip-") && out.contains("host-"),
            "check {format}: {out}"
        );
    }
}
