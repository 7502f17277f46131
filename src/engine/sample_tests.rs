//! A group's compact state: users counted from one to many, hashes counted once
//! however they are added, and a sample keeping only the fields asked for.

use super::*;
use serde_json::json;

fn strs(names: &[Name]) -> Vec<&str> {
    names.iter().map(|n| &**n).collect()
}

#[test]
fn users_count_and_sort_from_one_to_many() {
    let mut users = Users::default();
    assert_eq!(users.len(), 0);
    let mut names = Names::default();
    for u in ["m", "m", "c", "z", "a", "c", "b"] {
        users.insert(u, &mut names);
    }
    assert_eq!(users.len(), 5);
    assert_eq!(strs(&users.first_sorted()), vec!["a", "b", "c", "m", "z"]);
    let mut other = Users::default();
    other.insert("0", &mut names);
    users.extend(other);
    assert_eq!(users.len(), 6);
    assert_eq!(
        strs(&users.first_sorted()),
        vec!["0", "a", "b", "c", "m", "z"]
    );
    let mut one = Users::default();
    one.insert("x", &mut names);
    assert_eq!(strs(&one.first_sorted()), vec!["x"]);
}

#[test]
fn merged_users_are_counted_once() {
    let mut left = Users::default();
    let mut right = Users::default();
    let mut names = Names::default();
    for u in ["d", "e", "f", "g", "h", "i"] {
        left.insert(u, &mut names);
    }
    for u in ["i", "h", "c", "b", "a"] {
        right.insert(u, &mut names);
    }
    let mut one = Users::default();
    one.insert("a", &mut names);
    one.extend(right.clone());
    assert_eq!(one.len(), 5, "a single user merged into many");
    left.extend(right);
    assert_eq!(left.len(), 9);
    assert_eq!(
        strs(&left.first_sorted()),
        vec!["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    );
}

#[test]
fn many_users_are_counted_exactly_across_sorts() {
    let mut names = Names::default();
    let mut users = Users::default();
    let mut other = Users::default();
    // Many users, seen again and again, some of them in two groups merged.
    for round in 0..3 {
        for n in 0..20_000 {
            users.insert(&format!("u{n}"), &mut names);
            if round == 0 && n % 3 == 0 {
                other.insert(&format!("u{}", n + 15_000), &mut names);
            }
        }
    }
    assert_eq!(users.len(), 20_000);
    users.extend(other);
    assert_eq!(users.len(), 20_000 + 5_000);
    let seen = (0..20_000).chain((0..20_000).filter(|n| n % 3 == 0).map(|n| n + 15_000));
    let mut expected: Vec<String> = seen.map(|n| format!("u{n}")).collect();
    expected.sort();
    expected.dedup();
    expected.truncate(KEPT_USERS);
    assert_eq!(strs(&users.first_sorted()), expected);
}

#[test]
fn hashes_count_each_once_however_they_are_added() {
    use std::collections::BTreeSet;
    // A fixed pseudo-random series with many repeats, around the sort-in points.
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % 3_000
    };
    let (mut hashes, mut other) = (Hashes::default(), Hashes::default());
    let (mut expected, mut expected_other) = (BTreeSet::new(), BTreeSet::new());
    for n in 0..20_000 {
        let h = next();
        hashes.insert(h);
        expected.insert(h);
        if n % 7 == 0 {
            other.insert(h + 2_000);
            expected_other.insert(h + 2_000);
        }
        if n % 997 == 0 {
            assert_eq!(hashes.len(), expected.len(), "after {n} added");
        }
    }
    assert_eq!(hashes.len(), expected.len());
    assert!(hashes.sorted.iter().copied().eq(expected.iter().copied()));
    assert!(hashes.sorted.capacity() + hashes.pending.capacity() <= 4 * expected.len());
    let mut few = Hashes::default();
    for n in 0..1_000 {
        few.insert(n % 3);
    }
    assert_eq!(few.len(), 3);
    assert!(few.sorted.capacity() + few.pending.capacity() <= 3 + 2 * PENDING_MIN);
    hashes.extend(other);
    expected.extend(expected_other);
    assert_eq!(hashes.len(), expected.len());
    assert!(hashes.sorted.iter().copied().eq(expected.iter().copied()));
}

#[test]
fn a_sample_keeps_only_the_fields_asked_for() {
    let record = Record::new(
        json!({"user": "a@x", "Message": "m", "status": "failure", "raw": {"big": 1}}),
        Some(Location::new("log", 3, 1)),
    );
    let keep = vec!["message".to_owned(), "role".to_owned(), "user".to_owned()];
    let mut names = Names::default();
    let sample = Sample::of(&record, &keep, &mut names);
    let mut extra = Map::new();
    extra.insert("count".to_owned(), json!(2));
    let back = sample.record(&keep, extra);
    assert_eq!(
        back.value,
        json!({"message": "m", "user": "a@x", "count": 2})
    );
    assert_eq!(back.location, record.location);
}
