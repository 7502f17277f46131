//! Rule files, the configuration and log mappings report their problems as one type,
//! `diagnostic::Problem`, printed the same way: `path:line[:column]: message`, a code, a
//! label at the offending text, and help when there is some.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, Severity};
use synclint::diagnostic::Problem;

fn render(problem: &Problem) -> String {
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(300);
    let mut out = String::new();
    handler.render_report(&mut out, problem).unwrap();
    out
}

/// What every source must give: its code, an error severity, a label with a span inside
/// the snippet, and a rendering that names the place and shows the line.
fn assert_printed(problem: &Problem, code: &str, origin: &str, line_text: &str) {
    assert_eq!(problem.code, code);
    assert_eq!(problem.severity().unwrap(), Severity::Error);
    assert_eq!(problem.code().unwrap().to_string(), code);
    let labels: Vec<_> = problem.labels().unwrap().collect();
    assert_eq!(labels.len(), 1, "{problem:?}");
    let shown = render(problem);
    assert!(shown.contains(&format!("× {origin}: ")), "{shown}");
    assert!(shown.contains(&format!("[{}", problem.path)), "{shown}");
    assert!(shown.contains(line_text), "{shown}");
}

#[test]
fn a_rule_file_problem_is_a_problem() {
    let text =
        "id: t\ntitle: t\nseverity: warning\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                message: m\nfix: [f]\ndataset: roles\nwhen: { field: roleNmae, exists: true }\n";
    let errors: Vec<Problem> = synclint::rules::compile::compile_text(text, "t.yaml").unwrap_err();
    let problem = &errors[0];
    assert_eq!((problem.line, problem.column), (9, 16));
    assert!(
        problem.help.as_deref().unwrap().contains("roleName"),
        "{problem:?}"
    );
    assert_printed(
        problem,
        "synclint::rule::invalid",
        "t.yaml:9:16",
        "when: { field: roleNmae",
    );
}

#[test]
fn a_configuration_problem_is_a_problem_with_its_kind_as_code() {
    let text = "version: 1\nprovider: okta\nrole_mappings:\n  - group: \"  \"\n    roles: [desktop-user]\n";
    let err = synclint::config::parse(text, "synclint.yaml").unwrap_err();
    let problem: &Problem = &err.problems()[0];
    assert_eq!(problem.line, 4);
    assert!(problem.help.is_some());
    assert_printed(
        problem,
        synclint::config::ProblemKind::BlankValue.code(),
        &format!("synclint.yaml:4:{}", problem.column),
        "group: \"  \"",
    );
}

#[test]
fn a_log_mapping_problem_is_a_problem_at_its_line() {
    let text = "log_mapping:\n  name: x\n  detect: [a]\n  fields:\n    time: a\n    usr: b\n";
    let problems = synclint::input::parse_mapping(text, "m.yaml").unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!((problem.line, problem.column), (6, 0));
    assert!(
        problem
            .to_string()
            .starts_with("m.yaml:6: `usr` is not an event field"),
        "{problem}"
    );
    assert_printed(problem, "synclint::log_mapping", "m.yaml:6", "usr: b");
}

#[test]
fn a_log_mapping_that_is_not_yaml_is_a_problem_too() {
    let problems = synclint::input::parse_mapping("log_mapping: [\n", "m.yaml").unwrap_err();
    let problem = &problems[0];
    assert_eq!(problem.code, "synclint::log_mapping");
    assert!(problem.line > 0, "{problem:?}");
    assert!(problem.to_string().starts_with("m.yaml:"), "{problem}");
}
