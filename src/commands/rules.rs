//! `synclint rules`, `explain` and `test`: the rules as loaded (built-in, `--rules`, and
//! with `--config` the `rules.paths` of that synclint.yaml), listed, explained or run
//! against their own cases. The JSON forms are versioned documents, like `check`'s.

use crate::engine::selftest::{test_rule, RuleTestReport};
use crate::error::Error;
use crate::options::{ExplainOptions, ListFormat, RulesOptions, TestOptions};
use crate::report::json::FORMAT_VERSION;
use crate::rules::load::{load_rules, RuleSources};
use crate::rules::Rule;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;

/// The rule sources, with the `rules.paths` of `config` when one is named.
///
/// # Errors
/// A configuration that cannot be read or is invalid.
fn sources(rules: &RuleSources, config: Option<&Path>) -> Result<RuleSources, Error> {
    let mut sources = rules.clone();
    if let Some(path) = config {
        let cfg = crate::config::load(path, &path.display().to_string())?;
        sources.paths.extend(cfg.rules.paths.iter().cloned());
    }
    Ok(sources)
}

/// A versioned JSON document holding `items` under `key`.
fn document(key: &str, items: serde_json::Value) -> String {
    let mut doc = serde_json::Map::new();
    doc.insert("version".to_owned(), json!(FORMAT_VERSION));
    doc.insert(
        "tool".to_owned(),
        json!({"name": "synclint", "version": env!("CARGO_PKG_VERSION")}),
    );
    doc.insert(key.to_owned(), items);
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

/// `synclint rules`: one line per rule, or a JSON document listing them under `rules`.
///
/// # Errors
/// Invalid rule files or configuration.
pub fn list(args: &RulesOptions) -> Result<String, Error> {
    let mut rules = load_rules(&sources(&args.rules, args.config.as_deref())?)?;
    rules.sort_by(|a, b| {
        (std::cmp::Reverse(a.severity), &a.id).cmp(&(std::cmp::Reverse(b.severity), &b.id))
    });
    if args.format == ListFormat::Json {
        let items: Vec<_> = rules
            .iter()
            .map(|r| json!({"id": r.id, "title": r.title, "severity": r.severity, "category": r.category, "dataset": r.dataset, "tags": r.tags, "origin": r.origin}))
            .collect();
        return Ok(document("rules", items.into()));
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
/// Invalid rule files or configuration, or no rule with that id.
pub fn explain(args: &ExplainOptions) -> Result<String, Error> {
    let id = &args.rule;
    let rules = load_rules(&sources(&args.rules, args.config.as_deref())?)?;
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
    for (i, step) in rule.wording.fix.iter().enumerate() {
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
pub fn test(args: &TestOptions) -> Result<(String, bool), Error> {
    let sources = RuleSources {
        builtin: args.paths.is_empty(),
        paths: args.paths.clone(),
    };
    let rules = load_rules(&sources)?;
    let reports: Vec<RuleTestReport> = rules.iter().map(|r| test_rule(r, args.now)).collect();
    let ok = reports
        .iter()
        .all(|r| r.failures.is_empty() && !r.is_untested());
    if args.format == ListFormat::Json {
        let items = serde_json::to_value(&reports).unwrap_or_default();
        return Ok((document("tests", items), ok));
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
            let verdict = match (f.expected, f.fired) {
                ("fire", true) => "fires, but its finding does not say what the case states",
                ("fire", false) => "should fire but does not",
                _ => "should pass (not fire) but does not",
            };
            let _ = writeln!(out, "  {}: this record {verdict}", f.location);
            for line in f.reason.lines() {
                let _ = writeln!(out, "    {line}");
            }
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
