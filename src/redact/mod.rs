//! `--redact`: the people named in the inputs become stable pseudonyms in every output,
//! so a report can leave the customer and still say everything it said before.
//!
//! What is replaced: the values of people's fields (username, email, display name, given
//! and family name, and ids), learned from every input including the logs (see
//! [`learn`]), as whole fields and where they stand as whole words inside free text; and
//! any email address, by its shape; and IP addresses and the customer's host names (see
//! [`network`]). What is not: the names of groups, roles and
//! organizations, the product's own text (fix steps, menu paths) and the lines quoted
//! from the user's configuration, but for a person's value or address in them. A given
//! or family name that is also such a name (a family name `Sales` and a group `Sales`)
//! cannot be told apart in text and is left; the person's full name, username and email
//! are still replaced. In text, a single given or family name counts where it is written
//! with a capital, and, when it is also a common word (see [`words`]), only next to
//! another part of the same person's name; values under three characters (two in scripts written without
//! spaces, such as Chinese) or numbers under six digits are not looked for (they would
//! hit words, counts and codes). Apostrophes match however they are written, and an
//! address is found also percent-encoded in a URL.
//!
//! Every value has one pseudonym (`user-1a2b3c4d`, `user-1a2b3c4d@redacted.invalid` for
//! an email): the same in every format within a run, and across runs with the same
//! `--redact-key`. The values the inputs tie to one person (see [`people`]) share that
//! person's stem, with a mark of the spelling: `user-1a2b3c4d-5e6f`. Fingerprints of a redacted run are hashes of its pseudonyms (see
//! `check::baseline`). All values are matched at once by one automaton, so a string is read
//! once however many people there are.

mod apply;
mod cut;
pub mod learn;
mod names;
mod network;
mod people;
mod scan;
mod words;

pub use names::{fold, Kind, Names};

use aho_corasick::{AhoCorasick, MatchKind};
use hmac::{Hmac, KeyInit, Mac};
use regex::Regex;
use sha2::Sha256;

/// The domain of an email's pseudonym.
const TOKEN_DOMAIN: &str = "@redacted.invalid";

/// Replaces personal data in text.
pub struct Redactor {
    /// The keyed hash pseudonyms are made with, keyed once and copied for each value.
    mac: Hmac<Sha256>,
    /// Whether the key was given (`--redact-key`, `SYNCLINT_REDACT_KEY`), rather than
    /// drawn at random for this run.
    fixed_key: bool,
    email: Regex,
    encoded_email: Regex,
    matcher: Option<AhoCorasick>,
    entries: Vec<scan::Entry>,
    /// The learned person values, less the name parts that are also names to keep: what
    /// a whole file or folder name is compared with.
    learned: names::Map<String, Kind>,
    /// The person each value tied to one is (see [`people`]), and each person's stem.
    owner: names::Map<String, u32>,
    stems: Vec<String>,
    /// The learned person values, sorted: what the end of a cut message may start.
    sorted: Vec<String>,
    /// IP addresses and the customer's host names.
    network: network::Network,
}

