use super::common::*;

// ---------------------------------------------------------------- the `synclint` program

/// Run the `synclint` binary with `args`.
pub(super) fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("synclint runs")
}

/// Write `files` (name, contents) into a new temporary folder.
pub(super) fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, contents) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder");
        }
        std::fs::write(path, contents).expect("write the rule file");
    }
    dir
}

pub(super) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(super) fn display(path: &Path) -> String {
    path.display().to_string()
}

const CONTRACTOR_RULE: &str = "\
id: contractor-account
title: A contractor account
severity: info
category: test
docs: { what: w, why: y, fix: f }
dataset: idp_users
when: { field: userType, equals: contractor }
message: \"{userName} is a contractor\"
fix: [\"Check {userName}\"]
tests:
  fire:
    - { userName: ann, userType: Contractor }
  pass:
    - { userName: bob, userType: Employee }
";

#[test]
fn synclint_test_passes_a_correct_rule_file() {
    let dir = folder(&[("contractor.yaml", CONTRACTOR_RULE)]);
    let output = synclint(&["test", &display(dir.path())]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("contractor-account"), "{text}");
    assert!(text.contains("ok (2 case(s) passed)"), "{text}");
    assert!(
        text.contains("1 rule(s) tested: 1 passed, 0 failed"),
        "{text}"
    );
}

#[test]
fn synclint_test_names_the_file_and_line_of_a_wrong_case() {
    let wrong = CONTRACTOR_RULE.replace(
        "    - { userName: bob, userType: Employee }",
        "    - { userName: cy, userType: CONTRACTOR }",
    );
    let dir = folder(&[("contractor.yaml", &wrong)]);
    let output = synclint(&["test", &display(dir.path())]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let file = display(&dir.path().join("contractor.yaml"));
    assert!(
        text.contains(&format!(
            "{file}:14:7: this record should pass (not fire) but does not"
        )),
        "{text}"
    );
    assert!(
        text.contains("1 rule(s) tested: 0 passed, 1 failed"),
        "{text}"
    );
}

#[test]
fn synclint_test_fails_a_rule_without_cases() {
    let untested = CONTRACTOR_RULE
        .split("tests:")
        .next()
        .unwrap_or_default()
        .to_owned();
    let dir = folder(&[("untested.yaml", &untested)]);
    let output = synclint(&["test", &display(dir.path())]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("NO TESTS"), "{}", stdout(&output));
}

#[test]
fn synclint_test_reports_the_errors_of_every_file() {
    let bad_severity = CONTRACTOR_RULE.replace("severity: info", "severity: critical");
    let bad_regex = CONTRACTOR_RULE
        .replace("id: contractor-account", "id: other-rule")
        .replace("equals: contractor", "regex: \"(\"");
    let dir = folder(&[("a.yaml", &bad_severity), ("nested/b.yml", &bad_regex)]);
    let output = synclint(&["test", &display(dir.path())]);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{errors}");
    assert!(errors.contains("2 problem(s) in rule files"), "{errors}");
    for (file, position) in [("a.yaml", "3:11"), ("nested/b.yml", "7:33")] {
        let origin = format!("{}:{position}", display(&dir.path().join(file)));
        assert!(errors.contains(&origin), "{origin} missing from {errors}");
    }
}

#[test]
fn the_worked_example_of_the_documentation_passes_its_tests() {
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rule-language.md");
    let doc = std::fs::read_to_string(doc_path).expect("docs/rule-language.md");
    let marker = "<!-- worked-example: my-rules/contractor-admin.yaml -->\n```yaml\n";
    let start = doc.find(marker).expect("the worked example's marker") + marker.len();
    let length = doc[start..].find("```").expect("the end of the example");
    let dir = folder(&[(
        "my-rules/contractor-admin.yaml",
        &doc[start..start + length],
    )]);
    let output = synclint(&["test", &display(&dir.path().join("my-rules"))]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("contractor-has-admin-role          ok (4 case(s) passed)"),
        "{text}"
    );
}

#[test]
fn synclint_schema_rule_describes_a_rule_file() {
    let output = synclint(&["schema", "rule"]);
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the schema is JSON");
    assert_eq!(schema["title"], "synclint rule");
    assert_eq!(
        schema["required"],
        json!(["id", "title", "severity", "category", "docs", "dataset", "when", "message", "fix"])
    );
    assert_eq!(schema["additionalProperties"], json!(false));
}

// ---------------------------------------------------------------- regressions

#[test]
fn paths_of_equals_field_inside_where_belong_to_the_looked_up_dataset() {
    check_cases(
        "users",
        r"
when:
  lookup:
    dataset: idp_users
    on: { userName: username }
    where: { field: emails, equals_field: userName }
tests:
  datasets:
    idp_users:
      - { userName: ann@x.com, emails: [ann@x.com] }
      - { userName: bob@x.com, emails: [other@x.com] }
  fire:
    - { username: ann@x.com }
  pass:
    - { username: bob@x.com }
",
        2,
    );
}

#[test]
fn every_error_of_a_lookup_is_reported() {
    let body = r#"
when:
  lookup:
    dataset: roles
    on: { roleId: rolle }
    where: { field: roleName, regex: "(" }
    count: { gt: 5, lt: 1 }
"#;
    assert_eq!(errors("role_mappings", body).len(), 3);
}
