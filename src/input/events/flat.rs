//! A quick read of the common JSON line: one object whose values are all scalars, as
//! the Incydr Sync log writes them. Its keys are borrowed from the line and its pairs
//! kept in a small list, instead of building a `serde_json` map (an owned key and a hash
//! per field) that is thrown away once the event is normalized. Anything else (nested
//! values, another JSON type, broken JSON) is left to the full reader, which also gives
//! the error to report.

use super::normalize::ValueRef;
use crate::input::scan::Cursor;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;

/// The pairs of a flat object in the order first seen; a repeated key keeps its first
/// place and its last value, as a `serde_json` map does.
pub(crate) type Pairs<'a> = SmallVec<[(Cow<'a, str>, Scalar<'a>); 16]>;

/// A value of a flat object: a string without escapes stays in the line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    Text(&'a str),
    /// Boxed: numbers, booleans and nulls are few, and pairs stay small.
    Json(Box<Value>),
}

impl Scalar<'_> {
    pub(crate) fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Scalar::Text(s) => ValueRef::Text(s),
            Scalar::Json(v) => ValueRef::Json(v.as_ref()),
        }
    }
}

/// `line` as a flat object, as `serde_json` reads it, or `None` when it is anything else.
#[cfg(test)]
fn parse(line: &str) -> Option<Pairs<'_>> {
    let mut pairs = Pairs::new();
    let flat = parse_with_repeats(line, &mut pairs);
    drop_repeats(&mut pairs);
    flat.then_some(pairs)
}

/// Read `line` into `pairs` (empty) when it is a flat object; false when it is anything
/// else. A key written more than once may be in `pairs` more than once, in the order
/// written: [`drop_repeats`] makes them what `serde_json` reads.
pub(crate) fn parse_with_repeats<'a>(line: &'a str, pairs: &mut Pairs<'a>) -> bool {
    if scan(line, pairs) {
        return true;
    }
    pairs.clear();
    match serde_json::from_str::<Flat<'_>>(line) {
        Ok(flat) => {
            *pairs = flat.0;
            true
        }
        Err(_) => false,
    }
}

/// Keep one pair of each key, as a `serde_json` map does: in the place the key was first
/// seen, with its last value.
pub(crate) fn drop_repeats(pairs: &mut Pairs<'_>) {
    let mut at = 1;
    while at < pairs.len() {
        let (before, after) = pairs.split_at_mut(at);
        let first = after
            .first()
            .and_then(|(key, _)| before.iter().position(|(k, _)| k == key));
        match first {
            Some(first) => {
                let (_, value) = pairs.remove(at);
                if let Some(pair) = pairs.get_mut(first) {
                    pair.1 = value;
                }
            }
            None => at += 1,
        }
    }
}

/// The quickest read of the usual line: an object of plain strings (no escapes), short
/// literals and numbers, with JSON white space anywhere between, read into `pairs` in
/// the order written (a repeated key included: see [`drop_repeats`]). False for
/// anything else (escapes, nesting, odd numbers, errors), which is left to `serde_json`.
fn scan<'a>(line: &'a str, pairs: &mut Pairs<'a>) -> bool {
    let mut at = Cursor::new(line);
    at.skip_ws();
    if !at.eat(b'{') {
        return false;
    }
    at.skip_ws();
    if !at.eat(b'}') {
        loop {
            let Some(key) = at.string() else {
                return false;
            };
            at.skip_ws();
            if !at.eat(b':') {
                return false;
            }
            at.skip_ws();
            let Some(value) = at.scalar() else {
                return false;
            };
            pairs.push((Cow::Borrowed(key), value));
            at.skip_ws();
            if at.eat(b'}') {
                break;
            }
            if !at.eat(b',') {
                return false;
            }
            at.skip_ws();
        }
    }
    at.skip_ws();
    at.pos == line.len()
}

/// Whether `bytes` hold no backslash and no control character, eight at a time (the
/// usual bit tricks: a byte below 0x20, or a zero after XOR with `\\`, sets its top bit;
/// bytes of 0x80 and up never do).
fn plain(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let control = x.wrapping_sub(ONES * 0x20) & !x & TOPS;
        let slash = x ^ (ONES * u64::from(b'\\'));
        let backslash = slash.wrapping_sub(ONES) & !slash & TOPS;
        if control | backslash != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|&b| b >= 0x20 && b != b'\\')
}

