//! What a YAML error says to the user. serde-saphyr's messages are written for the
//! programmer who calls it (`set DuplicateKeyPolicy in Options if acceptable`) and end with
//! the position, which the label shows already; here each is said plainly, without the
//! position, with a "did you mean" where a name was misspelt.

use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

/// A message, its help, and the place it is about (1-based line and column).
pub(super) struct Said {
    pub message: String,
    pub help: Option<String>,
    pub at: (u32, u32),
}

/// The wording for `err`, found at `at` in `text`.
pub(super) fn say(err: &Error, text: &str, at: (u32, u32)) -> Said {
    let said = |message: String, help: Option<String>| Said { message, help, at };
    match err {
        Error::AliasError {
            error, locations, ..
        } => {
            let mut inner = say(error, text, at);
            let defined = locations.defined_location;
            if defined.line() > 0 && defined != locations.reference_location {
                inner.message.push_str(&format!(
                    " (in the value the alias here repeats, defined on line {})",
                    defined.line()
                ));
            }
            inner
        }
        Error::WithSnippet { error, .. } => say(error, text, at),
        Error::DuplicateMappingKey { key, .. } => duplicate(key.as_deref(), text, at),
        Error::SerdeUnknownField {
            field, expected, ..
        } if secret_key(field, expected) => said(
            format!("unknown key `{field}` (its value is not shown, as it may be a secret)"),
            Some(allowed_secret(field, expected)),
        ),
        Error::SerdeUnknownField {
            field, expected, ..
        } => said(
            format!("unknown key `{field}`"),
            Some(allowed(field, expected)),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => said(
            format!("`{variant}` is not an accepted value here"),
            Some(crate::suggest::or_list(variant, expected.iter().copied())),
        ),
        Error::SerdeMissingField { field, .. } => said(
            format!("missing key `{field}`"),
            Some("add the required key".to_owned()),
        ),
        Error::InvalidScalar { ty, .. } => said(format!("expected {} here", scalar(ty)), None),
        Error::Unexpected { expected, .. } => {
            said(format!("expected {} here", structure(expected)), None)
        }
        Error::Budget { .. }
        | Error::AliasReplayCounterOverflow { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => said(
            "the document is too large or too deeply nested to read".to_owned(),
            Some(TOO_LARGE.to_owned()),
        ),
        other => {
            let message = plain(&UserMessageFormatter.format_message(other));
            let about_a_tab = message
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == "tab" || word == "tabs");
            if !about_a_tab {
                return said(message, None);
            }
            Said {
                message: "a tab where YAML accepts only spaces".to_owned(),
                help: Some("indent with spaces; YAML does not read tabs as indentation".to_owned()),
                at: tab_near(text, at).unwrap_or(at),
            }
        }
    }
}

/// A Rust scalar type, as the value a user writes for it.
fn scalar(ty: &str) -> String {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number (0 or more)".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "bool" => "`true` or `false`".to_owned(),
        "char" => "a single character".to_owned(),
        other => format!("a value of type {other}"),
    }
}

/// What the parser expected, in words: a list, a mapping, a single value.
fn structure(expected: &str) -> String {
    match expected {
        "sequence start" => "a list (`[a, b]` or `- ` lines)".to_owned(),
        "mapping start" | "empty mapping start" => "a mapping (`key: value` lines)".to_owned(),
        "string scalar" => "a single text value".to_owned(),
        "scalar" | "value" | "single YAML node" => "a single value".to_owned(),
        "mapping end" | "empty mapping end" => "the end of the mapping".to_owned(),
        other => other.to_owned(),
    }
}

const TOO_LARGE: &str = "the document is larger than synclint reads (aliases count every time \
    they are used): an alias that repeats a large value many times, or a file far larger \
    than a configuration needs";

