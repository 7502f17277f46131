//! `--format github`: GitHub Actions workflow commands, so each finding becomes an
//! annotation on the run (and on the file, when it has a place):
//!
//! ```text
//! ::error file=PATH,line=L,col=C,title=TITLE::MESSAGE%0A%0AFix:%0A1. ...
//! ```
//!
//! `::warning` for warnings, `::notice` for info; `file`, `line` and `col` only when the
//! finding has a place. Each expired suppression is a `::warning` on its line of
//! synclint.yaml. One `::notice::` summary line ends the output. Values are escaped
//! as the Actions toolkit does (`%`, CR and LF everywhere; `:` and `,` too in properties),
//! so every finding stays on one line and input text cannot start another command.
//!
//! GitHub shows at most [`PER_LEVEL`] annotations of each level in a step and drops the
//! rest unsaid, so a large log's thousands of findings would leave a random-looking
//! ten. When a level has more, each rule's first finding is annotated before a second of
//! any rule, and every finding not annotated is listed, one plain line each, in a
//! collapsed group of the log; the summary says how many and where.

use super::text::{self, github_data, github_property};
use super::{Render, Report};
use crate::finding::Finding;
use crate::model::Location;
use crate::rules::Severity;
use std::io::Write;

/// The annotations of one level (error, warning, notice) GitHub shows in one step.
pub const PER_LEVEL: usize = 10;

/// The GitHub Actions renderer.
pub struct Github;

/// One annotation to make: its level, what it groups under, and its command line.
struct Note<'a> {
    level: &'static str,
    /// The rule (or kind of note) it belongs to: one of each is annotated first.
    rule: &'a str,
    command: String,
    /// The line listing it in the log when it is not annotated.
    plain: String,
}

impl Render for Github {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let notes = notes(report);
        // The summary line is a notice too.
        let chosen = choose(&notes, |level| PER_LEVEL - usize::from(level == "notice"));
        for (note, _) in notes.iter().zip(&chosen).filter(|(_, c)| **c) {
            writeln!(out, "{}", note.command)?;
        }
        let rest: Vec<&Note<'_>> = notes
            .iter()
            .zip(&chosen)
            .filter(|(_, c)| !**c)
            .map(|(n, _)| n)
            .collect();
        let mut summary = format!("synclint: {}", super::human::summary_line(report));
        if !rest.is_empty() {
            let group = format!("synclint: {} not annotated", rest.len());
            writeln!(out, "::group::{}", github_data(&group))?;
            for note in &rest {
                writeln!(out, "{}", note.plain)?;
            }
            writeln!(out, "::endgroup::")?;
            summary.push_str(&format!(
                "; {} more not annotated, since GitHub shows {PER_LEVEL} annotations of each \
                 level in a step: they are listed in the log group \"{group}\", and the JSON \
                 and SARIF reports hold every finding",
                rest.len()
            ));
        }
        writeln!(out, "::notice::{}", github_data(&summary))
    }
}

/// Every annotation the report makes, most important first: a file that stopped the
/// check, the expired suppressions (each a line of the configuration to change), then the
/// findings in report order.
fn notes(report: &Report) -> Vec<Note<'_>> {
    let stopped = report
        .summary
        .problems
        .iter()
        .filter(|p| p.problem == "invalid");
    let mut notes: Vec<Note<'_>> = stopped
        .map(|p| {
            let at = p.location.as_ref();
            note("error", "invalid", at, "synclint: invalid file", &p.reason)
        })
        .collect();
    notes.extend(report.summary.gate.expired_suppressions.iter().map(|e| {
        let title = format!("{} ({})", super::expired::TITLE, e.rule);
        let sentence = super::expired::sentence(e);
        note("warning", "expired", Some(&e.location), &title, &sentence)
    }));
    notes.extend(report.findings.iter().map(|f| Note {
        level: level(f.severity),
        rule: &f.rule,
        command: command(f),
        plain: plain(
            level(f.severity),
            f.location.as_ref(),
            &f.rule,
            &f.message(),
        ),
    }));
    notes
}

