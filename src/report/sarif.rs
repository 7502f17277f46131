//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run. `tool.driver.rules` describes every rule that ran (plus any rule a finding
//! names that the report does not list); each result points at its rule by `ruleId` and
//! `ruleIndex`, carries a `physicalLocation` with a relative URI when the finding has a
//! place, and a `partialFingerprints` entry (`synclintFindingHash/v1`) computed from the
//! rule id, the subjects and the message — never from line numbers, so an alert survives
//! edits that move lines. Input files that could not be used and expired suppressions
//! become `toolExecutionNotifications`.

use super::fixes::ConfigFix;
use super::text::{self, inert};
use super::{InputProblem, Render, Report, RuleInfo};
use crate::finding::Finding;
use crate::gate::ExpiredSuppression;
use crate::model::Location;
use crate::rules::Severity;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The `$schema` written into the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "synclintFindingHash/v1";

/// The most results GitHub code scanning accepts in one SARIF run; it refuses more.
pub const CODE_SCANNING_ACCEPTS: usize = 25_000;

/// The most results of one run GitHub code scanning keeps (the most severe).
pub const CODE_SCANNING_KEEPS: usize = 5_000;

/// What to tell a user about to upload a SARIF report of `results` results to GitHub code
/// scanning, when it passes what code scanning takes; the report itself stays whole.
#[must_use]
pub fn code_scanning_note(results: usize) -> Option<String> {
    let narrow = "to upload fewer, narrow the check (`--select` the rules that matter, \
                  `--since`, or `--baseline` for what is new); the report holds every finding";
    if results > CODE_SCANNING_ACCEPTS {
        Some(format!(
            "warning: the SARIF report has {results} results, and GitHub code scanning \
             refuses a run of more than {CODE_SCANNING_ACCEPTS}: {narrow}"
        ))
    } else if results > CODE_SCANNING_KEEPS {
        Some(format!(
            "note: the SARIF report has {results} results, and GitHub code scanning keeps \
             the {CODE_SCANNING_KEEPS} most severe of a run: {narrow}"
        ))
    } else {
        None
    }
}

/// The SARIF renderer.
pub struct Sarif;

impl Render for Sarif {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let rules = text::rules(report);
        // A check stopped by an invalid file did not run (see `commands::check_invalid`).
        let stopped = report
            .summary
            .problems
            .iter()
            .any(|p| p.problem == "invalid");
        let mut invocation = json!({"executionSuccessful": !stopped});
        let notes: Vec<Value> = report
            .summary
            .problems
            .iter()
            .map(notification)
            .chain(report.summary.gate.expired_suppressions.iter().map(expired))
            .collect();
        if !notes.is_empty() {
            invocation["toolExecutionNotifications"] = Value::Array(notes);
        }
        let doc = Log {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: json!({"driver": {
                    "name": "synclint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
                }}),
                invocations: [invocation],
                results: Results {
                    report,
                    rules: &rules,
                },
            }],
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

/// The log's top level, in output order.
#[derive(serde::Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(serde::Serialize)]
struct Run<'a> {
    tool: Value,
    invocations: [Value; 1],
    results: Results<'a>,
}

/// The results, made one at a time as they are written: a large report is never held
/// as one document.
struct Results<'a> {
    report: &'a Report,
    rules: &'a [RuleInfo],
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let findings = &self.report.findings;
        let mut seq = serializer.serialize_seq(Some(findings.len()))?;
        // How many results so far had each fingerprint (keyed by its first 128 bits,
        // which SHA-256 makes unique in practice), so repeats are numbered apart.
        let mut seen: HashMap<u128, usize> = HashMap::new();
        for f in findings.iter() {
            let hash = f.fingerprint();
            let key = hash
                .get(..32)
                .and_then(|h| u128::from_str_radix(h, 16).ok())
                .unwrap_or_default();
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            let mut r = result(&f, self.rules, &format!("{hash}:{n}"));
            add_fixes(&mut r, &f, &self.report.config_fixes);
            seq.serialize_element(&r)?;
        }
        seq.end()
    }
}

