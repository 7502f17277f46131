//! The directory sync report: what provisioning changed over a window, per provider, and
//! what failed. Built from normalized events in one pass (counts per minute), so the window
//! can be chosen after the data is read.

pub mod kinds;
pub mod render;
pub mod window;

pub use kinds::MESSAGE_CHARS;
pub use window::{Window, WindowSpec};

use crate::model::path::Fields;
use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// What a successful event counts as.
const CHANGES: &[(&str, &str)] = &[
    ("create", "created"),
    ("update", "updated"),
    ("block", "updated"),
    ("unblock", "updated"),
    ("deactivate", "deactivated"),
    ("reactivate", "reactivated"),
    ("delete", "deleted"),
    ("role-update", "role_changes"),
    ("organization-move", "organization_moves"),
];

/// The count keys of [`Totals`], in report order.
pub const TOTAL_KEYS: &[&str] = &[
    "created",
    "updated",
    "deactivated",
    "reactivated",
    "deleted",
    "role_changes",
    "organization_moves",
    "errors",
];

/// Events the report reads but counts neither as a change nor as an error, by why: a
/// skipped or warning status (Entra's scoping and attribute decisions), no status synclint
/// knows, or a success that changes no user (a group, a membership, an import). The keys
/// of [`SyncReport::not_counted`], in report order.
pub const NOT_COUNTED_KEYS: &[&str] = &["skipped", "warning", "no_known_status", "no_user_change"];

/// Counts of one kind of change, by key of [`TOTAL_KEYS`].
pub type Totals = BTreeMap<&'static str, u64>;

/// Counts gathered per minute while reading events.
#[derive(Debug, Default, Clone)]
pub struct Collector {
    /// (minute, provider, total key) -> count; providers are interned in `providers`.
    counts: FastMap<(i64, usize, &'static str), u64>,
    providers: Vec<String>,
    /// (minute, error kind) -> count.
    errors: FastMap<(i64, usize), u64>,
    /// Error kinds, interned: a long log repeats a handful of them.
    kinds: Vec<String>,
    kind_index: FastMap<String, usize>,
    newest: Option<DateTime<Utc>>,
    oldest: Option<DateTime<Utc>>,
    /// The first and last event read, in the window or not (see [`Self::saw`]).
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The window the report will cover, when known while reading: minutes that can no
    /// longer fall inside it are not kept, so memory follows the window, not the log.
    spec: Option<WindowSpec>,
    /// The first minute that can still fall inside `spec`'s window, and the last minute
    /// counts were dropped for.
    floor: i64,
    pruned_at: i64,
    /// The minute of the newest event the floor was worked out for.
    floor_from: Option<i64>,
}

/// How far the floor moves before counts below it are dropped.
const PRUNE_EVERY_MINUTES: i64 = 60;

impl Collector {
    /// A collector for a report over `spec` only (see [`Self::report`] with the same
    /// spec): counts outside its window are dropped as reading goes on.
    #[must_use]
    pub fn for_window(spec: WindowSpec) -> Self {
        Self {
            spec: Some(spec),
            floor: i64::MIN,
            pruned_at: i64::MIN,
            ..Self::default()
        }
    }

    /// Whether `minute` may still fall inside the window; moves the floor as the newest
    /// event moves.
    fn may_count(&mut self, minute: i64) -> bool {
        let Some(spec) = &self.spec else {
            return true;
        };
        if spec
            .until
            .is_some_and(|u| minute > u.timestamp().div_euclid(60))
        {
            return false;
        }
        // The floor follows the newest event's minute: between two minutes it may lag a
        // little, which only keeps a few counts longer (the report filters them).
        let newest_minute = self.newest.map(|t| t.timestamp().div_euclid(60));
        if newest_minute != self.floor_from {
            self.floor_from = newest_minute;
            if let Some(since) = spec.resolve(self.newest).since {
                self.floor = self.floor.max(since.timestamp().div_euclid(60));
            }
        }
        if self.floor.saturating_sub(self.pruned_at) >= PRUNE_EVERY_MINUTES {
            let floor = self.floor;
            self.counts.retain(|(m, _, _), _| *m >= floor);
            self.errors.retain(|(m, _), _| *m >= floor);
            self.pruned_at = floor;
        }
        minute >= self.floor
    }