impl Redactor {
    /// A redactor keyed by `key` (or a random per-run key) for the people and the names
    /// to keep in `names`.
    ///
    /// # Errors
    /// When the address pattern or the automaton of the names cannot be built: no report
    /// is better than one that is not redacted.
    pub fn new(key: Option<&str>, names: &Names) -> Result<Self, String> {
        // An empty key would let anyone compute the pseudonym of a guessed email: it is no
        // key, and a random one is drawn instead.
        let key = key.filter(|k| !k.is_empty());
        let fixed_key = key.is_some();
        let key = key.map_or_else(random_key, |k| k.as_bytes().to_vec());
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
            .map_err(|e| format!("--redact: the key cannot be used: {e}"))?;
        // An address with letters of any script: `jörg.müller@beispiel.de`.
        let email =
            Regex::new(r"[\p{L}\p{M}\p{N}._%+'-]+@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+")
                .map_err(|e| format!("--redact: the address pattern does not compile: {e}"))?;
        // The same in a URL, with its `@` and other characters percent-encoded (a SCIM
        // filter quoted in an error: `userName%20eq%20%22ann%40corp.example%22`).
        let encoded_email = Regex::new(
            r"(?:[\p{L}\p{M}\p{N}._+'-]|%[0-9A-Fa-f]{2})+%40[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+",
        )
        .map_err(|e| format!("--redact: the address pattern does not compile: {e}"))?;
        let people = names.ties.people();
        // A value and the other spellings of its apostrophes: the same entry.
        let mut patterns: Vec<String> = Vec::with_capacity(names.people.len() + names.kept.len());
        let mut entries = Vec::with_capacity(patterns.capacity());
        let mut add = |value: &String, entry: scan::Entry| {
            for variant in std::iter::once(value.clone()).chain(names::apostrophe_variants(value)) {
                patterns.push(variant);
                entries.push(entry);
            }
        };
        for (value, kind) in &names.people {
            let entry = scan::Entry {
                person: Some(*kind),
                keep: names.kept.contains(value),
                owner: people.of.get(value).copied(),
                common: *kind == Kind::Part && words::is_common(value),
            };
            add(value, entry);
        }
        for value in names.kept.iter().filter(|v| !names.people.contains_key(*v)) {
            let entry = scan::Entry {
                person: None,
                keep: true,
                owner: None,
                common: false,
            };
            add(value, entry);
        }
        let matcher = if patterns.is_empty() {
            None
        } else {
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .map_err(|e| {
                    format!(
                        "--redact cannot look for {} names at once: {e}",
                        patterns.len()
                    )
                })?;
            Some(built)
        };
        let stems = people
            .keys
            .iter()
            .map(|k| hex_of(&mac, &format!("\0person\0{k}"), 4))
            .collect();
        let addresses = names.people.keys().filter(|v| v.contains('@'));
        let network = network::Network::new(addresses.map(String::as_str))?;
        let mut sorted: Vec<String> = names.people.keys().cloned().collect();
        sorted.sort_unstable();
        Ok(Self {
            sorted,
            network,
            owner: people.of,
            stems,
            mac,
            fixed_key,
            email,
            encoded_email,
            matcher,
            entries,
            learned: names
                .people
                .iter()
                .filter(|(value, kind)| **kind == Kind::Whole || !names.kept.contains(*value))
                .map(|(value, kind)| (value.clone(), *kind))
                .collect(),
        })
    }

    /// The pseudonym of one value: `user-1a2b3c4d`, keeping an email's shape. Case,
    /// surrounding space, the spelling of apostrophes and the percent-encoding of an
    /// address in a URL do not count. A value the inputs tie to one person has the
    /// person's stem and a mark of its spelling: `user-1a2b3c4d-5e6f` (see [`people`]).
    #[must_use]
    pub fn token(&self, value: &str) -> String {
        let decoded = if !value.contains('@') && value.contains("%40") {
            std::borrow::Cow::Owned(scan::percent_decoded(value))
        } else {
            std::borrow::Cow::Borrowed(value)
        };
        let key = names::fold_key(&decoded);
        let domain = if key.contains('@') { TOKEN_DOMAIN } else { "" };
        let stem = self
            .owner
            .get(key.as_ref())
            .and_then(|p| self.stems.get(*p as usize));
        match stem {
            Some(stem) => format!("user-{stem}-{}{domain}", hex_of(&self.mac, &key, 2)),
            None => format!("user-{}{domain}", hex_of(&self.mac, &key, 4)),
        }
    }

    /// The stem of the person `value` is tied to, if the inputs tie it to one.
    #[must_use]
    pub fn stem_of(&self, value: &str) -> Option<&str> {
        let person = self.owner.get(names::fold_key(value).as_ref())?;
        self.stems.get(*person as usize).map(String::as_str)
    }

    /// Whether the key was given rather than random: only then are pseudonyms and
    /// fingerprints the same from one run to the next.
    #[must_use]
    pub fn key_is_fixed(&self) -> bool {
        self.fixed_key
    }

    /// A short mark of the key, for a baseline to say which key its fingerprints were
    /// made with. It is a pseudonym of a fixed text, so it says no more about the key
    /// than any pseudonym in a report does.
    #[must_use]
    pub fn key_check(&self) -> String {
        hex_of(&self.mac, "synclint baseline key check", 4)
    }

