//! `synclint report`: the directory sync report over the logs given.

use super::{events, inputs};
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Error;
use crate::model::{dataset, Datasets};
use crate::redact::Redactor;
use crate::report::Summary;
use crate::syncreport::{render, Window, WindowSpec};
use chrono::{DateTime, Utc};

/// The report's text, and the summary of what was read.
pub struct SyncOutcome {
    pub text: String,
    pub summary: Summary,
}

/// Read the logs among `args.inputs` and render the report over the window asked for.
///
/// # Errors
/// A usage error for a bad window or `--kind`.
pub fn run(args: &ReportArgs, now: DateTime<Utc>) -> Result<SyncOutcome, Error> {
    let spec = WindowSpec::parse(
        args.window.since.as_deref(),
        args.window.until.as_deref(),
        now,
    )
    .map_err(Error::Usage)?;
    let files = crate::settings::kinds(&args.input.inputs, &args.input.kinds)?;
    let mut summary = Summary::default();
    let mappings = inputs::mappings(&args.input.log_mappings)?;
    let limits = args.input.limits.limits();
    let read = inputs::read(&files, &mappings, &limits, &mut summary);
    let mut logs = events::Logs::new(read.streams, read.mapped, read.limits);
    logs.learn = args.redact.redact;
    for input in read.loaded {
        if input.kind.dataset() == Some(dataset::EVENTS) {
            logs.load_log(input.records, input.not_provisioning.newest);
        } else {
            summary.problems.push(inputs::problem(
                &input.path,
                "not-a-log",
                format!(
                    "read as {}, which is not a log; `synclint report` reads logs",
                    input.kind.name()
                ),
                None,
            ));
        }
    }
    logs.choose_apps(None);
    let all = Window {
        since: None,
        until: None,
    };
    let outcome = logs.evaluate(&[], &Datasets::new(), now, (all, &spec), &mut summary);
    let mut report = outcome.collector.report(&spec);
    if args.redact.redact {
        let redactor = Redactor::new(args.redact.redact_key.as_deref(), &outcome.names)
            .map_err(Error::Usage)?;
        report.redact(&redactor);
        summary.redact(&redactor);
    }
    let text = match args.format {
        ReportFormat::Human => format!(
            "{}\n{}",
            render::human(&report),
            render::read_notes(&summary)
        ),
        ReportFormat::Json => render::json(&report, &summary),
        ReportFormat::Markdown => format!(
            "{}{}",
            render::markdown(&report),
            render::markdown_notes(&summary)
        ),
    };
    Ok(SyncOutcome { text, summary })
}
