use super::common::*;
use synclint::rules::load::{load_rules, RuleSources};

// --------------------------------- named conditions (`utils.yaml`), written once, used by name

const UTILS: &str = "\
utils:
  available-organization:
    doc: An organization that exists and is active.
    dataset: organizations
    when: { field: available, equals: true }
";

fn load(files: &[(&str, &str)]) -> Result<Vec<Rule>, Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    load_rules(&RuleSources {
        builtin: false,
        paths: vec![dir.path().to_path_buf()],
    })
    .map_err(|e| {
        e.errors
            .iter()
            .map(|e| {
                let full = e.origin();
                let origin = full.rsplit('/').next().unwrap_or_default();
                format!(
                    "{origin}: {} ({})",
                    e.message,
                    e.help.clone().unwrap_or_default()
                )
            })
            .collect()
    })
}

fn mapping_rule(where_: &str) -> String {
    text(
        "org_mappings",
        &format!(
            "when:\n  not:\n    lookup: {{ dataset: organizations, on: {{ orgName: organization }}, where: {where_} }}\n\
             tests:\n  datasets:\n    organizations:\n      - {{ orgName: Sales, available: true }}\n      - {{ orgName: Gone, available: false }}\n\
             \x20 fire:\n    - {{ organization: Gone }}\n    - {{ organization: Nowhere }}\n  pass:\n    - {{ organization: Sales }}\n"
        ),
    )
}

#[test]
fn a_rule_uses_a_named_condition_of_its_pack() {
    let rules = load(&[
        ("utils.yaml", UTILS),
        (
            "t.yaml",
            &mapping_rule("{ matches: available-organization }"),
        ),
    ])
    .unwrap();
    assert_eq!(rules.len(), 1, "the utils file is not a rule");
    let report = test_rule(&rules[0], now());
    assert!(report.failures.is_empty(), "{report:?}");
    assert_eq!(report.passed, 3);
    // the named condition's lookup target counts as needed, as if written inline
    assert!(rules[0].needs.iter().any(|n| n == "organizations"));
}

#[test]
fn an_unknown_name_is_an_error_at_its_position_with_a_suggestion() {
    let errors = load(&[
        ("utils.yaml", UTILS),
        (
            "t.yaml",
            &mapping_rule("{ matches: available-organisation }"),
        ),
    ])
    .unwrap_err();
    assert_eq!(
        errors,
        ["t.yaml:11:88: unknown named condition `available-organisation` (did you mean `available-organization`?)"]
    );
}

#[test]
fn a_named_condition_is_used_only_on_records_of_its_dataset() {
    let errors = load(&[
        ("utils.yaml", UTILS),
        (
            "t.yaml",
            &text("roles", "when: { matches: available-organization }\n"),
        ),
    ])
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "t.yaml:9:18: `available-organization` tests `organizations` records, not `roles`"
        ),
        "{errors:?}"
    );
}

#[test]
fn a_mistake_inside_a_named_condition_is_reported_in_the_utils_file() {
    let broken = UTILS.replace("field: available", "field: availble");
    let errors = load(&[
        ("utils.yaml", &broken),
        (
            "t.yaml",
            &mapping_rule("{ matches: available-organization }"),
        ),
    ])
    .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("utils.yaml:5:20: ") && e.contains("availble")),
        "{errors:?}"
    );
}

#[test]
fn a_name_defined_in_two_utils_files_is_an_error_at_the_second() {
    let errors = load(&[("utils.yaml", UTILS), ("more/utils.yaml", UTILS)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "utils.yaml:2:3: named condition `available-organization` is already defined in "
        ),
        "{errors:?}"
    );
}

#[test]
fn a_condition_with_matches_and_another_form_is_an_error() {
    let errors = load(&[
        ("utils.yaml", UTILS),
        (
            "t.yaml",
            &text(
                "organizations",
                "when: { matches: available-organization, field: orgName, exists: true }\n",
            ),
        ),
    ])
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("only one of"), "{errors:?}");
}

#[test]
fn a_named_condition_cannot_use_another() {
    let chained = format!(
        "{UTILS}  usable-organization:\n    doc: d\n    dataset: organizations\n    when: {{ matches: available-organization }}\n"
    );
    let errors = load(&[("utils.yaml", &chained)]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("utils.yaml:9:22: unknown named condition `available-organization` (none is loaded here"),
        "{errors:?}"
    );
}
