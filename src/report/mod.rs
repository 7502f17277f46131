//! Rendering a finished check. Every format reads the same [`Report`] through [`Render`];
//! a new format is one new file here.

mod causes;
pub use causes::{root_cause_totals, RootCause};
pub mod expired;
pub mod fixes;
pub mod github;
pub mod groups;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

/// The output formats, by the name used with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

impl OutputFormat {
    /// Every format with its name.
    pub const ALL: &[(&str, OutputFormat)] = &[
        ("human", Self::Human),
        ("json", Self::Json),
        ("sarif", Self::Sarif),
        ("junit", Self::Junit),
        ("github", Self::Github),
        ("markdown", Self::Markdown),
        ("html", Self::Html),
    ];

    /// The format called `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, f)| *f)
    }

    /// The name `--format` knows this format by.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("a report", |(n, _)| n)
    }

    /// The renderer for this format.
    #[must_use]
    pub fn renderer(self, options: &RenderOptions) -> Box<dyn Render> {
        match self {
            Self::Human => Box::new(human::Human {
                color: options.color,
                max_findings: options.max_findings,
            }),
            Self::Json => Box::new(json::Json),
            Self::Sarif => Box::new(sarif::Sarif),
            Self::Junit => Box::new(junit::Junit),
            Self::Github => Box::new(github::Github),
            Self::Markdown => Box::new(markdown::Markdown {
                max_findings: options.max_findings,
            }),
            Self::Html => Box::new(html::Html),
        }
    }
}

/// Settings that apply to every renderer.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Use ANSI colour (human output on a terminal).
    pub color: bool,
    /// The human and Markdown formats list at most this many findings per rule (None:
    /// all); JSON, SARIF, JUnit and HTML are always complete.
    pub max_findings: Option<usize>,
}

use crate::finding::Findings;
use crate::model::{Location, Skipped};
use crate::rules::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a format may show.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// In report order; in a temporary file, read as a stream, when there are many.
    pub findings: Findings,
    /// The rules that ran, for formats that describe them (SARIF, JUnit).
    pub rules: Vec<RuleInfo>,
    pub summary: Summary,
    /// Texts of small source files (the configuration), by path, for showing the line a
    /// finding points at.
    pub sources: BTreeMap<String, String>,
    /// The directory sync report over the logs read, when any were.
    pub sync: Option<crate::syncreport::SyncReport>,
    /// Changes to the configuration certain to resolve its findings (SARIF `fixes`).
    pub config_fixes: Vec<fixes::ConfigFix>,
}

/// What a format may say about a rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub category: String,
    pub tags: Vec<String>,
    pub references: Vec<String>,
    pub docs: crate::rules::Docs,
    /// The fix steps as written, with their `{placeholders}`.
    pub fix: Vec<String>,
}

impl From<&crate::rules::Rule> for RuleInfo {
    fn from(rule: &crate::rules::Rule) -> Self {
        Self {
            id: rule.id.to_string(),
            title: rule.title.to_string(),
            severity: rule.severity,
            category: rule.category.to_string(),
            tags: rule.tags.clone(),
            references: rule.references.clone(),
            docs: rule.docs.clone(),
            fix: rule
                .wording
                .fix
                .iter()
                .map(|t| t.source_text().to_owned())
                .collect(),
        }
    }
}

/// What was read, what was not, which rules ran.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files read, with what they were read as.
    pub inputs: Vec<InputSummary>,
    /// Files that could not be read or understood.
    pub problems: Vec<InputProblem>,
    /// Records, rows and lines left out (or read with a warning), with the reason.
    pub skipped: Vec<Skipped>,
    /// Skipped records beyond those listed (a very damaged log lists its first ones).
    pub skipped_unlisted: u64,
    /// Rules that ran.
    pub rules_run: usize,
    /// Rules that could not run because an input they need was not given.
    pub rules_not_run: Vec<RuleNotRun>,
    /// Suppressions and baseline.
    pub gate: crate::gate::GateSummary,
}

/// One file read.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub path: String,
    pub kind: String,
    pub records: usize,
    /// Records of an Okta or Entra log that are not about provisioning (sign-ins,
    /// account locks, audit records), read and left out; absent for other kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_provisioning: Option<u64>,
    /// The app whose records were taken from a log naming apps, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<AppSummary>,
    /// Why the file holds one page of a longer list (an API response saved as it came),
    /// if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

impl InputSummary {
    /// A file of `kind` read into `records` records; `not_provisioning` is kept for
    /// the Okta and Entra logs, the only ones that hold records of other things.
    #[must_use]
    pub fn new(path: String, kind: &str, records: usize, not_provisioning: u64) -> Self {
        let provider_log = matches!(kind, "okta-log" | "entra-log");
        Self {
            path,
            kind: kind.to_owned(),
            records,
            not_provisioning: provider_log.then_some(not_provisioning),
            app: None,
            page: None,
        }
    }

    /// What to say under the file's line: the app taken from a log, and that the file is
    /// one page of a longer list.
    #[must_use]
    pub fn notes(&self) -> Vec<String> {
        let app = self.app.as_ref().map(ToString::to_string);
        let page = self.page.as_ref().map(|why| {
            format!(
                "one page of a longer list ({why}); the other pages are not read: export \
                 every page and check again"
            )
        });
        app.into_iter().chain(page).collect()
    }

