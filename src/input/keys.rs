//! Small helpers for field names: the loose form used to compare names across
//! exports, the `snake_case` → `camelCase` conversion of CSV headers, and lookups.

use serde_json::{Map, Value};

/// The loose form of a field name: lowercase, without `_`, `-` or spaces.
/// `user_id`, `User ID`, `userId` and `USER-ID` all become `userid`.
pub(crate) fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A CSV header as a camelCase key: `org_guid` → `orgGuid`, `User Name` → `userName`.
/// A header without separators (`userId`, `email`) is kept as it is.
pub(crate) fn camel_case(header: &str) -> String {
    let header = header.trim();
    if !header.contains(['_', '-', ' ']) {
        return header.to_owned();
    }
    let mut out = String::with_capacity(header.len());
    let parts = header.split(['_', '-', ' ']).filter(|p| !p.is_empty());
    for (index, part) in parts.enumerate() {
        let lower = part.to_lowercase();
        if index == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

/// The value under `name`, matching the exact name first and then ignoring ASCII case.
pub(crate) fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// The value whose key has the loose form of `name` (the exact name wins).
pub(crate) fn get_loose<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        let wanted = loose(name);
        map.iter()
            .find(|(key, _)| loose(key) == wanted)
            .map(|(_, value)| value)
    })
}

/// Whether a value carries something: not null, not an empty or blank string.
pub(crate) fn present(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

/// A value read as a boolean where that is unambiguous: booleans as they are,
/// the strings `true`/`false` in any case, and numbers 0/1. Otherwise `None`.
pub(crate) fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            // What Excel writes for TRUE and FALSE when it saves a CSV in a German, French,
            // Dutch, Spanish or Italian locale (only the words of its own functions).
            "wahr" | "vrai" | "waar" | "verdadero" | "vero" => Some(true),
            "falsch" | "faux" | "onwaar" | "falso" => Some(false),
            _ => None,
        },
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// Convert a value to a boolean where [`as_bool`] can; leave it as it was otherwise.
pub(crate) fn to_bool(value: Value) -> Value {
    as_bool(&value).map_or(value, Value::Bool)
}

/// A short name for the JSON type of a value, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn loose_form_ignores_case_and_separators() {
        assert_eq!(loose("user_id"), "userid");
        assert_eq!(loose("User ID"), "userid");
        assert_eq!(loose("USER-ID"), "userid");
        assert_eq!(loose("userId"), "userid");
    }

    #[test]
    fn csv_headers_become_camel_case() {
        assert_eq!(camel_case("user_id"), "userId");
        assert_eq!(camel_case("org_guid"), "orgGuid");
        assert_eq!(camel_case(" legacy_org_id "), "legacyOrgId");
        assert_eq!(camel_case("User Name"), "userName");
        assert_eq!(camel_case("userId"), "userId");
        assert_eq!(camel_case("email"), "email");
        assert_eq!(camel_case("_"), "");
    }

    #[test]
    fn lookups_and_booleans() {
        let value = json!({"UserName": "a", "org_guid": "g", "blank": " "});
        let map = value.as_object().cloned().unwrap_or_default();
        assert_eq!(get_ci(&map, "userName"), Some(&json!("a")));
        assert_eq!(get_loose(&map, "orgGuid"), Some(&json!("g")));
        assert!(!present(get_loose(&map, "blank")));
        assert!(!present(get_loose(&map, "missing")));
        assert_eq!(to_bool(json!("FALSE")), json!(false));
        assert_eq!(to_bool(json!("maybe")), json!("maybe"));
        assert_eq!(as_bool(&json!(1)), Some(true));
    }

    #[test]
    fn excel_writes_true_and_false_in_the_words_of_its_locale() {
        for yes in ["WAHR", "Vrai", "waar", "VERDADERO", "VERO"] {
            assert_eq!(as_bool(&json!(yes)), Some(true), "{yes}");
        }
        for no in ["FALSCH", "FAUX", "ONWAAR", "FALSO"] {
            assert_eq!(as_bool(&json!(no)), Some(false), "{no}");
        }
        assert_eq!(
            as_bool(&json!("ja")),
            None,
            "a yes in a sentence is not a boolean"
        );
    }
}
