//! `synclint check`: read every input, build the datasets, run the rules, make the report.

use crate::config::{self, Config};
use crate::error::Error;
use crate::options::CheckOptions;
pub mod baseline;
mod copies;
pub(crate) mod events;
mod fan_out;
mod findings;
pub(crate) mod inputs;
pub(crate) mod overflow;
mod overlap;
pub mod pick;
mod problems;
mod progress;
mod repeats;

use crate::input::{InputKind, LoadedInput};
use crate::model::join;
use crate::model::{dataset, Datasets};
use crate::redact::{Names, Redactor};
use crate::report::RuleInfo;
use crate::report::{Report, RuleNotRun, Summary};
use crate::rules::load::load_rules;
use crate::rules::Rule;
use crate::syncreport::window::Bound;
use crate::syncreport::{Window, WindowSpec};
use std::path::{Path, PathBuf};

/// The result of a check: the report, whether any input could not be read at all, and
/// with `--redact` the redactor that knows every person the inputs name (applied by the
/// caller once the baseline is applied, so a baseline matches with or without it).
pub struct Outcome {
    pub report: Report,
    pub unreadable: bool,
    pub redactor: Option<Redactor>,
    /// The datasets read (with the `users` view), for `trace` and `plan`.
    pub datasets: Datasets,
    /// The events the picker kept (see [`run_picking`]), in reading order.
    pub picked: Vec<crate::model::Record>,
}

/// Run a check.
///
/// # Errors
/// Invalid rules or configuration, or a bad command line.
pub fn run(args: &CheckOptions) -> Result<Outcome, Error> {
    run_picking(args, &|_| None)
}

/// Run a check, keeping the events the picker that `picker_for` makes of the datasets
/// wants (in the same pass over the logs).
///
/// # Errors
/// Invalid rules or configuration, or a bad command line.
pub fn run_picking(args: &CheckOptions, picker_for: pick::PickerFor<'_>) -> Result<Outcome, Error> {
    let now = args.now;
    let inputs = &args.input.files;
    let spec = &args.window;
    let mut summary = Summary::default();
    let mappings = inputs::mappings(&args.input.log_mappings)?;
    let mut read = inputs::read(inputs, &mappings, &args.input.limits, &mut summary);
    // The unpacked archives' folders live until the logs in them are read.
    let _unpacked = std::mem::take(&mut read.unpacked);
    let loaded_rules = LoadedRules::default();
    let config = find_config(args, &read.loaded, &loaded_rules)?;
    if inputs.is_empty() && config.is_none() {
        return Err(Error::Usage(
            "nothing to check: name files or folders (e.g. `synclint check exports/`), or run where a synclint.yaml is".to_owned(),
        ));
    }
    let (mut datasets, logs) = datasets_of(read, config.as_ref());
    summary.skipped.extend(repeats::notes(&datasets));
    summary
        .skipped
        .extend(crate::model::nesting::notes(&datasets));
    let rules = rules_for(args, config.as_ref(), loaded_rules)?;
    let reads = (!args.whole_users).then(|| users_reads(&rules));
    add_users_view(&mut datasets, config.as_ref(), reads);
    let (runnable, not_run) = split_runnable(rules, &datasets);
    summary.rules_run = runnable.len();
    summary.rules_not_run = not_run;
    let (event_rules, other_rules): (Vec<Rule>, Vec<Rule>) = runnable
        .iter()
        .cloned()
        .partition(|r| r.dataset == dataset::EVENTS);
    let limit = args.input.limits.findings_in_memory;
    let mut gather = findings::Gather::new(&runnable, limit);
    for finding in crate::engine::evaluate(&other_rules, &datasets, now) {
        gather.push(finding);
    }
    let mut sync = None;
    let mut names = Names::default();
    let mut picked = Vec::new();
    if let Some(mut logs) = logs {
        logs.learn = args.redact.redact;
        logs.picker = picker_for(&datasets);
        let window = check_window(spec, &logs, &mut summary);
        let report = WindowSpec {
            since: Some(window_since(spec, window)),
            until: window.until,
        };
        let outcome = logs.evaluate(
            &event_rules,
            &datasets,
            now,
            (window, &report),
            &mut summary,
            &mut |finding| gather.push(finding),
        );
        sync = Some(outcome.collector.report(&report));
        names = outcome.names;
        picked = outcome.picked;
    }
    datasets.touch(dataset::EVENTS);
    let today = now.date_naive();
    let suppressor = config
        .as_ref()
        .map(|cfg| crate::gate::Suppressor::new(&cfg.suppressions, today, &mut summary.gate));
    let mut gate = std::mem::take(&mut summary.gate);
    let (findings, lost) = gather.finish(&datasets, suppressor.map(|s| (s, &mut gate)));
    summary.gate = gate;
    if let Some(reason) = lost {
        summary.problems.push(crate::report::InputProblem {
            path: "(findings of the check)".to_owned(),
            problem: "unreadable",
            reason,
            location: None,
        });
    }
    let mut report = Report {
        findings,
        rules: runnable.iter().map(RuleInfo::from).collect(),
        summary,
        sync,
        ..Report::default()
    };
    if let Some(cfg) = config {
        report.sources.insert(cfg.path.clone(), cfg.text.clone());
        report.config_fixes = crate::report::fixes::config_fixes(&cfg, &datasets);
    }
    let redactor = if args.redact.redact {
        learn_names(&mut names, &report, &datasets, &runnable);
        let key = args.redact.key.as_deref();
        Some(Redactor::new(key, &names).map_err(Error::Usage)?)
    } else {
        None
    };
    let unreadable = report
        .summary
        .problems
        .iter()
        .any(crate::report::InputProblem::is_unusable);
    Ok(Outcome {
        report,
        unreadable,
        redactor,
        datasets,
        picked,
    })
}

