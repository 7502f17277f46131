use super::common::*;
use synclint::model::schema::{Relation, RELATIONS};
use synclint::model::Datasets;

// ------------------------- root-cause links that must not happen, and affected users

fn rule_text(id: &str, dataset: &str, when: &str, subjects: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: t\nseverity: warning\ncategory: test\ndocs: {{ what: w, why: y, fix: f }}\n\
         message: m\nfix: [f]\ndataset: {dataset}\nwhen: {when}\nsubjects: {subjects}\n{extra}"
    )
}

fn compiled(text: &str) -> Rule {
    compile_text(text, "t.yaml").unwrap_or_else(|e| {
        panic!(
            "{:#?}",
            e.iter().map(ToString::to_string).collect::<Vec<_>>()
        )
    })
}

fn data(sets: &[(&str, serde_json::Value)]) -> Datasets {
    let mut data = Datasets::new();
    for (name, records) in sets {
        let records = records.as_array().unwrap().iter().cloned();
        data.extend(name, records.map(|r| Record::new(r, None)));
    }
    data
}

fn cause_rule(id: &str) -> Rule {
    compiled(&rule_text(
        id,
        "role_mappings",
        &format!("{{ field: entry, equals: \"{id}\" }}"),
        "{ group: group, role: role }",
        "",
    ))
}

fn symptom(causes: &str) -> Rule {
    compiled(&rule_text(
        "symptom",
        "events",
        "{ field: status, equals: failure }",
        "{ user: user, group: group }",
        &format!("causes: [{causes}]\n"),
    ))
}

#[test]
fn a_failure_that_shares_no_subject_with_a_cause_stays_unlinked() {
    let rules = [cause_rule("cause-a"), symptom("cause-a")];
    let datasets = data(&[
        (
            "role_mappings",
            json!([{ "entry": "cause-a", "group": "Sales", "role": "r1" }]),
        ),
        (
            "events",
            json!([{ "status": "failure", "user": "ann@example.com", "group": "Support" }]),
        ),
        // ann is in Support only, so the Sales mapping cannot explain her failure
        (
            "users",
            json!([{ "username": "ann@example.com", "groups": ["Support"], "expected": { "roles": ["r2"] } }]),
        ),
    ]);
    let findings = synclint::engine::run(&rules, &datasets, now());
    let failure = findings.iter().find(|f| &*f.rule == "symptom").unwrap();
    assert!(failure.cause.is_none(), "{:?}", failure.cause);
}

#[test]
fn with_two_causes_the_first_listed_wins_and_each_finding_gets_its_own() {
    let rules = [
        cause_rule("cause-a"),
        cause_rule("cause-b"),
        symptom("cause-b, cause-a"),
    ];
    let datasets = data(&[
        (
            "role_mappings",
            json!([
                { "entry": "cause-a", "group": "Sales", "role": "r1" },
                { "entry": "cause-b", "group": "Sales", "role": "r2" },
                { "entry": "cause-a", "group": "Support", "role": "r3" }
            ]),
        ),
        (
            "events",
            json!([
                { "status": "failure", "user": "ann@example.com", "group": "Sales" },
                { "status": "failure", "user": "bob@example.com", "group": "Support" }
            ]),
        ),
    ]);
    let findings = synclint::engine::run(&rules, &datasets, now());
    let cause_of = |user: &str| {
        let f = findings
            .iter()
            .find(|f| {
                &*f.rule == "symptom" && f.subjects.get("user").map(String::as_str) == Some(user)
            })
            .unwrap();
        f.cause.as_ref().map(|c| c.rule.clone())
    };
    // both rules explain Sales; `causes` lists cause-b first
    assert_eq!(cause_of("ann@example.com").as_deref(), Some("cause-b"));
    // only cause-a explains Support
    assert_eq!(cause_of("bob@example.com").as_deref(), Some("cause-a"));
}

