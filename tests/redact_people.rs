//! `--redact` and people: the spellings the inputs tie to one person share one pseudonym
//! stem, and a given or family name that is also a common English word is replaced only
//! where it stands next to another part of that person's name.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::json;

mod redact_support;
use redact_support::{add_scim_user, add_sync_rows, demo_copy, redactor_of, synclint, KEY, NOW};

fn person(id: &str, user: &str, given: &str, family: &str, display: &str) -> serde_json::Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": id,
        "userName": user, "name": {"givenName": given, "familyName": family},
        "displayName": display, "active": true,
        "emails": [{"value": format!("{}@acme.example", user.replace(".x", "")), "primary": true}]})
}

/// The pseudonyms (`user-…`) in `line`, in order.
fn pseudonyms(line: &str) -> Vec<&str> {
    line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '@' || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.starts_with("user-") && w.len() >= 13)
        .collect()
}

#[test]
fn the_spellings_of_one_person_share_a_stem_in_the_report() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(&dir, person("00u9jane", "jdoe", "Jane", "Doe", "Jane Doe"));
    add_scim_user(&dir, person("00u9jroe", "jroe", "Jane", "Roe", "Jane Roe"));
    add_sync_rows(
        &dir,
        &[
            "11/27/2026 4:05:00 PM,Okta,Update user,jdoe,Error,\"Could not update Doe, Jane (jdoe@acme.example): JANE DOE is locked\",,",
            "11/27/2026 4:06:00 PM,Okta,Update user,jroe,Error,Could not update Jane Roe: Jane is away,,",
        ],
    );
    let shown = dir.to_str().unwrap();
    let r = redactor_of(&[shown]);
    let stem = r
        .stem_of("jdoe")
        .expect("jdoe is tied to a person")
        .to_owned();
    for spelling in ["Jane Doe", "jdoe@acme.example", "Doe", "00u9jane"] {
        assert_eq!(r.stem_of(spelling), Some(stem.as_str()), "{spelling}");
    }
    assert_ne!(r.stem_of("jroe"), Some(stem.as_str()), "another person");
    assert_eq!(
        r.stem_of("Jane"),
        None,
        "a given name of two people is no one's"
    );
    let out = synclint(&[&["report", shown, "--since", "30d"][..], KEY].concat());
    let line = out
        .lines()
        .find(|l| l.contains("is locked"))
        .expect("the error kind");
    // Doe, Jane, the address and JANE DOE: `Jane` alone is two people's given name.
    let found = pseudonyms(line);
    assert_eq!(found.len(), 4, "{line}");
    for token in [found[0], found[2], found[3]] {
        assert_eq!(&token[5..13], stem, "{token} in {line}");
    }
    assert_ne!(&found[1][5..13], stem, "{line}");
    assert_ne!(
        found[0], found[3],
        "each spelling keeps a mark of its own: {line}"
    );
    let roe = out
        .lines()
        .find(|l| l.contains("is away"))
        .expect("the error kind");
    let found = pseudonyms(roe);
    assert_eq!(found.len(), 2, "{roe}");
    assert!(found.iter().all(|t| t[5..13] != stem), "{roe}");
}

#[test]
fn a_common_word_that_is_a_name_part_stays_a_word_where_it_stands_alone() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(
        &dir,
        person("00u9max", "max.read", "Max", "Read", "Max Read"),
    );
    add_sync_rows(
        &dir,
        &["11/27/2026 4:07:00 PM,Okta,Update user,max.read@acme.example,Error,\"Read timed out. Max retries reached for Read, Max\",,"],
    );
    let shown = dir.to_str().unwrap();
    let r = redactor_of(&[shown]);
    let stem = r.stem_of("Max Read").expect("tied").to_owned();
    let out = synclint(&[&["report", shown, "--since", "30d"][..], KEY].concat());
    let line = out
        .lines()
        .find(|l| l.contains("timed out"))
        .expect("the error kind");
    assert!(
        line.contains("Read timed out. Max retries reached for user-"),
        "{line}"
    );
    let found = pseudonyms(line);
    assert_eq!(found.len(), 2, "`Read, Max` is the name: {line}");
    assert!(found.iter().all(|t| t[5..13] == stem), "{line}");
    let check = synclint(&[&["check", shown, "--now", NOW][..], KEY].concat());
    assert!(
        check.contains("Read the failure in the provider's provisioning log"),
        "{check}"
    );
    assert!(
        !check.contains("Max Read") && !check.contains("max.read"),
        "{check}"
    );
}
