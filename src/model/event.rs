//! A log event as the event rules read it. The normalized fields sit in fixed slots, so
//! a rule's `status` or `user` is found by position rather than by searching a map; the
//! time is parsed once; and the original record may be kept as its line of text, parsed
//! only when a rule reads `raw`. A long log has millions of these, built and dropped one
//! piece at a time, so they cost what the rules need and no more.

use super::path::{slot_of, Fields};
use super::{Doc, Location, Record, EVENT_FIELDS};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::sync::Arc;

/// The slots: every field of [`EVENT_FIELDS`] but `raw`, which comes last there.
pub const SLOTS: usize = EVENT_FIELDS.len() - 1;

/// The slot of `app`.
const APP: usize = 15;

/// The original record of an event.
#[derive(Debug, Clone)]
pub enum Raw {
    /// Parsed already.
    Value(Box<Value>),
    /// A JSON object as its own text, parsed on first use.
    Text(Box<str>, OnceCell<Box<Value>>),
    /// A JSON object as a range of a block of lines that many events share (no copy
    /// per event), parsed on first use.
    Slice(Arc<Vec<u8>>, u32, u32, OnceCell<Box<Value>>),
}

impl Raw {
    #[must_use]
    pub fn value(value: Value) -> Self {
        Raw::Value(Box::new(value))
    }

    #[must_use]
    pub fn text(line: &str) -> Self {
        Raw::Text(line.into(), OnceCell::new())
    }

    /// `block[range]`, which must be a JSON object in UTF-8 (anything else reads as an
    /// empty object).
    #[must_use]
    pub fn slice(block: &Arc<Vec<u8>>, range: std::ops::Range<usize>) -> Self {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Raw::Slice(
            Arc::clone(block),
            at(range.start),
            at(range.end),
            OnceCell::new(),
        )
    }
}

/// The JSON object `text` holds, or an empty one.
fn object(text: Option<&str>) -> Box<Value> {
    let parsed = text.and_then(|t| serde_json::from_str(t).ok());
    Box::new(parsed.unwrap_or_else(|| Value::Object(Map::new())))
}

/// A field's value: its own, one of a fixed vocabulary (`failure`, `create`, ...)
/// that every event shares instead of allocating it again, or the event's parsed time,
/// written as text only when something reads it (few rules do, and formatting it for
/// every event cost about 2% of a check's instructions).
#[derive(Debug, Clone)]
enum Slot {
    Own(Value),
    Shared(&'static Value),
    Time,
}

/// A field's value as a reader hands it over (see [`EventRecord::of_fields`]).
#[derive(Debug)]
pub enum Given {
    /// Not known.
    Unknown,
    Text(String),
    /// A word of a fixed vocabulary (`failure`, `create`, ...) that every event shares.
    Word(&'static Value),
    /// The `time` field: the event's parsed time, as [`crate::time::format_utc`] writes it.
    Time,
}

impl From<Given> for Slot {
    fn from(given: Given) -> Self {
        match given {
            Given::Unknown => Slot::Own(Value::Null),
            Given::Text(text) => Slot::Own(Value::String(text)),
            Given::Word(word) => Slot::Shared(word),
            Given::Time => Slot::Time,
        }
    }
}

/// One normalized log event.
#[derive(Debug, Clone)]
pub struct EventRecord {
    /// The values of [`EVENT_FIELDS`] (without `raw`) by position, [`SLOTS`] of them;
    /// null when unknown. Kept in the record, not boxed: an event is then about 1.2 KB,
    /// but a piece's events share one list, given room for them all at once, instead of
    /// taking an allocation of that size each (7-9% of a check's time on one core,
    /// `docs/performance.md`, "Tenth round").
    fields: [Slot; SLOTS],
    raw: Raw,
    /// The `time` field, parsed.
    pub time: Option<DateTime<Utc>>,
    /// The text of a [`Slot::Time`] field, written on first read (boxed: most events
    /// never write it, and the box keeps the event small).
    time_text: OnceCell<Box<Value>>,
    pub location: Option<Location>,
}

impl EventRecord {
    /// An event with every field unknown.
    #[must_use]
    pub fn new(raw: Raw, location: Option<Location>) -> Self {
        Self::of_fields(raw, location, None, std::array::from_fn(|_| Given::Unknown))
    }

