//! The one place that parses YAML (through serde-saphyr), so the rest of the crate
//! sees plain serde types, [`Spanned`] values and miette-ready errors.

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::de::DeserializeOwned;
use thiserror::Error;

pub use serde_saphyr::Spanned;

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
}

/// Parse `text` (the contents of `path`) as one YAML document of type `T`.
///
/// # Errors
/// A [`YamlError`] naming the file, line and column, with a label at the offending spot.
#[allow(clippy::result_large_err)] // a one-off parse error; callers box it if they keep it
pub fn from_str<T: DeserializeOwned>(text: &str, path: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|err| {
        let plain = err.without_snippet();
        let (line, column, span) = match plain.location() {
            Some(loc) => {
                let line = u32::try_from(loc.line()).unwrap_or(u32::MAX);
                let column = u32::try_from(loc.column()).unwrap_or(u32::MAX);
                (line, column, Some(span_at(text, line, column, 1)))
            }
            None => (0, 0, None),
        };
        let message = first_line(&plain.to_string());
        let (src, span) = crate::snippet::fit(path, text, span);
        YamlError {
            path: path.to_owned(),
            help: help_for(&message),
            message,
            line,
            column,
            src,
            span,
        }
    })
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim().to_owned()
}

fn help_for(message: &str) -> Option<String> {
    let lower = message.to_lowercase();
    if lower.contains("unknown field") {
        Some("remove the key, or check its spelling against `synclint schema`".to_owned())
    } else if lower.contains("duplicate") {
        Some("each key may appear once in a mapping".to_owned())
    } else if lower.contains("missing field") {
        Some("add the required key".to_owned())
    } else if lower.contains("budget breached") {
        Some(
            "the document is larger than synclint reads (aliases count every time they are \
             used): an alias that repeats a large value many times, or a file far larger \
             than a configuration needs"
                .to_owned(),
        )
    } else {
        None
    }
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
    fn duplicate_key_is_an_error() {
        let err = from_str::<Shape>("name: a\nname: b\n", "x.yaml").unwrap_err();
        assert!(
            err.message.to_lowercase().contains("duplicate"),
            "{}",
            err.message
        );
    }

    #[test]
    fn spanned_value_knows_its_line() {
        let shape: Shape = from_str("# c\nname: abc\n", "x.yaml").unwrap();
        assert_eq!(line_col(&shape.name), (2, 7));
        let span = value_span("# c\nname: abc\n", &shape.name);
        assert_eq!((span.offset(), span.len()), (10, 3));
    }
}
