//! The normalized event shape every log reader produces, and small helpers for reading
//! values out of log records.

use super::super::keys::get_ci;
use super::super::normalize::Sink;
use super::super::syntax::Item;
use crate::model::event::{EventRecord, Given, Raw};
use crate::model::Location;
use crate::time::DateOrder;
use chrono::{DateTime, Utc};
use serde_json::Value;

pub(crate) use super::vocabulary::{vocabulary, Action, Status, SOURCES};
/// The top-level keys of every `events` record, in order (the model's list).
pub use crate::model::EVENT_FIELDS as FIELDS;

/// One event before it becomes a record (text fields `None` when unknown).
#[derive(Debug)]
pub(crate) struct Event {
    pub time: DateTime<Utc>,
    pub source: &'static str,
    pub provider: Option<String>,
    pub action: Action,
    pub status: Status,
    pub user: Option<String>,
    pub user_id: Option<String>,
    pub group: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub message: Option<String>,
    pub error_code: Option<String>,
    pub reason: Option<String>,
    pub property: Option<String>,
    pub event_type: Option<String>,
    /// The app a provider's log names the event as about (Okta's `AppInstance`, Entra's
    /// service principal); `None` when the record names none.
    pub app: Option<String>,
}

impl Event {
    /// An event of `source` at `time`, everything else unknown.
    pub(crate) fn new(source: &'static str, time: DateTime<Utc>) -> Self {
        Self {
            time,
            source,
            provider: None,
            action: Action::Other,
            status: Status::Unknown,
            user: None,
            user_id: None,
            group: None,
            role: None,
            organization: None,
            message: None,
            error_code: None,
            reason: None,
            property: None,
            event_type: None,
            app: None,
        }
    }

    /// The event: each known field in its slot (unknown ones stay empty: a path that
    /// finds nothing and one that finds null mean the same to rules).
    fn into_event(self, raw: Raw, location: Location) -> EventRecord {
        let words = vocabulary();
        // A word of the vocabulary shared, when `index` is where the vocabulary holds it.
        let word = |index: Option<usize>, word: &'static str| match index
            .and_then(|i| words.get(i))
            .filter(|v| v.as_str() == Some(word))
        {
            Some(value) => Given::Word(value),
            None => Given::Text(word.to_owned()),
        };
        let text = |text: Option<String>| text.map_or(Given::Unknown, Given::Text);
        let source = SOURCES.iter().position(|s| *s == self.source);
        let action = SOURCES.len() + self.action as usize;
        let status = SOURCES.len() + Action::ALL.len() + self.status as usize;
        // In the order of `EVENT_FIELDS`.
        let fields = [
            Given::Time,
            word(source, self.source),
            text(self.provider),
            word(Some(action), self.action.as_str()),
            word(Some(status), self.status.as_str()),
            text(self.user),
            text(self.user_id),
            text(self.group),
            text(self.role),
            text(self.organization),
            text(self.message),
            text(self.error_code),
            text(self.reason),
            text(self.property),
            text(self.event_type),
            text(self.app),
        ];
        EventRecord::of_fields(raw, Some(location), Some(self.time), fields)
    }
}

/// Keep `event` (with `raw` as the original record), or skip it when it is about a user,
/// names none and did not fail (a failure counts whoever it was about).
pub(crate) fn finish(item: &Item, event: Event, raw: Raw, sink: &mut Sink) {
    if event.action.needs_user() && event.user.is_none() && event.status != Status::Failure {
        sink.skip(item, "no user");
        return;
    }
    let location = sink.location(item);
    sink.events.push(event.into_event(raw, location));
}

/// The event time, or the reason it cannot be read.
pub(crate) fn event_time(value: Option<&Value>) -> Result<DateTime<Utc>, String> {
    match value {
        Some(Value::String(text)) => event_time_text(text),
        None | Some(Value::Null) => Err("no timestamp".to_owned()),
        Some(other) => Err(unparseable_time(&other.to_string())),
    }
}

/// [`event_time`] of a string.
pub(crate) fn event_time_text(text: &str) -> Result<DateTime<Utc>, String> {
    if trim(text).is_empty() {
        return Err("no timestamp".to_owned());
    }
    crate::time::parse_timestamp(text).ok_or_else(|| unparseable_time(text))
}

/// [`event_time_text`] of a Sync log, whose slash dates are read in `order` (the
/// file's): a date that can only be read the other way is skipped, saying so.
pub(crate) fn event_time_in(text: &str, order: DateOrder) -> Result<DateTime<Utc>, String> {
    if trim(text).is_empty() {
        return Err("no timestamp".to_owned());
    }
    crate::time::parse_timestamp_in(text, order).ok_or_else(|| {
        match (
            crate::time::slash_order(text),
            crate::time::slash_date(text),
        ) {
            (Some(own), Some(date)) if own != order => against_order(date, order),
            _ => unparseable_time(text),
        }
    })
}

/// Why a slash date that can only be read in the other order is skipped.
fn against_order(date: &str, order: DateOrder) -> String {
    let (position, number) = match order {
        DateOrder::MonthFirst => ("first", date.split('/').next()),
        DateOrder::DayFirst => ("second", date.split('/').nth(1)),
    };
    format!(
        "`{date}` can't be {} like the rest of this file's dates (its {position} number, {}, \
         is no month); not read the other way round",
        order.as_str(),
        number.unwrap_or_default()
    )
}

