//! Which mapping entries apply to a user, found through the user's groups.
//!
//! The `users` join (see [`super::join`]) asks, for every IdP user, which role and
//! organization mapping entries name one of the user's groups. Testing every entry against
//! every user made the join grow with users times entries: a tenant with one group (and
//! entry) per hundred users spent most of a 20,000-user check there. [`EntryIndex`] files
//! each entry under the folded keys a user's group may match, so a user costs one lookup
//! per group they are in.

use super::resolve::{fold, Environment};
use super::Record;
use std::collections::HashMap;

/// The positions of the entries of one mapping dataset that apply through a group, by
/// folded group key, and those that apply to every user.
#[derive(Debug, Default)]
pub struct EntryIndex {
    /// Folded key -> positions of the entries it selects, ascending.
    by_group: HashMap<String, Vec<usize>>,
    /// Positions of the entries that apply to every IdP user, ascending.
    always: Vec<usize>,
}

impl EntryIndex {
    /// Index the entries of `records` that name a group (only those whose `source` is
    /// `only`, when given). An entry naming group `g` is selected by a user group equal
    /// (folded) to `g` or to the display name of the IdP group `g` names (`env.group`):
    /// the join's "the user is in the entry's group". Entries whose `source` is
    /// `everyone`, when given, apply to every user whether or not they name a group.
    #[must_use]
    pub fn new(
        records: &[Record],
        env: &Environment,
        only: Option<&str>,
        everyone: Option<&str>,
    ) -> Self {
        let mut out = Self::default();
        for (at, record) in records.iter().enumerate() {
            let from = record.str_field("source");
            if everyone.is_some() && from == everyone {
                out.always.push(at);
                continue;
            }
            if only.is_some() && from != only {
                continue;
            }
            let Some(group) = record.str_field("group") else {
                continue;
            };
            let named = env.group(group).unwrap_or(group);
            for key in [fold(group), fold(named)] {
                let positions = out.by_group.entry(key).or_default();
                if positions.last() != Some(&at) {
                    positions.push(at);
                }
            }
        }
        out
    }

    /// The positions of the entries that apply to a user in `groups`, each once,
    /// ascending (the order the entries are written in).
    #[must_use]
    pub fn of(&self, groups: &[String]) -> Vec<usize> {
        let mut all = self.always.clone();
        for group in groups {
            all.extend(self.by_group.get(&fold(group)).into_iter().flatten());
        }
        all.sort_unstable();
        all.dedup();
        all
    }
}

#[cfg(test)]
#[path = "join_mappings_tests.rs"]
mod tests;
