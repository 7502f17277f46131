//! Where a finding points: the value a rule's `at` names, when the record knows where it
//! is written, else the record.

use super::{per_record, with_empty_scope};
use crate::model::{Location, Record};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use serde_json::json;

fn rule(at: &str) -> Rule {
    let text = format!(
        "id: t-rule\ntitle: T\nseverity: warning\ncategory: test\n\
         docs: {{ what: w, why: y, fix: f }}\nmessage: m\nfix: [f]\ndataset: role_mappings\n\
         when: {{ field: role, exists: true }}\n{at}"
    );
    compile_text(&text, "t.yaml").unwrap()
}

/// A role record at line `line`, whose group is written on line `group_line` if given.
fn record(line: u32, group_line: Option<u32>) -> Record {
    let value = json!({"kind": "role", "group": "Sales", "role": "desktop-user"});
    let mut record = Record::new(value, Some(Location::new("m.yaml", line, 9)));
    record.field_locations = group_line.map(|g| {
        let group = ("group".into(), Location::new("m.yaml", g, 12));
        vec![group].into_boxed_slice()
    });
    record
}

fn lines(rule: &Rule, records: &[Record]) -> Vec<(u32, u32)> {
    let found = with_empty_scope(std::slice::from_ref(rule), |scope| {
        per_record(rule, scope, records)
    });
    let at = |l: &Location| (l.line, l.column);
    found
        .iter()
        .filter_map(|f| f.location.as_ref().map(at))
        .collect()
}

#[test]
fn a_finding_points_at_the_named_value_where_the_record_knows_it() {
    let records = [record(6, Some(5)), record(9, None)];
    assert_eq!(lines(&rule("at: group\n"), &records), [(5, 12), (9, 9)]);
    // A field the record does not place, and a rule without `at`, point at the record.
    assert_eq!(lines(&rule("at: role\n"), &records), [(6, 9), (9, 9)]);
    assert_eq!(lines(&rule(""), &records), [(6, 9), (9, 9)]);
}
