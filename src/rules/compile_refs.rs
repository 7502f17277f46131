//! Compiling what a rule refers to by name: lookups (with their `as`) and the
//! placeholders of templates.

use super::compile::{uses_age, Compiler, AGE_ONLY_IN_TESTS};
use super::condition::{CountRange, Lookup};
use super::path::FieldPath;
use super::shape;
use super::template::Template;
use crate::model::schema;
use crate::yaml::Spanned;

impl Compiler<'_> {
    pub(super) fn template(&mut self, text: &Spanned<String>) -> Option<Template> {
        match Template::parse(&text.value) {
            Ok(template) => {
                let ds = self.dataset.clone();
                let mut ok = true;
                for path in template.fields() {
                    if self.aggregated
                        && path.keys().len() == 1
                        && super::compile_agg::is_group_field(path.root())
                    {
                        ok &= self.group_field_set(text, path);
                        continue;
                    }
                    if let Some(problem) = self.named_field(path) {
                        if problem.is_empty() {
                            if let Some((other, field)) = self.lookup_read(path) {
                                self.read(&other, &field);
                            }
                        } else {
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
                    } else {
                        self.read(&ds, path);
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

    /// Whether the group field `path` is set for this rule's findings; a rule with `gap`
    /// sets none about users, and an error says so.
    fn group_field_set(&mut self, text: &Spanned<String>, path: &FieldPath) -> bool {
        if !self.silence || !super::compile_agg::NAMES_USERS.contains(&path.root()) {
            return true;
        }
        let message = format!("placeholder `{{{path}}}`: a rule with `gap` names no users");
        let help = "a silence is the absence of events: the users of the events around it did \
                    nothing the finding is about, so its findings count events but do not count \
                    or name users";
        self.err(text, text.value.len(), message, Some(help.to_owned()));
        false
    }

    pub(super) fn lookup(&mut self, l: &shape::Lookup, ds: &str) -> Option<Lookup> {
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
        self.outer.push(ds.to_owned());
        let filter = l.filter.as_ref().map(|f| self.condition(f, &other));
        self.outer.pop();
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
    pub(super) fn lookup_name(&mut self, l: &shape::Lookup, ds: &str) -> Option<Option<String>> {
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
    pub(super) fn named_field(&self, path: &FieldPath) -> Option<String> {
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

    /// For a placeholder `NAME.matches.FIELD` of a lookup: the dataset it reads and `FIELD`.
    fn lookup_read(&self, path: &FieldPath) -> Option<(String, FieldPath)> {
        let (name, other) = self.names.iter().find(|(n, _)| n == path.root())?;
        let rest = path.as_str().split('|').next().unwrap_or_default().trim();
        let field = rest.strip_prefix(&format!("{name}.matches."))?;
        Some((other.clone(), FieldPath::parse(field).ok()?))
    }

    pub(super) fn bare_path<T>(
        &mut self,
        text: &str,
        ds: &str,
        at: &Spanned<T>,
    ) -> Option<FieldPath> {
        match FieldPath::parse_expr(text) {
            Ok(path) => self.known(path, ds, at),
            Err(message) => {
                self.err(at, 1, message, None);
                None
            }
        }
    }
}
