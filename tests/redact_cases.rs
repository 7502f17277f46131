//! `--redact` on people the demo does not have: a service account named like the
//! provider, names in Chinese and Japanese, a name with an apostrophe in a folder name,
//! a nested group, and the spellings IdP error texts use (typographic apostrophes,
//! percent-encoded addresses).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // tests state their expectations this way

use serde_json::json;
use std::path::Path;
use std::process::Command;

mod redact_support;
use redact_support::{add_group_member, add_scim_user, add_sync_rows, demo_copy, token, KEY, NOW};

const FORMATS: [&str; 7] = [
    "human", "json", "sarif", "junit", "github", "markdown", "html",
];

/// The standard output of `synclint ARGS`, run in `dir`.
fn synclint_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_synclint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SYNCLINT_REDACT_KEY")
        .output()
        .expect("the binary runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `check DIR --redact` in every format, and `report DIR --redact`, with the outputs.
fn redacted_outputs(dir: &Path) -> Vec<(String, String)> {
    let shown = dir.to_str().unwrap();
    let mut outputs = Vec::new();
    for format in FORMATS {
        let args = ["check", shown, "--now", NOW, "--format", format];
        outputs.push((
            format!("check {format}"),
            synclint_in(dir, &[&args[..], KEY].concat()),
        ));
    }
    for format in ["human", "markdown", "json"] {
        let args = ["report", shown, "--since", "30d", "--format", format];
        outputs.push((
            format!("report {format}"),
            synclint_in(dir, &[&args[..], KEY].concat()),
        ));
    }
    outputs
}

fn person(id: &str, email: &str, given: &str, family: &str, display: &str) -> serde_json::Value {
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": id,
        "userName": email, "name": {"givenName": given, "familyName": family},
        "displayName": display, "active": true, "emails": [{"value": email, "primary": true}]})
}

/// Siobhán O'Brien, whose names carry an accent and an apostrophe, with `email`.
fn siobhan(email: &str) -> serde_json::Value {
    person("00u9sob", email, "Siobhán", "O'Brien", "Siobhán O'Brien")
}

#[test]
fn a_service_account_named_like_the_provider_leaves_the_provider_named() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(
        &dir,
        person(
            "00u9okta",
            "okta.sync@acme.example",
            "Okta",
            "Sync",
            "Okta Sync",
        ),
    );
    add_sync_rows(
        &dir,
        &["11/27/2026 4:02:00 PM,Okta,Update user,okta.sync@acme.example,Error,Okta Sync could not update its profile,,"],
    );
    let shown = dir.to_str().unwrap();
    let redactor = redact_support::redactor_of(&[shown]);
    // `Okta` is the person's given name, tied to them: its pseudonym has their stem.
    let provider = redactor.token("Okta");
    assert!(redactor.stem_of("Okta").is_some());
    for (what, out) in redacted_outputs(&dir) {
        assert!(
            !out.contains(&provider),
            "{what}: Okta is a pseudonym\n{out}"
        );
        assert!(
            !out.contains("Okta Sync"),
            "{what}: the person is left\n{out}"
        );
    }
    let human = synclint_in(&dir, &[&["check", shown, "--now", NOW][..], KEY].concat());
    assert!(human.contains(&redactor.token("Okta Sync")), "{human}");
    for text in [
        "invalid_set_of_roles (Okta could not authenticate with the roles it holds)",
        "No sync activity from Okta",
    ] {
        assert!(human.contains(text), "`{text}` is not kept\n{human}");
    }
}

#[test]
fn an_error_kind_is_shortened_only_when_it_was_cut() {
    let out = synclint_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[&["report", "fixtures/demo", "--since", "30d"][..], KEY].concat(),
    );
    let whole = format!(
        "409 Conflict (the user or group already exists): a user with username {} already exists\n",
        redact_support::redactor_of(&["fixtures/demo"]).token("grace.new@acme.example")
    );
    assert!(out.contains(&whole), "{out}");
    // Cut after `push`, which starts no one's value: it stays, as the plain kind has it.
    let cut = out.lines().find(|l| l.contains("400 Bad Request")).unwrap();
    assert!(
        cut.ends_with("Error while trying to push\u{2026}"),
        "a cut kind keeps its last word: {cut}"
    );
    assert!(!cut.contains("Judy"), "{cut}");
}