    /// Count one normalized event, whose `time` the caller parsed.
    pub fn add<F: Fields + ?Sized>(&mut self, event: &F, time: Option<DateTime<Utc>>) {
        let Some(time) = time else {
            return;
        };
        self.newest = self.newest.max(Some(time));
        self.oldest = Some(self.oldest.map_or(time, |o| o.min(time)));
        self.saw(time);
        let minute = time.timestamp().div_euclid(60);
        if !self.may_count(minute) {
            return;
        }
        let field = |k: &str| event.str_of(k).unwrap_or_default();
        let provider = Some(field("provider"))
            .filter(|p| !p.is_empty())
            .unwrap_or("(unknown provider)");
        // Every event counts somewhere: as a change, an error, or one of NOT_COUNTED_KEYS.
        let key = match field("status") {
            "failure" => {
                let kind = self.kind_index_of(error_kind(event));
                *self.errors.entry((minute, kind)).or_insert(0) += 1;
                "errors"
            }
            "success" => CHANGES
                .iter()
                .find(|(a, _)| *a == field("action"))
                .map_or("no_user_change", |(_, k)| *k),
            "skipped" => "skipped",
            "warning" => "warning",
            _ => "no_known_status",
        };
        let index = self.provider_index(provider);
        *self.counts.entry((minute, index, key)).or_insert(0) += 1;
    }

    /// Note the time of an event read but left out of the report (outside the check's
    /// window), so that an empty report can say where the logs are.
    pub fn saw(&mut self, time: DateTime<Utc>) {
        self.span = Some(
            self.span
                .map_or((time, time), |(a, b)| (a.min(time), b.max(time))),
        );
    }

    fn kind_index_of(&mut self, kind: String) -> usize {
        if let Some(&i) = self.kind_index.get(&kind) {
            return i;
        }
        self.kinds.push(kind.clone());
        self.kind_index.insert(kind, self.kinds.len() - 1);
        self.kinds.len() - 1
    }

    fn provider_index(&mut self, provider: &str) -> usize {
        match self.providers.iter().position(|p| p == provider) {
            Some(i) => i,
            None => {
                self.providers.push(provider.to_owned());
                self.providers.len() - 1
            }
        }
    }

