//! `synclint report`: the directory sync report over the logs given, with what was read
//! and what was not.

use crate::check::{events, inputs};
use crate::error::Error;
use crate::exit;
use crate::input::{InputKind, LoadedInput};
use crate::model::{dataset, Datasets};
use crate::options::{DocFormat, ReportOptions};
use crate::redact::Redactor;
use crate::report::Summary;
use crate::syncreport::{render, SyncReport, Window};
use crate::text::{markdown as md, terminal as clean};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The report's text, and the summary of what was read.
pub struct SyncOutcome {
    pub text: String,
    pub summary: Summary,
    /// The files read, as they are named before redaction renames any.
    pub read: Vec<std::path::PathBuf>,
}

/// Run `report`: write it to `--output` or `out`. Exit 4 when an input could not be used.
///
/// # Errors
/// A bad log mapping, or output that cannot be written.
pub fn run(args: &ReportOptions, out: &mut dyn std::io::Write) -> Result<u8, Error> {
    let outcome = make(args)?;
    if let Some(path) = &args.output {
        let named = args.input.named();
        let read: Vec<_> = outcome
            .read
            .iter()
            .chain(named)
            .map(PathBuf::as_path)
            .collect();
        crate::own_inputs::refuse(path, &read)?;
    }
    let (shown, written) = match &args.output {
        Some(path) => (
            path.display().to_string(),
            crate::atomic_file::write(path, outcome.text.as_bytes()),
        ),
        None => (
            "standard output".to_owned(),
            out.write_all(outcome.text.as_bytes()),
        ),
    };
    crate::error::unless_reader_gone(written.map_err(|source| Error::Output {
        path: shown,
        source,
    }))?;
    let unusable = outcome
        .summary
        .problems
        .iter()
        .any(crate::report::InputProblem::is_unusable);
    Ok(if unusable { exit::INPUT } else { exit::OK })
}

/// Read the logs among the inputs and render the report over the window asked for.
///
/// # Errors
/// A bad log mapping, or a redaction key that cannot be used.
pub fn make(args: &ReportOptions) -> Result<SyncOutcome, Error> {
    let now = args.now;
    let spec = &args.window;
    let mut summary = Summary::default();
    let mappings = inputs::mappings(&args.input.log_mappings)?;
    let read = inputs::read(
        &args.input.files,
        &mappings,
        &args.input.limits,
        &mut summary,
    );
    let mut logs = events::Logs::new(read.streams, read.mapped, read.limits);
    logs.learn = args.redact.redact;
    // The snapshots among the inputs are not reported on, but with `--redact` their
    // people are learned as `check` learns them: a name a log message quotes may be
    // known only from a user export.
    let mut snapshots = Datasets::new();
    let mut configs = Vec::new();
    for mut input in read.loaded {
        if input.kind == InputKind::Config {
            configs.push(input);
            continue;
        }
        if args.redact.redact {
            for (kind, records) in std::mem::take(&mut input.also) {
                if let Some(name) = kind.dataset() {
                    snapshots.extend(name, records);
                }
            }
        }
        match input.kind.dataset() {
            Some(dataset::EVENTS) => logs.load_log(input.records, input.not_provisioning.newest),
            other => {
                summary.problems.push(inputs::problem(
                    &input.path,
                    "not-a-log",
                    format!(
                        "read as {}, which is not a log; `synclint report` reads logs",
                        input.kind.name()
                    ),
                    None,
                ));
                if let Some(name) = other.filter(|_| args.redact.redact) {
                    snapshots.extend(name, input.records);
                }
            }
        }
    }
    let app = configured_app(&configs)?;
    logs.choose_apps(app.as_deref());
    let all = Window {
        since: None,
        until: None,
    };
    // No rules: no findings.
    let outcome = logs.evaluate(
        &[],
        &Datasets::new(),
        now,
        (all, spec),
        &mut summary,
        &mut |_| {},
    );
    let mut report = outcome.collector.report(spec);
    let read = summary
        .inputs
        .iter()
        .map(|i| i.path.clone().into())
        .collect();
    if args.redact.redact {
        let mut names = outcome.names;
        crate::redact::learn::datasets(&mut names, &snapshots);
        crate::redact::learn::rules(&mut names, &[]);
        let redactor = Redactor::new(args.redact.key.as_deref(), &names).map_err(Error::Usage)?;
        report.redact(&redactor);
        summary.redact(&redactor);
    }
    let text = match args.format {
        DocFormat::Human => format!("{}\n{}", render::human(&report), read_notes(&summary)),
        DocFormat::Json => json(&report, &summary),
        DocFormat::Markdown => format!("{}{}", render::markdown(&report), markdown_notes(&summary)),
    };
    Ok(SyncOutcome {
        text,
        summary,
        read,
    })
}