#[test]
fn a_name_cut_at_the_end_of_an_error_kind_becomes_its_pseudonym() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(
        &dir,
        person(
            "00u9mas",
            "masmith@acme.example",
            "Mary Ann",
            "Smith",
            "Mary Ann Smith",
        ),
    );
    let prefix =
        "Could not push the profile to Incydr as the manager attribute is empty; it belongs to ";
    assert_eq!(prefix.chars().count(), 86, "the cut falls inside the name");
    add_sync_rows(
        &dir,
        &[&format!("11/27/2026 4:08:00 PM,Okta,Update user,masmith@acme.example,Error,{prefix}Mary Ann Smith (masmith),,")],
    );
    let shown = dir.to_str().unwrap();
    let plain = synclint_in(&dir, &["report", shown, "--since", "30d"]);
    assert!(plain.contains("it belongs to Mary Ann\u{2026}"), "{plain}");
    let out = synclint_in(
        &dir,
        &[&["report", shown, "--since", "30d"][..], KEY].concat(),
    );
    let token = redact_support::redactor_of(&[shown]).token("Mary Ann Smith");
    let expected = format!("it belongs to {token} \u{2026}");
    assert!(out.contains(&expected), "{expected} in\n{out}");
    assert!(!out.contains("Mary"), "{out}");
}

#[test]
fn names_in_scripts_without_spaces_are_redacted_from_two_characters() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(
        &dir,
        person("00u9wang", "wang.wei@acme.example", "伟", "王", "王伟"),
    );
    add_scim_user(
        &dir,
        person(
            "00u9taro",
            "taro.yamada@acme.example",
            "太郎",
            "山田",
            "山田 太郎",
        ),
    );
    add_sync_rows(
        &dir,
        &[
            "11/27/2026 4:01:00 PM,Okta,Create user,wang.wei@acme.example,Error,Provisioning 王伟 failed: user 王伟 already exists,,",
            "11/27/2026 4:03:00 PM,Okta,Create user,taro.yamada@acme.example,Error,HTTP 409: a user with username TARO.YAMADA@ACME.EXAMPLE already exists (山田 太郎),,",
            "11/27/2026 4:04:00 PM,Okta,Update user,taro.yamada@acme.example,Error,Could not update 山田 (no manager),,",
        ],
    );
    for (what, out) in redacted_outputs(&dir) {
        for name in ["王伟", "山田", "太郎"] {
            assert!(!out.contains(name), "{what}: `{name}` is left\n{out}");
        }
    }
}

#[test]
fn report_learns_the_people_of_the_snapshots_as_check_does() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(&dir, siobhan("siobhan.obrien@acme.example"));
    add_sync_rows(
        &dir,
        &["11/27/2026 3:00:00 PM,Okta,Update role,siobhan.obrien@acme.example,Error,\"Unable to update role for Siobhán O'Brien; O'Brien's request id 20481234\",security-center-user,"],
    );
    let shown = dir.to_str().unwrap();
    let args = ["report", shown, "--since", "30d"];
    let out = synclint_in(&dir, &[&args[..], KEY].concat());
    assert!(out.contains("Unable to update role for"), "{out}");
    for name in ["Siobh", "O'Brien"] {
        assert!(!out.contains(name), "`{name}` is left\n{out}");
    }
}

#[test]
fn a_nested_group_is_not_a_person() {
    let (_tmp, dir) = demo_copy("export");
    add_group_member(
        &dir,
        "Incydr Users",
        json!({"value": "00g3", "display": "Security Analysts", "type": "Group"}),
    );
    add_group_member(
        &dir,
        "Incydr Users",
        json!({"value": "00g2", "display": "Incydr Admins"}),
    );
    for (what, out) in redacted_outputs(&dir) {
        for group in ["Security Analysts", "Incydr Admins", "00g3", "00g2"] {
            let pseudonym = token(group);
            assert!(
                !out.contains(&pseudonym),
                "{what}: `{group}` is a pseudonym\n{out}"
            );
        }
    }
    let shown = dir.to_str().unwrap();
    let human = synclint_in(&dir, &[&["check", shown, "--now", NOW][..], KEY].concat());
    assert!(human.contains("- group: Security Analysts"), "{human}");
}

