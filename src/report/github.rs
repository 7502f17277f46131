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
use crate::finding::{Finding, Label};
use crate::model::Location;
use crate::rules::Severity;
use std::io::Write;

/// The annotations of one level (error, warning, notice) GitHub shows in one step.
pub const PER_LEVEL: usize = 10;

/// The GitHub Actions renderer.
pub struct Github;

/// One annotation to make, rendered only when it is written (a large log's findings are
/// never all held as text): its level, the rule (or kind of note) it belongs to, and what
/// it is about.
struct Note<'a> {
    level: &'static str,
    /// One of each rule is annotated first.
    rule: &'a str,
    about: About<'a>,
}

enum About<'a> {
    /// A file that stopped the check (see `commands::check_invalid`).
    Stopped(&'a super::InputProblem),
    Expired(&'a crate::gate::ExpiredSuppression),
    Finding(&'a Finding),
}

impl Note<'_> {
    /// The workflow command that makes the annotation; a finding's fix steps follow its
    /// message.
    fn command(&self) -> String {
        let (at, title, mut message) = self.parts();
        if let About::Finding(f) = self.about {
            let fix = f.fix();
            if !fix.is_empty() {
                message = format!("{message}\n\nFix:\n{}", text::numbered(&fix));
            }
        }
        let mut props = place(at);
        props.push(format!("title={}", github_property(&title)));
        format!(
            "::{} {}::{}",
            self.level,
            props.join(","),
            github_data(&message)
        )
    }

    /// The note as one plain line of the log: never a workflow command, whatever its text.
    fn plain(&self) -> String {
        let (at, _, message) = self.parts();
        let at = at
            .map(|l| format!(" {}", text::place(l)))
            .unwrap_or_default();
        crate::text::terminal(&format!("{} [{}]{at}: {message}", self.level, self.rule))
    }

    /// Where it points, its title and its message.
    fn parts(&self) -> (Option<&Location>, String, String) {
        match self.about {
            About::Stopped(p) => (
                p.location.as_ref(),
                "synclint: invalid file".to_owned(),
                p.reason.clone(),
            ),
            About::Expired(e) => (
                Some(&e.location),
                format!("{} ({})", super::expired::TITLE, e.rule),
                super::expired::sentence(e),
            ),
            About::Finding(f) => (
                f.location.as_ref(),
                format!("{} ({})", f.title, f.rule),
                f.message(),
            ),
        }
    }
}

impl Render for Github {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        // Three passes over the findings, which may be a stream: which to annotate, the
        // annotations, then the lines of the rest.
        let fixed = fixed_notes(report);
        let mut keys: Vec<(&str, Label)> = fixed.iter().map(|n| (n.level, n.rule.into())).collect();
        keys.extend(
            report
                .findings
                .iter()
                .map(|f| (level(f.severity), f.rule.clone())),
        );
        let keys: Vec<(&str, &str)> = keys.iter().map(|(l, r)| (*l, &**r)).collect();
        // The summary line is a notice too.
        let chosen = choose(&keys, |level| PER_LEVEL - usize::from(level == "notice"));
        each_note(report, &fixed, &chosen, true, &mut |n| {
            writeln!(out, "{}", n.command())
        })?;
        let rest = chosen.iter().filter(|c| !**c).count();
        let mut summary = format!("synclint: {}", super::human::summary_line(report));
        if rest > 0 {
            let group = format!("synclint: {rest} not annotated");
            writeln!(out, "::group::{}", github_data(&group))?;
            each_note(report, &fixed, &chosen, false, &mut |n| {
                writeln!(out, "{}", n.plain())
            })?;
            writeln!(out, "::endgroup::")?;
            summary.push_str(&format!(
                "; {rest} more not annotated, since GitHub shows {PER_LEVEL} annotations of \
                 each level in a step: they are listed in the log group \"{group}\", and the \
                 JSON and SARIF reports hold every finding"
            ));
        }
        writeln!(out, "::notice::{}", github_data(&summary))
    }
}

