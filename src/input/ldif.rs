//! LDIF (RFC 2849), as `ldifde -f` and `ldapsearch -LLL` write a directory: entries
//! separated by blank lines, each starting with `dn:`; `attr: value`, `attr:: base64`
//! (decoded; a value that is not UTF-8 text, such as `objectGUID`, stays as written),
//! lines folded by starting the next line with one space, `#` comments, and an optional
//! `version: 1` first. Attribute options (`member;range=0-1499`) are dropped from the
//! name. Every entry becomes one candidate record whose attributes are lists of strings
//! (as spelled the first time), starting on the line of its `dn:`. A `changetype: add`
//! record (as `ldifde -f` writes every entry, and many seed files do) carries the whole
//! entry (RFC 2849) and is read as one; other change records (modify, delete, moddn)
//! say what to change, not what is, and are skipped with that reason.

use super::detect::Shape;
use super::read::to_u32;
use super::syntax::{Document, Item, Syntax};
use crate::model::{Location, Skipped};
use base64::Engine;
use serde_json::{Map, Value};

/// How the reason of a skipped change record starts (see [`is_change_record`]).
const CHANGE_RECORD: &str = "an LDIF change record";
/// The rest of that reason, after the change type.
const NOT_AN_ENTRY: &str = "not a directory entry; not read";

/// Whether a skipped record's `reason` is that of an LDIF change record (`changetype:`
/// modify, delete, moddn or modrdn), which says what to change rather than what is.
pub(crate) fn is_change_record(reason: &str) -> bool {
    reason.starts_with(CHANGE_RECORD)
}

/// Whether `text` is LDIF: its first line that is neither blank nor a comment is `dn:`,
/// or `version:` followed by a `dn:` line.
pub(crate) fn looks_like(text: &str) -> bool {
    let mut significant = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with(' '));
    let Some(first) = significant.next() else {
        return false;
    };
    if attribute_is(first, "dn") {
        return true;
    }
    attribute_is(first, "version") && significant.next().is_some_and(|l| attribute_is(l, "dn"))
}

fn attribute_is(line: &str, name: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(key, _)| key.trim().eq_ignore_ascii_case(name))
}

/// Read LDIF `text` into a [`Document`] of entries.
pub(crate) fn parse(text: &str, display: &str) -> Document {
    let mut doc = Document {
        syntax: Syntax::Ldif,
        shape: Shape::List,
        items: Vec::new(),
        skipped: Vec::new(),
        columns: Vec::new(),
        paging: None,
    };
    let mut entry: Vec<(u32, String)> = Vec::new();
    for (line, content) in logical_lines(text) {
        match content {
            Some(content) => entry.push((line, content)),
            None if !entry.is_empty() => {
                record(std::mem::take(&mut entry), display, &mut doc);
            }
            None => {}
        }
    }
    if !entry.is_empty() {
        record(entry, display, &mut doc);
    }
    doc
}

/// The lines of `text` with folded lines joined and comments left out, each with the
/// number of its first physical line; `None` stands for a blank line (an entry's end).
fn logical_lines(text: &str) -> Vec<(u32, Option<String>)> {
    let mut out: Vec<(u32, Option<String>)> = Vec::new();
    let mut in_comment = false;
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = to_u32(index + 1);
        if let Some(rest) = raw.strip_prefix(' ') {
            if in_comment {
                continue;
            }
            if let Some((_, Some(last))) = out.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        in_comment = raw.starts_with('#');
        if in_comment {
            continue;
        }
        if raw.trim().is_empty() {
            out.push((number, None));
        } else {
            out.push((number, Some(raw.to_owned())));
        }
    }
    out
}