/// The SARIF level of a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Escape plain text for a SARIF `message`: `[`, `]` and `\` would otherwise be read as
/// (parts of) embedded links (SARIF 2.1.0 §3.11.6).
fn message_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in inert(raw).chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn descriptor(rule: &RuleInfo) -> Value {
    let mut d = Map::new();
    d.insert("id".into(), json!(rule.id));
    d.insert("name".into(), json!(text::pascal_case(&rule.id)));
    d.insert(
        "shortDescription".into(),
        json!({"text": inert(&rule.title)}),
    );
    let what = one_paragraph(&rule.docs.what);
    if !what.is_empty() {
        d.insert("fullDescription".into(), json!({"text": what}));
    }
    let (help_text, help_markdown) = help(rule);
    d.insert(
        "help".into(),
        json!({"text": help_text, "markdown": help_markdown}),
    );
    if let Some(uri) = rule.references.iter().find_map(|r| text::web_url(r)) {
        d.insert("helpUri".into(), json!(uri));
    }
    d.insert(
        "defaultConfiguration".into(),
        json!({"level": level(rule.severity)}),
    );
    let mut tags: Vec<String> = rule.tags.iter().map(|t| inert(t)).collect();
    if !rule.category.is_empty() && !tags.contains(&rule.category) {
        tags.push(inert(&rule.category));
    }
    d.insert("properties".into(), json!({"tags": tags}));
    Value::Object(d)
}

/// Folded YAML text as one paragraph.
fn one_paragraph(text: &str) -> String {
    inert(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A rule's help: why it matters, how to fix it, the fix steps; as text and as Markdown.
fn help(rule: &RuleInfo) -> (String, String) {
    let (why, fix) = (one_paragraph(&rule.docs.why), one_paragraph(&rule.docs.fix));
    let steps: Vec<String> = rule.fix.iter().map(|s| inert(s)).collect();
    let mut text_parts = Vec::new();
    let mut md_parts = Vec::new();
    if !why.is_empty() {
        text_parts.push(format!("Why it matters: {why}"));
        md_parts.push(format!("**Why it matters:** {}", text::markdown(&why)));
    }
    if !fix.is_empty() {
        text_parts.push(format!("How to fix it: {fix}"));
        md_parts.push(format!("**How to fix it:** {}", text::markdown(&fix)));
    }
    if !steps.is_empty() {
        text_parts.push(format!("Fix steps:\n{}", text::numbered(&steps)));
        let md_steps: Vec<String> = steps.iter().map(|s| text::markdown(s)).collect();
        md_parts.push(format!("**Fix steps:**\n\n{}", text::numbered(&md_steps)));
    }
    if !rule.references.is_empty() {
        let refs: Vec<String> = rule.references.iter().map(|r| inert(r)).collect();
        text_parts.push(format!("References:\n{}", refs.join("\n")));
        let md_refs: Vec<String> = rule
            .references
            .iter()
            .map(|r| format!("- {}", text::markdown_reference(r)))
            .collect();
        md_parts.push(format!("**References:**\n\n{}", md_refs.join("\n")));
    }
    if text_parts.is_empty() {
        let title = inert(&rule.title);
        md_parts.push(text::markdown(&title));
        text_parts.push(title);
    }
    (text_parts.join("\n\n"), md_parts.join("\n\n"))
}

fn result(f: &Finding, rules: &[RuleInfo], fingerprint: &str) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule));
    if let Some(index) = rules.iter().position(|rule| *rule.id == *f.rule) {
        r.insert("ruleIndex".into(), json!(index));
    }
    r.insert("level".into(), json!(level(f.severity)));
    let (message, fix) = f.render();
    let mut message = message_text(&message);
    if !fix.is_empty() {
        let steps: Vec<String> = fix.iter().map(|s| message_text(s)).collect();
        message = format!("{message}\n\nFix:\n{}", text::numbered(&steps));
    }
    r.insert("message".into(), json!({"text": message}));
    if let Some(loc) = f.location.as_ref().and_then(physical_location) {
        r.insert("locations".into(), json!([loc]));
    }
    r.insert(
        "partialFingerprints".into(),
        json!({FINGERPRINT_KEY: fingerprint}),
    );
    let subjects: Map<String, Value> = f
        .subjects
        .iter()
        .map(|(k, v)| (inert(k), json!(inert(v))))
        .collect();
    r.insert(
        "properties".into(),
        json!({"category": inert(&f.category), "subjects": subjects}),
    );
    Value::Object(r)
}

