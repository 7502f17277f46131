//! The network addresses `--redact` replaces in text: every IP address (v4 and v6), and
//! the host names of the customer's domains.
//!
//! The customer's domains are those of the addresses learned from the inputs
//! (`acme.example` of `jane@acme.example`), less the public mail services and the
//! vendors' own domains (a consultant's `gmail.com`, an Okta admin's `okta.com`). A host
//! that is such a domain or under one (`scim.acme.example`) is replaced whole. A vendor's
//! host stays as written (`api.us.code42.com`, `login.microsoftonline.com`): it says which
//! service failed and nothing of the customer; but a tenant label that names the customer
//! (`acme` of `acme.okta.com`, `acme-admin.okta.com`) is replaced, and the vendor's part
//! kept. The customer's name is the label of a domain before its public suffix (`acme` of
//! `mail.acme.co.uk` and of `acme.onmicrosoft.com`), when it is not a common word.

use super::words;
use regex::Regex;
use std::ops::Range;

/// What a span of text is, for the pseudonym it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum What {
    Person,
    Ip,
    /// A host name of the customer's, replaced whole.
    Host,
    /// The labels of a host that name the customer, before a vendor's domain.
    Tenant,
}

/// Domains that are nobody's own: public mail services and the vendors of the sync.
const NOT_THE_CUSTOMERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "qq.com",
    "163.com",
    "zoho.com",
    "code42.com",
    "incydr.com",
    "crashplan.com",
    "okta.com",
    "oktapreview.com",
    "okta-emea.com",
    "okta-gov.com",
    "microsoft.com",
    "microsoftonline.com",
    "windows.net",
    "azure.com",
    "onelogin.com",
    "jumpcloud.com",
    "pingidentity.com",
    "pingone.com",
    "pingone.eu",
    "pingone.ca",
    "pingone.asia",
    "google.com",
    "amazonaws.com",
    "invalid",
];

/// Public suffixes of two labels, and the vendors' domains whose first label is a
/// tenant's: what comes off a domain before its name label.
const SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "com.au",
    "net.au",
    "org.au",
    "co.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "co.in",
    "com.br",
    "com.cn",
    "co.za",
    "com.mx",
    "co.kr",
    "com.sg",
    "com.tr",
    "onmicrosoft.com",
];

/// Finds IP addresses and the customer's host names.
pub(super) struct Network {
    /// The customer's domains, lowercase.
    domains: Vec<String>,
    /// The customer's names, lowercase: the name label of each domain.
    names: Vec<String>,
    host: Regex,
    ipv4: Regex,
    ipv6: Regex,
}

impl Network {
    /// The finder for the domains of `addresses` (learned values holding an `@`).
    pub fn new<'a>(addresses: impl Iterator<Item = &'a str>) -> Result<Self, String> {
        let mut domains: Vec<String> = addresses
            .filter_map(|a| a.rsplit_once('@'))
            .map(|(_, d)| d.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|d| d.contains('.') && !is_under_any(d, NOT_THE_CUSTOMERS))
            .collect();
        domains.sort();
        domains.dedup();
        let mut names: Vec<String> = domains.iter().filter_map(|d| name_of(d)).collect();
        names.sort();
        names.dedup();
        let compile = |pattern: &str| {
            Regex::new(pattern)
                .map_err(|e| format!("--redact: the network address pattern does not compile: {e}"))
        };
        Ok(Self {
            domains,
            names,
            host: compile(
                r"(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?",
            )?,
            ipv4: compile(r"(?:\d{1,3}\.){3}\d{1,3}")?,
            ipv6: compile(
                r"(?i)(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?",
            )?,
        })
    }

    /// The addresses and hosts of `text`, added to `out`.
    pub fn spans(&self, text: &str, out: &mut Vec<(Range<usize>, What)>) {
        if text.contains('.') {
            for m in self.ipv4.find_iter(text) {
                let ok = m.as_str().parse::<std::net::Ipv4Addr>().is_ok();
                if ok && ipv4_stands_alone(text, m.start(), m.end()) {
                    out.push((m.range(), What::Ip));
                }
            }
            if !self.domains.is_empty() {
                for m in self.host.find_iter(text) {
                    if let Some(found) = self.host_span(m.as_str()) {
                        let (end, what) = found;
                        out.push((m.start()..m.start() + end, what));
                    }
                }
            }
        }
        if text.contains(':') {
            for m in self.ipv6.find_iter(text) {
                let s = m.as_str();
                let alone = !word_at(text.get(..m.start()).and_then(|b| b.chars().next_back()))
                    && !continues(text.get(m.end()..).unwrap_or_default());
                let hex = s.chars().any(|c| c.is_ascii_hexdigit());
                if alone && hex && s.parse::<std::net::Ipv6Addr>().is_ok() {
                    out.push((m.range(), What::Ip));
                }
            }
        }
    }

    /// How much of `host` to replace, and as what: all of a customer's host, the labels
    /// up to the one naming the customer of another host, or none.
    fn host_span(&self, host: &str) -> Option<(usize, What)> {
        let lower = host.to_ascii_lowercase();
        if is_under_any(&lower, &self.domains) {
            return Some((host.len(), What::Host));
        }
        let labels: Vec<&str> = lower.split('.').collect();
        let leading = labels.len().checked_sub(2)?;
        let mut end = None;
        let mut at = 0;
        for label in labels.iter().take(leading) {
            at += label.len();
            let names_customer = self.names.iter().any(|n| {
                label == n
                    || label
                        .strip_prefix(n.as_str())
                        .is_some_and(|r| r.starts_with('-'))
            });
            if names_customer {
                end = Some(at);
            }
            at += 1;
        }
        end.map(|end| (end, What::Tenant))
    }
}

