//! synclint: diagnoses directory-sync (SCIM provisioning) problems between an identity
//! provider and Code42 Incydr.
//!
//! The pipeline runs one way: `input` and `config` read files into `model` datasets,
//! `rules` compiles YAML rules, `engine` turns datasets into `finding`s, `report` renders
//! them. [`run`] drives it all so tests can call the whole program in-process.

pub mod atomic_file;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod engine;
pub mod error;
pub mod finding;
pub mod gate;
pub mod input;
pub mod model;
pub mod notify;
pub mod plan;
pub mod redact;
pub mod report;
pub mod rules;
pub mod settings;
pub mod snippet;
pub mod suggest;
pub mod syncreport;
pub mod time;
pub mod trace;
pub mod yaml;

use cli::{CheckArgs, ColorChoice, Command};
use error::{exit, Error};
use std::io::{IsTerminal, Write};

/// Run a parsed command line, writing its normal output to `out`. Returns the exit code.
///
/// # Errors
/// An [`Error`] for `main` to print; its `exit_code` is the process's.
pub fn run(cli: &cli::Cli, out: &mut dyn Write) -> Result<u8, Error> {
    let write = |out: &mut dyn Write, text: &str| {
        out.write_all(text.as_bytes())
            .map_err(|source| Error::Output {
                path: "standard output".to_owned(),
                source,
            })
    };
    match &cli.command {
        Command::Check(args) => run_check(args, cli.color, out),
        Command::Report(args) => {
            let outcome = check::report_cmd::run(args, chrono::Utc::now())?;
            match &args.output {
                Some(path) => {
                    std::fs::write(path, &outcome.text).map_err(|source| Error::Output {
                        path: path.display().to_string(),
                        source,
                    })?
                }
                None => write(out, &outcome.text)?,
            }
            Ok(
                if outcome
                    .summary
                    .problems
                    .iter()
                    .any(report::InputProblem::is_unusable)
                {
                    exit::INPUT
                } else {
                    exit::OK
                },
            )
        }
        Command::Rules(args) => {
            write(out, &commands::list(&args.rule_args, args.format)?).map(|()| exit::OK)
        }
        Command::Explain(args) => {
            write(out, &commands::explain(&args.rule, &args.rule_args)?).map(|()| exit::OK)
        }
        Command::Test(args) => {
            let (text, ok) = commands::test(
                &args.paths,
                args.format,
                reference_time(args.now.as_deref())?,
            )?;
            write(out, &text).map(|()| if ok { exit::OK } else { exit::FINDINGS })
        }
        Command::Schema(args) => {
            write(out, &commands::schema(args.which, args.name.as_deref())?).map(|()| exit::OK)
        }
        Command::Notify(args) => notify::notify(args, out),
        // Decisions are a log: they go to standard error, one line each.
        Command::Watch(args) => notify::watch::watch(args, &mut std::io::stderr()),
        Command::Trace(args) => trace::command::run(args, out),
        Command::Plan(args) => plan::command::run(args, out),
        Command::Completions(args) => {
            write(out, &commands::completions(args.shell)?).map(|()| exit::OK)
        }
        Command::Man => write(out, &commands::man_page()?).map(|()| exit::OK),
    }
}

fn run_check(args: &CheckArgs, color: ColorChoice, out: &mut dyn Write) -> Result<u8, Error> {
    let now = reference_time(args.now.as_deref())?;
    let outputs = settings::outputs(&args.formats, args.output.as_deref())?;
    let mut outcome = check::run(args, now)?;
    outcome.release();
    apply_baseline(args, &mut outcome.report, outcome.redactor.as_ref())?;
    if let Some(redactor) = &outcome.redactor {
        outcome.report.redact(redactor);
    }
    for output in &outputs {
        write_output(&outcome.report, output, color, out)?;
    }
    if outcome.unreadable {
        return Ok(exit::INPUT);
    }
    let threshold = settings::fail_on(args.fail_on);
    let failing = threshold.is_some_and(|t| outcome.report.worst().is_some_and(|w| w >= t));
    Ok(if failing { exit::FINDINGS } else { exit::OK })
}

/// `--write-baseline` records the findings; `--baseline` leaves out the known ones. Both
/// work on the real subjects, so a baseline matches whatever the `--redact-key`; with
/// `--redact`, the messages written to the baseline are redacted.
pub(crate) fn apply_baseline(
    args: &CheckArgs,
    report: &mut report::Report,
    redactor: Option<&redact::Redactor>,
) -> Result<(), Error> {
    if let Some(path) = &args.write_baseline {
        let mut baseline = gate::Baseline::of(&report.findings);
        if let Some(r) = redactor {
            for entry in &mut baseline.findings {
                entry.message = r.text(&entry.message);
            }
        }
        let text = serde_json::to_string_pretty(&baseline).unwrap_or_default();
        std::fs::write(path, text + "\n").map_err(|source| Error::Output {
            path: path.display().to_string(),
            source,
        })?;
    }
    if let Some(path) = &args.baseline {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("--baseline {shown}: {e}")))?;
        let baseline: gate::Baseline = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "--baseline {shown}: not a synclint baseline ({e}); make one with --write-baseline"
            ))
        })?;
        gate::against_baseline(&mut report.findings, &baseline, &mut report.summary.gate);
    }
    Ok(())
}

/// `--now`, or the clock.
pub(crate) fn reference_time(now: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    match now {
        Some(text) => time::parse_timestamp(text)
            .ok_or_else(|| Error::Usage(format!("--now: `{text}` is not a timestamp"))),
        None => Ok(chrono::Utc::now()),
    }
}

fn write_output(
    report: &report::Report,
    output: &settings::Output,
    color: ColorChoice,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let to_terminal = output.path.is_none() && std::io::stdout().is_terminal();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let renderer = output.format.renderer(&report::RenderOptions { color });
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
        Some(path) => {
            atomic_file::write_with(path, |file| renderer.render(report, file)).map_err(failed)
        }
        None => {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            renderer.render(report, &mut buffered).map_err(failed)?;
            buffered.flush().map_err(failed)
        }
    }
}
