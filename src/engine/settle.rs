//! Finishing aggregated rules whose groups were built by several workers, each over its
//! share of the records. Once the workers have stopped, the calling thread takes one
//! rule at a time: each group is merged with its namesakes in the other parts (the
//! groups the workers shared, see [`SharedGroups`], are one more part) and made into its
//! finding at once, straight into one list. No I/O: the caller owns the threads and says
//! which parts there are.
//!
//! One thread, after the workers: settling on the workers' own threads, two rules at a
//! time, took no less time at 5M events and peaked 6-7 MiB higher, each thread freeing
//! groups the other had made while making findings of its own (`docs/performance.md`,
//! ninth round).

use super::aggregate::{Aggregator, RuleGroups};
use super::shared::SharedGroups;
use crate::finding::Finding;
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What the workers share while they count, and what settles their groups afterwards.
pub struct Settling<'r> {
    rules: &'r [Rule],
    /// The groups every worker's aggregator counts a rule's new keys in, once the rule
    /// has many.
    shared: Arc<SharedGroups>,
}

/// One worker's part: its aggregator and the newest time it saw.
pub struct Part<'a> {
    pub aggregator: &'a mut Aggregator,
    pub end: Option<DateTime<Utc>>,
}

impl<'r> Settling<'r> {
    #[must_use]
    pub fn new(rules: &'r [Rule]) -> Self {
        Self {
            rules,
            shared: Arc::new(SharedGroups::new(rules.len())),
        }
    }

    /// The aggregator one worker counts with.
    #[must_use]
    pub fn aggregator(&self) -> Aggregator {
        Aggregator::sharing(self.rules, Arc::clone(&self.shared))
    }

    /// The findings of every aggregated rule from the groups of all `parts`, each
    /// handed to `found` with the place of its rule in the rule list as soon as it is
    /// made, rule after rule (reports sort them).
    pub fn finish_into(self, mut parts: Vec<Part<'_>>, found: &mut dyn FnMut(usize, Finding)) {
        let end = parts.iter().filter_map(|p| p.end).max();
        for index in 0..self.rules.len() {
            let mut taken: Vec<_> = parts.iter_mut().map(|p| p.aggregator.take(index)).collect();
            taken.push(RuleGroups(self.shared.take(index)));
            Aggregator::each_finding_of(self.rules, index, taken, end, &mut |f| found(index, f));
        }
    }
}
