//! The one step from clap's structs to [`Options`]: defaults filled in (the clock for
//! `--now`), windows and output lists checked, flags folded into the values they mean.

use super::{
    CheckArgs, Cli, ColorChoice, Command, FailOn, Format, InputArgs, NotifyArgs, PlanArgs,
    RedactArgs, ReportFormat, RuleArgs, SchemaKind, ShellArg, TraceArgs, TraceFormat, WatchArgs,
    WindowArgs,
};
use crate::error::Error;
use crate::options::{
    CheckOptions, Color, Command as Run, DocFormat, ExplainOptions, InputOptions, ListFormat, Mode,
    NotifyOptions, Options, Output, PlanOptions, RedactOptions, ReportOptions, RulesOptions,
    Schema, SchemaOptions, Shell, TestOptions, TraceOptions, WatchOptions,
};
use crate::report::OutputFormat;
use crate::rules::load::RuleSources;
use crate::rules::Severity;
use crate::syncreport::WindowSpec;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// Turn a parsed command line into the options every command reads.
///
/// # Errors
/// A usage error for what clap cannot check alone: a window that is not one, or
/// `--format`/`--output` combinations that send two reports to standard output.
pub fn options(cli: &Cli) -> Result<Options, Error> {
    let now = Utc::now();
    let command = match &cli.command {
        Command::Check(args) => Run::Check(Box::new(check(args, now)?)),
        Command::Report(args) => Run::Report(Box::new(ReportOptions {
            input: input(&args.input),
            window: window(&args.window, now)?,
            redact: redact(&args.redact),
            format: match args.format {
                ReportFormat::Human => DocFormat::Human,
                ReportFormat::Json => DocFormat::Json,
                ReportFormat::Markdown => DocFormat::Markdown,
            },
            output: args.output.clone(),
            now,
        })),
        Command::Rules(args) => Run::Rules(RulesOptions {
            rules: rules(&args.rule_args),
            config: args.config.clone(),
            format: list_format(args.format),
        }),
        Command::Explain(args) => Run::Explain(ExplainOptions {
            rule: args.rule.clone(),
            rules: rules(&args.rule_args),
            config: args.config.clone(),
        }),
        Command::Test(args) => Run::Test(TestOptions {
            paths: args.paths.clone(),
            now: args.now.unwrap_or(now),
            format: list_format(args.format),
        }),
        Command::Schema(args) => Run::Schema(SchemaOptions {
            which: match args.which {
                SchemaKind::Rule => Schema::Rule,
                SchemaKind::Config => Schema::Config,
                SchemaKind::Dataset => Schema::Dataset,
            },
            name: args.name.clone(),
        }),
        Command::Notify(args) => Run::Notify(Box::new(notify(args, now))),
        Command::Watch(args) => Run::Watch(Box::new(watch(args))),
        Command::Trace(args) => Run::Trace(Box::new(trace(args, now))),
        Command::Plan(args) => Run::Plan(Box::new(plan(args, now))),
        Command::Completions(args) => Run::Completions(match args.shell {
            ShellArg::Bash => Shell::Bash,
            ShellArg::Elvish => Shell::Elvish,
            ShellArg::Fish => Shell::Fish,
            ShellArg::PowerShell => Shell::PowerShell,
            ShellArg::Zsh => Shell::Zsh,
        }),
        Command::Man => Run::Man,
    };
    let color = match cli.color {
        ColorChoice::Auto => Color::Auto,
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
    };
    Ok(Options { color, command })
}

fn check(args: &CheckArgs, clock: DateTime<Utc>) -> Result<CheckOptions, Error> {
    let now = args.now.unwrap_or(clock);
    let outputs = outputs(&args.formats, args.output.as_deref())?;
    one_file_each(&outputs, args.write_baseline.as_deref())?;
    Ok(CheckOptions {
        input: input(&args.input),
        config: args.config.clone(),
        rules: rules(&args.rule_args),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        severities: args.severities.clone(),
        fail_on: match args.fail_on {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        },
        outputs,
        now,
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        max_findings: (args.max_findings > 0).then_some(args.max_findings),
        window: window(&args.window, now)?,
        redact: redact(&args.redact),
        whole_users: false,
    })
}

fn notify(args: &NotifyArgs, clock: DateTime<Utc>) -> NotifyOptions {
    let mode = match (&args.preview, &args.out_dir, args.dry_run) {
        (Some(dir), _, _) => Mode::Preview(dir.clone()),
        (None, _, true) => Mode::DryRun,
        (None, Some(dir), false) => Mode::OutDir(dir.clone()),
        (None, None, false) => Mode::Send,
    };
    NotifyOptions {
        input: input(&args.input),
        config: args.config.clone(),
        rules: rules(&args.rule_args),
        mode,
        now: args.now.unwrap_or(clock),
        write_state: args.now.is_none() || args.write_state,
    }
}

