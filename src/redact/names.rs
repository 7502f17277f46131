//! What `--redact` has learned: the values of people's fields, to replace, and the names
//! of groups, roles and organizations and the product's own text, to leave as written.

use super::people::Ties;
use std::borrow::Cow;
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
    /// The spellings of kept names seen as written, so that a name every event repeats
    /// (`Okta`) is not folded again each time.
    kept_spellings: Set<String>,
    /// Which values are one person's (see [`super::people`]).
    pub(super) ties: Ties,
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

    /// One user record: its identifiers (username, emails, ids) and its names (display,
    /// given, family and other names) are learned as [`Names::person`] and [`Names::name`]
    /// learn them, and as one person's (see [`super::people`]).
    pub fn record(&mut self, ids: &[&str], names: &[&str]) {
        for id in ids {
            self.person(id);
        }
        for name in names {
            self.name(name);
        }
        self.ties.record(ids, names);
    }

    /// A group, role or organization name, or a piece of product text: never replaced,
    /// and a person's name part inside it is not replaced either.
    pub fn keep(&mut self, value: &str) {
        let value = value.trim();
        if self.kept.contains(value) || self.kept_spellings.contains(value) {
            return;
        }
        if worth_matching(value) {
            self.kept.insert(fold(value));
            if needs_folding(value) {
                self.kept_spellings.insert(value.to_owned());
            }
        }
    }

    /// Everything `other` learned as well.
    pub fn merge(&mut self, other: Names) {
        for (value, kind) in other.people {
            let entry = self.people.entry(value).or_insert(kind);
            *entry = (*entry).max(kind);
        }
        self.kept.extend(other.kept);
        self.ties.merge(other.ties);
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

/// Whether a value is long enough to look for in text: six digits for a number, so
/// counts, codes and years are never taken for an id; two characters for a value in a
/// script written without spaces between words (Chinese, Japanese, Korean, Thai and the
/// like), where most names have two or three; three characters otherwise, so that
/// initials and short words are left.
pub(super) fn worth_matching(value: &str) -> bool {
    let chars = value.chars().count();
    if value.chars().all(|c| c.is_ascii_digit()) {
        chars >= 6
    } else if value.chars().any(dense) {
        chars >= 2
    } else {
        chars >= 3
    }
}

/// Whether `c` is a letter of a script in which one character says much: CJK ideographs,
/// kana, Hangul, and the scripts of South-East Asia written without spaces.
fn dense(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x1100..=0x11FF // Hangul Jamo
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3100..=0x312F // Bopomofo
        | 0x3130..=0x318F // Hangul compatibility Jamo
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x20000..=0x3134F // CJK extensions B to G
    )
}

fn needs_folding(value: &str) -> bool {
    !value.is_ascii() || value.bytes().any(|b| b.is_ascii_uppercase())
}

/// The key of a learned value: trimmed, lowercased as [`fold_text`] does, and with every
/// apostrophe written as `'` (a name is typed `O'Brien` in one system and `O’Brien` in
/// another). Text is searched with each spelling of the apostrophe (see
/// [`apostrophe_variants`]).
#[must_use]
pub fn fold(text: &str) -> String {
    let folded = if needs_folding(text) {
        text.trim().chars().map(fold_char).collect()
    } else {
        text.trim().to_owned()
    };
    if folded.contains(APOSTROPHES) {
        folded.replace(APOSTROPHES, "'")
    } else {
        folded
    }
}

/// [`fold`], without a copy when the value is folded already: the key to look a value
/// up by.
pub(super) fn fold_key(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if needs_folding(trimmed) || trimmed.contains(APOSTROPHES) {
        Cow::Owned(fold(trimmed))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// The apostrophes other than `'` that names are written with: right and left single
/// quotation marks, and the modifier letter apostrophe.
pub const APOSTROPHES: [char; 3] = ['\u{2019}', '\u{2018}', '\u{02BC}'];

/// The spellings of a folded value with another apostrophe in place of every `'`, to
/// search for besides the value itself.
pub fn apostrophe_variants(value: &str) -> impl Iterator<Item = String> + '_ {
    let has = value.contains('\'');
    APOSTROPHES
        .into_iter()
        .filter(move |_| has)
        .map(move |a| value.replace('\'', a.encode_utf8(&mut [0; 4])))
}

/// Lowercase, one character at a time, only where the lowercase letter is one character
/// of the same UTF-8 length: so folded text has the byte offsets of the original, and a
/// match in one is a match at the same place in the other. (The few letters that change
/// length, such as `İ`, keep their case.) Apostrophes are left as they are.
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
        assert_eq!(fold("O\u{2019}Brien"), "o'brien");
        let variants: Vec<String> = apostrophe_variants("o'brien").collect();
        assert!(variants.contains(&"o\u{2019}brien".to_owned()));
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

    #[test]
    fn two_characters_are_enough_in_scripts_without_spaces() {
        let mut names = Names::default();
        for value in ["王伟", "山田", "민수", "ゆき", "Li", "王"] {
            names.name(value);
        }
        for value in ["王伟", "山田", "민수", "ゆき"] {
            assert_eq!(names.person_kind(value), Some(Kind::Part), "{value}");
        }
        assert_eq!(names.person_kind("Li"), None);
        assert_eq!(names.person_kind("王"), None);
    }
}
