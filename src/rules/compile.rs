//! Rule files in, checked [`Rule`]s out. Every problem in a file is collected (with its
//! position) before giving up on it, so one run shows them all.

use super::condition::{Bound, Cond, CountRange, Lookup, Op, Quantifier, Test};
use super::errors::{ErrorSink, RuleError};
use super::path::FieldPath;
use super::shape::{self, Condition, RuleFile};
use super::template::Template;
use super::{Docs, Positions, Rule, RuleTests, Severity, TestCase, SUBJECT_KINDS};
use crate::model::{dataset, schema, Location};
use crate::yaml::{line_col, Spanned};
use regex::RegexBuilder;
use serde_json::Value;

/// Largest compiled size of a rule's regular expression, so a rule cannot make matching slow.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Parse and compile one rule file.
///
/// # Errors
/// Every problem found, each pointing into `text`.
pub fn compile_text(text: &str, origin: &str) -> Result<Rule, Vec<RuleError>> {
    let file: RuleFile =
        crate::yaml::from_str(text, origin).map_err(|e| vec![RuleError::from(e)])?;
    let mut cx = Compiler {
        sink: ErrorSink::new(origin, text),
        dataset: file.dataset.value.clone(),
        aggregated: file.aggregate.is_some(),
        inferred: Vec::new(),
        infer: true,
        in_test: false,
        lookup_depth: 0,
        names: Vec::new(),
    };
    let rule = cx.rule(file, origin, text);
    if cx.sink.errors.is_empty() {
        rule.ok_or_else(Vec::new)
    } else {
        Err(cx.sink.errors)
    }
}

