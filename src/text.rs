//! Escaping text that came from an input (names, messages, paths), which may hold
//! anything: markup, newlines, terminal escapes. Every output passes such values through
//! one of these first. This module depends on nothing else in the crate, so the report
//! formats, the sync report, snippets and the model can all use it.

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
