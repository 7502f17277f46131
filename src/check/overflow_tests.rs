//! The temporary file groups wait in: runs read back from where they were written; a
//! folder that cannot be written keeps the groups in memory (same findings, a
//! `not-written` problem); a file that loses its tail before it is read back costs
//! groups, said as an `unreadable` problem (exit 4). Real files throughout.

use super::{problems, TempRuns};
use crate::check::events::Logs;
use crate::engine::overflow::Overflow;
use crate::finding::Finding;
use crate::input::Limits;
use crate::model::{Datasets, Location, Record};
use crate::report::{InputProblem, Summary};
use crate::rules::compile::compile_text;
use crate::rules::Rule;
use crate::syncreport::{Window, WindowSpec};
use serde_json::json;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[test]
fn runs_read_back_from_where_they_were_written() {
    let runs = TempRuns::default();
    let first: Vec<u8> = (0..5000u32).map(|n| (n % 251) as u8).collect();
    let second = b"the second run".to_vec();
    assert_eq!(runs.keep(&first).unwrap(), 0);
    assert_eq!(runs.keep(&second).unwrap(), 1);
    let read = |run: usize, len: usize| {
        let mut out = Vec::new();
        let mut buf = vec![0u8; 333];
        loop {
            let n = runs.read(run, out.len() as u64, &mut buf).unwrap();
            if n == 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n]);
            assert!(out.len() <= len, "no bytes past the run");
        }
    };
    assert_eq!(read(1, second.len()), second);
    assert_eq!(read(0, first.len()), first);
    assert!(runs.read(2, 0, &mut [0u8; 8]).is_err());
}

fn rule(id: &str, by: &str) -> Rule {
    let text = format!(
        "id: {id}\ntitle: T\nseverity: warning\ncategory: test\n\
         docs: {{ what: w, why: y, fix: f }}\nmessage: '{{{{ user }}}} failed {{{{ count }}}} times: {{{{ message }}}}'\n\
         fix: [f]\ndataset: events\nwhen: {{ field: status, equals: failure }}\n\
         aggregate: {{ by: [{by}] }}\nsubjects: {{ user: user }}\n"
    );
    compile_text(&text, "t.yaml").unwrap()
}

/// 6,000 failures of 2,000 users, each user three times.
fn log() -> Vec<Record> {
    (0..6000u32)
        .map(|n| {
            let minute = n / 10;
            let time = format!("2026-05-01T{:02}:{:02}:00Z", minute / 60 % 24, minute % 60);
            let user = format!("user{}@example.com", n % 2000);
            Record::new(
                json!({"time": time, "status": "failure", "provider": "Okta",
                       "user": user, "message": format!("step {}", n % 7)}),
                Some(Location::new("sync.jsonl", n + 1, 1)),
            )
        })
        .collect()
}

/// The findings and problems of the log's events, with groups past `budget` bytes in
/// `store`.
fn check(store: Arc<dyn Overflow>, budget: usize) -> (Vec<Finding>, Vec<InputProblem>) {
    let rules = [rule("by-user", "user"), rule("by-provider", "provider")];
    let limits = Limits {
        groups_in_memory: budget,
        ..Limits::default()
    };
    let mut logs = Logs::new(Vec::new(), vec![log()], limits);
    logs.groups_store = Some(store);
    let mut summary = Summary::default();
    let window = Window {
        since: None,
        until: None,
    };
    let spec = WindowSpec {
        since: None,
        until: None,
    };
    let now = "2026-06-01T00:00:00Z".parse().unwrap();
    let datasets = Datasets::new();
    let mut findings = Vec::new();
    let found = &mut |f| findings.push(f);
    logs.evaluate(&rules, &datasets, now, (window, &spec), &mut summary, found);
    findings.sort_by_key(|f| format!("{} {:?} {}", f.rule, f.location, f.message()));
    (findings, summary.problems)
}

#[test]
fn groups_through_the_file_give_the_findings_of_groups_in_memory() {
    let (expected, problems) = check(Arc::new(TempRuns::default()), usize::MAX);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(expected.len(), 2001);
    let runs = Arc::new(TempRuns::default());
    let (found, problems) = check(runs.clone(), 4096);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(runs.runs() > 2, "{} runs", runs.runs());
    assert_eq!(found, expected);
}

#[test]
fn a_folder_that_cannot_be_written_keeps_the_groups_in_memory_and_says_so() {
    let (expected, _) = check(Arc::new(TempRuns::default()), usize::MAX);
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder");
    let (found, problems) = check(Arc::new(TempRuns::in_folder(missing)), 0);
    assert_eq!(found, expected);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(problem.problem, "not-written");
    assert!(!problem.is_unusable(), "the results are complete");
    assert!(
        problem.reason.contains("kept in memory"),
        "{}",
        problem.reason
    );
    assert!(
        problem.reason.contains("temporary folder"),
        "{}",
        problem.reason
    );
}

/// A temporary file that loses the second half of what it holds before it is read
/// back (a real file, really cut).
#[derive(Debug, Default)]
struct LosesItsTail {
    runs: TempRuns,
    cut: AtomicBool,
}

impl Overflow for LosesItsTail {
    fn keep(&self, run: &[u8]) -> io::Result<usize> {
        self.runs.keep(run)
    }

    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if !self.cut.swap(true, Ordering::Relaxed) {
            let file = self.runs.file().unwrap();
            file.set_len(file.metadata()?.len() / 2)?;
        }
        self.runs.read(run, offset, buf)
    }
}

#[test]
fn a_file_cut_short_loses_groups_and_says_how_many() {
    let (expected, _) = check(Arc::new(TempRuns::default()), usize::MAX);
    let (found, problems) = check(Arc::new(LosesItsTail::default()), 4096);
    // Each group lost takes its events from its user's finding, or the finding.
    assert!(found != expected, "groups were lost");
    assert!(!problems.is_empty());
    for problem in &problems {
        assert_eq!(problem.problem, "unreadable", "{problem:?}");
        assert!(problem.is_unusable(), "exit 4");
        assert_eq!(problem.path, "(groups of the logs)");
        assert!(
            problem.reason.contains("could not be read back"),
            "{}",
            problem.reason
        );
    }
    let lost: usize = problems
        .iter()
        .filter_map(|p| {
            p.reason
                .split(": ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert!(lost > 0, "{problems:?}");
}

#[test]
fn problems_say_which_groups_were_kept_and_which_lost() {
    use crate::engine::overflow::OverflowError;
    let said = problems(vec![
        OverflowError::NotWritten {
            rule: "r".into(),
            groups: 3,
            reason: "disk full".into(),
        },
        OverflowError::Lost {
            rule: "r".into(),
            lost: 2,
            reason: "cut".into(),
        },
    ]);
    let kinds: Vec<_> = said.iter().map(|p| p.problem).collect();
    assert_eq!(kinds, ["not-written", "unreadable"]);
    assert!(
        said[1].reason.starts_with("rule r: 2 of its groups"),
        "{}",
        said[1].reason
    );
}
