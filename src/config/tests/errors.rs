//! Invalid configurations: YAML/shape errors with their line, and semantic problems,
//! all collected, each at the offending key or value.

use super::{problems, render, summary, syntax, PATH};
use crate::config::{json_schema, load, parse, ConfigError};

#[test]
fn unknown_top_level_key_names_its_line() {
    let err = syntax("version: 1\nrole_mappings: []\nprovder: okta\n");
    assert_eq!(err.line, 3);
    assert!(err.message.contains("provder"), "{}", err.message);
}

#[test]
fn unknown_nested_key_names_its_line() {
    let text = "\
role_mappings:
  - group: Incydr Admins
    roles: [desktop-user]
organization_mapping:
  mode: groups
  groups:
    - group: Sales
      organisation: Sales EMEA
";
    let err = syntax(text);
    assert_eq!(err.line, 8);
    assert!(err.message.contains("organisation"), "{}", err.message);
}

#[test]
fn duplicate_key_names_its_line() {
    let err = syntax("role_mappings: []\nrules:\n  ignore: [a]\n  ignore: [b]\n");
    assert_eq!(err.line, 4);
    assert_eq!(
        err.message,
        "key `ignore` appears twice: first on line 3, column 3, and again here"
    );
}

#[test]
fn wrong_type_names_its_line() {
    let err = syntax("role_mappings: []\ndefault_roles: desktop-user\n");
    assert_eq!(err.line, 2);
    let err = syntax("version: one\nrole_mappings: []\n");
    assert_eq!((err.line, err.column), (1, 10));
}

#[test]
fn missing_key_names_its_line() {
    let err = syntax("role_mappings:\n  - group: Incydr Admins\n");
    assert_eq!(err.line, 2);
    assert!(err.message.contains("roles"), "{}", err.message);
    let err = syntax("provider: okta\n");
    assert!(err.message.contains("role_mappings"), "{}", err.message);
}

#[test]
fn syntax_error_renders_with_its_snippet() {
    let err = parse("role_mappings: []\nprovder: okta\n", PATH).unwrap_err();
    let out = render(&err);
    assert!(out.contains("synclint::config::syntax"), "{out}");
    assert!(out.contains("provder: okta"), "{out}");
}

const THREE_PROBLEMS: &str = "\
version: 2
role_mappings:
  - group: Incydr Admins
    roles: []
rules:
  severity:
    user-without-role: fatal
";

#[test]
fn every_semantic_problem_is_reported() {
    let found = problems(THREE_PROBLEMS);
    assert_eq!(
        summary(&found),
        [
            ("synclint::config::unsupported_version", 1, 10),
            ("synclint::config::empty_list", 4, 12),
            ("synclint::config::unknown_level", 7, 24),
        ]
    );
    let err = parse(THREE_PROBLEMS, PATH).unwrap_err();
    assert_eq!(
        err.to_string(),
        "synclint.yaml: 3 problems in the configuration"
    );
    assert_eq!(err.problems().len(), 3);
}

#[test]
fn problem_renders_at_the_offending_line() {
    let found = problems(THREE_PROBLEMS);
    let out = render(&found[1]);
    assert!(out.contains("synclint::config::empty_list"), "{out}");
    assert!(out.contains("    roles: []"), "{out}");
    assert!(out.contains("empty role list"), "{out}");
    assert!(out.contains("synclint.yaml:4:12"), "{out}");
    let whole = render(&parse(THREE_PROBLEMS, PATH).unwrap_err());
    for line in ["version: 2", "roles: []", "user-without-role: fatal"] {
        assert!(whole.contains(line), "{line} missing from {whole}");
    }
}

#[test]
fn label_covers_the_quoted_value() {
    let found = problems("role_mappings:\n  - group: \"  \"\n    roles: [r]\n");
    assert_eq!(summary(&found), [("synclint::config::blank_value", 2, 12)]);
    let span = found[0].span.unwrap();
    assert_eq!((span.offset(), span.len()), (26, 4));
}

