//! Which syntax a file uses, told from its content, and its candidate records.
//!
//! - first non-blank character `[`: one JSON array;
//! - `{`: one JSON object (a wrapper or a single record), or JSON lines when the
//!   text is not one value and its lines read as objects on their own, or objects one
//!   after another over several lines each (see [`super::json_seq`]);
//! - a first significant line `dn:` (after `version:`): LDIF, see [`super::ldif`];
//! - a YAML mapping (first significant line `key:`): only a synclint config;
//! - anything else: CSV with a header row (after PowerShell's `#TYPE` line, if any).

use super::detect::{self, Shape};
pub(crate) use super::json_seq::{first_column, json_line};
use super::json_seq::{json_lines, json_stream, looks_like_lines};
use super::limits::{too_deep, too_deep_reason};
use super::read::{to_u32, LineIndex};
use super::{csv_rows, scan};
use crate::model::Skipped;
use serde_json::{Map, Value};

/// The syntax of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    JsonArray,
    JsonObject,
    JsonLines,
    /// JSON objects one after another, each over several lines (what `incydr ... list
    /// -f json-pretty` prints: one indented object per record).
    JsonStream,
    Csv,
    Yaml,
    /// LDIF (RFC 2849), see [`super::ldif`].
    Ldif,
}

/// A candidate record and the 1-based line and column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub value: Value,
    pub line: u32,
    pub column: u32,
}

/// A file read as far as its syntax goes.
#[derive(Debug)]
pub(crate) struct Document {
    pub syntax: Syntax,
    pub shape: Shape,
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
    /// CSV header keys (camelCase); empty for other syntaxes.
    pub columns: Vec<String>,
    /// What the wrapper's paging fields say (see [`super::paging`]), if it has any.
    pub paging: Option<super::paging::Paging>,
}

/// The whole file cannot be read in its syntax.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub line: u32,
    pub column: u32,
    pub reason: String,
}

/// Read `text` into a [`Document`]; JSON nested deeper than `max_depth` is refused (a
/// JSON lines file skips just the lines that are).
pub(crate) fn parse(text: &str, display: &str, max_depth: usize) -> Result<Document, Malformed> {
    let mut doc = parse_syntax(text, display, max_depth)?;
    if matches!(
        doc.syntax,
        Syntax::JsonArray | Syntax::JsonLines | Syntax::JsonStream
    ) {
        super::paging::flatten_pages(&mut doc, text);
    }
    Ok(doc)
}

fn parse_syntax(text: &str, display: &str, max_depth: usize) -> Result<Document, Malformed> {
    match text.trim_start().chars().next() {
        Some('[') => match too_deep(text, max_depth) {
            Some(at) => Err(deep_at(text, at, max_depth)),
            None => json_array(text),
        },
        Some('{') => json_object_or_lines(text, display, max_depth),
        _ if super::ldif::looks_like(text) => Ok(super::ldif::parse(text, display)),
        _ => Ok(yaml(text).unwrap_or_else(|| csv(text, display))),
    }
}

/// The [`Malformed`] for JSON past the depth limit at byte `at`.
fn deep_at(text: &str, at: usize, max_depth: usize) -> Malformed {
    let (line, column) = LineIndex::new(text).position(at);
    Malformed {
        line,
        column,
        reason: too_deep_reason(max_depth),
    }
}

pub(super) fn document(syntax: Syntax, shape: Shape, items: Vec<Item>) -> Document {
    Document {
        syntax,
        shape,
        items,
        skipped: Vec::new(),
        columns: Vec::new(),
        paging: None,
    }
}

fn json_array(text: &str) -> Result<Document, Malformed> {
    let values = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(values)) => values,
        Ok(other) => vec![other],
        Err(err) => return array_pages(text).unwrap_or_else(|| Err(malformed(&err))),
    };
    let offsets = scan::element_offsets(text, None);
    let items = with_positions(text, values, offsets);
    Ok(document(Syntax::JsonArray, Shape::List, items))
}

