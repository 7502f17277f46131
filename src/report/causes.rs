//! Root causes: the findings that explain others (through a rule's `causes` link), each with
//! the symptoms it explains. Found in one pass over the findings, so a format can afford it
//! on a report of any size; a renderer computes them once and reads the result everywhere.

use super::Report;
use crate::finding::{Finding, Subjects};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A root cause and what it explains.
#[derive(Debug, Clone)]
pub struct RootCause<'a> {
    /// The cause finding.
    pub finding: &'a Finding,
    /// The findings it explains.
    pub symptoms: Vec<&'a Finding>,
    /// Distinct users among the symptoms.
    pub users: usize,
    /// Failed log events behind the symptoms: a finding read from a snapshot (no events)
    /// adds none.
    pub events: u64,
}

/// Users and failed events explained by all the causes together.
#[must_use]
pub fn root_cause_totals(causes: &[RootCause<'_>]) -> (usize, u64) {
    (
        causes.iter().map(|c| c.users).sum(),
        causes.iter().map(|c| c.events).sum(),
    )
}

impl Report {
    /// The part of this report [`Report::root_causes`] reads, in memory: every finding
    /// that names a cause and every finding a cause names, in order (the report itself
    /// when its findings are in memory already). For a format that reads the rest of the
    /// findings as a stream.
    #[must_use]
    pub fn causal(&self) -> std::borrow::Cow<'_, Report> {
        if !self.findings.is_stored() {
            return std::borrow::Cow::Borrowed(self);
        }
        let named: HashSet<(String, Subjects)> = self
            .findings
            .iter()
            .filter_map(|f| {
                f.cause
                    .as_ref()
                    .map(|c| (c.rule.clone(), c.subjects.clone()))
            })
            .collect();
        if named.is_empty() {
            return std::borrow::Cow::Owned(Report::default());
        }
        let part = self
            .findings
            .iter()
            .filter(|f| {
                f.cause.is_some() || named.contains(&(f.rule.to_string(), f.subjects.clone()))
            })
            .map(std::borrow::Cow::into_owned)
            .collect();
        std::borrow::Cow::Owned(Report {
            findings: part,
            ..Report::default()
        })
    }

    /// Findings that explain others, most explained events first (then most users), with
    /// their symptoms in report order. A symptom whose cause is not among the findings is
    /// left out; when two findings share a cause's rule and subjects, the first is the cause.
    #[must_use]
    pub fn root_causes(&self) -> Vec<RootCause<'_>> {
        let mut by_key: HashMap<(&str, &Subjects), &Finding> = HashMap::new();
        for f in self.findings.loaded() {
            by_key.entry((&*f.rule, &f.subjects)).or_insert(f);
        }
        // The cause of each symptom, as its place in `causes`.
        let mut slot: HashMap<*const Finding, usize> = HashMap::new();
        let mut causes: Vec<RootCause<'_>> = Vec::new();
        for symptom in self.findings.loaded() {
            let Some(link) = &symptom.cause else {
                continue;
            };
            let Some(finding) = by_key.get(&(link.rule.as_str(), &link.subjects)).copied() else {
                continue;
            };
            let at = *slot.entry(std::ptr::from_ref(finding)).or_insert_with(|| {
                causes.push(RootCause {
                    finding,
                    symptoms: Vec::new(),
                    users: 0,
                    events: 0,
                });
                causes.len() - 1
            });
            if let Some(c) = causes.get_mut(at) {
                c.symptoms.push(symptom);
            }
        }
        for c in &mut causes {
            let users: BTreeSet<&str> = c
                .symptoms
                .iter()
                .filter_map(|s| s.subjects.get("user").map(String::as_str))
                .collect();
            c.users = users.len();
            c.events = c
                .symptoms
                .iter()
                .filter_map(|s| s.events.as_ref().map(|e| e.count))
                .sum();
        }
        causes.sort_by(|a, b| b.events.cmp(&a.events).then(b.users.cmp(&a.users)));
        causes
    }
}

#[cfg(test)]
mod tests;
