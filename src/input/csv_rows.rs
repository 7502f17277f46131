//! CSV with a header row into candidate records (one JSON object per row).
//!
//! Headers become camelCase keys (`org_guid` → `orgGuid`), empty cells become
//! null, and a row with the wrong number of fields is reported, not loaded.

use super::keys::camel_case;
use super::read::LineIndex;
use super::syntax::Item;
use crate::model::{Location, Skipped};
use serde_json::{Map, Value};

/// The rows of a CSV file.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    /// The header as camelCase keys.
    pub columns: Vec<String>,
    pub items: Vec<Item>,
    pub skipped: Vec<Skipped>,
}

/// Read `text` as CSV with a header row.
pub(crate) fn read(text: &str, display: &str) -> Rows {
    let text = &*without_type_line(text);
    let mut reader = reader(text.as_bytes());
    let index = LineIndex::new(text);
    let mut rows = Rows::default();
    let mut has_header = false;
    for result in reader.records() {
        let position = match &result {
            Ok(record) => record.position(),
            Err(err) => err.position(),
        };
        let line = position.map_or(0, |p| start_line(text, &index, p));
        match result {
            Err(err) => {
                let reason = format!("unreadable CSV row: {err}");
                rows.skipped.push(skip(display, line, reason));
            }
            Ok(record) if is_blank(&record) => {}
            Ok(record) if !has_header => {
                rows.columns = header(&record, display, line, &mut rows.skipped);
                has_header = true;
            }
            Ok(record) => match row(&rows.columns, &record, display, line) {
                Ok(item) => rows.items.push(item),
                Err(skipped) => rows.skipped.push(skipped),
            },
        }
    }
    rows
}

/// The line and width of the first non-blank CSV record of `text`, when it is wider than
/// `max` columns: such a header is refused before any row is built, since every row would
/// become an object with that many keys.
pub(crate) fn too_wide(text: &str, max: usize) -> Option<(u32, usize)> {
    if text.trim_start().starts_with(['[', '{']) {
        return None;
    }
    let text = &*without_type_line(text);
    let mut reader = reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        if is_blank(&record) {
            continue;
        }
        let line = record
            .position()
            .map_or(1, |p| start_line(text, &LineIndex::new(text), p));
        return (record.len() > max).then_some((line, record.len()));
    }
    None
}

/// The text with PowerShell's `#TYPE System.Type.Name` first line (`Export-Csv` without
/// `-NoTypeInformation`) emptied, its line end kept so that lines keep their numbers.
pub(crate) fn without_type_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.starts_with("#TYPE") {
        return std::borrow::Cow::Borrowed(text);
    }
    let end = text.find('\n').unwrap_or(text.len());
    std::borrow::Cow::Owned(text.get(end..).unwrap_or_default().to_owned())
}

/// How many columns the first non-blank CSV record read from `source` has (read alone,
/// so a sniffed head that cuts the header short does not undercount it).
pub(crate) fn first_width<R: std::io::Read>(source: R) -> Option<usize> {
    let mut reader = reader(source);
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        if !is_blank(&record) {
            return Some(record.len());
        }
    }
    None
}

/// A CSV reader as every CSV input uses it: no header handling, rows of any length.
pub(crate) fn reader<R: std::io::Read>(source: R) -> csv::Reader<R> {
    builder().from_reader(source)
}

/// The reader settings of every CSV input.
pub(crate) fn builder() -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.flexible(true).has_headers(false);
    builder
}

/// The header row (found on `line`) as camelCase keys; a key that appears more than once
/// is noted in `notes` (its last value is the one used).
pub(crate) fn header(
    record: &csv::StringRecord,
    display: &str,
    line: u32,
    notes: &mut Vec<Skipped>,
) -> Vec<String> {
    let columns = columns(record);
    notes.extend(duplicated(&columns).into_iter().map(|c| {
        let reason = format!(
            "warning: column `{c}` appears more than once in the header; its last value is used"
        );
        skip(display, line, reason)
    }));
    columns
}

