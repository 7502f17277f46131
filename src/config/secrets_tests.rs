//! Unit tests of the secret scanner (`secrets.rs`).

use super::*;

#[test]
fn offsets_stay_and_names_of_secrets_stay() {
    let text = "a:\n  password: \"s3 cret\"\n  password_env: PW\n  b: 1\n";
    let masked = mask(text);
    assert_eq!(masked.len(), text.len());
    assert!(masked.contains("password: \"xx xxxx\"\n  password_env: PW\n  b: 1"));
    let block = "s:\n  token: |\n    hunter2\n\n    more\n  port: 25\n";
    let masked = mask(block);
    assert!(!masked.contains("hunter2") && !masked.contains("more"));
    assert!(masked.contains("  port: 25"));
    assert_eq!(mask("a: b\n"), "a: b\n");
    let flow = "s: {host: h, pass: p1, port: 2}\n";
    assert_eq!(mask(flow), "s: {host: h, pass: xx, port: 2}\n");
    let note = "note: \"password: not a key\"\n";
    assert_eq!(mask(note), note);
}

#[test]
fn keys_that_may_hold_a_secret() {
    for key in [
        "password",
        "Password",
        "pasword",
        "passwrod",
        "password2",
        "smtp_pass",
        "smtp pass",
        "SMTP-Password",
        "pwd",
        "client_secret",
        "apiKey",
        "api-key",
        "authToken",
        "credentials",
        "pasword_env",
        "password_fiel",
    ] {
        assert!(is_secret_key(key), "{key}");
    }
    for key in [
        "password_env",
        "password_file",
        "host",
        "username",
        "port",
        "timeout",
    ] {
        assert!(!is_secret_key(key), "{key}");
    }
    assert!(is_secret_name_key("password_env") && !is_secret_name_key("password"));
}

#[test]
fn a_key_is_read_as_yaml_reads_it() {
    let text = "s:\n  \"pass\\x77ord\": hunter2\n  'pass''wd': two\n  &a !!str token: three\n";
    let masked = mask(text);
    assert_eq!(masked.len(), text.len());
    for secret in ["hunter2", "two", "three"] {
        assert!(!masked.contains(secret), "{secret}: {masked}");
    }
    let glued = mask("s:\n  password:hunter2\n  port: 25\n");
    assert_eq!(glued, "s:\n  password:xxxxxxx\n  port: 25\n");
    let spaced = mask("s:\n  smtp pass: hunter2\n");
    assert_eq!(spaced, "s:\n  smtp pass: xxxxxxx\n");
}

#[test]
fn names_of_secrets_are_masked_only_where_shown() {
    let text = "s:\n  password_env: Hunter2\n  password_file: \"pw file\"\n  host: h\n";
    assert_eq!(mask(text), text);
    assert_eq!(
        mask_shown(text),
        "s:\n  password_env: xxxxxxx\n  password_file: \"xx xxxx\"\n  host: h\n"
    );
}

#[test]
fn the_key_of_a_value_is_found() {
    let text = "s:\n  host: h\n  \"pass\\x77ord\": xxxx\n  password_env: P\n";
    let at = text.find("xxxx").unwrap_or_default();
    let key = key_of_value(text, at).unwrap_or_default();
    assert_eq!(&text[key], "\"pass\\x77ord\"");
    let at = text.rfind('P').unwrap_or_default();
    assert_eq!(
        key_of_value(text, at).map(|k| &text[k]),
        Some("password_env")
    );
    let host = text.find(" h\n").unwrap_or_default() + 1;
    assert_eq!(key_of_value(text, host), None);
}
