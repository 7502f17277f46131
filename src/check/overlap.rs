//! Events that two logs both hold. Exports of overlapping periods (the last seven days,
//! then the last day; a Graph export and the diagnostic stream of the same records) hold
//! the same events, and reading each copy would count every shared failure twice. Okta
//! names each event with a `uuid` and Entra each provisioning record with an `id` (under
//! `properties` in a diagnostic record), so an event whose id an earlier log held is
//! left out, reported as skipped with the log it was first read from.
//!
//! Only across logs, and only when two or more logs name their events by id: the ids of
//! one log are not compared with each other, and a single log (or the Incydr Sync log,
//! whose rows have no id) costs nothing here. The logs are taken one after another while
//! this is on (see `fan_out`), so which copy is kept never depends on the order the
//! workers happen to finish in: it is always the first log's.

use super::events::Logs;
use crate::input::InputKind;
use crate::model::event::EventRecord;
use crate::model::path::Fields;
use crate::model::Skipped;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// The events read so far from logs that name them by id.
pub(super) struct Overlap {
    /// Each log as shown, by its place: the logs loaded whole, then the streamed ones.
    names: Vec<String>,
    /// The hash of each event's source and id, with the place of the log it came from.
    first: Mutex<HashMap<u64, u32>>,
}

impl Overlap {
    /// For `logs` when two or more of them name their events by id; `None` otherwise.
    pub(super) fn for_logs(logs: &Logs) -> Option<Self> {
        let loaded = logs.loaded.iter().map(|events| {
            let first = events.first();
            let named = first.is_some_and(|e| id_of(e).is_some());
            let shown = first.and_then(|e| e.location.as_ref());
            (named, shown.map(|l| l.path.to_string()).unwrap_or_default())
        });
        let streamed = logs.streams.iter().map(|(_, shown, kind)| {
            let named = matches!(kind, InputKind::OktaLog | InputKind::EntraLog);
            (named, shown.clone())
        });
        let (named, names): (Vec<bool>, Vec<String>) = loaded.chain(streamed).unzip();
        (named.iter().filter(|n| **n).count() > 1).then(|| Self {
            names,
            first: Mutex::new(HashMap::new()),
        })
    }

    /// Take out of `records`, read from the log at `place`, the events an earlier log
    /// held; each is returned as a skipped record saying where it was read first.
    pub(super) fn drop_repeats(&self, place: u32, records: &mut Vec<EventRecord>) -> Vec<Skipped> {
        let keys: Vec<Option<u64>> = records.iter().map(key_of).collect();
        // For each record, the earlier log that held it, if one did.
        let earlier: Vec<Option<u32>> = {
            let Ok(mut first) = self.first.lock() else {
                return Vec::new();
            };
            keys.iter()
                .map(|key| {
                    let at = *first.entry((*key)?).or_insert(place);
                    (at < place).then_some(at)
                })
                .collect()
        };
        let mut skipped = Vec::new();
        let mut index = 0;
        records.retain(|record| {
            let at = earlier.get(index).copied().flatten();
            index += 1;
            if let Some(at) = at {
                skipped.extend(self.skipped(record, at));
            }
            at.is_none()
        });
        skipped
    }

    /// The skipped entry of `record`, an event the log at `earlier` held too.
    fn skipped(&self, record: &EventRecord, earlier: u32) -> Option<Skipped> {
        let first = self.names.get(earlier as usize)?;
        let id = id_of(record).unwrap_or_default();
        Some(Skipped {
            location: record.location.clone()?,
            reason: format!(
                "the same event (id `{id}`) was read from {first}: logs that overlap are \
                 read once, so the event is not counted twice"
            ),
        })
    }
}

/// The hash of an event's source and id, for an event that has an id.
fn key_of(record: &EventRecord) -> Option<u64> {
    let id = id_of(record)?;
    let mut hasher = DefaultHasher::new();
    source(record).hash(&mut hasher);
    id.hash(&mut hasher);
    Some(hasher.finish())
}

fn source(record: &EventRecord) -> Option<&str> {
    record.top("source", None).and_then(Value::as_str)
}

/// The id the provider gave the event: Okta's `uuid`, an Entra record's `id` (under
/// `properties` in a diagnostic record).
fn id_of(record: &EventRecord) -> Option<&str> {
    let raw = record.raw().as_object()?;
    let id = match source(record)? {
        "okta" => get(raw, "uuid"),
        "entra" => get(raw, "id").or_else(|| {
            let properties = get(raw, "properties")?.as_object()?;
            get(properties, "id")
        }),
        _ => None,
    };
    id.and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
}

/// The value of `key` in `map`, ignoring case (exports spell keys in either case).
fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}
