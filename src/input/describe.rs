//! What a file holds, in a few words, for a "not used" message.

use super::detect::{schemas_contain, Shape, CONFIG_KEYS, SCIM_ERROR};
use super::keys::get_loose;
use super::syntax::{Document, Syntax};
use serde_json::{Map, Value};
use std::fmt::Write as _;

fn objects(doc: &Document) -> impl Iterator<Item = &Map<String, Value>> {
    doc.items.iter().filter_map(|item| item.value.as_object())
}

/// A short account of what a file holds, for an "unrecognized" message.
pub(crate) fn describe(doc: &Document) -> String {
    if let Some(error) = objects(doc).find(|m| schemas_contain(m, SCIM_ERROR)) {
        return scim_error(error);
    }
    let first_keys = objects(doc).next().map(|m| list(m.keys()));
    match (doc.syntax, &doc.shape) {
        (Syntax::Csv, _) => format!("CSV with columns {}", list(doc.columns.iter())),
        (Syntax::Yaml, Shape::Yaml { keys }) => format!(
            "a YAML mapping with top-level keys {}; a synclint config has at least one of {}",
            list(keys.iter()),
            CONFIG_KEYS.join(", ")
        ),
        (_, Shape::Wrapper(w)) => {
            let key = w.key.as_deref().unwrap_or("Resources");
            let key = match &w.envelope {
                Some(outer) => format!("{outer}.{key}"),
                None => key.to_owned(),
            };
            let what = match doc.syntax {
                Syntax::JsonObject => "a JSON object whose",
                _ => "pages (JSON objects one after another) whose",
            };
            match first_keys {
                Some(keys) => format!("{what} `{key}` list holds objects with keys {keys}"),
                None => format!("{what} `{key}` list holds no objects"),
            }
        }
        (syntax, _) => {
            let what = match syntax {
                Syntax::JsonArray => "a JSON array",
                Syntax::JsonLines => "JSON lines",
                Syntax::JsonStream => "JSON objects one after another",
                _ => "a JSON object",
            };
            match first_keys {
                Some(keys) if doc.shape == Shape::Single => format!("{what} with keys {keys}"),
                Some(keys) => format!("{what} of objects with keys {keys}"),
                None if doc.items.is_empty() => format!("{what} with no records"),
                None => format!("{what} with no objects"),
            }
        }
    }
}

/// A saved SCIM error response instead of data: say so, with its status and detail.
fn scim_error(map: &Map<String, Value>) -> String {
    let text = |key: &str| match get_loose(map, key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "?".to_owned(),
        Some(other) => other.to_string(),
    };
    format!(
        "a SCIM error response (status {}, scimType {}): {}",
        text("status"),
        text("scimType"),
        text("detail")
    )
}

/// Up to eight names, each cut to a short excerpt, then how many more.
pub(crate) fn list<'a>(names: impl ExactSizeIterator<Item = &'a String>) -> String {
    let total = names.len();
    let shown: Vec<String> = names.take(8).map(|n| excerpt(n)).collect();
    let mut out = shown.join(", ");
    if total > shown.len() {
        let _ = write!(out, " and {} more", total - shown.len());
    }
    if out.is_empty() {
        out.push_str("(none)");
    }
    out
}

/// A name as quoted in a message: at most 40 characters, control characters as `?`.
fn excerpt(name: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = name
        .chars()
        .take(MAX)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if name.chars().count() > MAX {
        out.push('…');
    }
    out
}
