//! `check fixtures/demo --redact` in every format (and `report` in its own): no learned
//! name, username, id or email is left, and every other word of the plain output is
//! still there, as often and spelled the same: redaction replaces people and nothing
//! else.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};

mod redact_support;
use redact_support::demo::{demo_people, flat, People};
use redact_support::{synclint, KEY, NOW};

const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "junit", "github", "markdown", "html",
];

/// The common words `--redact` leaves standing alone, as the product ships them.
const COMMON: &str = include_str!("../src/redact/common_words.txt");

fn is_common(word: &str) -> bool {
    COMMON.split_whitespace().any(|w| w == word.to_lowercase())
}

/// What to take out of the plain output: the people's whole values in any case, and the
/// name parts that are no common word where they stand alone (those are replaced too).
fn people_pattern(people: &People) -> Regex {
    let mut whole = people.whole.clone();
    whole.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let whole = whole.iter().map(|v| format!("(?i:{})", regex::escape(v)));
    let parts = people
        .parts
        .iter()
        .filter(|p| !is_common(p))
        .map(|p| format!(r"\b{}\b", regex::escape(p)));
    Regex::new(&whole.chain(parts).collect::<Vec<_>>().join("|")).unwrap()
}

/// The plain output less the people.
fn plain_less_people(plain: &str, people: &Regex) -> String {
    people.replace_all(&flat(plain), " ").into_owned()
}

/// The redacted output less its pseudonyms.
fn redacted_less_pseudonyms(redacted: &str) -> String {
    let pseudonym =
        Regex::new(r"user-(?:[0-9a-f]{8}(?:-[0-9a-f]{4})?|redacted)(?:@redacted\.invalid)?")
            .unwrap();
    pseudonym.replace_all(&flat(redacted), " ").into_owned()
}

/// Each of `lines` once, joined.
fn distinct(lines: impl Iterator<Item = String>) -> String {
    let set: BTreeSet<String> = lines.collect();
    set.into_iter().collect::<Vec<_>>().join("\n")
}

/// How often each word stands in `text`: runs of letters and digits, less those with a
/// digit or only hex letters (fingerprints, times and counts: hashes of what was shown,
/// not words).
fn words(text: &str) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let digit = word.chars().any(|c| c.is_ascii_digit());
        let hex = word.len() >= 6 && word.chars().all(|c| c.is_ascii_hexdigit());
        if word.chars().count() >= 2 && !digit && !hex {
            *counts.entry(word.to_owned()).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn every_format_hides_the_people_and_keeps_every_other_word() {
    let people = demo_people();
    assert!(
        people.parts.iter().any(|p| is_common(p)),
        "the demo has names that are words"
    );
    let pattern = people_pattern(&people);
    let checks = FORMATS.map(|f| ["check", "fixtures/demo", "--now", NOW, "--format", f]);
    let reports = ["human", "markdown", "json"]
        .map(|f| ["report", "fixtures/demo", "--since", "30d", "--format", f]);
    for base in checks.iter().chain(&reports) {
        let what = base.join(" ");
        let plain = synclint(base);
        let redacted = synclint(&[&base[..], KEY].concat());
        assert!(
            plain.contains("acme.example"),
            "{what}: the plain output names people"
        );
        let shown = flat(&redacted).to_lowercase();
        for value in &people.whole {
            assert!(
                !shown.contains(&value.to_lowercase()),
                "{what}: `{value}` is left"
            );
        }
        let (before, after) = if what.ends_with("markdown") {
            // Markdown writes one fix for the findings whose fixes read the same. Two
            // spellings of one username (`bob.sales@…`, `Bob.Sales@…`) have one pseudonym,
            // so their fixes are one block once redacted: each line counts once.
            (
                words(&distinct(
                    plain.lines().map(|l| plain_less_people(l, &pattern)),
                )),
                words(&distinct(redacted.lines().map(redacted_less_pseudonyms))),
            )
        } else {
            (
                words(&plain_less_people(&plain, &pattern)),
                words(&redacted_less_pseudonyms(&redacted)),
            )
        };
        let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        let changed: Vec<String> = keys
            .into_iter()
            .filter(|w| before.get(*w) != after.get(*w))
            .map(|w| format!("{w}: {:?} -> {:?}", before.get(w), after.get(w)))
            .collect();
        assert!(changed.is_empty(), "{what}: words changed: {changed:#?}");
    }
}
