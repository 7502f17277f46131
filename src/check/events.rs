//! Log events: streamed from their files in pieces, evaluated by the event rules and
//! counted for the directory sync report on every core (see [`super::fan_out`]), so
//! memory stays flat however long the log is.

use super::fan_out::fan_out;
use crate::engine::aggregate::Aggregator;
use crate::engine::eval::Scope;
use crate::engine::index::Indexes;
use crate::finding::Finding;
use crate::input::InputKind;
use crate::model::event::EventRecord;
use crate::model::{dataset, Datasets, Record};
use crate::redact::Names;
use crate::report::Summary;
use crate::rules::Rule;
use crate::syncreport::{Collector, Window, WindowSpec};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

/// What the event pass produced.
#[derive(Debug, Default)]
pub struct EventOutcome {
    pub findings: Vec<Finding>,
    pub collector: Collector,
    pub events: u64,
    /// Events outside `--since`/`--until`, not evaluated.
    pub outside_window: u64,
    /// What `--redact` learned from the events (when [`Logs::learn`] is set).
    pub names: Names,
}

/// Evaluates events; each worker has one, and they are merged at the end.
struct Evaluator<'a> {
    rules: &'a [Rule],
    scope: Scope<'a>,
    window: Window,
    aggregator: Aggregator,
    collector: Collector,
    /// Findings of the rules without `aggregate`, with the place of their piece in
    /// reading order.
    findings: Vec<(u64, Finding)>,
    events: u64,
    outside_window: u64,
    end: Option<DateTime<Utc>>,
    /// The people and names of every event read, for `--redact`.
    names: Option<Names>,
}

impl Evaluator<'_> {
    fn batch(&mut self, seq: u64, batch: &[EventRecord]) {
        for record in batch {
            self.events += 1;
            if let Some(names) = &mut self.names {
                crate::redact::learn::event(names, record);
            }
            let time = record.time;
            if time.is_some_and(|t| !self.window.contains(t)) {
                self.outside_window += 1;
                continue;
            }
            self.end = self.end.max(time);
            self.collector.add(record, time);
            self.aggregator
                .feed(self.rules, &self.scope, dataset::EVENTS, record, time);
            for rule in self
                .rules
                .iter()
                .filter(|r| r.aggregate.is_none() && r.dataset == dataset::EVENTS)
            {
                if self.scope.holds(&rule.when, record) {
                    let finding = crate::engine::finding(rule, &record.to_record());
                    self.findings.push((seq, finding));
                }
            }
        }
    }

    /// Merge the workers' evaluators into the outcome, with the findings they settled.
    /// The rules no worker settled (only when one stopped on a bug) are finished here.
    fn finish(
        mut evaluators: Vec<Self>,
        (settling, settled): (Settling<'_>, Vec<Vec<usize>>),
        collector: Collector,
    ) -> EventOutcome {
        let mut outcome = EventOutcome {
            collector,
            ..EventOutcome::default()
        };
        let mut findings = Vec::new();
        let end = evaluators.iter().filter_map(|e| e.end).max();
        for evaluator in &mut evaluators {
            outcome.events += evaluator.events;
            outcome.outside_window += evaluator.outside_window;
            if let Some(names) = evaluator.names.take() {
                outcome.names.merge(names);
            }
            outcome
                .collector
                .merge(std::mem::take(&mut evaluator.collector));
            findings.append(&mut evaluator.findings);
        }
        findings.sort_by_key(|(seq, _)| *seq);
        let rules = settling.rules;
        outcome.findings = settling
            .found
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // Each rule's findings form one block, in the order it made them; the order of
        // the blocks does not matter, as findings are sorted (stably) for reports.
        outcome
            .findings
            .extend(findings.into_iter().map(|(_, f)| f));
        let settled: Vec<usize> = settled.into_iter().flatten().collect();
        for index in (0..rules.len()).filter(|i| !settled.contains(i)) {
            let parts = evaluators.iter_mut().map(|e| e.aggregator.take(index));
            let mut made = Aggregator::findings_of(rules, index, parts.collect(), end);
            outcome.findings.append(&mut made);
        }
        outcome
    }
}

/// How the aggregated rules are shared among workers (positions per worker), and the
/// end of the data.
type Plan = (Vec<Vec<usize>>, Option<DateTime<Utc>>);

