//! Every built-in rule compiles, is documented, and its own fire/pass cases hold.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use synclint::engine::selftest::test_rule;
use synclint::rules::load::{load_rules, RuleSources};
use synclint::rules::Rule;

fn builtin() -> Vec<Rule> {
    load_rules(&RuleSources {
        builtin: true,
        paths: vec![],
    })
    .expect("built-in rules compile")
}

fn now() -> chrono::DateTime<chrono::Utc> {
    synclint::time::parse_timestamp("2026-11-28T12:00:00Z").expect("valid")
}

#[test]
fn every_builtin_rule_has_cases_that_fire_and_pass() {
    let rules = builtin();
    assert!(
        rules.len() >= 12,
        "expected the whole pack, got {}",
        rules.len()
    );
    for rule in &rules {
        assert!(!rule.tests.fire.is_empty(), "{} has no fire case", rule.id);
        assert!(!rule.tests.pass.is_empty(), "{} has no pass case", rule.id);
        let report = test_rule(rule, now());
        assert!(
            report.failures.is_empty(),
            "{}: {:?}",
            rule.id,
            report.failures
        );
        assert_eq!(report.passed, rule.tests.fire.len() + rule.tests.pass.len());
    }
}

#[test]
fn every_builtin_rule_is_documented() {
    for rule in builtin() {
        for (part, text) in [
            ("what", &rule.docs.what),
            ("why", &rule.docs.why),
            ("fix", &rule.docs.fix),
        ] {
            assert!(
                text.split_whitespace().count() >= 10,
                "{}: docs.{part} is too thin",
                rule.id
            );
        }
        assert!(
            rule.wording.fix.len() >= 2,
            "{}: fix steps should be concrete and ordered",
            rule.id
        );
        assert!(
            rule.origin.ends_with(&format!("{}.yaml", rule.id)),
            "{} lives in {}",
            rule.id,
            rule.origin
        );
    }
}

/// Each fix step is a whole sentence: a list shown numbered must not split one sentence
/// over two steps ("... works as it is," / "or give it ...").
#[test]
fn every_fix_step_is_a_whole_sentence() {
    for rule in builtin() {
        for step in &rule.wording.fix {
            let text = step.source_text().trim();
            let first = text.chars().next().unwrap_or(' ');
            assert!(
                !first.is_lowercase(),
                "{}: a step starts mid-sentence: {text}",
                rule.id
            );
            assert!(
                text.ends_with(['.', '?', '!', ')', '`']),
                "{}: a step stops mid-sentence: {text}",
                rule.id
            );
        }
    }
}

#[test]
fn the_interface_rule_ids_are_all_present() {
    let ids: Vec<String> = builtin().into_iter().map(|r| r.id.to_string()).collect();
    for id in [
        "role-unavailable",
        "organization-unavailable",
        "mapping-group-unknown",
        "mapping-duplicate",
        "user-organization-ambiguous",
        "user-without-role",
        "console-role-drift",
        "console-organization-drift",
        "console-status-drift",
        "console-only-user",
        "idp-user-not-provisioned",
    ] {
        assert!(ids.iter().any(|i| i == id), "missing built-in rule {id}");
    }
}

#[test]
fn extra_rule_packs_compile_and_pass_their_cases() {
    let rules = load_rules(&RuleSources {
        builtin: false,
        paths: vec!["rules/extra".into()],
    })
    .expect("extra rules compile");
    assert_eq!(rules.len(), 3);
    for rule in &rules {
        let report = test_rule(rule, now());
        assert!(
            report.failures.is_empty() && report.passed > 1,
            "{}: {report:?}",
            rule.id
        );
    }
}

#[test]
fn a_case_that_does_not_hold_is_reported_with_its_line() {
    let text = std::fs::read_to_string("rules/role-unavailable.yaml").expect("rule file");
    // Move a firing case into `pass`: the self-test must now fail on it.
    let broken = text.replace(
        "  pass:\n",
        "  pass:\n    - { kind: role, source: group, group: X, role: no-such-role }\n",
    );
    let rule = synclint::rules::compile::compile_text(&broken, "broken.yaml").expect("still valid");
    let report = test_rule(&rule, now());
    assert_eq!(report.failures.len(), 1);
    assert_eq!(report.failures[0].expected, "pass");
    let line = broken
        .lines()
        .position(|l| l.contains("no-such-role"))
        .expect("line")
        + 1;
    assert_eq!(report.failures[0].location.line as usize, line);
}

