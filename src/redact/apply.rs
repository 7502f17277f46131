//! Applying a [`Redactor`] to everything a format may show.

use super::Redactor;
use crate::model::Location;
use crate::report::{Report, Summary};
use crate::syncreport::{kinds, SyncReport};

impl Report {
    /// Replace personal data in every string a format may show: messages, fix steps,
    /// user subjects and the users of a group of events, file paths, read notes, the
    /// directory sync report and the configuration changes SARIF proposes. Group, role
    /// and organization subjects stay as they are, and so do the configuration lines
    /// quoted (but an email address or a person's value in them is replaced).
    pub fn redact(&mut self, r: &Redactor) {
        let findings = std::mem::take(&mut self.findings);
        self.findings = findings.map(|f| {
            f.says.map_text(&mut |text| r.text(text));
            redact_subjects(r, &mut f.subjects);
            if let Some(events) = &mut f.events {
                for user in &mut events.user_names {
                    *user = r.value(user).into();
                }
            }
            if let Some(cause) = &mut f.cause {
                redact_subjects(r, &mut cause.subjects);
            }
            if let Some(location) = &mut f.location {
                redact_location(r, location);
            }
        });
        self.summary.redact(r);
        let sources = std::mem::take(&mut self.sources);
        self.sources = sources
            .into_iter()
            .map(|(path, text)| (r.path(&path), r.text(&text)))
            .collect();
        if let Some(sync) = &mut self.sync {
            sync.redact(r);
        }
        // SARIF shows these as `fixes`: the file's path, and text quoted from it. The
        // group stays, as in the findings it is matched with.
        for fix in &mut self.config_fixes {
            fix.path = r.path(&fix.path);
            fix.description = r.text(&fix.description);
            fix.replacement.inserted = r.text(&fix.replacement.inserted);
        }
    }
}

fn redact_subjects(r: &Redactor, subjects: &mut crate::finding::Subjects) {
    for (kind, value) in subjects.iter_mut() {
        match kind.as_str() {
            "user" => *value = r.value(value),
            "group" | "role" | "organization" => {}
            _ => *value = r.text(value),
        }
    }
}

fn redact_location(r: &Redactor, location: &mut Location) {
    let path = r.path(&location.path);
    if *path != *location.path {
        location.path = path.into();
    }
}

impl Summary {
    /// Replace personal data in the paths and reasons of what was read.
    pub fn redact(&mut self, r: &Redactor) {
        for input in &mut self.inputs {
            input.path = r.path(&input.path);
        }
        for problem in &mut self.problems {
            problem.path = r.path(&problem.path);
            problem.reason = r.text(&problem.reason);
            if let Some(location) = &mut problem.location {
                redact_location(r, location);
            }
        }
        for skipped in &mut self.skipped {
            skipped.reason = r.text(&skipped.reason);
            redact_location(r, &mut skipped.location);
        }
        for expired in &mut self.gate.expired_suppressions {
            expired.reason = r.text(&expired.reason);
            redact_location(r, &mut expired.location);
        }
        for entry in &mut self.gate.stale_baseline {
            entry.message = r.text(&entry.message);
        }
    }
}

impl SyncReport {
    /// Replace personal data in the error kinds. A kind's built-in part (an HTTP status
    /// or a provider's code with its meaning) is synclint's own text and stays as
    /// written. A message cut short (it ends with `…`) is redacted by
    /// [`Redactor::cut_text`], which knows every person: its last words go only when
    /// they may be the start of someone's value.
    pub fn redact(&mut self, r: &Redactor) {
        for e in &mut self.errors_by_kind {
            let (own, message) = split_kind(&e.kind);
            let message = if kinds::is_cut(message) {
                let head = message.trim_end().trim_end_matches(kinds::ELLIPSIS);
                match r.cut_text(head) {
                    (text, true) => format!("{text} {}", kinds::ELLIPSIS),
                    (text, false) => {
                        let mark = message.get(head.trim_end().len()..).unwrap_or_default();
                        format!("{text}{mark}")
                    }
                }
            } else {
                r.text(message)
            };
            e.kind = format!("{own}{message}");
        }
    }
}

/// A kind as its built-in part (a known code and its meaning, with the `: ` after it)
/// and its message.
fn split_kind(kind: &str) -> (&str, &str) {
    let code = kind
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or_default();
    let named = kinds::name(code);
    if named == code || !kind.starts_with(named.as_str()) {
        return ("", kind);
    }
    let own = kind.get(..named.len()).unwrap_or_default();
    let rest = kind.get(named.len()..).unwrap_or_default();
    let message = rest.trim_start_matches(": ");
    kind.split_at_checked(kind.len() - message.len())
        .map_or((own, rest), |(own, message)| (own, message))
}
