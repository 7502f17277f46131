//! Aggregated rules: matching records are grouped by key, counted (over all the data, in
//! a sliding window, or for silences) and a group past its threshold becomes one finding.
//!
//! State is per group and small: counts, first/last time, a few sample users and, for
//! timed rules, counts per minute. Partial aggregators from parallel workers merge.

use super::budget::{keep_within, Weights};
use super::eval::{Memo, Scope};
use super::group::Group;
use super::guard::Guards;
use super::index::push_key_of;
use super::overflow::signed;
use super::sample::{Names, Sample};
use super::shared::{Groups, SharedGroups};
pub use super::timeline::human_duration;
use crate::finding::Finding;
use crate::model::Doc;
use crate::rules::compile_agg::{ALWAYS_SET, GAP_SET, WINDOW_SET};
use crate::rules::condition::{Aggregate, Window};
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use std::collections::hash_map::Entry;
use std::sync::Arc;

/// Aggregation state for a set of rules.
#[derive(Debug, Default)]
pub struct Aggregator {
    /// Per rule (by position in the rule list), the groups by key.
    groups: Vec<Groups>,
    /// Per rule, the top-level fields its message, fix steps and subjects read: a
    /// group's sample record keeps only those.
    keep: Vec<Vec<String>>,
    /// Where a record's group key is written, reused from record to record.
    key: String,
    /// One copy of each text the groups keep.
    names: Names,
    /// The answers to the tests rules share, for the record being fed.
    memo: Memo,
    /// The first tests that let a record skip rules that cannot hold for it.
    guards: Guards,
    /// Where a rule with many keys counts its new keys, when workers share one.
    shared: Option<Arc<SharedGroups>>,
    /// What the groups here weigh, for the bound on the groups held (see
    /// [`super::overflow`]).
    weights: Weights,
}

impl Aggregator {
    /// An empty aggregator for `rules` (rules without `aggregate` are ignored).
    #[must_use]
    pub fn new(rules: &[Rule]) -> Self {
        Self {
            groups: rules.iter().map(|_| Groups::default()).collect(),
            keep: rules.iter().map(fields_read).collect(),
            key: String::new(),
            names: Names::default(),
            memo: Memo::for_rules(rules),
            guards: Guards::for_rules(rules),
            shared: None,
            weights: Weights::new(rules.len(), None),
        }
    }

    /// An aggregator for one of several workers, which count a rule's new keys in
    /// `shared` once it has many (see [`SharedGroups`]).
    #[must_use]
    pub fn sharing(rules: &[Rule], shared: Arc<SharedGroups>) -> Self {
        Self {
            weights: Weights::new(rules.len(), Some(&shared)),
            shared: Some(shared),
            ..Self::new(rules)
        }
    }

    /// Feed one record of dataset `dataset` to every aggregated rule over that dataset.
    pub fn feed<R: Doc>(
        &mut self,
        rules: &[Rule],
        scope: &Scope<'_>,
        dataset: &str,
        record: &R,
        time: Option<DateTime<Utc>>,
    ) {
        self.memo.forget();
        self.guards.read(record);
        let shared = self.shared.as_deref();
        let mut shared_added = false;
        let rules = rules.iter().zip(&mut self.groups).zip(&self.keep);
        for (index, ((rule, groups), keep)) in rules.enumerate() {
            let Some(agg) = &rule.aggregate else { continue };
            let may_hold = rule.dataset == dataset && self.guards.admit(index);
            if may_hold && scope.holds_with(&rule.when, record, &mut self.memo) {
                write_key(&mut self.key, agg, record);
                let key = key_hash(&self.key);
                let names = &mut self.names;
                // Sharing is asked first: it is off (one load) for rules with few keys.
                let to_shared = shared
                    .filter(|s| s.takes_new(index, groups.len()))
                    .filter(|_| !groups.contains_key(&key));
                match to_shared {
                    Some(shared) => {
                        shared.add((index, key), agg, record, (keep, names), time);
                        shared_added = true;
                    }
                    None => {
                        let grown = add(groups, (key, agg), record, (keep, names), time);
                        self.weights.count(index, grown);
                    }
                }
            }
        }
        if let Some(shared) = shared.filter(|_| shared_added || self.weights.untold()) {
            keep_within(shared, &mut self.groups, &mut self.weights, &mut self.names);
        }
    }

    /// Fold another aggregator (built over other records for the same rules) into this one.
    pub fn merge(&mut self, other: Self) {
        for (mine, theirs) in self.groups.iter_mut().zip(other.groups) {
            absorb_all(mine, theirs);
        }
    }

    /// The findings of every group past its threshold. `end` is the end of the data, for
    /// silences that last until it.
    #[must_use]
    pub fn finish(mut self, rules: &[Rule], end: Option<DateTime<Utc>>) -> Vec<Finding> {
        (0..rules.len())
            .flat_map(|index| Self::findings_of(rules, index, vec![self.take(index)], end))
            .collect()
    }

    /// Take out the groups of the rule at `index`.
    pub(super) fn take(&mut self, index: usize) -> RuleGroups {
        RuleGroups(
            self.groups
                .get_mut(index)
                .map(std::mem::take)
                .unwrap_or_default(),
        )
    }

    /// The findings of the rule at `index` from its groups in every part (see
    /// [`Aggregator::take`]), in the order of their example records.
    #[must_use]
    pub(super) fn findings_of(
        rules: &[Rule],
        index: usize,
        parts: Vec<RuleGroups>,
        end: Option<DateTime<Utc>>,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        let none = &mut std::iter::empty();
        Self::each_finding_of(rules, index, (parts, none), end, &mut |f| findings.push(f));
        // A finding points at its group's example record, so this is the example's order
        // (unstable: no scratch copy of the findings; subjects break ties).
        findings
            .sort_unstable_by(|a, b| (&a.location, &a.subjects).cmp(&(&b.location, &b.subjects)));
        findings
    }

