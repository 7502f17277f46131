//! Groups written out and read back give exactly the findings of groups kept in memory,
//! whatever the bound: keys spread over several runs and both workers, rules counted in
//! time (per minute and joined minutes), distinct values, many users and samples that
//! keep JSON values. The runs are kept in a real temporary file.

use super::super::aggregate::Aggregator;
use super::super::group::Group;
use super::super::overflow_read::Merged;
use super::super::sample::{Names, Sample};
use super::super::settle::{Part, Settling};
use super::super::shared::Groups;
use super::super::{record_time, Datasets, Indexes, Scope};
use super::{signed, Overflow, Spill};
use crate::finding::Finding;
use crate::model::{Location, Record};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use crate::wire::Input;
use chrono::{DateTime, Utc};
use serde_json::json;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};

/// Runs kept one after another in a temporary file (as `check` keeps them).
#[derive(Debug)]
struct FileRuns(Mutex<(File, Vec<(u64, u64)>)>);

impl FileRuns {
    fn new() -> Self {
        Self(Mutex::new((tempfile::tempfile().unwrap(), Vec::new())))
    }

    fn runs(&self) -> usize {
        self.0.lock().unwrap().1.len()
    }

    /// The byte at `at` in the file, replaced by `byte`.
    fn damage(&self, at: u64, byte: u8) -> u8 {
        let (file, _) = &mut *self.0.lock().unwrap();
        let mut old = [0u8];
        file.seek(SeekFrom::Start(at)).unwrap();
        file.read_exact(&mut old).unwrap();
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(&[byte]).unwrap();
        old[0]
    }
}

impl Overflow for FileRuns {
    fn keep(&self, run: &[u8]) -> io::Result<usize> {
        let (file, runs) = &mut *self.0.lock().unwrap();
        let start = file.seek(SeekFrom::End(0))?;
        file.write_all(run)?;
        runs.push((start, run.len() as u64));
        Ok(runs.len() - 1)
    }

    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let (file, runs) = &mut *self.0.lock().unwrap();
        let (start, len) = runs[run];
        let left = usize::try_from(len.saturating_sub(offset)).unwrap();
        file.seek(SeekFrom::Start(start + offset))?;
        let want = left.min(buf.len());
        file.read(&mut buf[..want])
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

/// Rules whose groups keep every kind of state: counts and a sample keeping a JSON
/// value (by user), minutes one by one (a window, by user), distinct values (by user,
/// and by provider with many users), and joined minutes (a silence, by provider).
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
            "{user}: {count} from {window_start} to {window_end}",
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
        rule(
            "quiet",
            "{ by: [provider], gap: 30m }",
            "{provider} quiet for {gap} from {gap_start} to {gap_end}",
        ),
    ]
}

/// More users than a worker keeps to itself (`shared::LOCAL_MOST`), so most groups go
/// to the shared maps.
const USERS: u32 = 1500;

/// Event `n`: each pass over the events names every user once (in a scattered order),
/// five minutes after the pass before, the last pass an hour later (a silence).
fn event(n: u32) -> Record {
    let (pass, at) = (n / USERS, n % USERS);
    let user = format!("user{:04}@example.com", at * 7 % USERS);
    let minute = n / 300 + if pass >= 2 { 60 } else { 0 };
    let time = format!(
        "2026-05-01T{:02}:{:02}:{:02}Z",
        minute / 60,
        minute % 60,
        n % 60
    );
    let action = ["create", "update", "deactivate"][((pass + at) % 3) as usize];
    let code = if n % 5 == 0 {
        json!(409)
    } else {
        json!(format!("E{}", n % 3))
    };
    let provider = ["Okta", "Entra"][(n % 2) as usize];
    Record::new(
        json!({"status": "failure", "provider": provider,
               "user": user, "time": time, "action": action,
               "message": format!("failed at step {}", n % 4), "raw": {"code": code}}),
        Some(Location::new("sync.jsonl", n + 1, 1)),
    )
}

