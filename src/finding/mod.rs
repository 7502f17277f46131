//! The one finding model every output format reads.

use crate::model::Location;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub mod codec;
mod label;
#[cfg(test)]
pub(crate) mod sample;
mod says;
mod serialize;
mod severity;
pub mod sorter;
pub mod store;
mod subjects;
mod tape;
pub use codec::{Decoder, RuleText};
pub use label::Label;
pub use says::{FixedText, Held, Says, Wording, WordingRef};
pub use severity::Severity;
pub use sorter::{Merge, Sorted, Sorter};
pub use store::{Findings, Mark, Recorder, RuleTable};
pub use subjects::{Subjects, SUBJECT_KINDS};

/// Text many findings repeat (a user's name): shared, not copied. A rule's own text (its
/// id, title, category) is a [`Label`].
pub type Text = std::sync::Arc<str>;

/// One problem found by one rule in one record. Written (see `serialize.rs`) with its
/// message and fix steps rendered, between `category` and `subjects`.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The id of the rule that produced it.
    pub rule: Label,
    pub severity: Severity,
    /// The rule's title.
    pub title: Label,
    pub category: Label,
    /// The message and the ordered fix steps, rendered when they are read.
    pub says: Says,
    /// What it is about: any of `user`, `group`, `role`, `organization`, as names.
    pub subjects: Subjects,
    /// Where the record it is about was read, when known (for a group of log events, the
    /// first of them).
    pub location: Option<Location>,
    /// For a finding about a group of log events: how many, for how many users, when.
    pub events: Option<EventStats>,
    /// The finding that explains this one, when a rule's `causes` link them.
    pub cause: Option<Box<Cause>>,
}

/// The events behind a finding of an aggregated rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventStats {
    pub count: u64,
    /// How many distinct users the events name.
    pub users: u64,
    /// The users, sorted, up to the first 100 (`users` is the total); shared with the
    /// other findings that name them.
    pub user_names: Vec<Text>,
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

/// How many of a group's users its `sample_users` value shows: the smallest names.
pub const SAMPLE_USERS: usize = 5;

impl EventStats {
    /// What the events say under `name` (in any ASCII case), as a rule's wording reads
    /// it: `count`, `user_count`, `first_seen`, `last_seen` (as messages show times) or
    /// `sample_users`; `None` for any other name. Made only for the names a wording reads.
    #[must_use]
    pub fn value_of(&self, name: &str) -> Option<serde_json::Value> {
        use serde_json::Value;
        let time =
            |t: Option<DateTime<Utc>>| t.map_or(Value::Null, |t| crate::time::shown(t).into());
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        Some(if is("count") {
            self.count.into()
        } else if is("user_count") {
            self.users.into()
        } else if is("first_seen") {
            time(self.first_seen)
        } else if is("last_seen") {
            time(self.last_seen)
        } else if is("sample_users") {
            let sample = self.user_names.iter().take(SAMPLE_USERS);
            Value::Array(sample.map(|u| Value::String(u.to_string())).collect())
        } else {
            return None;
        })
    }
}

impl Finding {
    /// The message, rendered now.
    #[must_use]
    pub fn message(&self) -> String {
        self.says.message(self.events.as_ref())
    }

    /// The fix steps, rendered now.
    #[must_use]
    pub fn fix(&self) -> Vec<String> {
        self.says.fix(self.events.as_ref())
    }

    /// The message and the fix steps, rendered together.
    #[must_use]
    pub fn render(&self) -> (String, Vec<String>) {
        self.says.render(self.events.as_ref())
    }

    /// A stable identity for the finding across runs (lowercase hex SHA-256): the rule id
    /// and the subjects, or the message for a finding without subjects. Counts and line
    /// numbers are left out, so a finding keeps its identity when a log grows or a file is
    /// edited. Each part is length-prefixed so different findings cannot run together.
    ///
    /// It hashes the finding as it stands: after `--redact`, the pseudonyms (which are
    /// keyed with the redaction key), so the fingerprint of a redacted finding is never a
    /// plain hash of a person's value, and it is the same across redacted runs with the
    /// same key.
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
            part(self.message().as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Sort key: severity first (most severe first), then rule, then place, then
    /// subjects.
    #[must_use]
    pub fn sort_key(
        &self,
    ) -> (
        std::cmp::Reverse<Severity>,
        &str,
        Option<&Location>,
        &Subjects,
    ) {
        (
            std::cmp::Reverse(self.severity),
            &self.rule,
            self.location.as_ref(),
            &self.subjects,
        )
    }
}

/// Sort findings into report order. Unstable, so it needs no scratch copy of tens of
/// thousands of findings; two findings with the same key are the same rule about the
/// same subjects at the same place, so their order does not matter.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, severity: Severity, line: u32, user: &str) -> Finding {
        let mut subjects = Subjects::new();
        subjects.insert("user".to_owned(), user.to_owned());
        Finding {
            rule: rule.into(),
            severity,
            title: "t".into(),
            category: "c".into(),
            says: Says::fixed(format!("about {user}"), Vec::new()),
            subjects,
            location: Some(Location::new("f", line, 1)),
            events: None,
            cause: None,
        }
    }

    #[test]
    fn findings_sort_by_severity_rule_place_then_subject() {
        let mut findings = vec![
            finding("b", Severity::Warning, 3, "x"),
            finding("a", Severity::Warning, 9, "x"),
            finding("c", Severity::Error, 5, "x"),
            finding("a", Severity::Warning, 2, "z"),
            finding("a", Severity::Warning, 2, "y"),
            finding("a", Severity::Info, 1, "x"),
        ];
        sort(&mut findings);
        let order: Vec<(String, u32, String)> = findings
            .iter()
            .map(|f| {
                let line = f.location.as_ref().map_or(0, |l| l.line);
                (f.rule.to_string(), line, f.message())
            })
            .collect();
        let expected = [
            ("c", 5, "about x"),
            ("a", 2, "about y"),
            ("a", 2, "about z"),
            ("a", 9, "about x"),
            ("b", 3, "about x"),
            ("a", 1, "about x"),
        ];
        let expected: Vec<(String, u32, String)> = expected
            .iter()
            .map(|(r, l, m)| ((*r).to_owned(), *l, (*m).to_owned()))
            .collect();
        assert_eq!(order, expected);
    }

    /// Tens of thousands of findings are held at once: a field that makes a finding
    /// bigger should be a decision, not an accident.
    #[test]
    fn a_finding_stays_small() {
        assert_eq!(std::mem::size_of::<Finding>(), 168);
        assert_eq!(std::mem::size_of::<Says>(), 24);
        assert_eq!(std::mem::size_of::<(u32, Held)>(), 24);
        assert_eq!(std::mem::size_of::<Subjects>(), 16);
    }

    #[test]
    fn fixed_text_serializes_as_message_and_fix() {
        let mut f = finding("a", Severity::Error, 1, "ann");
        f.says = Says::fixed("m", vec!["step one".to_owned()]);
        let json = serde_json::to_value(&f).unwrap_or_default();
        assert_eq!(json["message"], "m");
        assert_eq!(json["fix"], serde_json::json!(["step one"]));
        assert_eq!(json["rule"], "a");
    }
}
