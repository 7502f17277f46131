//! Named conditions, in the manner of ast-grep's `utils`: a `utils.yaml` file in a rule
//! folder (or in the built-in pack) defines conditions once, and a rule's condition uses
//! one with `matches: NAME`. Each is compiled once against its own file, so a mistake in
//! it is reported there; a rule that uses it gets a copy of the compiled condition, as if
//! it had been written in place (its lookups count towards the rule's needs).

use super::compile::Compiler;
use super::condition::Cond;
use super::errors::RuleError;
use super::shape::UtilsFile;
use crate::suggest::or_list;
use crate::yaml::{line_col, Spanned};
use std::collections::BTreeMap;

/// The file name that marks a file of named conditions rather than a rule.
#[must_use]
pub fn is_utils_file(name: &str) -> bool {
    name == "utils.yaml" || name == "utils.yml"
}

/// A compiled named condition.
#[derive(Debug, Clone)]
pub struct Util {
    pub doc: String,
    /// The dataset whose records it tests.
    pub dataset: String,
    pub when: Cond,
    /// Datasets its field tests need (see `schema::Field::needs`).
    pub needs: Vec<&'static str>,
    /// Where it is defined: `file:line`.
    pub defined_at: String,
}

/// Every named condition loaded, by name.
#[derive(Debug, Clone, Default)]
pub struct Utils {
    pub by_name: BTreeMap<String, Util>,
}

impl Utils {
    /// Compile the named conditions of one `utils.yaml` and add them.
    ///
    /// # Errors
    /// Every problem in the file, and names already defined by an earlier file.
    pub fn add_file(&mut self, text: &str, origin: &str) -> Result<(), Vec<RuleError>> {
        let file: UtilsFile = crate::yaml::from_str_all(text, origin)
            .map_err(|e| e.all().into_iter().map(RuleError::from).collect::<Vec<_>>())?;
        let mut entries: Vec<_> = file.utils.into_iter().collect();
        entries.sort_by_key(|(name, _)| line_col(name));
        let mut errors = Vec::new();
        for (name, util) in entries {
            let empty = Utils::default();
            let mut cx = Compiler::new(origin, text, &util.dataset.value, &empty);
            check_name(&mut cx, &name, self);
            let when = if cx.check_dataset(&util.dataset) {
                cx.condition(&util.when, &util.dataset.value)
            } else {
                None
            };
            errors.extend(cx.sink.errors);
            if let Some(when) = when {
                let (line, _) = line_col(&name);
                self.by_name.insert(
                    name.value,
                    Util {
                        doc: util.doc,
                        dataset: util.dataset.value,
                        when,
                        needs: cx.inferred,
                        defined_at: format!("{origin}:{line}"),
                    },
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn check_name(cx: &mut Compiler<'_>, name: &Spanned<String>, known: &Utils) {
    let kebab = !name.value.is_empty()
        && name.value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !kebab {
        cx.err(
            name,
            name.value.len(),
            format!("named condition `{}` is not kebab-case", name.value),
            Some("use lowercase words joined by `-`, e.g. `available-role`".to_owned()),
        );
    }
    if let Some(first) = known.by_name.get(&name.value) {
        cx.err(
            name,
            name.value.len(),
            format!(
                "named condition `{}` is already defined in {}",
                name.value, first.defined_at
            ),
            Some("names are shared by every rule folder loaded together; rename one".to_owned()),
        );
    }
}

impl Compiler<'_> {
    /// `matches: NAME`: a copy of the named condition, which must test records of `ds`.
    pub(super) fn matches(&mut self, name: &Spanned<String>, ds: &str) -> Option<Cond> {
        let utils = self.utils;
        let Some(util) = utils.by_name.get(&name.value) else {
            let help = if utils.by_name.is_empty() {
                "none is loaded here: named conditions are defined in a `utils.yaml` of a rule folder, and one cannot use another".to_owned()
            } else {
                or_list(&name.value, utils.by_name.keys().map(String::as_str))
            };
            self.err(
                name,
                name.value.len(),
                format!("unknown named condition `{}`", name.value),
                Some(help),
            );
            return None;
        };
        if util.dataset != ds {
            self.err(
                name,
                name.value.len(),
                format!(
                    "`{}` tests `{}` records, not `{ds}` (defined in {})",
                    name.value, util.dataset, util.defined_at
                ),
                Some(format!(
                    "use it where the records are `{}`, e.g. in a lookup's `where`",
                    util.dataset
                )),
            );
            return None;
        }
        if self.infer {
            self.inferred.extend(util.needs.iter().copied());
        }
        Some(util.when.clone())
    }
}
