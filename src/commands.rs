//! The commands, each run from the [`Options`] the command line became: `check` and
//! `report` (their own files), `rules`/`explain`/`test`, and the small ones here
//! (`schema`, `completions`, `man`); `notify`, `watch`, `trace` and `plan` live in their
//! modules. [`run`] picks one; [`Failure`] is whatever ended it.

pub mod check;
pub mod check_invalid;
pub mod report;
pub mod rules;

pub use rules::explanation;

use crate::error::Error;
use crate::exit;
use crate::notify::NotifyError;
use crate::options::{Command, Options, Schema};
use miette::Diagnostic;
use std::io::Write;

/// Why a command ended early: a run's error, or a notification's (which has exit codes
/// of its own).
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Failure {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Run(#[from] Error),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Notify(#[from] NotifyError),
}

impl Failure {
    /// The exit code the process ends with.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Run(e) => e.exit_code(),
            Self::Notify(e) => e.exit_code(),
        }
    }

    /// Whether the output's reader stopped reading ([`Error::reader_gone`]).
    #[must_use]
    pub fn reader_gone(&self) -> bool {
        matches!(self, Self::Run(e) if e.reader_gone())
    }
}

/// Run the command `options` holds, writing its normal output to `out` and warnings (and
/// `watch`'s log of decisions) to `err`. Returns the exit code.
///
/// # Errors
/// A [`Failure`] for `main` to print; its `exit_code` is the process's.
pub fn run(options: &Options, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Failure> {
    let ok = |text: String, out: &mut dyn Write| write(out, &text).map(|()| exit::OK);
    Ok(match &options.command {
        Command::Check(args) => check::run(args, options.color, (out, err))?,
        Command::Report(args) => report::run(args, out)?,
        Command::Rules(args) => ok(rules::list(args)?, out)?,
        Command::Explain(args) => ok(rules::explain(args)?, out)?,
        Command::Test(args) => {
            let (text, passed) = rules::test(args)?;
            write(out, &text)?;
            if passed {
                exit::OK
            } else {
                exit::FINDINGS
            }
        }
        Command::Schema(args) => ok(schema(args.which, args.name.as_deref())?, out)?,
        Command::Notify(args) => crate::notify::notify(args, out)?,
        // Decisions are a log: they go to standard error, one line each.
        Command::Watch(args) => crate::notify::watch::watch(args, err)?,
        Command::Trace(args) => crate::trace::command::run(args, out, err)?,
        Command::Plan(args) => crate::plan::command::run(args, out, err)?,
        Command::Completions(shell) => ok(completions(*shell)?, out)?,
        Command::Man => ok(man_page()?, out)?,
    })
}

/// Write `text` to standard output (`out`).
fn write(out: &mut dyn Write, text: &str) -> Result<(), Error> {
    out.write_all(text.as_bytes())
        .map_err(|source| Error::Output {
            path: "standard output".to_owned(),
            source,
        })
}

/// `synclint schema`.
///
/// # Errors
/// A dataset name that is missing or unknown, or a name given to another schema.
pub fn schema(which: Schema, name: Option<&str>) -> Result<String, Error> {
    let value = match (which, name) {
        (Schema::Dataset, Some(name)) => return dataset_schema(name),
        (Schema::Dataset, None) => {
            return Err(Error::Usage(format!(
                "`schema dataset` needs a dataset name: one of {}",
                crate::model::dataset::ALL.join(", ")
            )))
        }
        (_, Some(extra)) => return Err(Error::Usage(format!("unexpected argument `{extra}`"))),
        (Schema::Rule, None) => {
            serde_json::to_value(schemars::schema_for!(crate::rules::shape::RuleFile))
                .unwrap_or_default()
        }
        (Schema::Config, None) => crate::config::json_schema(),
    };
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    ))
}

fn dataset_schema(name: &str) -> Result<String, Error> {
    use crate::model::schema;
    schema::dataset(name).map(schema::describe).ok_or_else(|| {
        Error::Usage(format!(
            "unknown dataset `{name}`: {}",
            crate::suggest::or_list(name, crate::model::dataset::ALL.iter().copied())
        ))
    })
}

/// `synclint completions SHELL`: the completion script for that shell.
///
/// # Errors
/// None in practice; the script is written into memory.
pub fn completions(shell: crate::options::Shell) -> Result<String, Error> {
    use crate::options::Shell;
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Elvish => clap_complete::Shell::Elvish,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::PowerShell => clap_complete::Shell::PowerShell,
        Shell::Zsh => clap_complete::Shell::Zsh,
    };
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut command, "synclint", &mut buf);
    String::from_utf8(buf).map_err(|e| Error::Usage(format!("completion script: {e}")))
}

/// `synclint man`: the manual page in roff, for `man -l -` or `synclint.1`.
///
/// # Errors
/// None in practice; the page is written into memory.
pub fn man_page() -> Result<String, Error> {
    let command = <crate::cli::Cli as clap::CommandFactory>::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut buf)
        .map_err(|source| Error::Output {
            path: "the man page".to_owned(),
            source,
        })?;
    String::from_utf8(buf).map_err(|e| Error::Usage(format!("man page: {e}")))
}
