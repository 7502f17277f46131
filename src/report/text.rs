//! Helpers the machine-readable formats share: turning a finding's path into a relative
//! URI, and the list of rules a format describes. The escapers for input text (inert,
//! terminal, Markdown, GitHub workflow commands) live in [`crate::text`], which the other
//! modules use too, and are re-exported here.

pub use crate::text::{github_data, github_property, inert, markdown, terminal};

use super::{Report, RuleInfo};
use crate::finding::Finding;
use crate::model::Location;
use crate::rules::Docs;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::Path;

/// Characters percent-encoded in a relative URI reference: everything but the unreserved
/// characters, `/` and a few harmless sub-delimiters. `:` is encoded so a first segment is
/// never read as a scheme.
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b':')
    .add(b'\'');

/// A finding's path as a repository-style relative path: forward slashes, no leading `./`,
/// and an absolute path made relative to the current directory when it lies below it.
/// Returns the path and whether it is still absolute.
#[must_use]
pub fn relative_path(path: &str) -> (String, bool) {
    let mut text = path.to_owned();
    if Path::new(path).is_absolute() {
        if let Some(rel) = std::env::current_dir().ok().and_then(|cwd| {
            Path::new(path)
                .strip_prefix(cwd)
                .ok()
                .map(Path::to_path_buf)
        }) {
            text = rel.to_string_lossy().into_owned();
        }
    }
    let mut text = text.replace('\\', "/");
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.trim_start_matches('/').to_owned();
    }
    let absolute = text.starts_with('/');
    (text, absolute)
}

/// A place as `PATH:LINE:COLUMN` with the path made relative as in [`relative_path`].
#[must_use]
pub fn place(loc: &Location) -> String {
    let (path, _) = relative_path(&loc.path);
    Location::new(path, loc.line, loc.column).to_string()
}

/// A finding's path relative to the root of the repository the run is in (the nearest
/// folder at or above the current directory that holds `.git`), as GitHub code scanning
/// and workflow annotations resolve paths: a check run from `deploy/` names
/// `deploy/synclint.yaml`. Outside a repository, or for a path outside it, as
/// [`relative_path`].
#[must_use]
pub fn repo_path(path: &str) -> (String, bool) {
    let relative = relative_path(path);
    let Ok(cwd) = std::env::current_dir() else {
        return relative;
    };
    let Some(root) = cwd.ancestors().find(|dir| dir.join(".git").exists()) else {
        return relative;
    };
    let full = lexical(&cwd.join(path));
    match full.strip_prefix(root) {
        Ok(inside) if root != cwd => (inside.to_string_lossy().replace('\\', "/"), false),
        _ => relative,
    }
}

/// `path` with its `.` and `..` parts resolved by name (no link is followed).
fn lexical(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A finding's path as a URI reference for SARIF: relative to the repository when it can
/// be (see [`repo_path`]), else a `file://` URI; percent-encoded either way.
#[must_use]
pub fn path_uri(path: &str) -> String {
    let (text, absolute) = repo_path(path);
    let encoded = utf8_percent_encode(&text, URI_PATH).to_string();
    if absolute {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// `role-unavailable` → `RoleUnavailable`.
#[must_use]
pub fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The rules a format describes: those in [`Report::rules`], then one made from the
/// findings for any rule a finding names that is not listed there (so every finding has a
/// rule to point at).
#[must_use]
pub fn rules(report: &Report) -> Vec<RuleInfo> {
    let mut rules = report.rules.clone();
    for f in report.findings.iter() {
        if !rules.iter().any(|r| *r.id == *f.rule) {
            rules.push(rule_from_finding(&f));
        }
    }
    rules
}

fn rule_from_finding(f: &Finding) -> RuleInfo {
    RuleInfo {
        id: f.rule.to_string(),
        title: f.title.to_string(),
        severity: f.severity,
        category: f.category.to_string(),
        tags: Vec::new(),
        references: Vec::new(),
        docs: Docs {
            what: String::new(),
            why: String::new(),
            fix: String::new(),
        },
        fix: Vec::new(),
    }
}

/// How many events a finding counts and for how many users: "13 events for 1 user", or
/// "1 event (no user named)" when its events name nobody (never "0 users").
#[must_use]
pub fn events_and_users(events: u64, users: u64) -> String {
    let count = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let events = count(events, "event", "events");
    match users {
        0 => format!("{events} (no user named)"),
        n => format!("{events} for {}", count(n, "user", "users")),
    }
}

/// Fix steps as a numbered list, one per line.
#[must_use]
pub fn numbered(steps: &[String]) -> String {
    steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {s}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finding's subjects as `kind: name` pairs.
#[must_use]
pub fn subjects(f: &Finding) -> Vec<String> {
    f.subjects
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect()
}

/// `reference` when it is a plain `http(s)://` URL that can be written as a link as it is
/// (no spaces, quotes, angle brackets or control characters).
#[must_use]
pub fn web_url(reference: &str) -> Option<&str> {
    let url = reference.trim();
    let scheme = url.starts_with("https://") || url.starts_with("http://");
    let plain = url.chars().all(|c| {
        c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\' | '`' | '{' | '}' | '|')
    });
    (scheme && plain).then_some(url)
}

/// A reference as Markdown: an autolink for a plain URL, else escaped text.
#[must_use]
pub fn markdown_reference(reference: &str) -> String {
    web_url(reference).map_or_else(|| markdown(reference), |url| format!("<{url}>"))
}
