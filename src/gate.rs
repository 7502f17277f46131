//! Noise control after the rules ran: suppressions from `synclint.yaml` and baselines
//! (`--baseline`, `--write-baseline`). Pure functions over findings; the caller does the I/O.

use crate::config::Suppression;
use crate::finding::{Finding, Findings};
use crate::model::Location;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What suppressions and a baseline did to a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GateSummary {
    /// Findings silenced by a suppression.
    pub suppressed: usize,
    /// Suppressions past their expiry: no longer applied, listed so they are renewed or removed.
    pub expired_suppressions: Vec<ExpiredSuppression>,
    /// Findings already in the baseline, left out of the report.
    pub baselined: usize,
    /// Baseline entries that no longer occur, so the file can be cleaned.
    pub stale_baseline: Vec<BaselineEntry>,
}

/// A suppression that has expired.
#[derive(Debug, Clone, Serialize)]
pub struct ExpiredSuppression {
    pub rule: String,
    pub reason: String,
    pub expired: NaiveDate,
    pub location: Location,
}

/// One remembered finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub message: String,
}

/// A baseline file: the findings of one run, to report only what is new later.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    /// Set when the baseline was written by a redacted run: its fingerprints are then of
    /// the pseudonyms, so they match only redacted runs with the same key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redacted: Option<RedactedBaseline>,
    pub findings: Vec<BaselineEntry>,
}

/// What a baseline written with `--redact` records of its redaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedBaseline {
    /// A mark of the redaction key (see `Redactor::key_check`), to tell a run with
    /// another key that this baseline cannot match it.
    pub key_check: String,
}

impl Baseline {
    /// The baseline of these findings, as they are: for a redacted run, the findings
    /// must be redacted already (and `redacted` set), so that no fingerprint is a plain
    /// hash of a person's value.
    #[must_use]
    pub fn of<F: std::borrow::Borrow<Finding>>(findings: impl IntoIterator<Item = F>) -> Self {
        let entry = |f: &Finding| BaselineEntry {
            fingerprint: f.fingerprint(),
            rule: f.rule.to_string(),
            message: f.message().clone(),
        };
        let findings = findings.into_iter().map(|f| entry(f.borrow())).collect();
        Self {
            version: 1,
            redacted: None,
            findings,
        }
    }
}

fn matches(s: &Suppression, f: &Finding) -> bool {
    s.rule.eq_ignore_ascii_case(&f.rule)
        && s.subjects.iter().all(|(kind, value)| {
            f.subjects
                .get(kind)
                .is_some_and(|v| v.eq_ignore_ascii_case(value))
        })
}

/// Drop suppressed findings; expired suppressions do not apply and are listed.
pub fn suppress(
    findings: &mut Vec<Finding>,
    suppressions: &[Suppression],
    today: NaiveDate,
    summary: &mut GateSummary,
) {
    let suppressor = Suppressor::new(suppressions, today, summary);
    findings.retain(|f| !suppressor.suppresses(f, summary));
}

/// The suppressions in force, asked about one finding at a time.
pub struct Suppressor<'s> {
    live: Vec<&'s Suppression>,
}

impl<'s> Suppressor<'s> {
    /// The suppressions of `suppressions` in force on `today`; those expired are listed
    /// in `summary`.
    pub fn new(
        suppressions: &'s [Suppression],
        today: NaiveDate,
        summary: &mut GateSummary,
    ) -> Self {
        let (live, expired): (Vec<&Suppression>, Vec<&Suppression>) = suppressions
            .iter()
            .partition(|s| s.expires.is_none_or(|day| today <= day));
        summary.expired_suppressions = expired
            .into_iter()
            .filter_map(|s| {
                Some(ExpiredSuppression {
                    rule: s.rule.clone(),
                    reason: s.reason.clone(),
                    expired: s.expires?,
                    location: s.location.clone(),
                })
            })
            .collect();
        Self { live }
    }

    /// Whether a suppression in force covers `f`, counted in `summary` when one does.
    pub fn suppresses(&self, f: &Finding, summary: &mut GateSummary) -> bool {
        let covered = self.live.iter().any(|s| matches(s, f));
        summary.suppressed += usize::from(covered);
        covered
    }
}

/// Drop findings the baseline already has (as many times as it has them), and list the
/// baseline entries that did not occur.
#[must_use]
pub fn against_baseline(
    findings: Findings,
    baseline: &Baseline,
    summary: &mut GateSummary,
) -> Findings {
    let mut known: HashMap<&str, Vec<&BaselineEntry>> = HashMap::new();
    for entry in &baseline.findings {
        known
            .entry(entry.fingerprint.as_str())
            .or_default()
            .push(entry);
    }
    let before = findings.len();
    let findings = findings.retain(|f| {
        known
            .get_mut(f.fingerprint().as_str())
            .and_then(Vec::pop)
            .is_none()
    });
    summary.baselined = before - findings.len();
    summary.stale_baseline = known.into_values().flatten().cloned().collect();
    summary
        .stale_baseline
        .sort_by(|a, b| (&a.rule, &a.message).cmp(&(&b.rule, &b.message)));
    findings
}
