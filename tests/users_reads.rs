//! A check keeps of each `users` record's `idp` and `console` only what its rules read.
//! The report must be the same as with the records whole: on every fixture tenant, and for
//! team rules that read those sides through every kind of path (a condition, a function's
//! second path, a template, a lookup's `on` and `where`, `NAME.matches.FIELD`, a subject).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use clap::Parser;
use synclint::options::Command;
use synclint::report::{OutputFormat, RenderOptions};

const NOW: &str = "2026-11-28T12:00:00Z";

/// `synclint check ARGS` run through the library, with the `users` sides pruned or whole.
fn check(args: &[&str], whole_users: bool) -> synclint::check::Outcome {
    let line = ["synclint", "check", "--now", NOW].iter().chain(args);
    let cli = synclint::cli::Cli::try_parse_from(line).expect("arguments");
    let Command::Check(mut options) = synclint::cli::options(&cli).expect("options").command else {
        panic!("not a check");
    };
    options.whole_users = whole_users;
    synclint::check::run(&options).expect("check runs")
}

/// The JSON report of `synclint check ARGS`, with the `users` sides pruned or whole.
fn json_report(args: &[&str], whole_users: bool) -> serde_json::Value {
    let outcome = check(args, whole_users);
    let mut out = Vec::new();
    OutputFormat::Json
        .renderer(&RenderOptions::default())
        .render(&outcome.report, &mut out)
        .expect("renders");
    serde_json::from_slice(&out).expect("JSON")
}

fn rules_fired(report: &serde_json::Value) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    let mut rules: Vec<String> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    rules.dedup();
    rules
}

fn same_either_way(args: &[&str]) -> serde_json::Value {
    let pruned = json_report(args, false);
    let whole = json_report(args, true);
    assert!(pruned == whole, "{args:?}: the reports differ");
    pruned
}

#[test]
fn fixture_tenants_give_the_same_report() {
    for tenant in [
        "fixtures/demo",
        "fixtures/tenants/northwind",
        "fixtures/ldif-demo",
        "fixtures/shapes/excel-ids",
    ] {
        let report = same_either_way(&[tenant]);
        assert!(
            report["summary"]["rules_run"].as_u64() > Some(0),
            "{tenant}"
        );
    }
    let joins = same_either_way(&[
        "fixtures/shapes/joins",
        "--config",
        "fixtures/shapes/joins/synclint.yaml",
    ]);
    assert!(joins["summary"]["rules_run"].as_u64() > Some(0));
    let demo = same_either_way(&["fixtures/demo"]);
    let fired = rules_fired(&demo);
    for rule in [
        "console-role-drift",
        "console-status-drift",
        "user-without-role",
    ] {
        assert!(fired.iter().any(|r| r == rule), "{rule} fires: {fired:?}");
    }
}

#[test]
fn the_documented_team_rule_gives_the_same_report() {
    let report = same_either_way(&[
        "fixtures/custom-rules/export",
        "--rules",
        "fixtures/custom-rules/contractor-admin.yaml",
        "--select",
        "contractor-admin-role",
    ]);
    assert!(!rules_fired(&report).is_empty(), "the team rule fires");
}

/// Rules that read the sides of `users` records in each way a path can be written.
const RULES: &[(&str, &str)] = &[
    (
        "raw-condition.yaml",
        r#"id: raw-condition
title: t
severity: warning
category: team
docs: {what: w, why: y, fix: f}
dataset: users
when:
  all:
    - { field: "idp.raw.[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].department", equals: Engineering }
    - { field: console.active, exists: true }
message: "{username} is in {idp.raw.[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].department}, console active {console.active}"
fix: ["{idp.name.familyName}"]
subjects: { user: idp.userName }
"#,
    ),
    (
        "side-lookup.yaml",
        r#"id: side-lookup
title: t
severity: warning
category: team
docs: {what: w, why: y, fix: f}
dataset: idp_users
when:
  lookup:
    dataset: users
    as: joined
    on: { idp.id: id }
    where: { field: console.userId, exists: true }
message: "{userName}: console id and name {joined.matches.console.userId} {joined.matches.console.lastName}"
fix: ["x"]
subjects: { user: userName }
"#,
    ),
    (
        "side-days.yaml",
        r#"id: side-days
title: t
severity: info
category: team
docs: {what: w, why: y, fix: f}
dataset: users
when:
  field: "idp.meta.created | days_to(idp.meta.lastModified)"
  gte: 0
message: "{username}: {idp.meta.created | days_to(idp.meta.lastModified)} days"
fix: ["x"]
"#,
    ),
];

#[test]
fn team_rules_reading_the_sides_every_way_give_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["fixtures/demo".to_owned()];
    for (name, text) in RULES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        args.extend(["--rules".to_owned(), path.to_str().unwrap().to_owned()]);
    }
    for id in ["raw-condition", "side-lookup", "side-days"] {
        args.extend(["--select".to_owned(), id.to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let report = same_either_way(&args);
    let fired = rules_fired(&report);
    let problems = &report["summary"];
    for id in ["raw-condition", "side-lookup", "side-days"] {
        assert!(
            fired.iter().any(|r| r == id),
            "{id} fires: {fired:?} {problems}"
        );
    }
}

#[test]
fn a_check_keeps_less_of_each_user_than_trace_needs() {
    // The same tenant through the library: pruned sides hold fewer keys than whole ones.
    let keys = |whole: bool| {
        let outcome = check(&["fixtures/demo"], whole);
        let users = outcome.datasets.get("users");
        assert!(!users.is_empty());
        users
            .iter()
            .filter_map(|u| u.value["idp"].as_object())
            .map(serde_json::Map::len)
            .sum::<usize>()
    };
    let (pruned, whole) = (keys(false), keys(true));
    assert!(pruned < whole / 2, "pruned {pruned} keys, whole {whole}");
}
