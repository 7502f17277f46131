//! The small commands: `rules`, `explain`, `test`, `schema`, `completions`, `man`.

use crate::cli::{Format, RuleArgs, SchemaKind};
use crate::engine::selftest::{test_rule, RuleTestReport};
use crate::error::Error;
use crate::rules::load::{load_rules, RuleSources};
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

fn sources(args: &RuleArgs) -> RuleSources {
    RuleSources {
        builtin: !args.no_builtin,
        paths: args.rules.clone(),
    }
}

/// `synclint rules`: one line per rule, or a JSON array.
///
/// # Errors
/// Invalid rule files.
pub fn list(args: &RuleArgs, format: Format) -> Result<String, Error> {
    let mut rules = load_rules(&sources(args))?;
    rules.sort_by(|a, b| {
        (std::cmp::Reverse(a.severity), &a.id).cmp(&(std::cmp::Reverse(b.severity), &b.id))
    });
    if format == Format::Json {
        let items: Vec<_> = rules
            .iter()
            .map(|r| json!({"id": r.id, "title": r.title, "severity": r.severity, "category": r.category, "dataset": r.dataset, "tags": r.tags, "origin": r.origin}))
            .collect();
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        ));
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rules {
        let _ = writeln!(
            out,
            "{:<width$}  {:<7}  {:<9}  {}",
            r.id,
            r.severity.as_str(),
            r.category,
            r.title
        );
    }
    let _ = writeln!(out, "{} rule(s)", rules.len());
    Ok(out)
}

/// `synclint explain RULE`.
///
/// # Errors
/// Invalid rule files, or no rule with that id.
pub fn explain(id: &str, args: &RuleArgs) -> Result<String, Error> {
    let rules = load_rules(&sources(args))?;
    let rule = rules
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| match crate::rules::nearest_name(id, &rules) {
            Some(near) => Error::Usage(format!("no rule `{id}`: did you mean `{near}`?")),
            None => Error::Usage(format!("no rule `{id}` (see `synclint rules`)")),
        })?;
    Ok(explanation(rule))
}

/// A rule's documentation as plain text.
#[must_use]
pub fn explanation(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {})\n{}\n",
        rule.id, rule.severity, rule.category, rule.title
    );
    let _ = writeln!(out, "What it detects\n  {}\n", wrap(&rule.docs.what));
    let _ = writeln!(out, "Why it matters\n  {}\n", wrap(&rule.docs.why));
    let _ = writeln!(out, "How to fix it\n  {}\n", wrap(&rule.docs.fix));
    let _ = writeln!(out, "Fix steps (as shown with each finding)");
    for (i, step) in rule.fix.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, step.source_text());
    }
    if !rule.references.is_empty() {
        let _ = writeln!(out, "\nReferences");
        for r in &rule.references {
            let _ = writeln!(out, "  {r}");
        }
    }
    let _ = writeln!(out, "\nDataset: {}   Source: {}", rule.dataset, rule.origin);
    out
}

fn wrap(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `synclint test`: run every rule's own tests. Returns the text and whether all passed.
///
/// # Errors
/// Invalid rule files.
pub fn test(
    paths: &[PathBuf],
    format: Format,
    now: DateTime<Utc>,
) -> Result<(String, bool), Error> {
    let sources = RuleSources {
        builtin: paths.is_empty(),
        paths: paths.to_vec(),
    };
    let rules = load_rules(&sources)?;
    let reports: Vec<RuleTestReport> = rules.iter().map(|r| test_rule(r, now)).collect();
    let ok = reports
        .iter()
        .all(|r| r.failures.is_empty() && !r.is_untested());
    if format == Format::Json {
        return Ok((
            format!(
                "{}\n",
                serde_json::to_string_pretty(&reports).unwrap_or_default()
            ),
            ok,
        ));
    }
    let mut out = String::new();
    for r in &reports {
        let verdict = if r.is_untested() {
            "NO TESTS"
        } else if r.failures.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        let _ = writeln!(
            out,
            "{:<34} {verdict} ({} case(s) passed)",
            r.rule, r.passed
        );
        for f in &r.failures {
            let _ = writeln!(
                out,
                "  {}: this record should {} but does not",
                f.location,
                if f.expected == "fire" {
                    "fire"
                } else {
                    "pass (not fire)"
                }
            );
        }
    }
    let failed = reports
        .iter()
        .filter(|r| !r.failures.is_empty() || r.is_untested())
        .count();
    let _ = writeln!(
        out,
        "{} rule(s) tested: {} passed, {} failed",
        reports.len(),
        reports.len() - failed,
        failed
    );
    Ok((out, ok))
}

/// `synclint schema`.
///
/// # Errors
/// A dataset name that is missing or unknown, or a name given to another schema.
pub fn schema(which: SchemaKind, name: Option<&str>) -> Result<String, Error> {
    let value = match (which, name) {
        (SchemaKind::Dataset, Some(name)) => return dataset_schema(name),
        (SchemaKind::Dataset, None) => {
            return Err(Error::Usage(format!(
                "`schema dataset` needs a dataset name: one of {}",
                crate::model::dataset::ALL.join(", ")
            )))
        }
        (_, Some(extra)) => return Err(Error::Usage(format!("unexpected argument `{extra}`"))),
        (SchemaKind::Rule, None) => {
            serde_json::to_value(schemars::schema_for!(crate::rules::shape::RuleFile))
                .unwrap_or_default()
        }
        (SchemaKind::Config, None) => crate::config::json_schema(),
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
pub fn completions(shell: clap_complete::Shell) -> Result<String, Error> {
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