/// One entry's lines into an item of `doc`, or the reason it is skipped.
fn record(lines: Vec<(u32, String)>, display: &str, doc: &mut Document) {
    let mut lines = lines.into_iter().peekable();
    if let Some((_, first)) = lines.peek() {
        if attribute_is(first, "version") && doc.items.is_empty() {
            lines.next();
        }
    }
    let Some((start, first)) = lines.next() else {
        return;
    };
    let skip = |line: u32, reason: String| Skipped {
        location: Location::new(display, line, 1),
        reason,
    };
    if !attribute_is(&first, "dn") {
        let reason = "an LDIF entry must start with `dn:`; this one is not read".to_owned();
        doc.skipped.push(skip(start, reason));
        return;
    }
    let mut map = Map::new();
    for (line, content) in std::iter::once((start, first)).chain(lines) {
        match attribute(&content) {
            Ok((name, value)) if name.eq_ignore_ascii_case("changetype") => {
                if value.trim().eq_ignore_ascii_case("add") {
                    continue;
                }
                let reason = format!("{CHANGE_RECORD} (changetype: {value}), {NOT_AN_ENTRY}");
                doc.skipped.push(skip(start, reason));
                return;
            }
            Ok((name, value)) => add(&mut map, name, value),
            Err(reason) => doc.skipped.push(skip(line, reason)),
        }
    }
    doc.items.push(Item {
        value: Value::Object(map),
        line: start,
        column: 1,
    });
}

/// A value under the first spelling of its attribute name (compared ignoring case).
fn add(map: &mut Map<String, Value>, name: &str, value: String) {
    let key = map
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned());
    let entry = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(values) = entry {
        values.push(Value::String(value));
    }
}

/// An `attr: value`, `attr:: base64` line as the name (options dropped) and the value,
/// or why it is left out (the reason is a note: the rest of the entry is read).
fn attribute(line: &str) -> Result<(&str, String), String> {
    let Some((name, rest)) = line.split_once(':') else {
        return Err(format!(
            "warning: `{}` is not an `attribute: value` line; left out",
            short(line)
        ));
    };
    let name = name.split(';').next().unwrap_or(name).trim();
    if let Some(encoded) = rest.strip_prefix(':') {
        let encoded = encoded.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| format!("warning: `{name}` is not valid base64 ({e}); left out"))?;
        return Ok((
            name,
            String::from_utf8(bytes).unwrap_or_else(|_| encoded.to_owned()),
        ));
    }
    if rest.starts_with('<') {
        return Err(format!(
            "warning: `{name}` refers to a file (`:<`), which is not read; left out"
        ));
    }
    Ok((name, rest.trim_start_matches(' ').to_owned()))
}

fn short(line: &str) -> String {
    let cut: String = line.chars().take(40).collect();
    if cut.len() < line.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEXT: &str = "version: 1\r\n\r\n# a comment\r\n that goes on\r\ndn: CN=Ann Lee,OU=Staff,\r\n DC=x,DC=example\r\nobjectClass: top\r\nobjectClass: user\r\ndisplayName:: QW5uIEzDqWU=\r\nmember;range=0-1: CN=a\r\nobjectGUID:: /w==\r\nbroken line\r\n\r\n\r\ndn: CN=G\r\nchangetype: modify\r\n\r\nobjectClass: orphan\r\n";

    #[test]
    fn entries_with_folds_comments_base64_and_options() {
        assert!(looks_like(TEXT));
        assert!(!looks_like("version: 1\nrole_mappings: []\n"));
        let doc = parse(TEXT, "d.ldif");
        assert_eq!(doc.items.len(), 1);
        assert_eq!(doc.items[0].line, 5);
        assert_eq!(
            doc.items[0].value,
            json!({
                "dn": ["CN=Ann Lee,OU=Staff,DC=x,DC=example"],
                "objectClass": ["top", "user"],
                "displayName": ["Ann Lée"],
                "member": ["CN=a"],
                "objectGUID": ["/w=="],
            })
        );
        let skipped: Vec<String> = doc
            .skipped
            .iter()
            .map(|s| format!("{} {}", s.location, s.reason))
            .collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].starts_with("d.ldif:12:1 warning: `broken line`"));
        assert!(skipped[1].starts_with("d.ldif:15:1 an LDIF change record"));
        assert!(skipped[2].starts_with("d.ldif:18:1 an LDIF entry must start"));
    }
}
