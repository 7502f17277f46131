//! A misspelt name gets the name it was probably meant to be: rule ids given to
//! `explain`, `--select` and `--ignore`, categories, `causes:` entries and operators.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::{Command, Stdio};

/// Exit code and standard error of `synclint ARGS`.
fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn explain_names_the_rule_meant() {
    let (code, err) = run(&["explain", "sync-eror-burst"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `sync-error-burst`?"), "{err}");
    let (code, err) = run(&["explain", "nothing-like-any-rule-at-all"]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn select_and_ignore_name_the_rule_or_category_meant() {
    let (code, err) = run(&["check", "fixtures/demo", "--select", "role-unavailabel"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `role-unavailable`?"), "{err}");
    let (code, err) = run(&["check", "fixtures/demo", "--ignore", "category:mapin"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean `category:mapping`?"), "{err}");
}

const HEADER: &str = "title: t\nseverity: warning\ncategory: test\n\
    docs: { what: w, why: y, fix: f }\nmessage: m\nfix: [f]\ndataset: idp_users\n";

#[test]
fn causes_and_operators_name_the_one_meant() {
    let dir = tempfile::tempdir().unwrap();
    let cause = format!("id: the-cause\n{HEADER}when: {{ field: userName, exists: true }}\n");
    let symptom = format!(
        "id: the-symptom\n{HEADER}when: {{ field: userName, exists: true }}\ncauses: [the-cuase]\n"
    );
    let operator = format!("id: the-operator\n{HEADER}when: {{ field: userName, equls: x }}\n");
    for (name, text) in [("a.yaml", cause), ("b.yaml", symptom), ("c.yaml", operator)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (code, err) = run(&["test", dir.path().to_str().unwrap()]);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("did you mean `the-cause`?"), "{err}");
    assert!(err.contains("did you mean `equals`?"), "{err}");
}