fn unparseable_time(shown: &str) -> String {
    format!("unparseable timestamp `{}`", shorten(shown, 80))
}

/// `text` without white space at either end; a text that starts and ends with a
/// visible ASCII character (nearly every value of a log) is returned as it is at once.
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// A look at a scalar of a log record: a string as written in a JSON line (no escapes,
/// borrowed from it), or a JSON value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ValueRef<'a> {
    Text(&'a str),
    Json(&'a Value),
}

impl<'a> ValueRef<'a> {
    /// Whether [`ValueRef::text`] has something to say.
    pub(crate) fn has_text(self) -> bool {
        match self {
            ValueRef::Text(s) => !trim(s).is_empty(),
            ValueRef::Json(Value::String(s)) => !trim(s).is_empty(),
            ValueRef::Json(Value::Number(_) | Value::Bool(_)) => true,
            ValueRef::Json(_) => false,
        }
    }

    /// The value as text, as [`text`] gives it.
    pub(crate) fn text(self) -> Option<String> {
        match self {
            ValueRef::Text(s) => {
                let s = trim(s);
                (!s.is_empty()).then(|| s.to_owned())
            }
            ValueRef::Json(value) => text(Some(value)),
        }
    }

    /// The value as a word to interpret (a status): [`ValueRef::text`], borrowed when it
    /// can be.
    pub(crate) fn word(self) -> Option<std::borrow::Cow<'a, str>> {
        match self {
            ValueRef::Text(s) => Some(trim(s))
                .filter(|s| !s.is_empty())
                .map(std::borrow::Cow::Borrowed),
            ValueRef::Json(value) => text(Some(value)).map(std::borrow::Cow::Owned),
        }
    }

    /// The value as a Sync log time, its slash dates read in `order` (see
    /// [`event_time_in`]).
    pub(crate) fn time_in(self, order: DateOrder) -> Result<DateTime<Utc>, String> {
        match self {
            ValueRef::Text(s) => event_time_in(s, order),
            ValueRef::Json(Value::String(s)) => event_time_in(s, order),
            ValueRef::Json(value) => event_time(Some(value)),
        }
    }
}

/// At most `max` characters of `text`, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A scalar as text: strings trimmed (`None` when blank), numbers and booleans written
/// out; null, arrays and objects give `None`.
pub(crate) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value at a path of keys, each matched ignoring ASCII case.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |v, key| v.as_object().and_then(|m| get_ci(m, key)))
}

/// [`text`] of the value at a path (see [`at`]).
pub(crate) fn text_at(value: &Value, path: &[&str]) -> Option<String> {
    text(at(value, path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_and_reasons() {
        assert_eq!(
            event_time(Some(&json!("1/9/2007 10:41:00 AM +01:00")))
                .map(|t| crate::time::format_utc(&t))
                .as_deref(),
            Ok("2007-01-09T09:41:00Z")
        );
        assert_eq!(event_time(None), Err("no timestamp".to_owned()));
        assert_eq!(
            event_time(Some(&json!(" "))),
            Err("no timestamp".to_owned())
        );
        assert_eq!(
            event_time(Some(&json!("last tuesday"))),
            Err("unparseable timestamp `last tuesday`".to_owned())
        );
        assert_eq!(
            event_time(Some(&json!(1_661_261_810))),
            Err("unparseable timestamp `1661261810`".to_owned())
        );
        let long = "x".repeat(100);
        let reason = event_time(Some(&json!(long))).err().unwrap_or_default();
        assert!(reason.ends_with("…`"), "{reason}");
    }

    #[test]
    fn a_date_against_the_files_order_says_why() {
        let shown = |r: Result<DateTime<Utc>, String>| r.map(|t| crate::time::format_utc(&t));
        assert_eq!(
            shown(event_time_in("13/08/2024 09:02", DateOrder::DayFirst)).as_deref(),
            Ok("2024-08-13T09:02:00Z")
        );
        assert_eq!(
            shown(event_time_in("13/08/2024 09:02", DateOrder::MonthFirst)),
            Err(
                "`13/08/2024` can't be month-first like the rest of this file's dates (its \
                 first number, 13, is no month); not read the other way round"
                    .to_owned()
            )
        );
        let reason = event_time_in("8/14/2024 9:02", DateOrder::DayFirst).err();
        assert!(reason.as_deref().is_some_and(|r| r.starts_with(
            "`8/14/2024` can't be day-first like the rest of this file's dates (its second \
             number, 14,"
        )));
        // A date that is wrong either way is only unparseable.
        assert_eq!(
            event_time_in("13/14/2024 09:02", DateOrder::DayFirst),
            Err("unparseable timestamp `13/14/2024 09:02`".to_owned())
        );
        assert_eq!(
            event_time_in(" ", DateOrder::DayFirst),
            Err("no timestamp".to_owned())
        );
    }

    #[test]
    fn quick_trim_is_trim() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "\u{a0}a",
            "a\u{2003}",
            "\ta\n",
            "~",
            "é",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn paths_ignore_case() {
        let v = json!({"Outer": {"INNER": {"code": 409}}, "s": "  x "});
        assert_eq!(
            text_at(&v, &["outer", "inner", "Code"]).as_deref(),
            Some("409")
        );
        assert_eq!(text_at(&v, &["s"]).as_deref(), Some("x"));
        assert_eq!(text_at(&v, &["outer", "missing"]), None);
        assert_eq!(text(Some(&json!({"a": 1}))), None);
    }
}
