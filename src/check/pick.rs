//! Picking a few events out of every log with the same streaming pass the check uses:
//! each worker keeps what the caller's `pick` makes of the events it wants, so tracing
//! one user over a long log holds that user's events and nothing else.

use super::events::{keeps, Logs};
use super::fan_out::fan_out;
use crate::model::event::EventRecord;
use crate::report::Summary;

impl Logs {
    /// What `pick` returns for each event of the app taken from its log, in reading
    /// order. Problems reading the logs go to `summary`.
    pub fn pick<T, P>(&self, summary: &mut Summary, pick: P) -> Vec<T>
    where
        T: Send,
        P: Fn(&EventRecord) -> Option<T> + Sync,
    {
        let apps = &self.apps;
        let (states, _) = fan_out(
            self,
            summary,
            Vec::new,
            |found: &mut Vec<(u64, T)>, seq, batch, _| {
                let kept = batch.iter().filter(|e| keeps(apps, e));
                found.extend(kept.filter_map(|e| pick(e).map(|t| (seq, t))));
            },
            |_, _| (),
        );
        let mut all: Vec<(u64, T)> = states.into_iter().flatten().collect();
        all.sort_by_key(|(seq, _)| *seq);
        all.into_iter().map(|(_, t)| t).collect()
    }
}

impl super::Outcome {
    /// Drop what only `trace` and `plan` read (the datasets and the logs loaded whole),
    /// so a plain check renders its report without them in memory.
    pub fn release(&mut self) {
        self.datasets = crate::model::Datasets::new();
        self.logs = None;
    }
}
