//! Helpers shared by the rule-language tests, and the names every test module uses.

pub use chrono::{DateTime, Utc};
pub use serde_json::json;
pub use std::path::Path;
pub use std::process::{Command, Output};
pub use synclint::engine::selftest::test_rule;
pub use synclint::model::Record;
pub use synclint::rules::compile::compile_text;
pub use synclint::rules::Rule;

/// The keys every rule here shares. With the `dataset:` line that follows, a rule's body
/// starts on line [`BODY_START`].
pub const HEADER: &str = "\
id: t-rule
title: Test rule
severity: warning
category: test
docs: { what: w, why: y, fix: f }
message: m
fix: [f]
";

/// The line of `t.yaml` on which the body passed to [`text`] begins.
pub const BODY_START: u32 = 9;

/// The reference time of every self-test here.
pub fn now() -> DateTime<Utc> {
    "2026-06-01T12:00:00Z".parse().unwrap()
}

/// A rule file: the shared header, `dataset:`, then `body` (a leading newline is dropped).
pub fn text(dataset: &str, body: &str) -> String {
    let body = body.strip_prefix('\n').unwrap_or(body);
    format!("{HEADER}dataset: {dataset}\n{body}")
}

/// Compile a rule that must be valid.
pub fn rule(dataset: &str, body: &str) -> Rule {
    let text = text(dataset, body);
    compile_text(&text, "t.yaml").unwrap_or_else(|errors| {
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("does not compile: {shown:#?}\n{text}")
    })
}

/// Run the rule's own cases: none may misbehave, and exactly `cases` of them must run.
#[track_caller]
pub fn check_cases(dataset: &str, body: &str, cases: usize) {
    let report = test_rule(&rule(dataset, body), now());
    let wrong: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{} should {}", f.location, f.expected))
        .collect();
    assert!(wrong.is_empty(), "misbehaving cases: {wrong:#?}");
    assert_eq!(report.passed, cases, "number of cases run");
}

/// The compiler's errors for a whole file, as `origin: message` (empty when it compiles).
pub fn errors_of(text: &str) -> Vec<String> {
    compile_text(text, "t.yaml")
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The compiler's errors for a rule made of the header, `dataset` and `body`.
pub fn errors(dataset: &str, body: &str) -> Vec<String> {
    errors_of(&text(dataset, body))
}

/// The hints of the compiler's errors.
pub fn hints(dataset: &str, body: &str) -> Vec<Option<String>> {
    compile_text(&text(dataset, body), "t.yaml")
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.help)
        .collect()
}

/// `t.yaml:LINE:COLUMN: message`, with `body_line` counted from the first line of the body.
pub fn at(body_line: u32, column: u32, message: &str) -> String {
    format!("t.yaml:{}:{column}: {message}", BODY_START + body_line - 1)
}