/// Arrays one after another (pages of an API saved in turn, such as Okta's System Log
/// pages appended to one file), read as the one list they make. `None` when the text
/// is one array or does not start with one, for the caller to read or report; after the
/// first array, a value that is not an array, or not JSON, is the error.
fn array_pages(text: &str) -> Option<Result<Document, Malformed>> {
    let index = LineIndex::new(text);
    let mut pages = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut items = Vec::new();
    let mut count = 0;
    let mut end = 0;
    while let Some(page) = pages.next() {
        let start = end + scan::first_value(text.get(end..)?);
        let values = match page {
            Ok(Value::Array(values)) => values,
            Ok(_) if count == 0 => return None,
            Ok(_) => {
                // Worded as the streamed reader words it, whichever page it follows.
                let (line, column) = index.position(start);
                let reason = "expected another array or the end".to_owned();
                return Some(Err(Malformed {
                    line,
                    column,
                    reason,
                }));
            }
            Err(err) if count < 2 => return (count == 1).then(|| Err(malformed(&err))),
            Err(err) => return Some(Err(malformed(&err))),
        };
        end = pages.byte_offset();
        let offsets = scan::element_offsets(text.get(start..end)?, None)
            .map(|offsets| offsets.into_iter().map(|o| start + o).collect());
        items.extend(positioned(&index, values, offsets));
        count += 1;
    }
    (count > 1).then(|| Ok(document(Syntax::JsonArray, Shape::List, items)))
}

fn json_object_or_lines(
    text: &str,
    display: &str,
    max_depth: usize,
) -> Result<Document, Malformed> {
    if let Some(at) = too_deep(text, max_depth) {
        return if looks_like_lines(text) {
            Ok(json_lines(text, display, max_depth))
        } else {
            Err(deep_at(text, at, max_depth))
        };
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(json_object(text, map)),
        Ok(other) => Ok(document(
            Syntax::JsonObject,
            Shape::Single,
            vec![item_at(text, other)],
        )),
        Err(_) if looks_like_lines(text) => Ok(json_lines(text, display, max_depth)),
        Err(err) => match json_stream(text) {
            Some(read) => read.map_err(|broken| malformed(&broken)),
            None => Err(malformed(&err)),
        },
    }
}

fn json_object(text: &str, map: Map<String, Value>) -> Document {
    if let Some(doc) = data_envelope(text, &map) {
        return doc;
    }
    let shape = detect::object_shape(&map);
    let mut paging = None;
    let items = match &shape {
        Shape::Wrapper(wrapper) => {
            let values = wrapper
                .key
                .as_deref()
                .and_then(|key| map.get(key))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let offsets = wrapper
                .key
                .as_deref()
                .and_then(|key| scan::element_offsets(text, Some(key)));
            paging = super::paging::paging_of(&map, values.len());
            with_positions(text, values, offsets)
        }
        _ => vec![item_at(text, Value::Object(map))],
    };
    Document {
        paging,
        ..document(Syntax::JsonObject, shape, items)
    }
}

/// A py42 response, `{"data": ...}`: the records are a list under `data`, a wrapper
/// inside it (`{"data": {"totalCount": n, "users": [...]}}`) or the one record it holds.
fn data_envelope(text: &str, map: &Map<String, Value>) -> Option<Document> {
    let (outer, inner) = detect::data_envelope(map)?;
    let mut page = None;
    let (shape, values, offsets) = match inner {
        Value::Array(values) => {
            let offsets = scan::element_offsets(text, Some(outer));
            let wrapper = detect::Wrapper::listed(outer.clone(), None);
            (Shape::Wrapper(wrapper), values.clone(), offsets)
        }
        Value::Object(inner) => match detect::object_shape(inner) {
            Shape::Wrapper(mut wrapper) => {
                page = Some(inner);
                let key = wrapper.key.clone().unwrap_or_default();
                let values = inner.get(&key).and_then(Value::as_array).cloned();
                let offsets = scan::nested_element_offsets(text, outer, &key);
                wrapper.envelope = Some(outer.clone());
                (Shape::Wrapper(wrapper), values.unwrap_or_default(), offsets)
            }
            _ => {
                let at = scan::member_value_offset(text, outer).map(|o| vec![o]);
                (Shape::Single, vec![Value::Object(inner.clone())], at)
            }
        },
        _ => return None,
    };
    let items = with_positions(text, values, offsets);
    let paging = page.and_then(|inner| super::paging::paging_of(inner, items.len()));
    Some(Document {
        paging,
        ..document(Syntax::JsonObject, shape, items)
    })
}