    /// An event of `fields` (in the order of [`EVENT_FIELDS`]) at the parsed time `time`,
    /// which must be what the `time` field says. Each field is put in place once: a
    /// reader builds millions of these.
    #[must_use]
    pub fn of_fields(
        raw: Raw,
        location: Option<Location>,
        time: Option<DateTime<Utc>>,
        fields: [Given; SLOTS],
    ) -> Self {
        Self {
            fields: fields.map(Slot::from),
            raw,
            time,
            time_text: OnceCell::new(),
            location,
        }
    }

    /// The value of the field in `slot` (null when unknown).
    fn value<'a>(&'a self, slot: &'a Slot) -> &'a Value {
        match slot {
            Slot::Own(value) => value,
            Slot::Shared(value) => value,
            Slot::Time => self.time_text.get_or_init(|| {
                Box::new(
                    self.time
                        .map_or(Value::Null, |t| Value::String(crate::time::format_utc(&t))),
                )
            }),
        }
    }

    /// Set the field at `slot` (a position in [`EVENT_FIELDS`]) to a string.
    pub fn set(&mut self, slot: usize, text: String) {
        if let Some(field) = self.fields.get_mut(slot) {
            *field = Slot::Own(Value::String(text));
        }
    }

    /// The `app` field: the app a provider's log names the event as about.
    #[must_use]
    pub fn app(&self) -> Option<&str> {
        self.fields.get(APP).and_then(|s| self.value(s).as_str())
    }

    /// The original record.
    #[must_use]
    pub fn raw(&self) -> &Value {
        match &self.raw {
            Raw::Value(value) => value,
            Raw::Text(text, parsed) => parsed.get_or_init(|| object(Some(text))),
            Raw::Slice(block, start, end, parsed) => parsed.get_or_init(|| {
                let bytes = block.get(*start as usize..*end as usize);
                object(bytes.and_then(|b| std::str::from_utf8(b).ok()))
            }),
        }
    }

    /// The event as a plain record: its known fields in the order of [`EVENT_FIELDS`],
    /// unknown ones left out, `raw` last.
    #[must_use]
    pub fn to_record(&self) -> Record {
        let mut map = Map::with_capacity(EVENT_FIELDS.len());
        for (name, slot) in EVENT_FIELDS.iter().zip(self.fields.iter()) {
            let value = self.value(slot);
            if !value.is_null() {
                map.insert((*name).to_owned(), value.clone());
            }
        }
        map.insert("raw".to_owned(), self.raw().clone());
        Record::new(Value::Object(map), self.location.clone())
    }

    /// An event read back from a plain record of the `events` dataset (fields under
    /// other names are dropped: the dataset has no others).
    #[must_use]
    pub fn from_record(record: Record) -> Self {
        let Value::Object(map) = record.value else {
            return Self::new(Raw::value(Value::Null), record.location);
        };
        let mut event = Self::new(Raw::value(Value::Null), record.location);
        for (key, value) in map {
            match slot_of(&key) {
                Some(slot) => {
                    if let Some(field) = event.fields.get_mut(slot) {
                        *field = Slot::Own(value);
                    }
                }
                None if key == "raw" => event.raw = Raw::value(value),
                None => {}
            }
        }
        event.time = event.str_of("time").and_then(crate::time::parse_timestamp);
        event
    }
}

impl Fields for EventRecord {
    fn top(&self, key: &str, slot: Option<usize>) -> Option<&Value> {
        match slot.or_else(|| slot_of(key)) {
            Some(slot) => self
                .fields
                .get(slot)
                .map(|s| self.value(s))
                .filter(|v| !v.is_null()),
            None if key.eq_ignore_ascii_case("raw") => Some(self.raw()),
            None => None,
        }
    }

    fn known(&self, key: &str, slot: Option<usize>) -> Option<bool> {
        let slot = self.fields.get(slot.or_else(|| slot_of(key))?)?;
        matches!(slot, Slot::Time).then_some(self.time.is_some())
    }
}

impl Doc for EventRecord {
    fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::path::FieldPath;
    use serde_json::json;

    #[test]
    fn the_app_slot_is_app() {
        assert_eq!(EVENT_FIELDS.get(APP), Some(&"app"));
        let mut event = EventRecord::new(Raw::value(json!({})), None);
        assert_eq!(event.app(), None);
        event.set(APP, "Code42".to_owned());
        assert_eq!(event.app(), Some("Code42"));
    }

