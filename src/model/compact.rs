//! JSON values rebuilt without spare room, for records kept for the whole run.
//!
//! A JSON object grows its table by doubling as keys are inserted, and a parsed array
//! grows the same way, so a record of 18 keys holds room for 32 (with `preserve_order`,
//! each slot is over a hundred bytes). A snapshot keeps every record until the report is
//! written, so [`compact`] rebuilds each object and array at its exact size once it is
//! complete. Keys, values and their order are unchanged.

use serde_json::{Map, Value};

/// `value` with every object and array (at any depth) holding exactly its entries.
#[must_use]
pub fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(compact_map(map)),
        Value::Array(list) => {
            // Not `collect`: it would reuse the list's own allocation, spare room and all.
            let mut out = Vec::with_capacity(list.len());
            out.extend(list.into_iter().map(compact));
            Value::Array(out)
        }
        Value::String(mut text) => {
            text.shrink_to_fit();
            Value::String(text)
        }
        other => other,
    }
}

/// [`compact`] of an object.
#[must_use]
pub fn compact_map(map: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::with_capacity(map.len());
    for (key, value) in map {
        out.insert(key, compact(value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_values_and_their_order_are_kept_at_every_depth() {
        let value = json!({"z": 1, "a": [{"y": null, "b": [true, "x", 2.5]}, []], "m": {}});
        let text = value.to_string();
        let out = compact(value);
        assert_eq!(out.to_string(), text);
        let keys: Vec<&String> = out.as_object().into_iter().flat_map(|m| m.keys()).collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn a_list_grown_by_pushing_is_left_with_no_spare_room() {
        let mut list = Vec::new();
        for i in 0..33 {
            list.push(json!(i));
        }
        assert!(list.capacity() > list.len());
        let out = compact(Value::Array(list));
        assert_eq!(out.as_array().map(Vec::capacity), Some(33));
    }
}
