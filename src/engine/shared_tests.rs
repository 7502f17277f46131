//! Workers that share the groups of a rule with many keys find exactly what one
//! aggregator over every event finds, and keep only a bounded number of groups each.

use super::super::aggregate::{Aggregator, RuleGroups};
use super::super::{Datasets, Indexes, Scope};
use super::{SharedGroups, LOCAL_MOST};
use crate::finding::Finding;
use crate::model::{Location, Record};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use serde_json::json;
use std::sync::Arc;

fn rule(id: &str, by: &str) -> Rule {
    let text = format!(
        "id: {id}\ntitle: T\nseverity: warning\ncategory: test\n\
         docs: {{ what: w, why: y, fix: f }}\nmessage: '{{{{ user }}}} failed {{{{ count }}}} times'\n\
         fix: [f]\ndataset: events\nwhen: {{ field: status, equals: failure }}\n\
         aggregate: {{ by: [{by}] }}\nsubjects: {{ user: user }}\n"
    );
    compile_text(&text, "t.yaml").unwrap()
}

/// Event `n`: one of 3,000 users (each seen twice, on both workers), one provider.
fn event(n: u32) -> Record {
    let user = format!("user{}@example.com", n % 3000);
    let time = format!("2026-05-01T{:02}:{:02}:00Z", (n / 60) % 24, n % 60);
    Record::new(
        json!({"status": "failure", "provider": "Okta", "user": user, "time": time}),
        Some(Location::new("sync.jsonl", n + 1, 1)),
    )
}

fn sorted(mut findings: Vec<Finding>) -> Vec<(String, u64, Option<Location>)> {
    crate::finding::sort(&mut findings);
    findings
        .into_iter()
        .map(|f| (f.message(), f.events.map_or(0, |e| e.count), f.location))
        .collect()
}

#[test]
fn shared_groups_find_what_one_aggregator_finds() {
    let rules = [rule("by-user", "user"), rule("by-provider", "provider")];
    let datasets = Datasets::new();
    let indexes = Indexes::build(&datasets, rules.iter().map(|r| &r.when));
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now,
    };
    let shared = Arc::new(SharedGroups::new(rules.len()));
    let mut workers = [
        Aggregator::sharing(&rules, Arc::clone(&shared)),
        Aggregator::sharing(&rules, Arc::clone(&shared)),
    ];
    let mut alone = Aggregator::new(&rules);
    for n in 0..6000 {
        let record = event(n);
        let time = super::super::record_time(&record);
        // Alternate pieces of 100 events, as the reader hands them out.
        let worker = &mut workers[(n / 100 % 2) as usize];
        worker.feed(&rules, &scope, "events", &record, time);
        alone.feed(&rules, &scope, "events", &record, time);
    }
    // The rule by user went shared; the rule with one key never did.
    assert!(shared.len(0) > 3000 - 2 * LOCAL_MOST, "{}", shared.len(0));
    assert_eq!(shared.len(1), 0);
    for index in 0..rules.len() {
        let mut parts: Vec<RuleGroups> = workers.iter_mut().map(|w| w.take(index)).collect();
        assert!(parts.iter().all(|p| p.0.len() <= LOCAL_MOST));
        parts.push(RuleGroups(shared.take(index)));
        let together = Aggregator::findings_of(&rules, index, parts, None);
        let expected = Aggregator::findings_of(&rules, index, vec![alone.take(index)], None);
        assert_eq!(together.len(), if index == 0 { 3000 } else { 1 });
        assert_eq!(sorted(together), sorted(expected));
    }
}