/// The configuration changes certain to resolve `f`, as the result's `fixes`.
fn add_fixes(result: &mut Value, f: &Finding, fixes: &[ConfigFix]) {
    let group = f.subjects.get("group");
    let found: Vec<Value> = fixes
        .iter()
        .filter(|x| Some(&x.group) == group)
        .filter(|x| x.rule.as_deref().is_none_or(|r| r == &*f.rule))
        .map(|x| {
            let r = &x.replacement;
            json!({
                "description": {"text": message_text(&x.description)},
                "artifactChanges": [{
                    "artifactLocation": {"uri": text::path_uri(&x.path)},
                    "replacements": [{
                        "deletedRegion": {
                            "startLine": r.start_line,
                            "startColumn": r.start_column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                        "insertedContent": {"text": r.inserted},
                    }],
                }],
            })
        })
        .collect();
    if !found.is_empty() {
        result["fixes"] = Value::Array(found);
    }
}

/// A location as `{"physicalLocation": ...}`, None for one without a path.
fn physical_location(loc: &Location) -> Option<Value> {
    if loc.path.is_empty() {
        return None;
    }
    let mut physical = json!({"artifactLocation": {"uri": text::path_uri(&loc.path)}});
    if loc.line > 0 {
        let mut region = json!({"startLine": loc.line});
        if loc.column > 0 {
            region["startColumn"] = json!(loc.column);
        }
        physical["region"] = region;
    }
    Some(json!({"physicalLocation": physical}))
}

/// An expired suppression, at its place in synclint.yaml.
fn expired(e: &ExpiredSuppression) -> Value {
    let mut n = json!({
        "level": "warning",
        "message": {"text": message_text(&format!("{}: {}", super::expired::TITLE, super::expired::sentence(e)))},
    });
    if let Some(loc) = physical_location(&e.location) {
        n["locations"] = json!([loc]);
    }
    n
}

fn notification(p: &InputProblem) -> Value {
    let mut n = json!({
        "level": if p.problem == "invalid" { "error" } else { "warning" },
        "message": {"text": message_text(&format!(
            "{} not used ({}): {}", p.path, p.problem, p.reason
        ))},
    });
    let loc = p
        .location
        .clone()
        .unwrap_or_else(|| Location::new(p.path.clone(), 0, 0));
    if let Some(loc) = physical_location(&loc) {
        n["locations"] = json!([loc]);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_scanning_is_told_about_only_past_its_limits() {
        assert_eq!(code_scanning_note(CODE_SCANNING_KEEPS), None);
        let kept = code_scanning_note(CODE_SCANNING_KEEPS + 1).unwrap();
        assert!(
            kept.starts_with("note:") && kept.contains("keeps the 5000"),
            "{kept}"
        );
        let kept = code_scanning_note(CODE_SCANNING_ACCEPTS).unwrap();
        assert!(kept.starts_with("note:"), "{kept}");
        let refused = code_scanning_note(CODE_SCANNING_ACCEPTS + 1).unwrap();
        assert!(
            refused.starts_with("warning:") && refused.contains("refuses"),
            "{refused}"
        );
    }
}