#[test]
fn an_aggregated_finding_names_its_users_up_to_the_cap() {
    let rule = compiled(&rule_text(
        "grouped",
        "events",
        "{ field: status, equals: failure }",
        "{ organization: property }",
        "aggregate: { by: [property] }\n",
    ));
    let few: Vec<serde_json::Value> = ["c@x", "a@x", "b@x", "a@x"]
        .iter()
        .map(|u| json!({ "status": "failure", "property": "mail", "user": u }))
        .collect();
    let many: Vec<serde_json::Value> = (0..150)
        .map(|n| json!({ "status": "failure", "property": "dept", "user": format!("u{n:03}@x") }))
        .collect();
    let datasets = data(&[(
        "events",
        json!(few.into_iter().chain(many).collect::<Vec<_>>()),
    )]);
    let findings = synclint::engine::run(std::slice::from_ref(&rule), &datasets, now());
    let json = serde_json::to_value(&findings).unwrap();
    let events = |total: u64| {
        let all = json.as_array().unwrap();
        let found = all.iter().find(|f| f["events"]["users"] == total);
        found.unwrap_or_else(|| panic!("no finding with {total} users: {json:#}"))["events"].clone()
    };
    let mail = events(3);
    assert_eq!(mail["users"], 3);
    assert_eq!(mail["user_names"], json!(["a@x", "b@x", "c@x"]));
    let dept = events(150);
    assert_eq!(dept["users"], 150);
    let names = dept["user_names"].as_array().unwrap();
    assert_eq!(names.len(), 100);
    assert_eq!(names[0], "u000@x");
    assert_eq!(names[99], "u099@x");
}

// ------------------------- `explains`: a cause rule names the symptoms it explains

fn explaining_cause(id: &str, explains: &str) -> Rule {
    compiled(&rule_text(
        id,
        "role_mappings",
        &format!("{{ field: entry, equals: \"{id}\" }}"),
        "{ group: group, role: role }",
        &format!("explains: [{explains}]\n"),
    ))
}

fn one_failure_for(group: &str) -> Datasets {
    data(&[
        (
            "role_mappings",
            json!([{ "entry": "pack-cause", "group": "Sales", "role": "r1" }]),
        ),
        (
            "events",
            json!([{ "status": "failure", "user": "ann@example.com", "group": group }]),
        ),
    ])
}

fn cause_of_symptom(rules: &[Rule], datasets: &Datasets) -> Option<String> {
    let findings = synclint::engine::run(rules, datasets, now());
    let failure = findings.iter().find(|f| &*f.rule == "symptom").unwrap();
    failure.cause.as_ref().map(|c| c.rule.clone())
}

#[test]
fn a_cause_that_declares_what_it_explains_is_linked_without_the_symptom_listing_it() {
    // the symptom lists no causes at all: only the cause's `explains` joins them
    let symptom = compiled(&rule_text(
        "symptom",
        "events",
        "{ field: status, equals: failure }",
        "{ user: user, group: group }",
        "",
    ));
    let rules = [explaining_cause("pack-cause", "symptom"), symptom];
    assert_eq!(
        cause_of_symptom(&rules, &one_failure_for("Sales")).as_deref(),
        Some("pack-cause")
    );
    // no shared subject: no link, even though the cause explains the rule
    assert_eq!(cause_of_symptom(&rules, &one_failure_for("Support")), None);
}

