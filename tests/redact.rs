//! `--redact` on the demo, in every output format: no person's email, username, name or id
//! is left, and every group, role and organization name and every piece of product text
//! the plain output shows is still there, unchanged.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::Value;

mod redact_support;
use redact_support::demo::{demo_people, flat, People};
use redact_support::{fixture, synclint, KEY, NOW};

/// Group, role and organization names of the demo.
fn demo_names() -> Vec<String> {
    let mut names = Vec::new();
    let groups: Value = serde_json::from_str(&fixture("scim-groups.json")).unwrap();
    for group in groups["Resources"].as_array().unwrap() {
        names.push(group["displayName"].as_str().unwrap().to_owned());
    }
    let roles: Value = serde_json::from_str(&fixture("roles.json")).unwrap();
    for role in roles.as_array().unwrap() {
        for key in ["roleId", "roleName"] {
            names.push(role[key].as_str().unwrap().to_owned());
        }
    }
    let orgs: Value = serde_json::from_str(&fixture("orgs.json")).unwrap();
    for org in orgs["orgs"].as_array().unwrap() {
        names.push(org["orgName"].as_str().unwrap().to_owned());
    }
    for line in fixture("synclint.yaml").lines() {
        let line = line.trim().trim_start_matches("- ");
        for key in [
            "group:",
            "organization:",
            "fallback_organization:",
            "roles:",
        ] {
            if let Some(rest) = line.strip_prefix(key) {
                let rest = rest.trim().trim_matches(['[', ']']);
                names.extend(rest.split(", ").map(str::to_owned));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The product's own words that contain a demo family name (`Admin`) as a word: Incydr's
/// role name, and Okta's console as the fix steps of okta-app-user-not-synced name it.
const PRODUCT_PHRASES: &[&str] = &["Org Admin", "Admin Console"];

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Places where `word` stands as a whole word in `text`, written with a capital.
fn word_at(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !is_word(before) && !is_word(after)
    })
}

fn assert_no_person(what: &str, redacted: &str, people: &People, names: &[String]) {
    let text = flat(redacted);
    let lower = text.to_lowercase();
    for value in &people.whole {
        assert!(
            !lower.contains(&value.to_lowercase()),
            "{what}: `{value}` is left in\n{redacted}"
        );
    }
    let mut words = text.clone();
    for name in names
        .iter()
        .map(String::as_str)
        .chain(PRODUCT_PHRASES.iter().copied())
    {
        words = words.replace(name, " ");
    }
    for part in &people.parts {
        if let Some(at) = word_at(&words, part) {
            let around = &words[at.saturating_sub(60)..(at + 60).min(words.len())];
            panic!("{what}: `{part}` is left in: …{around}…");
        }
    }
}

/// Every group, role and organization name shows as often as in the plain output (less
/// where it is part of a person's value there, as `Marketing` in `Judy Marketing`).
fn assert_names_kept(what: &str, plain: &str, redacted: &str, people: &People, names: &[String]) {
    let (mut plain, redacted) = (flat(plain), flat(redacted));
    for value in &people.whole {
        plain = plain.replace(value.as_str(), "\u{0}");
    }
    for name in names {
        let count = |text: &str| {
            text.match_indices(name.as_str())
                .filter(|(at, _)| {
                    let before = text[..*at].chars().next_back();
                    let after = text[at + name.len()..].chars().next();
                    !is_word(before) && !is_word(after)
                })
                .count()
        };
        assert_eq!(
            count(&plain),
            count(&redacted),
            "{what}: `{name}` is not kept as it was\n{redacted}"
        );
    }
}

/// The fix steps of the plain JSON report, cut where a person's value stands: each piece
/// of product text the plain output shows, the redacted output shows too.
fn fix_pieces(people: &People) -> Vec<String> {
    let doc: Value = serde_json::from_str(&synclint(&[
        "check",
        "fixtures/demo",
        "--now",
        NOW,
        "--format",
        "json",
    ]))
    .unwrap();
    let mut pieces = Vec::new();
    for finding in doc["findings"].as_array().unwrap() {
        for step in finding["fix"].as_array().unwrap() {
            let mut step = step.as_str().unwrap().to_owned();
            for value in &people.whole {
                step = step.replace(value.as_str(), "\u{0}");
                step = step.replace(value.to_lowercase().as_str(), "\u{0}");
            }
            for part in &people.parts {
                while let Some(at) = word_at(&step, part) {
                    step.replace_range(at..at + part.len(), "\u{0}");
                }
            }
            pieces.extend(
                step.split('\u{0}')
                    .map(str::trim)
                    .filter(|p| p.len() >= 12)
                    .map(str::to_owned),
            );
        }
    }
    assert!(pieces
        .iter()
        .any(|p| p.contains("Administration > Environment")));
    pieces
}

fn assert_product_kept(what: &str, plain: &str, redacted: &str, pieces: &[String]) {
    let (plain, redacted) = (flat(plain), flat(redacted));
    let mut shown = 0;
    for piece in pieces.iter().filter(|p| plain.contains(p.as_str())) {
        shown += 1;
        assert!(
            redacted.contains(piece.as_str()),
            "{what}: `{piece}` is not kept\n{redacted}"
        );
    }
    assert!(
        shown > 0 || !what.starts_with("check human"),
        "{what}: no fix step shown"
    );
}

#[test]
fn check_redacts_every_person_and_keeps_every_name_in_every_format() {
    let people = demo_people();
    let names = demo_names();
    let pieces = fix_pieces(&people);
    for format in [
        "human", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let base = ["check", "fixtures/demo", "--now", NOW, "--format", format];
        let plain = synclint(&base);
        let redacted = synclint(&[&base[..], KEY].concat());
        let what = format!("check {format}");
        assert!(
            plain.contains("acme.example"),
            "{what}: the plain output names people"
        );
        assert_no_person(&what, &redacted, &people, &names);
        assert_names_kept(&what, &plain, &redacted, &people, &names);
        assert_product_kept(&what, &plain, &redacted, &pieces);
    }
}

#[test]
fn report_redacts_every_person_and_keeps_every_name() {
    let people = demo_people();
    let names = demo_names();
    for format in ["human", "markdown", "json"] {
        let base = [
            "report",
            "fixtures/demo",
            "--since",
            "30d",
            "--format",
            format,
        ];
        let plain = synclint(&base);
        let redacted = synclint(&[&base[..], KEY].concat());
        let what = format!("report {format}");
        assert!(
            plain.contains("Judy Marketing"),
            "{what}: a name in a log message"
        );
        assert_no_person(&what, &redacted, &people, &names);
        assert_names_kept(&what, &plain, &redacted, &people, &names);
        assert!(
            redacted.contains("Unable to update user's role"),
            "{redacted}"
        );
    }
}

#[test]
fn the_configuration_lines_quoted_stay_as_written() {
    let base = ["check", "fixtures/demo", "--now", NOW, "--format", "human"];
    let redacted = synclint(&[&base[..], KEY].concat());
    for line in [
        "- group: Security Analysts",
        "organization: Contractors",
        "fallback_organization: Acme Staff",
    ] {
        assert!(
            redacted.contains(line),
            "`{line}` is not quoted as written\n{redacted}"
        );
    }
}
