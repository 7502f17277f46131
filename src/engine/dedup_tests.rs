//! Tests of [`super::dedup`]: only findings that say exactly the same thing are one.

use super::dedup;
use crate::finding::{Finding, Says, Severity, Subjects};
use crate::model::Location;

fn finding(rule: &str, user: &str, message: &str, line: u32) -> Finding {
    Finding {
        rule: rule.into(),
        severity: Severity::Error,
        title: "title".into(),
        category: "sync".into(),
        says: Says::fixed(message, vec!["fix it".to_owned()]),
        subjects: Subjects::from([("user".to_owned(), user.to_owned())]),
        location: Some(Location::new("log", line, 1)),
        events: None,
        cause: None,
    }
}

fn lines(findings: &[Finding]) -> Vec<u32> {
    findings
        .iter()
        .filter_map(|f| f.location.as_ref().map(|l| l.line))
        .collect()
}

#[test]
fn a_repeat_is_dropped_and_the_first_place_kept() {
    let kept = dedup(vec![
        finding("r", "a", "failed", 1),
        finding("r", "b", "failed", 2),
        finding("r", "a", "failed", 3),
    ]);
    assert_eq!(lines(&kept), vec![1, 2]);
}

#[test]
fn same_rule_and_subjects_with_another_message_is_kept() {
    let kept = dedup(vec![
        finding("r", "a", "failed once", 1),
        finding("r", "a", "failed twice", 2),
        finding("r", "a", "failed once", 3),
        finding("other", "a", "failed once", 4),
    ]);
    assert_eq!(lines(&kept), vec![1, 2, 4]);
}
