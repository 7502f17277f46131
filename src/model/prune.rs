//! The part of a value that some field paths reach, and nothing more.
//!
//! A finding keeps the values its rule's message and fix steps read. When a template reads
//! `{console.roles}`, keeping all of `console` (a whole console user, with its `raw`
//! record) costs kilobytes a finding; keeping `{"roles": [...]}` renders the same text.

use serde_json::{Map, Value};

/// The part of `value` that `paths` (each a list of keys below `value`) reach, walked as
/// [`super::path::FieldPath`] walks them: a key is matched exactly first and otherwise by
/// its first entry equal but for ASCII case, and every list on the way is walked element
/// by element. An empty path reaches the whole value. Resolving any of `paths` in the
/// result gives what it gives in `value`.
#[must_use]
pub fn prune(value: &Value, paths: &[&[String]]) -> Value {
    if paths.iter().any(|path| path.is_empty()) {
        return value.clone();
    }
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|item| prune(item, paths)).collect()),
        Value::Object(map) => Value::Object(prune_object(map, paths)),
        // A key below a scalar reaches nothing.
        _ => Value::Null,
    }
}

fn prune_object(map: &Map<String, Value>, paths: &[&[String]]) -> Map<String, Value> {
    // Each path's first key and the rest, with the entry that key selects (found once).
    let steps: Vec<(Option<&str>, &[String])> = paths
        .iter()
        .filter_map(|path| path.split_first())
        .map(|(first, rest)| (selected(map, first), rest))
        .collect();
    let mut kept = Map::new();
    for (key, value) in map {
        let below: Vec<&[String]> = steps
            .iter()
            .filter(|(chosen, _)| *chosen == Some(key.as_str()))
            .map(|(_, rest)| *rest)
            .collect();
        if !below.is_empty() {
            kept.insert(key.clone(), prune(value, &below));
        }
    }
    kept
}

/// The key of `map` that `key` selects: itself, or else the first key equal to it but
/// for ASCII case.
fn selected<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    if let Some((exact, _)) = map.get_key_value(key) {
        return Some(exact.as_str());
    }
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(key))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::path::FieldPath;
    use serde_json::json;

    fn keys(path: &str) -> Vec<String> {
        path.split('.').map(str::to_owned).collect()
    }

    fn pruned(value: &Value, paths: &[&str]) -> Value {
        let owned: Vec<Vec<String>> = paths.iter().map(|p| keys(p)).collect();
        let refs: Vec<&[String]> = owned.iter().map(Vec::as_slice).collect();
        prune(value, &refs)
    }

    fn resolved(value: &Value, path: &str) -> Vec<Value> {
        let path = FieldPath::parse(path).expect("path");
        path.resolve(value).into_iter().cloned().collect()
    }

    #[test]
    fn keeps_only_what_the_paths_reach() {
        let console = json!({
            "userId": "c1",
            "roles": ["desktop-user", "alert-emails"],
            "raw": {"username": "ann@x.example", "notes": "x".repeat(500)},
            "orgName": "Staff",
        });
        let kept = pruned(&console, &["roles", "raw.username"]);
        assert_eq!(
            kept,
            json!({"roles": ["desktop-user", "alert-emails"], "raw": {"username": "ann@x.example"}})
        );
        let wrapped = json!({ "console": console });
        let kept = json!({ "console": kept });
        for path in ["console.roles", "console.raw.username"] {
            assert_eq!(resolved(&kept, path), resolved(&wrapped, path), "{path}");
        }
        assert!(resolved(&kept, "console.orgName").is_empty());
    }

    #[test]
    fn walks_lists_element_by_element() {
        let groups = json!([
            {"value": "g1", "display": "Team 1", "$ref": "https://x.example/Groups/g1"},
            [{"value": "g2", "display": "Team 2"}],
            "not an object",
            null,
        ]);
        let kept = pruned(&groups, &["display"]);
        assert_eq!(
            kept,
            json!([{"display": "Team 1"}, [{"display": "Team 2"}], null, null])
        );
        let path = "groups.display";
        assert_eq!(
            resolved(&json!({ "groups": kept }), path),
            resolved(&json!({ "groups": groups }), path)
        );
    }

    #[test]
    fn matches_keys_as_paths_do() {
        // No exact key: the first one equal but for case, as a path reads it.
        let value = json!({"Roles": ["a"], "ROLES": ["b"], "Other": 1});
        assert_eq!(pruned(&value, &["roles"]), json!({"Roles": ["a"]}));
        // An exact key wins over an earlier one that differs in case.
        let value = json!({"Roles": ["a"], "roles": ["b"]});
        assert_eq!(pruned(&value, &["roles"]), json!({"roles": ["b"]}));
        assert_eq!(
            resolved(&json!({"c": pruned(&value, &["roles"])}), "c.roles"),
            resolved(&json!({ "c": value }), "c.roles")
        );
    }

    #[test]
    fn an_empty_path_keeps_the_whole_value() {
        let value = json!({"roles": ["a"], "raw": {"b": 1}});
        let owned: Vec<&[String]> = vec![&[]];
        assert_eq!(prune(&value, &owned), value);
        // Below a scalar, nothing.
        assert_eq!(pruned(&json!("text"), &["roles"]), Value::Null);
    }
}