    /// Fold in a collector that saw other events.
    pub fn merge(&mut self, other: Self) {
        for ((minute, index, key), n) in other.counts {
            let name = other.providers.get(index).map_or("", String::as_str);
            let mine = self.provider_index(name);
            *self.counts.entry((minute, mine, key)).or_insert(0) += n;
        }
        for ((minute, kind), n) in other.errors {
            let name = other.kinds.get(kind).cloned().unwrap_or_default();
            let mine = self.kind_index_of(name);
            *self.errors.entry((minute, mine)).or_insert(0) += n;
        }
        if let Some((first, last)) = other.span {
            self.saw(first);
            self.saw(last);
        }
        self.newest = self.newest.max(other.newest);
        self.oldest = match (self.oldest, other.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// How many per-minute counts are held (what the collector's memory grows with).
    #[must_use]
    pub fn counts_held(&self) -> usize {
        self.counts.len() + self.errors.len()
    }

    /// The newest event seen.
    #[must_use]
    pub fn newest(&self) -> Option<DateTime<Utc>> {
        self.newest
    }

    /// The report over `window`.
    #[must_use]
    pub fn report(&self, spec: &WindowSpec) -> SyncReport {
        let window = spec.resolve(self.newest);
        let inside = |minute: i64| window.contains_minute(minute);
        let mut totals = empty_totals();
        let mut providers: BTreeMap<String, Totals> = BTreeMap::new();
        let mut hours: BTreeMap<i64, u64> = BTreeMap::new();
        let mut timeline: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
        let mut not_counted: BTreeMap<&'static str, u64> = BTreeMap::new();
        for ((minute, index, key), n) in &self.counts {
            if !inside(*minute) {
                continue;
            }
            if NOT_COUNTED_KEYS.contains(key) {
                *not_counted.entry(key).or_insert(0) += n;
                continue;
            }
            let provider = self.providers.get(*index).map_or("", String::as_str);
            *totals.entry(key).or_insert(0) += n;
            *providers
                .entry(provider.to_owned())
                .or_insert_with(empty_totals)
                .entry(key)
                .or_insert(0) += n;
            *hours.entry(minute.div_euclid(60)).or_insert(0) += n;
            let slot = timeline.entry(minute.div_euclid(60)).or_insert((0, 0));
            if *key == "errors" {
                slot.1 += n
            } else {
                slot.0 += n
            }
        }
        let mut errors: BTreeMap<String, u64> = BTreeMap::new();
        for ((minute, kind), n) in &self.errors {
            if inside(*minute) {
                let name = self.kinds.get(*kind).cloned().unwrap_or_default();
                *errors.entry(name).or_insert(0) += n;
            }
        }
        let logs_cover = self
            .span
            .filter(|(first, last)| {
                window.until.is_some_and(|u| *first > u) || window.since.is_some_and(|s| *last < s)
            })
            .map(|(first, last)| Window {
                since: Some(first),
                until: Some(last),
            });
        SyncReport {
            window,
            logs_cover,
            totals,
            providers,
            not_counted,
            errors_by_kind: sorted_desc(errors),
            busiest_hours: busiest(&hours),
            timeline: timeline
                .into_iter()
                .filter_map(|(h, (c, e))| {
                    hour_start(h).map(|t| TimelineHour {
                        hour: t,
                        changes: c,
                        errors: e,
                    })
                })
                .collect(),
        }
    }
}

fn empty_totals() -> Totals {
    TOTAL_KEYS.iter().map(|k| (*k, 0)).collect()
}

/// What kind of error an event is: its error code (named), else its message (shortened).
fn error_kind<F: Fields + ?Sized>(event: &F) -> String {
    kinds::describe(event.str_of("error_code"), event.str_of("message"))
}

fn sorted_desc(map: BTreeMap<String, u64>) -> Vec<ErrorKind> {
    let mut v: Vec<ErrorKind> = map
        .into_iter()
        .map(|(kind, count)| ErrorKind { kind, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.kind.cmp(&b.kind)));
    v
}

fn hour_start(hour: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(hour.saturating_mul(3600), 0)
}

fn busiest(hours: &BTreeMap<i64, u64>) -> Vec<BusyHour> {
    let mut v: Vec<(i64, u64)> = hours.iter().map(|(h, n)| (*h, *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(5)
        .filter_map(|(h, n)| {
            hour_start(h).map(|t| BusyHour {
                hour: t.with_minute(0).unwrap_or(t),
                events: n,
            })
        })
        .collect()
}

/// The directory sync report.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub window: Window,
    /// When the window holds no event because every event read lies before or after it:
    /// the first and last event read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs_cover: Option<Window>,
    pub totals: Totals,
    pub providers: BTreeMap<String, Totals>,
    /// Events in the window counted neither as changes nor as errors, by key of
    /// [`NOT_COUNTED_KEYS`] (only those with any): read, not dropped unsaid.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub not_counted: BTreeMap<&'static str, u64>,
    pub errors_by_kind: Vec<ErrorKind>,
    pub busiest_hours: Vec<BusyHour>,
    /// Changes and errors per hour, for the timeline.
    pub timeline: Vec<TimelineHour>,
}

/// How many errors of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorKind {
    pub kind: String,
    pub count: u64,
}

/// An hour with many events.
#[derive(Debug, Clone, Serialize)]
pub struct BusyHour {
    pub hour: DateTime<Utc>,
    pub events: u64,
}

/// One hour of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineHour {
    pub hour: DateTime<Utc>,
    pub changes: u64,
    pub errors: u64,
}
