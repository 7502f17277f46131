//! Field paths: `idp.groups`, `expected.roles`, `[urn:ietf:params:scim:schemas:extension:enterprise:2.0:User].department`.
//!
//! A path is a list of keys. Resolving it walks objects key by key; every list met on the
//! way (or at the end) is walked element by element, so one path can yield many values.
//! Nulls are dropped: a path "exists" when it yields at least one non-null value.

use super::derive::Func;
use super::EVENT_FIELDS;
use serde_json::Value;
use smallvec::SmallVec;

/// The values a path reaches: most paths reach one or two, kept without allocating.
pub type Resolved<'a> = SmallVec<[&'a Value; 2]>;

/// Something a path can be resolved in: a JSON value, or a record with fixed fields.
pub trait Fields {
    /// The value under a top-level key: the exact key first, then one that differs only
    /// in ASCII case. `slot` is the key's position in [`EVENT_FIELDS`] when it names one
    /// (worked out once, when the path is parsed), for records that keep those fields by
    /// position.
    fn top(&self, key: &str, slot: Option<usize>) -> Option<&Value>;

    /// Whether a top-level field has a value, when that is known without reading the
    /// value (an event's time is written as text only when read); `None` otherwise.
    fn known(&self, _key: &str, _slot: Option<usize>) -> Option<bool> {
        None
    }

    /// A top-level field as a string, if it is one.
    fn str_of(&self, key: &str) -> Option<&str> {
        self.top(key, None).and_then(Value::as_str)
    }
}

impl Fields for Value {
    fn top(&self, key: &str, _slot: Option<usize>) -> Option<&Value> {
        get_key(self, key)
    }
}

/// The position of a field in [`EVENT_FIELDS`] (ignoring ASCII case), `raw` excepted.
#[must_use]
pub fn slot_of(name: &str) -> Option<usize> {
    // Names come written as in the list nearly always, and this runs for every event:
    // a match on the exact name first, the slower search ignoring case after.
    let exact = match name {
        "time" => 0,
        "source" => 1,
        "provider" => 2,
        "action" => 3,
        "status" => 4,
        "user" => 5,
        "user_id" => 6,
        "group" => 7,
        "role" => 8,
        "organization" => 9,
        "message" => 10,
        "error_code" => 11,
        "reason" => 12,
        "property" => 13,
        "event_type" => 14,
        _ => {
            return EVENT_FIELDS
                .iter()
                .take(EVENT_FIELDS.len() - 1)
                .position(|field| field.eq_ignore_ascii_case(name))
        }
    };
    Some(exact)
}

/// A parsed, validated field path, possibly followed by derived-value functions
/// (`email | domain`, see [`super::derive`]). Compared and hashed by its text.
#[derive(Debug, Clone)]
pub struct FieldPath {
    keys: Vec<String>,
    text: String,
    /// [`slot_of`] the first key.
    slot: Option<usize>,
    funcs: Vec<Func>,
}

impl PartialEq for FieldPath {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for FieldPath {}

impl std::hash::Hash for FieldPath {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl FieldPath {
    /// Parse a dotted path. Keys that contain dots are written in brackets.
    ///
    /// # Errors
    /// A message describing the first syntax problem.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err("the field path is empty".to_owned());
        }
        loop {
            let (key, after) = if let Some(inner) = rest.strip_prefix('[') {
                let end = inner
                    .find(']')
                    .ok_or_else(|| format!("`[` without a closing `]` in `{text}`"))?;
                (&inner[..end], &inner[end + 1..])
            } else {
                let end = rest.find('.').unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            };
            if key.is_empty() {
                return Err(format!("`{text}` has an empty key"));
            }
            if !rest.starts_with('[') && key.contains('[') {
                return Err(format!(
                    "`{key}` in `{text}` indexes a list, which a path cannot do: a path walks every element of a list (`members.value` yields each member's value); a key holding dots is written `[key]` after a `.`"
                ));
            }
            keys.push(key.to_owned());
            if after.is_empty() {
                break;
            }
            rest = after
                .strip_prefix('.')
                .ok_or_else(|| format!("expected `.` after `]` in `{text}`"))?;
        }
        Ok(Self {
            slot: keys.first().and_then(|k| slot_of(k)),
            keys,
            text: text.trim().to_owned(),
            funcs: Vec::new(),
        })
    }

    /// Parse a path followed by functions: `path | name | name(arg, ...)`.
    ///
    /// # Errors
    /// A message describing the first problem in the path or a function.
    pub fn parse_expr(text: &str) -> Result<Self, String> {
        let parts = split_pipes(text);
        let (first, funcs) = parts.split_first().ok_or("the field path is empty")?;
        let mut path = Self::parse(first)?;
        path.funcs = funcs
            .iter()
            .map(|f| Func::parse(f))
            .collect::<Result<_, _>>()?;
        path.text = text.trim().to_owned();
        Ok(path)
    }

    /// The functions applied to the path's values.
    #[must_use]
    pub fn funcs(&self) -> &[Func] {
        &self.funcs
    }

    /// Whether the path finds any value in `record` (what `exists` tests), answered
    /// without reading the value when the record knows.
    pub fn finds_any<F: Fields + ?Sized>(
        &self,
        record: &F,
        now: Option<chrono::DateTime<chrono::Utc>>,
    ) -> bool {
        if let ([key], true) = (self.keys.as_slice(), self.funcs.is_empty()) {
            if let Some(known) = record.known(key, self.slot) {
                return known;
            }
        }
        self.with_values(record, now, |values| !values.is_empty())
    }

