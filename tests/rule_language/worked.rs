use super::common::*;
use synclint::engine::eval::Scope;
use synclint::engine::index::Indexes;
use synclint::model::Datasets;

// --------------------------- the worked examples of section 17, taken from the docs

fn example(name: &str) -> String {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rule-language.md"),
    )
    .unwrap();
    let marker = format!("<!-- worked-example: my-rules/{name}.yaml -->\n```yaml\n");
    let start = doc.find(&marker).expect("the example's marker") + marker.len();
    let length = doc[start..].find("```").expect("the end of the example");
    doc[start..start + length].to_owned()
}

fn compiled(name: &str) -> Rule {
    compile_text(&example(name), name).unwrap_or_else(|e| {
        panic!(
            "{name} does not compile: {:#?}",
            e.iter().map(ToString::to_string).collect::<Vec<_>>()
        )
    })
}

fn passes_its_cases(name: &str, cases: usize) {
    let report = test_rule(&compiled(name), now());
    assert!(report.failures.is_empty(), "{name}: {:#?}", report.failures);
    assert_eq!(report.passed, cases, "{name}");
}

#[test]
fn the_three_examples_pass_their_cases() {
    passes_its_cases("console-user-foreign-domain", 4);
    passes_its_cases("admin-group-too-large", 3);
    passes_its_cases("role-update-retries", 3);
}

#[test]
fn the_admin_group_message_counts_and_names_the_members() {
    let rule = compiled("admin-group-too-large");
    let mut data = Datasets::new();
    for (name, records) in &rule.tests.datasets {
        data.extend(name, records.iter().map(|r| Record::new(r.clone(), None)));
    }
    let indexes = Indexes::for_rules(&data, std::slice::from_ref(&rule));
    let scope = Scope {
        datasets: &data,
        indexes: &indexes,
        now: now(),
    };
    let records: Vec<Record> = rule
        .tests
        .fire
        .iter()
        .map(|c| Record::new(c.records[0].clone(), None))
        .collect();
    let findings = synclint::engine::per_record(&rule, &scope, &records);
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].message(),
        "Group Incydr Admins gives customer-cloud-admin to 4 people: a@example.com, b@example.com, c@example.com, d@example.com"
    );
}

#[test]
fn the_foreign_domain_rule_needs_idp_users_without_saying_so() {
    let rule = compiled("console-user-foreign-domain");
    assert_eq!(rule.needs, ["console_users", "idp_users"]);
}

#[test]
fn a_lookup_name_is_checked() {
    let body = "when:\n  lookup:\n    dataset: roles\n    on: { roleName: role }\n    as: role\n";
    assert_eq!(
        errors("role_mappings", body),
        [at(
            5,
            9,
            "`as: role` hides the field of that name of dataset `role_mappings`"
        )]
    );
    let text = text(
        "role_mappings",
        "when:\n  lookup:\n    dataset: roles\n    on: { roleName: role }\n    as: found\n",
    )
    .replace(
        "message: m",
        "message: \"{found.matches.roleNam} {found.total}\"",
    );
    let found = errors_of(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].contains("`roleNam` is not a field of dataset `roles`"),
        "{found:#?}"
    );
    assert!(
        found[1].contains("gives `found.count` and `found.matches.FIELD`"),
        "{found:#?}"
    );
}
