//! `synclint check`: read every input, build the datasets, run the rules, make the report.

use crate::cli::CheckArgs;
use crate::config::{self, Config};
use crate::error::Error;
use crate::input::{self, InputError, InputKind, LoadedInput};
use crate::model::join::{self, JoinSettings};
use crate::model::path::FieldPath;
use crate::model::{dataset, Datasets};
use crate::report::{InputProblem, InputSummary, Report, RuleNotRun, Summary};
use crate::rules::load::{load_rules, RuleSources};
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The result of a check: the report, and whether any input could not be read at all.
pub struct Outcome {
    pub report: Report,
    pub unreadable: bool,
}

/// Run a check.
///
/// # Errors
/// Invalid rules or configuration, or a bad command line.
pub fn run(args: &CheckArgs, now: DateTime<Utc>) -> Result<Outcome, Error> {
    let inputs = crate::settings::inputs(args)?;
    let mut summary = Summary::default();
    let loaded = read_inputs(&inputs, &mut summary);
    let config = find_config(args, &inputs, &loaded)?;
    let mut datasets = Datasets::new();
    for input in loaded.iter().filter(|i| i.kind != InputKind::Config) {
        if let Some(name) = input.kind.dataset() {
            datasets.extend(name, input.records.iter().cloned());
        }
    }
    if let Some(cfg) = &config {
        for (name, records) in cfg.records() {
            datasets.extend(name, records);
        }
    }
    add_users_view(&mut datasets, config.as_ref());
    let rules = rules_for(args, config.as_ref())?;
    let (runnable, not_run) = split_runnable(rules, &datasets);
    summary.rules_run = runnable.len();
    summary.rules_not_run = not_run;
    let findings = crate::engine::run(&runnable, &datasets, now);
    let mut report = Report {
        findings,
        summary,
        ..Report::default()
    };
    if let Some(cfg) = config {
        report.sources.insert(cfg.path.clone(), cfg.text.clone());
    }
    let unreadable = report
        .summary
        .problems
        .iter()
        .any(|p| p.problem == "unreadable");
    Ok(Outcome { report, unreadable })
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Expand folders and read every file; problems go to the summary, the rest is returned.
fn read_inputs(inputs: &[(PathBuf, Option<InputKind>)], summary: &mut Summary) -> Vec<LoadedInput> {
    let mut files = Vec::new();
    for (path, kind) in inputs {
        if path.is_dir() {
            match input::discover(path) {
                Ok(found) => files.extend(found.into_iter().map(|f| (f, *kind))),
                Err(e) => summary.problems.push(problem(
                    &display(path),
                    "unreadable",
                    e.to_string(),
                    None,
                )),
            }
        } else {
            files.push((path.clone(), *kind));
        }
    }
    let mut loaded = Vec::new();
    for (path, kind) in files {
        let shown = display(&path);
        match input::load_file(&path, &shown, kind) {
            Ok(file) => {
                summary.inputs.push(InputSummary {
                    path: shown,
                    kind: file.kind.name().to_owned(),
                    records: file.records.len(),
                });
                summary.skipped.extend(file.skipped.iter().cloned());
                loaded.push(file);
            }
            Err(err) => summary.problems.push(from_input_error(err)),
        }
    }
    loaded
}

fn problem(
    path: &str,
    what: &'static str,
    reason: String,
    location: Option<crate::model::Location>,
) -> InputProblem {
    InputProblem {
        path: path.to_owned(),
        problem: what,
        reason,
        location,
    }
}

fn from_input_error(err: InputError) -> InputProblem {
    match err {
        InputError::Unreadable { path, source } => {
            problem(&path, "unreadable", source.to_string(), None)
        }
        InputError::Unrecognized { path, reason } => problem(&path, "unrecognized", reason, None),
        InputError::Malformed {
            path,
            line,
            column,
            reason,
        } => {
            let at = crate::model::Location::new(path.clone(), line, column);
            problem(&path, "malformed", reason, Some(at))
        }
    }
}

/// The configuration: `--config`, else one found among the inputs, else `synclint.yaml`
/// in an input folder or the current directory.
fn find_config(
    args: &CheckArgs,
    inputs: &[(PathBuf, Option<InputKind>)],
    loaded: &[LoadedInput],
) -> Result<Option<Config>, Error> {
    if let Some(path) = &args.config {
        return Ok(Some(config::load(path, &display(path))?));
    }
    let found: Vec<&LoadedInput> = loaded
        .iter()
        .filter(|i| i.kind == InputKind::Config)
        .collect();
    match found.as_slice() {
        [one] => {
            let text = one.text.clone().unwrap_or_default();
            return Ok(Some(config::parse(&text, &one.path)?));
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
    let folders = inputs
        .iter()
        .map(|(p, _)| p.as_path())
        .filter(|p| p.is_dir());
    for dir in folders.chain(std::iter::once(Path::new("."))) {
        let candidate = dir.join("synclint.yaml");
        if candidate.is_file() && !loaded.iter().any(|i| Path::new(&i.path) == candidate) {
            return Ok(Some(config::load(&candidate, &display(&candidate))?));
        }
    }
    Ok(None)
}

fn add_users_view(datasets: &mut Datasets, config: Option<&Config>) {
    if !datasets.has(dataset::IDP_USERS) && !datasets.has(dataset::CONSOLE_USERS) {
        return;
    }
    let settings = config.map(join_settings).unwrap_or_default();
    let users = join::users(datasets, &settings);
    datasets.extend(dataset::USERS, users);
}

fn join_settings(cfg: &Config) -> JoinSettings {
    let mapping = cfg.organization_mapping.as_ref();
    JoinSettings {
        org_mode: mapping.map(|m| m.mode().to_owned()),
        org_attribute: match mapping {
            Some(config::OrgMapping::Attribute { attribute }) => {
                FieldPath::parse(&attribute.value).ok()
            }
            _ => None,
        },
        local_users: (!cfg.local_users.is_empty()).then(|| cfg.local_users.clone()),
        scope_groups: cfg.scope_groups.clone(),
    }
}

fn rules_for(args: &CheckArgs, config: Option<&Config>) -> Result<Vec<Rule>, Error> {
    let mut paths = args.rule_args.rules.clone();
    if let Some(cfg) = config {
        paths.extend(cfg.rules.paths.iter().cloned());
    }
    let rules = load_rules(&RuleSources {
        builtin: !args.rule_args.no_builtin,
        paths,
    })?;
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
                rule: rule.id,
                missing,
            });
        }
    }
    (runnable, not_run)
}
