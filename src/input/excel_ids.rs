//! Ids that Excel rounded. Incydr's user ids are 19-digit numbers; a CSV of them opened
//! and saved in Excel holds `1.09486E+18` (or `1,09486E+18` in a locale with a decimal
//! comma) instead, the same text for many users. Such a value is no id: it is read as
//! absent, so the record is joined by its username as a record without an id is, and the
//! file gets one note saying what happened and how to export it intact.

use super::normalize::Sink;
use super::syntax::Item;
use serde_json::{Map, Value};

/// Whether `text` is a number in E-notation (`1.09486E+18`, `1,09486E+18`, `2e5`):
/// digits, at most one decimal point or comma followed by digits, then `e` or `E`, an
/// optional sign and digits.
pub(crate) fn is_e_notation(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_prefix(['+', '-']).unwrap_or(text);
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction) && digits(exponent)
}

/// Whether a field's value is an id rounded by Excel: text in E-notation, or a JSON
/// number written with an exponent.
fn rounded(value: &Value) -> bool {
    match value {
        Value::String(s) => is_e_notation(s),
        Value::Number(n) => n.is_f64() && is_e_notation(&n.to_string()),
        _ => false,
    }
}

/// Set `field` of `record` to null when Excel rounded it, noting that once per file (at
/// the first such record). Returns whether it did.
pub(crate) fn drop_rounded(
    item: &Item,
    record: &mut Map<String, Value>,
    field: &str,
    sink: &mut Sink,
) -> bool {
    let Some(value) = record.get_mut(field) else {
        return false;
    };
    if !rounded(value) {
        return false;
    }
    if !sink.excel_ids_noted {
        sink.excel_ids_noted = true;
        let note = note(field, value);
        sink.skip(item, note);
    }
    *value = Value::Null;
    true
}

/// The note for a file whose `field` holds ids like `value`.
fn note(field: &str, value: &Value) -> String {
    let shown = match value {
        Value::String(s) => s.trim().to_owned(),
        other => other.to_string(),
    };
    format!(
        "warning: `{field}` holds `{shown}`: Excel rounded the ids to a number with an exponent \
         when the file was opened and saved, so different users would share one id. These \
         ids are not used (users are matched by username instead); export again and open \
         the CSV in Excel through Data > From Text/CSV with the id column set to Text, or \
         use the JSON export (`-f json`)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn e_notation_in_either_locale_and_nothing_else() {
        for text in [
            "1.09486E+18",
            "1,09486E+18",
            " 1.09486e18 ",
            "2E5",
            "-1.5E-3",
        ] {
            assert!(is_e_notation(text), "{text}");
        }
        for text in [
            "1094859020139120301",
            "1.5",
            "E+18",
            "1.E+18",
            "1e",
            "abc1e5",
            "0x1E5",
            "",
        ] {
            assert!(!is_e_notation(text), "{text}");
        }
        assert!(rounded(&json!(1.09486e18)));
        assert!(!rounded(&json!(1_094_859_020_139_120_301_u64)));
        assert!(!rounded(&json!("1094859020139120301")));
    }

    #[test]
    fn a_rounded_id_is_dropped_and_noted_once() {
        let item = Item {
            value: Value::Null,
            line: 2,
            column: 1,
        };
        let mut sink = Sink::new("users.csv");
        let mut ann = json!({"userId": "1.09486E+18"});
        let mut bob = json!({"userId": "1,09486E+18"});
        let mut cy = json!({"userId": "1094859020139120303"});
        for record in [&mut ann, &mut bob, &mut cy] {
            if let Value::Object(map) = record {
                drop_rounded(&item, map, "userId", &mut sink);
            }
        }
        assert_eq!(ann["userId"], Value::Null);
        assert_eq!(bob["userId"], Value::Null);
        assert_eq!(cy["userId"], json!("1094859020139120303"));
        assert_eq!(sink.skipped.len(), 1);
        assert!(sink.skipped[0].reason.contains("Excel rounded"));
    }
}
