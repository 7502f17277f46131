use super::common::*;

// ---------------------------------------------------------------- compiler errors

#[test]
fn unknown_key_is_reported_at_its_line() {
    let found = errors("idp_users", "when:\n  feild: userName\n  equals: x\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&at(2, 3, "unknown key `feild`")),
        "{found:#?}"
    );
    assert_eq!(
        hints("idp_users", "when:\n  feild: userName\n  equals: x\n"),
        [Some("did you mean `field`?".to_owned())]
    );
}

#[test]
fn unknown_operator_is_an_unknown_key() {
    let found = errors("idp_users", "when:\n  field: userName\n  like: x\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&at(3, 3, "unknown key `like`")),
        "{found:#?}"
    );
    // A misspelt operator is named; a word unlike any lists them all.
    assert_eq!(
        hints("idp_users", "when:\n  field: userName\n  equls: x\n"),
        [Some("did you mean `equals`?".to_owned())]
    );
    let listed = hints("idp_users", "when:\n  field: userName\n  like: x\n");
    assert!(
        listed[0]
            .as_deref()
            .is_some_and(|h| h.contains("equals, in, contains")),
        "{listed:?}"
    );
}

#[test]
fn two_operators_in_one_test() {
    let body = "
when:
  all:
    - field: userName
      equals: x
      contains: y
";
    assert_eq!(
        errors("idp_users", body),
        [at(
            3,
            7,
            "a `field` test takes one operator, found `equals`, `contains`"
        )]
    );
}

#[test]
fn operator_without_field() {
    assert_eq!(
        errors("idp_users", "when:\n  all:\n    - equals: x\n"),
        [at(
            3,
            7,
            "a condition needs one of `all`, `any`, `not`, `lookup`, `matches` or `field`"
        )]
    );
    let beside_all = "
when:
  all:
    - { field: raw.a, exists: true }
  equals: x
";
    assert_eq!(
        errors("idp_users", beside_all),
        [at(2, 3, "`equals` only applies to a `field` test")]
    );
}

#[test]
fn field_without_operator() {
    let message = "a `field` test needs an operator (e.g. `equals`, `in`, `regex`, `exists`)";
    assert_eq!(
        errors("idp_users", "when:\n  field: raw.a\n"),
        [at(2, 3, message)]
    );
    assert_eq!(
        errors("idp_users", "when:\n  field: raw.a\n  equals: null\n"),
        [at(2, 3, message)]
    );
}

#[test]
fn invalid_regex() {
    assert_eq!(
        errors("idp_users", "when:\n  field: raw.a\n  regex: \"(ab\"\n"),
        [at(3, 10, "invalid regex: error: unclosed group")]
    );
    assert_eq!(
        hints("idp_users", "when:\n  field: raw.a\n  regex: \"(?=x)\"\n"),
        [Some(
            "synclint uses Rust `regex` syntax (no look-around or back-references)".to_owned()
        )]
    );
}

#[test]
fn bad_durations() {
    let body = r#"
when:
  any:
    - { field: notes, older_than: 5y }
    - { field: notes, older_than: "15" }
    - { field: notes, newer_than: h }
    - { field: notes, newer_than: "1.5h" }
    - { field: notes, newer_than: "" }
"#;
    assert_eq!(
        errors("console_users", body),
        [
            at(3, 35, "unknown unit `y` in `5y` (use s, m, h, d or w)"),
            at(4, 35, "`15` ends without a unit (write e.g. `15m`)"),
            at(5, 35, "`h`: a unit must follow a number"),
            at(6, 35, "unknown unit `.` in `1.5h` (use s, m, h, d or w)"),
            at(7, 35, "the duration is empty"),
        ]
    );
}

#[test]
fn unknown_dataset_suggests_the_closest_name() {
    let body = "when: { field: raw.a, exists: true }\n";
    assert_eq!(
        errors("idp_user", body),
        ["t.yaml:8:10: unknown dataset `idp_user`"]
    );
    assert_eq!(
        hints("idp_user", body),
        [Some("did you mean `idp_users`?".to_owned())]
    );
    assert_eq!(
        hints("something_else", body),
        [Some(
            "expected one of: role_mappings, org_mappings, mappings, roles, organizations, \
             directory_groups, console_users, console_user_roles, idp_users, idp_groups, users, events"
                .to_owned()
        )]
    );
}

