//! Masking secrets in configuration text before anything parses, quotes or renders it.
//!
//! A small scanner walks the YAML text (block and flow style, quoted strings, comments,
//! block scalars) and finds every mapping key whose name says it may hold a secret (see
//! [`is_secret_key`]); a quoted key is read with its escapes decoded, so `"pass\x77ord"` is
//! `password`. The key's value, whatever its style (plain, quoted over several lines,
//! literal, folded, a flow collection, or lines indented under the key), has each non-blank
//! character replaced by `x`, one per byte, so byte offsets, lines and the document's
//! structure stay as they were.
//!
//! Keys that *name* a secret (`password_env`, `password_file`) keep their value in the text
//! that is parsed ([`mask`]), since synclint needs it; in the text that is shown
//! ([`mask_shown`]) their value is masked too, because people often write the password
//! itself there by mistake.

use std::borrow::Cow;
use std::ops::Range;

/// Keys (lowercase, `-` and spaces read as `_`) whose value names where the secret is, not
/// the secret itself.
const NAME_KEYS: &[&str] = &["password_env", "password_file"];

/// The keys a misspelling of which is treated as a secret key too.
const NEAR: &[&str] = &["password", "password_env", "password_file"];

/// Whether a key's value may be a secret: its name (the parsed name, escapes decoded)
/// contains `pass`, `pwd`, `secret`, `token`, `api_key`, `apikey`, `credential` or
/// `private_key` in any case, or is a misspelling of `password`, `password_env` or
/// `password_file`; but not `password_env` or `password_file` themselves (see
/// [`is_secret_name_key`]).
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    let key = crate::yaml::key_words(key);
    !NAME_KEYS.contains(&key.as_str())
        && (crate::yaml::secret_like(&key)
            || crate::suggest::closest(&key, NEAR.iter().copied()).is_some())
}

/// Whether a key's value names where a secret is kept (`password_env`, `password_file`);
/// such a value is masked wherever the configuration is shown.
#[must_use]
pub fn is_secret_name_key(key: &str) -> bool {
    NAME_KEYS.contains(&crate::yaml::key_words(key).as_str())
}

/// `text` with every secret value masked (see the module documentation): the text to
/// parse.
#[must_use]
pub fn mask(text: &str) -> Cow<'_, str> {
    let ranges = Scanner::new(text, false).run().values;
    replace(text, &ranges)
}

/// `text` with every secret value, and the value of every key that names a secret's
/// place, masked: the text to show in messages and reports. Offsets stay the same, so a
/// span into the text [`mask`] gives is a span into this one.
#[must_use]
pub fn mask_shown(text: &str) -> Cow<'_, str> {
    let ranges = Scanner::new(text, true).run().values;
    replace(text, &ranges)
}

/// The byte range of the key (a secret key or one that names a secret's place) whose
/// value starts at byte `at` of `text`; None when no such key is found right before it.
#[must_use]
pub fn key_of_value(text: &str, at: usize) -> Option<Range<usize>> {
    let key = Scanner::new(text, true)
        .run()
        .keys
        .into_iter()
        .take_while(|k| k.end <= at)
        .last()?;
    let between = text.get(key.end..at)?.trim_start().strip_prefix(':')?;
    (!between.contains(':')).then_some(key)
}

fn replace<'a>(text: &'a str, ranges: &[Range<usize>]) -> Cow<'a, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(text.get(at..r.start).unwrap_or_default());
        for c in text.get(r.clone()).unwrap_or_default().chars() {
            if c.is_whitespace() {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('x', c.len_utf8()));
            }
        }
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Cow::Owned(out)
}

#[path = "secrets_scan.rs"]
mod scan;
use scan::Scanner;

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
