//! The factory step: raw arguments and `synclint.yaml` become the settings a run uses
//! (the rule set with selections and overrides applied, the inputs, the threshold).

use crate::cli::{CheckArgs, FailOn};
use crate::config::Config;
use crate::error::Error;
use crate::input::InputKind;
use crate::rules::{Rule, Severity};
use std::path::PathBuf;

/// Inputs named on the command line, each with a forced kind when `--kind` gave one.
#[must_use]
pub fn inputs(args: &CheckArgs) -> Result<Vec<(PathBuf, Option<InputKind>)>, Error> {
    let mut out: Vec<(PathBuf, Option<InputKind>)> =
        args.inputs.iter().map(|p| (p.clone(), None)).collect();
    for spec in &args.kinds {
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
            return Err(Error::Usage(format!(
                "`{selector}` names no loaded rule (see `synclint rules`)"
            )));
        }
    }
    rules.retain(|r| (select.is_empty() || named(r, &select)) && !named(r, &ignore));
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
        for rule in rules.iter_mut().filter(|r| r.id.eq_ignore_ascii_case(&id)) {
            rule.severity = severity;
        }
    }
    Ok(rules)
}
