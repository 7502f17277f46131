use super::*;
use crate::finding::Findings;
use crate::finding::{Cause, EventStats};
use crate::report::{human, markdown, Render};
use crate::rules::Severity;

fn finding(rule: &str, subjects: &[(&str, &str)]) -> Finding {
    Finding {
        rule: rule.into(),
        severity: Severity::Error,
        title: rule.into(),
        category: "test".into(),
        says: crate::finding::Says::fixed(
            format!("{rule} {subjects:?}"),
            vec![format!("fix {rule}")],
        ),
        subjects: subjects
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        location: None,
        events: None,
        cause: None,
    }
}

fn org_missing(org: &str) -> Finding {
    finding("org-missing", &[("organization", org)])
}

/// A finding about `user` explained by `org` being missing; from a log when `events` is
/// given, from a snapshot otherwise.
fn symptom(user: &str, org: &str, events: Option<u64>) -> Finding {
    let mut f = finding("move-failed", &[("user", user), ("organization", org)]);
    f.cause = Some(Box::new(Cause {
        rule: "org-missing".to_owned(),
        subjects: org_missing(org).subjects,
    }));
    f.events = events.map(|count| EventStats {
        count,
        users: 1,
        user_names: vec![user.into()],
        first_seen: None,
        last_seen: None,
    });
    f
}

#[test]
fn many_findings_group_under_their_causes() {
    const ORGS: usize = 200;
    const USERS: usize = 4000;
    let mut findings: Vec<Finding> = (0..ORGS)
        .map(|o| org_missing(&format!("org-{o}")))
        .collect();
    // A second finding with the same rule and subjects as a cause: the first one stays the cause.
    findings.push(org_missing("org-0"));
    for u in 0..USERS {
        let org = format!("org-{}", u % ORGS);
        let events = (u % 3 != 0).then_some((u % 7) as u64 + 1);
        findings.push(symptom(&format!("user-{u}"), &org, events));
    }
    // A symptom whose cause was never found is left out.
    findings.push(symptom("lost", "no-such-org", Some(5)));
    let report = Report {
        findings: findings.into(),
        ..Report::default()
    };
    let causes = report.root_causes();
    assert_eq!(causes.len(), ORGS);
    for c in &causes {
        let org = c.finding.subjects.get("organization").expect("org").clone();
        assert!(std::ptr::eq(
            c.finding,
            &report.findings.loaded()[org[4..].parse::<usize>().unwrap()]
        ));
        let expected: Vec<&Finding> = report
            .findings
            .loaded()
            .iter()
            .filter(|f| f.cause.is_some() && f.subjects.get("organization") == Some(&org))
            .collect();
        assert_eq!(c.symptoms.len(), USERS / ORGS);
        assert!(c
            .symptoms
            .iter()
            .zip(&expected)
            .all(|(a, b)| std::ptr::eq(*a, *b)));
        assert_eq!(c.users, USERS / ORGS);
        let events: u64 = expected
            .iter()
            .filter_map(|f| f.events.as_ref())
            .map(|e| e.count)
            .sum();
        assert_eq!(c.events, events);
    }
    assert!(causes
        .windows(2)
        .all(|w| (w[0].events, w[0].users) >= (w[1].events, w[1].users)));
    let (users, events) = root_cause_totals(&causes);
    assert_eq!(users, USERS);
    let all: u64 = report.findings.loaded()[..report.findings.len() - 1]
        .iter()
        .filter_map(|f| f.events.as_ref())
        .map(|e| e.count)
        .sum();
    assert_eq!(events, all);
}

/// Two log findings of 11 events and two snapshot findings under one cause.
fn mixed_report() -> Report {
    Report {
        findings: Findings::from(vec![
            org_missing("Sales"),
            symptom("a@x", "Sales", Some(11)),
            symptom("b@x", "Sales", Some(11)),
            symptom("c@x", "Sales", None),
            symptom("d@x", "Sales", None),
        ]),
        ..Report::default()
    }
}

fn render(format: &dyn Render, report: &Report) -> String {
    let mut out = Vec::new();
    format.render(report, &mut out).expect("renders");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn only_log_events_count_as_failed_events() {
    let report = mixed_report();
    let causes = report.root_causes();
    assert_eq!((causes[0].users, causes[0].events), (4, 22));
    let text = render(
        &human::Human {
            color: false,
            max_findings: None,
        },
        &report,
    );
    assert!(
        text.contains("1 cause(s), 4 user(s), 22 failed event(s)"),
        "{text}"
    );
    let text = render(&markdown::Markdown { max_findings: None }, &report);
    assert!(
        text.contains("explain 4 user(s) and 22 failed event(s)"),
        "{text}"
    );
    let text = render(&crate::report::html::Html, &report);
    assert!(
        text.contains("1 cause, 4 users, 22 failed events"),
        "{text}"
    );
    assert!(
        text.contains("explains 4 users, 22 failed events"),
        "{text}"
    );
}