/// Call `write` with each note, in order, that is `chosen` (or not, as `annotated` says):
/// the notes of `fixed`, then one for each finding.
fn each_note(
    report: &Report,
    fixed: &[Note<'_>],
    chosen: &[bool],
    annotated: bool,
    write: &mut dyn FnMut(&Note<'_>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut chosen = chosen.iter();
    for note in fixed {
        if chosen.next() == Some(&annotated) {
            write(note)?;
        }
    }
    for f in report.findings.iter() {
        if chosen.next() == Some(&annotated) {
            let note = Note {
                level: level(f.severity),
                rule: &f.rule,
                about: About::Finding(&f),
            };
            write(&note)?;
        }
    }
    Ok(())
}

/// The annotations that come before the findings', most important first: a file that
/// stopped the check, then the expired suppressions (each a line of the configuration
/// to change).
fn fixed_notes(report: &Report) -> Vec<Note<'_>> {
    let summary = &report.summary;
    let stopped = summary.problems.iter().filter(|p| p.problem == "invalid");
    let stopped = stopped.map(|p| Note {
        level: "error",
        rule: "invalid",
        about: About::Stopped(p),
    });
    let expired = summary.gate.expired_suppressions.iter().map(|e| Note {
        level: "warning",
        rule: "expired",
        about: About::Expired(e),
    });
    stopped.chain(expired).collect()
}

/// Which notes, given by level and rule, are annotated: all of a level that fits in its
/// room; else each rule's first, in order, then the next ones in order, until the room
/// is full.
fn choose(notes: &[(&str, &str)], room: impl Fn(&str) -> usize) -> Vec<bool> {
    let mut chosen = vec![false; notes.len()];
    for level in ["error", "warning", "notice"] {
        let of_level: Vec<usize> = (0..notes.len()).filter(|&i| notes[i].0 == level).collect();
        let room = room(level);
        let mut rules_seen = std::collections::HashSet::new();
        let firsts = of_level.iter().filter(|&&i| rules_seen.insert(notes[i].1));
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

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
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
    use crate::report::InputProblem;

    fn problem(reason: &str) -> InputProblem {
        InputProblem {
            path: "log.csv".to_owned(),
            problem: "invalid",
            reason: reason.to_owned(),
            location: Some(Location::new("log.csv", 3, 1)),
        }
    }

    fn notes<'a>(rules: &[&'a str], about: &'a InputProblem) -> Vec<Note<'a>> {
        rules
            .iter()
            .map(|rule| Note {
                level: "error",
                rule,
                about: About::Stopped(about),
            })
            .collect()
    }

    fn keys<'a>(notes: &[Note<'a>]) -> Vec<(&'a str, &'a str)> {
        notes.iter().map(|n| (n.level, n.rule)).collect()
    }

    #[test]
    fn each_rule_is_annotated_once_before_any_is_annotated_twice() {
        let about = problem("x");
        let notes = keys(&notes(&["a", "a", "a", "b", "c", "c"], &about));
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
        let about = problem("x");
        let mut notes = notes(&["a", "a", "b"], &about);
        notes[2].level = "warning";
        let room = |level: &str| usize::from(level == "error");
        assert_eq!(choose(&keys(&notes), room), [true, false, false]);
    }

    #[test]
    fn a_listed_line_never_starts_a_workflow_command() {
        let about = problem("bad\n::error::forged\r\n::stop-commands::x");
        let line = notes(&["r"], &about)[0].plain();
        assert!(line.starts_with("error [r] log.csv:3:1: bad"), "{line}");
        assert!(!line.contains('\n') && !line.contains('\r'), "{line}");
        let command = notes(&["r"], &about)[0].command();
        assert!(
            command.starts_with("::error file=log.csv,line=3,col=1,title="),
            "{command}"
        );
        assert_eq!(command.lines().count(), 1, "{command}");
    }
}
