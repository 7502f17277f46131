//! One diagnostic type for problems in the files synclint is told how to work with: rule
//! files (`rules::errors::RuleError`), the configuration (`config::ConfigProblem`) and log
//! mappings (`--log-mapping`). Each is a [`Problem`]: the file, the line and column, a
//! code, the message, a label at the offending text, an optional help and a severity. It
//! is a miette [`Diagnostic`], so `main` and the reports print all three the same way.

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity, SourceCode, SourceSpan};
use std::fmt::{self, Display};

/// One problem at one place of one file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The file as shown to the user.
    pub path: String,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: u32,
    /// 1-based; 0 when only the line is known.
    pub column: u32,
    /// The diagnostic code, such as `synclint::rule::invalid`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The text of the label at the offending spot.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    pub severity: Severity,
    /// The file's text (or the part of it around the spot), for the snippet.
    pub src: NamedSource<String>,
    /// The offending text, when known.
    pub span: Option<SourceSpan>,
}

impl Problem {
    /// An error at `line`:`column` of `path`, with no snippet yet (see [`Self::in_text`]).
    #[must_use]
    pub fn new(
        code: &'static str,
        path: &str,
        (line, column): (u32, u32),
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.to_owned(),
            line,
            column,
            code,
            message: message.into(),
            label: "here".to_owned(),
            help: None,
            severity: Severity::Error,
            src: NamedSource::new(path, String::new()),
            span: None,
        }
    }

    /// Show the file's `text` around the spot, underlining `len` bytes from it (the whole
    /// line when the column is not known).
    #[must_use]
    pub fn in_text(mut self, text: &str, len: usize) -> Self {
        let span = (self.line > 0).then(|| {
            if self.column > 0 {
                crate::yaml::span_at(text, self.line, self.column, len.max(1))
            } else {
                let line = text.lines().nth(self.line as usize - 1).unwrap_or_default();
                crate::yaml::span_at(text, self.line, 1, line.len().max(1))
            }
        });
        let (src, span) = crate::snippet::fit(&self.path, text, span);
        self.src = src;
        self.span = span;
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    #[must_use]
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Where the problem is: `path:line:column`, `path:line` or `path`.
    #[must_use]
    pub fn origin(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.path.clone(),
            (line, 0) => format!("{}:{line}", self.path),
            (line, column) => format!("{}:{line}:{column}", self.path),
        }
    }
}

impl Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin(), self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = LabeledSpan::new_with_span(Some(self.label.clone()), span);
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
#[path = "diagnostic_tests.rs"]
mod tests;
