//! `synclint trace`: run the check, stream the logs once more for the person's events,
//! build the trace and write it.

use super::render::renderer;
use super::{build, Lookup, Matcher};
use crate::check::pick::Picker;
use crate::cli::{CheckArgs, FailOn, InputArgs, RedactArgs, RuleArgs, TraceArgs};
use crate::error::{exit, Error};
use crate::model::event::EventRecord;
use crate::model::{dataset, Record};
use std::io::Write;
use std::path::PathBuf;

/// What `trace` and `plan` pass on to the check they run.
pub struct CheckParts<'a> {
    pub input: &'a InputArgs,
    pub config: Option<&'a PathBuf>,
    pub rule_args: &'a RuleArgs,
    pub select: &'a [String],
    pub ignore: &'a [String],
    pub now: Option<&'a String>,
    pub baseline: Option<&'a PathBuf>,
    pub redact: RedactArgs,
}

/// The check `trace` and `plan` run: every event, every finding, no output of its own.
#[must_use]
pub fn check_args(parts: CheckParts<'_>) -> CheckArgs {
    CheckArgs {
        input: parts.input.clone(),
        config: parts.config.cloned(),
        rule_args: parts.rule_args.clone(),
        select: parts.select.to_vec(),
        ignore: parts.ignore.to_vec(),
        severities: Vec::new(),
        fail_on: FailOn::Never,
        formats: Vec::new(),
        output: None,
        now: parts.now.cloned(),
        baseline: parts.baseline.cloned(),
        write_baseline: None,
        window: crate::cli::WindowArgs::default(),
        redact: parts.redact,
    }
}

/// Run `trace`. Exit 0 with a trace, 1 when no input knows the person.
///
/// # Errors
/// A bad command line, configuration or rules, or output that cannot be written.
pub fn run(args: &TraceArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let now = crate::reference_time(args.now.as_deref())?;
    let check = check_args(CheckParts {
        input: &args.input,
        config: args.config.as_ref(),
        rule_args: &args.rule_args,
        select: &[],
        ignore: &[],
        now: args.now.as_ref(),
        baseline: None,
        redact: args.redact.clone(),
    });
    let query = args.user.clone();
    let picker_for = |data: &crate::model::Datasets| {
        let matcher = matcher_of(&query, data);
        Some(Picker::new(move |e| matcher.about(e)))
    };
    let outcome = crate::check::run_picking(&check, now, &picker_for)?;
    let users = outcome.datasets.get(dataset::USERS);
    let known = super::lookup(&args.user, users);
    let matcher = matcher_of(&args.user, &outcome.datasets);
    let picked: Vec<_> = outcome
        .picked
        .into_iter()
        .filter_map(|r| matcher.picks(&EventRecord::from_record(r)))
        .collect();
    let mut lookup = match known {
        Err(not_found) if picked.is_empty() => not_found,
        _ => Lookup::Found(Box::new(build(
            &matcher,
            &outcome.datasets,
            &outcome.report.findings,
            picked,
        ))),
    };
    if let Some(redactor) = &outcome.redactor {
        lookup.redact(redactor);
    }
    write(args, &lookup, out)?;
    Ok(match lookup {
        Lookup::Found(_) => exit::OK,
        Lookup::NotFound { .. } => exit::FINDINGS,
    })
}

/// The person `query` names in the `users` view of `data`, or one known by that name
/// alone (the logs may still name them).
fn matcher_of(query: &str, data: &crate::model::Datasets) -> Matcher {
    super::lookup(query, data.get(dataset::USERS))
        .unwrap_or_else(|_| Matcher::of(query, Record::new(serde_json::json!({}), None)))
}

fn write(args: &TraceArgs, lookup: &Lookup, out: &mut dyn Write) -> Result<(), Error> {
    let render = renderer(args.format);
    let shown = args
        .output
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let failed = |source| Error::Output {
        path: shown.clone(),
        source,
    };
    match &args.output {
        Some(path) => {
            crate::atomic_file::write_with(path, |file| render.render(lookup, file)).map_err(failed)
        }
        None => render.render(lookup, out).map_err(failed),
    }
}
