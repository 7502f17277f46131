//! Rule files in, checked [`Rule`]s out. Every problem in a file is collected (with its
//! position) before giving up on it, so one run shows them all.

use super::condition::Cond;
use super::errors::{ErrorSink, RuleError};
use super::path::FieldPath;
use super::shape::RuleFile;
use super::template::Template;
use super::utils::Utils;
use super::{Docs, Positions, Rule, Severity, SUBJECT_KINDS};
use crate::model::{dataset, schema};
use crate::suggest::or_list;
use crate::yaml::{line_col, Spanned};

/// Largest compiled size of a rule's regular expression, so a rule cannot make matching slow.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Parse and compile one rule file.
///
/// # Errors
/// Every problem found, each pointing into `text`.
pub fn compile_text(text: &str, origin: &str) -> Result<Rule, Vec<RuleError>> {
    compile_with_utils(text, origin, &Utils::default())
}

/// Parse and compile one rule file whose conditions may use the named conditions `utils`.
///
/// # Errors
/// Every problem found, each pointing into `text`.
pub fn compile_with_utils(text: &str, origin: &str, utils: &Utils) -> Result<Rule, Vec<RuleError>> {
    let file: RuleFile = crate::yaml::from_str_all(text, origin)
        .map_err(|e| e.all().into_iter().map(RuleError::from).collect::<Vec<_>>())?;
    let mut cx = Compiler::new(origin, text, &file.dataset.value, utils);
    cx.aggregated = file.aggregate.is_some();
    cx.silence = file.aggregate.as_ref().is_some_and(|a| a.gap.is_some());
    let rule = cx.rule(file, origin, text);
    if cx.sink.errors.is_empty() {
        rule.ok_or_else(Vec::new)
    } else {
        Err(cx.sink.errors)
    }
}

pub(super) struct Compiler<'a> {
    pub(super) sink: ErrorSink<'a>,
    /// The named conditions `matches` may use.
    pub(super) utils: &'a Utils,
    pub(super) dataset: String,
    /// The rule groups records (`aggregate`): its templates may use the group's fields.
    pub(super) aggregated: bool,
    /// The rule looks for silences (`gap`): its findings name no users.
    pub(super) silence: bool,
    /// Datasets the fields the rule tests need (see `schema::Field::needs`).
    pub(super) inferred: Vec<&'static str>,
    /// Whether the paths being compiled decide whether the rule fires (so their needs
    /// count); subjects and templates only describe a finding.
    pub(super) infer: bool,
    /// A `field` test is being compiled: `age` (which needs the reference time) may be used.
    pub(super) in_test: bool,
    /// How deep in lookups' `where` the compiler is.
    pub(super) lookup_depth: usize,
    /// The dataset of the record each enclosing lookup belongs to, innermost last: what
    /// `outer` in a `where` compares with.
    pub(super) outer: Vec<String>,
    /// `(as, dataset)` of every named lookup, for templates.
    pub(super) names: Vec<(String, String)>,
    /// Every field path the rule reads, with the dataset of the records it reads it from.
    pub(super) reads: Vec<(String, FieldPath)>,
}

impl<'a> Compiler<'a> {
    pub(super) fn new(origin: &'a str, text: &'a str, dataset: &str, utils: &'a Utils) -> Self {
        Compiler {
            sink: ErrorSink::new(origin, text),
            utils,
            dataset: dataset.to_owned(),
            aggregated: false,
            silence: false,
            inferred: Vec::new(),
            infer: true,
            in_test: false,
            lookup_depth: 0,
            outer: Vec::new(),
            names: Vec::new(),
            reads: Vec::new(),
        }
    }
}