    /// A field that holds one person's value, as its pseudonym.
    #[must_use]
    pub fn value(&self, value: &str) -> String {
        if value.trim().is_empty() {
            value.to_owned()
        } else {
            self.token(value)
        }
    }

    /// `text` with every learned person value that stands there as a word, and every
    /// email address, replaced by its pseudonym.
    #[must_use]
    pub fn text(&self, text: &str) -> String {
        self.replace(text)
    }

    /// A file path with every folder or file name that is a person's value (or whose
    /// name before the extension is: `alice@acme.example.csv`) replaced, and the other
    /// names redacted as text.
    #[must_use]
    pub fn path(&self, path: &str) -> String {
        let mut out = String::with_capacity(path.len());
        let mut rest = path;
        while let Some(at) = rest.find(['/', '\\']) {
            let (part, tail) = rest.split_at(at);
            out.push_str(&self.path_part(part));
            let (separator, tail) = tail.split_at(1);
            out.push_str(separator);
            rest = tail;
        }
        out.push_str(&self.path_part(rest));
        out
    }

    fn path_part(&self, part: &str) -> String {
        if let Some((stem, ext)) = part.rsplit_once('.').filter(|(s, _)| !s.is_empty()) {
            if self.is_person(stem) || self.is_name_part(stem) {
                return format!("{}.{ext}", self.token(stem));
            }
        }
        if self.is_person(part) {
            return self.token(part);
        }
        self.replace(part)
    }

    /// Whether `value` is, as a whole, a learned person value (other than a name part,
    /// which is only one when written as a name) or an email address.
    fn is_person(&self, value: &str) -> bool {
        self.learned.get(&fold(value)) == Some(&Kind::Whole)
            || self
                .email
                .find(value)
                .is_some_and(|m| m.start() == 0 && m.end() == value.len())
    }

    /// Whether `value` is, as a whole, a given or family name written as a name (with a
    /// capital, or in a script without case), and neither a name to keep nor a common
    /// word (a file `New.csv` is not Grace New's).
    fn is_name_part(&self, value: &str) -> bool {
        let folded = fold(value);
        self.learned.get(&folded) == Some(&Kind::Part)
            && !words::is_common(&folded)
            && value.chars().next().is_some_and(|c| !c.is_lowercase())
    }

    fn replace(&self, text: &str) -> String {
        let spans = scan::spans(self, text);
        if spans.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 8 * spans.len());
        let mut last = 0;
        for (span, what) in spans {
            out.push_str(text.get(last..span.start).unwrap_or_default());
            let found = text.get(span.clone()).unwrap_or_default();
            match what {
                scan::What::Person => out.push_str(&self.token(found)),
                _ => out.push_str(&self.network_token(found, what)),
            }
            last = span.end;
        }
        out.push_str(text.get(last..).unwrap_or_default());
        out
    }
}

impl Redactor {
    /// The pseudonym of an IP address (`ip-1a2b3c4d`, the same however the address is
    /// written) or of a host (`host-1a2b3c4d.redacted.invalid`) or of the labels of a
    /// host that name the customer (`host-1a2b3c4d`, before the vendor's domain).
    fn network_token(&self, found: &str, what: scan::What) -> String {
        let lower = found.to_ascii_lowercase();
        match what {
            scan::What::Ip => {
                let canonical = lower
                    .parse::<std::net::IpAddr>()
                    .map_or(lower, |ip| ip.to_string());
                format!("ip-{}", hex_of(&self.mac, &format!("\0ip\0{canonical}"), 4))
            }
            scan::What::Host => format!(
                "host-{}.redacted.invalid",
                hex_of(&self.mac, &format!("\0host\0{lower}"), 4)
            ),
            _ => format!("host-{}", hex_of(&self.mac, &format!("\0host\0{lower}"), 4)),
        }
    }
}

/// The first `bytes` bytes of the keyed hash of `text`, in hex.
fn hex_of(mac: &Hmac<Sha256>, text: &str, bytes: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut mac = mac.clone();
    mac.update(text.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut out = String::with_capacity(bytes * 2);
    for b in digest.iter().take(bytes) {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
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
mod tests;
