//! A password written where it does not belong in synclint.yaml (under a misspelt key,
//! under a key spelt with YAML escapes, in place of a variable's or a file's name) never
//! appears in what synclint prints or writes, and the error still names the file, the line
//! and what is wrong. Each case runs the real binary on a real file.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use std::path::Path;
use std::process::{Command, Output};

/// Lines 1 to 7 of the configuration; the line a test adds is line 8.
const BASE: &str = "role_mappings: []\nnotifications:\n  recipients: [a@x.example]\n  \
                    from: s@x.example\n  smtp:\n    host: mail.x.example\n    username: u\n";

/// The password each test writes somewhere; none of its parts may be printed.
const SECRET: &str = "Zq7-LEAK-hunter2";

/// What one run printed, and every file it left beside the configuration.
struct Run {
    out: Output,
    files: String,
}

impl Run {
    /// Both streams as printed.
    fn shown(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr)
        )
    }

    /// stderr with miette's line wrapping and margins undone, for looking up phrases.
    fn said(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr)
            .split_whitespace()
            .filter(|word| !matches!(*word, "│" | "·"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Fails when the secret (or a part of it) is in the output or in a written file.
    fn assert_hidden(&self, secret: &str) {
        let shown = self.shown();
        for part in [secret, "LEAK", "hunter2"] {
            assert!(!shown.contains(part), "`{part}` was printed:\n{shown}");
            assert!(
                !self.files.contains(part),
                "`{part}` was written:\n{}",
                self.files
            );
        }
        assert!(!self.out.status.success(), "expected a failure:\n{shown}");
    }

    fn assert_says(&self, phrase: &str) {
        assert!(
            self.said().contains(phrase),
            "expected `{phrase}` in:\n{}",
            self.shown()
        );
    }
}

/// Run `synclint ARGS` in a new folder holding synclint.yaml (BASE then `line`).
fn run(line: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("synclint.yaml"), format!("{BASE}{line}\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .current_dir(dir.path())
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SYNCLINT_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let mut files = String::new();
    collect(dir.path(), &mut files);
    Run { out, files }
}

/// The text of every file under `dir` but the configuration itself.
fn collect(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, into);
        } else if path.file_name().is_some_and(|n| n != "synclint.yaml") {
            into.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
}

const DRY: &[&str] = &["notify", "--dry-run", "--config", "synclint.yaml", "."];
const SEND: &[&str] = &["notify", "--config", "synclint.yaml", "."];
const CHECK: &[&str] = &["check", "--config", "synclint.yaml", "."];

#[test]
fn a_misspelt_password_key_never_shows_its_value() {
    for key in [
        "pasword",
        "smtp_pass",
        "password2",
        "Password",
        "passwrod",
        "api-token",
    ] {
        for args in [DRY, CHECK] {
            let run = run(&format!("    {key}: {SECRET}"), args);
            run.assert_hidden(SECRET);
            run.assert_says("synclint.yaml:8:5");
            run.assert_says(&format!("unknown key `{key}`"));
            run.assert_says("password_env");
        }
    }
    // No space after the colon: YAML reads one word, which is still not shown.
    let run = run(&format!("    password:{SECRET}"), DRY);
    run.assert_hidden(SECRET);
    run.assert_says("synclint.yaml:8");
}

#[test]
fn an_escaped_password_key_is_the_password_key_and_its_value_stays_hidden() {
    for key in [r#""pass\x77ord""#, r#""p\u0061ssword""#, r#""\x70assword""#] {
        let run = run(&format!("    {key}: {SECRET}"), DRY);
        run.assert_hidden(SECRET);
        run.assert_says("synclint.yaml:8:5");
        run.assert_says("the SMTP password must not be written in the configuration");
        run.assert_says("password_env: VAR");
    }
}

#[test]
fn a_password_in_place_of_the_variable_name_is_not_echoed() {
    for value in [
        format!("\"{SECRET}!\""),
        format!("{SECRET}$x"),
        SECRET.into(),
    ] {
        let run = run(&format!("    password_env: {value}"), DRY);
        run.assert_hidden(SECRET);
        run.assert_says("synclint.yaml:8:5");
        run.assert_says("`password_env` must name an environment variable");
        run.assert_says("may be the password itself");
    }
    // A name that is one but is not set is named: it is what the user has to set.
    let run = run("    password_env: SYNCLINT_TEST_UNSET_VARIABLE_42", SEND);
    assert!(!run.out.status.success(), "{}", run.shown());
    run.assert_says("SYNCLINT_TEST_UNSET_VARIABLE_42");
    run.assert_says("is not set");
}

#[test]
fn an_unreadable_password_file_is_named_by_its_key_not_its_value() {
    for value in [SECRET.to_owned(), format!("\"{SECRET}\"")] {
        let run = run(&format!("    password_file: {value}"), SEND);
        run.assert_hidden(SECRET);
        run.assert_says("password_file");
        run.assert_says("synclint.yaml line 8");
        run.assert_says("not found");
        run.assert_says("check that");
    }
}

#[test]
fn a_secret_beside_another_problem_is_not_shown_with_it() {
    let lines = [
        format!(
            "    password_env: {}\n    timeout: soon",
            SECRET.replace('-', "_")
        ),
        format!("    timeout: soon\n    password_file: {SECRET}"),
    ];
    for line in lines {
        let run = run(&line, DRY);
        run.assert_hidden(&SECRET.replace('-', "_"));
        run.assert_hidden(SECRET);
        run.assert_says("`soon` is not a usable duration");
    }
}
