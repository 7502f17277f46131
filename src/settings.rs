//! The rule set a run uses: the loaded rules with the selections and severity overrides
//! of synclint.yaml and the command line applied.

use crate::config::Config;
use crate::error::Error;
use crate::options::CheckOptions;
use crate::rules::{Rule, Severity};

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
    args: &CheckOptions,
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
    let overrides: Vec<(String, String)> = config
        .map(|c| {
            c.rules
                .severity
                .iter()
                .map(|(id, level, _)| (id.clone(), level.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut levels = Vec::with_capacity(overrides.len() + args.severities.len());
    for (id, level) in overrides {
        let severity = Severity::parse(&level).ok_or_else(|| {
            Error::Usage(format!(
                "severity for `{id}` must be error, warning or info, not `{level}`"
            ))
        })?;
        levels.push((id, severity));
    }
    levels.extend(args.severities.iter().cloned());
    for (id, severity) in levels {
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