#[test]
fn mode_keys_are_checked_against_the_mode() {
    let text = "\
provider: azure
role_mappings:
  - group: \" \"
    roles: [desktop-user, \"\"]
organization_mapping:
  mode: default
  attribute: c42OrgName
  groups:
    - group: Sales
      organization: Sales EMEA
";
    assert_eq!(
        summary(&problems(text)),
        [
            ("synclint::config::unknown_provider", 1, 11),
            ("synclint::config::blank_value", 3, 12),
            ("synclint::config::blank_value", 4, 27),
            ("synclint::config::missing_key", 6, 9),
            ("synclint::config::key_not_allowed", 7, 14),
            ("synclint::config::key_not_allowed", 9, 5),
        ]
    );
}

#[test]
fn groups_and_attribute_modes_are_checked() {
    let groups = "\
role_mappings: []
organization_mapping:
  mode: groups
  groups: []
  default_organization: Acme
  fallback_organization: ''
";
    assert_eq!(
        summary(&problems(groups)),
        [
            ("synclint::config::empty_list", 4, 11),
            ("synclint::config::key_not_allowed", 5, 25),
            ("synclint::config::blank_value", 6, 26),
        ]
    );
    let attribute = "role_mappings: []\norganization_mapping:\n  mode: attribute\n  fallback_organization: Staff\n";
    assert_eq!(
        summary(&problems(attribute)),
        [
            ("synclint::config::missing_key", 3, 9),
            ("synclint::config::key_not_allowed", 4, 26),
        ]
    );
    let unknown = "role_mappings: []\norganization_mapping:\n  mode: Groups\n";
    assert_eq!(
        summary(&problems(unknown)),
        [("synclint::config::unknown_mode", 3, 9)]
    );
}

#[test]
fn rule_settings_are_checked() {
    let text = "\
role_mappings: []
rules:
  select: [\"category:\", Bad_Id, category:roles]
  ignore: [category:Roles, console-only-user]
  severity:
    category:roles: info
    user-without-role: Error
  paths: ['']
";
    assert_eq!(
        summary(&problems(text)),
        [
            ("synclint::config::empty_category", 3, 12),
            ("synclint::config::bad_rule_id", 3, 25),
            ("synclint::config::bad_rule_id", 4, 12),
            ("synclint::config::bad_rule_id", 6, 5),
            ("synclint::config::unknown_level", 7, 24),
            ("synclint::config::blank_value", 8, 11),
        ]
    );
}

#[test]
fn bad_provider_lists_the_accepted_ones() {
    let found = problems("provider: azure-ad\nrole_mappings: []\n");
    assert_eq!(
        summary(&found),
        [("synclint::config::unknown_provider", 1, 11)]
    );
    assert!(found[0].message.contains("azure-ad"));
    for provider in crate::config::PROVIDERS {
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.contains(provider), "{help}");
    }
}

#[test]
fn load_of_a_missing_file_names_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = load(&dir.path().join("absent.yaml"), "conf/absent.yaml").unwrap_err();
    assert!(matches!(err, ConfigError::Io { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "could not read the configuration file conf/absent.yaml"
    );
    assert!(render(&err).contains("synclint::config::io"));
}

#[test]
fn json_schema_describes_the_shape() {
    let schema = json_schema();
    assert_eq!(schema["title"], "synclint configuration");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["required"], serde_json::json!(["role_mappings"]));
    let provider = &schema["properties"]["provider"]["description"];
    assert!(
        provider.as_str().is_some_and(|d| d.contains("okta")),
        "{provider}"
    );
    let text = schema.to_string();
    for name in [
        "default_organization",
        "fallback_organization",
        "severity",
        "paths",
    ] {
        assert!(text.contains(name), "{name} missing from the schema");
    }
    assert!(text.contains("\"warning\""), "levels are enumerated");
}

#[test]
fn the_app_is_named_or_reported_blank() {
    let found = problems("app: \" \"\nrole_mappings: []\n");
    assert_eq!(summary(&found), [("synclint::config::blank_value", 1, 6)]);
    assert_eq!(found[0].message, "blank app name");
    let config = parse("app: \"  Code42 Prod \"\nrole_mappings: []\n", PATH).unwrap();
    assert_eq!(config.app.as_deref(), Some("Code42 Prod"));
    let config = parse("role_mappings: []\n", PATH).unwrap();
    assert_eq!(config.app, None);
}
