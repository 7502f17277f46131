use super::common::*;
use synclint::rules::load::{load_rules, RuleSources};

// ------------------------------------- positions come from the parser, not from a search

fn load_errors(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        std::fs::write(dir.path().join(name), contents).unwrap();
    }
    let sources = RuleSources {
        builtin: false,
        paths: vec![dir.path().to_path_buf()],
    };
    let errors = load_rules(&sources)
        .err()
        .map(|e| e.errors)
        .unwrap_or_default();
    errors
        .iter()
        .map(|e| {
            let full = e.origin();
            let origin = full.rsplit('/').next().unwrap_or_default();
            format!("{origin}: {}", e.message)
        })
        .collect()
}

fn rule_file(id: &str, title: &str) -> String {
    format!(
        "id: {id}\ntitle: {title}\nseverity: info\ncategory: test\ndocs: {{ what: w, why: y, fix: f }}\n\
         message: m\nfix: [f]\ndataset: idp_users\nwhen: {{ field: userName, exists: true }}\ncauses:\n  - other\n  - role\n"
    )
}

#[test]
fn an_unknown_cause_is_reported_at_its_entry() {
    // the title holds the same word earlier in the file: a text search would point there
    let a = rule_file("a-rule", "A rule about a role");
    let other = "id: other\ntitle: t\nseverity: info\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                 message: m\nfix: [f]\ndataset: idp_users\nwhen: { field: userName, exists: true }\n";
    assert_eq!(
        load_errors(&[("a.yaml", &a), ("other.yaml", other)]),
        ["a.yaml:12:5: `causes` names `role`, which is not a loaded rule"]
    );
}

#[test]
fn a_duplicate_id_is_reported_at_the_id() {
    // a folded line of the docs starts with `id:` before the real key
    let text = format!(
        "docs:\n  what: >\n    w\n    id: said here first\n  why: y\n  fix: f\n{}",
        rule_file("same", "t").replace("docs: { what: w, why: y, fix: f }\n", "")
    );
    let errors = load_errors(&[("a.yaml", &text), ("b.yaml", &text)]);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("b.yaml:7:5: duplicate rule id `same`")),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_test_dataset_has_its_position() {
    let body = "when: { field: userName, exists: true }\ntests:\n  datasets:\n    idp_user: []\n";
    assert_eq!(
        errors("idp_users", body),
        [at(4, 5, "tests.datasets names unknown dataset `idp_user`")]
    );
}

#[test]
fn an_unknown_id_in_explains_is_reported_at_its_entry_with_a_suggestion() {
    let cause = "id: a-cause\ntitle: t\nseverity: info\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                 message: m\nfix: [f]\ndataset: idp_users\nwhen: { field: userName, exists: true }\n\
                 explains:\n  - the-symptom\n  - the-symptmo\n";
    let symptom = "id: the-symptom\ntitle: t\nseverity: info\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                   message: m\nfix: [f]\ndataset: idp_users\nwhen: { field: userName, exists: true }\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), cause).unwrap();
    std::fs::write(dir.path().join("b.yaml"), symptom).unwrap();
    let errors = load_rules(&RuleSources {
        builtin: false,
        paths: vec![dir.path().to_path_buf()],
    })
    .err()
    .map(|e| e.errors)
    .unwrap_or_default();
    let shown: Vec<String> = errors
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
        .collect();
    assert_eq!(
        shown,
        ["a.yaml:12:5: `explains` names `the-symptmo`, which is not a loaded or built-in rule (did you mean `the-symptom`?)"]
    );
}

#[test]
fn an_optional_pack_may_explain_a_built_in_rule_when_tested_alone() {
    let cause = "id: a-cause\ntitle: t\nseverity: info\ncategory: test\ndocs: { what: w, why: y, fix: f }\n\
                 message: m\nfix: [f]\ndataset: idp_users\nwhen: { field: userName, exists: true }\n\
                 explains: [sync-organization-move-failed]\n";
    assert!(load_errors(&[("a.yaml", cause)]).is_empty());
}
