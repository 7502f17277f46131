//! Reading values of directory entries: LDIF attributes are lists of strings, AD CSV
//! cells are strings that may hold several values joined.

use super::super::keys::get_loose;
use serde_json::{Map, Value};

/// What `Export-Csv` writes for a multi-valued property it was not told how to join.
pub(super) const COLLECTION: &str =
    "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection";

/// The entry's distinguished name: LDIF's `dn`, AD CSV's `DistinguishedName`.
pub(super) fn dn(map: &Map<String, Value>) -> Option<String> {
    first(map, "dn").or_else(|| first(map, "distinguishedName"))
}

/// Every value of an attribute (a list in LDIF, one cell in CSV).
pub(super) fn all(map: &Map<String, Value>, name: &str) -> Vec<String> {
    let values = match get_loose(map, name) {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    };
    values
        .into_iter()
        .filter(|v| !v.trim().is_empty())
        .collect()
}

pub(super) fn first(map: &Map<String, Value>, name: &str) -> Option<String> {
    all(map, name).into_iter().next()
}

/// The values of a multi-valued attribute; a CSV cell holds them joined by `;` or line
/// ends (DNs never hold either unescaped), and the type name `Export-Csv` writes for an
/// unjoined collection stands for no value.
pub(super) fn multi(map: &Map<String, Value>, name: &str) -> Vec<String> {
    all(map, name)
        .iter()
        .flat_map(|v| v.split([';', '\n']))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v != COLLECTION)
        .collect()
}

/// The value of a DN's first part: `Incydr Users` of `CN=Incydr Users,OU=Groups,...`,
/// with RFC 4514 escapes (`\,`) undone.
pub(super) fn rdn_value(dn: &str) -> String {
    let mut out = String::new();
    let mut chars = dn.chars();
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            ',' | '+' => break,
            '=' if !started => {
                started = true;
                out.clear();
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

pub(super) fn fold(dn: &str) -> String {
    dn.trim().to_lowercase()
}

pub(super) fn text(value: Option<String>) -> Value {
    value.map_or(Value::Null, Value::String)
}

pub(super) fn strings(values: Vec<String>) -> Value {
    values.into_iter().map(Value::String).collect()
}

/// An LDIF attribute of one value as that value; several stay a list.
pub(super) fn single(value: &Value) -> Value {
    match value {
        Value::Array(list) if list.len() == 1 => list.first().cloned().unwrap_or(Value::Null),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_part_of_a_dn() {
        assert_eq!(rdn_value("CN=Incydr Users,OU=Groups,DC=x"), "Incydr Users");
        assert_eq!(rdn_value("cn=Lee\\, Ann,ou=People"), "Lee, Ann");
        assert_eq!(rdn_value("Sales"), "Sales");
    }
}
