//! The one finding model every output format reads.

use crate::model::Location;
use crate::rules::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

/// One problem found by one rule in one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The id of the rule that produced it.
    pub rule: String,
    pub severity: Severity,
    /// The rule's title.
    pub title: String,
    pub category: String,
    pub message: String,
    /// Ordered fix steps.
    pub fix: Vec<String>,
    /// What it is about: any of `user`, `group`, `role`, `organization`, as names.
    pub subjects: BTreeMap<String, String>,
    /// Where the record it is about was read, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Finding {
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

/// Sort findings into report order.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}
