//! Errors in rule files. Compilation collects all of them, each pointing into its file.

use crate::diagnostic::Problem;
use crate::yaml::YamlError;
use miette::Diagnostic;
use thiserror::Error;

/// The code of every problem in a rule file.
pub const CODE: &str = "synclint::rule::invalid";

/// One problem in one rule file: a [`Problem`] with code [`CODE`].
pub type RuleError = Problem;

impl From<YamlError> for Problem {
    /// A rule file that is not YAML, or not of a rule's shape.
    fn from(err: YamlError) -> Self {
        let mut problem =
            Problem::new(CODE, &err.path, (err.line, err.column), err.message).with_help(err.help);
        problem.src = err.src;
        problem.span = err.span;
        problem
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
        let message = message.into();
        let problem = Problem::new(CODE, self.origin, (line, column), message)
            .in_text(self.text, len)
            .with_help(help);
        let label = short_label(&problem.message);
        self.errors.push(problem.with_label(label));
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
