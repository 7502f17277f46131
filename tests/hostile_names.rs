//! A user name that is markup, read from a real sync log, comes out as text in the HTML
//! report and in the HTML email alike (both are written by templates that escape).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::path::Path;
use std::process::Command;

const TENANT: &str = "fixtures/tenants/northwind";
const NOW: &str = "2026-11-29T08:00:00Z";
/// Stands in for a user of the tenant's log.
const REAL: &str = "tomas.quill@northwind.example";
const EVIL: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
const SHOWN: &str =
    "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;";

/// The tenant with its first failing user renamed to `EVIL`, in `dir`.
fn hostile_tenant(dir: &Path) {
    for entry in std::fs::read_dir(TENANT).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // A CSV field holding a quote is quoted, with the quote doubled.
        let csv_field = format!("\"{}\"", EVIL.replace('"', "\"\""));
        let text = text.replace(REAL, &csv_field);
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_escaped(what: &str, html: &str) {
    assert!(
        html.contains(SHOWN),
        "{what} does not show the name as text:\n{html}"
    );
    assert!(
        !html.contains("<script>alert"),
        "{what} has the raw script:\n{html}"
    );
    assert!(!html.contains("<img"), "{what} has the raw image:\n{html}");
}

#[test]
fn a_hostile_user_name_is_text_in_the_report_and_the_email() {
    let dir = tempfile::tempdir().unwrap();
    hostile_tenant(dir.path());
    let json = run(
        dir.path(),
        &["check", ".", "--now", NOW, "--format", "json"],
    );
    assert!(
        json.contains("<script>alert(1)</script>"),
        "the name was read: {json}"
    );

    let report = run(
        dir.path(),
        &["check", ".", "--now", NOW, "--format", "html"],
    );
    assert_escaped("the report", &report);

    let preview = dir.path().join("preview");
    run(
        dir.path(),
        &[
            "notify",
            ".",
            "--now",
            NOW,
            "--preview",
            &preview.display().to_string(),
        ],
    );
    for kind in ["daily", "errors"] {
        let email = std::fs::read_to_string(preview.join(format!("{kind}.html"))).unwrap();
        assert_escaped(kind, &email);
    }
}
