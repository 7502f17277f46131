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
    let mut linker = Linker::with(rules, relations);
    findings.iter().for_each(|f| linker.note(f));
    findings.iter_mut().for_each(|f| linker.link(f, datasets));
}

/// Links findings one at a time: each is noted in the order the findings come (the
/// first finding of a cause rule with a subject is that subject's cause), then, once all
/// are noted, each is linked.
pub struct Linker<'a> {
    causes_of: HashMap<&'a str, Vec<&'a str>>,
    cause_rules: HashSet<&'a str>,
    /// For each rule named as a cause, each subject -> the first finding of that rule
    /// that has it (its place in the order noted, and what a symptom says of it).
    first_with: HashMap<(&'a str, Subject), (usize, Cause)>,
    noted: usize,
    relations: &'a [Relation],
    related: std::sync::OnceLock<HashMap<Subject, HashSet<Subject>>>,
}

impl<'a> Linker<'a> {
    /// A linker for the rules' declared causes, over the declared relations.
    #[must_use]
    pub fn new(rules: &'a [Rule]) -> Self {
        Self::with(rules, schema::RELATIONS)
    }

    fn with(rules: &'a [Rule], relations: &'a [Relation]) -> Self {
        let causes_of = causes_of(rules);
        let cause_rules = causes_of.values().flatten().copied().collect();
        Self {
            causes_of,
            cause_rules,
            first_with: HashMap::new(),
            noted: 0,
            relations,
            related: std::sync::OnceLock::new(),
        }
    }

    /// Note `f`, before any finding is linked.
    pub fn note(&mut self, f: &Finding) {
        self.noted += 1;
        let Some(&rule) = self.cause_rules.get(&*f.rule) else {
            return;
        };
        for subject in own_subjects(f) {
            self.first_with.entry((rule, subject)).or_insert_with(|| {
                let cause = Cause {
                    rule: f.rule.to_string(),
                    subjects: f.subjects.clone(),
                };
                (self.noted, cause)
            });
        }
    }

    /// Set `f`'s cause: the first finding noted of one of its rule's causes that shares
    /// a subject with it (or with what `datasets` relate to one of its subjects), the
    /// cause rules taken in order. `datasets` are the same for every finding.
    pub fn link(&self, f: &mut Finding, datasets: &Datasets) {
        f.cause = self.cause_of(f, datasets).map(Box::new);
    }

    fn cause_of(&self, finding: &Finding, datasets: &Datasets) -> Option<Cause> {
        if self.first_with.is_empty() {
            return None;
        }
        let cause_rules = self.causes_of.get(&*finding.rule)?;
        let related = self
            .related
            .get_or_init(|| related_subjects(datasets, self.relations));
        let mut mine = own_subjects(finding);
        let also: Vec<Subject> = mine
            .iter()
            .filter_map(|s| related.get(s))
            .flatten()
            .cloned()
            .collect();
        mine.extend(also);
        cause_rules.iter().find_map(|rule| {
            mine.iter()
                .filter_map(|s| self.first_with.get(&(*rule, s.clone())))
                .min_by_key(|(at, _)| *at)
                .map(|(_, cause)| cause.clone())
        })
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