/// What the workers share while they settle the aggregated rules.
struct Settling<'r> {
    rules: &'r [Rule],
    /// Planned once, by whichever worker comes first, from the groups all of them built.
    plan: OnceLock<Plan>,
    /// Every finding made, one rule's block after another. Sized once, when planned, for
    /// as many findings as there can be (untouched room costs no memory), so the list
    /// is never copied while it grows.
    found: Mutex<Vec<Finding>>,
}

impl Settling<'_> {
    /// The aggregated rules `worker` settles once every worker has read its last piece:
    /// each rule's groups are taken out of every worker's aggregator and merged, and its
    /// findings made, on this thread. Returns the positions of the rules settled.
    fn settle(&self, worker: usize, shared: &Mutex<Vec<Evaluator<'_>>>) -> Vec<usize> {
        let lock = || shared.lock().unwrap_or_else(PoisonError::into_inner);
        let (shares, end) = self.plan.get_or_init(|| {
            let evaluators = lock();
            let parts: Vec<&Aggregator> = evaluators.iter().map(|e| &e.aggregator).collect();
            let most = Aggregator::most_findings(&parts)
                + evaluators.iter().map(|e| e.findings.len()).sum::<usize>();
            self.found
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .reserve_exact(most);
            let end = evaluators.iter().filter_map(|e| e.end).max();
            (Aggregator::plan(&parts, super::fan_out::workers()), end)
        });
        let Some(mine) = shares.get(worker) else {
            return Vec::new();
        };
        for &index in mine {
            let parts: Vec<_> = lock()
                .iter_mut()
                .map(|e| e.aggregator.take(index))
                .collect();
            let mut made = Aggregator::findings_of(self.rules, index, parts, *end);
            self.found
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .append(&mut made);
        }
        mine.clone()
    }
}

/// The logs of a run: files loaded whole, and large files to stream.
#[derive(Debug, Default)]
pub struct Logs {
    pub streams: Vec<(PathBuf, String, InputKind)>,
    pub loaded: Vec<Vec<EventRecord>>,
    /// The bounds streamed files are read within.
    pub limits: crate::input::Limits,
    /// Learn the people and names of every event while evaluating, for `--redact`.
    pub learn: bool,
}

impl Logs {
    /// The logs to stream, with the event records of logs `loaded` whole.
    #[must_use]
    pub fn new(
        streams: Vec<(PathBuf, String, InputKind)>,
        loaded: Vec<Vec<Record>>,
        limits: crate::input::Limits,
    ) -> Self {
        let mut logs = Self {
            streams,
            loaded: Vec::new(),
            limits,
            learn: false,
        };
        for records in loaded {
            logs.load(records);
        }
        logs
    }

    /// Add the records of a log loaded whole.
    pub fn load(&mut self, records: Vec<Record>) {
        self.loaded
            .push(records.into_iter().map(EventRecord::from_record).collect());
    }

    /// The newest event time, found by a first pass over the logs.
    pub fn newest(&self, summary: &mut Summary) -> Option<DateTime<Utc>> {
        let mut scratch = Summary::default();
        let (newest, _) = fan_out(
            self,
            &mut scratch,
            || None,
            |newest: &mut Option<DateTime<Utc>>, _, batch| {
                *newest = batch.iter().filter_map(|e| e.time).chain(*newest).max();
            },
            |_, _| (),
        );
        summary.problems.extend(scratch.problems);
        newest.into_iter().flatten().max()
    }

    /// Run the event rules over every event in `window`, and count them for a directory
    /// sync report over `report`, on all cores.
    pub fn evaluate(
        &self,
        rules: &[Rule],
        datasets: &Datasets,
        now: DateTime<Utc>,
        (window, report): (Window, &WindowSpec),
        summary: &mut Summary,
    ) -> EventOutcome {
        let indexes = Indexes::for_rules(datasets, rules);
        let settling = Settling {
            rules,
            plan: OnceLock::new(),
            found: Mutex::new(Vec::new()),
        };
        let learn = self.learn;
        let (evaluators, settled) = fan_out(
            self,
            summary,
            || Evaluator {
                rules,
                scope: Scope {
                    datasets,
                    indexes: &indexes,
                    now,
                },
                window,
                aggregator: Aggregator::new(rules),
                collector: Collector::for_window(report.clone()),
                findings: Vec::new(),
                events: 0,
                outside_window: 0,
                end: None,
                names: learn.then(Names::default),
            },
            |evaluator, seq, batch| evaluator.batch(seq, batch),
            |worker, shared| settling.settle(worker, shared),
        );
        let collector = Collector::for_window(report.clone());
        Evaluator::finish(evaluators, (settling, settled), collector)
    }
}
