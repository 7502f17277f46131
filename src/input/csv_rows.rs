//! CSV with a header row into candidate records (one JSON object per row).
//!
//! Headers become camelCase keys (`org_guid` → `orgGuid`), empty cells become
//! null, and a row with the wrong number of fields is reported, not loaded. Fields are
//! separated by commas, or by semicolons or tabs when the header line shows those and no
//! comma (see [`delimiter`]).

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
    let delimiter = delimiter(text);
    let mut reader = builder().delimiter(delimiter).from_reader(text.as_bytes());
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
                if let Some(note) = delimiter_note(delimiter) {
                    rows.skipped.push(skip(display, line, note));
                }
                rows.columns = columns_of(&record, display, line, &mut rows.skipped);
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
    let mut reader = builder()
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
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
/// so a sniffed head that cuts the header short does not undercount it), with the
/// delimiter its first 64 KiB show.
pub(crate) fn first_width<R: std::io::Read>(mut source: R) -> Option<usize> {
    use std::io::Read as _;
    const SNIFF: u64 = 64 * 1024;
    let mut head = Vec::new();
    source.by_ref().take(SNIFF).read_to_end(&mut head).ok()?;
    let delimiter = delimiter(&String::from_utf8_lossy(&head));
    let source = std::io::Cursor::new(head).chain(source);
    let mut reader = builder().delimiter(delimiter).from_reader(source);
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).ok()? {
        if !is_blank(&record) {
            return Some(record.len());
        }
    }
    None
}

/// The field separator of a CSV text, told from its header line (the first line that is
/// not blank, after PowerShell's `#TYPE` line): a comma when the header has one outside
/// quotes; else a semicolon or a tab, whichever it has more of (semicolons are what
/// Excel writes where the decimal separator is a comma, as in German, French or Dutch,
/// and what `Export-Csv -UseCulture` writes there); else a comma.
pub(crate) fn delimiter(text: &str) -> u8 {
    let text = without_type_line(text);
    let header = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut tabs) = (0_usize, 0_usize, 0_usize);
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if commas == 0 && semicolons > 0 && semicolons >= tabs {
        b';'
    } else if commas == 0 && tabs > 0 {
        b'\t'
    } else {
        b','
    }
}

/// The note that says which delimiter a file was read with, when it is not a comma.
pub(crate) fn delimiter_note(delimiter: u8) -> Option<String> {
    let what = match delimiter {
        b';' => "semicolons (`;`)",
        b'\t' => "tabs",
        _ => return None,
    };
    Some(format!(
        "warning: fields read as separated by {what}, not commas: the header has no comma \
         outside quotes"
    ))
}

/// The reader settings of every CSV input.
pub(crate) fn builder() -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.flexible(true).has_headers(false);
    builder
}

/// The header row (found on `line`) of a streamed log as camelCase keys, as [`columns_of`]
/// gives them; a header that is one column holding `;` or a tab is noted too.
pub(crate) fn header(
    record: &csv::StringRecord,
    display: &str,
    line: u32,
    notes: &mut Vec<Skipped>,
) -> Vec<String> {
    if let Some(note) = one_column_note(record) {
        notes.push(skip(display, line, note));
    }
    columns_of(record, display, line, notes)
}

/// The header row (found on `line`) as camelCase keys; a key that appears more than once
/// is noted in `notes` (its last value is the one used).
fn columns_of(
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

/// A header read as one column that holds semicolons or tabs: a file read with commas
/// although its fields are separated otherwise (a large log is streamed with commas;
/// only a file read whole has its delimiter told from its header).
fn one_column_note(record: &csv::StringRecord) -> Option<String> {
    let only = record.get(0).filter(|_| record.len() == 1)?;
    let separator = ['\t', ';'].into_iter().find(|c| only.contains(*c))?;
    let shown = if separator == ';' { "`;`" } else { "a tab" };
    Some(format!(
        "warning: the header is one column that holds {shown}; if the fields are separated \
         that way, save the file with commas: a log this large is streamed, and a streamed \
         log is read with commas only"
    ))
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
    fn the_delimiter_is_told_from_the_header() {
        assert_eq!(delimiter("a,b;c\n1,2;3\n"), b',');
        assert_eq!(delimiter("\r\n\"a\";\"b,c\"\r\n1;2\r\n"), b';');
        assert_eq!(delimiter("#TYPE X\r\na;b\r\n"), b';');
        assert_eq!(delimiter("a\tb\tc;d\n"), b'\t');
        assert_eq!(delimiter("single\n1\n"), b',');
        let rows = read("user_id;username\nu1;\"a;b@x.com\"\n", "users.csv");
        assert_eq!(rows.columns, vec!["userId", "username"]);
        assert_eq!(
            rows.items[0].value,
            json!({"userId": "u1", "username": "a;b@x.com"})
        );
        assert_eq!(too_wide("a;b;c\n", 2), Some((1, 3)));
        assert_eq!(first_width("x;y;z\n".as_bytes()), Some(3));
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
