//! Shared by the event-log tests: loading a fixture, a record's normalized fields, the
//! record of a line, and the normalized event a test expects.

#![allow(dead_code)] // each test file uses its own part of this

use serde_json::{json, Value};
use std::path::Path;
use synclint::input::{load_file, LoadedInput};
use synclint::model::Record;

pub fn load(path: &str) -> LoadedInput {
    load_file(Path::new(path), path, None).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// A record without `raw`, for comparing every normalized field at once.
pub fn fields(record: &Record) -> Value {
    let mut value = record.value.clone();
    value.as_object_mut().expect("object").remove("raw");
    value
}

pub fn at(loaded: &LoadedInput, line: u32) -> &Record {
    loaded
        .records
        .iter()
        .find(|r| r.location.as_ref().is_some_and(|l| l.line == line))
        .unwrap_or_else(|| panic!("{}: no record on line {line}", loaded.path))
}

#[allow(clippy::too_many_arguments)]
pub fn event(
    time: &str,
    source: &str,
    provider: &str,
    action: &str,
    status: &str,
    user: Option<&str>,
    user_id: Option<&str>,
    more: Value,
) -> Value {
    let mut value = json!({
        "time": time, "source": source, "provider": provider, "action": action,
        "status": status, "user": user, "user_id": user_id, "group": null, "role": null,
        "organization": null, "message": null, "error_code": null, "reason": null,
        "property": null, "event_type": null, "app": null,
    });
    for (key, v) in more.as_object().expect("object") {
        assert!(value.get(key).is_some(), "unknown field {key}");
        value[key] = v.clone();
    }
    // Unknown fields are left out of a record, not written as null.
    if let Some(map) = value.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    value
}