/// The window of the directory sync report inside a check: the check's window, or the
/// 24 hours before its end when the check reads all events.
fn window_since(spec: &WindowSpec, window: Window) -> Bound {
    match (spec.since, window.since) {
        (Some(bound), _) => bound,
        (None, Some(t)) => Bound::At(t),
        (None, None) => Bound::Before(chrono::Duration::hours(24)),
    }
}

/// `--since`/`--until` for the rules: all events unless given; a relative `--since` without
/// `--until` is measured from the newest event, which takes a first pass over the logs.
fn check_window(spec: &WindowSpec, logs: &events::Logs, summary: &mut Summary) -> Window {
    match (spec.since, spec.until) {
        (None, None) => Window {
            since: None,
            until: None,
        },
        (Some(Bound::Before(_)), None) => spec.resolve(logs.newest(summary)),
        _ => spec.resolve(None),
    }
}

/// The datasets of everything loaded whole, and the logs to stream.
fn datasets_of(read: inputs::Inputs, config: Option<&Config>) -> (Datasets, Option<events::Logs>) {
    let mut datasets = Datasets::new();
    let mut logs = events::Logs::new(read.streams, read.mapped, read.limits);
    for input in read
        .loaded
        .into_iter()
        .filter(|i| i.kind != InputKind::Config)
    {
        let one_page = input.page.is_some();
        for (kind, records) in input.also {
            if let Some(name) = kind.dataset() {
                datasets.extend(name, records);
                if one_page {
                    datasets.mark_partial(name);
                }
            }
        }
        if let Some(name) = input.kind.dataset().filter(|_| one_page) {
            datasets.mark_partial(name);
        }
        match input.kind.dataset() {
            Some(dataset::EVENTS) => logs.load_log(input.records, input.not_provisioning.newest),
            Some(name) => datasets.extend(name, input.records),
            None => {}
        }
    }
    if let Some(cfg) = config {
        for (name, records) in cfg.records() {
            datasets.extend(name, records);
        }
    }
    crate::model::resolve::annotate(&mut datasets);
    logs.choose_apps(config.and_then(|c| c.app.as_deref()));
    let has_logs = !logs.streams.is_empty() || !logs.loaded.is_empty();
    if has_logs {
        datasets.touch(dataset::EVENTS);
    }
    (datasets, has_logs.then_some(logs))
}

/// The people and the names to keep of the datasets, the rules and the findings, added to
/// those `names` learned from the logs.
fn learn_names(names: &mut Names, report: &Report, datasets: &Datasets, rules: &[Rule]) {
    crate::redact::learn::datasets(names, datasets);
    crate::redact::learn::rules(names, rules);
    crate::redact::learn::findings(names, report.findings.iter());
}

