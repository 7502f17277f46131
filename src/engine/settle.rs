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
use super::overflow::Overflow;
use super::overflow_read::Merged;
use super::sample::Names;
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
    /// Every group kept in memory.
    #[must_use]
    pub fn new(rules: &'r [Rule]) -> Self {
        Self {
            rules,
            shared: Arc::new(SharedGroups::new(rules.len())),
        }
    }

    /// Groups written to `store` while those held in memory weigh more than `budget`
    /// bytes (see [`super::overflow`]), and read back as each rule settles.
    #[must_use]
    pub fn overflowing(rules: &'r [Rule], store: Arc<dyn Overflow>, budget: usize) -> Self {
        let ids = rules.iter().map(|r| r.id.to_string()).collect();
        Self {
            rules,
            shared: Arc::new(SharedGroups::overflowing(ids, store, budget)),
        }
    }

    /// The groups every worker shares, which also say what went wrong keeping groups
    /// outside memory ([`SharedGroups::troubles`], once settling is done).
    #[must_use]
    pub fn shared(&self) -> Arc<SharedGroups> {
        Arc::clone(&self.shared)
    }

    /// The aggregator one worker counts with.
    #[must_use]
    pub fn aggregator(&self) -> Aggregator {
        Aggregator::sharing(self.rules, Arc::clone(&self.shared))
    }

    /// The findings of every aggregated rule from the groups of all `parts`, each
    /// handed to `found` with the place of its rule in the rule list as soon as it is
    /// made, rule after rule (reports sort them). Groups written out
    /// are read back rule by rule, their texts shared through one table.
    pub fn finish_into(self, mut parts: Vec<Part<'_>>, found: &mut dyn FnMut(usize, Finding)) {
        let end = parts.iter().filter_map(|p| p.end).max();
        let mut names = Names::default();
        for index in 0..self.rules.len() {
            let mut taken: Vec<_> = parts.iter_mut().map(|p| p.aggregator.take(index)).collect();
            taken.push(RuleGroups(self.shared.take(index)));
            let mut written = match self.shared.take_runs(index) {
                Some((store, rule, runs)) => Merged::open(store, (rule, runs), &mut names),
                None => Merged::none(&mut names),
            };
            let parts = (taken, &mut written as &mut dyn Iterator<Item = _>);
            Aggregator::each_finding_of(self.rules, index, parts, end, &mut |f| found(index, f));
            self.shared.note(std::mem::take(&mut written.troubles));
        }
    }
}
