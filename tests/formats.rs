//! The output formats through the real binary: a snapshot of each on the demo, several
//! formats in one run, and the shape of the JUnit, GitHub and Markdown outputs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::process::{Command, Output};

const NOW: &str = "2026-11-28T12:00:00Z";

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// `synclint check fixtures/demo --now NOW --format FORMAT`, as text.
fn demo(format: &str) -> String {
    let out = synclint(&["check", "fixtures/demo", "--now", NOW, "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the demo has errors; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// What the JSON report of the demo counts, so the other formats can be checked against it.
struct DemoCounts {
    findings: usize,
    errors: usize,
    warnings: usize,
    rules_not_run: usize,
    rules_run: usize,
    rules_fired: usize,
}

fn demo_counts() -> DemoCounts {
    let doc: serde_json::Value = serde_json::from_str(&demo("json")).expect("JSON report");
    let findings = doc["findings"].as_array().expect("findings");
    let mut fired: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    fired.sort_unstable();
    fired.dedup();
    DemoCounts {
        findings: findings.len(),
        errors: findings.iter().filter(|f| f["severity"] == "error").count(),
        warnings: findings
            .iter()
            .filter(|f| f["severity"] == "warning")
            .count(),
        rules_not_run: doc["summary"]["rules_not_run"]
            .as_array()
            .map_or(0, Vec::len),
        rules_run: doc["summary"]["rules_run"].as_u64().expect("rules_run") as usize,
        rules_fired: fired.len(),
    }
}

/// The tool version, which changes with every release, as a fixed placeholder.
fn redact_version(text: &str) -> String {
    text.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[version]\"",
    )
}

#[test]
fn demo_snapshots() {
    for format in [
        "human", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let text = redact_version(&demo(format)).replace(
            &format!("synclint {}", env!("CARGO_PKG_VERSION")),
            "synclint [version]",
        );
        insta::assert_snapshot!(format!("demo__{format}"), text);
    }
}

#[test]
fn the_version_is_redacted_only_where_it_is_the_tools() {
    let text = redact_version(&demo("sarif"));
    assert!(
        text.contains("\"version\": \"2.1.0\""),
        "the SARIF version stays"
    );
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["runs"][0]["tool"]["driver"]["version"], "[version]");
}

#[test]
fn several_formats_in_one_run_write_their_files_and_print_human_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sarif = dir.path().join("a.sarif");
    let junit = dir.path().join("b.xml");
    let sarif_spec = format!("sarif={}", sarif.display());
    let junit_spec = format!("junit={}", junit.display());
    let out = synclint(&[
        "check",
        "fixtures/demo",
        "--now",
        NOW,
        "--format",
        &sarif_spec,
        "--format",
        &junit_spec,
        "--format",
        "human",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error[role-unavailable]")
            && stdout.contains(&format!("{} finding(s)", demo_counts().findings)),
        "human output on stdout: {stdout}"
    );
    assert!(!stdout.contains("\"$schema\"") && !stdout.contains("<testsuites"));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif).expect("a.sarif written")).expect("JSON");
    assert_eq!(doc["version"], "2.1.0");
    let expected = demo_counts();
    assert_eq!(
        doc["runs"][0]["results"].as_array().map(Vec::len),
        Some(expected.findings)
    );
    let xml = std::fs::read_to_string(&junit).expect("b.xml written");
    assert_eq!(junit_counts(&xml).failures, expected.rules_fired);
}

#[derive(Debug, Default)]
struct JunitCounts {
    testcases: usize,
    failures: usize,
    suite_tests: String,
    suite_failures: String,
}

