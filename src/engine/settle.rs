//! Finishing aggregated rules whose groups were built by several workers, each over its
//! share of the records. The rules are dealt out among the workers (the busiest first);
//! each worker merges its rules' groups from every part and makes their findings on its
//! own thread, so the memory the groups free is reused where it was taken. The groups
//! the workers shared (see [`SharedGroups`]) are one more part. No I/O: the caller owns
//! the threads and says which parts there are.

use super::aggregate::{Aggregator, RuleGroups};
use super::shared::SharedGroups;
use crate::finding::Finding;
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// How the aggregated rules are shared among workers (positions per worker), and the
/// end of the data.
type Plan = (Vec<Vec<usize>>, Option<DateTime<Utc>>);

/// What the workers share while they settle the aggregated rules.
pub struct Settling<'r> {
    rules: &'r [Rule],
    workers: usize,
    /// Planned once, by whichever worker comes first, from the groups all of them built.
    plan: OnceLock<Plan>,
    /// Every finding made, in no particular order. Sized once, when planned, for
    /// as many findings as there can be (untouched room costs no memory), so the list
    /// is never copied while it grows.
    found: Mutex<Vec<Finding>>,
    /// The groups every worker's aggregator counts a rule's new keys in, once the rule
    /// has many.
    shared: Arc<SharedGroups>,
}

/// One worker's part: its aggregator, the newest time it saw, and how many findings it
/// holds already (room is made for them too).
pub struct Part<'a> {
    pub aggregator: &'a mut Aggregator,
    pub end: Option<DateTime<Utc>>,
    pub findings: usize,
}

impl<'r> Settling<'r> {
    #[must_use]
    pub fn new(rules: &'r [Rule], workers: usize) -> Self {
        Self {
            rules,
            workers: workers.max(1),
            plan: OnceLock::new(),
            found: Mutex::new(Vec::new()),
            shared: Arc::new(SharedGroups::new(rules.len())),
        }
    }

    /// The aggregator one worker counts with.
    #[must_use]
    pub fn aggregator(&self) -> Aggregator {
        Aggregator::sharing(self.rules, Arc::clone(&self.shared))
    }

    /// Settle the rules that fall to `worker`, once every worker has put its state in
    /// `shared`; `part` shows a state's part. Returns the positions of the rules settled.
    pub fn settle<S>(
        &self,
        worker: usize,
        shared: &Mutex<Vec<S>>,
        part: for<'a> fn(&'a mut S) -> Part<'a>,
    ) -> Vec<usize> {
        let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
        let (shares, end) = self.plan.get_or_init(|| {
            let mut states = lock();
            let parts: Vec<Part<'_>> = states.iter_mut().map(part).collect();
            self.plan_for(&parts)
        });
        let Some(mine) = shares.get(worker) else {
            return Vec::new();
        };
        for &index in mine {
            let mut taken: Vec<_> = lock()
                .iter_mut()
                .map(|state| part(state).aggregator.take(index))
                .collect();
            taken.push(RuleGroups(self.shared.take(index)));
            // Straight into the one list (sorted later with every other finding): a
            // rule's findings are never held twice on the way.
            Aggregator::each_finding_of(self.rules, index, taken, *end, &mut |finding| {
                self.found
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(finding);
            });
        }
        mine.clone()
    }

    fn plan_for(&self, parts: &[Part<'_>]) -> Plan {
        let aggregators: Vec<&Aggregator> = parts.iter().map(|p| &*p.aggregator).collect();
        let most = Aggregator::most_findings(&aggregators, &self.shared)
            + parts.iter().map(|p| p.findings).sum::<usize>();
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .reserve_exact(most);
        let end = parts.iter().filter_map(|p| p.end).max();
        (
            Aggregator::plan(&aggregators, &self.shared, self.workers),
            end,
        )
    }

    /// The findings made, and those of the rules no worker settled (only when a worker
    /// stopped on a bug), finished here from `parts`.
    #[must_use]
    pub fn finish(self, mut parts: Vec<Part<'_>>, settled: &[Vec<usize>]) -> Vec<Finding> {
        let mut found = self
            .found
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let end = parts.iter().filter_map(|p| p.end).max();
        let settled: Vec<usize> = settled.iter().flatten().copied().collect();
        for index in (0..self.rules.len()).filter(|i| !settled.contains(i)) {
            let mut taken: Vec<_> = parts.iter_mut().map(|p| p.aggregator.take(index)).collect();
            taken.push(RuleGroups(self.shared.take(index)));
            Aggregator::each_finding_of(self.rules, index, taken, end, &mut |f| found.push(f));
        }
        found
    }
}
