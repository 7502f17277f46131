//! Log events: streamed from their files in pieces, evaluated by the event rules and
//! counted for the directory sync report on every core (see [`super::fan_out`]), so no
//! more than a few pieces of events are held however long the log is (what the rules
//! keep of them, their groups, grows with the users they count). The aggregated rules
//! are settled once the workers have stopped (see [`crate::engine::settle`]).

use super::fan_out::fan_out;
use super::overflow;
use super::pick::Picker;
use crate::engine::aggregate::Aggregator;
use crate::engine::eval::Scope;
use crate::engine::index::Indexes;
use crate::engine::overflow::Overflow;
use crate::engine::settle::{Part, Settling};
use crate::finding::Finding;
use crate::input::events::apps::{AppChoice, AppCounts};
use crate::input::InputKind;
use crate::model::event::EventRecord;
use crate::model::path::Fields as _;
use crate::model::{dataset, Datasets, Record};
use crate::redact::Names;
use crate::report::Summary;
use crate::rules::Rule;
use crate::syncreport::{Collector, Window, WindowSpec};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// What the event pass produced.
#[derive(Debug, Default)]
pub struct EventOutcome {
    pub collector: Collector,
    pub events: u64,
    /// Events outside `--since`/`--until`, not evaluated.
    pub outside_window: u64,
    /// Events of apps other than the one taken, by file, left out.
    pub other_apps: HashMap<Arc<str>, u64>,
    /// What `--redact` learned from the events (when [`Logs::learn`] is set).
    pub names: Names,
    /// The events [`Logs::picker`] picked, in reading order.
    pub picked: Vec<Record>,
}

/// Evaluates events; each worker has one, and they are merged at the end.
struct Evaluator<'a> {
    rules: &'a [Rule],
    apps: &'a HashMap<String, AppChoice>,
    other_apps: HashMap<Arc<str>, u64>,
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
    picker: Option<&'a Picker>,
    picked: Vec<(u64, Record)>,
}