/// The attribute-mode pack's unavailable organization explains the built-in failed move
/// through its own `explains`, for the same user only.
#[test]
fn the_attribute_mode_pack_explains_the_built_in_failed_organization_move() {
    use serde_json::json;
    use synclint::model::{Datasets, Record};
    let rules = load_rules(&RuleSources {
        builtin: true,
        paths: vec!["rules/extra/attribute-mode".into()],
    })
    .expect("the pack joins the built-in rules");
    let mut data = Datasets::new();
    data.touch("organizations");
    data.touch("org_mappings");
    let user = |name: &str| {
        json!({ "username": name, "idp_state": "active", "expected": {
            "organization": "Slaes", "organization_source": "attribute",
            "organization_available": false, "organization_attribute": "c42OrgName" } })
    };
    data.extend("users", [Record::new(user("ann@acme.example"), None)]);
    let failure = |name: &str| {
        json!({ "time": "2026-11-27T10:00:00Z", "action": "update", "status": "failure",
                "user": name, "message": "Unable to move existing user to an organization" })
    };
    data.extend(
        "events",
        ["ann@acme.example", "bob@acme.example"].map(|u| Record::new(failure(u), None)),
    );
    let findings = synclint::engine::run(&rules, &data, now());
    let cause_of = |user: &str| {
        let moved = findings.iter().find(|f| {
            &*f.rule == "sync-organization-move-failed"
                && f.subjects.get("user").map(String::as_str) == Some(user)
        });
        moved
            .unwrap_or_else(|| panic!("no failed move for {user}: {findings:#?}"))
            .cause
            .as_ref()
            .map(|c| c.rule.clone())
    };
    assert_eq!(
        cause_of("ann@acme.example").as_deref(),
        Some("user-organization-unavailable")
    );
    // bob's attribute is fine as far as the data says: his failure stays unexplained
    assert_eq!(cause_of("bob@acme.example"), None);
}

/// Every rule of the built-in and extra packs.
fn every_shipped_rule() -> Vec<Rule> {
    let mut rules = builtin();
    rules.extend(
        load_rules(&RuleSources {
            builtin: false,
            paths: vec!["rules/extra".into()],
        })
        .expect("extra rules compile"),
    );
    rules
}

#[test]
fn every_shipped_rule_states_the_message_of_its_first_fire_case() {
    // So that a changed message template shows in `synclint test`.
    for rule in every_shipped_rule() {
        let first = rule.tests.fire.first().expect("a fire case");
        let message = first.expect.message.as_deref().unwrap_or_default();
        assert!(
            !message.is_empty(),
            "{}: the first fire case states no message",
            rule.id
        );
    }
}

#[test]
fn every_shipped_users_rule_runs_its_main_cases_through_the_join() {
    for rule in every_shipped_rule().iter().filter(|r| r.dataset == "users") {
        let first_fire = rule.tests.fire.first().expect("a fire case");
        let first_pass = rule.tests.pass.first().expect("a pass case");
        assert!(
            first_fire.join.is_some() && first_pass.join.is_some(),
            "{}: the first fire and pass cases are not written as `join:`",
            rule.id
        );
    }
}

#[test]
fn a_changed_message_template_fails_the_rule_s_own_cases() {
    let text = std::fs::read_to_string("rules/role-unavailable.yaml").expect("the rule file");
    let changed = text.replacen("which does not exist", "which is missing", 1);
    assert_ne!(text, changed, "the template to change is in the file");
    let rule = synclint::rules::compile::compile_text(&changed, "role-unavailable.yaml")
        .expect("still compiles");
    let report = test_rule(&rule, now());
    assert_eq!(report.failures.len(), 1, "{report:?}");
    assert!(
        report.failures[0].reason.starts_with("message: expected `"),
        "{report:?}"
    );
}
