//! The factory step: raw arguments and `synclint.yaml` become the settings a run uses
//! (the rule set with selections and overrides applied, the inputs, the threshold).

use crate::cli::{CheckArgs, FailOn};
use crate::config::Config;
use crate::error::Error;
use crate::input::InputKind;
use crate::report::OutputFormat;
use crate::rules::{Rule, Severity};
use std::path::{Path, PathBuf};

/// Inputs named on the command line, each with a forced kind when `--kind` gave one.
///
/// # Errors
/// A usage error for a malformed `--kind`.
pub fn inputs(args: &CheckArgs) -> Result<Vec<(PathBuf, Option<InputKind>)>, Error> {
    kinds(&args.input.inputs, &args.input.kinds)
}

/// Paths, plus the files `--kind KIND=PATH` names with the kind it forces.
///
/// # Errors
/// A usage error for a malformed `--kind`.
pub fn kinds(
    paths: &[PathBuf],
    kinds: &[String],
) -> Result<Vec<(PathBuf, Option<InputKind>)>, Error> {
    let mut out: Vec<(PathBuf, Option<InputKind>)> =
        paths.iter().map(|p| (p.clone(), None)).collect();
    for spec in kinds {
        let (kind, path) = spec
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--kind expects KIND=PATH, got `{spec}`")))?;
        let kind = InputKind::from_name(kind.trim()).ok_or_else(|| {
            let names: Vec<&str> = InputKind::ALL.iter().map(|k| k.name()).collect();
            Error::Usage(format!(
                "--kind: unknown kind `{kind}` (expected one of: {})",
                names.join(", ")
            ))
        })?;
        out.push((PathBuf::from(path), Some(kind)));
    }
    Ok(out)
}

/// The threshold as a severity; None for `never`.
#[must_use]
pub fn fail_on(choice: FailOn) -> Option<Severity> {
    match choice {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// Whether `rule` is named by a selector: its id, or `category:NAME`.
fn named(rule: &Rule, selectors: &[String]) -> bool {
    selectors.iter().any(|s| match s.strip_prefix("category:") {
        Some(cat) => cat.eq_ignore_ascii_case(&rule.category),
        None => s.eq_ignore_ascii_case(&rule.id),
    })
}

/// Apply select, ignore and severity overrides (configuration first, then the command line).
///
/// # Errors
/// A usage error for a selector or override that names no loaded rule, or a bad level.
pub fn shape_rules(
    mut rules: Vec<Rule>,
    args: &CheckArgs,
    config: Option<&Config>,
) -> Result<Vec<Rule>, Error> {
    let select = if args.select.is_empty() {
        config.map(|c| c.rules.select.clone()).unwrap_or_default()
    } else {
        args.select.clone()
    };
    let mut ignore = config.map(|c| c.rules.ignore.clone()).unwrap_or_default();
    ignore.extend(args.ignore.iter().cloned());
    for selector in select.iter().chain(&ignore) {
        if !rules
            .iter()
            .any(|r| named(r, std::slice::from_ref(selector)))
        {
            return Err(Error::Usage(names_no_rule(selector, &rules)));
        }
    }
    let mut overrides: Vec<(String, String)> = config
        .map(|c| {
            c.rules
                .severity
                .iter()
                .map(|(id, level, _)| (id.clone(), level.clone()))
                .collect()
        })
        .unwrap_or_default();
    for spec in &args.severities {
        let (id, level) = spec
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--severity expects RULE=LEVEL, got `{spec}`")))?;
        overrides.push((id.trim().to_owned(), level.trim().to_owned()));
    }
    for (id, level) in overrides {
        let severity = Severity::parse(&level).ok_or_else(|| {
            Error::Usage(format!(
                "severity for `{id}` must be error, warning or info, not `{level}`"
            ))
        })?;
        let mut matched = rules.iter_mut().filter(|r| r.id.eq_ignore_ascii_case(&id));
        let Some(first) = matched.next() else {
            return Err(Error::Usage(names_no_rule(&id, &rules)));
        };
        first.severity = severity;
        matched.for_each(|rule| rule.severity = severity);
    }
    rules.retain(|r| (select.is_empty() || named(r, &select)) && !named(r, &ignore));
    Ok(rules)
}

/// Why `selector` (a rule id or `category:NAME`) selects nothing, with what it was
/// probably meant to be.
fn names_no_rule(selector: &str, rules: &[Rule]) -> String {
    match crate::rules::nearest_name(selector, rules) {
        Some(near) => format!(
            "`{selector}` names no loaded rule: did you mean `{near}`? (`synclint rules` lists them)"
        ),
        None => format!("`{selector}` names no loaded rule (see `synclint rules`)"),
    }
}

/// One report to write: a format, and a file (None: standard output).
#[derive(Debug, Clone)]
pub struct Output {
    pub format: OutputFormat,
    pub path: Option<PathBuf>,
}

/// Parse the `--format FORMAT[=FILE]` values, with `--output` for a lone format.
///
/// # Errors
/// A usage error for an unknown format, or for two reports sent to standard output.
pub fn outputs(specs: &[String], output: Option<&Path>) -> Result<Vec<Output>, Error> {
    let mut outs = Vec::new();
    for spec in specs {
        let (name, path) = match spec.split_once('=') {
            Some((name, path)) => (name, Some(PathBuf::from(path))),
            None => (spec.as_str(), None),
        };
        let format = OutputFormat::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = OutputFormat::ALL.iter().map(|(n, _)| *n).collect();
            Error::Usage(format!(
                "--format: unknown format `{name}` (expected one of: {})",
                names.join(", ")
            ))
        })?;
        outs.push(Output { format, path });
    }
    let to_stdout: Vec<&mut Output> = outs.iter_mut().filter(|o| o.path.is_none()).collect();
    match (to_stdout.len(), output) {
        (0 | 1, None) => {}
        (1, Some(path)) => {
            if let Some(o) = to_stdout.into_iter().next() {
                o.path = Some(path.to_path_buf());
            }
        }
        (0, Some(_)) => {
            return Err(Error::Usage(
                "--output needs a --format without `=FILE`".to_owned(),
            ))
        }
        _ => {
            return Err(Error::Usage(
                "only one --format can go to standard output; give the others `=FILE`".to_owned(),
            ))
        }
    }
    Ok(outs)
}
