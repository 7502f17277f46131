//! A group's example (and so its finding's location) is its earliest event, however the
//! events arrive and however the parts of a log are merged.

use super::super::{Aggregator, Datasets, Indexes, Scope};
use crate::model::{Location, Record};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use serde_json::json;

const RULE: &str = "id: t-rule\ntitle: T\nseverity: warning\ncategory: test\n\
    docs: { what: w, why: y, fix: f }\nmessage: m\nfix: [f]\ndataset: events\n\
    when: { field: status, equals: failure }\naggregate: { by: [provider] }\n";

fn event(time: &str, path: &str, line: u32) -> (Record, Option<DateTime<Utc>>) {
    let record = Record::new(
        json!({"status": "failure", "provider": "Okta", "time": time}),
        Some(Location::new(path, line, 1)),
    );
    (record, time.parse().ok())
}

/// The location of the one finding, for the events fed to each part (parts merged in order).
fn location(rule: &Rule, parts: &[&[(&str, &str, u32)]]) -> Option<Location> {
    let datasets = Datasets::new();
    let indexes = Indexes::build(&datasets, [&rule.when]);
    let now = "2026-06-01T00:00:00Z".parse().ok()?;
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now,
    };
    let rules = std::slice::from_ref(rule);
    let mut merged = Aggregator::new(rules);
    for events in parts {
        let mut part = Aggregator::new(rules);
        for (time, path, line) in *events {
            let (record, time) = event(time, path, *line);
            part.feed(rules, &scope, "events", &record, time);
        }
        merged.merge(part);
    }
    let findings = merged.finish(rules, None);
    assert_eq!(findings.len(), 1);
    findings.into_iter().next()?.location
}

#[test]
fn the_earliest_event_is_the_example_whatever_the_file_names() {
    let rule = compile_text(RULE, "t.yaml").unwrap();
    let late = ("2026-05-02T10:00:00Z", "a-okta.jsonl", 9);
    let early = ("2026-05-01T10:00:00Z", "b-sync.csv", 40);
    let untimed = ("", "0-first.csv", 1);
    let want = Some(Location::new("b-sync.csv", 40, 1));
    assert_eq!(location(&rule, &[&[late, early, untimed]]), want);
    assert_eq!(location(&rule, &[&[untimed, early, late]]), want);
    assert_eq!(location(&rule, &[&[late, untimed], &[early]]), want);
    assert_eq!(location(&rule, &[&[early], &[untimed, late]]), want);
}

#[test]
fn on_a_tie_or_without_times_the_first_place_read_wins() {
    let rule = compile_text(RULE, "t.yaml").unwrap();
    let a = ("2026-05-01T10:00:00Z", "b.csv", 7);
    let b = ("2026-05-01T10:00:00Z", "b.csv", 3);
    assert_eq!(
        location(&rule, &[&[a], &[b]]),
        Some(Location::new("b.csv", 3, 1))
    );
    let c = ("", "z.csv", 2);
    let d = ("", "y.csv", 5);
    assert_eq!(
        location(&rule, &[&[c, d]]),
        Some(Location::new("y.csv", 5, 1))
    );
}
