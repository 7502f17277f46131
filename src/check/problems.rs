//! The summary's entries for inputs that could not be used: each names the file, what
//! kind of problem it is, and why.

use crate::input::InputError;
use crate::model::Location;
use crate::report::InputProblem;

/// A problem entry for the summary.
#[must_use]
pub fn problem(
    path: &str,
    what: &'static str,
    reason: String,
    location: Option<Location>,
) -> InputProblem {
    InputProblem {
        path: path.to_owned(),
        problem: what,
        reason,
        location,
    }
}

/// The summary entry for a file that could not be used.
#[must_use]
pub fn from_input_error(err: InputError) -> InputProblem {
    match err {
        InputError::Unreadable { path, source } => {
            problem(&path, "unreadable", source.to_string(), None)
        }
        InputError::Unrecognized { path, reason } => problem(&path, "unrecognized", reason, None),
        InputError::TooLarge { path, limit } => problem(
            &path,
            "too-large",
            format!("larger than {limit} bytes, the limit for a file read whole (--max-file-size)"),
            None,
        ),
        InputError::NotAFile { path, what } => problem(
            &path,
            "not-a-file",
            format!(
                "{what}, not a regular file; only regular files are read (a pipe is read as \
                 standard input: `... | synclint check -`)"
            ),
            None,
        ),
        InputError::TooWide {
            path,
            line,
            columns,
            limit,
        } => {
            let at = Location::new(path.clone(), line, 1);
            let reason = format!(
                "the CSV header has {columns} columns, more than the limit of {limit} (--max-columns)"
            );
            problem(&path, "too-wide", reason, Some(at))
        }
        InputError::Malformed {
            path,
            line,
            column,
            reason,
        } => {
            let at = Location::new(path.clone(), line, column);
            problem(&path, "malformed", reason, Some(at))
        }
    }
}