#[test]
fn typographic_apostrophes_and_percent_encoded_addresses_are_redacted() {
    let (_tmp, dir) = demo_copy("export");
    add_scim_user(&dir, siobhan("Siobhan.OBrien+incydr@acme.example"));
    add_sync_rows(
        &dir,
        &[
            "11/27/2026 3:00:00 PM,Okta,Update user,Siobhan.OBrien+incydr@acme.example,Error,Could not update O\u{2019}Brien\u{2019}s profile (Siobhán O\u{2019}Brien),,",
            "11/27/2026 3:01:00 PM,Okta,Update user,Siobhan.OBrien+incydr@acme.example,Error,GET /scim/v2/Users?filter=userName%20eq%20%22Siobhan.OBrien%2Bincydr%40acme.example%22 returned 500,,",
        ],
    );
    for (what, out) in redacted_outputs(&dir) {
        for left in ["Brien", "Siobh", "%40acme", "OBrien%2B"] {
            assert!(!out.contains(left), "{what}: `{left}` is left\n{out}");
        }
    }
}

#[test]
fn sarif_fixes_show_the_redacted_path() {
    let (_tmp, dir) = demo_copy("Siobhán O'Brien/exports");
    add_scim_user(&dir, siobhan("siobhan.obrien@acme.example"));
    let root = _tmp.path();
    let args = [
        "check",
        "Siobhán O'Brien",
        "--now",
        NOW,
        "--format",
        "sarif",
    ];
    let plain = synclint_in(root, &args);
    assert!(
        plain.contains("\"fixes\"") && plain.contains("Siobh%C3%A1n"),
        "{plain}"
    );
    let redacted = synclint_in(root, &[&args[..], KEY].concat());
    assert!(redacted.contains("\"fixes\""), "{redacted}");
    for left in ["Siobh", "Brien"] {
        assert!(!redacted.contains(left), "`{left}` is left\n{redacted}");
    }
    // The trace shows where each grant of the mapping was read: in the same folder.
    let args = [
        "trace",
        "alice.admin@acme.example",
        "Siobhán O'Brien",
        "--format",
        "json",
    ];
    let plain = synclint_in(root, &args);
    assert!(plain.contains("Siobh"), "{plain}");
    let redacted = synclint_in(root, &[&args[..], KEY].concat());
    assert!(redacted.contains("\"grants\""), "{redacted}");
    for left in ["Siobh", "Brien"] {
        assert!(!redacted.contains(left), "`{left}` is left\n{redacted}");
    }
}

#[test]
fn the_human_format_never_cuts_a_pseudonym_at_its_hyphen() {
    let out = redact_support::synclint(&[
        "check",
        "fixtures/demo",
        "--redact",
        "--redact-key",
        "k1",
        "--color",
        "never",
    ]);
    assert!(out.contains("user-"), "{out}");
    for line in out.lines() {
        assert!(
            !line.trim_end().ends_with("user-"),
            "cut at the hyphen: {line}"
        );
    }
    // A pseudonym is `user-` and eight hex digits, then four more after a hyphen when
    // the value is tied to a person (rule ids such as `user-without-role` go on with
    // other letters).
    let token = regex::Regex::new(r"\buser-([0-9a-f]*)(-[0-9a-f]+)?(?:[^0-9a-z-]|$)").unwrap();
    let mut seen = 0;
    for found in token.captures_iter(&out) {
        assert_eq!(found[1].len(), 8, "{}", &found[0]);
        assert!(found.get(2).is_none_or(|m| m.len() == 5), "{}", &found[0]);
        seen += 1;
    }
    assert!(seen > 0, "{out}");
}