/// Two workers of `settling` fed three passes over the users, handed out in pieces of 50
/// events as the reader does, with the last time each saw.
fn fed(rules: &[Rule], settling: &Settling<'_>) -> ([Aggregator; 2], [Option<DateTime<Utc>>; 2]) {
    let datasets = Datasets::new();
    let indexes = Indexes::build(&datasets, rules.iter().map(|r| &r.when));
    let scope = Scope {
        datasets: &datasets,
        indexes: &indexes,
        now: "2026-06-01T00:00:00Z".parse().unwrap(),
    };
    let mut workers = [settling.aggregator(), settling.aggregator()];
    let mut ends: [Option<DateTime<Utc>>; 2] = [None, None];
    for n in 0..3 * USERS {
        let record = event(n);
        let time = record_time(&record);
        let worker = (n / 50 % 2) as usize;
        workers[worker].feed(rules, &scope, "events", &record, time);
        ends[worker] = ends[worker].max(time);
    }
    (workers, ends)
}

/// The findings of two workers settled by `settling` (see [`fed`]); sorted, so that two
/// runs compare.
fn findings(rules: &[Rule], settling: Settling<'_>) -> Vec<Finding> {
    let (mut workers, ends) = fed(rules, &settling);
    let parts = workers
        .iter_mut()
        .zip(ends)
        .map(|(aggregator, end)| Part { aggregator, end })
        .collect();
    let mut found = Vec::new();
    settling.finish_into(parts, &mut |_, f| found.push(f));
    found.sort_by_key(|f| format!("{} {:?} {}", f.rule, f.location, f.message()));
    found
}

fn in_memory(rules: &[Rule]) -> Vec<Finding> {
    findings(rules, Settling::new(rules))
}

#[test]
fn groups_read_back_give_the_findings_of_groups_kept_in_memory() {
    let rules = rules();
    let expected = in_memory(&rules);
    for id in ["by-user", "burst", "actions", "spread", "quiet"] {
        let n = expected.iter().filter(|f| f.rule == id).count();
        assert!(n > 0, "the test data gives {id} findings");
    }
    assert!(expected.len() > 3 * USERS as usize, "{}", expected.len());
    for budget in [0, 2048, 64 * 1024] {
        let store = Arc::new(FileRuns::new());
        let settling = Settling::overflowing(&rules, store.clone(), budget);
        let shared = settling.shared();
        let spilled = findings(&rules, settling);
        assert!(shared.troubles().is_empty(), "budget {budget}");
        assert!(store.runs() >= 3, "budget {budget}: {} runs", store.runs());
        assert_eq!(spilled.len(), expected.len(), "budget {budget}");
        for (got, want) in spilled.iter().zip(&expected) {
            assert_eq!(got.message(), want.message(), "budget {budget}");
            assert_eq!(got, want, "budget {budget}");
        }
    }
}

#[test]
fn a_key_is_spread_over_runs_and_workers_and_merged_once() {
    let rules = rules();
    let store = Arc::new(FileRuns::new());
    let settling = Settling::overflowing(&rules, store.clone(), 0);
    let shared = settling.shared();
    let (mut workers, _) = fed(&rules, &settling);
    // With nothing kept in memory, nearly every user's group was written once per pass,
    // and each worker's two provider groups (thousands of users) many times.
    assert!(shared.len(0) > 2 * USERS as usize, "{}", shared.len(0));
    assert!(shared.len(3) >= 16, "{}", shared.len(3));
    let parts = workers
        .iter_mut()
        .map(|aggregator| Part {
            aggregator,
            end: None,
        })
        .collect();
    let mut found = Vec::new();
    settling.finish_into(parts, &mut |_, f| found.push(f));
    let by_user = found.iter().filter(|f| f.rule == "by-user");
    assert_eq!(by_user.clone().count(), USERS as usize);
    assert!(by_user
        .clone()
        .all(|f| f.events.as_ref().is_some_and(|e| e.count == 3)));
}

/// A group holding every kind of state: many users, distinct values, minutes and a
/// sample with a JSON value.
fn full_group(names: &mut Names) -> Group {
    let rule = &rules()[1];
    let agg = rule.aggregate.as_ref().unwrap();
    let keep = vec!["message".to_owned(), "raw".to_owned(), "user".to_owned()];
    let mut group = Group::new(Sample::of(&event(0), &keep, names));
    for n in 0..400 {
        let record = event(n * 11);
        group.add(agg, &record, (&keep, names), record_time(&record));
    }
    group
}