/// The steps of the quick scan, on the cursor other JSON scans use.
impl<'a> Cursor<'a> {
    /// A string without escapes or control characters, without its quotes.
    fn string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let rest = self.text.get(self.pos..)?;
        let end = memchr::memchr(b'"', rest.as_bytes())?;
        let text = rest.get(..end)?;
        if !plain(text.as_bytes()) {
            return None;
        }
        self.pos += end + 1;
        Some(text)
    }

    /// A string, number, boolean or null.
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => self.string().map(Scalar::Text),
            b't' => self.word("true", Value::Bool(true)),
            b'f' => self.word("false", Value::Bool(false)),
            b'n' => self.word("null", Value::Null),
            b'-' | b'0'..=b'9' => {
                let rest = self.text.get(self.pos..)?;
                let len = rest
                    .bytes()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                let number = serde_json::from_str::<serde_json::Number>(rest.get(..len)?).ok()?;
                self.pos += len;
                Some(Scalar::Json(Box::new(Value::Number(number))))
            }
            _ => None,
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Option<Scalar<'a>> {
        let found = self.text.get(self.pos..)?.starts_with(word);
        found.then(|| {
            self.pos += word.len();
            Scalar::Json(Box::new(value))
        })
    }
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
            let Value_(value) = map.next_value::<Value_<'de>>()?;
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
struct Value_<'a>(Scalar<'a>);

impl<'de> Deserialize<'de> for Value_<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Value_<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::Bool(v)))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::from(v)))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::from(v)))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Text(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::String(v.to_owned())))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::String(v)))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::Null))))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value_(Scalar::Json(Box::new(Value::Null))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The flat read agrees with a full `serde_json` read, pair for pair, and the quick
    /// scan takes `line` itself when `quick`.
    fn agrees_with(line: &str, quick: bool) {
        assert_eq!(scan(line, &mut Pairs::new()), quick, "{line}");
        let pairs = parse(line).unwrap_or_default();
        let full: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap_or_default();
        let value = |v: &Scalar<'_>| match v {
            Scalar::Text(s) => Value::String((*s).to_owned()),
            Scalar::Json(v) => (**v).clone(),
        };
        let flat: Vec<(&str, Value)> = pairs.iter().map(|(k, v)| (k.as_ref(), value(v))).collect();
        let whole: Vec<(&str, Value)> = full.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(flat, whole, "{line}");
    }

    fn agrees(line: &str) {
        agrees_with(line, true);
    }

    #[test]
    fn scalars_read_as_serde_json_reads_them() {
        agrees(r#"{"a": "x", "b": 1, "c": -2, "d": 1.5e3, "e": true, "f": null}"#);
        agrees(r#"{"n": 18446744073709551615, "m": -9223372036854775808, "x": 0.1}"#);
        agrees(r#"  {"a": 1, "b": 2, "a": 3}  "#);
        agrees(r#"{"a": 1, "b": 2, "a": 3, "c": 4, "a": 5, "b": 6}"#);
        agrees("{}");
        agrees(" \t{ \"é\" :\r\n\"ü ✓\" } ");
        agrees(r#"{"a":"","b":"x y"}"#);
        // Escapes are left to serde_json, which still reads the line as flat.
        agrees_with(r#"{"t\u00e9": "caf\u00e9 \"q\""}"#, false);
        agrees_with(r#"{"a": 1e999999}"#, false);
    }

    #[test]
    fn plain_text_is_told_eight_bytes_at_a_time() {
        let slow = |b: &[u8]| b.iter().all(|&c| c >= 0x20 && c != b'\\');
        let mut cases: Vec<Vec<u8>> = vec![b"".to_vec(), "caf\u{e9} \u{2713} ok".into()];
        for at in 0..20 {
            for bad in [b'\\', 0x00, 0x1f, b'\n', 0x7f, 0x80, 0xff, b' '] {
                let mut text = vec![b'a'; 20];
                if let Some(byte) = text.get_mut(at) {
                    *byte = bad;
                }
                cases.push(text);
            }
        }
        for case in cases {
            assert_eq!(plain(&case), slow(&case), "{case:?}");
        }
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
            "{\"a\": 01}",
            "{\"a\": tru}",
            "{\"a\": nulls}",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "{,}",
            "{\"a\": \"x\ty\"}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": +1}",
            "{\"a\": 1.}",
            "{'a': 1}",
        ] {
            assert!(parse(line).is_none(), "{line}");
            assert!(
                serde_json::from_str::<Value>(line).map_or(true, |v| !v.is_object()
                    || v.as_object()
                        .is_some_and(|m| m.values().any(|v| v.is_array() || v.is_object()))),
                "{line}"
            );
        }
    }
}