    #[test]
    fn fields_go_where_the_event_fields_list_them() {
        let failure: &'static Value = Box::leak(Box::new(json!("failure")));
        let fields = std::array::from_fn(|i| match i {
            3 => Given::Unknown,
            4 => Given::Word(failure),
            _ => Given::Text(EVENT_FIELDS[i].to_uppercase()),
        });
        let event = EventRecord::of_fields(Raw::value(json!({})), None, None, fields);
        for (i, name) in EVENT_FIELDS.iter().take(SLOTS).enumerate() {
            let want = match i {
                3 => None,
                4 => Some("failure".to_owned()),
                _ => Some(name.to_uppercase()),
            };
            assert_eq!(event.str_of(name).map(str::to_owned), want, "{name}");
        }
    }

    #[test]
    fn the_time_is_written_as_text_only_when_read() {
        let at = |time| {
            let fields = std::array::from_fn(|i| if i == 0 { Given::Time } else { Given::Unknown });
            EventRecord::of_fields(Raw::value(json!({})), None, time, fields)
        };
        let time = crate::time::parse_timestamp("2026-11-27T10:00:00.5Z");
        let event = at(time);
        assert_eq!(event.known("time", None), Some(true));
        assert!(
            event.time_text.get().is_none(),
            "nothing written to say it is there"
        );
        assert_eq!(event.str_of("TIME"), Some("2026-11-27T10:00:00.5Z"));
        assert_eq!(
            event.to_record().value["time"],
            json!("2026-11-27T10:00:00.5Z")
        );
        let never = at(None);
        assert_eq!(never.known("time", None), Some(false));
        assert_eq!(never.str_of("time"), None);
        assert_eq!(
            never.known("user", None),
            None,
            "other fields are read to know"
        );
        let exists = FieldPath::parse("time")
            .map(|p| (p.finds_any(&event, None), p.finds_any(&never, None)));
        assert_eq!(exists.map_err(|e| e.to_string()), Ok((true, false)));
    }

    fn record() -> Record {
        Record::new(
            json!({"time": "2026-11-27T10:00:00Z", "status": "failure", "user": "a@x",
                   "raw": {"Status": "Failed", "nested": {"code": 409}}}),
            Some(Location::new("log", 2, 1)),
        )
    }

    #[test]
    fn a_record_goes_there_and_back() {
        let event = EventRecord::from_record(record());
        assert_eq!(event.str_of("status"), Some("failure"));
        assert_eq!(event.str_of("USER"), Some("a@x"));
        assert_eq!(event.str_of("role"), None);
        assert_eq!(
            event.time.map(|t| crate::time::format_utc(&t)).as_deref(),
            Some("2026-11-27T10:00:00Z"),
            "the time is parsed once, here"
        );
        assert_eq!(event.to_record(), record());
    }

    #[test]
    fn paths_reach_slots_and_raw() {
        let event = EventRecord::from_record(record());
        let path = |p: &str| FieldPath::parse(p).map_err(|e| e.to_string());
        let status = path("Status").map(|p| p.resolve(&event).to_vec());
        assert_eq!(status, Ok(vec![&json!("failure")]));
        let code = path("raw.nested.code").map(|p| p.resolve(&event).to_vec());
        assert_eq!(code, Ok(vec![&json!(409)]));
        let missing = path("organization").map(|p| p.resolve(&event).len());
        assert_eq!(missing, Ok(0));
    }

    #[test]
    fn a_raw_line_is_parsed_when_read() {
        let mut event = EventRecord::new(Raw::text(r#"{"b": 1, "a": [true]}"#), None);
        event.set(4, "success".to_owned());
        assert_eq!(event.raw(), &json!({"b": 1, "a": [true]}));
        assert_eq!(event.str_of("status"), Some("success"));
        let keys: Vec<String> = event
            .raw()
            .as_object()
            .map_or_else(Vec::new, |m| m.keys().cloned().collect());
        assert_eq!(keys, vec!["b", "a"], "the key order of the line is kept");
        let block = Arc::new(b"xx{\"c\": 2}\n{bad".to_vec());
        let slice = EventRecord::new(Raw::slice(&block, 2..10), None);
        assert_eq!(slice.raw(), &json!({"c": 2}));
        let broken = EventRecord::new(Raw::slice(&block, 11..15), None);
        assert_eq!(broken.raw(), &json!({}));
    }
}
