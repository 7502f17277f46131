//! The arguments of the commands about rules: `rules`, `explain`, `test` and `schema`.

use super::{parse, Format, RuleArgs};
use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `synclint rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// A synclint.yaml whose `rules.paths` (team rules) are loaded too.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format (json: a versioned document).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `synclint explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id.
    pub rule: String,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// A synclint.yaml whose `rules.paths` (team rules) are loaded too.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `synclint test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule files or folders to test (default: the built-in rules).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The reference time for age conditions (default: now), RFC 3339.
    #[arg(long, value_name = "TIMESTAMP", value_parser = parse::timestamp)]
    pub now: Option<DateTime<Utc>>,
    /// Output format (json: a versioned document).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `synclint schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub which: SchemaKind,
    /// With `dataset`: the dataset whose fields to print.
    pub name: Option<String>,
}

/// The schemas synclint publishes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// A rule file.
    Rule,
    /// synclint.yaml.
    Config,
    /// The fields of a dataset rules read (`synclint schema dataset users`).
    Dataset,
}
