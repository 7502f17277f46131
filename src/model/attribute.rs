//! The identity-provider attribute that names a user's organization (organization mapping
//! mode `attribute`), found where identity providers really send it.
//!
//! - A plain name (`c42OrgName`) is looked up, ignoring case, at the top level of the SCIM
//!   user and inside every schema object on it (`urn:ietf:params:scim:schemas:...` keys,
//!   such as the enterprise extension or a custom extension Entra sends custom attributes
//!   in). Found in one place, that place is named; found in two or more, the name is
//!   ambiguous and no value is taken.
//! - A fully qualified SCIM name (`urn:ietf:params:scim:schemas:extension:acme:2.0:User:c42OrgName`,
//!   RFC 7644 §3.10) is looked up in that schema object only; a sub-attribute follows a dot
//!   (`...:User:manager.value`).
//! - A field path with dots or brackets (`enterprise.organization`,
//!   `[urn:...:User].c42OrgName`) is read as rules read paths.

use super::path::FieldPath;
use serde_json::{Map, Value};

/// Where SCIM schema objects start: the key of every extension (and core) object.
const SCHEMA_PREFIX: &str = "urn:ietf:params:scim:schemas:";

/// The attribute as written in synclint.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgAttribute {
    /// A bare name, looked for at the top level and in every schema object.
    Name(String),
    /// A schema URN and the attribute (with sub-attributes) inside its object.
    Qualified { schema: String, keys: Vec<String> },
    /// A field path over the normalized IdP user.
    Path(FieldPath),
}

/// What a user's record says for the attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The value, when exactly one place has one.
    pub value: Option<String>,
    /// Where the value was read: the attribute's fully qualified name, or its top-level name.
    pub place: Option<String>,
    /// Every place that has a value, when there are two or more (the value is then `None`).
    pub conflict: Vec<String>,
}

impl OrgAttribute {
    /// Read the attribute as written; `None` for a blank or malformed one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if starts_with_ci(text, "urn:") && !text.contains('[') {
            let (schema, name) = text.rsplit_once(':')?;
            let keys: Vec<String> = name.split('.').map(str::to_owned).collect();
            let sound = !schema.is_empty() && keys.iter().all(|k| !k.is_empty());
            return sound.then(|| Self::Qualified {
                schema: schema.to_owned(),
                keys,
            });
        }
        if text.contains(['.', '[']) {
            return FieldPath::parse(text).ok().map(Self::Path);
        }
        Some(Self::Name(text.to_owned()))
    }

    /// The attribute in `idp`, a normalized IdP user (its `raw` SCIM resource when it has one).
    #[must_use]
    pub fn find(&self, idp: &Value) -> Found {
        let scim = match idp.get("raw") {
            Some(raw @ Value::Object(_)) => raw,
            _ => idp,
        };
        let Some(user) = scim.as_object() else {
            return Found::default();
        };
        match self {
            Self::Name(name) => by_name(user, name),
            Self::Qualified { schema, keys } => {
                let value = get_ci(scim, schema).and_then(|object| walk(object, keys));
                one(value, || format!("{schema}:{}", keys.join(".")))
            }
            Self::Path(path) => {
                let value = path.resolve(idp).first().and_then(|v| text(v));
                one(value, || path.as_str().to_owned())
            }
        }
    }
}

/// A bare name at the top level and in every schema object of the user.
fn by_name(user: &Map<String, Value>, name: &str) -> Found {
    let mut places: Vec<(String, String)> = Vec::new();
    let top = user.get(name).or_else(|| {
        user.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    });
    if let Some(value) = top.and_then(text) {
        places.push((name.to_owned(), value));
    }
    let schemas = user
        .iter()
        .filter(|(key, value)| value.is_object() && starts_with_ci(key, SCHEMA_PREFIX));
    for (schema, object) in schemas {
        if let Some(value) = get_ci(object, name).and_then(text) {
            places.push((format!("{schema}:{name}"), value));
        }
    }
    match places.len() {
        0 => Found::default(),
        1 => {
            let (place, value) = places.swap_remove(0);
            Found {
                value: Some(value),
                place: Some(place),
                conflict: Vec::new(),
            }
        }
        _ => Found {
            conflict: places.into_iter().map(|(place, _)| place).collect(),
            ..Found::default()
        },
    }
}