/// Parse JUnit XML back, counting testcases and failures, and read the suite's counts.
fn junit_counts(xml: &str) -> JunitCounts {
    let mut reader = Reader::from_str(xml);
    let mut counts = JunitCounts::default();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => counts.testcases += 1,
                b"failure" => counts.failures += 1,
                b"testsuite" => {
                    for a in e.attributes() {
                        let a = a.expect("attribute");
                        let value = a
                            .normalized_value(XmlVersion::Explicit1_0)
                            .expect("value")
                            .into_owned();
                        match a.key.as_ref() {
                            b"tests" => counts.suite_tests = value,
                            b"failures" => counts.suite_failures = value,
                            _ => {}
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    counts
}

#[test]
fn junit_has_a_testcase_per_rule_and_one_failure_per_rule_that_fired() {
    let xml = demo("junit");
    let counts = junit_counts(&xml);
    let expected = demo_counts();
    let cases = expected.rules_run + expected.rules_not_run;
    assert_eq!(
        counts.testcases, cases,
        "a testcase per rule, run or not: {counts:?}"
    );
    // JUnit's schema allows one failure per testcase (Jenkins and Azure DevOps show only
    // the first): a rule with several findings lists them all in one failure's body.
    assert_eq!(counts.failures, expected.rules_fired, "{counts:?}");
    assert_eq!(
        xml.matches("\n---\n").count(),
        expected.findings - expected.rules_fired,
        "every finding is in a body"
    );
    assert_eq!(counts.suite_tests, cases.to_string());
    assert_eq!(
        counts.suite_failures,
        expected.rules_fired.to_string(),
        "a failing testcase per rule that fired"
    );
}

#[test]
fn a_rule_without_findings_is_a_passing_testcase_and_a_rule_not_run_is_skipped() {
    use synclint::report::{OutputFormat, RenderOptions, Report, RuleInfo, RuleNotRun};
    use synclint::rules::load::{load_rules, RuleSources};
    let rules = load_rules(&RuleSources {
        builtin: true,
        paths: Vec::new(),
    })
    .expect("built-in rules");
    let mut report = Report {
        rules: rules.iter().take(2).map(RuleInfo::from).collect(),
        ..Report::default()
    };
    report.summary.rules_not_run.push(RuleNotRun {
        rule: "role-unavailable".to_owned(),
        missing: vec!["roles".to_owned()],
    });
    let mut out = Vec::new();
    OutputFormat::Junit
        .renderer(&RenderOptions::default())
        .render(&report, &mut out)
        .expect("renders");
    let xml = String::from_utf8(out).expect("UTF-8");
    let counts = junit_counts(&xml);
    assert_eq!((counts.testcases, counts.failures), (3, 0), "{xml}");
    assert_eq!(
        (counts.suite_tests.as_str(), counts.suite_failures.as_str()),
        ("3", "0")
    );
    let first = &rules[0];
    assert!(
        xml.contains(&format!(
            "<testcase name=\"{}\" classname=\"synclint.{}\"/>",
            first.id, first.category
        )),
        "{xml}"
    );
    assert!(
        xml.contains("<skipped message=\"not run: no input supplied roles\"/>"),
        "{xml}"
    );
}

#[test]
fn github_annotates_what_github_shows_and_lists_the_rest() {
    let text = demo("github");
    let lines: Vec<&str> = text.lines().collect();
    let expected = demo_counts();
    let count = |start: &str| lines.iter().filter(|l| l.starts_with(start)).count();
    // GitHub shows ten annotations of each level in a step; the demo has more warnings.
    assert!(expected.warnings > 10, "the demo should pass the limit");
    assert_eq!(count("::error "), expected.errors.min(10));
    assert_eq!(count("::warning "), 10);
    assert_eq!(
        count("::notice "),
        expected.findings - expected.errors - expected.warnings
    );
    // Every finding not annotated is one plain line of one collapsed group.
    let group = lines
        .iter()
        .position(|l| l.starts_with("::group::"))
        .expect("group");
    let end = lines
        .iter()
        .position(|l| *l == "::endgroup::")
        .expect("endgroup");
    let listed = &lines[group + 1..end];
    assert_eq!(
        count("::error ") + count("::warning ") + count("::notice ") + listed.len(),
        expected.findings,
        "every finding once"
    );
    assert!(
        listed
            .iter()
            .all(|l| l.starts_with("error [") || l.starts_with("warning [")),
        "{listed:?}"
    );
    // Each rule's first finding goes before a second finding of any rule.
    let mut warned: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("::warning "))
        .filter_map(|l| l.split("::").nth(1)?.rsplit_once(" (")?.1.strip_suffix(')'))
        .collect();
    warned.sort_unstable();
    warned.dedup();
    assert_eq!(warned.len(), 10, "ten different rules: {warned:?}");
    let last = lines.last().expect("summary");
    assert!(
        last.starts_with(&format!(
            "::notice::synclint: {} finding(s)",
            expected.findings
        )),
        "{last}"
    );
    assert!(
        last.contains(&format!("{} more not annotated", listed.len())),
        "{last}"
    );
    let role = lines
        .iter()
        .find(|l| l.contains("(role-unavailable)"))
        .expect("role-unavailable annotation");
    assert!(
        role.starts_with("::error file=fixtures/demo/synclint.yaml,line=12,col=27,title="),
        "{role}"
    );
    assert!(role.contains("%0A%0AFix:%0A1. "), "{role}");
}

#[test]
fn markdown_puts_the_most_severe_rules_first() {
    let text = demo("markdown");
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| {
            ["### Error", "### Warning", "### Info"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    assert_eq!(headings.len(), demo_counts().rules_fired, "{headings:?}");
    let first_warning = headings
        .iter()
        .position(|h| h.starts_with("### Warning"))
        .expect("a warning section");
    assert!(headings[..first_warning]
        .iter()
        .all(|h| h.starts_with("### Error")));
    assert!(headings.last().is_some_and(|h| h.starts_with("### Info")));
    let expected = demo_counts();
    let inputs = std::fs::read_dir("fixtures/demo").expect("demo").count();
    assert!(
        text.contains(&format!("| Errors | {} |", expected.errors)),
        "{text}"
    );
    assert!(
        text.contains(&format!("| Inputs read | {inputs} |")),
        "{text}"
    );
}

#[test]
fn every_format_is_listed_by_name() {
    let names: Vec<&str> = synclint::report::OutputFormat::ALL
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for name in ["human", "json", "sarif", "junit", "github", "markdown"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let out = synclint(&["check", "fixtures/demo", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sarif") && stderr.contains("markdown"),
        "{stderr}"
    );
}
