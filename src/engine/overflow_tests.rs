//! Groups written out and read back give exactly the findings of groups kept in memory;
//! a run that cannot be written stays in memory, and a run that cannot be read back
//! (or ends early) is said to have lost groups, with how many.

use super::super::aggregate::{Aggregator, RuleGroups};
use super::super::shared::{Note, SharedGroups};
use super::super::{Datasets, Indexes, Scope};
use super::Overflow;
use crate::finding::Finding;
use crate::model::{Location, Record};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use serde_json::json;
use std::io::{self, BufRead};
use std::sync::{Arc, Mutex};

/// Runs kept in memory; writes and reads fail, or reads stop short, when asked to.
#[derive(Debug, Default)]
struct Runs {
    runs: Mutex<Vec<Vec<u8>>>,
    refuse_writes: bool,
    refuse_reads: bool,
    /// Read back only this many bytes of each run.
    cut_at: Option<usize>,
}

impl Overflow for Runs {
    fn keep(&self, run: &[u8]) -> io::Result<usize> {
        if self.refuse_writes {
            return Err(io::Error::other("no space left on device"));
        }
        let mut runs = self.runs.lock().unwrap();
        runs.push(run.to_vec());
        Ok(runs.len() - 1)
    }

    fn read(&self, id: usize) -> io::Result<Box<dyn BufRead + Send>> {
        if self.refuse_reads {
            return Err(io::Error::other("input/output error"));
        }
        let mut run = self.runs.lock().unwrap()[id].clone();
        run.truncate(self.cut_at.unwrap_or(usize::MAX));
        Ok(Box::new(io::Cursor::new(run)))
    }
}

fn rule(id: &str, aggregate: &str, message: &str) -> Rule {
    let text = format!(
        "id: {id}\ntitle: T\nseverity: warning\ncategory: test\n\
         docs: {{ what: w, why: y, fix: f }}\nmessage: '{message}'\n\
         fix: ['look at {{user}}']\ndataset: events\nwhen: {{ field: status, equals: failure }}\n\
         aggregate: {aggregate}\nsubjects: {{ user: user }}\n"
    );
    compile_text(&text, "t.yaml").unwrap()
}

/// Rules whose groups keep every kind of state: counts and a sample by user, minutes
/// (a window by user), distinct values (by user) and many users (by provider, which has
/// one group and so never goes to disk; see the round trip below for that).
fn rules() -> Vec<Rule> {
    vec![
        rule(
            "by-user",
            "{ by: [user] }",
            "{user} failed {count} times from {first_seen} to {last_seen}: {message} ({raw.code})",
        ),
        rule(
            "burst",
            "{ by: [user], count: { gte: 2 }, within: 10m }",
            "{user}: {count} from {window_start}",
        ),
        rule(
            "actions",
            "{ by: [user], distinct: action, count: { gte: 2 } }",
            "{user}: {distinct_count} actions",
        ),
        rule(
            "spread",
            "{ by: [provider], distinct: action, count: { gte: 2 } }",
            "{provider}: {distinct_count} actions, {user_count} users, e.g. {sample_users}",
        ),
    ]
}

/// Users: more than a worker keeps to itself (`shared::LOCAL_MOST`), so most groups go
/// to the shared maps.
const USERS: u32 = 2500;

/// Event `n`: user `n % USERS`, whose events (one per pass over the users) are three
/// minutes apart, so the window rule fires too.
fn event(n: u32) -> Record {
    let user = format!("user{:04}@example.com", n % USERS);
    let minute = (n % USERS) / 10 + (n / USERS) * 3;
    let time = format!("2026-05-01T{:02}:{:02}:00Z", minute / 60, minute % 60);
    let action = ["create", "update", "deactivate"][(n % 3) as usize];
    let code = if n % 5 == 0 { json!(409) } else { json!(null) };
    Record::new(
        json!({"status": "failure", "provider": "Okta", "user": user, "time": time,
               "action": action, "message": format!("failed at step {}", n % 4), "raw": {"code": code}}),
        Some(Location::new("sync.jsonl", n + 1, 1)),
    )
}

/// The findings of two workers sharing groups through `shared`, over three passes over
/// the users, and
/// what went wrong keeping them.
fn findings(rules: &[Rule], shared: &Arc<SharedGroups>) -> (Vec<Finding>, Vec<Note>) {
    let datasets = Datasets::new();
    let indexes = Indexes::build(&datasets, rules.iter().map(|r| &r.when));
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now: "2026-06-01T00:00:00Z".parse().unwrap(),
    };
    let mut workers = [
        Aggregator::sharing(rules, Arc::clone(shared)),
        Aggregator::sharing(rules, Arc::clone(shared)),
    ];
    for n in 0..3 * USERS {
        let record = event(n);
        let time = super::super::record_time(&record);
        workers[(n / 50 % 2) as usize].feed(rules, &scope, "events", &record, time);
    }
    let mut found = Vec::new();
    for index in 0..rules.len() {
        let mut parts: Vec<RuleGroups> = workers.iter_mut().map(|w| w.take(index)).collect();
        let (groups, mut written) = shared.take(index);
        parts.push(RuleGroups(groups));
        let mut push = |f| found.push(f);
        Aggregator::each_finding_of(rules, index, (parts, &mut written), None, &mut push);
        shared.lost(index, std::mem::take(&mut written.troubles));
    }
    crate::finding::sort(&mut found);
    (found, shared.notes())
}

