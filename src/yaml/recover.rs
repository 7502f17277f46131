//! Reading on past a structural error, so that one run reports every broken part of a
//! document instead of the first. The deserializer stops at the first error; here the
//! part that holds it (the list item around it, or else its top-level entry) is turned
//! into blank lines, which keeps every other line where it was, and the document is read
//! again. An error that only the blanking caused (a list left empty, a required key
//! blanked) is not reported: the item's whole top-level entry is blanked instead, and
//! once that is blanked too the search stops.

use super::{options, Kind, YamlError};
use serde::de::DeserializeOwned;

/// The most errors one document reports.
const MOST: usize = 20;

/// A run of lines, 1-based, `start` included and `end` not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Lines {
    start: usize,
    end: usize,
}

/// The errors after `first` (the error reading `text` as `T` gave), each from reading
/// the document again with the parts holding the errors before it blanked out.
pub(super) fn more_errors<T: DeserializeOwned>(
    text: &str,
    path: &str,
    first: &YamlError,
) -> Vec<YamlError> {
    if first.kind == Kind::Stop {
        return Vec::new();
    }
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let mut found = Vec::new();
    // The keys of the lines blanked so far.
    let mut keys_out: Vec<String> = Vec::new();
    // What to blank next, and the top-level entry it is in.
    let mut region = entry(&lines, first.line as usize)
        .map(|whole| (item_in(&lines, first.line as usize, whole), whole));
    for _ in 0..MOST * 2 {
        let Some((blank, whole)) = region else { break };
        keys_out.extend((blank.start..blank.end).filter_map(|k| key_of(&lines, k)));
        if found.len() + 1 >= MOST || !blank_out(&mut lines, blank) {
            break;
        }
        let err = match serde_saphyr::from_str_with_options::<T>(&lines.concat(), options()) {
            Ok(_) => break,
            Err(err) => YamlError::new(text, path, err.without_snippet()),
        };
        if err.kind == Kind::Stop {
            break;
        }
        let line = err.line as usize;
        // An error of a missing part on the first line with content after the blank (or
        // past the last one) may be the blank's doing: a list or key left empty.
        let next = (blank.end..=lines.len()).find(|&k| content(&lines, k).is_some());
        let at_next = err.kind == Kind::Absence && next.is_none_or(|next| line == next);
        let set_aside = matches!(&err.kind, Kind::Missing(key) if keys_out.contains(key));
        if line == 0 || line < blank.end || at_next || set_aside {
            // Caused by the blanking: blank the item's whole top-level entry, unless
            // that is what was blanked.
            region = (blank != whole).then_some((whole, whole));
            continue;
        }
        region = entry(&lines, line).map(|whole| (item_in(&lines, line, whole), whole));
        found.push(err);
    }
    found
}

/// Replace `blank`'s lines by empty ones (each keeps its line break). False when they
/// were empty already: nothing would change.
fn blank_out(lines: &mut [String], blank: Lines) -> bool {
    let mut changed = false;
    for line in lines.iter_mut().take(blank.end - 1).skip(blank.start - 1) {
        if !line.trim().is_empty() {
            let ending = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            *line = ending.to_owned();
            changed = true;
        }
    }
    changed
}

/// The innermost list item (a line `- ...` and the lines under it) holding line `at`
/// within its top-level entry `whole`; when it is in no item, its key's block (see
/// [`key_block`]).
fn item_in(lines: &[String], at: usize, whole: Lines) -> Lines {
    let here = content(lines, at).map_or(usize::MAX, |(indent, _)| indent);
    let item = (whole.start + 1..=at).rev().find_map(|k| {
        let (indent, text) = content(lines, k)?;
        (indent <= here && (text == "-" || text.starts_with("- "))).then_some((k, indent))
    });
    let Some((start, indent)) = item else {
        return key_block(lines, at, whole);
    };
    let end = (start + 1..whole.end)
        .find(|&k| content(lines, k).is_some_and(|(i, _)| i <= indent))
        .unwrap_or(whole.end);
    Lines { start, end }
}

/// Line `at` and the lines under it, when it is an indented key inside `whole` (a
/// misspelt key of a section, with its value); otherwise `whole`.
fn key_block(lines: &[String], at: usize, whole: Lines) -> Lines {
    let indent = match content(lines, at) {
        Some((indent, _)) if indent > 0 && at > whole.start && key_of(lines, at).is_some() => {
            indent
        }
        _ => return whole,
    };
    let end = (at + 1..whole.end)
        .find(|&k| content(lines, k).is_some_and(|(i, _)| i <= indent))
        .unwrap_or(whole.end);
    Lines { start: at, end }
}

/// The top-level entry (a line at the left margin and the lines under it) that holds
/// line `at`, if any.
fn entry(lines: &[String], at: usize) -> Option<Lines> {
    let top = |k: usize| content(lines, k).is_some_and(|(indent, _)| indent == 0);
    let start = (1..=at.min(lines.len())).rev().find(|&k| top(k))?;
    let end = (start + 1..=lines.len())
        .find(|&k| top(k))
        .unwrap_or(lines.len() + 1);
    Some(Lines { start, end })
}

/// The key line `k` starts with (after a list's `- `), if it starts with one.
fn key_of(lines: &[String], k: usize) -> Option<String> {
    let (_, text) = content(lines, k)?;
    let text = text.strip_prefix("- ").unwrap_or(text).trim_start();
    let (key, _) = text.split_once(':')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && !key.contains(['{', '[', ' '])).then(|| key.to_owned())
}

/// The indentation and text of line `k` (1-based), unless it is blank or a comment.
fn content(lines: &[String], k: usize) -> Option<(usize, &str)> {
    let line = lines.get(k.checked_sub(1)?)?.trim_end();
    let text = line.trim_start_matches(' ');
    (!text.is_empty() && !text.starts_with('#')).then(|| (line.len() - text.len(), text))
}

#[cfg(test)]
#[path = "recover_tests.rs"]
mod tests;