/// Values paired with the positions the scanner found; line 1 when the counts differ.
fn with_positions(text: &str, values: Vec<Value>, offsets: Option<Vec<usize>>) -> Vec<Item> {
    positioned(&LineIndex::new(text), values, offsets)
}

/// [`with_positions`] with the text's line index already made.
fn positioned(index: &LineIndex, values: Vec<Value>, offsets: Option<Vec<usize>>) -> Vec<Item> {
    let offsets = offsets.filter(|o| o.len() == values.len());
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let (line, column) = offsets
                .as_ref()
                .and_then(|o| o.get(i))
                .map_or((1, 0), |offset| index.position(*offset));
            Item {
                value,
                line,
                column,
            }
        })
        .collect()
}

fn item_at(text: &str, value: Value) -> Item {
    let (line, column) = LineIndex::new(text).position(scan::first_value(text));
    Item {
        value,
        line,
        column,
    }
}

fn malformed(err: &serde_json::Error) -> Malformed {
    Malformed {
        line: to_u32(err.line()),
        column: to_u32(err.column().max(1)),
        reason: bare_message(err),
    }
}

/// `serde_json`'s message without its trailing " at line L column C".
pub(super) fn bare_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) if err.line() > 0 => message[..cut].to_owned(),
        _ => message,
    }
}

fn csv(text: &str, display: &str) -> Document {
    let rows = csv_rows::read(text, display);
    Document {
        syntax: Syntax::Csv,
        shape: Shape::List,
        items: rows.items,
        skipped: rows.skipped,
        columns: rows.columns,
        paging: None,
    }
}

/// A YAML mapping, told by its first significant line; its top-level keys.
fn yaml(text: &str) -> Option<Document> {
    let mut significant = text.lines().map(str::trim_end).filter(|line| {
        let line = line.trim_start();
        !line.is_empty() && !line.starts_with(['#', '%']) && !line.starts_with("---")
    });
    top_key(significant.next()?)?;
    let keys: Vec<String> = text.lines().filter_map(top_key).collect();
    let shape = if keys
        .iter()
        .any(|k| detect::CONFIG_KEYS.contains(&k.as_str()))
    {
        Shape::Config
    } else {
        Shape::Yaml { keys }
    };
    Some(document(Syntax::Yaml, shape, Vec::new()))
}

/// The key of a `key: ...` line at indentation 0 (plain or quoted), if it is one.
pub(crate) fn top_key(line: &str) -> Option<String> {
    let quote = line.chars().next().filter(|c| matches!(c, '"' | '\''));
    let (key, rest) = if let Some(quote) = quote {
        let body = line.get(1..)?;
        let end = body.find(quote)?;
        (body.get(..end)?, body.get(end + 1..)?)
    } else {
        let end = line
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(line.len());
        line.split_at(end)
    };
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    let ends_key = rest.is_empty() || rest.starts_with([' ', '\t', '\r']);
    (!key.is_empty() && ends_key).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_top_keys() {
        assert_eq!(top_key("rules:"), Some("rules".to_owned()));
        assert_eq!(top_key("\"provider\" : okta"), Some("provider".to_owned()));
        assert_eq!(top_key("  nested: 1"), None);
        assert_eq!(top_key("time:12"), None);
        assert_eq!(top_key("user_id,username"), None);
        assert_eq!(top_key("'x"), None);
    }

    #[test]
    fn json_lines_versus_pretty_object() {
        assert!(looks_like_lines("{\"a\":1}\n{\"a\":\n"));
        assert!(!looks_like_lines("{\n  \"orgs\": [\n    {\"a\": 1}\n"));
        assert!(!looks_like_lines("{\"a\":1"));
    }

    #[test]
    fn malformed_message_is_bare() {
        let err = parse("[\n {\"a\": 1},\n {\"b\": ", "x.json", 64).err();
        let err = err.unwrap_or(Malformed {
            line: 0,
            column: 0,
            reason: String::new(),
        });
        assert_eq!(err.line, 3);
        assert_eq!(err.reason, "EOF while parsing a value");
    }
}
