//! `--format junit`: JUnit XML, for CI systems that show test results.
//!
//! One `<testsuite name="synclint">` in a `<testsuites>`. Every rule that ran is a
//! `<testcase name="RULE-ID" classname="synclint.CATEGORY">`; it passes when the rule found
//! nothing, and otherwise carries one `<failure message=... type="SEVERITY">` (JUnit's
//! schema allows one, and Jenkins and Azure DevOps show only the first): its message is the
//! finding's, or `N findings: ` and the first one's, and its body lists every finding, each
//! with its place, message and numbered fix steps. Rules that could not run
//! for lack of an input are `<skipped>` testcases. `tests` counts testcases, `failures`
//! the testcases with at least one failure, `skipped` the rules not run. The summary, the
//! inputs not used and the expired suppressions go to `<system-out>`.
//!
//! All text is escaped for XML, in attributes (including newlines and tabs, as character
//! references, so they survive attribute normalization) and in bodies; characters XML 1.0
//! forbids (control characters) are replaced by U+FFFD.

use super::text::{self, inert};
use super::{InputProblem, Render, Report, RuleInfo};
use crate::finding::Finding;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::io::Write;

/// The JUnit renderer.
pub struct Junit;

impl Render for Junit {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let report = &*report.loaded();
        let rules = text::rules(report);
        let failing = rules
            .iter()
            .filter(|r| report.findings.loaded().iter().any(|f| *f.rule == *r.id))
            .count();
        let skipped = report.summary.rules_not_run.len();
        // A file that stopped the check (see `commands::check_invalid`) is a failing case.
        let invalid: Vec<&InputProblem> = report
            .summary
            .problems
            .iter()
            .filter(|p| p.problem == "invalid")
            .collect();
        let counts = [
            ("tests", (rules.len() + skipped + invalid.len()).to_string()),
            ("failures", (failing + invalid.len()).to_string()),
            ("errors", "0".to_owned()),
            ("skipped", skipped.to_string()),
        ];
        let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut suites = BytesStart::new("testsuites");
        suites.push_attribute(attr("name", "synclint"));
        let mut suite = BytesStart::new("testsuite");
        suite.push_attribute(attr("name", "synclint"));
        for (key, value) in &counts {
            suites.push_attribute(attr(key, value));
            suite.push_attribute(attr(key, value));
        }
        w.write_event(Event::Start(suites))?;
        w.write_event(Event::Start(suite))?;
        for rule in &rules {
            let findings: Vec<&Finding> = report
                .findings
                .loaded()
                .iter()
                .filter(|f| *f.rule == *rule.id)
                .collect();
            testcase(&mut w, rule, &findings)?;
        }
        for problem in &invalid {
            invalid_case(&mut w, problem)?;
        }
        for not_run in &report.summary.rules_not_run {
            let mut case = BytesStart::new("testcase");
            case.push_attribute(attr("name", &not_run.rule));
            case.push_attribute(attr("classname", "synclint"));
            w.write_event(Event::Start(case))?;
            let mut skip = BytesStart::new("skipped");
            let why = format!("not run: no input supplied {}", not_run.missing.join(", "));
            skip.push_attribute(attr("message", &why));
            w.write_event(Event::Empty(skip))?;
            w.write_event(Event::End(BytesEnd::new("testcase")))?;
        }
        w.create_element("system-out")
            .write_text_content(body(&system_out(report)))?;
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
        w.write_event(Event::End(BytesEnd::new("testsuites")))?;
        w.get_mut().write_all(b"\n")
    }
}

fn testcase(
    w: &mut Writer<&mut dyn Write>,
    rule: &RuleInfo,
    findings: &[&Finding],
) -> std::io::Result<()> {
    let mut case = BytesStart::new("testcase");
    case.push_attribute(attr("name", &rule.id));
    case.push_attribute(attr("classname", &format!("synclint.{}", rule.category)));
    if findings.is_empty() {
        return w.write_event(Event::Empty(case));
    }
    w.write_event(Event::Start(case))?;
    let message = match findings {
        [one] => one.message(),
        [first, ..] => format!("{} findings: {}", findings.len(), first.message()),
        [] => String::new(),
    };
    let mut failure = BytesStart::new("failure");
    failure.push_attribute(attr("message", &message));
    let worst = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(rule.severity);
    failure.push_attribute(attr("type", worst.as_str()));
    w.write_event(Event::Start(failure))?;
    let texts: Vec<String> = findings.iter().map(|f| failure_text(f)).collect();
    w.write_event(Event::Text(body(&texts.join("\n\n---\n\n"))))?;
    w.write_event(Event::End(BytesEnd::new("failure")))?;
    w.write_event(Event::End(BytesEnd::new("testcase")))
}

/// A testcase failing for a file that stopped the check, named after the file.
fn invalid_case(w: &mut Writer<&mut dyn Write>, problem: &InputProblem) -> std::io::Result<()> {
    let mut case = BytesStart::new("testcase");
    case.push_attribute(attr("name", &problem.path));
    case.push_attribute(attr("classname", "synclint.input"));
    w.write_event(Event::Start(case))?;
    let mut failure = BytesStart::new("failure");
    failure.push_attribute(attr("message", &problem.reason));
    failure.push_attribute(attr("type", "error"));
    w.write_event(Event::Start(failure))?;
    let at = problem
        .location
        .as_ref()
        .map_or_else(|| problem.path.clone(), text::place);
    w.write_event(Event::Text(body(&format!("at {at}\n{}", problem.reason))))?;
    w.write_event(Event::End(BytesEnd::new("failure")))?;
    w.write_event(Event::End(BytesEnd::new("testcase")))
}

/// The body of a `<failure>`: where, what, and how to fix it.
fn failure_text(f: &Finding) -> String {
    let mut lines = Vec::new();
    if let Some(loc) = &f.location {
        lines.push(format!("at {}", text::place(loc)));
    }
    let subjects = text::subjects(f);
    if !subjects.is_empty() {
        lines.push(format!("about {}", subjects.join(", ")));
    }
    lines.push(f.message().clone());
    if !f.fix().is_empty() {
        lines.push(format!("\nFix:\n{}", text::numbered(&f.fix())));
    }
    lines.join("\n")
}

fn system_out(report: &Report) -> String {
    let mut lines = vec![super::human::summary_line(report)];
    for input in &report.summary.inputs {
        lines.push(format!("read {} as {}", input.path, input.read_as()));
        lines.extend(input.notes().iter().map(|note| format!("  {note}")));
    }
    for p in &report.summary.problems {
        let at = p
            .location
            .as_ref()
            .map_or_else(|| p.path.clone(), ToString::to_string);
        lines.push(format!("not used ({}): {at}: {}", p.problem, p.reason));
    }
    for skip in &report.summary.skipped {
        lines.push(format!("skipped {}: {}", skip.location, skip.reason));
    }
    for e in &report.summary.gate.expired_suppressions {
        let (title, place) = (super::expired::TITLE, text::place(&e.location));
        lines.push(format!(
            "{title} at {place}: {}",
            super::expired::sentence(e)
        ));
    }
    lines.join("\n")
}

/// Escape for XML: the five markup characters, and (for attributes, where a parser would
/// turn them into spaces) tab, newline and carriage return as character references.
fn escape(raw: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in inert(raw).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn attr<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    Attribute {
        key: QName(key.as_bytes()),
        value: Cow::Owned(escape(value, true).into_bytes()),
    }
}

fn body(raw: &str) -> BytesText<'static> {
    BytesText::from_escaped(escape(raw, false))
}
