//! synclint: diagnoses directory-sync (SCIM provisioning) problems between an identity
//! provider and Code42 Incydr.
//!
//! At the top, `cli` parses the command line and turns it, once, into plain `options`;
//! `commands` runs the command they name, and nothing below sees a clap type.
//!
//! The pipeline runs one way: `input` and `config` read files into `model` datasets,
//! `rules` compiles YAML rules, `engine` turns datasets into `finding`s, `report` renders
//! them. `check` drives one pass of it, for `commands` and for `notify`, `trace` and
//! `plan`, reading the logs on every core (`engine::settle` then finishes what the
//! workers aggregated); `syncreport` counts the logs' changes and errors on the way. Every module takes
//! its exit codes from `exit` and its escaping of input text from `text`, and no module
//! uses one that uses it back (`tests/module_deps.rs`). [`run`] drives it all so tests
//! can call the whole program in-process.

pub mod atomic_file;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod exit;
pub mod finding;
pub mod gate;
pub mod input;
pub mod model;
pub mod notify;
pub mod options;
pub(crate) mod own_inputs;
pub mod plan;
pub mod redact;
pub mod report;
pub mod rules;
pub mod settings;
pub mod snippet;
pub mod suggest;
pub mod syncreport;
pub mod text;
pub mod time;
pub mod trace;
pub(crate) mod wire;
pub mod yaml;

/// Run a parsed command line, writing its normal output to `out` and warnings to `err`
/// (`main` passes standard output and standard error). Returns the exit code.
///
/// The clap structs become [`options::Options`] here, once; nothing below sees them.
///
/// # Errors
/// A [`commands::Failure`] for `main` to print; its `exit_code` is the process's.
pub fn run(
    cli: &cli::Cli,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, commands::Failure> {
    let options = cli::options(cli)?;
    commands::run(&options, out, err)
}