fn watch(args: &WatchArgs) -> WatchOptions {
    WatchOptions {
        dir: args.dir.clone(),
        config: args.config.clone(),
        rules: rules(&args.rule_args),
        limits: args.limits.limits(),
        interval: args.interval,
        max_cycles: if args.once { Some(1) } else { args.max_cycles },
    }
}

fn trace(args: &TraceArgs, clock: DateTime<Utc>) -> TraceOptions {
    TraceOptions {
        user: args.user.clone(),
        input: input(&args.input),
        config: args.config.clone(),
        rules: rules(&args.rule_args),
        now: args.now.unwrap_or(clock),
        redact: redact(&args.redact),
        format: match args.format {
            TraceFormat::Human => DocFormat::Human,
            TraceFormat::Json => DocFormat::Json,
            TraceFormat::Markdown => DocFormat::Markdown,
        },
        output: args.output.clone(),
    }
}

fn plan(args: &PlanArgs, clock: DateTime<Utc>) -> PlanOptions {
    PlanOptions {
        input: input(&args.input),
        config: args.config.clone(),
        rules: rules(&args.rule_args),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        now: args.now.unwrap_or(clock),
        baseline: args.baseline.clone(),
        out: args.out.clone(),
        redact: args.redact,
    }
}

fn input(args: &InputArgs) -> InputOptions {
    let named = args.inputs.iter().map(|p| (p.clone(), None));
    let forced = args.kinds.iter().map(|(k, p)| (p.clone(), Some(*k)));
    InputOptions {
        files: named.chain(forced).collect(),
        log_mappings: args.log_mappings.clone(),
        limits: args.limits.limits(),
    }
}

fn rules(args: &RuleArgs) -> RuleSources {
    RuleSources {
        builtin: !args.no_builtin,
        paths: args.rules.clone(),
    }
}

fn redact(args: &RedactArgs) -> RedactOptions {
    RedactOptions {
        redact: args.redact,
        key: args.redact_key.clone(),
    }
}

fn window(args: &WindowArgs, now: DateTime<Utc>) -> Result<WindowSpec, Error> {
    WindowSpec::parse(args.since.as_deref(), args.until.as_deref(), now).map_err(Error::Usage)
}

fn list_format(format: Format) -> ListFormat {
    match format {
        Format::Human => ListFormat::Human,
        Format::Json => ListFormat::Json,
    }
}

/// The `--format FORMAT[=FILE]` values, with `--output` for the one without a file.
///
/// # Errors
/// A usage error for two reports sent to standard output, or `--output` with none.
fn outputs(
    formats: &[(OutputFormat, Option<PathBuf>)],
    output: Option<&Path>,
) -> Result<Vec<Output>, Error> {
    let mut outs: Vec<Output> = formats
        .iter()
        .map(|(format, path)| Output {
            format: *format,
            path: path.clone(),
        })
        .collect();
    let to_stdout: Vec<&mut Output> = outs.iter_mut().filter(|o| o.path.is_none()).collect();
    match (to_stdout.len(), output) {
        (0 | 1, None) => {}
        (1, Some(path)) => {
            if let Some(o) = to_stdout.into_iter().next() {
                o.path = Some(path.to_path_buf());
            }
        }
        (0, Some(_)) => {
            return Err(Error::Usage(
                "--output needs a --format without `=FILE`".to_owned(),
            ))
        }
        _ => {
            return Err(Error::Usage(
                "only one --format can go to standard output; give the others `=FILE`".to_owned(),
            ))
        }
    }
    Ok(outs)
}

/// A usage error when two things of one run would be written to the same file (`--format
/// json=out --format sarif=./out`, or a report and `--write-baseline`): the later would
/// replace the earlier without a word.
///
/// # Errors
/// [`Error::Usage`] naming both.
fn one_file_each(outputs: &[Output], baseline: Option<&Path>) -> Result<(), Error> {
    let named = outputs
        .iter()
        .filter_map(|o| o.path.as_deref().map(|p| (o.format.name(), p)));
    let all: Vec<(&str, &Path)> = named.chain(baseline.map(|p| ("the baseline", p))).collect();
    for (i, (first, a)) in all.iter().enumerate() {
        if let Some((second, _)) = all[i + 1..]
            .iter()
            .find(|(_, b)| crate::own_inputs::same_place(a, b))
        {
            return Err(Error::Usage(format!(
                "{first} and {second} would both be written to {}; give each its own file",
                a.display()
            )));
        }
    }
    Ok(())
}
