//! What a command line asks for, as plain values. `cli` parses the arguments and turns
//! them into these once, at the top (ripgrep's habit); every module below reads these and
//! never a clap type.

use crate::input::{InputKind, Limits};
use crate::report::OutputFormat;
use crate::rules::load::RuleSources;
use crate::rules::Severity;
use crate::syncreport::WindowSpec;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::time::Duration;

/// A whole command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub color: Color,
    pub command: Command,
}

/// When to colour the human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// One command and what it was asked to do.
#[derive(Debug, Clone)]
pub enum Command {
    Check(Box<CheckOptions>),
    Report(Box<ReportOptions>),
    Rules(RulesOptions),
    Explain(ExplainOptions),
    Test(TestOptions),
    Schema(SchemaOptions),
    Notify(Box<NotifyOptions>),
    Watch(Box<WatchOptions>),
    Trace(Box<TraceOptions>),
    Plan(Box<PlanOptions>),
    Completions(Shell),
    Man,
}

/// The shells `completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Elvish,
    Fish,
    PowerShell,
    Zsh,
}

/// The files to read and the bounds on reading them.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Each file or folder, with the kind `--kind` forces on it.
    pub files: Vec<(PathBuf, Option<InputKind>)>,
    /// `--log-mapping` files.
    pub log_mappings: Vec<PathBuf>,
    pub limits: Limits,
}

impl InputOptions {
    /// The paths alone.
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter().map(|(path, _)| path)
    }

    /// Every path named on the command line for reading: the inputs and the log mappings.
    pub fn named(&self) -> impl Iterator<Item = &PathBuf> {
        self.paths().chain(&self.log_mappings)
    }
}

/// Pseudonyms for people in every output.
#[derive(Debug, Clone, Default)]
pub struct RedactOptions {
    pub redact: bool,
    /// The key for stable pseudonyms (never printed).
    pub key: Option<String>,
}

/// One report to write: a format, and a file (None: standard output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: OutputFormat,
    pub path: Option<PathBuf>,
}

/// `synclint check`, and the check that `notify`, `trace` and `plan` run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub input: InputOptions,
    /// `--config`; None to look for synclint.yaml (see `config::discover`).
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// `--severity RULE=LEVEL`, in order.
    pub severities: Vec<(String, Severity)>,
    /// Exit 1 at or above this severity; None for `never`.
    pub fail_on: Option<Severity>,
    /// The reports to write (empty for a check run by another command).
    pub outputs: Vec<Output>,
    /// The reference time: `--now`, or the clock when the command line was read.
    pub now: DateTime<Utc>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    /// The human format shows at most this many findings per rule (None: all).
    pub max_findings: Option<usize>,
    pub window: WindowSpec,
    pub redact: RedactOptions,
    /// Keep each `users` record's `idp` and `console` whole, for a command that shows
    /// them (`trace`, `plan`); a check keeps only what its rules read of them.
    pub whole_users: bool,
}

impl CheckOptions {
    /// A check that writes nothing of its own: every rule, every event, no baseline.
    #[must_use]
    pub fn quiet(
        input: InputOptions,
        config: Option<PathBuf>,
        rules: RuleSources,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            input,
            config,
            rules,
            select: Vec::new(),
            ignore: Vec::new(),
            severities: Vec::new(),
            fail_on: None,
            outputs: Vec::new(),
            now,
            baseline: None,
            write_baseline: None,
            max_findings: None,
            window: WindowSpec::default(),
            redact: RedactOptions::default(),
            whole_users: false,
        }
    }
}

/// A document format of `report` and `trace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFormat {
    Human,
    Json,
    Markdown,
}

/// The format of `rules` and `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    /// A versioned JSON document.
    Json,
}

/// `synclint report`.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub input: InputOptions,
    pub window: WindowSpec,
    pub redact: RedactOptions,
    pub format: DocFormat,
    pub output: Option<PathBuf>,
    /// The clock when the command line was read.
    pub now: DateTime<Utc>,
}

/// `synclint rules`.
#[derive(Debug, Clone)]
pub struct RulesOptions {
    pub rules: RuleSources,
    /// `--config`: its `rules.paths` are loaded too.
    pub config: Option<PathBuf>,
    pub format: ListFormat,
}

/// `synclint explain`.
#[derive(Debug, Clone)]
pub struct ExplainOptions {
    pub rule: String,
    pub rules: RuleSources,
    pub config: Option<PathBuf>,
}

/// `synclint test`.
#[derive(Debug, Clone)]
pub struct TestOptions {
    /// Rule files or folders (empty: the built-in rules).
    pub paths: Vec<PathBuf>,
    pub now: DateTime<Utc>,
    pub format: ListFormat,
}

/// The schemas synclint prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Rule,
    Config,
    Dataset,
}

/// `synclint schema`.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    pub which: Schema,
    pub name: Option<String>,
}

/// What `notify` does with the messages that are due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Send over SMTP (queueing in the outbox what cannot be delivered).
    Send,
    /// Show them; send nothing, change nothing.
    DryRun,
    /// Write them as `.eml` files into this folder, and record them as sent.
    OutDir(PathBuf),
    /// Write both messages, due or not, as `.eml` and `.html` files into this folder;
    /// send nothing, change nothing.
    Preview(PathBuf),
}

/// `synclint notify`.
#[derive(Debug, Clone)]
pub struct NotifyOptions {
    pub input: InputOptions,
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub mode: Mode,
    /// `--now`, or the clock.
    pub now: DateTime<Utc>,
    /// Record what is sent in the state file (off for `--now` without `--write-state`).
    pub write_state: bool,
}

/// `synclint watch`.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub dir: PathBuf,
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub limits: Limits,
    pub interval: Duration,
    /// Stop after this many cycles (`--once` is 1).
    pub max_cycles: Option<u64>,
}

/// `synclint trace`.
#[derive(Debug, Clone)]
pub struct TraceOptions {
    pub user: String,
    pub input: InputOptions,
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub now: DateTime<Utc>,
    pub redact: RedactOptions,
    pub format: DocFormat,
    pub output: Option<PathBuf>,
}

/// `synclint plan`.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub input: InputOptions,
    pub config: Option<PathBuf>,
    pub rules: RuleSources,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub now: DateTime<Utc>,
    pub baseline: Option<PathBuf>,
    pub out: PathBuf,
    /// Asked for, and refused: the plan's files must name the real users.
    pub redact: bool,
}