#[test]
fn a_group_reads_back_as_it_was_written_and_damage_is_an_error() {
    let mut names = Names::default();
    let mut group = full_group(&mut names);
    let mut bytes = Vec::new();
    group.encode(&mut bytes);
    let mut input = Input(&bytes);
    let mut back = Group::decode(&mut input, &mut names).unwrap();
    input.done().unwrap();
    let mut again = Vec::new();
    back.encode(&mut again);
    assert_eq!(again, bytes);
    assert!(back.weight() > 400 * 8, "{}", back.weight());
    // Cut anywhere, the record is refused, never taken for a smaller group.
    for cut in 0..bytes.len() {
        let mut input = Input(&bytes[..cut]);
        let read = Group::decode(&mut input, &mut names).and_then(|_| input.done());
        assert!(read.is_err(), "cut at {cut} of {}", bytes.len());
    }
    // Changed bytes never panic.
    for at in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[at] ^= 0xa5;
        let _ = Group::decode(&mut Input(&changed), &mut names);
    }
}

#[test]
fn what_counting_adds_to_a_group_is_what_it_weighs() {
    let mut names = Names::default();
    let rules = rules();
    let keep = vec!["message".to_owned(), "raw".to_owned(), "user".to_owned()];
    for rule in &rules {
        let agg = rule.aggregate.as_ref().unwrap();
        let mut group = Group::new(Sample::of(&event(4000), &keep, &mut names));
        let mut counted = signed(group.weight());
        // Late events first, so the example is replaced as earlier ones come.
        for n in (0..3000).rev().step_by(7) {
            let record = event(n);
            counted += group.add(agg, &record, (&keep, &mut names), record_time(&record));
            assert_eq!(
                counted,
                signed(group.weight()),
                "{} after event {n}",
                rule.id
            );
        }
    }
}

/// A group of the window rule over 400 events from event `from` on.
fn group_from(from: u32, names: &mut Names) -> Box<Group> {
    let rule = &rules()[1];
    let agg = rule.aggregate.as_ref().unwrap();
    let keep = vec!["message".to_owned(), "raw".to_owned(), "user".to_owned()];
    let mut group = Group::new(Sample::of(&event(from), &keep, names));
    for n in 0..400 {
        let record = event(from + n * 11);
        group.add(agg, &record, (&keep, names), record_time(&record));
    }
    Box::new(group)
}

/// The keys read back from two runs, (3 from event `a3`, 7) and (3 from event `b3`,
/// 9), when the last byte of the first record of the first run (key 3's example's
/// last value, a user's name) is made a byte no UTF-8 text has; and what was lost.
fn damaged(a3: u32, b3: u32) -> (Vec<u128>, Vec<String>) {
    let store = Arc::new(FileRuns::new());
    let spill = Spill::new(store.clone(), 0, vec!["r".to_owned()]);
    let mut names = Names::default();
    for (three, other) in [(a3, 7u128), (b3, 9)] {
        let mut groups = Groups::default();
        groups.insert(3, group_from(three, &mut names));
        groups.insert(other, group_from(0, &mut names));
        spill.write(0, groups, &mut names).unwrap();
    }
    let mut head = [0u8; 20];
    for (at, byte) in head.iter_mut().enumerate() {
        *byte = store.damage(at as u64, 0);
        store.damage(at as u64, *byte);
    }
    let len = u64::from(u32::from_le_bytes(head[16..20].try_into().unwrap()));
    assert_eq!(store.damage(20 + len - 1, 0xff), b'm');
    let mut read_names = Names::default();
    let runs = ("r".to_owned(), spill.take_runs(0));
    let mut merged = Merged::open(store.as_ref(), runs, &mut read_names);
    let keys = merged.by_ref().map(|(key, _)| key).collect();
    (
        keys,
        merged.troubles.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn only_the_earliest_example_of_a_key_is_read_back() {
    // Key 3's example in the second run is the earlier: the damaged one is never read.
    let (keys, troubles) = damaged(1000, 0);
    assert_eq!(keys, [3, 7, 9]);
    assert!(troubles.is_empty(), "{troubles:?}");
    // Now the damaged one is the earlier: key 3 is lost with both its copies, and the
    // first run is read no further (key 7).
    let (keys, troubles) = damaged(0, 1000);
    assert_eq!(keys, [9]);
    assert_eq!(troubles.len(), 1, "{troubles:?}");
    assert!(
        troubles[0].starts_with("rule r: 3 of its groups"),
        "{}",
        troubles[0]
    );
}