    /// Hand each finding of the rule at `index` to `found` as soon as it is made, in no
    /// particular order: for a caller that sorts every finding later anyway, and should
    /// not hold a rule's findings twice on the way. The groups are those of every part
    /// in memory and those `written` out and read back (each key once, see
    /// `overflow_read::Merged`).
    pub(super) fn each_finding_of(
        rules: &[Rule],
        index: usize,
        (parts, written): (Vec<RuleGroups>, &mut dyn Iterator<Item = (u128, Group)>),
        end: Option<DateTime<Utc>>,
        found: &mut dyn FnMut(Finding),
    ) {
        if let Some(rule) = rules.get(index) {
            let keep = fields_read(rule);
            let parts = parts.into_iter().map(|g| g.0).collect();
            rule_findings(rule, &keep, (parts, written), end, found);
        }
    }
}

/// The groups of one rule, taken out of an aggregator.
#[derive(Debug, Default)]
pub(super) struct RuleGroups(pub(super) Groups);

/// Move every group of `theirs` into `mine`, merging groups of the same key.
fn absorb_all(mine: &mut Groups, theirs: Groups) {
    let mut new = Vec::new();
    for (key, group) in theirs {
        match mine.get_mut(&key) {
            Some(existing) => existing.absorb(*group),
            None => new.push((key, group)),
        }
    }
    // Grown at most once, by what is really new: parts mostly share their keys.
    mine.reserve(new.len());
    mine.extend(new);
}

/// Hand each finding of one rule, from its groups in every part and those `written`
/// out, to `found`. Each group is merged with its namesakes in the other parts and made
/// into its finding at once, then dropped: the groups are never gathered into one map
/// or copied into a list first, so settling holds no second copy of them.
fn rule_findings(
    rule: &Rule,
    keep: &[String],
    (mut parts, written): (Vec<Groups>, &mut dyn Iterator<Item = (u128, Group)>),
    end: Option<DateTime<Utc>>,
    found: &mut dyn FnMut(Finding),
) {
    let Some(agg) = &rule.aggregate else {
        return;
    };
    for (key, mut group) in written {
        for part in &mut parts {
            if let Some(same) = part.remove(&key) {
                group.absorb(*same);
            }
        }
        if let Some(finding) = group.finding(rule, (agg, keep), end) {
            found(finding);
        }
    }
    while let Some(mut part) = parts.pop() {
        for (key, mut group) in part.drain() {
            for other in &mut parts {
                if let Some(same) = other.remove(&key) {
                    group.absorb(*same);
                }
            }
            if let Some(finding) = group.finding(rule, (agg, keep), end) {
                found(finding);
            }
        }
    }
}

/// The top-level fields (lowercased) a rule's message, fix steps and subjects read from
/// records. Fields its findings always set themselves (see [`Group::finding`]) are left
/// out: the finding's value would replace the record's anyway.
fn fields_read(rule: &Rule) -> Vec<String> {
    let set_by_group = |root: &str| {
        let windowed = |names: &[&str]| names.contains(&root);
        match rule.aggregate.as_ref().map(|a| a.window) {
            None => false,
            Some(Window::All) => windowed(ALWAYS_SET),
            Some(Window::Within(_)) => windowed(ALWAYS_SET) || windowed(WINDOW_SET),
            Some(Window::Gap(_)) => windowed(ALWAYS_SET) || windowed(GAP_SET),
        }
    };
    let templates = rule.wording.templates();
    let mut roots: Vec<String> = templates
        .flat_map(|t| t.fields())
        .chain(rule.subjects.iter().map(|(_, p)| p))
        .map(|p| p.root().to_ascii_lowercase())
        .filter(|root| !set_by_group(root))
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// Write the group key of `record` (its `by` values, lowercased) into `key`.
fn write_key<R: Doc>(key: &mut String, agg: &Aggregate, record: &R) {
    key.clear();
    for (i, path) in agg.by.iter().enumerate() {
        if i > 0 {
            key.push('\u{1f}');
        }
        path.with_values(record, None, |values| {
            if let Some(value) = values.first() {
                push_key_of(key, value);
            }
        });
    }
}

/// Count `record` (whose `time` the caller parsed once) in its group; how much heavier
/// the groups got (see `Group::weight`; negative: lighter).
pub(super) fn add<R: Doc>(
    groups: &mut Groups,
    (key, agg): (u128, &Aggregate),
    record: &R,
    (keep, names): (&[String], &mut Names),
    time: Option<DateTime<Utc>>,
) -> isize {
    match groups.entry(key) {
        Entry::Occupied(entry) => entry.into_mut().add(agg, record, (keep, names), time),
        Entry::Vacant(entry) => {
            let sample = Sample::of(record, keep, names);
            let group = entry.insert(Box::new(Group::new(sample)));
            group.add(agg, record, (keep, names), time);
            signed(group.weight())
        }
    }
}

/// A group key as 128 bits: groups are told apart by this, not by their key's text,
/// which they then need not keep. Two keys would have to meet one chance in 2^128 (for
/// a million groups, about one in 10^27) to be taken for one.
fn key_hash(key: &str) -> u128 {
    use std::hash::BuildHasher;
    let half = |seed| foldhash::quality::FixedState::with_seed(seed).hash_one(key);
    (u128::from(half(0x6b65_7931)) << 64) | u128::from(half(0x6b65_7932))
}

#[cfg(test)]
#[path = "memo_tests.rs"]
mod memo_tests;