#[test]
fn listed_causes_come_before_causes_that_declare_themselves() {
    let rules = [
        explaining_cause("pack-cause", "symptom"),
        cause_rule("cause-a"),
        symptom("cause-a"),
    ];
    let datasets = data(&[
        (
            "role_mappings",
            json!([
                { "entry": "pack-cause", "group": "Sales", "role": "r1" },
                { "entry": "cause-a", "group": "Sales", "role": "r2" },
                { "entry": "pack-cause", "group": "Support", "role": "r3" }
            ]),
        ),
        (
            "events",
            json!([{ "status": "failure", "user": "ann@example.com", "group": "Sales" }]),
        ),
    ]);
    assert_eq!(
        cause_of_symptom(&rules, &datasets).as_deref(),
        Some("cause-a")
    );
    // where only the pack's rule shares a subject, it is the cause
    let datasets = data(&[
        (
            "role_mappings",
            json!([
                { "entry": "pack-cause", "group": "Support", "role": "r1" },
                { "entry": "cause-a", "group": "Sales", "role": "r2" }
            ]),
        ),
        (
            "events",
            json!([{ "status": "failure", "user": "ann@example.com", "group": "Support" }]),
        ),
    ]);
    assert_eq!(
        cause_of_symptom(&rules, &datasets).as_deref(),
        Some("pack-cause")
    );
}

// ------------------------- links follow the declared relations, not a list in the engine

fn console_organization_case() -> (Vec<Rule>, Datasets) {
    let cause = compiled(&rule_text(
        "org-cause",
        "org_mappings",
        "{ field: organization, exists: true }",
        "{ organization: organization }",
        "",
    ));
    let symptom = compiled(&rule_text(
        "symptom",
        "events",
        "{ field: status, equals: failure }",
        "{ user: user }",
        "causes: [org-cause]\n",
    ));
    let datasets = data(&[
        ("org_mappings", json!([{ "organization": "Staff" }])),
        (
            "events",
            json!([{ "status": "failure", "user": "ann@example.com" }]),
        ),
        // ann is in organization Staff in the console, and nothing else relates her to it
        (
            "users",
            json!([{ "username": "Ann@Example.com", "groups": [], "console": { "orgName": "staff" }, "expected": {} }]),
        ),
    ]);
    (vec![cause, symptom], datasets)
}

fn cause_with(relations: &[Relation]) -> Option<String> {
    let (rules, datasets) = console_organization_case();
    let mut findings = synclint::engine::evaluate(&rules, &datasets, now());
    synclint::engine::causes::link_with(&mut findings, &rules, &datasets, relations);
    let failure = findings.iter().find(|f| &*f.rule == "symptom").unwrap();
    failure.cause.as_ref().map(|c| c.rule.clone())
}

#[test]
fn a_relation_declared_in_the_table_links_without_changing_the_engine() {
    // the built-in table does not relate a user to their console organization
    assert_eq!(cause_with(RELATIONS), None);
    let mut declared = RELATIONS.to_vec();
    declared.push(Relation {
        from: "user",
        dataset: "users",
        key: "username",
        path: "console.orgName",
        to: "organization",
        doc: "the organization the user is in, in the console",
    });
    assert_eq!(cause_with(&declared).as_deref(), Some("org-cause"));
    // the same declaration from another subject kind relates nothing here
    declared.last_mut().unwrap().from = "group";
    assert_eq!(cause_with(&declared), None);
}

#[test]
fn the_declared_relations_follow_the_users_view_fields_they_name() {
    let (rules, mut datasets) = console_organization_case();
    // a user whose expected organization is Staff: the declared `expected.organization`
    datasets.extend(
        "users",
        [Record::new(
            json!({ "username": "bob@example.com", "groups": [], "expected": { "organization": "STAFF" } }),
            None,
        )],
    );
    datasets.extend(
        "events",
        [Record::new(
            json!({ "status": "failure", "user": "bob@example.com" }),
            None,
        )],
    );
    let findings = synclint::engine::run(&rules, &datasets, now());
    let cause = |user: &str| {
        let f = findings
            .iter()
            .find(|f| f.subjects.get("user").map(String::as_str) == Some(user))
            .unwrap();
        f.cause.as_ref().map(|c| c.rule.clone())
    };
    assert_eq!(cause("bob@example.com").as_deref(), Some("org-cause"));
    assert_eq!(cause("ann@example.com"), None);
}
