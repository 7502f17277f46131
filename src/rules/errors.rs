//! Errors in rule files. Compilation collects all of them, each pointing into its file.

use crate::yaml::YamlError;
use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// One problem in one rule file.
#[derive(Debug, Error, Diagnostic)]
#[error("{origin}: {message}")]
#[diagnostic(code(synclint::rule::invalid))]
pub struct RuleError {
    pub origin: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl From<YamlError> for RuleError {
    fn from(err: YamlError) -> Self {
        Self {
            origin: if err.line > 0 {
                format!("{}:{}:{}", err.path, err.line, err.column)
            } else {
                err.path.clone()
            },
            message: err.message,
            src: err.src,
            span: err.span,
            label: "here".to_owned(),
            help: err.help,
        }
    }
}

/// Every problem found in the rule files of a run.
#[derive(Debug, Error, Diagnostic)]
#[error("{} problem(s) in rule files", errors.len())]
#[diagnostic(
    code(synclint::rule::errors),
    help("`synclint schema rule` prints the JSON Schema of rule files; docs/rule-language.md explains every key")
)]
pub struct RuleErrors {
    #[related]
    pub errors: Vec<RuleError>,
}

/// Builds [`RuleError`]s for one file.
pub struct ErrorSink<'a> {
    pub origin: &'a str,
    pub text: &'a str,
    pub errors: Vec<RuleError>,
}

impl<'a> ErrorSink<'a> {
    #[must_use]
    pub fn new(origin: &'a str, text: &'a str) -> Self {
        Self {
            origin,
            text,
            errors: Vec::new(),
        }
    }

    /// Record a problem at a 1-based line and column, underlining `len` bytes.
    pub fn at(
        &mut self,
        (line, column): (u32, u32),
        len: usize,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let span = (line > 0).then(|| crate::yaml::span_at(self.text, line, column, len.max(1)));
        let origin = if line > 0 {
            format!("{}:{line}:{column}", self.origin)
        } else {
            self.origin.to_owned()
        };
        let message = message.into();
        let (src, span) = crate::snippet::fit(self.origin, self.text, span);
        self.errors.push(RuleError {
            origin,
            label: short_label(&message),
            message,
            src,
            span,
            help,
        });
    }
}

fn short_label(message: &str) -> String {
    let first = message.split(':').next().unwrap_or(message);
    if first.len() > 60 {
        "here".to_owned()
    } else {
        first.to_owned()
    }
}