impl Compiler<'_> {
    fn rule(&mut self, file: RuleFile, origin: &str, text: &str) -> Option<Rule> {
        self.check_id(&file.id);
        let severity = self.severity(&file.severity);
        let dataset_ok = self.check_dataset(&file.dataset);
        let ds = self.dataset.clone();
        let when = if dataset_ok {
            self.condition(&file.when, &ds)
        } else {
            None
        };
        let needs = self.needs(&file, when.as_ref());
        let message = self.template(&file.message);
        let fix: Vec<Option<Template>> = file
            .fix
            .value
            .iter()
            .map(|step| self.template(step))
            .collect();
        if file.fix.value.is_empty() {
            self.sink.at(
                line_col(&file.fix),
                1,
                "a rule needs at least one `fix` step",
                None,
            );
        }
        // Subjects and groups only describe findings: their fields need nothing.
        self.infer = false;
        let subjects = self.subjects(&file);
        let at = self.at(&file);
        let aggregate = file
            .aggregate
            .as_ref()
            .map(|a| super::compile_agg::aggregate(self, a, &ds));
        let causes = file.causes.iter().map(|c| c.value.clone()).collect();
        let positions = Positions {
            id: line_col(&file.id),
            causes: file.causes.iter().map(line_col).collect(),
            explains: file.explains.iter().map(line_col).collect(),
        };
        let explains = file.explains.iter().map(|c| c.value.clone()).collect();
        // What the rule's own cases name is not read from the records of a run.
        let reads = std::mem::take(&mut self.reads);
        let tests = self.tests(file.tests.unwrap_or_default());
        Some(Rule {
            id: file.id.value.into(),
            title: file.title.into(),
            severity: severity?,
            category: file.category.into(),
            tags: file.tags,
            references: file.references,
            docs: Docs {
                what: file.docs.what,
                why: file.docs.why,
                fix: file.docs.fix,
            },
            dataset: ds,
            needs,
            when: when?,
            wording: super::wording::Worded::new(super::wording::RuleWording::new(
                message?,
                fix.into_iter().collect::<Option<Vec<_>>>()?,
            )),
            subjects: subjects?,
            reads,
            at: at?,
            aggregate: aggregate.map_or(Some(None), |a| a.map(Some))?,
            causes,
            explains,
            positions,
            tests,
            origin: origin.to_owned(),
            source: text.to_owned(),
        })
    }

    pub(super) fn err<T>(
        &mut self,
        at: &Spanned<T>,
        len: usize,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.sink.at(line_col(at), len, message, help);
    }

    fn check_id(&mut self, id: &Spanned<String>) {
        let ok = !id.value.is_empty()
            && id.value.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !ok {
            self.err(
                id,
                id.value.len(),
                format!("rule id `{}` is not kebab-case", id.value),
                Some("use lowercase words joined by `-`, e.g. `role-unavailable`".to_owned()),
            );
        }
    }

    fn severity(&mut self, s: &Spanned<String>) -> Option<Severity> {
        let parsed = Severity::parse(&s.value);
        if parsed.is_none() {
            self.err(
                s,
                s.value.len(),
                format!("unknown severity `{}`", s.value),
                Some("use `error`, `warning` or `info`".to_owned()),
            );
        }
        parsed
    }

    fn needs(&mut self, file: &RuleFile, when: Option<&Cond>) -> Vec<String> {
        let mut needs = vec![self.dataset.clone()];
        needs.extend(
            when.into_iter()
                .flat_map(Cond::lookups)
                .map(|l| l.dataset.clone()),
        );
        needs.extend(self.inferred.iter().map(|d| (*d).to_owned()));
        for required in &file.requires {
            if self.check_dataset(required) {
                needs.push(required.value.clone());
            }
        }
        needs.sort();
        needs.dedup();
        needs
    }

    pub(super) fn check_dataset(&mut self, name: &Spanned<String>) -> bool {
        if dataset::ALL.contains(&name.value.as_str()) {
            return true;
        }
        let help = or_list(&name.value, dataset::ALL.iter().copied());
        self.err(
            name,
            name.value.len(),
            format!("unknown dataset `{}`", name.value),
            Some(help),
        );
        false
    }

    /// A field path of a record of `ds`, checked against the fields that dataset has.
    pub(super) fn path(&mut self, text: &Spanned<String>, ds: &str) -> Option<FieldPath> {
        match FieldPath::parse_expr(&text.value) {
            Ok(path) => self.known(path, ds, text),
            Err(message) => {
                self.err(text, text.value.len(), message, None);
                None
            }
        }
    }

    /// Note that the rule reads `path` (and any path a function of it measures to) in
    /// records of `ds`.
    pub(super) fn read(&mut self, ds: &str, path: &FieldPath) {
        let measured = path.funcs().iter().filter_map(|func| match func {
            crate::model::derive::Func::DaysTo(other) => Some(other),
            _ => None,
        });
        for p in std::iter::once(path).chain(measured) {
            self.reads.push((ds.to_owned(), p.clone()));
        }
    }

    pub(super) fn known<T>(
        &mut self,
        path: FieldPath,
        ds: &str,
        at: &Spanned<T>,
    ) -> Option<FieldPath> {
        if !self.in_test && uses_age(&path) {
            self.err(at, path.as_str().len(), AGE_ONLY_IN_TESTS, None);
            return None;
        }
        match schema::check(ds, &path) {
            Ok(reach) => {
                if self.infer {
                    self.inferred.extend(reach.needs);
                }
                self.read(ds, &path);
                Some(path)
            }
            Err(problem) => {
                self.err(at, path.as_str().len(), problem.message, Some(problem.help));
                None
            }
        }
    }

    fn subjects(&mut self, file: &RuleFile) -> Option<Vec<(String, FieldPath)>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (kind, path) in &file.subjects {
            if !SUBJECT_KINDS.contains(&kind.as_str()) {
                let help = or_list(kind, SUBJECT_KINDS.iter().copied());
                self.err(
                    path,
                    path.value.len(),
                    format!("unknown subject kind `{kind}`"),
                    Some(help),
                );
                ok = false;
                continue;
            }
            let ds = self.dataset.clone();
            match self.path(path, &ds) {
                Some(p) => out.push((kind.clone(), p)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The field `at` names: one known top-level field, for a rule without `aggregate`
    /// (a group of events has no one place to point at). `Some(None)` without `at`.
    fn at(&mut self, file: &RuleFile) -> Option<Option<String>> {
        let Some(at) = &file.at else {
            return Some(None);
        };
        let len = at.value.len();
        if file.aggregate.is_some() {
            let help = "a finding of a group of events points at its first event".to_owned();
            self.err(at, len, "`at` is for rules without `aggregate`", Some(help));
            return None;
        }
        let plain = FieldPath::parse_expr(&at.value)
            .ok()
            .filter(|p| p.keys().len() == 1 && p.funcs().is_empty());
        let Some(path) = plain else {
            let help = "name a top-level field, such as `group`".to_owned();
            self.err(at, len, "`at` takes one field name, not a path", Some(help));
            return None;
        };
        let ds = self.dataset.clone();
        let path = self.known(path, &ds, at)?;
        Some(Some(path.as_str().to_owned()))
    }

    /// A path into the record being tested (of dataset `ds`), for field-to-field operators.
    pub(super) fn same_record_path(&mut self, p: &Spanned<String>, ds: &str) -> Option<FieldPath> {
        self.path(p, ds)
    }

    pub(super) fn error<T>(&mut self, at: &Spanned<T>, message: &str) {
        self.err(at, 1, message, None);
    }
}

pub(super) const AGE_ONLY_IN_TESTS: &str =
    "`age` counts from the reference time, which only conditions see: use it in a `field` test (for a difference between two fields, use `days_to`)";

pub(super) fn uses_age(path: &FieldPath) -> bool {
    path.funcs()
        .iter()
        .any(|f| matches!(f, crate::model::derive::Func::Age))
}