/// Few groups stay local, so most go to the shared maps and spill.
fn overflowing(runs: &Arc<Runs>, spill_at: usize) -> Arc<SharedGroups> {
    let overflow: Arc<dyn Overflow> = runs.clone();
    Arc::new(SharedGroups::overflowing(4, overflow, spill_at))
}

#[test]
fn groups_read_back_give_the_findings_of_groups_kept_in_memory() {
    let rules = rules();
    let (expected, notes) = findings(&rules, &Arc::new(SharedGroups::new(rules.len())));
    assert!(notes.is_empty());
    assert!(expected.len() > 2 * USERS as usize, "{}", expected.len());
    let runs = Arc::new(Runs::default());
    let (spilled, notes) = findings(&rules, &overflowing(&runs, 64));
    assert!(notes.is_empty(), "{notes:?}");
    assert!(
        runs.runs.lock().unwrap().len() > 10,
        "the test must write runs"
    );
    assert_eq!(spilled.len(), expected.len());
    for (a, b) in spilled.iter().zip(&expected) {
        assert_eq!(a, b);
        assert_eq!(a.render(), b.render());
    }
}

#[test]
fn a_run_that_cannot_be_written_stays_in_memory() {
    let rules = rules();
    let (expected, _) = findings(&rules, &Arc::new(SharedGroups::new(rules.len())));
    let runs = Arc::new(Runs {
        refuse_writes: true,
        ..Runs::default()
    });
    let (found, notes) = findings(&rules, &overflowing(&runs, 64));
    assert_eq!(found, expected, "nothing is lost");
    // Once per rule that went shared, then its groups stay in memory.
    assert!(!notes.is_empty());
    for (_, what, lost) in &notes {
        assert!(!lost);
        assert!(what.contains("no space left on device"), "{what}");
        assert!(what.contains("kept in memory"), "{what}");
    }
    let rules_noted: std::collections::BTreeSet<usize> = notes.iter().map(|n| n.0).collect();
    assert_eq!(
        rules_noted.len(),
        notes.len(),
        "one note per rule: {notes:?}"
    );
}

#[test]
fn runs_that_cannot_be_read_back_are_counted_as_lost() {
    let rules = rules();
    let runs = Arc::new(Runs {
        refuse_reads: true,
        ..Runs::default()
    });
    let (_, notes) = findings(&rules, &overflowing(&runs, 64));
    assert!(!notes.is_empty());
    for (_, what, lost) in &notes {
        assert!(lost);
        assert!(what.contains("could not be read back"), "{what}");
        assert!(what.contains("input/output error"), "{what}");
    }
}

#[test]
fn a_run_cut_short_says_how_many_groups_it_lost() {
    let rules = rules();
    let runs = Arc::new(Runs {
        cut_at: Some(10),
        ..Runs::default()
    });
    let (_, notes) = findings(&rules, &overflowing(&runs, 64));
    let (_, what, lost) = notes.first().unwrap();
    assert!(lost);
    // Ten bytes hold part of the first line only: all 64 groups of the run are lost.
    assert!(what.contains("line 1 "), "{what}");
    assert!(
        what.contains("its last 64 of 64 groups were lost"),
        "{what}"
    );
}

#[test]
fn a_group_of_many_users_minutes_and_values_reads_back_whole() {
    use super::super::group::Group;
    use super::super::sample::{Names, Sample};
    let rules = rules();
    let spread = &rules[3];
    let agg = spread.aggregate.as_ref().unwrap();
    let keep = vec!["provider".to_owned(), "raw".to_owned()];
    let mut names = Names::default();
    let mut group = Group::new(Sample::of(&event(0), &keep, &mut names));
    for n in 0..300 {
        let record = event(n);
        let time = super::super::record_time(&record);
        group.add(agg, &record, (&keep, &mut names), time);
    }
    let run = super::encode(&[(7 << 70 | 5, Box::new(group.clone()))]).unwrap();
    let runs = Runs::default();
    let id = runs.keep(&run).unwrap();
    let ids = [super::RunId { id, groups: 1 }];
    let mut merged = super::Merged::open(&runs, &ids, Arc::default());
    let (key, back) = merged.next().unwrap();
    assert_eq!(key, 7 << 70 | 5, "both halves of the key");
    assert!(merged.next().is_none() && merged.troubles.is_empty());
    let finding = |g: Group| g.finding(spread, (agg, &keep), None).unwrap();
    let (before, after) = (finding(group), finding(back));
    assert_eq!(after.events.as_ref().unwrap().users, 300);
    assert_eq!(before, after);
    assert_eq!(before.render(), after.render());
}
