//! One aggregation group: what it counted of the records that share a key, kept small
//! (a long log has hundreds of thousands of groups), and the finding it becomes.

use super::index::key_of;
use super::minutes::{Minutes, Span};
use super::overflow::signed;
use super::sample::{Names, Sample, Users};
use super::timeline::{busiest_window, human_duration, longest_silence, minute_time, shown};
use crate::finding::{EventStats, Finding};
use crate::model::{Doc, Location};
use crate::rules::condition::{Aggregate, Window};
use crate::rules::Rule;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::collections::HashSet;

type FastSet = HashSet<String, foldhash::fast::RandomState>;

#[derive(Debug, Clone)]
pub(super) struct Group {
    count: u64,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    /// Hashed, not ordered: a busy group checks its users on every event; the sample
    /// users are sorted once, at the end.
    users: Users,
    /// Only for rules that count distinct values (boxed: most groups have none).
    distinct: Option<Box<FastSet>>,
    /// Only for rules counted in time (boxed, likewise).
    timed: Option<Box<Minutes>>,
    pub(super) sample: Sample,
}

/// How many minutes apart two counted minutes may be and still be one span, for a rule
/// counted in time: a `gap` rule never reports a silence within its limit, a `within`
/// rule needs every minute's count. `None` for a rule not counted in time.
fn joined_minutes(window: Window) -> Option<i64> {
    match window {
        Window::All => None,
        Window::Within(_) => Some(0),
        Window::Gap(limit) => Some(limit.num_seconds().div_euclid(60)),
    }
}

fn min_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.into_iter().chain(b).min()
}

fn max_time(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.into_iter().chain(b).max()
}

/// Whether an event at `a` (time, place) comes before one at `b`: the earlier time, a
/// timed event before an untimed one, and on a tie the place read first. A group's
/// example is its first event, so the finding points at the line where it starts, in
/// the file that holds that line.
fn earlier(
    (a_time, a_at): (Option<DateTime<Utc>>, Option<&Location>),
    (b_time, b_at): (Option<DateTime<Utc>>, Option<&Location>),
) -> bool {
    match (a_time, b_time) {
        (Some(a), Some(b)) if a != b => a < b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        _ => a_at < b_at,
    }
}

impl Group {
    pub(super) fn new(sample: Sample) -> Self {
        Self {
            count: 0,
            first: None,
            last: None,
            users: Users::default(),
            distinct: None,
            timed: None,
            sample,
        }
    }

    /// Count `record` (whose `time` the caller parsed once); `keep` as for [`Sample::of`].
    /// Returns how much heavier the group got (see `Group::weight`; negative: lighter).
    pub(super) fn add<R: Doc>(
        &mut self,
        agg: &Aggregate,
        record: &R,
        (keep, names): (&[String], &mut Names),
        time: Option<DateTime<Utc>>,
    ) -> isize {
        let before = self.counts_weight();
        let mut grown = 0;
        let earlier = self.count > 0
            && earlier(
                (time, record.location()),
                (self.first, self.sample.location.as_ref()),
            );
        if earlier {
            let sample = Sample::of(record, keep, names);
            grown = signed(sample.weight()) - signed(self.sample.weight());
            self.sample = sample;
        }
        self.count += 1;
        self.first = min_time(self.first, time);
        self.last = max_time(self.last, time);
        // A silence's finding is not about the users of the events around it, so a rule
        // with `gap` does not count them (its templates may not ask for them either).
        let users_counted = !matches!(agg.window, Window::Gap(_));
        if let Some(user) = record
            .str_of("user")
            .filter(|u| users_counted && !u.is_empty())
        {
            self.users.insert(user, names);
        }
        if let Some(path) = &agg.distinct {
            path.with_values(record, None, |values| {
                for value in values {
                    let key = key_of(value);
                    let distinct = self.distinct.get_or_insert_with(Box::default);
                    if !distinct.contains(&key) {
                        distinct.insert(key);
                    }
                }
            });
        }
        if let (Some(t), Some(join)) = (time, joined_minutes(agg.window)) {
            let timed = self
                .timed
                .get_or_insert_with(|| Box::new(Minutes::new(join)));
            timed.count(t.timestamp().div_euclid(60));
        }
        grown + signed(self.counts_weight()) - signed(before)
    }

    /// The spans of minutes counted (none for a group not counted in time).
    fn minutes(&mut self) -> &[Span] {
        self.timed.as_mut().map_or(&[], |timed| timed.spans())
    }

    /// Whether absorbing `other` takes its example: its first event comes before this
    /// group's.
    pub(super) fn yields_to(&self, other: &Self) -> bool {
        let theirs = (other.first, other.sample.location.as_ref());
        earlier(theirs, (self.first, self.sample.location.as_ref()))
    }

    pub(super) fn absorb(&mut self, other: Self) {
        let take_sample = self.yields_to(&other);
        self.count += other.count;
        self.first = min_time(self.first, other.first);
        self.last = max_time(self.last, other.last);
        self.users.extend(other.users);
        if let Some(theirs) = other.distinct {
            match &mut self.distinct {
                Some(mine) => mine.extend(*theirs),
                None => self.distinct = Some(theirs),
            }
        }
        if let Some(theirs) = other.timed {
            match &mut self.timed {
                Some(mine) => mine.absorb(*theirs),
                None => self.timed = Some(theirs),
            }
        }
        if take_sample {
            self.sample = other.sample;
        }
    }

    /// The finding for this group, if it passes the threshold.
    pub(super) fn finding(
        mut self,
        rule: &Rule,
        (agg, keep): (&Aggregate, &[String]),
        end: Option<DateTime<Utc>>,
    ) -> Option<Finding> {
        let distinct = self.distinct.as_ref().map_or(0, |d| d.len());
        let users = self.users.len();
        let measured = if agg.distinct.is_some() {
            distinct as u64
        } else {
            self.count
        };
        let kept = self.users.first_sorted();
        // `count`, `user_count`, `first_seen`, `last_seen` and `sample_users` are read
        // from the finding's events when its text is rendered (see `EventStats::values`);
        // only what they do not say is added here.
        let mut extra = json!({ "distinct_count": distinct });
        match agg.window {
            Window::All => agg.count.contains(measured).then_some(())?,
            Window::Within(width) => {
                let (start, peak) = busiest_window(self.minutes(), width);
                agg.count.contains(peak).then_some(())?;
                extra["window_start"] = json!(minute_time(start).map(shown));
                extra["window_end"] = json!(minute_time(start).map(|t| shown(t + width)));
                extra["count"] = json!(peak);
            }
            Window::Gap(limit) => {
                let (from, to) = longest_silence(self.minutes(), end)?;
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
        // The texts the finding keeps are the example's own copies, not new ones.
        let says = rule
            .wording
            .says_of(&record.value, |text| self.sample.shared_text(text));
        let mut finding = super::finding_saying(rule, &record, says);
        finding.events = Some(EventStats {
            count: self.count,
            users: users as u64,
            user_names: kept,
            first_seen: self.first,
            last_seen: self.last,
        });
        Some(finding)
    }
}

#[path = "group_codec.rs"]
mod codec;

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
