//! The compact state an aggregated group keeps: its example record reduced to the few
//! fields the rule shows, and its users without a hash table for the common single user.
//! A long log has hundreds of thousands of groups, so their size is most of the memory.

use crate::model::{Doc, Location, Record};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::Arc;

/// A group's example: the values of the fields its rule reads (in the order of the
/// rule's field list) and where the record was read.
#[derive(Debug, Clone)]
pub(super) struct Sample {
    values: Box<[Kept]>,
    pub(super) location: Option<Location>,
}

/// One kept value, in a third of the room a `Value` takes: most are strings or absent.
#[derive(Debug, Clone)]
enum Kept {
    /// Absent or null.
    Nothing,
    Text(Name),
    Other(Box<Value>),
}

/// Text a group keeps (a user, a message): shared through [`Names`].
pub(super) type Name = Arc<str>;

/// One copy of each text the groups of an aggregator keep. A user has a group in each
/// rule that counts by user, and thousands of groups share one failure message.
#[derive(Debug, Default)]
pub(super) struct Names(HashSet<Name, foldhash::fast::RandomState>);

impl Names {
    /// The shared copy of `text`.
    pub(super) fn get(&mut self, text: &str) -> Name {
        if let Some(name) = self.0.get(text) {
            return name.clone();
        }
        let name: Name = text.into();
        self.0.insert(name.clone());
        name
    }

    /// How many texts are kept.
    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    /// Forget the texts no group keeps any more (those of groups written out to disk):
    /// this table is then as large as the groups still in memory need.
    pub(super) fn prune(&mut self) {
        self.0.retain(|name| Arc::strong_count(name) > 1);
    }
}

impl Sample {
    /// The fields `keep` (lowercased top-level names) of `record`.
    pub(super) fn of<R: Doc>(record: &R, keep: &[String], names: &mut Names) -> Self {
        let values = keep
            .iter()
            .map(|name| match record.top(name, None) {
                None | Some(Value::Null) => Kept::Nothing,
                Some(Value::String(text)) => Kept::Text(names.get(text)),
                Some(other) => Kept::Other(Box::new(other.clone())),
            })
            .collect();
        Self {
            values,
            location: record.location().cloned(),
        }
    }

    /// The example's own copy of `text`, when it keeps that text.
    pub(super) fn shared_text(&self, text: &str) -> Option<Name> {
        self.values.iter().find_map(|kept| match kept {
            Kept::Text(name) if &**name == text => Some(name.clone()),
            _ => None,
        })
    }

    /// The example as a record again (fields named as in `keep`), with `extra` added.
    pub(super) fn record(&self, keep: &[String], extra: Map<String, Value>) -> Record {
        let mut map: Map<String, Value> = keep
            .iter()
            .zip(self.values.iter())
            .filter_map(|(k, v)| {
                let value = match v {
                    Kept::Nothing => return None,
                    Kept::Text(text) => Value::String(text.to_string()),
                    Kept::Other(value) => (**value).clone(),
                };
                Some((k.clone(), value))
            })
            .collect();
        map.extend(extra);
        Record::new(Value::Object(map), self.location.clone())
    }
}

/// How many users (the smallest names) a group keeps, for a finding's `user_names`.
pub const KEPT_USERS: usize = 100;

/// The distinct users of a group. A group with many users (every user of a provider,
/// say) keeps them as 64-bit hashes ([`Hashes`]), 8 to 16 bytes a user. Two users
/// colliding would count as one; among a million users the odds are about one in forty
/// million. The names kept are the [`KEPT_USERS`] smallest.
#[derive(Debug, Clone, Default)]
pub(super) enum Users {
    #[default]
    None,
    One(Name),
    /// Boxed: few groups have many users, and every group holds this.
    Many(Box<Many>),
}

#[derive(Debug, Clone, Default)]
pub(super) struct Many {
    /// The hashes of the distinct users.
    distinct: Hashes,
    /// The smallest names, in order.
    smallest: Vec<Name>,
}

/// A set of 64-bit hashes kept as a sorted list and the hashes added since it was last
/// sorted. Adding a hash only appends it: a busy group (every event of a provider) adds
/// one per event, and a lookup into a table of every user missed the cache each time.
/// The added hashes are sorted and merged into the list once they are as many as it
/// holds (at least [`PENDING_MIN`]), so each costs a share of a sort, and the room held
/// is at most twice that of the distinct hashes.
#[derive(Debug, Clone, Default)]
struct Hashes {
    sorted: Vec<u64>,
    pending: Vec<u64>,
}

/// How many added hashes a small set holds before it sorts them in: few, so that a group
/// of a handful of users seen again and again keeps room for a handful of hashes.
const PENDING_MIN: usize = 8;