fn note<'a>(
    level: &'static str,
    rule: &'a str,
    at: Option<&Location>,
    title: &str,
    message: &str,
) -> Note<'a> {
    let mut props = place(at);
    props.push(format!("title={}", github_property(title)));
    Note {
        level,
        rule,
        command: format!("::{level} {}::{}", props.join(","), github_data(message)),
        plain: plain(level, at, title, message),
    }
}

/// Which notes are annotated: all of a level that fits in its room; else each rule's
/// first, in order, then the next ones in order, until the room is full.
fn choose(notes: &[Note<'_>], room: impl Fn(&str) -> usize) -> Vec<bool> {
    let mut chosen = vec![false; notes.len()];
    for level in ["error", "warning", "notice"] {
        let of_level: Vec<usize> = (0..notes.len())
            .filter(|&i| notes[i].level == level)
            .collect();
        let room = room(level);
        let mut rules_seen = std::collections::HashSet::new();
        let firsts = of_level
            .iter()
            .filter(|&&i| rules_seen.insert(notes[i].rule));
        let order: Vec<usize> = firsts.copied().chain(of_level.iter().copied()).collect();
        let mut taken = 0;
        for i in order {
            if taken == room {
                break;
            }
            if !chosen[i] {
                chosen[i] = true;
                taken += 1;
            }
        }
    }
    chosen
}

/// A note as one plain line of the log: never a workflow command, whatever its text.
fn plain(level: &str, at: Option<&Location>, rule: &str, message: &str) -> String {
    let at = at
        .map(|l| format!(" {}", text::place(l)))
        .unwrap_or_default();
    crate::text::terminal(&format!("{level} [{rule}]{at}: {message}"))
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The workflow command for one finding.
#[must_use]
pub fn command(f: &Finding) -> String {
    let name = level(f.severity);
    let mut props = place(f.location.as_ref());
    props.push(format!(
        "title={}",
        github_property(&format!("{} ({})", f.title, f.rule))
    ));
    let mut message = f.message().clone();
    if !f.fix().is_empty() {
        message = format!("{message}\n\nFix:\n{}", text::numbered(&f.fix()));
    }
    format!("::{name} {}::{}", props.join(","), github_data(&message))
}

/// The `file`, `line` and `col` properties of a place (none without a path).
fn place(location: Option<&Location>) -> Vec<String> {
    let mut props = Vec::new();
    if let Some(loc) = location.filter(|l| !l.path.is_empty()) {
        let (path, _) = text::repo_path(&loc.path);
        props.push(format!("file={}", github_property(&path)));
        if loc.line > 0 {
            props.push(format!("line={}", loc.line));
            if loc.column > 0 {
                props.push(format!("col={}", loc.column));
            }
        }
    }
    props
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes<'a>(rules: &[&'a str]) -> Vec<Note<'a>> {
        rules
            .iter()
            .map(|rule| Note {
                level: "error",
                rule,
                command: String::new(),
                plain: String::new(),
            })
            .collect()
    }

    #[test]
    fn each_rule_is_annotated_once_before_any_is_annotated_twice() {
        let notes = notes(&["a", "a", "a", "b", "c", "c"]);
        assert_eq!(
            choose(&notes, |_| 3),
            [true, false, false, true, true, false]
        );
        assert_eq!(
            choose(&notes, |_| 4),
            [true, true, false, true, true, false]
        );
        assert_eq!(choose(&notes, |_| 10), [true; 6]);
    }

    #[test]
    fn levels_have_rooms_of_their_own() {
        let mut notes = notes(&["a", "a", "b"]);
        notes[2].level = "warning";
        let room = |level: &str| usize::from(level == "error");
        assert_eq!(choose(&notes, room), [true, false, false]);
    }

    #[test]
    fn a_listed_line_never_starts_a_workflow_command() {
        let at = Location::new("log.csv", 3, 1);
        let line = plain(
            "error",
            Some(&at),
            "r",
            "bad\n::error::forged\r\n::stop-commands::x",
        );
        assert!(line.starts_with("error [r] log.csv:3:1: bad"), "{line}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
    }
}
