//! Value parsers for the flags whose values have a shape of their own (`KIND=PATH`,
//! `FORMAT[=FILE]`, `RULE=LEVEL`, a timestamp, a duration). clap runs them while it reads
//! the command line, so a bad value is refused there, in clap's words, with its "a similar
//! value exists" tip for a misspelt name.

use chrono::{DateTime, Utc};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use std::ffi::OsStr;
use std::path::PathBuf;

/// `NAME` or `NAME=PATH`, where NAME is one of a fixed list of names (matched without
/// regard to case) and stands for a `T`.
#[derive(Clone)]
pub struct NamedPath<T: Clone + Send + Sync + 'static> {
    names: Vec<&'static str>,
    of: fn(&str) -> Option<T>,
}

impl<T: Clone + Send + Sync + 'static> NamedPath<T> {
    /// Names that `of` turns into values.
    pub fn new(names: Vec<&'static str>, of: fn(&str) -> Option<T>) -> Self {
        Self { names, of }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for NamedPath<T> {
    type Value = (T, Option<PathBuf>);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = utf8(cmd, value)?;
        let (name, path) = match text.split_once('=') {
            Some((name, path)) => (name, Some(PathBuf::from(path))),
            None => (text, None),
        };
        let name = name.trim().to_ascii_lowercase();
        PossibleValuesParser::new(self.names.clone()).parse_ref(cmd, arg, OsStr::new(&name))?;
        let value = (self.of)(&name)
            .ok_or_else(|| refuse(cmd, arg, text, "the name is not one of those listed"))?;
        Ok((value, path))
    }
}

/// `RULE=LEVEL`, LEVEL being error, warning or info.
#[derive(Clone)]
pub struct RuleLevel;

impl TypedValueParser for RuleLevel {
    type Value = (String, crate::rules::Severity);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        const LEVELS: [&str; 3] = ["error", "warning", "info"];
        let text = utf8(cmd, value)?;
        let Some((rule, level)) = text.split_once('=') else {
            return Err(refuse(
                cmd,
                arg,
                text,
                "write RULE=LEVEL, e.g. user-without-role=error",
            ));
        };
        let level = level.trim().to_ascii_lowercase();
        PossibleValuesParser::new(LEVELS).parse_ref(cmd, arg, OsStr::new(&level))?;
        let severity = crate::rules::Severity::parse(&level)
            .ok_or_else(|| refuse(cmd, arg, text, "the level is error, warning or info"))?;
        Ok((rule.trim().to_owned(), severity))
    }
}

/// A timestamp (RFC 3339, or the other forms the logs use) for `--now`.
///
/// # Errors
/// A sentence for clap to show after "invalid value".
pub fn timestamp(text: &str) -> Result<DateTime<Utc>, String> {
    crate::time::parse_timestamp(text).ok_or_else(|| {
        "not a timestamp; write it as RFC 3339, e.g. 2026-11-28T12:00:00Z".to_owned()
    })
}

/// A duration above zero, such as 30s, 5m or 1h, for `--interval`.
///
/// # Errors
/// A sentence for clap to show after "invalid value".
pub fn interval(text: &str) -> Result<std::time::Duration, String> {
    crate::time::parse_duration(text)
        .ok()
        .and_then(|d| d.to_std().ok())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| "not a duration such as 30s, 5m or 1h".to_owned())
}

fn utf8<'a>(cmd: &clap::Command, value: &'a OsStr) -> Result<&'a str, clap::Error> {
    value
        .to_str()
        .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))
}

/// clap's error for a value that has the wrong shape: "invalid value 'VALUE' for 'FLAG'",
/// with `tip` below it and clap's pointer to `--help`.
pub fn refuse(cmd: &clap::Command, arg: Option<&clap::Arg>, value: &str, tip: &str) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut err = clap::Error::new(ErrorKind::ValueValidation).with_cmd(cmd);
    let flag = arg.map_or_else(|| "...".to_owned(), ToString::to_string);
    err.insert(ContextKind::InvalidArg, ContextValue::String(flag));
    err.insert(
        ContextKind::InvalidValue,
        ContextValue::String(value.to_owned()),
    );
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.to_owned().into()]),
    );
    err
}
