//! Log events: streamed from their files in batches, evaluated by the event rules and
//! counted for the directory sync report on a second thread while the next batch is read,
//! so memory stays flat however long the log is.

use crate::engine::aggregate::Aggregator;
use crate::engine::eval::Scope;
use crate::engine::index::Indexes;
use crate::finding::Finding;
use crate::model::{dataset, Datasets, Record, Skipped};
use crate::rules::Rule;
use crate::syncreport::{Collector, Window};
use chrono::{DateTime, Utc};
use std::sync::mpsc;

/// Records per batch handed from the reader to the evaluator.
pub const BATCH: usize = 4096;

/// What the event pass produced.
#[derive(Debug, Default)]
pub struct EventOutcome {
    pub findings: Vec<Finding>,
    pub collector: Collector,
    pub events: u64,
    /// Events outside `--since`/`--until`, not evaluated.
    pub outside_window: u64,
}

/// Evaluates event batches; lives on the worker thread.
struct Evaluator<'a> {
    rules: &'a [Rule],
    scope: Scope<'a>,
    window: Window,
    aggregator: Aggregator,
    outcome: EventOutcome,
    end: Option<DateTime<Utc>>,
}

impl<'a> Evaluator<'a> {
    fn batch(&mut self, batch: &[Record]) {
        for record in batch {
            self.outcome.events += 1;
            let time = crate::engine::record_time(record);
            if time.is_some_and(|t| !self.window.contains(t)) {
                self.outcome.outside_window += 1;
                continue;
            }
            self.end = self.end.max(time);
            self.outcome.collector.add(record);
            self.aggregator.feed(self.rules, &self.scope, dataset::EVENTS, record);
            for rule in self.rules.iter().filter(|r| r.aggregate.is_none() && r.dataset == dataset::EVENTS) {
                if self.scope.holds(&rule.when, &record.value) {
                    self.outcome.findings.push(crate::engine::finding(rule, record));
                }
            }
        }
    }

    fn finish(mut self) -> EventOutcome {
        let findings = self.aggregator.finish(self.rules, self.end);
        self.outcome.findings.extend(findings);
        self.outcome
    }
}

/// A source of event batches: calls `on_batch` for each batch of records (and the records
/// it had to skip). Returns whatever the source wants to report when done.
pub type Feed<'f, T> = dyn FnOnce(&mut dyn FnMut(Vec<Record>, Vec<Skipped>)) -> T + 'f;

/// Run the event rules over every batch `feed` produces, in a worker thread.
pub fn evaluate<T>(
    rules: &[Rule],
    datasets: &Datasets,
    now: DateTime<Utc>,
    window: Window,
    skipped: &mut Vec<Skipped>,
    feed: Box<Feed<'_, T>>,
) -> (EventOutcome, T) {
    let event_rules: Vec<Rule> = rules.iter().filter(|r| r.dataset == dataset::EVENTS).cloned().collect();
    let indexes = Indexes::for_rules(datasets, &event_rules);
    let (sender, receiver) = mpsc::sync_channel::<Vec<Record>>(4);
    std::thread::scope(|s| {
        let worker = s.spawn(|| {
            let mut evaluator = Evaluator {
                rules: &event_rules,
                scope: Scope { datasets, indexes: &indexes, now },
                window,
                aggregator: Aggregator::new(&event_rules),
                outcome: EventOutcome::default(),
                end: None,
            };
            for batch in receiver {
                evaluator.batch(&batch);
            }
            evaluator.finish()
        });
        let result = feed(&mut |records, skips| {
            skipped.extend(skips);
            // A closed channel means the worker is gone; its result says why.
            let _ = sender.send(records);
        });
        drop(sender);
        let outcome = worker.join().unwrap_or_default();
        (outcome, result)
    })
}
