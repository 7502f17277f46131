//! A rule's message and fix steps: templates every finding of the rule shares, rendered
//! from the few values a finding keeps (see [`crate::finding::Says`]).

use super::template::Template;
use crate::finding::{Held, Says, Wording};
use crate::model::path::Fields;
use serde_json::Value;
use std::sync::Arc;

/// The message and fix-step templates of one rule, and the top-level fields they read.
#[derive(Debug, Clone)]
pub struct RuleWording {
    pub message: Template,
    pub fix: Vec<Template>,
    /// The top-level fields (as written) the templates read, each once.
    roots: Vec<Arc<str>>,
}

impl RuleWording {
    #[must_use]
    pub fn new(message: Template, fix: Vec<Template>) -> Self {
        let mut roots: Vec<Arc<str>> = Vec::new();
        for path in std::iter::once(&message)
            .chain(&fix)
            .flat_map(Template::fields)
        {
            let root = path.root();
            if !roots.iter().any(|r| &**r == root) {
                roots.push(root.into());
            }
        }
        Self {
            message,
            fix,
            roots,
        }
    }

    /// Every template, the message first.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        std::iter::once(&self.message).chain(&self.fix)
    }

    /// What a finding made from `record` says: this wording and the values of `record`
    /// it reads, nothing else.
    #[must_use]
    pub fn says(self: &Arc<Self>, record: &Value) -> Says {
        self.says_of(record, |_| None)
    }

    /// As [`RuleWording::says`], where `shared` may give the one copy of a text value
    /// that is kept elsewhere already (a group's example keeps its texts once).
    #[must_use]
    pub fn says_of(
        self: &Arc<Self>,
        record: &Value,
        shared: impl Fn(&str) -> Option<Arc<str>>,
    ) -> Says {
        let values = self
            .roots
            .iter()
            .filter_map(|root| {
                let value = Fields::top(record, root, None)?;
                let held = match value {
                    Value::String(text) => shared(text).map(Held::Text),
                    _ => None,
                };
                Some((root.clone(), held.unwrap_or_else(|| Held::of(value))))
            })
            .collect();
        Says::Templated {
            wording: self.clone(),
            values,
        }
    }
}

impl Wording for RuleWording {
    fn message(&self, values: &Value) -> String {
        self.message.render(values)
    }

    fn fix(&self, values: &Value) -> Vec<String> {
        self.fix.iter().map(|step| step.render(values)).collect()
    }
}
