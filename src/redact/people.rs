//! Which learned values are one person's, so that their pseudonyms share one stem.
//!
//! A user record holds one person's values together: username, emails, ids, display
//! name, given and family names. Records are joined through their identifiers only: two
//! records that share a username, an email or an id are one person (the console user and
//! the IdP user with the same email, or an Okta target and the SCIM user with its id).
//! Names never join records, since two people may both be "Jane Doe"; a name is one
//! person's when every record that holds it is that person's. A value that no record
//! ties to exactly one person keeps a pseudonym of its own.

use super::names::{fold_key, worth_matching, Map};

/// A name seen with this many people (before their records were found to be one) is
/// nobody's in particular.
const MAX_OWNERS: usize = 4;

/// The ties learned so far: a union-find over the identifiers, and the records each
/// name was seen in.
#[derive(Debug, Clone, Default)]
pub(super) struct Ties {
    /// Each folded identifier and its node.
    nodes: Map<String, u32>,
    /// The identifier of each node, to merge another `Ties` into this one.
    ids: Vec<String>,
    parent: Vec<u32>,
    /// For each folded name, a node of each record it was seen in; `None` once it was
    /// seen with more than [`MAX_OWNERS`] people.
    names: Map<String, Option<Vec<u32>>>,
}

/// The people the ties make: each tied value's person, and each person's key (the value
/// its stem is made from).
#[derive(Debug, Default)]
pub(super) struct People {
    pub of: Map<String, u32>,
    pub keys: Vec<String>,
}

impl Ties {
    /// One record: its identifiers `ids` and its names `names` are one person's.
    pub fn record(&mut self, ids: &[&str], names: &[&str]) {
        let mut anchor = None;
        for id in ids {
            let Some(node) = self.node(id) else {
                continue;
            };
            match anchor {
                None => anchor = Some(node),
                Some(first) => self.union(first, node),
            }
        }
        let Some(anchor) = anchor else {
            return;
        };
        for name in names {
            self.own(name, anchor);
        }
    }

    /// Everything `other` learned as well.
    pub fn merge(&mut self, other: Ties) {
        let mut mapped = Vec::with_capacity(other.ids.len());
        for id in &other.ids {
            mapped.push(self.node(id));
        }
        let here = |n: u32| mapped.get(n as usize).copied().flatten();
        for (n, _) in other.ids.iter().enumerate() {
            let Ok(n) = u32::try_from(n) else { break };
            if let (Some(a), Some(b)) = (here(n), here(other.find(n))) {
                self.union(a, b);
            }
        }
        for (name, owners) in other.names {
            match owners {
                None => {
                    self.names.insert(name, None);
                }
                Some(nodes) => {
                    for node in nodes.into_iter().filter_map(here) {
                        self.own(&name, node);
                    }
                }
            }
        }
    }

    /// The people: each identifier is its component's, and each name the one person
    /// all its records are.
    pub fn people(&self) -> People {
        let mut people = People::default();
        let mut person_of_root: Map<u32, u32> = Map::default();
        for (id, &node) in &self.nodes {
            let root = self.find(node);
            let next = u32::try_from(people.keys.len()).unwrap_or(u32::MAX);
            let person = *person_of_root.entry(root).or_insert(next);
            if person == next {
                people.keys.push(id.clone());
            } else if let Some(key) = people.keys.get_mut(person as usize) {
                if better_key(id, key) {
                    key.clone_from(id);
                }
            }
            people.of.insert(id.clone(), person);
        }
        for (name, owners) in &self.names {
            if people.of.contains_key(name) {
                continue;
            }
            let mut roots = owners.iter().flatten().map(|n| self.find(*n));
            let Some(first) = roots.next() else { continue };
            if roots.all(|r| r == first) {
                if let Some(person) = person_of_root.get(&first) {
                    people.of.insert(name.clone(), *person);
                }
            }
        }
        people
    }

    fn node(&mut self, id: &str) -> Option<u32> {
        let id = id.trim();
        if !worth_matching(id) {
            return None;
        }
        let key = fold_key(id);
        if let Some(node) = self.nodes.get(key.as_ref()) {
            return Some(*node);
        }
        let node = u32::try_from(self.parent.len()).ok()?;
        let key = key.into_owned();
        self.nodes.insert(key.clone(), node);
        self.ids.push(key);
        self.parent.push(node);
        Some(node)
    }

