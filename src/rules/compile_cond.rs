//! Compiling one condition of a rule file: its form (`all`, `any`, `not`, `lookup`,
//! `matches` or a `field` test), the test's operator and quantifier, and what each test
//! needs of a record.

use super::compile::Compiler;
use super::condition::{Cond, Quantifier, Test};
use super::shape::Condition;
use crate::yaml::Spanned;

impl Compiler<'_> {
    pub(super) fn condition(&mut self, c: &Spanned<Condition>, ds: &str) -> Option<Cond> {
        let cond = &c.value;
        let forms = [
            cond.all.is_some(),
            cond.any.is_some(),
            cond.not.is_some(),
            cond.lookup.is_some(),
            cond.field.is_some(),
            cond.matches.is_some(),
        ];
        match forms.iter().filter(|&&x| x).count() {
            1 => {}
            0 => {
                self.err(
                    c,
                    1,
                    "a condition needs one of `all`, `any`, `not`, `lookup`, `matches` or `field`",
                    None,
                );
                return None;
            }
            _ => {
                self.err(
                    c,
                    1,
                    "a condition may hold only one of `all`, `any`, `not`, `lookup`, `matches` and `field`",
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
        if let Some(name) = &cond.matches {
            return self.matches(name, ds);
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
            shared: None,
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
}
