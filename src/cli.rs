//! Command-line arguments as clap reads them. [`options`] turns them, once, into the
//! plain [`crate::options::Options`] that everything below the top reads; no other module
//! sees these types.

mod convert;
mod parse;
mod rule_commands;
mod workflows;

pub use convert::options;
pub use rule_commands::{ExplainArgs, RulesArgs, SchemaArgs, SchemaKind, TestArgs};
pub use workflows::{NotifyArgs, PlanArgs, TraceArgs, TraceFormat, WatchArgs};

use crate::input::InputKind;
use crate::report::OutputFormat;
use crate::rules::Severity;
use chrono::{DateTime, Utc};
use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `KIND=PATH` for `--kind`, KIND one of the input kinds' names.
fn kind_path() -> impl clap::builder::TypedValueParser<Value = (InputKind, PathBuf)> {
    let names = InputKind::ALL.iter().map(|k| k.name()).collect();
    parse::NamedPath::new(names, InputKind::from_name).try_map(|(kind, path)| {
        path.map(|p| (kind, p))
            .ok_or("expects KIND=PATH, e.g. idp-users=people.json")
    })
}

/// `FORMAT[=FILE]` for `check --format`.
fn format_file() -> parse::NamedPath<OutputFormat> {
    let names = OutputFormat::ALL.iter().map(|(n, _)| *n).collect();
    parse::NamedPath::new(names, OutputFormat::from_name)
}

/// Diagnose directory-sync (SCIM provisioning) problems between an identity provider and Code42 Incydr.
#[derive(Debug, Parser)]
#[command(name = "synclint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

const CHECK_EXAMPLES: &str = "Examples:
  synclint check exports/                        every file of a customer's export folder
  synclint check export.zip --redact --format html=report.html
                                                 an archive, names hidden, an HTML report
  synclint check synclint.yaml --fail-on warning --format sarif=synclint.sarif
                                                 CI: the mapping kept as code
  synclint check sync.jsonl --since 2026-11-01 --max-findings 0
                                                 a large log, one window, every finding
  zcat sync.jsonl.gz | synclint check - synclint.yaml
                                                 a log from a pipe, with the mapping";

const REPORT_EXAMPLES: &str = "Examples:
  synclint report exports/                       the last 24 hours before the newest event
  synclint report exports/ --since 2026-11-27T00:00:00Z --until 2026-11-28T00:00:00Z
  synclint report exports/ --format markdown > sync-report.md";

const NOTIFY_EXAMPLES: &str = "Examples:
  synclint notify exports/ --dry-run             what would be sent, and to whom
  synclint notify exports/ --preview out/        write the emails as files instead
  synclint notify exports/                       send, as `notifications:` says";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check exports and a mapping configuration against the rules.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(Box<CheckArgs>),
    /// The directory sync report: provisioning changes and errors over a window.
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// List the built-in and loaded rules.
    Rules(RulesArgs),
    /// Explain a rule: what it detects, why it matters, how to fix it.
    Explain(ExplainArgs),
    /// Run the tests written inside rule files.
    Test(TestArgs),
    /// Print the JSON Schema of rule files or of synclint.yaml.
    Schema(SchemaArgs),
    /// Email the daily directory sync report and new errors, as `notifications:` in
    /// synclint.yaml says; records what was sent.
    #[command(after_help = NOTIFY_EXAMPLES)]
    Notify(Box<NotifyArgs>),
    /// Keep re-reading a folder of exports and logs, emailing on schedule (Ctrl-C stops).
    Watch(Box<WatchArgs>),
    /// Follow one user through the identity provider, the mapping, the console, the logs
    /// and the findings, and show where the chain breaks.
    Trace(Box<TraceArgs>),
    /// Write a remediation plan: Incydr CLI bulk-command files and a checklist.
    Plan(Box<PlanArgs>),
    /// Print a shell completion script, e.g. `synclint completions bash > /etc/bash_completion.d/synclint`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `synclint man > synclint.1`.
    Man,
}

/// `synclint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// The shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Elvish,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
    Zsh,
}

/// Where rules come from.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleArgs {
    /// A folder (or file) of extra YAML rules; may be repeated.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Leave out the built-in rules.
    #[arg(long)]
    pub no_builtin: bool,
}