/// The configuration: `--config`, else the one among the inputs (parsed from the text
/// already read), else one [`config::discover`] finds in a folder.
fn find_config(
    args: &CheckOptions,
    loaded: &[LoadedInput],
    rules: &LoadedRules,
) -> Result<Option<Config>, Error> {
    let names = |paths: &[PathBuf]| rule_names(args, paths, rules);
    let names: Option<config::RuleNames<'_>> = Some(&names);
    if args.config.is_none() {
        let found: Vec<&LoadedInput> = loaded
            .iter()
            .filter(|i| i.kind == InputKind::Config)
            .collect();
        match found.as_slice() {
            [one] => {
                let text = one.text.clone().unwrap_or_default();
                return Ok(Some(config::parse_with(&text, &one.path, names)?));
            }
            [] => {}
            many => {
                let paths: Vec<&str> = many.iter().map(|i| i.path.as_str()).collect();
                return Err(Error::Usage(format!(
                    "several configurations among the inputs ({}); name one with --config",
                    paths.join(", ")
                )));
            }
        }
    }
    let read: Vec<&Path> = loaded.iter().map(|i| Path::new(&i.path)).collect();
    let Ok(path) = config::discover(args.config.as_deref(), args.input.paths(), &read) else {
        return Ok(None);
    };
    Ok(Some(config::load_with(
        &path,
        &inputs::display(&path),
        names,
    )?))
}

/// What `rules` read of `users` records, each path as its keys.
fn users_reads(rules: &[Rule]) -> Vec<Vec<String>> {
    let paths = rules.iter().flat_map(|r| &r.reads);
    let of_users = paths.filter(|(ds, _)| ds == dataset::USERS);
    of_users.map(|(_, p)| p.keys().to_vec()).collect()
}

/// The `users` view; with `reads`, its records keep only what those paths reach of their
/// IdP and console sides (a large tenant's records are otherwise copied whole, twice).
fn add_users_view(
    datasets: &mut Datasets,
    config: Option<&Config>,
    reads: Option<Vec<Vec<String>>>,
) {
    if !datasets.has(dataset::IDP_USERS) && !datasets.has(dataset::CONSOLE_USERS) {
        return;
    }
    let mut settings = config.map(Config::join_settings).unwrap_or_default();
    settings.reads = reads;
    let users = join::users(datasets, &settings);
    datasets.extend(dataset::USERS, users);
}

/// The rules loaded to check the configuration's rule names, with the rule paths they
/// were loaded from, so that the run does not load and compile them a second time.
type LoadedRules = std::cell::RefCell<Option<(Vec<PathBuf>, Vec<Rule>)>>;

/// The ids and categories of the rules a run with `args` and a configuration naming
/// `config_paths` would load; None when they cannot be loaded (reported by [`rules_for`]).
fn rule_names(
    args: &CheckOptions,
    config_paths: &[PathBuf],
    loaded: &LoadedRules,
) -> Option<(Vec<String>, Vec<String>)> {
    let mut sources = args.rules.clone();
    sources.paths.extend_from_slice(config_paths);
    let rules = load_rules(&sources).ok()?;
    let ids = rules.iter().map(|r| r.id.to_string()).collect();
    let categories = rules.iter().map(|r| r.category.to_string()).collect();
    loaded.replace(Some((sources.paths, rules)));
    Some((ids, categories))
}

fn rules_for(
    args: &CheckOptions,
    config: Option<&Config>,
    loaded: LoadedRules,
) -> Result<Vec<Rule>, Error> {
    let mut sources = args.rules.clone();
    if let Some(cfg) = config {
        sources.paths.extend(cfg.rules.paths.iter().cloned());
    }
    let rules = match loaded.into_inner() {
        Some((paths, rules)) if paths == sources.paths => rules,
        _ => load_rules(&sources)?,
    };
    crate::settings::shape_rules(rules, args, config)
}

/// Rules whose datasets (their own and those they look up) some input supplied, and the rest.
fn split_runnable(rules: Vec<Rule>, datasets: &Datasets) -> (Vec<Rule>, Vec<RuleNotRun>) {
    let mut runnable = Vec::new();
    let mut not_run = Vec::new();
    for rule in rules {
        let missing: Vec<String> = rule
            .needs
            .iter()
            .filter(|d| !datasets.has(d))
            .cloned()
            .collect();
        if missing.is_empty() {
            runnable.push(rule);
        } else {
            not_run.push(RuleNotRun {
                rule: rule.id.to_string(),
                missing,
            });
        }
    }
    (runnable, not_run)
}
