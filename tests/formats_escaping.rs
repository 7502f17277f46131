//! Hostile input through every format: markup, CDATA ends, workflow-command separators,
//! percent signs, newlines, pipes and terminal escapes must come out inert.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use synclint::finding::{Finding, Subjects};
use synclint::model::{Location, Skipped};
use synclint::report::text::markdown;
use synclint::report::{InputProblem, OutputFormat, RenderOptions, Report};
use synclint::rules::Severity;

const EVIL: &str = "<script>alert(1)</script> ]]> :: 100% a,b\nnext | line \u{1b}[31mred";
/// EVIL as every format shows it: the ESC replaced, nothing else lost.
const SHOWN: &str = "<script>alert(1)</script> ]]> :: 100% a,b\nnext | line \u{FFFD}[31mred";

fn hostile_report() -> Report {
    let evil_finding = |rule: &str, severity, location| Finding {
        rule: rule.into(),
        severity,
        title: format!("Title {EVIL}").into(),
        category: "drift".into(),
        says: synclint::finding::Says::fixed(
            format!("Message {EVIL}"),
            vec![format!("Step {EVIL}"), "::error::injected".to_owned()],
        ),
        subjects: Subjects::from([
            ("user".to_owned(), EVIL.to_owned()),
            ("group".to_owned(), "| a | b |".to_owned()),
        ]),
        location,
        events: None,
        cause: None,
    };
    let mut report = Report {
        findings: vec![
            evil_finding(
                "evil-rule",
                Severity::Error,
                Some(Location::new(format!("dir/{EVIL}.json"), 7, 3)),
            ),
            evil_finding("evil-rule", Severity::Error, None),
            evil_finding("other-rule", Severity::Info, None),
        ]
        .into(),
        ..Report::default()
    };
    report.summary.problems.push(InputProblem {
        path: format!("bad/{EVIL}"),
        problem: "malformed",
        reason: EVIL.to_owned(),
        location: None,
    });
    report.summary.skipped.push(Skipped {
        location: Location::new(format!("skip/{EVIL}"), 2, 0),
        reason: EVIL.to_owned(),
    });
    report
}

fn render(format: OutputFormat, report: &Report) -> String {
    let mut out = Vec::new();
    format
        .renderer(&RenderOptions {
            color: false,
            max_findings: None,
        })
        .render(report, &mut out)
        .expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn no_format_lets_a_terminal_escape_through() {
    let report = hostile_report();
    for (name, format) in OutputFormat::ALL {
        if *name == "human" {
            continue; // the human format's own cleaning is outside this change
        }
        let text = render(*format, &report);
        assert!(
            !text.contains('\u{1b}'),
            "{name} printed a raw ESC:\n{text}"
        );
    }
}

#[test]
fn json_round_trips_the_exact_text() {
    let text = render(OutputFormat::Json, &hostile_report());
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["findings"][0]["message"], format!("Message {EVIL}"));
}

#[test]
fn sarif_keeps_the_text_and_encodes_the_path() {
    let text = render(OutputFormat::Sarif, &hostile_report());
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&text).expect("SARIF");
    let run = &sarif.runs[0];
    let results = run.results.as_ref().expect("results");
    assert_eq!(results.len(), 3);
    let message = results[0].message.text.clone().expect("text");
    // `[` and `]` are escaped so they are not read as embedded links (SARIF §3.11.6).
    let expected = format!("Message {SHOWN}")
        .replace('[', "\\[")
        .replace(']', "\\]");
    assert!(message.starts_with(&expected), "{message}");
    let loc = &results[0].locations.as_ref().expect("locations")[0];
    let uri = loc
        .physical_location
        .as_ref()
        .and_then(|p| p.artifact_location.as_ref())
        .and_then(|a| a.uri.clone())
        .expect("uri");
    assert!(uri.starts_with("dir/%3Cscript%3Ealert(1)%3C/script%3E%20%5D%5D%3E%20%3A%3A%20100%25"));
    assert!(!uri.contains(|c: char| c.is_whitespace() || c.is_control() || "<>|".contains(c)));
    let notes = run.invocations.as_ref().expect("invocations")[0]
        .tool_execution_notifications
        .as_ref()
        .expect("notifications");
    assert_eq!(notes.len(), 1);
}

