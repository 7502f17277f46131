//! What a finding is about: a few named subjects (`user`, `group`, `role`,
//! `organization`), kept as a short list sorted by kind. A long log yields tens of
//! thousands of findings with one or two subjects each, where an ordered map would take
//! a half-kilobyte node apiece.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Subjects by kind, in kind order, each kind once.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subjects(Vec<(String, String)>);

impl Subjects {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, kind: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(kind))
    }

    /// The name of the subject of `kind`.
    #[must_use]
    pub fn get(&self, kind: &str) -> Option<&String> {
        let at = self.position(kind).ok()?;
        self.0.get(at).map(|(_, name)| name)
    }

    #[must_use]
    pub fn contains_key(&self, kind: &str) -> bool {
        self.position(kind).is_ok()
    }

    /// Set the subject of `kind`, returning the name it replaces.
    pub fn insert(&mut self, kind: String, name: String) -> Option<String> {
        match self.position(&kind) {
            Ok(at) => self
                .0
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, name)),
            Err(at) => {
                self.0.insert(at, (kind, name));
                None
            }
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Kinds and names, in kind order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut String)> {
        self.0.iter_mut().map(|(k, v)| (&*k, v))
    }
}

impl FromIterator<(String, String)> for Subjects {
    /// Later subjects of a kind replace earlier ones, as in a map.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut subjects = Self::new();
        for (kind, name) in iter {
            subjects.insert(kind, name);
        }
        subjects.0.shrink_to_fit();
        subjects
    }
}

impl<const N: usize> From<[(String, String); N]> for Subjects {
    fn from(pairs: [(String, String); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Subjects {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for Subjects {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (kind, name) in &self.0 {
            map.serialize_entry(kind, name)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_an_ordered_map() {
        let pairs = [("user", "a"), ("group", "g"), ("role", "r"), ("user", "b")];
        let subjects: Subjects = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let map: std::collections::BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert!(subjects.iter().eq(map.iter()));
        assert_eq!(subjects.get("user").map(String::as_str), Some("b"));
        assert_eq!(subjects.get("organization"), None);
        assert_eq!(subjects.len(), 3);
        assert_eq!(
            serde_json::to_string(&subjects).ok(),
            serde_json::to_string(&map).ok()
        );
        let mut changed = subjects.clone();
        assert_eq!(changed.insert("group".into(), "h".into()), Some("g".into()));
        assert!(changed != subjects && changed.contains_key("group"));
    }
}