#[test]
fn placeholder_naming_a_field_the_dataset_lacks() {
    let text = "\
id: t-rule
title: Test rule
severity: warning
category: test
docs: { what: w, why: y, fix: f }
dataset: role_mappings
when: { field: role, exists: true }
message: \"Group {grup} maps to {role} {{literal}}\"
fix: [\"ok {role}\", \"bad {rol.name}\"]
";
    assert_eq!(
        errors_of(text),
        [
            "t.yaml:8:10: placeholder `{grup}`: `grup` is not a field of dataset `role_mappings`",
            "t.yaml:9:20: placeholder `{rol.name}`: `rol` is not a field of dataset `role_mappings`",
        ]
    );
    let helps: Vec<Option<String>> = compile_text(text, "t.yaml")
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.help)
        .collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `group`?".to_owned()),
            Some("did you mean `role`?".to_owned())
        ]
    );
}

#[test]
fn field_of_a_closed_dataset_is_checked() {
    let body = "when: { field: idp_sate, equals: active }\n";
    assert_eq!(
        errors("users", body),
        [at(1, 16, "`idp_sate` is not a field of dataset `users`")]
    );
    assert_eq!(
        hints("users", body),
        [Some("did you mean `idp_state`?".to_owned())]
    );
    // nested keys and the Incydr and SCIM datasets are checked as well
    assert_eq!(
        errors(
            "users",
            "when: { field: expected.anything, exists: true }\n"
        ),
        [at(
            1,
            16,
            "`expected` of dataset `users` has no field `anything`"
        )]
    );
    assert_eq!(
        errors("idp_users", "when: { field: anything, exists: true }\n"),
        [at(
            1,
            16,
            "`anything` is not a field of dataset `idp_users`"
        )]
    );
}

#[test]
fn unknown_subject_kind() {
    let body = "
when: { field: role, exists: true }
subjects:
  usr: group
  role: role
";
    assert_eq!(
        errors("role_mappings", body),
        [at(3, 8, "unknown subject kind `usr`")]
    );
    assert_eq!(
        hints("role_mappings", body),
        [Some("did you mean `user`?".to_owned())]
    );
}

#[test]
fn empty_all_or_any() {
    assert_eq!(
        errors("idp_users", "when:\n  all: []\n"),
        [at(2, 3, "`all`/`any` needs at least one condition")]
    );
    assert_eq!(
        errors("idp_users", "when:\n  not:\n    any: []\n"),
        [at(3, 5, "`all`/`any` needs at least one condition")]
    );
}

#[test]
fn impossible_or_missing_count_bounds() {
    let body = "
when:
  any:
    - field: raw.a
      count: { gt: 3, lt: 2 }
    - field: raw.a
      count: { lt: 0 }
    - field: raw.a
      count: {}
";
    assert_eq!(
        errors("idp_users", body),
        [
            at(3, 7, "these `count` bounds can never all hold"),
            at(5, 7, "these `count` bounds can never all hold"),
            at(
                7,
                7,
                "`count` needs a bound: `equals`, `gt`, `gte`, `lt` or `lte`"
            ),
        ]
    );
    let lookup = "
when:
  lookup:
    dataset: roles
    on: { roleId: title }
    count: { equals: 1, gte: 2 }
";
    assert_eq!(
        errors("idp_users", lookup),
        [at(5, 12, "these `count` bounds can never all hold")]
    );
}

#[test]
fn smaller_mistakes_in_conditions() {
    let body = r#"
when:
  all:
    - { field: raw.a, equals: x, match: some }
    - { field: raw.a, gt: abc }
    - { field: raw.a, in: [] }
    - { field: raw.a, equals: [x] }
    - { all: [{ field: raw.a, exists: true }], case_sensitive: true }
    - { field: raw.a, any: [{ field: raw.a, exists: true }] }
    - { lookup: { dataset: roles, on: {} } }
    - { field: "a..b", exists: true }
    - { field: "[x", exists: true }
"#;
    assert_eq!(
        errors("idp_users", body),
        [
            at(3, 41, "`match` must be `any` or `all`, not `some`"),
            at(4, 27, "a comparison needs a number or a timestamp"),
            at(5, 27, "`in` needs at least one value"),
            at(6, 31, "expected a string, number or boolean"),
            at(
                7,
                7,
                "`case_sensitive`/`match` only applies to a `field` test"
            ),
            at(
                8,
                7,
                "a condition may hold only one of `all`, `any`, `not`, `lookup`, `matches` and `field`"
            ),
            at(
                9,
                39,
                "`lookup.on` needs at least one `other_field: this_field` pair"
            ),
            at(10, 16, "`a..b` has an empty key"),
            at(11, 16, "`[` without a closing `]` in `[x`"),
        ]
    );
}

