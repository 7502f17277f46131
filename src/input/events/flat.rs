//! A quick read of the common JSON line: one object whose values are all scalars, as
//! the Incydr Sync log writes them. Its keys are borrowed from the line and its pairs
//! kept in a small list, instead of building a `serde_json` map (an owned key and a hash
//! per field) that is thrown away once the event is normalized. Anything else (nested
//! values, another JSON type, broken JSON) is left to the full reader, which also gives
//! the error to report.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;

/// The pairs of a flat object in the order first seen; a repeated key keeps its first
/// place and its last value, as a `serde_json` map does.
pub(crate) type Pairs<'a> = SmallVec<[(Cow<'a, str>, Value); 16]>;

/// `line` as a flat object, or `None` when it is anything else.
pub(crate) fn parse(line: &str) -> Option<Pairs<'_>> {
    serde_json::from_str::<Flat<'_>>(line)
        .ok()
        .map(|flat| flat.0)
}

struct Flat<'a>(Pairs<'a>);

impl<'de> Deserialize<'de> for Flat<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FlatVisitor)
    }
}

struct FlatVisitor;

impl<'de> Visitor<'de> for FlatVisitor {
    type Value = Flat<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of scalars")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut pairs = Pairs::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let Scalar(value) = map.next_value::<Scalar>()?;
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
        }
        Ok(Flat(pairs))
    }
}

/// A key, borrowed from the line unless it holds escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// A scalar value, as `serde_json` would read it; an array or object is refused.
struct Scalar(Value);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flat read agrees with a full `serde_json` read, pair for pair.
    fn agrees(line: &str) {
        let pairs = parse(line).unwrap_or_default();
        let full: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap_or_default();
        let flat: Vec<(&str, &Value)> = pairs.iter().map(|(k, v)| (k.as_ref(), v)).collect();
        let whole: Vec<(&str, &Value)> = full.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(flat, whole, "{line}");
    }

    #[test]
    fn scalars_read_as_serde_json_reads_them() {
        agrees(r#"{"a": "x", "b": 1, "c": -2, "d": 1.5e3, "e": true, "f": null}"#);
        agrees(r#"{"t\u00e9": "caf\u00e9 \"q\"", "n": 18446744073709551615}"#);
        agrees(r#"  {"a": 1, "b": 2, "a": 3}  "#);
        agrees("{}");
    }

    #[test]
    fn keys_without_escapes_are_borrowed() {
        let pairs = parse(r#"{"plain": 1, "esc\n": 2}"#).unwrap_or_default();
        assert!(matches!(pairs.first(), Some((Cow::Borrowed("plain"), _))));
        assert!(matches!(pairs.get(1), Some((Cow::Owned(_), _))));
    }

    #[test]
    fn anything_else_is_left_to_the_full_reader() {
        for line in [
            r#"{"a": {"b": 1}}"#,
            r#"{"a": [1]}"#,
            "[1, 2]",
            r#""text""#,
            "{\"a\": 1",
            "{\"a\": 1} x",
            "",
        ] {
            assert!(parse(line).is_none(), "{line}");
        }
    }
}