    /// Whether the file is a synclint configuration: it holds settings, not records.
    #[must_use]
    pub fn is_config(&self) -> bool {
        self.kind == crate::input::InputKind::Config.name()
    }

    /// What the file was read as, for "PATH as ...": "sync-log (93 records)", or
    /// "configuration" for synclint.yaml (settings, not records).
    #[must_use]
    pub fn read_as(&self) -> String {
        if self.is_config() {
            return "configuration".to_owned();
        }
        format!(
            "{} ({} records{})",
            self.kind,
            self.records,
            self.log_counts()
        )
    }

    /// What a log's line adds to `N records`: the records not about provisioning and
    /// those of other apps (empty for other files).
    #[must_use]
    pub fn log_counts(&self) -> String {
        let mut out = String::new();
        if let Some(n) = self.not_provisioning {
            out.push_str(&format!(", {n} not about provisioning"));
        }
        if let Some(app) = &self.app {
            out.push_str(&format!(", {} of other apps left out", app.other_apps));
        }
        out
    }

    /// [`InputSummary::log_counts`] and the app taken, in one line (empty for files
    /// other than logs).
    #[must_use]
    pub fn log_notes(&self) -> String {
        let counts = self.log_counts();
        let counts = counts.trim_start_matches(", ");
        std::iter::once(counts.to_owned())
            .chain(self.notes())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The app taken from a log that names the apps its records are about.
#[derive(Debug, Clone, Serialize)]
pub struct AppSummary {
    /// The apps taken (none when no app could be chosen).
    pub taken: Vec<String>,
    /// Why.
    pub reason: String,
    /// Records naming another app, left out of rules and reports.
    pub other_apps: u64,
}

impl std::fmt::Display for AppSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self.taken.iter().map(|t| format!("`{t}`")).collect();
        match names.as_slice() {
            [] => write!(f, "no app taken: {}", self.reason),
            _ => write!(f, "app {} taken: {}", names.join(", "), self.reason),
        }
    }
}

/// A file that was not used.
#[derive(Debug, Clone, Serialize)]
pub struct InputProblem {
    pub path: String,
    /// `unreadable`, `unrecognized`, `malformed` or `too-large`.
    pub problem: &'static str,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl InputProblem {
    /// Whether a file the user gave could not be used at all (it could not be read, was
    /// too large, or could not be parsed as a whole): such a run exits with 4. A file of
    /// no known kind is not one: a folder may hold unrelated files.
    #[must_use]
    pub fn is_unusable(&self) -> bool {
        matches!(
            self.problem,
            "unreadable" | "malformed" | "too-large" | "too-wide" | "not-a-file" | "over-budget"
        )
    }
}

/// A rule skipped for lack of data.
#[derive(Debug, Clone, Serialize)]
pub struct RuleNotRun {
    pub rule: String,
    /// The datasets no input supplied.
    pub missing: Vec<String>,
}

impl Summary {
    /// How many files were read: a file that holds two kinds (a SCIM listing of Users and
    /// Groups) has an entry in `inputs` for each, and counts once.
    #[must_use]
    pub fn files_read(&self) -> usize {
        let paths: std::collections::BTreeSet<&str> =
            self.inputs.iter().map(|i| i.path.as_str()).collect();
        paths.len()
    }

    /// Every record left out, listed or not. Entries whose reason starts with `warning:`
    /// are notes about records that were read (e.g. invalid UTF-8 replaced), not counted.
    #[must_use]
    pub fn skipped_total(&self) -> u64 {
        self.skipped
            .iter()
            .filter(|s| !s.reason.starts_with("warning:"))
            .count() as u64
            + self.skipped_unlisted
    }

    /// Notes about records that were read despite a flaw (`warning:` entries).
    #[must_use]
    pub fn notes(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| s.reason.starts_with("warning:"))
            .count()
    }
}

impl Report {
    /// This report with every finding in memory, for a format that goes back and forth
    /// over them (human, Markdown, GitHub, HTML): itself, or a copy with the findings
    /// read from their file. JSON, SARIF and JUnit read them as a stream instead.
    #[must_use]
    pub fn loaded(&self) -> std::borrow::Cow<'_, Report> {
        if self.findings.is_stored() {
            std::borrow::Cow::Owned(self.with_findings(self.findings.all().into_owned().into()))
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    /// A copy of this report with `findings` instead of its own.
    #[must_use]
    pub fn with_findings(&self, findings: Findings) -> Report {
        Report {
            findings,
            rules: self.rules.clone(),
            summary: self.summary.clone(),
            sources: self.sources.clone(),
            sync: self.sync.clone(),
            config_fixes: self.config_fixes.clone(),
        }
    }

    /// Number of findings of each severity.
    #[must_use]
    pub fn counts(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for f in self.findings.iter() {
            *counts.entry(f.severity).or_insert(0) += 1;
        }
        counts
    }

    /// The most severe finding's severity.
    #[must_use]
    pub fn worst(&self) -> Option<Severity> {
        self.findings.worst()
    }
}

/// One output format.
pub trait Render {
    /// Write `report` to `out`.
    ///
    /// # Errors
    /// Any error from writing.
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()>;
}
