//! Reading what a notification run needs: the configuration, the check's report (findings
//! and the directory sync report over the 24 hours before now), and the console snapshot's
//! users and user roles for the Customer Cloud Admin recipients.

use super::error::NotifyError;
use super::Options;
use crate::config::{self, Config};
use crate::input::{self, InputKind};
use crate::model::Record;
use crate::options::CheckOptions;
use crate::report::Report;
use crate::syncreport::WindowSpec;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The configuration file: `--config`, else `synclint.yaml` in an input folder, else in
/// the current directory (see [`config::discover`]).
///
/// # Errors
/// [`NotifyError::NoConfig`] when there is none.
pub fn config_path(opts: &Options) -> Result<PathBuf, NotifyError> {
    config::discover(opts.config.as_deref(), opts.input.paths(), &[]).map_err(|looked| {
        let looked: Vec<String> = looked.iter().map(|d| d.display().to_string()).collect();
        NotifyError::NoConfig {
            looked: looked.join(", "),
        }
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
/// Invalid rules or configuration.
pub fn check(
    opts: &Options,
    config: &Path,
    now: DateTime<Utc>,
) -> Result<(Report, Vec<String>), NotifyError> {
    let mut args = CheckOptions::quiet(
        opts.input.clone(),
        Some(config.to_owned()),
        opts.rules.clone(),
        now,
    );
    args.window = WindowSpec {
        since: None,
        until: Some(now),
    };
    let report = crate::check::run(&args)?.report;
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
