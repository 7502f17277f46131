//! The one finding model every output format reads.

use crate::model::Location;
use crate::rules::Severity;
use chrono::{DateTime, Utc};
use serde::Serialize;

mod subjects;
pub use subjects::Subjects;

/// Text every finding of a rule repeats (its id, title, category): shared, not copied.
pub type Text = std::sync::Arc<str>;

/// One problem found by one rule in one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The id of the rule that produced it.
    pub rule: Text,
    pub severity: Severity,
    /// The rule's title.
    pub title: Text,
    pub category: Text,
    pub message: String,
    /// Ordered fix steps.
    pub fix: Vec<String>,
    /// What it is about: any of `user`, `group`, `role`, `organization`, as names.
    pub subjects: Subjects,
    /// Where the record it is about was read, when known (for a group of log events, the
    /// first of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// For a finding about a group of log events: how many, for how many users, when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<EventStats>,
    /// The finding that explains this one, when a rule's `causes` link them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Box<Cause>>,
}

/// The events behind a finding of an aggregated rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventStats {
    pub count: u64,
    /// How many distinct users the events name.
    pub users: u64,
    /// The users, sorted, up to the first 100 (`users` is the total).
    pub user_names: Vec<String>,
    pub first_seen: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
}

/// A pointer from a symptom to the finding that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// The id of the cause finding's rule.
    pub rule: String,
    /// The cause finding's subjects.
    pub subjects: Subjects,
}

impl Finding {
    /// A stable identity for the finding across runs (lowercase hex SHA-256): the rule id
    /// and the subjects, or the message for a finding without subjects. Counts and line
    /// numbers are left out, so a finding keeps its identity when a log grows or a file is
    /// edited. Each part is length-prefixed so different findings cannot run together.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let mut part = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        part(self.rule.as_bytes());
        for (kind, name) in &self.subjects {
            part(kind.as_bytes());
            part(name.to_lowercase().as_bytes());
        }
        if self.subjects.is_empty() {
            part(self.message.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Sort key: severity first (most severe first), then rule, then place.
    #[must_use]
    pub fn sort_key(&self) -> (std::cmp::Reverse<Severity>, &str, Option<&Location>, &str) {
        (
            std::cmp::Reverse(self.severity),
            &self.rule,
            self.location.as_ref(),
            &self.message,
        )
    }
}

/// Sort findings into report order (stable). Their positions are sorted and the
/// findings then moved into place, so tens of thousands of findings need no scratch
/// copy.
pub fn sort(findings: &mut [Finding]) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(|&a, &b| match (findings.get(a), findings.get(b)) {
        (Some(a), Some(b)) => a.sort_key().cmp(&b.sort_key()),
        _ => std::cmp::Ordering::Equal,
    });
    // `order[i]` is where the finding for place `i` is now; follow each cycle once.
    let mut placed = vec![false; findings.len()];
    for start in 0..findings.len() {
        if placed.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut at = start;
        loop {
            if let Some(done) = placed.get_mut(at) {
                *done = true;
            }
            let from = order.get(at).copied().unwrap_or(start);
            if from == start {
                break;
            }
            findings.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, line: u32, message: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            title: "t".into(),
            category: "c".into(),
            message: message.to_owned(),
            fix: Vec::new(),
            subjects: Subjects::new(),
            location: Some(Location::new("f", line, 1)),
            events: None,
            cause: None,
        }
    }

    #[test]
    fn sorting_in_place_is_a_stable_sort() {
        let mut findings: Vec<Finding> = Vec::new();
        for n in 0..200u32 {
            let rule = ["b", "a", "c"][(n * 7 % 3) as usize];
            findings.push(finding(rule, n * 13 % 17, &format!("m{}", n % 4)));
            let mut tie = finding(rule, n * 13 % 17, "same");
            tie.fix.push(n.to_string()); // told apart only by what the sort ignores
            findings.push(tie);
        }
        let mut expected = findings.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        sort(&mut findings);
        assert_eq!(findings, expected);
    }
}
