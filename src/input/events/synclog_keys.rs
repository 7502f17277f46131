//! Which field each key of an Incydr Sync log record names.
//!
//! Columns and keys are found by their loose form (case, spaces, `_` and `-` ignored)
//! under the names of the alias table below; the first alias with a value wins. A log
//! written by one program gives every line the same keys in the same order, so a JSON
//! lines reader keeps the last line's keys and what they name ([`KeyShape`]) and
//! compares the next line's keys with them instead of looking each one up again.

use super::flat::{drop_repeats, Pairs};
use super::normalize::ValueRef;
use smallvec::SmallVec;

/// Names (loose form) of the timestamp column.
pub(crate) const TIME: &[&str] = &["timestamp", "date", "time", "datetime", "eventtime"];
/// Names (loose form) of the provider column.
const PROVIDER: &[&str] = &["provider", "source", "provisioningprovider"];
/// Names (loose form) of the action column.
pub(crate) const ACTION: &[&str] = &["action", "operation", "event", "activity"];
/// Names (loose form) of the user column.
const USER: &[&str] = &["user", "username", "email", "login"];
/// Names (loose form) of the status column.
pub(crate) const STATUS: &[&str] = &["status", "result", "outcome"];
/// Names (loose form) of the message column.
const MESSAGE: &[&str] = &["message", "details", "error", "description", "reason"];
const USER_ID: &[&str] = &["userid"];
const ROLE: &[&str] = &["role"];
const ORGANIZATION: &[&str] = &["organization", "org"];
const GROUP: &[&str] = &["group"];
const ERROR_CODE: &[&str] = &["errorcode", "code"];

/// The fields found by alias, in this order.
const ALIASES: [&[&str]; 11] = [
    TIME,
    PROVIDER,
    ACTION,
    USER,
    STATUS,
    MESSAGE,
    USER_ID,
    ROLE,
    ORGANIZATION,
    GROUP,
    ERROR_CODE,
];

/// Positions in [`ALIASES`].
#[derive(Clone, Copy)]
pub(super) enum Field {
    Time,
    Provider,
    Action,
    User,
    Status,
    Message,
    UserId,
    Role,
    Organization,
    Group,
    ErrorCode,
}

/// What a key names: the field (position in [`ALIASES`]) and the alias's rank among
/// that field's names, or `None` for a key no alias has.
type Named = Option<(usize, usize)>;

/// The field and rank a key names.
fn named(key: &str) -> Named {
    let mut buffer = [0u8; 32];
    loose_ascii(key, &mut buffer).and_then(alias)
}

/// For each field, the value under its earliest alias that has a value (one pass over
/// the record's keys).
pub(super) struct Found<'a>([Option<(usize, ValueRef<'a>)>; ALIASES.len()]);

impl<'a> Found<'a> {
    /// The fields of a record's pairs of key and value.
    pub(super) fn of(pairs: impl Iterator<Item = (&'a str, ValueRef<'a>)>) -> Self {
        Self::of_named(pairs.map(|(key, value)| (named(key), value)))
    }

    /// The fields of a record's values, each with what its key names.
    fn of_named(pairs: impl Iterator<Item = (Named, ValueRef<'a>)>) -> Self {
        let mut found = [None; ALIASES.len()];
        for (name, value) in pairs {
            let Some((field, rank)) = name.filter(|_| value.has_text()) else {
                continue;
            };
            if let Some(slot) = found.get_mut(field) {
                if slot.is_none_or(|(best, _)| rank < best) {
                    *slot = Some((rank, value));
                }
            }
        }
        Self(found)
    }

    pub(super) fn get(&self, field: Field) -> Option<ValueRef<'a>> {
        self.0
            .get(field as usize)
            .copied()
            .flatten()
            .map(|(_, v)| v)
    }
}

/// The keys of the last flat line read, in order, and what each names. A line whose
/// keys are the same, in the same order, can have no repeated key (the kept keys have
/// none) and names the same fields, so it is read without a lookup or a search.
#[derive(Debug, Default)]
pub(crate) struct KeyShape {
    /// The keys, one after another.
    keys: String,
    /// Where each key ends in `keys`.
    ends: SmallVec<[usize; 16]>,
    /// What each key names.
    names: SmallVec<[Named; 16]>,
}

impl KeyShape {
    /// The fields of `pairs`, a flat line's pairs as read (a repeated key in it, if any,
    /// is dropped first as a JSON map would: first place, last value).
    pub(super) fn found<'p>(&mut self, pairs: &'p mut Pairs<'_>) -> Found<'p> {
        if !self.fits(pairs) {
            self.learn(pairs);
        }
        let pairs: &'p Pairs<'_> = pairs;
        let values = pairs.iter().map(|(_, value)| value.as_ref());
        Found::of_named(self.names.iter().copied().zip(values))
    }

    /// Whether `pairs` have the kept keys, in the same order.
    fn fits(&self, pairs: &Pairs<'_>) -> bool {
        pairs.len() == self.ends.len()
            && pairs
                .iter()
                .zip(self.kept())
                .all(|((key, _), kept)| key == kept)
    }

    /// The kept keys, in order.
    fn kept(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.keys.get(start..end).unwrap_or_default())
    }

    /// Drop the repeated keys of `pairs`, and keep their keys and names for the next
    /// line; a line that repeated a key is not kept (the next line may repeat it too),
    /// only its names are.
    fn learn(&mut self, pairs: &mut Pairs<'_>) {
        let read = pairs.len();
        drop_repeats(pairs);
        self.keys.clear();
        self.ends.clear();
        self.names.clear();
        for (key, _) in pairs.iter() {
            self.names.push(named(key));
            if pairs.len() == read {
                self.keys.push_str(key);
                self.ends.push(self.keys.len());
            }
        }
    }
}

/// The field (position in [`ALIASES`]) and rank of a loose name, if it is an alias.
fn alias(name: &[u8]) -> Named {
    ALIASES.iter().enumerate().find_map(|(field, names)| {
        let rank = names.iter().position(|n| n.as_bytes() == name)?;
        Some((field, rank))
    })
}

/// The loose form of an ASCII key (lowercase, without `_`, `-` or spaces), written into
/// `buffer`; `None` for other keys (no alias has them).
fn loose_ascii<'b>(key: &str, buffer: &'b mut [u8; 32]) -> Option<&'b [u8]> {
    let mut len = 0;
    for byte in key.bytes().filter(|b| !matches!(b, b'_' | b'-' | b' ')) {
        if !byte.is_ascii() {
            return None;
        }
        *buffer.get_mut(len)? = byte.to_ascii_lowercase();
        len += 1;
    }
    buffer.get(..len)
}

#[cfg(test)]
#[path = "synclog_keys_tests.rs"]
mod tests;
