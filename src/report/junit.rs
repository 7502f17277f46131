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
use crate::finding::{Finding, Mark};
use crate::rules::Severity;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

/// The JUnit renderer.
pub struct Junit;

impl Render for Junit {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let Some(spans) = spans(report) else {
            // A rule's findings apart from one another (report order puts them together,
            // so only a report made otherwise): each rule's brought together, in order.
            let mut all = report.findings.all().into_owned();
            all.sort_by(|a, b| a.rule.cmp(&b.rule));
            return self.render(&report.with_findings(all.into()), out);
        };
        let rules = text::rules(report);
        let failing = rules.iter().filter(|r| spans.contains_key(&r.id)).count();
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
            testcase(&mut w, rule, report, spans.get(&rule.id))?;
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

/// Where a rule's findings are in report order, where they come together.
struct Span {
    mark: Mark,
    count: usize,
    first_message: String,
    worst: Severity,
}

/// Each rule's span of findings, read in one pass; `None` when some rule's findings do
/// not come together.
fn spans(report: &Report) -> Option<HashMap<String, Span>> {
    let mut spans: HashMap<String, Span> = HashMap::new();
    let mut last: Option<String> = None;
    let mut findings = report.findings.iter();
    loop {
        let mark = findings.mark(&report.findings);
        let Some(f) = findings.next() else {
            return Some(spans);
        };
        if last.as_deref() == Some(&*f.rule) {
            if let Some(span) = spans.get_mut(&*f.rule) {
                span.count += 1;
                span.worst = span.worst.max(f.severity);
            }
            continue;
        }
        if spans.contains_key(&*f.rule) {
            return None;
        }
        let span = Span {
            mark,
            count: 1,
            first_message: f.message(),
            worst: f.severity,
        };
        spans.insert(f.rule.to_string(), span);
        last = Some(f.rule.to_string());
    }
}

fn testcase(
    w: &mut Writer<&mut dyn Write>,
    rule: &RuleInfo,
    report: &Report,
    span: Option<&Span>,
) -> std::io::Result<()> {
    let mut case = BytesStart::new("testcase");
    case.push_attribute(attr("name", &rule.id));
    case.push_attribute(attr("classname", &format!("synclint.{}", rule.category)));
    let Some(span) = span else {
        return w.write_event(Event::Empty(case));
    };
    w.write_event(Event::Start(case))?;
    let message = match span.count {
        1 => span.first_message.clone(),
        n => format!("{n} findings: {}", span.first_message),
    };
    let mut failure = BytesStart::new("failure");
    failure.push_attribute(attr("message", &message));
    failure.push_attribute(attr("type", span.worst.as_str()));
    w.write_event(Event::Start(failure))?;
    // The findings' texts one after another: escaped piece by piece, they read as the
    // one text they make together.
    let findings = report.findings.iter_from(span.mark).take(span.count);
    for (n, f) in findings.enumerate() {
        let text = failure_text(&f);
        let text = if n == 0 {
            text
        } else {
            format!("\n\n---\n\n{text}")
        };
        w.write_event(Event::Text(body(&text)))?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Says, Subjects};

    fn finding(rule: &str, user: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            title: "t".into(),
            category: "c".into(),
            says: Says::fixed(format!("about {user}"), Vec::new()),
            subjects: Subjects::from([("user".to_owned(), user.to_owned())]),
            location: None,
            events: None,
            cause: None,
        }
    }

    fn junit(report: &Report) -> String {
        let mut out = Vec::new();
        Junit.render(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Findings of a rule apart from one another (a report not in report order) are
    /// still all in that rule's testcase, in order.
    #[test]
    fn a_rules_findings_apart_are_one_testcase() {
        let apart = vec![finding("a", "x"), finding("b", "y"), finding("a", "z")];
        let together = vec![finding("a", "x"), finding("a", "z"), finding("b", "y")];
        let report = |findings: Vec<Finding>| Report {
            findings: findings.into(),
            ..Report::default()
        };
        let text = junit(&report(apart));
        assert_eq!(text, junit(&report(together)));
        assert!(text.contains("2 findings: about x"), "{text}");
        assert!(
            text.contains("about x\n\n---\n\nabout user: z\nabout z<"),
            "{text}"
        );
        assert_eq!(text.matches("<testcase").count(), 2, "{text}");
    }
}
