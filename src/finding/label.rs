//! Text a rule gives every one of its findings (its id, title and category): one copy,
//! shared behind a pointer of 8 bytes rather than the 16 of an `Arc<str>`, since each of
//! tens of thousands of findings holds three of them.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A rule's shared text; reads as a `str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(Arc<Box<str>>);

impl std::ops::Deref for Label {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&str> for Label {
    fn from(text: &str) -> Self {
        Self(Arc::new(text.into()))
    }
}

impl From<String> for Label {
    fn from(text: String) -> Self {
        Self(Arc::new(text.into_boxed_str()))
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_is_the_same_copy_and_it_reads_and_writes_as_text() {
        let title = Label::from("Role updates fail");
        let again = title.clone();
        assert!(Arc::ptr_eq(&title.0, &again.0));
        assert_eq!(std::mem::size_of::<Label>(), 8);
        assert_eq!(&*again, "Role updates fail");
        assert_eq!(
            format!("{title} / {title:?}"),
            "Role updates fail / \"Role updates fail\""
        );
        assert_eq!(
            serde_json::to_string(&title).ok().as_deref(),
            Some("\"Role updates fail\"")
        );
        let (a, b) = (Label::from("a".to_owned()), Label::from("b"));
        assert!(a < b && a == "a");
    }
}
