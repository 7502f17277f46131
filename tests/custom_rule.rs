//! A customer's own rule, written from docs/rule-language.md alone
//! (fixtures/custom-rules/contractor-admin.yaml), tested with `synclint test` and used in
//! a `synclint check` of a small export (fixtures/custom-rules/export/).
//!
//! The export holds no `.yaml` file on purpose: `--rules fixtures/custom-rules` and
//! `synclint test fixtures/custom-rules` read every `.yaml`/`.yml` file below the folder
//! as a rule. The rule needs no mapping configuration, so the export has none.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;
use std::process::{Command, Output};

const RULES: &str = "fixtures/custom-rules";
const EXPORT: &str = "fixtures/custom-rules/export";
const RULE: &str = "contractor-admin-role";

fn synclint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_rules_own_cases_pass() {
    let out = synclint(&["test", RULES]);
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "synclint test failed:\n{stdout}\n{}",
        text(&out.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with(RULE))
        .unwrap_or_else(|| panic!("{RULE} is tested:\n{stdout}"));
    assert!(line.contains("ok (6 case(s) passed)"), "{line}");
    assert!(
        stdout.contains("1 rule(s) tested: 1 passed, 0 failed"),
        "only the custom rule is tested, not the built-in ones:\n{stdout}"
    );
}

#[test]
fn the_rule_is_listed_and_explained() {
    let out = synclint(&[
        "rules",
        "--rules",
        RULES,
        "--no-builtin",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rules: Value = serde_json::from_slice(&out.stdout).expect("rules JSON");
    let rules = rules["rules"].as_array().expect("an array");
    assert_eq!(rules.len(), 1, "{rules:?}");
    assert_eq!(rules[0]["id"], RULE);
    assert_eq!(rules[0]["dataset"], "users");
    assert_eq!(rules[0]["category"], "access");

    let out = synclint(&["explain", RULE, "--rules", RULES]);
    let explained = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(explained.contains("contractor"), "{explained}");
}

#[test]
fn a_check_reports_the_contractor_with_the_admin_role() {
    let out = synclint(&[
        "check",
        EXPORT,
        "--rules",
        RULES,
        "--select",
        RULE,
        "--format",
        "json",
        "--now",
        "2026-11-28T12:00:00Z",
    ]);
    let stdout = text(&out.stdout);
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{}", text(&out.stderr)));
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error finding fails the check"
    );

    let summary = &doc["summary"];
    assert_eq!(
        summary["problems"].as_array().map(Vec::len),
        Some(0),
        "{summary:#}"
    );
    assert_eq!(summary["skipped"]["count"], 0, "{summary:#}");
    assert_eq!(summary["rules_run"], 1, "{summary:#}");
    assert_eq!(
        summary["rules_not_run"].as_array().map(Vec::len),
        Some(0),
        "{summary:#}"
    );
    let kinds: Vec<&str> = summary["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "console-users",
            "idp-groups",
            "idp-users",
            "console-user-roles"
        ],
        "every export file is recognised"
    );

    // Ann (Contractor, customer-cloud-admin) fires. Bob (Employee, admin), Cy (Vendor,
    // Desktop User only) and Dee (Contractor, no console account) do not.
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f["rule"], RULE);
    assert_eq!(f["severity"], "error");
    assert_eq!(f["subjects"]["user"], "ann.quill@example.com");
    assert_eq!(f["subjects"]["role"], "Desktop User, Customer Cloud Admin");
    assert_eq!(
        f["message"],
        "Contractor ann.quill@example.com holds an administrator role in Incydr \
         (console roles: Desktop User, Customer Cloud Admin)"
    );
    let fix = f["fix"].as_array().expect("fix steps");
    assert_eq!(fix.len(), 3);
    assert!(
        fix[0]
            .as_str()
            .expect("a step")
            .contains("(member of: Incydr Users, Incydr Admins)"),
        "{fix:?}"
    );
    assert_eq!(
        f["location"]["path"], "fixtures/custom-rules/export/scim-users.json",
        "a users finding points at the IdP record"
    );
}

#[test]
fn without_console_user_roles_the_rule_is_not_run() {
    // Only the IdP users and console users: the lookup's dataset is missing, so the rule
    // is reported as not run instead of silently finding nothing.
    let out = synclint(&[
        "check",
        "fixtures/custom-rules/export/scim-users.json",
        "fixtures/custom-rules/export/console-users.csv",
        "--rules",
        RULES,
        "--select",
        RULE,
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(0));
    let not_run = &doc["summary"]["rules_not_run"];
    assert_eq!(not_run[0]["rule"], RULE, "{not_run:#}");
    assert_eq!(
        not_run[0]["missing"][0], "console_user_roles",
        "{not_run:#}"
    );
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(0));
}
