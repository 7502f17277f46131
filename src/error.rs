//! The errors that end a run, and the exit code each one maps to. (Those of `notify` and
//! `watch` are `notify::NotifyError`, which wraps these; the top turns both into one.)

use crate::exit;
use miette::Diagnostic;
use thiserror::Error;

/// A run that could not complete.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] crate::rules::errors::RuleErrors),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    #[diagnostic(
        code(synclint::usage),
        help("run `synclint help` for the accepted arguments")
    )]
    Usage(String),
    #[error("invalid log mapping: {}", count_problems(.problems.len()))]
    #[diagnostic(
        code(synclint::log_mapping),
        help("a log mapping is `log_mapping:` with `name`, `detect`, `fields` (time required) and optional `values`; see docs/log-mappings.md")
    )]
    Mapping {
        /// Every problem in every mapping file.
        #[related]
        problems: Vec<crate::diagnostic::Problem>,
    },
    // The cause is not in the text: miette prints it under the message.
    #[error("cannot write the report to {path}")]
    #[diagnostic(
        code(synclint::output),
        help("no report was written there; check that the place exists, can be written, and that its disk has room")
    )]
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
            Self::Mapping { .. } => exit::CONFIG,
            Self::Output { .. } => exit::INPUT,
        }
    }

    /// The findings of a check could not be read back from their temporary file.
    #[must_use]
    pub fn findings_lost(source: std::io::Error) -> Self {
        Self::Output {
            path: "the temporary file of findings".to_owned(),
            source,
        }
    }

    /// Whether this is a report written to a reader that has stopped reading (a closed
    /// pipe: `synclint check | head`). That is the reader's choice, not a failure of the run.
    #[must_use]
    pub fn reader_gone(&self) -> bool {
        matches!(self, Self::Output { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// A report's write with a gone reader ([`Error::reader_gone`]) taken as done: the rest of
/// that report is not wanted, and the run's outcome stays what it is.
///
/// # Errors
/// Any other error of the write.
pub fn unless_reader_gone(written: Result<(), Error>) -> Result<(), Error> {
    match written {
        Err(e) if e.reader_gone() => Ok(()),
        other => other,
    }
}

fn count_problems(n: usize) -> String {
    match n {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    }
}