impl Hashes {
    fn insert(&mut self, hash: u64) {
        self.pending.push(hash);
        if self.pending.len() >= self.sorted.len().max(PENDING_MIN) {
            self.sort_in();
        }
    }

    /// Merge the added hashes into the sorted list, each once.
    fn sort_in(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        self.pending.sort_unstable();
        self.pending.dedup();
        let mut merged = Vec::with_capacity(self.sorted.len() + self.pending.len());
        let (mut old, mut new) = (
            self.sorted.iter().peekable(),
            self.pending.iter().peekable(),
        );
        while let (Some(&&a), Some(&&b)) = (old.peek(), new.peek()) {
            merged.push(a.min(b));
            if a <= b {
                old.next();
            }
            if b <= a {
                new.next();
            }
        }
        merged.extend(old);
        merged.extend(new);
        self.sorted = merged;
        self.pending.clear();
    }

    fn extend(&mut self, other: Hashes) {
        self.pending.extend(other.sorted);
        self.pending.extend(other.pending);
        self.sort_in();
    }

    fn len(&mut self) -> usize {
        self.sort_in();
        self.sorted.len()
    }
}

impl Many {
    fn absorb(&mut self, other: Many) {
        self.distinct.extend(other.distinct);
        for user in other.smallest {
            keep_smallest(&mut self.smallest, &user, || Arc::clone(&user));
        }
    }
}

/// The hash users are told apart by: fixed, so that every worker agrees.
fn user_hash(user: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x5e_ed).hash_one(user)
}

impl Users {
    /// Count `user`, keeping its name through `names` when it is kept at all.
    pub(super) fn insert(&mut self, user: &str, names: &mut Names) {
        match self {
            Users::One(only) if &**only == user => {}
            Users::Many(many) => {
                many.distinct.insert(user_hash(user));
                keep_smallest(&mut many.smallest, user, || names.get(user));
            }
            _ => self.add(names.get(user)),
        }
    }

    /// Count `user`, whose name is shared already.
    fn add(&mut self, user: Name) {
        match self {
            Users::None => *self = Users::One(user),
            Users::One(only) if *only == user => {}
            Users::One(only) => {
                let first = only.clone();
                let mut many = Many::default();
                many.distinct.insert(user_hash(&first));
                many.smallest.push(first);
                many.distinct.insert(user_hash(&user));
                keep_smallest(&mut many.smallest, &user, || Arc::clone(&user));
                *self = Users::Many(Box::new(many));
            }
            Users::Many(many) => {
                many.distinct.insert(user_hash(&user));
                keep_smallest(&mut many.smallest, &user, || Arc::clone(&user));
            }
        }
    }

    pub(super) fn extend(&mut self, other: Users) {
        match other {
            Users::None => {}
            Users::One(user) => self.add(user),
            Users::Many(theirs) => {
                if let Users::None | Users::One(_) = self {
                    let mine = std::mem::replace(self, Users::Many(theirs));
                    self.extend(mine);
                    return;
                }
                if let Users::Many(mine) = self {
                    mine.absorb(*theirs);
                }
            }
        }
    }

    /// How many distinct users.
    pub(super) fn len(&mut self) -> usize {
        match self {
            Users::None => 0,
            Users::One(_) => 1,
            Users::Many(many) => many.distinct.len(),
        }
    }

    /// The [`KEPT_USERS`] smallest users, in order.
    pub(super) fn first_sorted(&self) -> Vec<Name> {
        match self {
            Users::None => Vec::new(),
            Users::One(user) => vec![user.clone()],
            Users::Many(many) => many.smallest.clone(),
        }
    }
}

/// Where `user` goes in the sorted list of the smallest names, if it belongs there.
fn smallest_slot(smallest: &[Name], user: &str) -> Option<usize> {
    let full = smallest.len() >= KEPT_USERS;
    if full && smallest.last().is_some_and(|last| user >= &**last) {
        return None;
    }
    // Err: not there yet (a name already listed is not listed twice).
    smallest.binary_search_by(|u| (**u).cmp(user)).err()
}

/// Add `user` to the sorted list of the smallest names when it belongs there, as the
/// shared name `name()` gives.
fn keep_smallest(smallest: &mut Vec<Name>, user: &str, name: impl FnOnce() -> Name) {
    if let Some(at) = smallest_slot(smallest, user) {
        smallest.insert(at, name());
        smallest.truncate(KEPT_USERS);
    }
}

#[path = "sample_codec.rs"]
mod codec;

#[cfg(test)]
#[path = "sample_tests.rs"]
mod tests;
