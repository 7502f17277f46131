//! `synclint check`: run the check, apply the baselines and redaction, write each report,
//! and pick the exit code from `--fail-on`.

use crate::error::Error;
use crate::exit;
use crate::options::{CheckOptions, Color, Output};
use crate::report::{RenderOptions, Report};
use std::io::{IsTerminal, Write};

/// Run `check`, writing the report without a file to `out` and warnings to `err`.
///
/// # Errors
/// Invalid rules or configuration, a bad command line, or a report that cannot be written.
pub fn run(
    args: &CheckOptions,
    color: Color,
    (out, err): (&mut dyn Write, &mut dyn Write),
) -> Result<u8, Error> {
    let mut outcome = match crate::check::run(args) {
        Ok(outcome) => outcome,
        Err(error) => {
            if error.exit_code() == exit::CONFIG {
                super::check_invalid::write_reports(args, &error, out);
            }
            return Err(error);
        }
    };
    outcome.release();
    refuse_own_inputs(args, &outcome.report)?;
    // Redacted first: the fingerprints a redacted run writes (SARIF, baselines) are then
    // hashes of the pseudonyms, never of the real values.
    if let Some(redactor) = &outcome.redactor {
        outcome.report.redact(redactor);
        warn_unstable(args, redactor, err);
    }
    crate::check::baseline::apply(args, &mut outcome.report, outcome.redactor.as_ref())?;
    warn_code_scanning(args, &outcome.report, err);
    for output in &args.outputs {
        let options = RenderOptions {
            color: use_color(output, color),
            max_findings: args.max_findings,
        };
        crate::error::unless_reader_gone(write_output(&outcome.report, output, &options, out))?;
    }
    if outcome.unreadable {
        return Ok(exit::INPUT);
    }
    let failing = args
        .fail_on
        .is_some_and(|t| outcome.report.worst().is_some_and(|w| w >= t));
    Ok(if failing { exit::FINDINGS } else { exit::OK })
}

/// A usage error when a report file (or the baseline to write) is one of the files read,
/// told before anything is written. Paths are compared before redaction renames them. The
/// baseline read is not among them: writing the new baseline over it is how one is kept.
fn refuse_own_inputs(args: &CheckOptions, report: &Report) -> Result<(), Error> {
    let named = args.input.named().chain(args.config.iter());
    let read = crate::own_inputs::read_paths(&report.summary, named);
    let outputs = args.outputs.iter().filter_map(|o| o.path.as_ref());
    for path in outputs.chain(args.write_baseline.iter()) {
        crate::own_inputs::refuse(path, &read)?;
    }
    Ok(())
}

/// A SARIF report redacted with a random key: its fingerprints cannot be matched by the
/// next run, which code scanning needs to follow an alert.
fn warn_unstable(args: &CheckOptions, redactor: &crate::redact::Redactor, err: &mut dyn Write) {
    if writes_sarif(args) && !redactor.key_is_fixed() {
        // A warning that cannot be written is not worth failing the run for.
        let _ = writeln!(
            err,
            "warning: --redact without --redact-key (or SYNCLINT_REDACT_KEY) uses a new random \
             key: the pseudonyms and the SARIF fingerprints change on every run, so no alert \
             of this report matches one of another run"
        );
    }
}

/// A SARIF report larger than GitHub code scanning takes: refused, or cut to its most
/// severe results, on upload.
fn warn_code_scanning(args: &CheckOptions, report: &Report, err: &mut dyn Write) {
    let note = crate::report::sarif::code_scanning_note(report.findings.len());
    if let Some(note) = note.filter(|_| writes_sarif(args)) {
        // A warning that cannot be written is not worth failing the run for.
        let _ = writeln!(err, "{note}");
    }
}

/// Whether the run writes a SARIF report.
fn writes_sarif(args: &CheckOptions) -> bool {
    let sarif = crate::report::OutputFormat::Sarif;
    args.outputs.iter().any(|o| o.format == sarif)
}

/// Whether `output` is written in colour.
fn use_color(output: &Output, color: Color) -> bool {
    let to_terminal = output.path.is_none() && std::io::stdout().is_terminal();
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

pub(super) fn write_output(
    report: &Report,
    output: &Output,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let renderer = output.format.renderer(options);
    let shown = output
        .path
        .as_ref()
        .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
    let failed = |source| Error::Output {
        path: shown.clone(),
        source,
    };
    // Streamed, not built in memory: a report on a large log runs to hundreds of MB.
    match &output.path {
        // A report is whole only if every finding was read back: checked before the file
        // takes the place of an older one.
        Some(path) => crate::atomic_file::write_with(path, |file| {
            renderer.render(report, file)?;
            report.findings.check()
        })
        .map_err(failed),
        None => {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            renderer.render(report, &mut buffered).map_err(failed)?;
            report.findings.check().map_err(failed)?;
            buffered.flush().map_err(failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::OutputFormat;

    /// A report whose stored findings cannot all be read back: every format fails, and
    /// no report file takes the place of the one there.
    #[test]
    fn a_report_missing_findings_is_an_error_and_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.out");
        use clap::Parser as _;
        let argv = [
            "synclint",
            "check",
            "fixtures/demo",
            "--now",
            "2026-11-28T12:00:00Z",
        ];
        let cli = crate::cli::Cli::try_parse_from(argv).unwrap();
        let crate::options::Command::Check(args) = crate::cli::options(&cli).unwrap().command
        else {
            panic!("not a check");
        };
        let mut args = *args;
        args.input.limits.findings_in_memory = 0;
        let mut outcome = crate::check::run(&args).unwrap();
        assert!(outcome.report.findings.is_stored());
        outcome.report.findings.cut_short(3);
        for (name, format) in OutputFormat::ALL {
            std::fs::write(&path, "older report").unwrap();
            let output = Output {
                format: *format,
                path: Some(path.clone()),
            };
            let written = write_output(
                &outcome.report,
                &output,
                &RenderOptions::default(),
                &mut Vec::new(),
            );
            let error = written.expect_err(name).to_string();
            assert!(error.contains("report.out"), "{name}: {error}");
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                "older report",
                "{name}"
            );
            let mut out = Vec::new();
            assert!(
                write_output(
                    &outcome.report,
                    &Output {
                        format: *format,
                        path: None
                    },
                    &RenderOptions::default(),
                    &mut out
                )
                .is_err(),
                "{name}"
            );
        }
    }
}
