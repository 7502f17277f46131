//! Error kinds as a person reads them: an HTTP status or a provider's code gets its
//! meaning, and a long message is cut at a word, with an ellipsis.

/// The characters of a message an error kind keeps (at most; it is cut at a word).
pub const MESSAGE_CHARS: usize = 100;

/// Meanings of the HTTP statuses a SCIM server answers with.
const HTTP: &[(&str, &str)] = &[
    (
        "400",
        "400 Bad Request (the server rejected the request's data)",
    ),
    ("401", "401 Unauthorized (the API token was refused)"),
    ("403", "403 Forbidden (the token lacks a permission)"),
    ("404", "404 Not Found (the user or group is not in Incydr)"),
    ("409", "409 Conflict (the user or group already exists)"),
    ("412", "412 Precondition Failed (changed since it was read)"),
    ("429", "429 Too Many Requests (rate limited)"),
    ("500", "500 Internal Server Error (on the Incydr side)"),
    ("502", "502 Bad Gateway (Incydr could not be reached)"),
    ("503", "503 Service Unavailable (Incydr is down or busy)"),
    ("504", "504 Gateway Timeout (Incydr did not answer in time)"),
];

/// Okta's legacy Code42 app codes and Entra's skip reasons, as formats.md describes them.
const PROVIDER: &[(&str, &str)] = &[
    (
        "invalid_set_of_roles",
        "invalid_set_of_roles (Okta could not authenticate with the roles it holds)",
    ),
    (
        "user_has_invalid_fields",
        "user_has_invalid_fields (a profile attribute was rejected)",
    ),
    (
        "user_not_found",
        "user_not_found (Okta could not find the user in Incydr)",
    ),
    (
        "ambiguous_search_results_by_user",
        "ambiguous_search_results_by_user (more than one Incydr user matched)",
    ),
    (
        "AttributeValidationFailed",
        "AttributeValidationFailed (a required attribute is missing or invalid)",
    ),
];

/// The kind of an error from its code and message.
#[must_use]
pub fn describe(code: Option<&str>, message: Option<&str>) -> String {
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let message = message.map(str::trim).filter(|m| !m.is_empty());
    let named = code.map(name);
    match (named, message) {
        (Some(named), Some(m)) if !m.contains(code.unwrap_or_default()) => {
            format!("{named}: {}", cut(m, MESSAGE_CHARS))
        }
        (Some(named), _) => named,
        (None, Some(m)) => match leading_code(m) {
            Some((code, "")) => name(code),
            Some((code, rest)) => format!("{}: {}", name(code), cut(rest, MESSAGE_CHARS)),
            None => cut(m, MESSAGE_CHARS),
        },
        (None, None) => "(no message)".to_owned(),
    }
}

/// A code with its meaning, when it is one synclint knows.
#[must_use]
pub fn name(code: &str) -> String {
    let bare = code.trim_start_matches("HTTP").trim();
    HTTP.iter()
        .chain(PROVIDER)
        .find(|(c, _)| c.eq_ignore_ascii_case(bare))
        .map_or_else(|| code.to_owned(), |(_, meaning)| (*meaning).to_owned())
}

/// A message that starts with a known HTTP status (`429`, `HTTP 409: ...`): the code
/// and the rest of the message.
fn leading_code(message: &str) -> Option<(&str, &str)> {
    let bare = message.strip_prefix("HTTP").unwrap_or(message).trim_start();
    let code = bare.get(..3)?;
    let rest = bare.get(3..)?;
    let ends = rest.is_empty() || rest.starts_with([':', ' ']);
    let known = HTTP.iter().any(|(c, _)| *c == code);
    (ends && known).then(|| (code, rest.trim_start_matches([':', ' '])))
}

/// What ends a message [`cut`] short.
pub const ELLIPSIS: char = '\u{2026}';

/// Whether an error kind's message was cut short: it ends with [`ELLIPSIS`]. (Its length
/// says nothing: a kind is its code's meaning and then up to [`MESSAGE_CHARS`] of the
/// message.)
#[must_use]
pub fn is_cut(kind: &str) -> bool {
    kind.trim_end().ends_with(ELLIPSIS)
}

/// `text` in at most `max` characters: cut at the last space that fits, with `…`.
#[must_use]
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match head.rfind(char::is_whitespace) {
        Some(at) if at > head.len() / 2 => &head[..at],
        _ => head.as_str(),
    };
    format!(
        "{}{ELLIPSIS}",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_named() {
        assert_eq!(
            describe(Some("429"), None),
            "429 Too Many Requests (rate limited)"
        );
        assert_eq!(
            describe(Some("HTTP 409"), Some("a user already exists")),
            "409 Conflict (the user or group already exists): a user already exists"
        );
        assert_eq!(describe(Some("E123"), None), "E123");
        assert_eq!(
            describe(None, Some("429")),
            "429 Too Many Requests (rate limited)"
        );
        assert_eq!(
            describe(None, Some("HTTP 404: no such user")),
            "404 Not Found (the user or group is not in Incydr): no such user"
        );
        assert_eq!(describe(None, Some("4290 items")), "4290 items");
        assert_eq!(describe(None, None), "(no message)");
    }

    #[test]
    fn long_messages_are_cut_at_a_word() {
        let long = "Unable to move existing user to an organization because the organization \
                    named in the request could not be found anywhere";
        let kind = describe(None, Some(long));
        assert!(kind.ends_with("the request\u{2026}"), "{kind}");
        assert!(kind.chars().count() <= MESSAGE_CHARS);
        assert!(is_cut(&kind));
        let named = describe(Some("409"), Some(&"a user already exists ".repeat(4)));
        assert!(
            named.chars().count() > MESSAGE_CHARS && !is_cut(&named),
            "{named}"
        );
        let word = "x".repeat(150);
        assert_eq!(cut(&word, 10).chars().count(), 10);
    }
}