/// Header keys that appear more than once (each named once, in header order).
fn duplicated(columns: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    let mut twice: Vec<&str> = Vec::new();
    for c in columns {
        if !seen.insert(c.as_str()) && !twice.contains(&c.as_str()) {
            twice.push(c);
        }
    }
    twice
}

/// The header record as camelCase keys.
pub(crate) fn columns(header: &csv::StringRecord) -> Vec<String> {
    header.iter().map(camel_case).collect()
}

/// A data row as a candidate record (empty cells null), or why it is not one.
pub(crate) fn row(
    columns: &[String],
    record: &csv::StringRecord,
    display: &str,
    line: u32,
) -> Result<Item, Skipped> {
    if record.len() != columns.len() {
        let reason = format!(
            "row has {} fields, header has {}",
            record.len(),
            columns.len()
        );
        return Err(skip(display, line, reason));
    }
    let mut object = Map::with_capacity(columns.len());
    for (key, cell) in columns.iter().zip(record.iter()) {
        let value = if cell.trim().is_empty() {
            Value::Null
        } else {
            Value::String(cell.to_owned())
        };
        object.insert(key.clone(), value);
    }
    Ok(Item {
        value: Value::Object(object),
        line,
        column: 1,
    })
}

/// A line with nothing but whitespace (the csv crate already drops empty lines).
pub(crate) fn is_blank(record: &csv::StringRecord) -> bool {
    record.len() <= 1 && record.iter().all(|cell| cell.trim().is_empty())
}

/// The line where a record starts. The csv crate's own line count drifts with
/// CRLF line ends, and its byte offset may point at the line end left over from
/// the previous record, so skip those and count lines from the offset instead.
fn start_line(text: &str, index: &LineIndex<'_>, position: &csv::Position) -> u32 {
    let byte = usize::try_from(position.byte()).unwrap_or(usize::MAX);
    let rest = text.get(byte..).unwrap_or_default();
    let start = byte + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
    index.position(start).0
}

fn skip(display: &str, line: u32, reason: String) -> Skipped {
    Skipped {
        location: Location::new(display, line, 1),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_case_header_rows_and_lines() {
        let text = "user_id,username,org_guid\r\n\r\nu1,a@x.com,g1\r\nu2,\"b\r\nc@x.com\",\r\nu3,c@x.com,g3\r\n";
        let rows = read(text, "users.csv");
        assert_eq!(rows.columns, vec!["userId", "username", "orgGuid"]);
        assert!(rows.skipped.is_empty(), "{:?}", rows.skipped);
        let lines: Vec<u32> = rows.items.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![3, 4, 6]);
        assert_eq!(
            rows.items[1].value,
            json!({"userId": "u2", "username": "b\r\nc@x.com", "orgGuid": null})
        );
    }

    #[test]
    fn a_powershell_type_line_is_not_the_header() {
        let text = "#TYPE Microsoft.ActiveDirectory.Management.ADUser\r\n\"Name\",\"Enabled\"\r\n\"Ann\",\"True\"\r\n";
        let rows = read(text, "ad.csv");
        assert_eq!(rows.columns, vec!["Name", "Enabled"]);
        assert_eq!(rows.items.len(), 1);
        assert_eq!(rows.items[0].line, 3);
        assert!(rows.skipped.is_empty(), "{:?}", rows.skipped);
        assert_eq!(too_wide(text, 1), Some((2, 2)));
    }

    #[test]
    fn ragged_rows_are_reported() {
        let text = "role_id,role_name\ndesktop-user,Desktop User\nalert-emails\nx,y,z\n  \n";
        let rows = read(text, "roles.csv");
        assert_eq!(rows.items.len(), 1);
        let got: Vec<String> = rows
            .skipped
            .iter()
            .map(|s| format!("{} {}", s.location, s.reason))
            .collect();
        assert_eq!(
            got,
            vec![
                "roles.csv:3:1 row has 1 fields, header has 2",
                "roles.csv:4:1 row has 3 fields, header has 2",
            ]
        );
    }
}
