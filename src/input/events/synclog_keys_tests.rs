use super::*;
use crate::input::events::flat::parse_with_repeats;

#[test]
fn every_alias_names_one_field() {
    let mut names: Vec<&str> = ALIASES
        .iter()
        .flat_map(|names| names.iter().copied())
        .collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all, "an alias is listed twice");
    for (field, names) in ALIASES.iter().enumerate() {
        for (rank, name) in names.iter().enumerate() {
            assert_eq!(alias(name.as_bytes()), Some((field, rank)), "{name}");
        }
    }
    assert_eq!(alias(b"nosuchcolumn"), None);
}

#[test]
fn loose_names() {
    let mut buffer = [0u8; 32];
    let mut loose = |key: &str| loose_ascii(key, &mut buffer).map(<[u8]>::to_vec);
    assert_eq!(loose("Event Time"), Some(b"eventtime".to_vec()));
    assert_eq!(loose("USER-ID"), Some(b"userid".to_vec()));
    assert_eq!(
        loose("Provisioning_Provider"),
        Some(b"provisioningprovider".to_vec())
    );
    assert_eq!(loose("Zeitstempel ü"), None);
    assert_eq!(loose(&"x".repeat(40)), None);
}

#[test]
fn the_first_alias_with_a_value_wins() {
    let map = serde_json::json!({"Error": "second", "reason": "third", "MESSAGE": " ",
                                 "Details": "first", "user": null, "Login": "a"});
    let map = map.as_object().cloned().unwrap_or_default();
    let found = Found::of(map.iter().map(|(k, v)| (k.as_str(), ValueRef::Json(v))));
    let text = |field| found.get(field).and_then(ValueRef::text);
    assert_eq!(text(Field::Message).as_deref(), Some("first"));
    assert_eq!(text(Field::User).as_deref(), Some("a"));
    assert_eq!(found.get(Field::Time), None);
}

/// Every field as text, for comparing two reads of a line.
fn texts(found: &Found<'_>) -> Vec<Option<String>> {
    (0..ALIASES.len())
        .map(|field| {
            found
                .0
                .get(field)
                .copied()
                .flatten()
                .and_then(|(_, value)| value.text())
        })
        .collect()
}

/// Lines read one after another through one [`KeyShape`] name the same fields as each
/// line read on its own as a JSON map, whatever came before.
#[test]
fn a_kept_shape_reads_as_a_fresh_lookup() {
    let lines = [
        r#"{"timestamp": "t1", "user": "a", "status": "failure", "message": "m1"}"#,
        r#"{"timestamp": "t2", "user": "b", "status": "success", "message": "m2"}"#,
        // The same keys with a blank value: the next alias with a value wins.
        r#"{"timestamp": "t3", "user": " ", "status": "success", "message": "m3"}"#,
        // Other order, other names.
        r#"{"user": "c", "Time Stamp": "t4", "Result": "failure", "details": "d"}"#,
        // A repeated key: first place, last value; then the same line again.
        r#"{"user": "d", "timestamp": "t5", "user": "e", "status": "failure"}"#,
        r#"{"user": "d", "timestamp": "t5", "user": "e", "status": "failure"}"#,
        r#"{"user": "d", "timestamp": "t6", "status": "failure"}"#,
        // Fewer keys, then more, then none.
        r#"{"user": "f"}"#,
        r#"{"user": "g", "login": "h", "date": "t7", "time": "t8", "error": "x", "code": 1}"#,
        "{}",
        r#"{"user": "i", "login": "j", "date": "t7", "time": "t8", "error": "x", "code": 2}"#,
    ];
    let mut shape = KeyShape::default();
    for line in lines {
        let mut pairs = Pairs::new();
        assert!(parse_with_repeats(line, &mut pairs), "{line}");
        let kept = texts(&shape.found(&mut pairs));
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).unwrap_or_default();
        let fresh = Found::of(map.iter().map(|(k, v)| (k.as_str(), ValueRef::Json(v))));
        assert_eq!(kept, texts(&fresh), "{line}");
    }
}

/// The shape is kept only while lines repeat no key, and replaced when the keys change.
#[test]
fn a_shape_is_kept_for_lines_without_repeated_keys() {
    let mut shape = KeyShape::default();
    let read = |shape: &mut KeyShape, line: &str| {
        let mut pairs = Pairs::new();
        assert!(parse_with_repeats(line, &mut pairs));
        let fits = shape.fits(&pairs);
        shape.found(&mut pairs);
        fits
    };
    assert!(!read(&mut shape, r#"{"a": 1, "b": 2}"#));
    assert!(read(&mut shape, r#"{"a": 3, "b": 4}"#));
    assert!(!read(&mut shape, r#"{"b": 3, "a": 4}"#));
    assert!(!read(&mut shape, r#"{"b": 3, "b": 4}"#));
    assert!(!read(&mut shape, r#"{"b": 3, "b": 4}"#));
    assert!(!read(&mut shape, r#"{"b": 3}"#));
    assert!(read(&mut shape, r#"{"b": 5}"#));
}
