//! Aggregated rules: matching records are grouped by key, counted (over all the data, in
//! a sliding window, or for silences) and a group past its threshold becomes one finding.
//!
//! State is per group and small: counts, first/last time, a few sample users and, for
//! timed rules, counts per minute. Partial aggregators from parallel workers merge.

use super::eval::Scope;
use super::index::{key_of, push_key_of};
use super::sample::{Sample, Users};
use crate::finding::{EventStats, Finding};
use crate::model::Doc;
use crate::rules::condition::{Aggregate, Window};
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

type FastSet = HashSet<String, foldhash::fast::RandomState>;

/// Groups by key: a fast hash, as keys come from the rule's own `by` fields.
type Groups = std::collections::HashMap<String, Group, foldhash::fast::RandomState>;

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
}

#[derive(Debug, Clone)]
struct Group {
    count: u64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// Hashed, not ordered: a busy group checks its users on every event; the sample
    /// users are sorted once, at the end.
    users: Users,
    distinct: FastSet,
    minutes: BTreeMap<i64, u64>,
    /// The minute counted last and its count, not yet in `minutes` (events come in
    /// runs of the same minute, so most of them skip the map).
    hot: Option<(i64, u64)>,
    sample: Sample,
}

impl Aggregator {
    /// An empty aggregator for `rules` (rules without `aggregate` are ignored).
    #[must_use]
    pub fn new(rules: &[Rule]) -> Self {
        Self {
            groups: rules.iter().map(|_| Groups::default()).collect(),
            keep: rules.iter().map(fields_read).collect(),
            key: String::new(),
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
        for ((rule, groups), keep) in rules.iter().zip(&mut self.groups).zip(&self.keep) {
            let Some(agg) = &rule.aggregate else { continue };
            if rule.dataset == dataset && scope.holds(&rule.when, record) {
                write_key(&mut self.key, agg, record);
                add(groups, &self.key, agg, record, keep, time);
            }
        }
    }

    /// Fold another aggregator (built over other records for the same rules) into this one.
    pub fn merge(&mut self, other: Self) {
        for (mine, theirs) in self.groups.iter_mut().zip(other.groups) {
            for (key, group) in theirs {
                match mine.get_mut(&key) {
                    Some(existing) => existing.absorb(group),
                    None => {
                        mine.insert(key, group);
                    }
                }
            }
        }
    }

    /// The findings of every group past its threshold. `end` is the end of the data, for
    /// silences that last until it.
    #[must_use]
    pub fn finish(self, rules: &[Rule], end: Option<DateTime<Utc>>) -> Vec<Finding> {
        let mut out = Vec::new();
        for ((rule, groups), keep) in rules.iter().zip(self.groups).zip(&self.keep) {
            let Some(agg) = &rule.aggregate else { continue };
            let mut groups: Vec<Group> = groups.into_values().map(Group::cooled).collect();
            groups.sort_by(|a, b| a.sample.location.cmp(&b.sample.location));
            out.extend(
                groups
                    .into_iter()
                    .filter_map(|g| g.finding(rule, (agg, keep), end)),
            );
        }
        out
    }
}

/// The top-level fields (lowercased) a rule's message, fix steps and subjects read.
fn fields_read(rule: &Rule) -> Vec<String> {
    let templates = std::iter::once(&rule.message).chain(&rule.fix);
    let mut roots: Vec<String> = templates
        .flat_map(|t| t.fields())
        .chain(rule.subjects.iter().map(|(_, p)| p))
        .map(|p| p.root().to_ascii_lowercase())
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
        if let Some(value) = path.resolve(record).first() {
            push_key_of(key, value);
        }
    }
}

/// Count `record` (whose `time` the caller parsed once) in its group.
fn add<R: Doc>(
    groups: &mut Groups,
    key: &str,
    agg: &Aggregate,
    record: &R,
    keep: &[String],
    time: Option<DateTime<Utc>>,
) {
    let group = match groups.get_mut(key) {
        Some(group) => group,
        None => groups
            .entry(key.to_owned())
            .or_insert_with(|| Group::new(Sample::of(record, keep))),
    };
    group.count += 1;
    group.first = min_time(group.first, time);
    group.last = max_time(group.last, time);
    if let Some(user) = record.str_of("user").filter(|u| !u.is_empty()) {
        group.users.insert(user);
    }
    if let Some(path) = &agg.distinct {
        for value in path.resolve(record) {
            let key = key_of(value);
            if !group.distinct.contains(&key) {
                group.distinct.insert(key);
            }
        }
    }
    if let (Some(t), false) = (time, agg.window == Window::All) {
        group.count_minute(t.timestamp().div_euclid(60));
    }
    if record.location() < group.sample.location.as_ref() {
        group.sample = Sample::of(record, keep);
    }
}

fn min_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.into_iter().chain(b).min()
}