    /// Call `f` with the values of the path in `record`, after its functions. `now` is the
    /// reference time for `age` (which yields nothing without one).
    pub fn with_values<F: Fields + ?Sized, R>(
        &self,
        record: &F,
        now: Option<chrono::DateTime<chrono::Utc>>,
        f: impl FnOnce(&[&Value]) -> R,
    ) -> R {
        if let ([key], true) = (self.keys.as_slice(), self.funcs.is_empty()) {
            // One key, the common case: at most one value, nothing to walk or flatten.
            match record.top(key, self.slot) {
                None | Some(Value::Null) => return f(&[]),
                Some(Value::Array(_)) => {}
                Some(value) => return f(&[value]),
            }
        }
        let found = self.resolve(record);
        if self.funcs.is_empty() {
            return f(&found);
        }
        let mut values: Vec<Value> = found.into_iter().cloned().collect();
        for func in &self.funcs {
            values = values
                .iter()
                .filter_map(|v| func.apply(v, record, now))
                .collect();
        }
        let refs: Vec<&Value> = values.iter().collect();
        f(&refs)
    }

    /// The keys, in order.
    #[must_use]
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The first key, which names a top-level field of the record.
    #[must_use]
    pub fn root(&self) -> &str {
        self.keys.first().map_or("", String::as_str)
    }

    /// The path as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Every non-null value the path reaches in `record`, before any function (see
    /// [`Self::with_values`]).
    #[must_use]
    pub fn resolve<'a, F: Fields + ?Sized>(&self, record: &'a F) -> Resolved<'a> {
        let mut current: Resolved<'a> = SmallVec::new();
        let Some((first, rest)) = self.keys.split_first() else {
            return current;
        };
        if let Some(found) = record.top(first, self.slot) {
            push_flat(found, &mut current);
        }
        for key in rest {
            let mut next = Resolved::new();
            for value in current {
                if let Some(found) = get_key(value, key) {
                    push_flat(found, &mut next);
                }
            }
            current = next;
        }
        current
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Split at every `|` outside brackets, parentheses and quotes.
fn split_pipes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth -= 1,
            (None, '|') if depth == 0 => {
                parts.push(text[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts
}

/// A key of an object: the exact key first, then one that differs only in case.
fn get_key<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    field(map, key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Objects up to this many keys are searched key by key rather than through their hash
/// table: comparing a few short keys costs less than hashing one with SipHash.
const SCAN_UP_TO: usize = 24;

/// The value under exactly `key` in `map`.
#[must_use]
pub fn field<'a>(map: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= SCAN_UP_TO {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// A top-level field of a record, as a string (see [`field`]).
#[must_use]
pub fn str_field<'a>(record: &'a Value, key: &str) -> Option<&'a str> {
    record
        .as_object()
        .and_then(|map| field(map, key))
        .and_then(Value::as_str)
}

fn push_flat<'a>(value: &'a Value, out: &mut Resolved<'a>) {
    match value {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|item| push_flat(item, out)),
        other => out.push(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn walks_objects_and_lists() {
        let record =
            json!({"idp": {"emails": [{"value": "a@x"}, {"value": "b@x"}, {"value": null}]}});
        let path = FieldPath::parse("idp.emails.value").unwrap();
        assert_eq!(
            path.resolve(&record).to_vec(),
            vec![&json!("a@x"), &json!("b@x")]
        );
    }

    #[test]
    fn one_key_gives_what_resolving_gives() {
        let record = json!({"a": null, "b": [null, [1, null], 2], "c": "x", "D": 0});
        for text in ["a", "b", "c", "d", "missing"] {
            let path = FieldPath::parse(text).unwrap();
            let resolved: Vec<Value> = path.resolve(&record).into_iter().cloned().collect();
            let given = path.with_values(&record, None, |v| {
                v.iter().map(|v| (*v).clone()).collect::<Vec<_>>()
            });
            assert_eq!(given, resolved, "{text}");
        }
        let b = FieldPath::parse("b").map(|p| p.with_values(&record, None, |v| v.len()));
        assert_eq!(b, Ok(2), "lists are flattened and nulls dropped");
    }

    #[test]
    fn bracketed_keys_may_hold_dots() {
        let record = json!({"raw": {"urn:x:2.0:User": {"department": "Sales"}}});
        let path = FieldPath::parse("raw.[urn:x:2.0:User].department").unwrap();
        assert_eq!(path.resolve(&record).to_vec(), vec![&json!("Sales")]);
        assert_eq!(path.root(), "raw");
    }

    #[test]
    fn keys_fall_back_to_case_insensitive() {
        let record = json!({"UserName": "a"});
        assert_eq!(
            FieldPath::parse("userName").unwrap().resolve(&record).len(),
            1
        );
    }

    #[test]
    fn slots_follow_the_event_fields() {
        for (slot, name) in EVENT_FIELDS.iter().enumerate().take(EVENT_FIELDS.len() - 1) {
            assert_eq!(slot_of(name), Some(slot), "{name}");
            assert_eq!(slot_of(&name.to_uppercase()), Some(slot), "{name}");
        }
        assert_eq!(slot_of("raw"), None);
        assert_eq!(slot_of("nosuchfield"), None);
    }

    #[test]
    fn rejects_malformed_paths() {
        assert!(FieldPath::parse("").is_err());
        assert!(FieldPath::parse("a..b").is_err());
        assert!(FieldPath::parse("a.[b").is_err());
        assert!(FieldPath::parse("[b]c").is_err());
        let indexed = FieldPath::parse("members[0].value").unwrap_err();
        assert!(indexed.contains("indexes a list"), "{indexed}");
        assert!(FieldPath::parse("raw.[x:y[z].w").is_ok());
    }
}
