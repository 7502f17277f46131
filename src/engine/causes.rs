//! Root causes: a finding of a rule that lists `causes` (or that a rule's `explains` names)
//! is linked to a finding of one of those rules when the two share a subject. A subject
//! also brings in the subjects the declared relations ([`schema::RELATIONS`]) give it:
//! a user shares what the joined `users` view knows of them (their groups, the roles and
//! organizations the mapping gives them), so a failure logged for a user meets a mapping
//! problem about their group. Which fields relate what is declared there, not here.

use crate::finding::{Cause, Finding};
use crate::model::path::FieldPath;
use crate::model::schema::{self, Relation};
use crate::model::Datasets;
use crate::rules::Rule;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

type Subject = (String, String);

/// Set `cause` on every finding that a finding of one of its rule's causes explains,
/// following the declared [`schema::RELATIONS`].
pub fn link(findings: &mut [Finding], rules: &[Rule], datasets: &Datasets) {
    link_with(findings, rules, datasets, schema::RELATIONS);
}

/// [`link`], following `relations` instead of the declared ones.
pub fn link_with(
    findings: &mut [Finding],
    rules: &[Rule],
    datasets: &Datasets,
    relations: &[Relation],
) {
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
    let related = related_subjects(datasets, relations);
    let causes: Vec<Option<Cause>> = findings
        .iter()
        .map(|finding| {
            let cause_rules = causes_of.get(&*finding.rule)?;
            let mut mine = own_subjects(finding);
            let also: Vec<Subject> = mine
                .iter()
                .filter_map(|s| related.get(s))
                .flatten()
                .cloned()
                .collect();
            mine.extend(also);
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

/// For every subject a relation starts from (a user, by the `username` of their `users`
/// record), the subjects the relations' paths yield in its record.
fn related_subjects(
    datasets: &Datasets,
    relations: &[Relation],
) -> HashMap<Subject, HashSet<Subject>> {
    let mut out: HashMap<Subject, HashSet<Subject>> = HashMap::new();
    for relation in relations {
        let (Ok(key), Ok(path)) = (
            FieldPath::parse(relation.key),
            FieldPath::parse(relation.path),
        ) else {
            continue;
        };
        for record in datasets.get(relation.dataset) {
            let related: Vec<Subject> = path
                .resolve(&record.value)
                .into_iter()
                .filter_map(Value::as_str)
                .map(|v| (relation.to.to_owned(), fold(v)))
                .collect();
            for from in key
                .resolve(&record.value)
                .into_iter()
                .filter_map(Value::as_str)
            {
                out.entry((relation.from.to_owned(), fold(from)))
                    .or_default()
                    .extend(related.iter().cloned());
            }
        }
    }
    out
}
