//! Candidate records into normalized [`Record`]s of one kind (see the shapes in
//! the `input` module documentation); records that cannot be used are reported.

use super::keys::type_name;
use super::syntax::Item;
use super::{events, incydr, scim, user_lists, InputKind};
use crate::model::compact::compact_map;
use crate::model::event::EventRecord;
use crate::model::{Location, Record, Skipped};
use serde_json::{Map, Value};

/// Collects the records kept and the ones skipped, with their locations.
pub(crate) struct Sink {
    /// The file as shown, shared by every record's location.
    path: std::sync::Arc<str>,
    pub records: Vec<Record>,
    /// The records of event kinds, kept in their own shape.
    pub events: Vec<EventRecord>,
    pub skipped: Vec<Skipped>,
    /// Log records read and left out because they are not about provisioning (an Okta
    /// sign-in, an Entra audit record): counted, neither kept nor skipped.
    pub not_provisioning: events::NotProvisioning,
    /// Whether the file's note on ids rounded by Excel was given (see
    /// [`super::excel_ids`]): once per file.
    pub excel_ids_noted: bool,
    /// How slash dates of a Sync log are read: the file's order (see
    /// [`events::date_order`]).
    pub date_order: crate::time::DateOrder,
}

impl Sink {
    pub(crate) fn new(display: &str) -> Self {
        Self {
            path: display.into(),
            records: Vec::new(),
            events: Vec::new(),
            skipped: Vec::new(),
            not_provisioning: events::NotProvisioning::default(),
            excel_ids_noted: false,
            date_order: crate::time::DateOrder::default(),
        }
    }

    pub(crate) fn location(&self, item: &Item) -> Location {
        Location::new(self.path.clone(), item.line, item.column)
    }

    /// Keep a normalized record found at `item`, without spare room in its objects and
    /// lists (see [`compact`]): snapshot records are kept for the whole run.
    pub(crate) fn keep(&mut self, item: &Item, value: Map<String, Value>) {
        let location = Some(self.location(item));
        self.records
            .push(Record::new(Value::Object(compact_map(value)), location));
    }

    /// Every record kept, events as plain records, in order (a sink of an event kind
    /// holds only events).
    pub(crate) fn take_records(&mut self) -> Vec<Record> {
        let mut records = std::mem::take(&mut self.records);
        records.extend(self.events.drain(..).map(|e| e.to_record()));
        records
    }

    /// Report `item` as not loaded, with a reason.
    pub(crate) fn skip(&mut self, item: &Item, reason: impl Into<String>) {
        let location = self.location(item);
        self.skipped.push(Skipped {
            location,
            reason: reason.into(),
        });
    }
}

/// Normalize `items` as records of `kind`: a whole file, or all of it that is read
/// together (a Sync log's slash dates in the order its rows decide, see
/// [`events::date_order`]).
pub(crate) fn normalize(kind: InputKind, items: Vec<Item>, display: &str) -> Sink {
    let decided = events::date_order(kind, &items, display);
    let mut sink = normalize_in(kind, items, display, decided.order);
    sink.skipped.extend(decided.note);
    sink
}

/// [`normalize`] with a Sync log's slash dates read in `order`, decided before.
pub(crate) fn normalize_in(
    kind: InputKind,
    items: Vec<Item>,
    display: &str,
    order: crate::time::DateOrder,
) -> Sink {
    let mut sink = Sink::new(display);
    sink.date_order = order;
    for item in items {
        normalize_item(kind, item, &mut sink);
    }
    sink
}

/// Normalize one candidate record as a record of `kind` into `sink`.
pub(crate) fn normalize_item(kind: InputKind, mut item: Item, sink: &mut Sink) {
    let map = match std::mem::take(&mut item.value) {
        Value::Object(map) => map,
        other => {
            let found = type_name(&other);
            sink.skip(&item, format!("not a JSON object (found {found})"));
            return;
        }
    };
    match kind {
        InputKind::Config => {}
        InputKind::ConsoleUsers => incydr::console_user(&item, map, sink),
        InputKind::Roles => incydr::role(&item, map, sink),
        InputKind::ConsoleUserRoles => incydr::user_roles(&item, &map, sink),
        InputKind::Organizations => incydr::organization(&item, map, sink),
        InputKind::DirectoryGroups => incydr::directory_group(&item, map, sink),
        InputKind::IdpUsers => user_lists::user(&item, map, sink),
        InputKind::IdpGroups => scim::group(&item, map, sink),
        InputKind::SyncLog | InputKind::OktaLog | InputKind::EntraLog => {
            events::event(kind, &item, map, sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every list in `value` (at any depth) is at its exact size.
    fn exact(value: &Value) -> bool {
        match value {
            Value::Array(list) => list.capacity() == list.len() && list.iter().all(exact),
            Value::Object(map) => map.values().all(exact),
            _ => true,
        }
    }

    #[test]
    fn a_kept_record_and_its_raw_copy_hold_no_spare_room() {
        // Parsed lists grow by doubling: 33 phone numbers take room for 64.
        let phones: Vec<String> = (0..33)
            .map(|i| format!(r#"{{"value": "+1 555 01{i:02}", "type": "work"}}"#))
            .collect();
        let text = format!(
            r#"{{"userName": "kim@example.org", "emails": [{}], "phoneNumbers": [{}]}}"#,
            phones.join(","),
            phones.join(",")
        );
        let value: Value = serde_json::from_str(&text).unwrap();
        assert!(!exact(&value), "the parsed record already had exact lists");
        let item = Item {
            value,
            line: 3,
            column: 1,
        };
        let sink = normalize(InputKind::IdpUsers, vec![item], "users.json");
        let [record] = sink.records.as_slice() else {
            panic!("one record expected, got {:?}", sink.skipped);
        };
        assert!(exact(&record.value));
        assert_eq!(
            record.value["raw"]["phoneNumbers"].as_array().map(Vec::len),
            Some(33)
        );
        assert_eq!(
            record.value["phoneNumbers"],
            record.value["raw"]["phoneNumbers"]
        );
    }
}
