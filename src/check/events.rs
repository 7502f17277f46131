//! Log events: streamed from their files in batches, evaluated by the event rules and
//! counted for the directory sync report on a second thread while the next batch is read,
//! so memory stays flat however long the log is.

use crate::engine::aggregate::Aggregator;
use crate::engine::eval::Scope;
use crate::engine::index::Indexes;
use crate::finding::Finding;
use crate::input::InputKind;
use crate::model::{dataset, Datasets, Record};
use crate::report::{InputSummary, Summary};
use crate::rules::Rule;
use crate::syncreport::{Collector, Window};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
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
            self.outcome.collector.add(record, time);
            self.aggregator
                .feed(self.rules, &self.scope, dataset::EVENTS, record, time);
            for rule in self
                .rules
                .iter()
                .filter(|r| r.aggregate.is_none() && r.dataset == dataset::EVENTS)
            {
                if self.scope.holds(&rule.when, &record.value) {
                    self.outcome
                        .findings
                        .push(crate::engine::finding(rule, record));
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

/// The logs of a run: files loaded whole, and large files to stream.
#[derive(Debug, Default)]
pub struct Logs {
    pub streams: Vec<(PathBuf, String, InputKind)>,
    pub loaded: Vec<Vec<Record>>,
}

/// How many skipped records of one streamed file are listed; the rest are counted.
const SKIPPED_LISTED: usize = 1000;

impl Logs {
    /// The newest event time, found by a first pass over the logs.
    pub fn newest(&self, summary: &mut Summary) -> Option<DateTime<Utc>> {
        let mut newest = None;
        let mut scratch = Summary::default();
        self.each_batch(&mut scratch, &mut |batch| {
            newest = batch
                .iter()
                .filter_map(crate::engine::record_time)
                .chain(newest)
                .max();
        });
        summary.problems.extend(scratch.problems);
        newest
    }

    /// Run the event rules and the sync-report counts over every event, evaluating on a
    /// second thread while the next batch is read.
    pub fn evaluate(
        &self,
        rules: &[Rule],
        datasets: &Datasets,
        now: DateTime<Utc>,
        window: Window,
        summary: &mut Summary,
    ) -> EventOutcome {
        let indexes = Indexes::for_rules(datasets, rules);
        let (sender, receiver) = mpsc::sync_channel::<Vec<Record>>(4);
        std::thread::scope(|s| {
            let worker = s.spawn(|| {
                let mut evaluator = Evaluator {
                    rules,
                    scope: Scope {
                        datasets,
                        indexes: &indexes,
                        now,
                    },
                    window,
                    aggregator: Aggregator::new(rules),
                    outcome: EventOutcome::default(),
                    end: None,
                };
                for batch in receiver {
                    evaluator.batch(&batch);
                }
                evaluator.finish()
            });
            self.each_batch(summary, &mut |batch| {
                // A closed channel means the worker has stopped; joining it tells why.
                let _ = sender.send(batch);
            });
            drop(sender);
            worker.join().unwrap_or_default()
        })
    }

    /// Hand every event, in batches, to `on_batch`; streamed files report what they read.
    fn each_batch(&self, summary: &mut Summary, on_batch: &mut dyn FnMut(Vec<Record>)) {
        for records in &self.loaded {
            for chunk in records.chunks(BATCH) {
                on_batch(chunk.to_vec());
            }
        }
        for (path, shown, kind) in &self.streams {
            let progress = progress_for(path, shown);
            let mut listed = 0usize;
            let mut skipped = Vec::new();
            let result = crate::input::events::stream_events(
                path,
                shown,
                Some(*kind),
                BATCH,
                &mut |batch, skips| {
                    for skip in skips {
                        if listed < SKIPPED_LISTED {
                            skipped.push(skip);
                        }
                        listed += 1;
                    }
                    progress.inc(batch.len() as u64);
                    on_batch(batch);
                },
            );
            progress.finish_and_clear();
            match result {
                Ok(read) => {
                    summary.inputs.push(InputSummary {
                        path: shown.clone(),
                        kind: kind.name().to_owned(),
                        records: usize::try_from(read.records).unwrap_or(usize::MAX),
                    });
                    summary.skipped_unlisted += listed.saturating_sub(skipped.len()) as u64;
                    summary.skipped.extend(skipped);
                }
                Err(err) => summary.problems.push(super::inputs::from_input_error(err)),
            }
        }
    }
}

/// A spinner counting the events of a streamed file, on standard error when it is a
/// terminal (hidden otherwise, so pipes and CI logs stay clean).
fn progress_for(path: &std::path::Path, shown: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let bar = indicatif::ProgressBar::new_spinner();
    let style =
        indicatif::ProgressStyle::with_template("{spinner} {msg}: {human_pos} events, {elapsed}");
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar.set_message(format!("{shown} ({} MiB)", size / (1024 * 1024)));
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
