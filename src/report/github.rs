//! `--format github`: GitHub Actions workflow commands, one line per finding, so each
//! finding becomes an annotation on the run (and on the file, when it has a place):
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

use super::text::{self, github_data, github_property};
use super::{Render, Report};
use crate::finding::Finding;
use crate::model::Location;
use crate::rules::Severity;
use std::io::Write;

/// The GitHub Actions renderer.
pub struct Github;

impl Render for Github {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for f in &report.findings {
            writeln!(out, "{}", command(f))?;
        }
        for e in &report.summary.gate.expired_suppressions {
            let mut props = place(Some(&e.location));
            let title = format!("{} ({})", super::expired::TITLE, e.rule);
            props.push(format!("title={}", github_property(&title)));
            let message = github_data(&super::expired::sentence(e));
            writeln!(out, "::warning {}::{message}", props.join(","))?;
        }
        // A file that stopped the check (see `commands::check_invalid`), at its place.
        for p in report
            .summary
            .problems
            .iter()
            .filter(|p| p.problem == "invalid")
        {
            let mut props = place(p.location.as_ref());
            props.push(format!(
                "title={}",
                github_property("synclint: invalid file")
            ));
            writeln!(
                out,
                "::error {}::{}",
                props.join(","),
                github_data(&p.reason)
            )?;
        }
        writeln!(
            out,
            "::notice::{}",
            github_data(&format!("synclint: {}", super::human::summary_line(report)))
        )
    }
}

/// The workflow command for one finding.
#[must_use]
pub fn command(f: &Finding) -> String {
    let name = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
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
