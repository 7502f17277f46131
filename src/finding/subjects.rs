//! What a finding is about: a few named subjects (`user`, `group`, `role`,
//! `organization`), kept as a short list sorted by kind. A long log yields tens of
//! thousands of findings with one or two subjects each, so the list is a boxed slice (no
//! capacity kept beside it) and a kind is a shared copy, not a string of its own.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::sync::{Arc, LazyLock};

/// The kinds of thing a finding can be about (the only kinds a rule may name).
pub const SUBJECT_KINDS: &[&str] = &["user", "group", "role", "organization"];

/// A subject's kind: one shared copy per kind.
type Kind = Arc<String>;

/// The kinds rules may name, made once; any other kind (from a hand-written baseline,
/// say) gets a copy of its own.
static KNOWN: LazyLock<Vec<Kind>> = LazyLock::new(|| {
    SUBJECT_KINDS
        .iter()
        .map(|kind| Arc::new((*kind).to_owned()))
        .collect()
});

fn kind_of(kind: &str) -> Kind {
    KNOWN
        .iter()
        .find(|known| known.as_str() == kind)
        .map_or_else(|| Arc::new(kind.to_owned()), Arc::clone)
}

/// Subjects by kind, in kind order, each kind once.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subjects(Box<[(Kind, String)]>);

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
        self.set(&kind, name)
    }

    /// As [`Subjects::insert`], for a kind the caller only borrows.
    pub fn set(&mut self, kind: &str, name: String) -> Option<String> {
        match self.position(kind) {
            Ok(at) => self
                .0
                .get_mut(at)
                .map(|(_, old)| std::mem::replace(old, name)),
            Err(at) => {
                let mut list = std::mem::take(&mut self.0).into_vec();
                list.insert(at, (kind_of(kind), name));
                self.0 = list.into_boxed_slice();
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
        self.into_iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| &**k)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut String)> {
        self.0.iter_mut().map(|(k, v)| (&**k, v))
    }
}

/// Built from pairs: later subjects of a kind replace earlier ones, as in a map.
fn collect<K: AsRef<str>>(pairs: impl IntoIterator<Item = (K, String)>) -> Subjects {
    let mut list: Vec<(Kind, String)> = Vec::new();
    for (kind, name) in pairs {
        let kind = kind.as_ref();
        match list.binary_search_by(|(k, _)| k.as_str().cmp(kind)) {
            Ok(at) => {
                if let Some((_, old)) = list.get_mut(at) {
                    *old = name;
                }
            }
            Err(at) => list.insert(at, (kind_of(kind), name)),
        }
    }
    Subjects(list.into_boxed_slice())
}

impl FromIterator<(String, String)> for Subjects {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        collect(iter)
    }
}

impl<'a> FromIterator<(&'a str, String)> for Subjects {
    fn from_iter<I: IntoIterator<Item = (&'a str, String)>>(iter: I) -> Self {
        collect(iter)
    }
}

impl<const N: usize> From<[(String, String); N]> for Subjects {
    fn from(pairs: [(String, String); N]) -> Self {
        collect(pairs)
    }
}

type Pair = (Kind, String);

impl<'a> IntoIterator for &'a Subjects {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Pair>, fn(&'a Pair) -> Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (&**k, v))
    }
}

impl Serialize for Subjects {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (kind, name) in self {
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
        assert_eq!(changed.insert("organization".into(), "o".into()), None);
        let kinds: Vec<&String> = changed.keys().collect();
        assert_eq!(kinds, ["group", "organization", "role", "user"]);
    }

    #[test]
    fn a_known_kind_is_one_shared_copy_and_a_subject_takes_32_bytes() {
        let one: Subjects = [("user", "ann".to_owned())].into_iter().collect();
        let two: Subjects = [("user".to_owned(), "bob".to_owned())].into();
        let (Some((a, _)), Some((b, _))) = (one.0.first(), two.0.first()) else {
            panic!("each has its subject");
        };
        assert!(Arc::ptr_eq(a, b));
        // A kind no rule names still works, with a copy of its own.
        let other: Subjects = [("device", "laptop-7".to_owned())].into_iter().collect();
        assert_eq!(other.get("device").map(String::as_str), Some("laptop-7"));
        // A boxed slice of kind and name: 32 bytes a subject, no capacity beside it.
        assert_eq!(std::mem::size_of::<(Kind, String)>(), 32);
        assert_eq!(std::mem::size_of::<Subjects>(), 16);
    }
}
