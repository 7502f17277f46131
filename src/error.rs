//! The errors that end a run, and the exit code each one maps to.

use miette::Diagnostic;
use thiserror::Error;

/// Exit codes (documented in the README).
pub mod exit {
    /// Nothing at or above `--fail-on`.
    pub const OK: u8 = 0;
    /// Findings at or above `--fail-on` (or failing rule tests).
    pub const FINDINGS: u8 = 1;
    /// The command line was wrong.
    pub const USAGE: u8 = 2;
    /// A rule file or the configuration is invalid.
    pub const CONFIG: u8 = 3;
    /// An input could not be read.
    pub const INPUT: u8 = 4;
    /// `notify`/`watch`: no recipient was found for a notification.
    pub const NO_RECIPIENTS: u8 = 5;
    /// `notify`/`watch`: a message could not be delivered (it waits in the outbox).
    pub const UNDELIVERED: u8 = 6;
    /// `notify`/`watch`: another run holds the notification state lock.
    pub const BUSY: u8 = 7;
}

/// A run that could not complete.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] crate::rules::errors::RuleErrors),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Notify(#[from] crate::notify::NotifyError),
    #[error("{0}")]
    #[diagnostic(
        code(synclint::usage),
        help("run `synclint help` for the accepted arguments")
    )]
    Usage(String),
    #[error("invalid log mapping:\n{}", .0.join("\n"))]
    #[diagnostic(
        code(synclint::log_mapping),
        help("a log mapping is `log_mapping:` with `name`, `detect`, `fields` (time required) and optional `values`; see docs/log-mappings.md")
    )]
    Mapping(Vec<String>),
    #[error("cannot write the report to {path}: {source}")]
    #[diagnostic(code(synclint::output))]
    Output {
        path: String,
        source: std::io::Error,
    },
}

impl Error {
    /// The exit code this error ends the run with.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Rules(_) | Self::Config(_) => exit::CONFIG,
            Self::Usage(_) => exit::USAGE,
            Self::Mapping(_) => exit::CONFIG,
            Self::Output { .. } => exit::INPUT,
            Self::Notify(e) => e.exit_code(),
        }
    }
}