/// `synclint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The mapping configuration (default: a synclint.yaml among the inputs, in an input
    /// folder, or in the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Run only these rules (ids, or `category:NAME`); may be repeated or comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Skip these rules (ids, or `category:NAME`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Change a rule's severity, e.g. `--severity user-without-role=error`.
    #[arg(long = "severity", value_name = "RULE=LEVEL", value_parser = parse::RuleLevel)]
    pub severities: Vec<(String, Severity)>,
    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Output format: human, json, sarif, junit, github, markdown or html; `FORMAT=FILE` writes that format to FILE. May be
    /// repeated to write several formats in one run.
    #[arg(long = "format", value_name = "FORMAT[=FILE]", default_value = "human", value_parser = format_file())]
    pub formats: Vec<(OutputFormat, Option<PathBuf>)>,
    /// Write the report (of a single `--format` without `=FILE`) to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The reference time for age conditions (default: now), RFC 3339.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse::timestamp)]
    pub now: Option<DateTime<Utc>>,
    /// Report only findings that are not in this baseline file (and list its entries that
    /// no longer occur).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's findings in FILE, for a later `--baseline`.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Human and Markdown formats: list at most N findings of each rule and say how
    /// many more there are (0 lists them all). JSON, SARIF, JUnit and HTML always hold
    /// every finding.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_findings: usize,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// The files to read and how to read them (`check`, `report` and `notify`).
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Files and folders to read; each file is recognised by its content; `-` reads
    /// standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Read PATH as KIND instead of guessing (e.g. `--kind idp-users=people.json`).
    #[arg(long = "kind", value_name = "KIND=PATH", value_parser = kind_path())]
    pub kinds: Vec<(InputKind, PathBuf)>,
    /// A YAML field mapping for logs of another shape (see docs/log-mappings.md); may be repeated.
    #[arg(long = "log-mapping", value_name = "FILE")]
    pub log_mappings: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Bounds on each input file (see `synclint::input::Limits`).
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// Refuse a file read whole when it is larger than SIZE (bytes, or with KiB, MiB,
    /// GiB). Logs as JSON lines or CSV are streamed whatever their size, except JSON lines of
    /// pages (a wrapper object per line): read one page at a time, but with every record kept.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = crate::input::limits::parse_size)]
    pub max_file_size: u64,
    /// Skip (and report) a line of a streamed log longer than SIZE.
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = crate::input::limits::parse_size)]
    pub max_line_length: u64,
    /// Refuse JSON nested deeper than N levels (1 to 128); a JSON lines log skips just
    /// the lines that are.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=128))]
    pub max_depth: u16,
    /// Refuse a CSV file whose header has more than N columns.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_columns: u32,
    /// Refuse a file read whole once all the files read whole would pass SIZE together
    /// (streamed logs do not count).
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = crate::input::limits::parse_size)]
    pub max_total_size: u64,
    /// Once the groups the rules count over the logs (one per user for a rule counting
    /// per user) weigh more than SIZE together, write some to a temporary file in TMPDIR,
    /// to be merged back as each rule settles (same report). 0 writes them out in runs
    /// of a few KiB (for tests).
    #[arg(long, value_name = "SIZE", default_value = "256KiB", value_parser = crate::input::limits::parse_size_or_zero)]
    pub groups_in_memory: u64,
}

impl Default for LimitArgs {
    fn default() -> Self {
        let limits = crate::input::Limits::default();
        Self {
            max_file_size: limits.max_file_bytes,
            max_line_length: limits.max_line_bytes as u64,
            max_depth: u16::try_from(limits.max_depth).unwrap_or(64),
            max_columns: u32::try_from(limits.max_columns).unwrap_or(u32::MAX),
            max_total_size: limits.max_total_bytes,
            groups_in_memory: limits.groups_in_memory as u64,
        }
    }
}

impl LimitArgs {
    /// The limits these flags set.
    #[must_use]
    pub fn limits(&self) -> crate::input::Limits {
        crate::input::Limits {
            max_file_bytes: self.max_file_size,
            max_line_bytes: usize::try_from(self.max_line_length).unwrap_or(usize::MAX),
            max_depth: usize::from(self.max_depth),
            max_columns: usize::try_from(self.max_columns).unwrap_or(usize::MAX),
            max_total_bytes: self.max_total_size,
            findings_in_memory: crate::input::limits::DEFAULT_FINDINGS_IN_MEMORY,
            groups_in_memory: usize::try_from(self.groups_in_memory).unwrap_or(usize::MAX),
        }
    }
}

/// The time window of log events to consider.
#[derive(Debug, Args, Clone, Default)]
pub struct WindowArgs {
    /// Start of the window: a timestamp, or a duration before its end (`24h`, `7d`).
    /// Default for `report`: 24h; for `check`: all events.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// End of the window: a timestamp, or a duration before now. Default: the newest event.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
}

/// Pseudonyms for personal data in every output.
#[derive(Debug, Args, Clone, Default)]
pub struct RedactArgs {
    /// Replace people (usernames, emails, names, user ids) with stable pseudonyms; group,
    /// role and organization names and the fix steps stay as written.
    #[arg(long)]
    pub redact: bool,
    /// Key for the pseudonyms: the same key gives the same tokens, and the same finding
    /// fingerprints (SARIF, baselines), across redacted runs (default: a new random key
    /// each run, so neither matches another run). Never printed.
    #[arg(
        long,
        env = "SYNCLINT_REDACT_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub redact_key: Option<String>,
}

/// `synclint report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub window: WindowArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of the directory sync report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Markdown,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, on a terminal.
    Human,
    /// A stable, versioned JSON document.
    Json,
}

/// The exit-code threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// The flags' written defaults ("256MiB", ...) are the limits' defaults.
    #[test]
    fn limit_flags_default_to_the_input_limits() {
        let Ok(cli) = Cli::try_parse_from(["synclint", "check"]) else {
            panic!("check parses without flags");
        };
        let Command::Check(args) = cli.command else {
            panic!("not check");
        };
        assert_eq!(args.input.limits.limits(), crate::input::Limits::default());
        assert_eq!(
            LimitArgs::default().limits(),
            crate::input::Limits::default()
        );
    }
}
