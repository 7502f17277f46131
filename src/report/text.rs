//! Helpers the machine-readable formats share: making input text inert, escaping it for
//! Markdown and GitHub workflow commands, turning a finding's path into a relative URI, and
//! the list of rules a format describes.
//!
//! Every value that came from an input (names, messages, paths) may hold anything: markup,
//! newlines, terminal escapes. Each format passes such values through one of these first.

use super::{Report, RuleInfo};
use crate::finding::Finding;
use crate::model::Location;
use crate::rules::Docs;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::Path;

/// Replace characters that must never reach an output unchanged with U+FFFD: control
/// characters other than tab, newline and carriage return (among them the ESC of terminal
/// escape sequences, and everything XML 1.0 forbids), the non-characters U+FFFE and U+FFFF,
/// and the bidirectional overrides that make text display in another order than it reads.
#[must_use]
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                '\u{FFFD}'
            }
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Text for a terminal or a log, as one line: as [`inert`], a carriage return (which can
/// overwrite what a line showed) becomes U+FFFD, and each line break becomes `↵`, so a
/// value can never start a line of its own (a forged log line, or a GitHub workflow
/// command such as `::error`, which a runner reads at the start of any line).
#[must_use]
pub fn terminal(text: &str) -> String {
    inert(text)
        .replace("\r\n", "\u{21B5}")
        .replace('\r', "\u{FFFD}")
        .replace(['\n', '\u{2028}', '\u{2029}'], "\u{21B5}")
}

/// Escape text for GitHub-flavoured Markdown, in a table cell, a list item, a heading or a
/// paragraph: the result is one line, shows every character literally and can open no
/// HTML tag, link, emphasis, code span or table cell.
#[must_use]
pub fn markdown(text: &str) -> String {
    let text = inert(text).replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            ' ' if at_start => out.push_str("&#32;"),
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if at_start_number(&text[..i]) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        at_start = at_start && c == ' ';
    }
    out
}

/// Whether `before` is the leading digits of a value (so a `.` or `)` after them would
/// start an ordered list).
fn at_start_number(before: &str) -> bool {
    !before.is_empty() && before.len() <= 9 && before.bytes().all(|b| b.is_ascii_digit())
}

/// Escape the data part of a GitHub workflow command (after the second `::`).
#[must_use]
pub fn github_data(text: &str) -> String {
    inert(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a GitHub workflow command (`file=`, `title=`, ...).
#[must_use]
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

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

/// A finding's path as a URI reference for SARIF: relative when it can be (see
/// [`relative_path`]), else a `file://` URI; percent-encoded either way.
#[must_use]
pub fn path_uri(path: &str) -> String {
    let (text, absolute) = relative_path(path);
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
    for f in &report.findings {
        if !rules.iter().any(|r| *r.id == *f.rule) {
            rules.push(rule_from_finding(f));
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
