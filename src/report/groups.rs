//! Findings grouped for a reader who has a few minutes: the root causes first (the same
//! [`Report::root_causes`] the HTML report leads with), each with the symptoms it explains
//! summarised by rule, then the findings no known cause explains, grouped by rule with one
//! set of fix steps per rule. The emails are written from this; it is pure.

use super::{Report, RootCause};
use crate::finding::Finding;
use std::collections::BTreeSet;

/// A selection of findings (the errors of the day, the new errors), grouped.
#[derive(Debug, Clone)]
pub struct Digest<'a> {
    /// The causes that explain a selected finding, in the order of
    /// [`Report::root_causes`] (a cause that explains none is grouped with the rest).
    pub causes: Vec<CauseGroup<'a>>,
    /// Selected findings no cause explains, by rule: most findings first.
    pub by_rule: Vec<RuleGroup<'a>>,
    /// How many findings were selected.
    pub selected: usize,
    /// How many of them are a cause or explained by one.
    pub explained: usize,
}

/// A root cause with its symptoms summarised.
#[derive(Debug, Clone)]
pub struct CauseGroup<'a> {
    pub cause: RootCause<'a>,
    /// The selected symptoms, one entry per rule.
    pub symptoms: Vec<RuleGroup<'a>>,
}

/// Findings of one rule.
#[derive(Debug, Clone)]
pub struct RuleGroup<'a> {
    pub rule: &'a str,
    pub title: &'a str,
    pub findings: Vec<&'a Finding>,
}

impl RuleGroup<'_> {
    /// The distinct users the findings are about, in finding order.
    #[must_use]
    pub fn users(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        self.findings
            .iter()
            .filter_map(|f| f.subjects.get("user").map(String::as_str))
            .filter(|u| seen.insert(u.to_lowercase()))
            .collect()
    }

    /// The fix steps shared by the group: the steps of its first finding, and whether
    /// every other finding has the very same steps.
    #[must_use]
    pub fn fix(&self) -> (Vec<String>, bool) {
        let first = self.findings.first().map(|f| f.fix()).unwrap_or_default();
        let same = self.findings.iter().all(|f| f.fix() == first);
        (first, same)
    }
}

/// Group the findings `selected` picks out of `report`.
#[must_use]
pub fn digest<'a>(report: &'a Report, selected: &[&'a Finding]) -> Digest<'a> {
    let chosen: BTreeSet<*const Finding> =
        selected.iter().map(|f| std::ptr::from_ref(*f)).collect();
    let picked = |f: &Finding| chosen.contains(&std::ptr::from_ref(f));
    let mut explained: BTreeSet<*const Finding> = BTreeSet::new();
    let mut causes = Vec::new();
    for cause in report.root_causes() {
        let symptoms: Vec<&Finding> = cause
            .symptoms
            .iter()
            .copied()
            .filter(|f| picked(f))
            .collect();
        if symptoms.is_empty() {
            continue;
        }
        explained.extend(symptoms.iter().map(|f| std::ptr::from_ref(*f)));
        if picked(cause.finding) {
            explained.insert(std::ptr::from_ref(cause.finding));
        }
        let symptoms = by_rule(symptoms.into_iter());
        causes.push(CauseGroup { cause, symptoms });
    }
    let rest = selected
        .iter()
        .copied()
        .filter(|f| !explained.contains(&std::ptr::from_ref(*f)));
    Digest {
        causes,
        by_rule: by_rule(rest),
        selected: selected.len(),
        explained: explained.len(),
    }
}

/// Findings by rule, in order of first appearance, then the larger groups first.
fn by_rule<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<RuleGroup<'a>> {
    let mut groups: Vec<RuleGroup<'a>> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|g| g.rule == &*f.rule) {
            Some(g) => g.findings.push(f),
            None => groups.push(RuleGroup {
                rule: &f.rule,
                title: &f.title,
                findings: vec![f],
            }),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.findings.len()));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Cause;
    use crate::finding::Findings;
    use crate::rules::Severity;

    fn finding(rule: &str, user: Option<&str>, org: &str) -> Finding {
        let mut f = Finding {
            rule: rule.into(),
            severity: Severity::Error,
            title: rule.into(),
            category: "test".into(),
            says: crate::finding::Says::fixed(format!("{rule} {org}"), vec![format!("fix {org}")]),
            subjects: crate::finding::Subjects::new(),
            location: None,
            events: None,
            cause: None,
        };
        if let Some(u) = user {
            f.subjects.insert("user".to_owned(), u.to_owned());
        }
        f.subjects.insert("organization".to_owned(), org.to_owned());
        f
    }

    fn symptom(user: &str, org: &str) -> Finding {
        let mut f = finding("move-failed", Some(user), org);
        let cause = finding("org-missing", None, org);
        f.cause = Some(Box::new(Cause {
            rule: "org-missing".to_owned(),
            subjects: cause.subjects,
        }));
        f
    }

    #[test]
    fn causes_lead_and_the_rest_is_grouped_by_rule() {
        let report = Report {
            findings: Findings::from(vec![
                symptom("a@x", "Finance"),
                finding("org-missing", None, "Finance"),
                symptom("b@x", "Finance"),
                finding("auth", None, "-"),
                finding("dup", Some("c@x"), "-"),
                finding("dup", Some("d@x"), "-"),
            ]),
            ..Report::default()
        };
        let all: Vec<&Finding> = report.findings.loaded().iter().collect();
        let d = digest(&report, &all);
        assert_eq!((d.selected, d.explained), (6, 3));
        assert_eq!(d.causes.len(), 1);
        assert_eq!(&*d.causes[0].cause.finding.rule, "org-missing");
        assert_eq!(d.causes[0].symptoms[0].users(), ["a@x", "b@x"]);
        let rules: Vec<&str> = d.by_rule.iter().map(|g| g.rule).collect();
        assert_eq!(rules, ["dup", "auth"]);
        // A cause that explains nothing selected is grouped with the rest.
        let only: Vec<&Finding> = report.findings.loaded()[1..2].iter().collect();
        let d = digest(&report, &only);
        assert!(d.causes.is_empty());
        assert_eq!((d.selected, d.explained, d.by_rule.len()), (1, 0, 1));
    }
}
