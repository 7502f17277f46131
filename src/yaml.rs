//! The one place that parses YAML (through serde-saphyr), so the rest of the crate
//! sees plain serde types, [`Spanned`] values and miette-ready errors.

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::de::DeserializeOwned;
use thiserror::Error;

pub use serde_saphyr::Spanned;

mod recover;
mod said;

/// serde-saphyr's defaults already reject duplicate keys and bound alias expansion
/// and nesting (alias bombs, deep documents); keep them in one place.
fn options() -> serde_saphyr::Options {
    serde_saphyr::Options::default()
}

/// A YAML document that could not be read into the expected shape.
#[derive(Debug, Error, Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(code(synclint::yaml::invalid))]
pub struct YamlError {
    pub path: String,
    pub message: String,
    pub line: u32,
    pub column: u32,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
    /// What reading on past this error makes of it (see [`recover`]).
    kind: Kind,
}

/// What kind of error a [`YamlError`] is, for reading on past it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// A part of the wrong shape (an unknown key, a wrong type, a duplicate key).
    Shape,
    /// A required key missing, by name: reading on, it may be one set aside.
    Missing(String),
    /// A value of the expected structure missing, or the rest of the text: reading on,
    /// it may come from the part set aside.
    Absence,
    /// Anything else (YAML that does not parse, a size limit): nothing after it is read.
    Stop,
}

/// Parse `text` (the contents of `path`) as one YAML document of type `T`.
///
/// # Errors
/// A [`YamlError`] naming the file, line and column, with a label at the offending spot.
#[allow(clippy::result_large_err)] // a one-off parse error; callers box it if they keep it
pub fn from_str<T: DeserializeOwned>(text: &str, path: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|err| YamlError::new(text, path, err.without_snippet()))
}

/// The structural errors of a document: the first, which [`from_str`] gives, and those
/// found by reading on past it, in the order found.
#[derive(Debug)]
pub struct YamlErrors {
    pub first: YamlError,
    pub more: Vec<YamlError>,
}

impl YamlErrors {
    /// Every error, the first first.
    #[must_use]
    pub fn all(self) -> Vec<YamlError> {
        std::iter::once(self.first).chain(self.more).collect()
    }
}

/// Parse `text` (the contents of `path`) as [`from_str`] does, but on a structural error
/// go on reading past it, so that every broken part of the document is reported (see
/// [`recover`]).
///
/// # Errors
/// Every [`YamlError`] found.
pub fn from_str_all<T: DeserializeOwned>(text: &str, path: &str) -> Result<T, Box<YamlErrors>> {
    from_str(text, path).map_err(|first| {
        let more = recover::more_errors::<T>(text, path, &first);
        Box::new(YamlErrors { first, more })
    })
}

impl YamlError {
    fn new(text: &str, path: &str, err: &serde_saphyr::Error) -> Self {
        let reported = err.location().map_or((0, 0), |loc| {
            (
                u32::try_from(loc.line()).unwrap_or(u32::MAX),
                u32::try_from(loc.column()).unwrap_or(u32::MAX),
            )
        });
        let said = said::say(err, text, reported);
        let (line, column) = said.at;
        let span = (line > 0).then(|| span_at(text, line, column, 1));
        let (src, span) = crate::snippet::fit(path, text, span);
        YamlError {
            path: path.to_owned(),
            message: said.message,
            help: said.help,
            line,
            column,
            src,
            span,
            kind: kind(err),
        }
    }
}

fn kind(err: &serde_saphyr::Error) -> Kind {
    use serde_saphyr::Error as E;
    match err {
        E::WithSnippet { error, .. } => kind(error),
        E::SerdeMissingField { field, .. } => Kind::Missing((*field).to_owned()),
        E::Unexpected { .. } | E::Eof { .. } => Kind::Absence,
        E::SerdeUnknownField { .. }
        | E::SerdeUnknownVariant { .. }
        | E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. }
        | E::DuplicateMappingKey { .. } => Kind::Shape,
        _ => Kind::Stop,
    }
}

/// The text a quoted scalar stands for, given what is between its quotes: in single
/// quotes `''` is one `'`; in double quotes (`double`) the escapes are decoded (`\x77` is
/// `w`, `\u00e9` is `é`) and an escaped line break is dropped. None when an escape is not
/// valid YAML.
#[must_use]
pub fn unquote(text: &str, double: bool) -> Option<String> {
    if !double {
        return Some(text.replace("''", "'"));
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let digits = |n: usize, chars: &mut std::str::Chars<'_>| {
            let hex: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
        };
        let decoded = match chars.next()? {
            'x' => digits(2, &mut chars)?,
            'u' => digits(4, &mut chars)?,
            'U' => digits(8, &mut chars)?,
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            '\n' | '\r' => continue,
            c @ (' ' | '"' | '/' | '\\') => c,
            _ => return None,
        };
        out.push(decoded);
    }
    Some(out)
}

/// Words that, in a key's name, say that its value may be a secret.
const SECRET_WORDS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "credential",
    "private_key",
];

/// A key's name as compared with others: trimmed, lowercase, `-` and spaces read as `_`.
#[must_use]
pub fn key_words(key: &str) -> String {
    key.trim().to_lowercase().replace(['-', ' '], "_")
}