/// Whether `domain` is one of `parents` or under one.
fn is_under_any<S: AsRef<str>>(domain: &str, parents: &[S]) -> bool {
    parents.iter().any(|p| {
        let p = p.as_ref();
        domain == p || domain.strip_suffix(p).is_some_and(|r| r.ends_with('.'))
    })
}

/// The label of `domain` that names its owner: the last one before its public suffix.
fn name_of(domain: &str) -> Option<String> {
    let rest = SUFFIXES
        .iter()
        .find_map(|s| domain.strip_suffix(s).and_then(|r| r.strip_suffix('.')))
        .or_else(|| domain.rsplit_once('.').map(|(r, _)| r))?;
    let name = rest.rsplit('.').next()?;
    let useful = name.len() >= 3 && !words::is_common(name);
    useful.then(|| name.to_owned())
}

fn word_at(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '.'))
}

/// Whether an address goes on into `after`: a dot ends it at the end of a sentence.
fn continues(after: &str) -> bool {
    let mut ahead = after.chars();
    match ahead.next() {
        Some('.') => ahead.next().is_some_and(char::is_alphanumeric),
        next => word_at(next),
    }
}

/// Whether the dotted quad at `start..end` is an address, not part of a longer number
/// or version (`1.2.3.4.5`, `v1.2.3.4`, `Chrome/107.0.0.0`).
fn ipv4_stands_alone(text: &str, start: usize, end: usize) -> bool {
    let mut back = text.get(..start).unwrap_or_default().chars().rev();
    let (before, beyond) = (back.next(), back.next());
    let mut ahead = text.get(end..).unwrap_or_default().chars();
    let (after, then) = (ahead.next(), ahead.next());
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let version = before == Some('/') && glued(beyond);
    let longer_before = before == Some('.') && glued(beyond);
    let longer_after = after == Some('.') && then.is_some_and(|c| c.is_ascii_digit());
    !glued(before) && !glued(after) && !version && !longer_before && !longer_after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(network: &Network, text: &str) -> Vec<(String, What)> {
        let mut out = Vec::new();
        network.spans(text, &mut out);
        out.into_iter()
            .map(|(r, w)| (text.get(r).unwrap_or_default().to_owned(), w))
            .collect()
    }

    #[test]
    fn addresses_of_both_versions_are_found_and_versions_and_times_are_not() {
        let n = Network::new(std::iter::empty()).unwrap();
        let text = "from 192.0.2.10, [2001:db8::7]:443 and ::ffff:198.51.100.4; \
                    Chrome/107.0.0.0, v1.2.3.4, 1.2.3.4.5, 300.1.1.1, at 16:10:00 UTC, x::y, to ::1.";
        let ips: Vec<String> = found(&n, text).into_iter().map(|(s, _)| s).collect();
        // The IPv4 part of the mapped address is found too; the longer span wins later.
        assert_eq!(
            ips,
            [
                "192.0.2.10",
                "198.51.100.4",
                "2001:db8::7",
                "::ffff:198.51.100.4",
                "::1"
            ]
        );
    }

    #[test]
    fn the_customers_hosts_are_found_and_vendors_hosts_are_kept() {
        let n = Network::new(
            [
                "jane@acme.example",
                "pat@gmail.com",
                "ops@okta.com",
                "kim@corp.acme.co.uk",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(n.domains, ["acme.example", "corp.acme.co.uk"]);
        assert_eq!(n.names, ["acme"]);
        let text = "connection to scim.acme.example failed; acme.okta.com and \
                    acme-admin.okta.com; api.us.code42.com; mail.gmail.com; notacme.example.org";
        let hosts = found(&n, text);
        assert_eq!(
            hosts,
            [
                ("scim.acme.example".to_owned(), What::Host),
                ("acme".to_owned(), What::Tenant),
                ("acme-admin".to_owned(), What::Tenant),
            ]
        );
    }
}
