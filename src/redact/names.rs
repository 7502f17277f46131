//! What `--redact` has learned: the values of people's fields, to replace, and the names
//! of groups, roles and organizations and the product's own text, to leave as written.

use std::collections::{HashMap, HashSet};

/// A log names the same people millions of times: the lookups use a fast hash.
pub(super) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
type Set<K> = HashSet<K, foldhash::fast::RandomState>;

/// How a person's value is looked for in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A single given or family name: in prose, only where it is written with a capital
    /// (`New`, not the word `new`).
    Part,
    /// A whole value (email, username, display name, id): in any case.
    Whole,
}

/// The vocabulary of one run, gathered from every input before the redactor is built.
/// Values are kept case-folded (see [`fold`]).
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub(super) people: Map<String, Kind>,
    pub(super) kept: Set<String>,
}

impl Names {
    /// A whole value of a person: username, email, display name, id.
    pub fn person(&mut self, value: &str) {
        self.add(value, Kind::Whole);
    }

    /// A given or family name, or a display name: a name part when it is one word of
    /// letters, else a whole value (`Bob Sales`, or an email where a name was expected).
    pub fn name(&mut self, value: &str) {
        let word = |c: char| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}');
        let kind = if value.trim().chars().all(word) {
            Kind::Part
        } else {
            Kind::Whole
        };
        self.add(value, kind);
    }

    /// A group, role or organization name, or a piece of product text: never replaced,
    /// and a person's name part inside it is not replaced either.
    pub fn keep(&mut self, value: &str) {
        let value = value.trim();
        let known = !needs_folding(value) && self.kept.contains(value);
        if !known && worth_matching(value) {
            self.kept.insert(fold(value));
        }
    }

    /// Everything `other` learned as well.
    pub fn merge(&mut self, other: Names) {
        for (value, kind) in other.people {
            let entry = self.people.entry(value).or_insert(kind);
            *entry = (*entry).max(kind);
        }
        self.kept.extend(other.kept);
    }

    /// The kind of a learned person value.
    #[must_use]
    pub fn person_kind(&self, value: &str) -> Option<Kind> {
        self.people.get(&fold(value)).copied()
    }

    fn add(&mut self, value: &str, kind: Kind) {
        let value = value.trim();
        // Most values repeat (a log names the same users again and again): look them up
        // before allocating their folded copy.
        if !needs_folding(value) {
            if let Some(have) = self.people.get_mut(value) {
                *have = (*have).max(kind);
                return;
            }
        }
        if worth_matching(value) {
            let have = self.people.entry(fold(value)).or_insert(kind);
            *have = (*have).max(kind);
        }
    }
}

/// Whether a value is long enough to look for in text: three characters at least, and
/// six digits for a number, so counts, codes and years are never taken for an id.
fn worth_matching(value: &str) -> bool {
    let chars = value.chars().count();
    if value.chars().all(|c| c.is_ascii_digit()) {
        chars >= 6
    } else {
        chars >= 3
    }
}

fn needs_folding(value: &str) -> bool {
    !value.is_ascii() || value.bytes().any(|b| b.is_ascii_uppercase())
}

/// Lowercase, one character at a time, only where the lowercase letter is one character
/// of the same UTF-8 length: so folded text has the byte offsets of the original, and a
/// match in one is a match at the same place in the other. (The few letters that change
/// length, such as `İ`, keep their case.)
#[must_use]
pub fn fold(text: &str) -> String {
    if !needs_folding(text) {
        return text.trim().to_owned();
    }
    text.trim().chars().map(fold_char).collect()
}

/// [`fold`] without trimming, for text to search.
#[must_use]
pub fn fold_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !needs_folding(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(fold_char).collect())
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_byte_offsets() {
        for text in ["Jörg MÜLLER", "ÅNGSTRÖM", "İstanbul", "ẞtraße"] {
            assert_eq!(fold_text(text).len(), text.len(), "{text}");
        }
        assert_eq!(fold("  Jörg MÜLLER "), "jörg müller");
    }

    #[test]
    fn a_whole_value_outranks_a_name_part() {
        let mut names = Names::default();
        names.name("Sales");
        names.person("sales");
        assert_eq!(names.person_kind("SALES"), Some(Kind::Whole));
        names.name("Bob Sales");
        assert_eq!(names.person_kind("bob sales"), Some(Kind::Whole));
    }

    #[test]
    fn short_values_and_short_numbers_are_not_learned() {
        let mut names = Names::default();
        for value in ["jm", "501", "2026", "  "] {
            names.person(value);
        }
        names.person("104729");
        assert_eq!(names.people.len(), 1);
    }
}