/// The app named by `app:` in the configuration among the inputs, which picks the
/// Incydr app's records from provider logs as `check` does (a folder's synclint.yaml is
/// one of its inputs).
///
/// # Errors
/// A configuration that cannot be parsed, or several of them.
fn configured_app(configs: &[LoadedInput]) -> Result<Option<String>, Error> {
    match configs {
        [] => Ok(None),
        [one] => {
            let text = one.text.as_deref().unwrap_or_default();
            Ok(crate::config::parse_with(text, &one.path, None)?.app)
        }
        many => {
            let paths: Vec<&str> = many.iter().map(|i| i.path.as_str()).collect();
            Err(Error::Usage(format!(
                "several configurations among the inputs ({}); give `report` one",
                paths.join(", ")
            )))
        }
    }
}

/// What was read and what was not, as lines for the end of a text report.
#[must_use]
fn read_notes(read: &Summary) -> String {
    let mut out = String::new();
    for input in &read.inputs {
        let _ = writeln!(out, "Read {} as {}", clean(&input.path), input.read_as());
        for note in input.notes() {
            let _ = writeln!(out, "  {}", clean(&note));
        }
    }
    for p in &read.problems {
        let _ = writeln!(
            out,
            "Not used ({}): {}: {}",
            p.problem,
            clean(&p.path),
            clean(&p.reason)
        );
    }
    if read.skipped_total() > 0 {
        let _ = writeln!(
            out,
            "Skipped {} record(s); the first: {}",
            read.skipped_total(),
            read.skipped.first().map_or_else(String::new, |s| format!(
                "{}: {}",
                s.location,
                clean(&s.reason)
            ))
        );
    }
    out
}

/// What was read and what was not, as a Markdown section for the end of the Markdown
/// report (so that its output is Markdown alone).
#[must_use]
fn markdown_notes(read: &Summary) -> String {
    let mut out = String::from("\n### Inputs\n\n");
    for input in &read.inputs {
        let _ = writeln!(
            out,
            "- Read {} as {}",
            md(&input.path),
            md(&input.read_as())
        );
        for note in input.notes() {
            let _ = writeln!(out, "  - {}", md(&note));
        }
    }
    for p in &read.problems {
        let _ = writeln!(
            out,
            "- Not used ({}): {}: {}",
            p.problem,
            md(&p.path),
            md(&p.reason)
        );
    }
    if let Some(first) = read.skipped.first() {
        let _ = writeln!(
            out,
            "- Skipped {} record(s); the first: {}: {}",
            read.skipped_total(),
            md(&first.location.to_string()),
            md(&first.reason)
        );
    }
    out
}

/// The JSON document: `window`, `totals`, `providers`, `errors_by_kind`, `busiest_hours`,
/// `timeline`, and what was read (`inputs`, `problems`, `skipped`).
#[must_use]
fn json(r: &SyncReport, read: &Summary) -> String {
    let doc = json!({
        "version": 1,
        "inputs": read.inputs,
        "problems": read.problems,
        "skipped": {"count": read.skipped_total(), "records": read.skipped},
        "window": r.window,
        "totals": r.totals,
        "providers": r.providers,
        "errors_by_kind": r.errors_by_kind,
        "busiest_hours": r.busiest_hours,
        "timeline": r.timeline,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}