/// One line of printable text.
fn plain(message: &str) -> String {
    crate::text::inert(message)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The help for an unknown key: the key meant, or the keys allowed.
fn allowed(field: &str, expected: &[&str]) -> String {
    match crate::suggest::did_you_mean(field, expected.iter().copied()) {
        Some(near) => near,
        None if expected.is_empty() => "no key is allowed here; remove it".to_owned(),
        None => format!(
            "remove it; the keys allowed here are {}",
            expected.join(", ")
        ),
    }
}

/// Whether an unknown key may hold a secret: its name mentions one, or the allowed key it
/// is nearest to does (`pasword` near `password`).
fn secret_key(field: &str, expected: &[&str]) -> bool {
    super::secret_like(field)
        || crate::suggest::closest(field, expected.iter().copied()).is_some_and(super::secret_like)
}

/// The help for an unknown key that may hold a secret: where the SMTP password goes instead
/// (a misspelt `password` is never "meant": the password is not accepted in the file), or
/// as for any other key.
fn allowed_secret(field: &str, expected: &[&str]) -> String {
    if !expected.contains(&"password_env") {
        return allowed(field, expected);
    }
    let names = ["password_env", "password_file"];
    match crate::suggest::did_you_mean(field, names) {
        Some(near) => near,
        None => "the password never goes in this file: set `password_env: VAR` (the name of an \
                 environment variable that holds it) or `password_file: PATH` (a file that \
                 holds it), and remove this key"
            .to_owned(),
    }
}

fn duplicate(key: Option<&str>, text: &str, at: (u32, u32)) -> Said {
    let help = Some("a mapping holds each key once: keep one of them".to_owned());
    let Some(key) = key else {
        return Said {
            message: "a key appears twice in this mapping".to_owned(),
            help,
            at,
        };
    };
    let message = match first_of(text, key, at) {
        Some((line, column)) => {
            format!(
                "key `{key}` appears twice: first on line {line}, column {column}, and again here"
            )
        }
        None => format!("key `{key}` appears twice in this mapping"),
    };
    Said { message, help, at }
}

/// Where `key` first appears in the mapping that repeats it at `at`: earlier on the same
/// line (a flow mapping), or on a line above whose key starts in the same column, before
/// a line further left (or the `- ` that starts a list item) ends the mapping.
fn first_of(text: &str, key: &str, (line, column): (u32, u32)) -> Option<(u32, u32)> {
    let lines: Vec<&str> = text.lines().collect();
    let index = (line as usize).checked_sub(1)?;
    let col = (column as usize).checked_sub(1)?;
    let this: Vec<char> = lines.get(index)?.chars().collect();
    let before: String = this.iter().take(col).collect();
    if let Some(found) = flow_key(&before, key) {
        return Some((line, column_of(&before, found)));
    }
    for (above, text) in lines[..index].iter().enumerate().rev() {
        let Some((start, item)) = key_start(text) else {
            continue;
        };
        if start < col {
            return None;
        }
        let rest: String = text.chars().skip(start).collect();
        if start == col && starts_with_key(&rest, key) {
            return Some((u32::try_from(above + 1).ok()?, column));
        }
        if start == col && item {
            return None;
        }
    }
    None
}

/// The column (0-based, in characters) where a line's key starts, after its indentation
/// and any `- ` list markers, and whether it had one; None for a blank or comment line.
fn key_start(line: &str) -> Option<(usize, bool)> {
    let mut start = 0;
    let mut item = false;
    let chars: Vec<char> = line.chars().collect();
    loop {
        while chars.get(start) == Some(&' ') {
            start += 1;
        }
        if chars.get(start) == Some(&'-') && matches!(chars.get(start + 1), Some(' ') | None) {
            start += 1;
            item = true;
        } else {
            break;
        }
    }
    match chars.get(start) {
        None | Some('#') => None,
        Some(_) => Some((start, item)),
    }
}

fn starts_with_key(rest: &str, key: &str) -> bool {
    [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            rest.strip_prefix(k.as_str())
                .is_some_and(|after| after.trim_start().starts_with(':'))
        })
}

/// The byte offset of `key` as a key of a flow mapping (after `{` or `,`) in `text`.
fn flow_key(text: &str, key: &str) -> Option<usize> {
    text.char_indices()
        .filter(|(_, c)| *c == '{' || *c == ',')
        .map(|(i, c)| i + c.len_utf8())
        .find_map(|after| {
            let rest = &text[after..];
            let trimmed = rest.trim_start();
            let offset = after + rest.len() - trimmed.len();
            starts_with_key(trimmed, key).then_some(offset)
        })
}

fn column_of(text: &str, byte: usize) -> u32 {
    u32::try_from(text[..byte].chars().count() + 1).unwrap_or(u32::MAX)
}

/// The tab an error about a tab is about: the parser reports some of them where the
/// scalar before them starts, lines earlier. The last tab at or before `at` on its line,
/// or else the first one after it.
fn tab_near(text: &str, (line, column): (u32, u32)) -> Option<(u32, u32)> {
    let index = (line as usize).checked_sub(1)?;
    let lines: Vec<&str> = text.lines().collect();
    let this = lines.get(index)?;
    let col = column as usize;
    let here = this
        .chars()
        .take(col)
        .enumerate()
        .filter(|(_, c)| *c == '\t')
        .last();
    if let Some((i, _)) = here {
        return Some((line, u32::try_from(i + 1).ok()?));
    }
    let after = this.chars().enumerate().skip(col).find(|(_, c)| *c == '\t');
    if let Some((i, _)) = after {
        return Some((line, u32::try_from(i + 1).ok()?));
    }
    lines
        .iter()
        .enumerate()
        .skip(index + 1)
        .find_map(|(n, l)| Some((n, l.chars().position(|c| c == '\t')?)))
        .and_then(|(n, i)| Some((u32::try_from(n + 1).ok()?, u32::try_from(i + 1).ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_a_repeated_key_is_found_in_its_own_mapping() {
        let text = "a: 1\nlist:\n  - name: x\n    b: 2\n  - name: y\n    b: 3\n    name: z\n";
        assert_eq!(first_of(text, "name", (7, 5)), Some((5, 5)));
        assert_eq!(first_of("a: 1\nb: 2\na: 3\n", "a", (3, 1)), Some((1, 1)));
        assert_eq!(
            first_of("m: {a: 1, b: 2, a: 3}\n", "a", (1, 17)),
            Some((1, 5))
        );
        assert_eq!(first_of("x:\n  a: 1\na: 2\n", "a", (3, 1)), None);
    }

    #[test]
    fn an_unknown_key_that_may_hold_a_secret_points_at_the_password_keys() {
        let smtp = ["host", "password_env", "password_file", "password"];
        assert!(secret_key("pasword", &smtp) && secret_key("smtp_pass", &["host"]));
        assert!(!secret_key("hots", &smtp));
        assert!(allowed_secret("pasword", &smtp).contains("`password_env: VAR`"));
        assert_eq!(
            allowed_secret("pasword_env", &smtp),
            "did you mean `password_env`?"
        );
        assert_eq!(allowed_secret("token", &["a"]), allowed("token", &["a"]));
    }

    #[test]
    fn a_tab_is_found_where_it_is() {
        assert_eq!(tab_near("a: b\n  \tc: d\n", (1, 4)), Some((2, 3)));
        assert_eq!(tab_near("x:\n\t- y\n", (2, 2)), Some((2, 1)));
        assert_eq!(tab_near("x: y\n", (1, 1)), None);
    }
}