pub(super) struct Compiler<'a> {
    sink: ErrorSink<'a>,
    dataset: String,
    /// The rule groups records (`aggregate`): its templates may use the group's fields.
    aggregated: bool,
    /// Datasets the fields the rule tests need (see `schema::Field::needs`).
    inferred: Vec<&'static str>,
    /// Whether the paths being compiled decide whether the rule fires (so their needs
    /// count); subjects and templates only describe a finding.
    infer: bool,
    /// A `field` test is being compiled: `age` (which needs the reference time) may be used.
    in_test: bool,
    /// How deep in lookups' `where` the compiler is.
    lookup_depth: usize,
    /// `(as, dataset)` of every named lookup, for templates.
    names: Vec<(String, String)>,
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
        let aggregate = file
            .aggregate
            .as_ref()
            .map(|a| super::compile_agg::aggregate(self, a, &ds));
        let causes = file.causes.iter().map(|c| c.value.clone()).collect();
        let positions = Positions {
            id: line_col(&file.id),
            causes: file.causes.iter().map(line_col).collect(),
        };
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
            message: message?,
            fix: fix.into_iter().collect::<Option<Vec<_>>>()?,
            subjects: subjects?,
            aggregate: aggregate.map_or(Some(None), |a| a.map(Some))?,
            causes,
            positions,
            tests,
            origin: origin.to_owned(),
            source: text.to_owned(),
        })
    }

    fn err<T>(
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

    fn check_dataset(&mut self, name: &Spanned<String>) -> bool {
        if dataset::ALL.contains(&name.value.as_str()) {
            return true;
        }
        let help = suggest(&name.value, dataset::ALL.iter().copied());
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

    fn known<T>(&mut self, path: FieldPath, ds: &str, at: &Spanned<T>) -> Option<FieldPath> {
        if !self.in_test && uses_age(&path) {
            self.err(at, path.as_str().len(), AGE_ONLY_IN_TESTS, None);
            return None;
        }
        match schema::check(ds, &path) {
            Ok(reach) => {
                if self.infer {
                    self.inferred.extend(reach.needs);
                }
                Some(path)
            }
            Err(problem) => {
                self.err(at, path.as_str().len(), problem.message, Some(problem.help));
                None
            }
        }
    }

    fn template(&mut self, text: &Spanned<String>) -> Option<Template> {
        match Template::parse(&text.value) {
            Ok(template) => {
                let ds = self.dataset.clone();
                let mut ok = true;
                for path in template.fields() {
                    if self.aggregated
                        && path.keys().len() == 1
                        && super::compile_agg::is_group_field(path.root())
                    {
                        continue;
                    }
                    if let Some(problem) = self.named_field(path) {
                        if !problem.is_empty() {
                            self.err(text, text.value.len(), problem, None);
                            ok = false;
                        }
                    } else if uses_age(path) {
                        self.err(text, text.value.len(), AGE_ONLY_IN_TESTS, None);
                        ok = false;
                    } else if let Err(problem) = schema::check(&ds, path) {
                        let message = format!("placeholder `{{{path}}}`: {}", problem.message);
                        self.err(text, text.value.len(), message, Some(problem.help));
                        ok = false;
                    }
                }
                ok.then_some(template)
            }
            Err((_, message)) => {
                self.err(
                    text,
                    text.value.len(),
                    format!("bad template: {message}"),
                    Some(
                        "placeholders are `{field.path}`; write `{{` for a literal brace"
                            .to_owned(),
                    ),
                );
                None
            }
        }
    }

    fn subjects(&mut self, file: &RuleFile) -> Option<Vec<(String, FieldPath)>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (kind, path) in &file.subjects {
            if !SUBJECT_KINDS.contains(&kind.as_str()) {
                let help = suggest(kind, SUBJECT_KINDS.iter().copied());
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

    fn tests(&mut self, tests: shape::RuleTests) -> RuleTests {
        let mut named: Vec<(Spanned<String>, Vec<Value>)> = tests.datasets.into_iter().collect();
        named.sort_by(|a, b| a.0.value.cmp(&b.0.value));
        let mut datasets = Vec::new();
        for (name, records) in named {
            if dataset::ALL.contains(&name.value.as_str()) {
                datasets.push((name.value, records));
            } else {
                let help = suggest(&name.value, dataset::ALL.iter().copied());
                self.err(
                    &name,
                    name.value.len(),
                    format!("tests.datasets names unknown dataset `{}`", name.value),
                    Some(help),
                );
            }
        }
        let fire = tests
            .fire
            .into_iter()
            .filter_map(|c| self.case(c))
            .collect();
        let pass = tests
            .pass
            .into_iter()
            .filter_map(|c| self.case(c))
            .collect();
        RuleTests {
            datasets,
            fire,
            pass,
        }
    }

    fn case(&mut self, case: Spanned<Value>) -> Option<TestCase> {
        let (line, column) = line_col(&case);
        let records = match case.value {
            Value::Object(_) => vec![case.value],
            Value::Array(items)
                if self.aggregated && !items.is_empty() && items.iter().all(Value::is_object) =>
            {
                items
            }
            _ => {
                let what = if self.aggregated {
                    "a record, or a non-empty list of records"
                } else {
                    "a record (a mapping of fields)"
                };
                self.sink.at(
                    (line, column),
                    1,
                    format!("a test case must be {what}"),
                    None,
                );
                return None;
            }
        };
        Some(TestCase {
            records,
            location: Location::new(self.sink.origin, line, column),
        })
    }

    fn condition(&mut self, c: &Spanned<Condition>, ds: &str) -> Option<Cond> {
        let cond = &c.value;
        let forms = [
            cond.all.is_some(),
            cond.any.is_some(),
            cond.not.is_some(),
            cond.lookup.is_some(),
            cond.field.is_some(),
        ];
        match forms.iter().filter(|&&x| x).count() {
            1 => {}
            0 => {
                self.err(
                    c,
                    1,
                    "a condition needs one of `all`, `any`, `not`, `lookup` or `field`",
                    None,
                );
                return None;
            }
            _ => {
                self.err(
                    c,
                    1,
                    "a condition may hold only one of `all`, `any`, `not`, `lookup` and `field`",
                    Some("combine several conditions with `all:` or `any:`".to_owned()),
                );
                return None;
            }
        }
        if cond.field.is_none() {
            self.no_stray_operators(c);
        }
        if let Some(items) = cond.all.as_ref().or(cond.any.as_ref()) {
            if items.is_empty() {
                self.err(c, 1, "`all`/`any` needs at least one condition", None);
                return None;
            }
            // A test under `any` can fail while the rule fires: what it needs is optional.
            let infer = self.infer;
            self.infer = infer && cond.all.is_some();
            let compiled: Vec<Option<Cond>> = items.iter().map(|i| self.condition(i, ds)).collect();
            self.infer = infer;
            let compiled: Vec<Cond> = compiled.into_iter().collect::<Option<_>>()?;
            return Some(if cond.all.is_some() {
                Cond::All(compiled)
            } else {
                Cond::Any(compiled)
            });
        }
        if let Some(inner) = &cond.not {
            // A test under `not` holds when its field has no value: it needs nothing.
            let infer = std::mem::replace(&mut self.infer, false);
            let compiled = self.condition(inner, ds);
            self.infer = infer;
            return compiled.map(|i| Cond::Not(Box::new(i)));
        }
        if let Some(lookup) = &cond.lookup {
            return self.lookup(lookup, ds).map(|l| Cond::Lookup(Box::new(l)));
        }
        let field = cond.field.as_ref()?;
        self.in_test = true;
        let path = self.path(field, ds);
        let op = super::compile_op::operator(self, c, ds);
        self.in_test = false;
        let quantifier = self.quantifier(cond.quantifier.as_ref());
        let case_sensitive = cond.case_sensitive.as_ref().is_some_and(|s| s.value);
        Some(Cond::Test(Test {
            path: path?,
            op: op?,
            quantifier: quantifier?,
            case_sensitive,
        }))
    }

    fn no_stray_operators(&mut self, c: &Spanned<Condition>) {
        let names = super::compile_op::operator_names(&c.value);
        let modifiers = c.value.case_sensitive.is_some() || c.value.quantifier.is_some();
        if !names.is_empty() || modifiers {
            let what = if names.is_empty() {
                "`case_sensitive`/`match`".to_owned()
            } else {
                format!("`{}`", names.join("`, `"))
            };
            self.err(
                c,
                1,
                format!("{what} only applies to a `field` test"),
                Some("add `field: <path>` to this condition".to_owned()),
            );
        }
    }

    fn quantifier(&mut self, q: Option<&Spanned<String>>) -> Option<Quantifier> {
        match q.map(|s| s.value.to_ascii_lowercase()) {
            None => Some(Quantifier::Any),
            Some(v) if v == "any" => Some(Quantifier::Any),
            Some(v) if v == "all" => Some(Quantifier::All),
            Some(v) => {
                if let Some(at) = q {
                    self.err(
                        at,
                        v.len(),
                        format!("`match` must be `any` or `all`, not `{v}`"),
                        None,
                    );
                }
                None
            }
        }
    }

    /// Compile a lookup, checking every part before giving up so all its errors are reported.
    fn lookup(&mut self, l: &shape::Lookup, ds: &str) -> Option<Lookup> {
        if !self.check_dataset(&l.dataset) {
            return None;
        }
        let other = l.dataset.value.clone();
        if l.on.value.is_empty() {
            self.err(
                &l.on,
                1,
                "`lookup.on` needs at least one `other_field: this_field` pair",
                None,
            );
        }
        let pairs: Vec<(Option<FieldPath>, Option<FieldPath>)> =
            l.on.value
                .iter()
                .map(|(theirs, ours)| {
                    (
                        self.bare_path(theirs, &other, &l.on),
                        self.bare_path(ours, ds, &l.on),
                    )
                })
                .collect();
        let name = self.lookup_name(l, ds);
        self.lookup_depth += 1;
        let filter = l.filter.as_ref().map(|f| self.condition(f, &other));
        self.lookup_depth -= 1;
        let distinct = l.distinct.as_ref().map(|d| self.path(d, &other));
        let count = l.count.as_ref().map(|c| self.count(&c.value, c));
        let on: Vec<(FieldPath, FieldPath)> = pairs
            .into_iter()
            .map(|(a, b)| a.zip(b))
            .collect::<Option<_>>()?;
        if on.is_empty() {
            return None;
        }
        Some(Lookup {
            dataset: other,
            on,
            filter: filter.map_or(Some(None), |f| f.map(Some))?,
            distinct: distinct.map_or(Some(None), |d| d.map(Some))?,
            count: count.map_or(Some(CountRange::SOME), |c| c)?,
            name: name?,
        })
    }

    /// The checked `as` of a lookup (`Some(None)` without one; `None` when wrong).
    fn lookup_name(&mut self, l: &shape::Lookup, ds: &str) -> Option<Option<String>> {
        let Some(name) = &l.name else {
            return Some(None);
        };
        let word = !name.value.is_empty()
            && name
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        let problem = if !word {
            Some("`as` is a name of letters, digits and `_`".to_owned())
        } else if self.lookup_depth > 0 {
            Some("`as` names a lookup of the rule's own records, not one inside `where`".to_owned())
        } else if FieldPath::parse(&name.value).is_ok_and(|p| schema::check(ds, &p).is_ok()) {
            Some(format!(
                "`as: {}` hides the field of that name of dataset `{ds}`",
                name.value
            ))
        } else if self.names.iter().any(|(n, _)| *n == name.value) {
            Some(format!("two lookups are named `{}`", name.value))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.err(name, name.value.len(), problem, None);
            return None;
        }
        self.names
            .push((name.value.clone(), l.dataset.value.clone()));
        Some(Some(name.value.clone()))
    }

    /// For a placeholder that starts with a lookup's `as`: `Some("")` when it is valid,
    /// `Some(problem)` when not; `None` when it names no lookup.
    fn named_field(&self, path: &FieldPath) -> Option<String> {
        let (name, other) = self.names.iter().find(|(n, _)| n == path.root())?;
        let keys = path.keys();
        let rest = path.as_str().split('|').next().unwrap_or_default().trim();
        let matches = format!("{name}.matches.");
        Some(match keys.get(1).map(String::as_str) {
            Some("count") if keys.len() == 2 => String::new(),
            Some("matches") if keys.len() > 2 => FieldPath::parse(&rest[matches.len().min(rest.len())..])
                .and_then(|p| schema::check(other, &p).map_err(|e| e.message))
                .err()
                .unwrap_or_default(),
            _ => format!("`{{{path}}}`: a lookup named `{name}` gives `{name}.count` and `{name}.matches.FIELD`"),
        })
    }

    fn bare_path<T>(&mut self, text: &str, ds: &str, at: &Spanned<T>) -> Option<FieldPath> {
        match FieldPath::parse_expr(text) {
            Ok(path) => self.known(path, ds, at),
            Err(message) => {
                self.err(at, 1, message, None);
                None
            }
        }
    }

    pub(super) fn count<T>(&mut self, c: &shape::Count, at: &Spanned<T>) -> Option<CountRange> {
        let bounds = [
            c.equals.map(|n| (n, n)),
            c.gt.map(|n| (n.saturating_add(1), u64::MAX)),
            c.gte.map(|n| (n, u64::MAX)),
            c.lt.map(|n| if n == 0 { (1, 0) } else { (0, n - 1) }),
            c.lte.map(|n| (0, n)),
        ];
        let any = bounds.iter().any(Option::is_some);
        let range = bounds.iter().flatten().fold(
            CountRange {
                min: 0,
                max: u64::MAX,
            },
            |r, &(min, max)| CountRange {
                min: r.min.max(min),
                max: r.max.min(max),
            },
        );
        if !any {
            self.err(
                at,
                1,
                "`count` needs a bound: `equals`, `gt`, `gte`, `lt` or `lte`",
                None,
            );
            return None;
        }
        if range.min > range.max {
            self.err(at, 1, "these `count` bounds can never all hold", None);
            return None;
        }
        Some(range)
    }

    pub(super) fn regex(&mut self, r: &Spanned<String>, case_sensitive: bool) -> Option<Op> {
        match RegexBuilder::new(&r.value)
            .case_insensitive(!case_sensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(re) => Some(Op::Regex(re)),
            Err(e) => {
                let message = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid")
                    .trim()
                    .to_owned();
                self.err(
                    r,
                    r.value.len(),
                    format!("invalid regex: {message}"),
                    Some(
                        "synclint uses Rust `regex` syntax (no look-around or back-references)"
                            .to_owned(),
                    ),
                );
                None
            }
        }
    }

    pub(super) fn bound(&mut self, v: &Spanned<Value>) -> Option<Bound> {
        let parsed = match &v.value {
            Value::Number(n) => n.as_f64().map(Bound::Number),
            Value::String(s) => crate::time::parse_timestamp(s)
                .map(Bound::Time)
                .or_else(|| s.trim().parse().ok().map(Bound::Number)),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                v,
                1,
                "a comparison needs a number or a timestamp",
                Some("timestamps are RFC 3339, e.g. `2026-01-31T00:00:00Z`".to_owned()),
            );
        }
        parsed
    }

    pub(super) fn duration(&mut self, d: &Spanned<String>) -> Option<chrono::Duration> {
        crate::time::parse_duration(&d.value)
            .map_err(|m| self.err(d, d.value.len(), m, None))
            .ok()
    }

    pub(super) fn scalar(&mut self, v: &Spanned<Value>) -> Option<Value> {
        self.scalar_value(&v.value, v)
    }

    pub(super) fn scalar_value<T>(&mut self, v: &Value, at: &Spanned<T>) -> Option<Value> {
        if v.is_array() || v.is_object() || v.is_null() {
            self.err(
                at,
                1,
                "expected a string, number or boolean",
                Some("to test a list, name the field; every element is tested".to_owned()),
            );
            return None;
        }
        Some(v.clone())
    }

    /// A path into the record being tested (of dataset `ds`), for field-to-field operators.
    pub(super) fn same_record_path(&mut self, p: &Spanned<String>, ds: &str) -> Option<FieldPath> {
        self.path(p, ds)
    }

    pub(super) fn error<T>(&mut self, at: &Spanned<T>, message: &str) {
        self.err(at, 1, message, None);
    }
}

const AGE_ONLY_IN_TESTS: &str =
    "`age` counts from the reference time, which only conditions see: use it in a `field` test (for a difference between two fields, use `days_to`)";

fn uses_age(path: &FieldPath) -> bool {
    path.funcs()
        .iter()
        .any(|f| matches!(f, crate::model::derive::Func::Age))
}

/// "did you mean" help naming the closest candidate, or listing them all.
fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str> + Clone) -> String {
    let best = candidates
        .clone()
        .map(|c| (strsim::levenshtein(word, c), c))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, c)) if d <= 3 => format!("did you mean `{c}`?"),
        _ => format!(
            "expected one of: {}",
            candidates.collect::<Vec<_>>().join(", ")
        ),
    }
}