#[test]
fn junit_parses_and_the_text_round_trips() {
    let report = hostile_report();
    let xml = render(OutputFormat::Junit, &report);
    let mut reader = Reader::from_str(&xml);
    let (mut messages, mut bodies, mut in_failure) = (Vec::new(), Vec::new(), false);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"failure" => {
                in_failure = true;
                let message = e
                    .try_get_attribute("message")
                    .expect("attr")
                    .expect("message");
                messages.push(
                    message
                        .normalized_value(XmlVersion::Explicit1_0)
                        .expect("normalize")
                        .into_owned(),
                );
            }
            Event::End(e) if e.name().as_ref() == b"failure" => in_failure = false,
            Event::Text(t) if in_failure => {
                bodies.push(t.xml10_content().expect("decode").into_owned());
            }
            Event::GeneralRef(r) if in_failure => {
                let name = r.decode().expect("decode").into_owned();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                bodies.last_mut().expect("text before").push_str(c);
            }
            Event::CData(_) => panic!("no CDATA expected"),
            Event::Eof => break,
            _ => {}
        }
    }
    // One failure per rule: `evil-rule` has two findings, `other-rule` one.
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0], format!("2 findings: Message {SHOWN}"));
    assert_eq!(messages[1], format!("Message {SHOWN}"));
    let body = bodies.concat();
    assert!(body.contains(&format!("Message {SHOWN}")), "{body}");
    assert!(body.contains(&format!("1. Step {SHOWN}")), "{body}");
    assert!(!xml.contains("<script>"), "{xml}");
}

/// Undo the workflow-command escaping.
fn unescape_command(text: &str) -> String {
    text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_commands_stay_one_per_line_and_decode_back() {
    let report = hostile_report();
    let text = render(OutputFormat::Github, &report);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), report.findings.len() + 1, "{text}");
    assert!(!text.contains('\r'));
    for line in &lines[..report.findings.len()] {
        let rest = line.strip_prefix("::").expect("a command");
        let (head, data) = rest.split_once("::").expect("command::data");
        let (command, props) = head.split_once(' ').expect("properties");
        assert!(["error", "notice"].contains(&command), "{line}");
        let props: BTreeMap<&str, String> = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("key=value");
                (k, unescape_command(v))
            })
            .collect();
        let rule = if command == "error" {
            "evil-rule"
        } else {
            "other-rule"
        };
        assert_eq!(props["title"], format!("Title {SHOWN} ({rule})"));
        if let Some(file) = props.get("file") {
            assert_eq!(*file, format!("dir/{SHOWN}.json"));
            assert_eq!(props["line"], "7");
            assert_eq!(props["col"], "3");
        }
        let data = unescape_command(data);
        assert!(data.starts_with(&format!("Message {SHOWN}\n\nFix:\n1. Step {SHOWN}")));
        assert!(data.ends_with("\n2. ::error::injected"), "{data}");
    }
    assert!(lines[report.findings.len()].starts_with("::notice::synclint: 3 finding(s)"));
}

/// The HTML tags the Markdown format writes itself.
const OWN_TAGS: &[&str] = &["<br>", "<details>", "</details>", "<summary>", "</summary>"];

/// Pipes that split table cells (not escaped with a backslash).
fn cell_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        if c == '|' && !escaped {
            count += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    count
}

#[test]
fn markdown_opens_no_html_and_keeps_tables_whole() {
    let text = render(OutputFormat::Markdown, &hostile_report());
    assert!(!text.contains("<script"), "{text}");
    for (i, _) in text.match_indices('<') {
        assert!(
            OWN_TAGS.iter().any(|t| text[i..].starts_with(t)),
            "unexpected tag at {}",
            &text[i..text.len().min(i + 30)]
        );
    }
    let mut columns = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let pipes = cell_pipes(line);
            let expected = *columns.get_or_insert(pipes);
            assert_eq!(pipes, expected, "a row with another cell count: {line}");
        } else {
            columns = None;
        }
        assert!(!line.starts_with("::"), "{line}");
    }
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\]\\]&gt; :: 100% a,b<br>next \\| line \u{FFFD}\\[31mred"));
}

#[test]
fn markdown_escaping_defuses_line_starts() {
    assert_eq!(markdown("- item"), "\\- item");
    assert_eq!(markdown("+ item"), "\\+ item");
    assert_eq!(markdown("12. item"), "12\\. item");
    assert_eq!(markdown("# heading"), "\\# heading");
    assert_eq!(markdown("    code"), "&#32;&#32;&#32;&#32;code");
    assert_eq!(markdown("a-b 1. c"), "a-b 1. c");
    assert_eq!(markdown("x\r\ny"), "x<br>y");
    assert_eq!(
        markdown("**b** _i_ `c` ~s~"),
        "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\~s\\~"
    );
}