    fn own(&mut self, name: &str, node: u32) {
        let name = name.trim();
        if !worth_matching(name) {
            return;
        }
        let root = self.find(node);
        let key = fold_key(name);
        if let Some(owners) = self.names.get_mut(key.as_ref()) {
            let Some(nodes) = owners else { return };
            if nodes.iter().any(|n| find_in(&self.parent, *n) == root) {
                return;
            }
            if nodes.len() < MAX_OWNERS {
                nodes.push(node);
            } else {
                *owners = None;
            }
            return;
        }
        self.names.insert(key.into_owned(), Some(vec![node]));
    }

    fn find(&self, node: u32) -> u32 {
        find_in(&self.parent, node)
    }

    /// Join the components of `a` and `b`: the root with the smaller number is kept, so
    /// paths stay short when records come one identifier at a time.
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, join) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(slot) = self.parent.get_mut(join as usize) {
            *slot = keep;
        }
        // Point both starting nodes at the root: later lookups of them are one step.
        for n in [a, b] {
            if let Some(slot) = self.parent.get_mut(n as usize) {
                *slot = keep;
            }
        }
    }
}

fn find_in(parent: &[u32], mut node: u32) -> u32 {
    // A parent is always a smaller or equal number, so this ends.
    while let Some(&up) = parent.get(node as usize) {
        if up == node {
            break;
        }
        node = up;
    }
    node
}

/// Whether `candidate` makes a better key for a person than `current`: an address before
/// any other identifier (it says most about who it is, and changes least between
/// exports), then the smaller, so the key does not depend on the order of the inputs.
fn better_key(candidate: &str, current: &str) -> bool {
    let rank = |v: &str| (!v.contains('@'), v.to_owned());
    rank(candidate) < rank(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person_of(people: &People, value: &str) -> Option<u32> {
        people.of.get(&fold_key(value).into_owned()).copied()
    }

    #[test]
    fn records_sharing_an_identifier_are_one_person_and_names_do_not_join() {
        let mut ties = Ties::default();
        ties.record(
            &["00u1", "jane.doe@example.com"],
            &["Jane Doe", "Jane", "Doe"],
        );
        ties.record(&["u-jane", "JANE.DOE@example.com", "jdoe"], &["Doe, Jane"]);
        ties.record(
            &["00u2", "jane.roe@example.com"],
            &["Jane", "Roe", "Jane Doe"],
        );
        let people = ties.people();
        let jane = person_of(&people, "jdoe");
        assert!(jane.is_some());
        for value in ["00u1", "u-jane", "Jane.Doe@Example.com", "Doe", "doe, jane"] {
            assert_eq!(person_of(&people, value), jane, "{value}");
        }
        let roe = person_of(&people, "00u2");
        assert!(roe.is_some() && roe != jane);
        assert_eq!(person_of(&people, "Roe"), roe);
        for shared in ["Jane", "Jane Doe"] {
            assert_eq!(person_of(&people, shared), None, "{shared} is two people's");
        }
        assert_eq!(
            people
                .keys
                .get(jane.unwrap_or_default() as usize)
                .map(String::as_str),
            Some("jane.doe@example.com")
        );
    }

    #[test]
    fn a_name_seen_before_its_records_joined_is_still_one_persons() {
        let mut ties = Ties::default();
        ties.record(&["00u1"], &["Ann Lee"]);
        ties.record(&["ann@example.com"], &["Ann Lee"]);
        ties.record(&["00u1", "ann@example.com"], &[]);
        let people = ties.people();
        assert!(person_of(&people, "Ann Lee").is_some());
        assert_eq!(person_of(&people, "Ann Lee"), person_of(&people, "00u1"));
    }

    #[test]
    fn merged_ties_join_as_if_learned_in_one() {
        let (mut a, mut b) = (Ties::default(), Ties::default());
        a.record(&["00u1", "ann@example.com"], &["Ann"]);
        b.record(&["ann@example.com", "u-ann"], &["Lee"]);
        b.record(&["00u9"], &["Lee"]);
        a.merge(b);
        let people = a.people();
        let ann = person_of(&people, "00u1");
        assert_eq!(person_of(&people, "u-ann"), ann);
        assert_eq!(person_of(&people, "Ann"), ann);
        assert_eq!(person_of(&people, "Lee"), None, "two people's");
        assert_ne!(person_of(&people, "00u9"), ann);
    }
}