/// Whether a key's name mentions a secret (`pass`, `pwd`, `secret`, `token`, `api_key`,
/// `apikey`, `credential` or `private_key`, in any case), as `password`, `smtp_pass`,
/// `authToken` and `password_env` do. A message about such a key never shows its value.
#[must_use]
pub fn secret_like(key: &str) -> bool {
    let key = key_words(key);
    SECRET_WORDS.iter().any(|word| key.contains(word))
}

/// Line and column (1-based) of a spanned value.
#[must_use]
pub fn line_col<T>(spanned: &Spanned<T>) -> (u32, u32) {
    let loc = spanned.referenced;
    (
        u32::try_from(loc.line()).unwrap_or(u32::MAX),
        u32::try_from(loc.column()).unwrap_or(u32::MAX),
    )
}

/// A miette span covering `len` bytes from a 1-based line and column of `text`
/// (clamped to the text, so it is always valid).
#[must_use]
pub fn span_at(text: &str, line: u32, column: u32, len: usize) -> SourceSpan {
    let mut offset = 0usize;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line as usize {
            let col = (column as usize).saturating_sub(1);
            let within = content
                .char_indices()
                .nth(col)
                .map_or(content.len(), |(byte, _)| byte);
            offset += within;
            let rest = text.len().saturating_sub(offset);
            return SourceSpan::new(offset.into(), len.min(rest));
        }
        offset += content.len();
    }
    SourceSpan::new(text.len().into(), 0)
}

/// The span of a spanned scalar value, sized to its text where that can be told.
#[must_use]
pub fn value_span(text: &str, spanned: &Spanned<String>) -> SourceSpan {
    let (line, column) = line_col(spanned);
    span_at(text, line, column, spanned.value.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Shape {
        #[allow(dead_code)]
        name: Spanned<String>,
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let err = from_str::<Shape>("name: a\nnmae: b\n", "x.yaml").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("nmae"), "{}", err.message);
    }

    #[test]
    fn duplicate_key_is_said_plainly_with_both_places() {
        let err = from_str::<Shape>("name: a\nname: b\n", "x.yaml").unwrap_err();
        assert_eq!(
            err.message,
            "key `name` appears twice: first on line 1, column 1, and again here"
        );
        assert_eq!((err.line, err.column), (2, 1));
        assert!(!err.help.unwrap_or_default().contains("Options"));
    }

    #[test]
    fn the_message_leaves_the_place_to_the_label() {
        for text in [
            "name: a\nnmae: b\n",
            "name: [a\n",
            "name: a\nname: b\n",
            "{}\n",
        ] {
            let err = from_str::<Shape>(text, "x.yaml").unwrap_err();
            assert!(err.span.is_some(), "{text:?}: no label");
            let place = format!("line {}", err.line);
            assert!(!err.message.contains(&place), "{text:?}: {}", err.message);
        }
    }

    #[test]
    fn an_unknown_key_suggests_the_one_meant() {
        let err = from_str::<Shape>("nmae: b\n", "x.yaml").unwrap_err();
        assert_eq!(err.message, "unknown key `nmae`");
        assert_eq!(err.help.as_deref(), Some("did you mean `name`?"));
        let err = from_str::<Shape>("zzz: b\n", "x.yaml").unwrap_err();
        assert_eq!(
            err.help.as_deref(),
            Some("remove it; the keys allowed here are name")
        );
    }

    #[derive(Debug, Deserialize)]
    struct Typed {
        #[allow(dead_code)]
        version: u32,
        #[allow(dead_code)]
        roles: Vec<String>,
    }

    #[test]
    fn a_wrong_type_is_said_in_the_user_s_words() {
        let err = from_str::<Typed>("version: one\nroles: []\n", "x.yaml").unwrap_err();
        assert_eq!(err.message, "expected a whole number (0 or more) here");
        assert_eq!((err.line, err.column), (1, 10));
        let err = from_str::<Typed>("version: 1\nroles: x\n", "x.yaml").unwrap_err();
        assert_eq!(err.message, "expected a list (`[a, b]` or `- ` lines) here");
        let err = from_str::<Typed>("version: 1\nroles: [[x]]\n", "x.yaml").unwrap_err();
        assert_eq!(err.message, "expected a single text value here");
    }

    #[derive(Debug, Deserialize)]
    struct Nested {
        #[allow(dead_code)]
        items: Vec<Shape>,
    }

    #[test]
    fn a_tab_is_reported_on_its_own_line() {
        // The parser places this one at the start of `a`, the line before.
        let err = from_str::<Nested>("items:\n  - name: a\n  \tb\n", "x.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3), "{}", err.message);
        assert!(err.message.contains("tab"), "{}", err.message);
        let err = from_str::<Nested>("items:\n\t- name: a\n", "x.yaml").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{}", err.message);
    }

    #[test]
    fn spanned_value_knows_its_line() {
        let shape: Shape = from_str("# c\nname: abc\n", "x.yaml").unwrap();
        assert_eq!(line_col(&shape.name), (2, 7));
        let span = value_span("# c\nname: abc\n", &shape.name);
        assert_eq!((span.offset(), span.len()), (10, 3));
    }
}