fn max_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.into_iter().chain(b).max()
}

impl Group {
    fn new(sample: Sample) -> Self {
        Self {
            count: 0,
            first: None,
            last: None,
            users: Users::default(),
            distinct: FastSet::default(),
            minutes: BTreeMap::new(),
            hot: None,
            sample,
        }
    }

    fn count_minute(&mut self, minute: i64) {
        match &mut self.hot {
            Some((hot, n)) if *hot == minute => *n += 1,
            _ => {
                if let Some((hot, n)) = self.hot.replace((minute, 1)) {
                    *self.minutes.entry(hot).or_insert(0) += n;
                }
            }
        }
    }

    /// The group with its hot minute moved into `minutes`.
    fn cooled(mut self) -> Self {
        if let Some((minute, n)) = self.hot.take() {
            *self.minutes.entry(minute).or_insert(0) += n;
        }
        self
    }

    fn absorb(&mut self, other: Self) {
        let other = other.cooled();
        self.count += other.count;
        self.first = min_time(self.first, other.first);
        self.last = max_time(self.last, other.last);
        self.users.extend(other.users);
        self.distinct.extend(other.distinct);
        for (minute, n) in other.minutes {
            *self.minutes.entry(minute).or_insert(0) += n;
        }
        if other.sample.location < self.sample.location {
            self.sample = other.sample;
        }
    }

    /// The finding for this group, if it passes the threshold.
    fn finding(
        self,
        rule: &Rule,
        (agg, keep): (&Aggregate, &[String]),
        end: Option<DateTime<Utc>>,
    ) -> Option<Finding> {
        let measured = if agg.distinct.is_some() {
            self.distinct.len() as u64
        } else {
            self.count
        };
        let mut extra = json!({
            "count": self.count,
            "distinct_count": self.distinct.len(),
            "first_seen": self.first.map(shown),
            "last_seen": self.last.map(shown),
            "user_count": self.users.len(),
            "sample_users": self.users.first_sorted(),
        });
        match agg.window {
            Window::All => agg.count.contains(measured).then_some(())?,
            Window::Within(width) => {
                let (start, peak) = busiest_window(&self.minutes, width);
                agg.count.contains(peak).then_some(())?;
                extra["window_start"] = json!(minute_time(start).map(shown));
                extra["window_end"] = json!(minute_time(start).map(|t| shown(t + width)));
                extra["count"] = json!(peak);
            }
            Window::Gap(limit) => {
                let (from, to) = longest_silence(&self.minutes, end)?;
                let length = to - from;
                (length > limit).then_some(())?;
                extra["gap"] = json!(human_duration(length));
                extra["gap_start"] = json!(shown(from));
                extra["gap_end"] = json!(shown(to));
            }
        }
        let Value::Object(extra) = extra else {
            return None;
        };
        let record = self.sample.record(keep, extra);
        let mut finding = super::finding(rule, &record);
        finding.events = Some(EventStats {
            count: self.count,
            users: self.users.len() as u64,
            first_seen: self.first,
            last_seen: self.last,
        });
        Some(finding)
    }
}

/// A time as messages show it: `2026-11-27 08:00:00 UTC`.
fn shown(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn minute_time(minute: Option<i64>) -> Option<DateTime<Utc>> {
    minute.and_then(|m| DateTime::from_timestamp(m.saturating_mul(60), 0))
}

/// The start minute and count of the busiest window of `width`.
fn busiest_window(minutes: &BTreeMap<i64, u64>, width: chrono::Duration) -> (Option<i64>, u64) {
    let span = (width.num_seconds() / 60).max(1);
    let mut best = (None, 0);
    for &start in minutes.keys() {
        let total: u64 = minutes.range(start..start + span).map(|(_, n)| n).sum();
        if total > best.1 {
            best = (Some(start), total);
        }
    }
    best
}

/// The longest stretch without records: between two active minutes, or from the last
/// one to `end`.
fn longest_silence(
    minutes: &BTreeMap<i64, u64>,
    end: Option<DateTime<Utc>>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let times: Vec<i64> = minutes.keys().copied().collect();
    let mut best: Option<(i64, i64)> = None;
    let end_minute = end.map(|t| t.timestamp().div_euclid(60));
    let pairs = times
        .windows(2)
        .map(|w| (w[0], w[1]))
        .chain(times.last().zip(end_minute).map(|(&a, b)| (a, b)));
    for (a, b) in pairs {
        if best.is_none_or(|(x, y)| b - a > y - x) {
            best = Some((a, b));
        }
    }
    let (a, b) = best?;
    Some((minute_time(Some(a))?, minute_time(Some(b))?))
}

/// `3h 20m`, `2d 4h`, `45m`.
#[must_use]
pub fn human_duration(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, 0, _) => format!("{d}d"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}
