//! Findings that say exactly the same thing (same rule, subjects and message) are one
//! finding, reported at the first place it comes in report order.
//!
//! Built for findings read one at a time: every finding is first noted by a hash of
//! its rule and subjects (most findings share both with none), then, in report order,
//! only a finding whose rule and subjects came more than once has its message rendered
//! and compared, in full, with those kept before it.

use crate::finding::{Finding, Label, Subjects};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// What a finding says, compared in full.
type Said = (Label, Subjects, String);

#[derive(Debug, Default)]
pub struct Repeats {
    state: foldhash::fast::RandomState,
    /// Hashes of rule and subjects noted once, and those noted again.
    once: HashSet<u64>,
    twice: HashSet<u64>,
    /// For the hashes noted again: what the findings kept so far say.
    kept: HashMap<u64, Vec<Said>>,
}

impl Repeats {
    fn hash(&self, f: &Finding) -> u64 {
        self.state.hash_one((&f.rule, &f.subjects))
    }

    /// Note `f`, before any finding is asked about.
    pub fn note(&mut self, f: &Finding) {
        let hash = self.hash(f);
        if !self.once.insert(hash) {
            self.twice.insert(hash);
        }
    }

    /// Whether `f` repeats a finding asked about before it (which was then kept).
    pub fn is_repeat(&mut self, f: &Finding) -> bool {
        let hash = self.hash(f);
        if !self.twice.contains(&hash) {
            return false;
        }
        let message = f.message();
        let kept = self.kept.entry(hash).or_default();
        let repeat = kept.iter().any(|(rule, subjects, said)| {
            *rule == f.rule && *subjects == f.subjects && *said == message
        });
        if !repeat {
            kept.push((f.rule.clone(), f.subjects.clone(), message));
        }
        repeat
    }
}

/// `findings` without repeats, in order.
#[must_use]
pub fn dedup(mut findings: Vec<Finding>) -> Vec<Finding> {
    let mut repeats = Repeats::default();
    findings.iter().for_each(|f| repeats.note(f));
    findings.retain(|f| !repeats.is_repeat(f));
    findings
}
