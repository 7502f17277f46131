//! Candidate records into normalized [`Record`]s of one kind (see the shapes in
//! the `input` module documentation); records that cannot be used are reported.

use super::keys::type_name;
use super::syntax::Item;
use super::{events, incydr, scim, InputKind};
use crate::model::{Location, Record, Skipped};
use serde_json::{Map, Value};

/// Collects the records kept and the ones skipped, with their locations.
pub(crate) struct Sink {
    /// The file as shown, shared by every record's location.
    path: std::sync::Arc<str>,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
}

impl Sink {
    pub(crate) fn new(display: &str) -> Self {
        Self {
            path: display.into(),
            records: Vec::new(),
            skipped: Vec::new(),
        }
    }

    fn location(&self, item: &Item) -> Location {
        Location::new(self.path.clone(), item.line, item.column)
    }

    /// Keep a normalized record found at `item`.
    pub(crate) fn keep(&mut self, item: &Item, value: Map<String, Value>) {
        let location = Some(self.location(item));
        self.records
            .push(Record::new(Value::Object(value), location));
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

/// Normalize `items` as records of `kind`.
pub(crate) fn normalize(kind: InputKind, items: Vec<Item>, display: &str) -> Sink {
    let mut sink = Sink::new(display);
    for mut item in items {
        let map = match std::mem::take(&mut item.value) {
            Value::Object(map) => map,
            other => {
                let found = type_name(&other);
                sink.skip(&item, format!("not a JSON object (found {found})"));
                continue;
            }
        };
        match kind {
            InputKind::Config => {}
            InputKind::ConsoleUsers => incydr::console_user(&item, map, &mut sink),
            InputKind::Roles => incydr::role(&item, map, &mut sink),
            InputKind::ConsoleUserRoles => incydr::user_roles(&item, &map, &mut sink),
            InputKind::Organizations => incydr::organization(&item, map, &mut sink),
            InputKind::DirectoryGroups => incydr::directory_group(&item, map, &mut sink),
            InputKind::IdpUsers => scim::user(&item, map, &mut sink),
            InputKind::IdpGroups => scim::group(&item, map, &mut sink),
            InputKind::SyncLog | InputKind::OktaLog | InputKind::EntraLog => {
                events::event(kind, &item, map, &mut sink);
            }
        }
    }
    sink
}