#[test]
fn one_file_with_several_errors_reports_all_of_them() {
    let text = r#"id: Bad_Id
title: Several mistakes
severity: critical
category: test
docs: { what: w, why: y, fix: f }
dataset: users
requires: [roles, rolez]
when:
  all:
    - { field: idp_sate, equals: active }
    - { field: username, regex: "(" }
    - { field: console.creationDate, older_than: 3y }
    - { field: groups, equals: x, contains: y }
message: "{usernme} has {"
fix: []
subjects:
  person: username
tests:
  datasets:
    rolez: []
  fire:
    - not a record
"#;
    assert_eq!(
        errors_of(text),
        [
            "t.yaml:1:5: rule id `Bad_Id` is not kebab-case",
            "t.yaml:3:11: unknown severity `critical`",
            "t.yaml:10:16: `idp_sate` is not a field of dataset `users`",
            "t.yaml:11:33: invalid regex: error: unclosed group",
            "t.yaml:12:50: unknown unit `y` in `3y` (use s, m, h, d or w)",
            "t.yaml:13:7: a `field` test takes one operator, found `equals`, `contains`",
            "t.yaml:7:19: unknown dataset `rolez`",
            "t.yaml:14:10: bad template: `{` has no closing `}`",
            "t.yaml:15:6: a rule needs at least one `fix` step",
            "t.yaml:17:11: unknown subject kind `person`",
            "t.yaml:20:5: tests.datasets names unknown dataset `rolez`",
            "t.yaml:22:7: a test case must be a record (a mapping of fields)",
        ]
    );
}

#[test]
fn modifiers_that_would_do_nothing_are_rejected() {
    let case = "when:\n  field: groups\n  count: { gt: 1 }\n  case_sensitive: true\n";
    assert_eq!(
        errors("users", case),
        [at(4, 19, "`case_sensitive` only applies to equals, in, contains, starts_with, ends_with and regex")]
    );
    let quantified = "when:\n  field: groups\n  exists: true\n  match: all\n";
    assert_eq!(
        errors("users", quantified),
        [at(4, 10, "`match` does not apply to exists, count, same_set_as or equals_field, which look at all values together")]
    );
}

#[test]
fn a_silence_rule_may_not_name_users() {
    let rule = |message: &str, aggregate: &str| {
        let rest = format!("aggregate: {aggregate}\nmessage: \"{message}\"\nfix: [f]\n");
        rule_text("events", "{ field: time, exists: true }", &rest)
    };
    let gap = "{ by: [provider], gap: 24h }";
    for placeholder in ["user_count", "sample_users"] {
        let message = format!("{{gap}} quiet, {{{placeholder}}}");
        assert_eq!(
            errors_of(&rule(&message, gap)),
            [format!(
                "t.yaml:9:10: placeholder `{{{placeholder}}}`: a rule with `gap` names no users"
            )]
        );
    }
    // What a silence does say is allowed, and so are users in a rule that counts events.
    let quiet = "{count} events, quiet for {gap} from {gap_start}";
    assert_eq!(errors_of(&rule(quiet, gap)), Vec::<String>::new());
    let counted = "{ by: [provider], within: 1h, count: { gte: 2 } }";
    let named = "{count} by {user_count}: {sample_users}";
    assert_eq!(errors_of(&rule(named, counted)), Vec::<String>::new());
}

#[test]
fn at_names_one_known_field_of_a_rule_without_aggregate() {
    let rule = |at: &str, more: &str| {
        let rest = format!("message: m\nfix: [f]\nat: {at}\n{more}");
        rule_text("role_mappings", "{ field: group, exists: true }", &rest)
    };
    assert_eq!(errors_of(&rule("group", "")), Vec::<String>::new());
    assert_eq!(
        errors_of(&rule("group.name", "")),
        ["t.yaml:10:5: `at` takes one field name, not a path"]
    );
    let unknown = errors_of(&rule("groop", ""));
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].starts_with("t.yaml:10:5: "), "{unknown:?}");
    assert!(unknown[0].contains("groop"), "{unknown:?}");
    let counted = "aggregate: { by: [group], count: { gte: 2 } }\n";
    assert_eq!(
        errors_of(&rule("group", counted)),
        ["t.yaml:10:5: `at` is for rules without `aggregate`"]
    );
}

/// A rule file of `dataset` whose condition is `when`, its header on lines 1-7 and
/// `rest` (more keys, each ending its line) from line 8.
fn rule_text(dataset: &str, when: &str, rest: &str) -> String {
    format!(
        "id: t-rule\ntitle: Test rule\nseverity: info\ncategory: test\n\
         docs: {{ what: w, why: y, fix: f }}\ndataset: {dataset}\nwhen: {when}\n{rest}"
    )
}
