//! `synclint trace`: run the check, stream the logs once more for the person's events,
//! build the trace and write it.

use super::render::renderer;
use super::{build, Lookup, Matcher};
use crate::check::pick::Picker;
use crate::error::Error;
use crate::exit;
use crate::model::event::EventRecord;
use crate::model::path::Fields as _;
use crate::model::{dataset, Record};
use crate::options::{CheckOptions, TraceOptions};
use std::io::Write;

/// Run `trace`. Exit 0 with a trace, 1 when no input knows the person, 4 when an input
/// could not be used (each such file is named on `err`, with its place, as `check` names
/// it: a trace over a cut-off log would otherwise look like a person without events).
///
/// # Errors
/// A bad command line, configuration or rules, or output that cannot be written.
pub fn run(args: &TraceOptions, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let mut check = CheckOptions::quiet(
        args.input.clone(),
        args.config.clone(),
        args.rules.clone(),
        args.now,
    );
    check.whole_users = true;
    check.redact = args.redact.clone();
    let query = args.user.clone();
    let picker_for = |data: &crate::model::Datasets| {
        let matcher = matcher_of(&query, data);
        Some(Picker::new(move |e| matcher.about(e)))
    };
    let mut outcome = crate::check::run_picking(&check, &picker_for)?;
    // A trace looks findings up by user: all of them at hand.
    outcome
        .report
        .findings
        .load()
        .map_err(Error::findings_lost)?;
    let users = outcome.datasets.get(dataset::USERS);
    let mut known = super::lookup(&args.user, users);
    let mut matcher = matcher_of(&args.user, &outcome.datasets);
    let (mut named, mut ids) = (Vec::new(), Vec::new());
    let picked: Vec<_> = outcome
        .picked
        .into_iter()
        .filter_map(|r| {
            let event = EventRecord::from_record(r);
            let traced = matcher.picks(&event)?;
            named.extend(event.str_of("user").map(str::to_owned));
            ids.extend(event.str_of("user_id").map(str::to_owned));
            Some(traced)
        })
        .collect();
    if known.is_err() {
        // A name only the logs use (an Okta login): the id the events give the person
        // may be one a snapshot knows them by.
        if let Some(found) = ids.iter().find_map(|id| super::lookup(id, users).ok()) {
            matcher = Matcher::of(&args.user, found.record().clone());
            known = Ok(found);
        }
    }
    matcher.also_known_as(named);
    let mut lookup = match known {
        Err(not_found) if picked.is_empty() => not_found,
        _ => Lookup::Found(Box::new(build(
            &matcher,
            &outcome.datasets,
            outcome.report.findings.loaded(),
            picked,
        ))),
    };
    let mut summary = outcome.report.summary;
    if let Some(path) = &args.output {
        use crate::own_inputs;
        let named = args.input.named();
        let read = own_inputs::read_paths(&summary, named.chain(args.config.iter()));
        own_inputs::refuse(path, &read)?;
    }
    if let Some(redactor) = &outcome.redactor {
        lookup.redact(redactor);
        summary.redact(redactor);
    }
    write(args, &lookup, out)?;
    crate::report::human::write_problems(&summary, err).map_err(|source| Error::Output {
        path: "standard error".to_owned(),
        source,
    })?;
    Ok(match lookup {
        _ if outcome.unreadable => exit::INPUT,
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

fn write(args: &TraceOptions, lookup: &Lookup, out: &mut dyn Write) -> Result<(), Error> {
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
