//! The arguments of `notify`, `watch`, `trace` and `plan`.

use super::{parse, InputArgs, LimitArgs, RedactArgs, RuleArgs};
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `synclint notify`.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The configuration with the `notifications:` section (default: synclint.yaml in an
    /// input folder or the current directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Print the messages that would be sent (headers and text); send nothing, change no state.
    #[arg(long, conflicts_with = "out_dir")]
    pub dry_run: bool,
    /// Write each message as an .eml file into DIR instead of sending it (recorded as sent).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write both messages (the daily report and the error email, as if no error had been
    /// reported) into DIR as .eml and .html files; send nothing, change no state.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["out_dir", "dry_run"])]
    pub preview: Option<PathBuf>,
    /// The time to decide for (default: now), RFC 3339. A run with --now leaves the state
    /// file as it was (what it sends is not recorded) unless --write-state is given.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse::timestamp)]
    pub now: Option<DateTime<Utc>>,
    /// With --now: record what is sent in the state file all the same.
    #[arg(long, requires = "now")]
    pub write_state: bool,
}

/// `synclint watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The folder of exports and logs to re-read each cycle.
    #[arg(value_name = "DIR", value_parser = not_stdin)]
    pub dir: PathBuf,
    /// The configuration (default: DIR/synclint.yaml, else ./synclint.yaml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Time between cycles, such as 30s, 5m or 1h.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse::interval)]
    pub interval: std::time::Duration,
    /// Run one cycle and exit with its code.
    #[arg(long, conflicts_with = "max_cycles")]
    pub once: bool,
    /// Stop after N cycles, exiting with the last one's code.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_cycles: Option<u64>,
}

/// `synclint trace`.
#[derive(Debug, Args)]
pub struct TraceArgs {
    /// The user: username, email, IdP id or Incydr user id (case-insensitive).
    #[arg(value_name = "USER")]
    pub user: String,
    #[command(flatten)]
    pub input: InputArgs,
    /// The mapping configuration (found as `check` finds it when not given).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// The reference time for age conditions (default: now), RFC 3339.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse::timestamp)]
    pub now: Option<DateTime<Utc>>,
    #[command(flatten)]
    pub redact: RedactArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
    pub format: TraceFormat,
    /// Write the trace to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Human,
    Json,
    Markdown,
}

/// `synclint plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The mapping configuration (found as `check` finds it when not given).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Plan only for these rules (ids, or `category:NAME`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Leave these rules out of the plan (ids, or `category:NAME`).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// The reference time for age conditions (default: now), RFC 3339.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse::timestamp)]
    pub now: Option<DateTime<Utc>>,
    /// Leave out the findings of this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The folder to write the plan's files into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Refused: the plan's files must name the real users.
    #[arg(long, hide = true)]
    pub redact: bool,
}

/// A folder for `watch`, never `-`: standard input can be read once, and watch reads its
/// folder again every cycle.
fn not_stdin(value: &str) -> Result<PathBuf, String> {
    if crate::input::stdin::is_stdin(std::path::Path::new(value)) {
        return Err(
            "watch reads its folder again every cycle, and standard input (`-`) can be read \
             only once: save the export to a folder and watch that"
                .to_owned(),
        );
    }
    Ok(PathBuf::from(value))
}
