//! The dataset reference in docs/rule-language.md is generated from the declared schemas
//! (`synclint schema dataset NAME` prints the same declaration).
//! Regenerate with `SYNCLINT_UPDATE_DOCS=1 cargo test --test rule_docs`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::process::Command;

const DOC: &str = "docs/rule-language.md";
const BEGIN: &str = "<!-- schema:begin -->\n";
const END: &str = "<!-- schema:end -->";

#[test]
fn the_dataset_reference_is_current() {
    let text = std::fs::read_to_string(DOC).unwrap();
    let start = text.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = text.find(END).expect("end marker");
    let generated = synclint::model::schema::markdown();
    if std::env::var_os("SYNCLINT_UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &text[..start], &text[end..]);
        std::fs::write(DOC, updated).unwrap();
        return;
    }
    assert!(
        text[start..end] == generated,
        "{DOC} is stale: run `SYNCLINT_UPDATE_DOCS=1 cargo test --test rule_docs`"
    );
}

#[test]
fn schema_dataset_prints_the_fields() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["schema", "dataset", "users"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("users: one record per person"),
        "{stdout}"
    );
    assert!(stdout.contains("expected.unavailable_roles"), "{stdout}");
    assert!(stdout.contains("console.role_names"), "{stdout}");
    assert!(
        stdout.contains("user (`username`) -> group at `groups`: the user's IdP groups"),
        "{stdout}"
    );
}

#[test]
fn schema_dataset_names_an_unknown_dataset() {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(["schema", "dataset", "user"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("unknown dataset `user`"), "{stderr}");
    assert!(stderr.contains("did you mean `users`?"), "{stderr}");
}
