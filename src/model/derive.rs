//! Derived values: pure functions written after a field path with `|`, as in
//! `email | domain` or `username | split("@", 0) | lower`. Each function maps every value
//! the path yields to a new value, or to none (a value it cannot read is dropped).
//!
//! `age` needs the reference time; where none is given (see [`super::path::FieldPath::with_values`])
//! it yields nothing, so the compiler allows it only in condition tests.

use super::path::FieldPath;
use chrono::{DateTime, Utc};
use regex::Regex;
use serde_json::Value;

/// One function of a derived value.
#[derive(Debug, Clone)]
pub enum Func {
    Lower,
    Upper,
    Trim,
    /// The part of an address after its last `@`.
    Domain,
    /// The part of an address before its last `@`.
    Local,
    /// The number of characters of the text.
    Length,
    /// The first capture group of the first match (the whole match without groups).
    Capture(Regex),
    /// Split on a separator and keep one part (from 0; negative counts from the end).
    Split(String, i64),
    /// Days (with fractions) from the timestamp to the reference time.
    Age,
    /// Days (with fractions) from the timestamp to the first timestamp at another path.
    DaysTo(FieldPath),
}

/// The function names, for errors and the docs.
pub const NAMES: &[&str] = &[
    "lower", "upper", "trim", "domain", "local", "length", "capture", "split", "age", "days_to",
];

const SECONDS_PER_DAY: f64 = 86_400.0;

impl Func {
    /// Parse one function: `name` or `name(arg, ...)`.
    ///
    /// # Errors
    /// A message naming the problem.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (name, args) = match text.split_once('(') {
            Some((name, rest)) => {
                let inner = rest
                    .strip_suffix(')')
                    .ok_or_else(|| format!("`{text}`: the arguments need a closing `)`"))?;
                (name.trim(), arguments(inner)?)
            }
            None => (text, Vec::new()),
        };
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`{name}` takes {n} argument(s), found {}",
                    args.len()
                ))
            }
        };
        let func = match name {
            "lower" => Self::Lower,
            "upper" => Self::Upper,
            "trim" => Self::Trim,
            "domain" => Self::Domain,
            "local" => Self::Local,
            "length" => Self::Length,
            "age" => Self::Age,
            "capture" => {
                arity(1)?;
                let re = regex::RegexBuilder::new(&args[0])
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| {
                        format!(
                            "`capture`: invalid regex: {}",
                            e.to_string().lines().last().unwrap_or("").trim()
                        )
                    })?;
                Self::Capture(re)
            }
            "split" => {
                arity(2)?;
                let index = args[1].parse().map_err(|_| {
                    format!("`split`: the index `{}` is not a whole number", args[1])
                })?;
                if args[0].is_empty() {
                    return Err("`split`: the separator is empty".to_owned());
                }
                Self::Split(args[0].clone(), index)
            }
            "days_to" => {
                arity(1)?;
                Self::DaysTo(FieldPath::parse(&args[0])?)
            }
            _ => {
                let help = crate::suggest::or_list(name, NAMES.iter().copied());
                return Err(format!("unknown function `{name}`: {help}"));
            }
        };
        if args.is_empty() || matches!(func, Self::Capture(_) | Self::Split(..) | Self::DaysTo(_)) {
            Ok(func)
        } else {
            Err(format!("`{name}` takes no arguments"))
        }
    }

    /// Apply to one value of `record`.
    #[must_use]
    pub fn apply<F: super::path::Fields + ?Sized>(
        &self,
        value: &Value,
        record: &F,
        now: Option<DateTime<Utc>>,
    ) -> Option<Value> {
        let text = text_of(value);
        let string = |s: &str| Some(Value::String(s.to_owned()));
        match self {
            Self::Lower => string(&text?.to_lowercase()),
            Self::Upper => string(&text?.to_uppercase()),
            Self::Trim => string(text?.trim()),
            Self::Domain => text?.rsplit_once('@').and_then(|(_, d)| string(d)),
            Self::Local => text?.rsplit_once('@').and_then(|(l, _)| string(l)),
            Self::Length => Some(Value::from(text?.chars().count())),
            Self::Capture(re) => {
                let text = text?;
                let caps = re.captures(&text)?;
                let found = caps.get(1).or_else(|| caps.get(0))?;
                string(found.as_str())
            }
            Self::Split(sep, index) => {
                let text = text?;
                let parts: Vec<&str> = text.split(sep.as_str()).collect();
                let at = if *index < 0 {
                    parts
                        .len()
                        .checked_sub(usize::try_from(index.unsigned_abs()).ok()?)?
                } else {
                    usize::try_from(*index).ok()?
                };
                parts.get(at).and_then(|p| string(p))
            }
            Self::Age => days(time(value)?, now?),
            Self::DaysTo(other) => {
                let end = other.resolve(record).iter().find_map(|v| time(v))?;
                days(time(value)?, end)
            }
        }
    }
}

fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Value> {
    let seconds = (to - from).num_seconds();
    #[allow(clippy::cast_precision_loss)] // seconds of any real timespan fit an f64 exactly
    let days = seconds as f64 / SECONDS_PER_DAY;
    serde_json::Number::from_f64(days).map(Value::Number)
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    value.as_str().and_then(crate::time::parse_timestamp)
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Split `a, "b", 'c'` into arguments: quoted strings (either quote, no escapes) or bare words.
fn arguments(inner: &str) -> Result<Vec<String>, String> {
    let mut args = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (arg, after) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &rest[1..];
                let end = body
                    .find(q)
                    .ok_or_else(|| format!("`{inner}`: a quoted argument is not closed"))?;
                (body[..end].to_owned(), &body[end + 1..])
            }
            _ => {
                let end = rest.find(',').unwrap_or(rest.len());
                (rest[..end].trim().to_owned(), &rest[end..])
            }
        };
        args.push(arg);
        rest = after.trim_start();
        if let Some(next) = rest.strip_prefix(',') {
            rest = next.trim_start();
        } else if !rest.is_empty() {
            return Err(format!("`{inner}`: expected `,` between arguments"));
        }
    }
    Ok(args)
}

#[cfg(test)]
#[path = "derive_tests.rs"]
mod tests;
