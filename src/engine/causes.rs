//! Root causes: a finding of a rule that lists `causes` (or that a rule's `explains` names)
//! is linked to a finding of one of those rules when the two share a subject. A user subject also brings in what the joined
//! `users` view knows of that user (their groups, the roles and organizations the mapping
//! gives them), so a failure logged for a user meets a mapping problem about their group.

use crate::finding::{Cause, Finding};
use crate::model::{dataset, Datasets};
use crate::rules::Rule;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

type Subject = (String, String);

/// Set `cause` on every finding that a finding of one of its rule's causes explains.
pub fn link(findings: &mut [Finding], rules: &[Rule], datasets: &Datasets) {
    let causes_of = causes_of(rules);
    if causes_of.is_empty() {
        return;
    }
    let cause_rules: HashSet<&str> = causes_of
        .values()
        .flat_map(|rules| rules.iter().copied())
        .collect();
    // For each rule named as a cause, each subject -> the first finding of that rule
    // that has it.
    let mut first_with: HashMap<(&str, Subject), usize> = HashMap::new();
    for (index, f) in findings.iter().enumerate() {
        if !cause_rules.contains(&*f.rule) {
            continue;
        }
        for subject in own_subjects(f) {
            first_with.entry((&*f.rule, subject)).or_insert(index);
        }
    }
    if first_with.is_empty() {
        return;
    }
    let related = related_subjects(datasets);
    let causes: Vec<Option<Cause>> = findings
        .iter()
        .map(|finding| {
            let cause_rules = causes_of.get(&*finding.rule)?;
            let mut mine = own_subjects(finding);
            if let Some(user) = finding.subjects.get("user") {
                mine.extend(related.get(&fold(user)).cloned().unwrap_or_default());
            }
            cause_rules.iter().find_map(|rule| {
                let index = mine
                    .iter()
                    .filter_map(|s| first_with.get(&(*rule, s.clone())))
                    .min()?;
                let cause = &findings[*index];
                Some(Cause {
                    rule: cause.rule.to_string(),
                    subjects: cause.subjects.clone(),
                })
            })
        })
        .collect();
    for (finding, cause) in findings.iter_mut().zip(causes) {
        finding.cause = cause.map(Box::new);
    }
}

/// For each symptom rule, the rules that can explain it: those its `causes` lists, in order,
/// then those whose `explains` names it, in load order.
fn causes_of(rules: &[Rule]) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for rule in rules {
        if !rule.causes.is_empty() {
            out.insert(&rule.id, rule.causes.iter().map(String::as_str).collect());
        }
    }
    for rule in rules {
        for symptom in &rule.explains {
            let list = out.entry(symptom).or_default();
            if !list.contains(&&*rule.id) {
                list.push(&rule.id);
            }
        }
    }
    out
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

fn own_subjects(f: &Finding) -> HashSet<Subject> {
    f.subjects
        .iter()
        .map(|(k, v)| (k.clone(), fold(v)))
        .collect()
}

/// For every user of the `users` view: their groups, and the roles and organizations the
/// mappings give them (available or not).
fn related_subjects(datasets: &Datasets) -> HashMap<String, HashSet<Subject>> {
    let mut out = HashMap::new();
    for user in datasets.get(dataset::USERS) {
        let Some(name) = user.str_field("username") else {
            continue;
        };
        let mut subjects = HashSet::new();
        let mut add = |kind: &str, value: Option<&Value>| {
            for v in value
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(value.filter(|v| v.is_string()))
            {
                if let Some(s) = v.as_str() {
                    subjects.insert((kind.to_owned(), fold(s)));
                }
            }
        };
        let expected = user.value.get("expected");
        add("group", user.value.get("groups"));
        add("role", expected.and_then(|e| e.get("roles")));
        add("role", expected.and_then(|e| e.get("unavailable_roles")));
        add(
            "organization",
            expected.and_then(|e| e.get("organizations")),
        );
        add("organization", expected.and_then(|e| e.get("organization")));
        out.insert(fold(name), subjects);
    }
    out
}
