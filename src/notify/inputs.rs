//! Reading what a notification run needs: the configuration, the check's report (findings
//! and the directory sync report over the 24 hours before now), and the console snapshot's
//! users and user roles for the Customer Cloud Admin recipients.

use super::error::NotifyError;
use super::Options;
use crate::cli::{CheckArgs, FailOn, RedactArgs, WindowArgs};
use crate::config::{self, Config};
use crate::error::Error;
use crate::input::{self, InputKind};
use crate::model::Record;
use crate::report::Report;
use chrono::{DateTime, SecondsFormat, Utc};
use std::path::{Path, PathBuf};

/// The configuration file: `--config`, else `synclint.yaml` in an input folder, else in
/// the current directory.
///
/// # Errors
/// [`NotifyError::NoConfig`] when there is none.
pub fn config_path(opts: &Options) -> Result<PathBuf, NotifyError> {
    if let Some(path) = &opts.config {
        return Ok(path.clone());
    }
    let folders: Vec<&Path> = opts
        .input
        .inputs
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| p.is_dir())
        .chain(std::iter::once(Path::new(".")))
        .collect();
    for dir in &folders {
        let candidate = dir.join("synclint.yaml");
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    let looked: Vec<String> = folders.iter().map(|d| d.display().to_string()).collect();
    Err(NotifyError::NoConfig {
        looked: looked.join(", "),
    })
}

/// Read and validate the configuration.
///
/// # Errors
/// The configuration's problems.
pub fn load_config(path: &Path) -> Result<Config, NotifyError> {
    Ok(config::load(path, &path.display().to_string())?)
}

/// Run the check as `synclint check --until NOW` would: the rules over the inputs (log
/// rules over the 24 hours before `now`) and the directory sync report of those 24 hours.
///
/// Also returns the inputs that could not be used at all (those that make `check` exit 4),
/// as "path: reason".
///
/// # Errors
/// Invalid rules or configuration, or a bad `--kind`.
pub fn check(
    opts: &Options,
    config: &Path,
    now: DateTime<Utc>,
) -> Result<(Report, Vec<String>), Error> {
    let stamp = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let args = CheckArgs {
        input: opts.input.clone(),
        config: Some(config.to_owned()),
        rule_args: opts.rule_args.clone(),
        select: Vec::new(),
        ignore: Vec::new(),
        severities: Vec::new(),
        fail_on: FailOn::Error,
        formats: vec!["human".to_owned()],
        output: None,
        now: Some(stamp.clone()),
        baseline: None,
        write_baseline: None,
        window: WindowArgs {
            since: None,
            until: Some(stamp),
        },
        redact: RedactArgs::default(),
    };
    let report = crate::check::run(&args, now)?.report;
    let unusable = report
        .summary
        .problems
        .iter()
        .filter(|p| p.is_unusable())
        .map(|p| format!("{}: {}", p.path, p.reason))
        .collect();
    Ok((report, unusable))
}

/// The console users and user roles among the files the check read.
#[must_use]
pub fn console_snapshot(report: &Report) -> (Vec<Record>, Vec<Record>) {
    let mut users = Vec::new();
    let mut roles = Vec::new();
    for read in &report.summary.inputs {
        let kind = match read.kind.as_str() {
            "console-users" => InputKind::ConsoleUsers,
            "console-user-roles" => InputKind::ConsoleUserRoles,
            _ => continue,
        };
        let Ok(loaded) = input::load_file(Path::new(&read.path), &read.path, Some(kind)) else {
            continue;
        };
        match kind {
            InputKind::ConsoleUsers => users.extend(loaded.records),
            _ => roles.extend(loaded.records),
        }
    }
    (users, roles)
}
