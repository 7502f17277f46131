//! A check stopped by an invalid configuration, rule file or log mapping (exit 3) still
//! writes its machine reports: a CI job that uploads SARIF or reads JUnit and annotations
//! then shows the broken file, at its line, on the change that broke it, instead of
//! finding no report at all. Each marked spot of the error becomes an input problem
//! `invalid` with its place; the full diagnostic still goes to standard error.

use crate::error::Error;
use crate::model::Location;
use crate::options::CheckOptions;
use crate::report::{InputProblem, OutputFormat, RenderOptions, Report};
use miette::Diagnostic;
use std::io::Write;

/// The problem name of a file that stopped the check.
pub const INVALID: &str = "invalid";

/// Write every report of `args` that a machine reads (all but the human one) for a check
/// that `err` stopped. A report that cannot be written is left out: the error that
/// stopped the check is the one to tell. So is one that would be written over a file
/// named on the command line or over the broken file itself (`-o synclint.yaml`).
pub fn write_reports(args: &CheckOptions, err: &Error, out: &mut dyn Write) {
    let mut report = Report::default();
    report.summary.problems = problems_of(err);
    let broken: Vec<std::path::PathBuf> = report
        .summary
        .problems
        .iter()
        .filter(|p| !p.path.is_empty())
        .map(|p| p.path.clone().into())
        .collect();
    let named = args.input.named();
    let read: Vec<&std::path::Path> = named
        .chain(args.config.iter())
        .chain(&broken)
        .map(std::path::PathBuf::as_path)
        .collect();
    let written = args
        .outputs
        .iter()
        .filter(|o| o.format != OutputFormat::Human);
    for output in written {
        let own = output.path.as_deref();
        if own.is_some_and(|path| crate::own_inputs::refuse(path, &read).is_err()) {
            continue;
        }
        let _ = super::check::write_output(&report, output, &RenderOptions::default(), out);
    }
}

/// One problem for each marked spot of `err` and of the diagnostics it holds, or one
/// without a place when nothing is marked.
#[must_use]
pub fn problems_of(err: &Error) -> Vec<InputProblem> {
    let mut found = Vec::new();
    collect(err, &err.to_string(), &mut found);
    if found.is_empty() {
        found.push(InputProblem {
            path: String::new(),
            problem: INVALID,
            reason: err.to_string(),
            location: None,
        });
    }
    found
}

fn collect(diagnostic: &dyn Diagnostic, context: &str, found: &mut Vec<InputProblem>) {
    let message = diagnostic.to_string();
    let help = diagnostic.help().map(|h| h.to_string());
    if let (Some(source), Some(labels)) = (diagnostic.source_code(), diagnostic.labels()) {
        for label in labels {
            let Ok(contents) = source.read_span(label.inner(), 0, 0) else {
                continue;
            };
            let path = contents.name().unwrap_or_default().to_owned();
            let what = label
                .label()
                .filter(|l| !l.eq_ignore_ascii_case("here"))
                .map_or_else(String::new, |l| format!(" ({l})"));
            // The inner message often starts with the path the problem is placed in.
            let message = message
                .strip_prefix(&format!("{path}: "))
                .unwrap_or(&message);
            let fix = help.as_ref().map_or_else(String::new, |h| format!("; {h}"));
            let line = u32::try_from(contents.line() + 1).unwrap_or(u32::MAX);
            let column = u32::try_from(contents.column() + 1).unwrap_or(u32::MAX);
            found.push(InputProblem {
                path: path.clone(),
                problem: INVALID,
                reason: if message == context {
                    format!("{message}{what}{fix}")
                } else {
                    format!("{context}: {message}{what}{fix}")
                },
                location: Some(Location::new(path, line, column)),
            });
        }
    }
    if let Some(inner) = diagnostic.diagnostic_source() {
        collect(inner, context, found);
    }
    for related in diagnostic.related().into_iter().flatten() {
        collect(related, context, found);
    }
}
