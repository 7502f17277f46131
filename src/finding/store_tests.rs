use super::*;
use crate::finding::sample::{table, templated};
use crate::finding::sorter::Sorter;
use crate::finding::Says;

thread_local! {
    /// The one table of a test: the codec names a finding by rule only when it holds
    /// that table's wording.
    static TEXTS: Vec<RuleText> = table();
}

fn rule_table() -> RuleTable {
    RuleTable::new(TEXTS.with(Clone::clone))
}

/// `n` findings of both rules, every seventh with fixed text and every tenth of a rule
/// the table does not know (the codec cannot name it, so it waits in memory).
fn findings(n: usize) -> Vec<Finding> {
    let texts = TEXTS.with(Clone::clone);
    (0..n)
        .map(|i| {
            let mut f = templated(
                &texts,
                i % 2,
                &format!("user{}@example.com", (i * 7919) % n),
            );
            if i % 7 == 0 {
                f.says = Says::fixed(format!("fixed {i}"), vec![format!("step {i}")]);
            }
            if i % 10 == 0 {
                f.rule = "team-rule".into();
            }
            f
        })
        .collect()
}

fn recorded(findings: &[Finding], limit: usize) -> Findings {
    let mut recorder = Recorder::new(rule_table(), limit);
    for f in findings {
        recorder.push(f.clone());
    }
    recorder.finish()
}

fn listed(findings: &Findings) -> Vec<Finding> {
    findings.iter().map(Cow::into_owned).collect()
}

#[test]
fn findings_come_back_in_order_in_memory_and_from_the_file() {
    let all = findings(1000);
    for limit in [0, 1, 999, 1000, 5000] {
        let kept = recorded(&all, limit);
        assert_eq!(kept.is_stored(), limit < 1000, "limit {limit}");
        assert_eq!(kept.len(), 1000);
        assert_eq!(listed(&kept), all, "limit {limit}");
        assert_eq!(kept.all().into_owned(), all);
        // A second read gives them again.
        assert_eq!(kept.iter().count(), 1000);
        assert!(kept.check().is_ok());
    }
}

#[test]
fn retain_and_map_keep_the_order_and_the_place() {
    let all = findings(300);
    let odd = |f: &Finding| f.subjects.get("user").is_some_and(|u| u.len() % 2 == 1);
    let want: Vec<Finding> = all.iter().filter(|f| odd(f)).cloned().collect();
    assert!(!want.is_empty() && want.len() < all.len());
    for limit in [0, 10_000] {
        let kept = recorded(&all, limit).retain(odd);
        assert_eq!(kept.is_stored(), limit == 0);
        assert_eq!((kept.len(), listed(&kept)), (want.len(), want.clone()));
        let mapped = kept.map(|f| f.says = Says::fixed("hidden".to_owned(), Vec::new()));
        assert!(mapped.iter().all(|f| f.message() == "hidden"));
        assert_eq!(mapped.len(), want.len());
    }
}

#[test]
fn a_file_cut_short_ends_the_stream_and_says_so() {
    let all = findings(200);
    let mut kept = recorded(&all, 0);
    if let Some(stored) = &mut kept.stored {
        stored.end -= 3;
    }
    let read = kept.iter().count();
    assert!(read < 200 && read > 150, "{read} read");
    assert!(kept.held_count() < 40, "most findings are written");
    let why = kept.check().unwrap_err().to_string();
    assert!(why.contains("could not be read back"), "{why}");
    // What retain makes of it carries the failure on.
    assert!(kept.retain(|_| true).check().is_err());
}

#[test]
fn sorted_runs_merge_into_report_order_whatever_the_run_size() {
    let mut all = findings(500);
    for (i, f) in all.iter_mut().enumerate() {
        if i % 3 == 0 {
            f.severity = crate::finding::Severity::Error;
        }
        // Many findings share a key: their order must be the order they came in.
        f.location = Some(crate::model::Location::new(
            "log",
            u32::try_from(i % 13).unwrap(),
            1,
        ));
    }
    let mut want = all.clone();
    want.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for limit in [1, 7, 64, 499, 500, 10_000] {
        let mut sorter = Sorter::new(rule_table(), limit);
        for f in &all {
            sorter.push(f.clone());
        }
        let mut sorted = sorter.finish();
        let mut merge = sorted.merge();
        let got: Vec<Finding> = merge.by_ref().collect();
        assert!(merge.problem().is_none());
        assert_eq!(got, want, "runs of {limit}");
    }
}

#[test]
fn a_run_cut_short_counts_the_findings_lost() {
    let all = findings(100);
    let mut sorter = Sorter::new(rule_table(), 30);
    for f in &all {
        sorter.push(f.clone());
    }
    let mut sorted = sorter.finish();
    sorted.cut_first_run(5);
    let mut merge = sorted.merge();
    let got = merge.by_ref().count();
    let problem = merge.problem().unwrap_or_default();
    let lost: usize = problem.split(' ').next().unwrap().parse().unwrap();
    assert!(lost > 0 && got + lost == 100, "{got} read, {problem}");
}

#[test]
fn reading_goes_on_from_any_mark() {
    let all = findings(300);
    for limit in [0, 10_000] {
        let kept = recorded(&all, limit);
        let mut iter = kept.iter();
        let mut marks = Vec::new();
        loop {
            marks.push(iter.mark(&kept));
            if iter.next().is_none() {
                break;
            }
        }
        for at in [0, 1, 9, 10, 11, 150, 299, 300] {
            let rest: Vec<Finding> = kept.iter_from(marks[at]).map(Cow::into_owned).collect();
            assert_eq!(rest, all[at..], "from {at}, limit {limit}");
        }
    }
}
