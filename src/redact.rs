//! `--redact`: user names and email addresses become stable pseudonyms in every output, so a
//! report can leave the customer. The same input gives the same token within a run, and
//! across runs with the same `--redact-key`.

use hmac::{Hmac, KeyInit, Mac};
use regex::Regex;
use sha2::Sha256;

/// Replaces personal data in text.
pub struct Redactor {
    key: Vec<u8>,
    /// Known names (lowercased), longest first so longer names win.
    names: Vec<String>,
    email: Option<Regex>,
}

impl Redactor {
    /// A redactor keyed by `key`, or by a random per-run key.
    #[must_use]
    pub fn new(key: Option<&str>) -> Self {
        let key = key.map_or_else(random_key, |k| k.as_bytes().to_vec());
        let email = Regex::new(r"(?i)[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}").ok();
        Self {
            key,
            names: Vec::new(),
            email,
        }
    }

    /// Names to redact wherever they appear (user names, display names, given and family names).
    pub fn learn<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let name = name.trim().to_lowercase();
            if name.chars().count() >= 3 && !self.names.contains(&name) {
                self.names.push(name);
            }
        }
        self.names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// The pseudonym of one value: `user-1a2b3c4d`, keeping an email's shape.
    #[must_use]
    pub fn token(&self, value: &str) -> String {
        let lower = value.trim().to_lowercase();
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key) else {
            return "user-redacted".to_owned();
        };
        mac.update(lower.as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        if lower.contains('@') {
            format!("user-{hex}@redacted.invalid")
        } else {
            format!("user-{hex}")
        }
    }

    /// `text` with every known name and every email address replaced by its token.
    #[must_use]
    pub fn text(&self, text: &str) -> String {
        let mut out = match &self.email {
            Some(re) => re
                .replace_all(text, |c: &regex::Captures<'_>| self.token(&c[0]))
                .into_owned(),
            None => text.to_owned(),
        };
        for name in &self.names {
            out = replace_ignoring_case(&out, name, &self.token(name));
        }
        out
    }
}

fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() != text.len() || !lower.contains(needle) {
        return if lower.len() == text.len() {
            text.to_owned()
        } else {
            text.replace(needle, with)
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(needle) {
        if at >= last && text.is_char_boundary(at) && text.is_char_boundary(at + needle.len()) {
            out.push_str(&text[last..at]);
            out.push_str(with);
            last = at + needle.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

fn random_key() -> Vec<u8> {
    use std::hash::{BuildHasher, Hasher};
    let mut key = Vec::with_capacity(32);
    for _ in 0..4 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        key.extend_from_slice(&h.finish().to_le_bytes());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_with_a_key_and_differ_between_keys() {
        let a = Redactor::new(Some("k1"));
        let b = Redactor::new(Some("k1"));
        let c = Redactor::new(Some("k2"));
        assert_eq!(a.token("Ann@Example.com"), b.token("ann@example.com"));
        assert_ne!(a.token("ann@example.com"), c.token("ann@example.com"));
        assert!(a.token("ann@example.com").ends_with("@redacted.invalid"));
    }

    #[test]
    fn emails_and_learned_names_are_replaced() {
        let mut r = Redactor::new(Some("k"));
        r.learn(["Joel Miller", "jm"]);
        let out = r.text("User joel.miller@corp.example (JOEL MILLER) failed; jm stays short");
        assert!(!out.to_lowercase().contains("joel"), "{out}");
        assert!(
            out.contains("jm stays"),
            "names under 3 characters are left: {out}"
        );
        assert_eq!(out.matches("@redacted.invalid").count(), 1);
    }
}
