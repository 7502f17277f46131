//! Files of JSON records one after another: JSON lines (one object per line), and
//! objects written one after another over several lines each (`incydr ... list -f
//! json-pretty` prints one indented object per record). Each record keeps the line and
//! column where it starts.

use super::detect::Shape;
use super::keys::type_name;
use super::limits::{too_deep, too_deep_reason};
use super::read::{to_u32, LineIndex};
use super::syntax::{bare_message, document, Document, Item, Syntax};
use crate::model::{Location, Skipped};
use serde_json::Value;

/// Non-blank lines, trimmed of a trailing `\r`, with their 1-based numbers.
fn lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| (to_u32(i + 1), line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty())
}

/// JSON lines when there are several lines and the first one, or most of them,
/// is a JSON object by itself (a pretty-printed object never is).
pub(super) fn looks_like_lines(text: &str) -> bool {
    let is_object = |line: &str| matches!(serde_json::from_str(line), Ok(Value::Object(_)));
    let mut total = 0usize;
    let mut objects = 0usize;
    for (_, line) in lines(text) {
        let hit = is_object(line);
        if total == 0 && hit && lines(text).nth(1).is_some() {
            return true;
        }
        total += 1;
        objects += usize::from(hit);
    }
    total > 1 && objects * 2 > total
}

pub(super) fn json_lines(text: &str, display: &str, max_depth: usize) -> Document {
    let mut doc = document(Syntax::JsonLines, Shape::List, Vec::new());
    for (line, content) in lines(text) {
        match json_line(content, line, display, max_depth) {
            Ok(item) => doc.items.push(item),
            Err(skipped) => doc.skipped.push(skipped),
        }
    }
    doc
}

/// The 1-based column of a line's first character that is not white space.
pub(crate) fn first_column(content: &str) -> u32 {
    to_u32(content.chars().take_while(|c| c.is_whitespace()).count() + 1)
}

/// One line of a JSON lines file (without its line end) as a candidate record, or why
/// it is not one.
pub(crate) fn json_line(
    content: &str,
    line: u32,
    display: &str,
    max_depth: usize,
) -> Result<Item, Skipped> {
    if let Some(at) = too_deep(content, max_depth) {
        return Err(Skipped {
            location: Location::new(
                display,
                line,
                to_u32(content.get(..at).map_or(0, |s| s.chars().count()) + 1),
            ),
            reason: too_deep_reason(max_depth),
        });
    }
    let column = first_column(content);
    let (column, reason) = match serde_json::from_str::<Value>(content) {
        Ok(value @ Value::Object(_)) => {
            return Ok(Item {
                value,
                line,
                column,
            })
        }
        Ok(other) => (
            column,
            format!("not a JSON object (found {})", type_name(&other)),
        ),
        Err(err) => (
            to_u32(err.column()),
            format!("invalid JSON: {}", bare_message(&err)),
        ),
    };
    Err(Skipped {
        location: Location::new(display, line, column),
        reason,
    })
}

/// JSON objects one after another (at least two, each possibly over several lines,
/// nothing else between them but white space); `None` when the text does not start as
/// that (not one object followed by another), and the error where it breaks when it does.
pub(super) fn json_stream(text: &str) -> Option<Result<Document, serde_json::Error>> {
    let index = LineIndex::new(text);
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut items = Vec::new();
    loop {
        let end = stream.byte_offset();
        let rest = text.get(end..)?;
        let start = end + (rest.len() - rest.trim_start().len());
        match stream.next() {
            None => break,
            Some(Ok(value @ Value::Object(_))) => {
                let (line, column) = index.position(start);
                items.push(Item {
                    value,
                    line,
                    column,
                });
            }
            Some(Err(err)) if !items.is_empty() => return Some(Err(err)),
            Some(_) => return None,
        }
    }
    (items.len() > 1).then(|| Ok(document(Syntax::JsonStream, Shape::List, items)))
}