impl Evaluator<'_> {
    /// Evaluate `batch`; `left_out` is the newest time of its piece's records that were
    /// not about provisioning, which the data reaches (a provisioning stall before a day
    /// of sign-ins is a gap to the end of the data).
    fn batch(&mut self, seq: u64, batch: &[EventRecord], left_out: Option<DateTime<Utc>>) {
        if let Some(time) = left_out.filter(|t| self.window.contains(*t)) {
            self.end = self.end.max(Some(time));
        }
        for record in batch {
            if !keeps(self.apps, record) {
                // Another app's event is not evaluated, but the data reaches its time.
                if let Some(time) = record.time.filter(|t| self.window.contains(*t)) {
                    self.end = self.end.max(Some(time));
                }
                if let Some(at) = &record.location {
                    *self.other_apps.entry(Arc::clone(&at.path)).or_insert(0) += 1;
                }
                continue;
            }
            self.events += 1;
            if let Some(names) = &mut self.names {
                crate::redact::learn::event(names, record);
            }
            if self.picker.is_some_and(|p| p.picks(record)) {
                self.picked.push((seq, record.to_record()));
            }
            let time = record.time;
            if let Some(t) = time.filter(|t| !self.window.contains(*t)) {
                self.outside_window += 1;
                self.collector.saw(t);
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

    /// Merge the workers' evaluators into the outcome, and settle their aggregated rules
    /// into findings, each handed to `found` as it is made.
    fn finish(
        mut evaluators: Vec<Self>,
        settling: Settling<'_>,
        collector: Collector,
        found: &mut dyn FnMut(Finding),
    ) -> EventOutcome {
        let mut outcome = EventOutcome {
            collector,
            ..EventOutcome::default()
        };
        let parts = evaluators.iter_mut().map(part).collect();
        settling.finish_into(parts, &mut |_, finding| found(finding));
        let (mut findings, mut picked) = (Vec::new(), Vec::new());
        for evaluator in &mut evaluators {
            outcome.events += evaluator.events;
            outcome.outside_window += evaluator.outside_window;
            for (path, n) in evaluator.other_apps.drain() {
                *outcome.other_apps.entry(path).or_insert(0) += n;
            }
            if let Some(names) = evaluator.names.take() {
                outcome.names.merge(names);
            }
            outcome
                .collector
                .merge(std::mem::take(&mut evaluator.collector));
            findings.append(&mut evaluator.findings);
            picked.append(&mut evaluator.picked);
        }
        picked.sort_by_key(|(seq, _)| *seq);
        outcome.picked = picked.into_iter().map(|(_, r)| r).collect();
        // Each rule's findings in the order it made them, after the settled ones.
        findings.sort_by_key(|(seq, _)| *seq);
        findings.into_iter().for_each(|(_, f)| found(f));
        outcome
    }
}

/// A worker's part in settling the aggregated rules.
fn part<'a>(evaluator: &'a mut Evaluator<'_>) -> Part<'a> {
    Part {
        aggregator: &mut evaluator.aggregator,
        end: evaluator.end,
    }
}

/// Whether `record` is of the app taken from its file (or names no app).
fn keeps(apps: &HashMap<String, AppChoice>, record: &EventRecord) -> bool {
    let Some(app) = record.app() else { return true };
    let choice = record.location.as_ref().and_then(|l| apps.get(&*l.path));
    choice.is_none_or(|c| c.keeps(app))
}

/// The logs of a run: files loaded whole, and large files to stream.
#[derive(Debug, Default)]
pub struct Logs {
    pub streams: Vec<(PathBuf, String, InputKind)>,
    pub loaded: Vec<Vec<EventRecord>>,
    /// The bounds streamed files are read within.
    pub limits: crate::input::Limits,
    /// The app taken from each log whose records name apps, by the log's path as shown.
    pub apps: HashMap<String, AppChoice>,
    /// The newest time of the records of logs loaded whole that were not about
    /// provisioning: the data read reaches that far.
    pub loaded_not_provisioning: Option<DateTime<Utc>>,
    /// Learn the people and names of every event while evaluating, for `--redact`.
    pub learn: bool,
    /// Keep the events this picks while evaluating (for `trace`).
    pub picker: Option<Picker>,
    /// Where the aggregated rules' groups past `limits.groups_in_memory` are kept: an
    /// unnamed temporary file ([`overflow::TempRuns`]) unless set (tests set it).
    pub groups_store: Option<Arc<dyn Overflow>>,
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
            apps: HashMap::new(),
            loaded_not_provisioning: None,
            learn: false,
            picker: None,
            groups_store: None,
        };
        for records in loaded {
            logs.load(records);
        }
        logs
    }

    /// Add the records of a log loaded whole, with the newest time of its records that
    /// were not about provisioning.
    pub fn load_log(&mut self, records: Vec<Record>, not_provisioning: Option<DateTime<Utc>>) {
        self.loaded_not_provisioning = self.loaded_not_provisioning.max(not_provisioning);
        self.load(records);
    }

    /// Add the records of a log loaded whole.
    pub fn load(&mut self, records: Vec<Record>) {
        self.loaded
            .push(records.into_iter().map(EventRecord::from_record).collect());
    }

    /// Choose, for each log whose records name apps, the app whose records are kept
    /// (see [`crate::input::events::apps`]); `configured` is `app:` of synclint.yaml. A
    /// streamed provider log takes a first pass to count its apps.
    pub fn choose_apps(&mut self, configured: Option<&str>) {
        let mut counts: BTreeMap<String, AppCounts> = BTreeMap::new();
        for log in &self.loaded {
            let path = log.iter().find_map(|e| e.location.as_ref());
            let Some(path) = path.map(|l| l.path.to_string()) else {
                continue;
            };
            let apps = counts.entry(path).or_default();
            log.iter().for_each(|event| count_app(apps, event));
        }
        let named_apps =
            |kind: &InputKind| matches!(kind, InputKind::OktaLog | InputKind::EntraLog);
        let scan = Logs {
            streams: self
                .streams
                .iter()
                .filter(|s| named_apps(&s.2))
                .cloned()
                .collect(),
            limits: self.limits,
            ..Logs::default()
        };
        if !scan.streams.is_empty() {
            let states = fan_out(
                &scan,
                &mut Summary::default(),
                BTreeMap::new,
                |state: &mut BTreeMap<String, AppCounts>, _, batch, _| count_apps(state, batch),
            );
            for (path, apps) in states.into_iter().flatten() {
                counts.entry(path).or_default().merge(apps);
            }
        }
        self.apps = counts
            .into_iter()
            .filter_map(|(path, c)| AppChoice::choose(&c, configured).map(|choice| (path, choice)))
            .collect();
    }

    /// The newest time the logs reach (other apps' events and records not about
    /// provisioning included), found by a first pass over the logs.
    pub fn newest(&self, summary: &mut Summary) -> Option<DateTime<Utc>> {
        let mut scratch = Summary::default();
        let newest = fan_out(
            self,
            &mut scratch,
            || None,
            |newest: &mut Option<DateTime<Utc>>, _, batch, left_out| {
                *newest = batch
                    .iter()
                    .filter_map(|e| e.time)
                    .chain(*newest)
                    .max()
                    .max(left_out);
            },
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
        found: &mut dyn FnMut(Finding),
    ) -> EventOutcome {
        let indexes = Indexes::for_rules(datasets, rules);
        let apps = &self.apps;
        let store = self.groups_store.clone();
        let store = store.unwrap_or_else(|| Arc::new(overflow::TempRuns::default()));
        let settling = Settling::overflowing(rules, store, self.limits.groups_in_memory);
        let groups = settling.shared();
        let learn = self.learn;
        let picker = self.picker.as_ref();
        let evaluators = fan_out(
            self,
            summary,
            || Evaluator {
                rules,
                apps,
                other_apps: HashMap::new(),
                scope: Scope {
                    datasets,
                    indexes: &indexes,
                    now,
                },
                window,
                aggregator: settling.aggregator(),
                collector: Collector::for_window(report.clone()),
                findings: Vec::new(),
                events: 0,
                outside_window: 0,
                end: None,
                names: learn.then(Names::default),
                picker,
                picked: Vec::new(),
            },
            |evaluator, seq, batch, left_out| evaluator.batch(seq, batch, left_out),
        );
        let collector = Collector::for_window(report.clone());
        let outcome = Evaluator::finish(evaluators, settling, collector, found);
        summary
            .problems
            .extend(overflow::problems(groups.troubles()));
        self.report_apps(&outcome, summary);
        outcome
    }

    /// Say in each log's summary which app was taken, why, and how many records of other
    /// apps were left out.
    fn report_apps(&self, outcome: &EventOutcome, summary: &mut Summary) {
        for input in &mut summary.inputs {
            if let Some(choice) = self.apps.get(&input.path) {
                input.app = Some(crate::report::AppSummary {
                    taken: choice.shown.clone(),
                    reason: choice.reason.clone(),
                    other_apps: outcome
                        .other_apps
                        .get(input.path.as_str())
                        .copied()
                        .unwrap_or(0),
                });
            }
        }
    }
}

/// Count the apps the events of `batch` name, by file.
fn count_apps(state: &mut BTreeMap<String, AppCounts>, batch: &[EventRecord]) {
    for event in batch {
        if let (Some(_), Some(at)) = (event.app(), &event.location) {
            match state.get_mut(&*at.path) {
                Some(apps) => count_app(apps, event),
                None => count_app(state.entry(at.path.to_string()).or_default(), event),
            }
        }
    }
}

/// Count the app `event` names, with the other name an Okta event gives it (the app's
/// label beside its catalog name), so `app:` may name it either way.
fn count_app(apps: &mut AppCounts, event: &EventRecord) {
    let Some(app) = event.app() else {
        return;
    };
    apps.add(app);
    if event.str_of("source") == Some("okta") {
        apps.also_named(app, crate::input::events::okta_app_names(event.raw()));
    }
}