fn one(value: Option<String>, place: impl FnOnce() -> String) -> Found {
    Found {
        place: value.as_ref().map(|_| place()),
        value,
        conflict: Vec::new(),
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A key of an object, the exact spelling first, then ignoring ASCII case.
fn get_ci<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let map = value.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn walk(value: &Value, keys: &[String]) -> Option<String> {
    keys.iter()
        .try_fold(value, |current, key| get_ci(current, key))
        .and_then(text)
}

/// A value as the text of an organization name: strings that are not blank, and numbers.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

    fn user(raw: Value) -> Value {
        json!({"userName": "x", "raw": raw})
    }

    #[test]
    fn forms_as_written() {
        assert_eq!(
            OrgAttribute::parse(" c42OrgName "),
            Some(OrgAttribute::Name("c42OrgName".into()))
        );
        assert_eq!(
            OrgAttribute::parse(&format!("{EXT}:manager.value")),
            Some(OrgAttribute::Qualified {
                schema: EXT.into(),
                keys: vec!["manager".into(), "value".into()]
            })
        );
        assert!(matches!(
            OrgAttribute::parse("enterprise.organization"),
            Some(OrgAttribute::Path(_))
        ));
        assert!(matches!(
            OrgAttribute::parse(&format!("[{EXT}].c42OrgName")),
            Some(OrgAttribute::Path(_))
        ));
        assert_eq!(OrgAttribute::parse("  "), None);
        assert_eq!(OrgAttribute::parse("urn:x:"), None);
    }

    #[test]
    fn a_name_is_found_in_an_extension_and_the_place_is_named() {
        let idp = user(json!({"userName": "x", EXT: {"C42OrgName": "Sales"}}));
        let found = OrgAttribute::Name("c42OrgName".into()).find(&idp);
        assert_eq!(found.value.as_deref(), Some("Sales"));
        assert_eq!(found.place, Some(format!("{EXT}:c42OrgName")));
        let top = user(json!({"userName": "x", "c42OrgName": 42}));
        let found = OrgAttribute::Name("c42OrgName".into()).find(&top);
        assert_eq!(
            (found.value.as_deref(), found.place.as_deref()),
            (Some("42"), Some("c42OrgName"))
        );
    }

    #[test]
    fn a_name_in_two_places_is_ambiguous() {
        let idp = user(
            json!({"c42OrgName": "Sales", EXT: {"c42OrgName": "Support"}, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"c42OrgName": " "}}),
        );
        let found = OrgAttribute::Name("c42OrgName".into()).find(&idp);
        assert_eq!(found.value, None);
        assert_eq!(
            found.conflict,
            vec!["c42OrgName".to_owned(), format!("{EXT}:c42OrgName")]
        );
    }

    #[test]
    fn a_qualified_name_reads_its_schema_only() {
        let idp = user(
            json!({"c42OrgName": "Top", EXT: {"c42OrgName": "Ext", "manager": {"value": "m1"}}}),
        );
        let parse = |s: &str| OrgAttribute::parse(s).unwrap_or(OrgAttribute::Name(String::new()));
        let found = parse(&format!("{EXT}:c42OrgName")).find(&idp);
        assert_eq!(found.value.as_deref(), Some("Ext"));
        assert_eq!(
            parse(&format!("{EXT}:manager.value"))
                .find(&idp)
                .value
                .as_deref(),
            Some("m1")
        );
        assert_eq!(
            parse(&format!("{EXT}:missing")).find(&idp),
            Found::default()
        );
    }
}
