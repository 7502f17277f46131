//! A rule's message and fix steps: templates every finding of the rule shares, rendered
//! from the few values a finding keeps (see [`crate::finding::Says`]), and the handle
//! through which the findings share them ([`Worded`]).

use super::template::Template;
use crate::finding::{Held, Says, Wording, WordingRef};
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
}

/// A rule's wording, and the handle to it that the rule's findings hold, made together.
/// Reads as the [`RuleWording`].
#[derive(Debug, Clone)]
pub struct Worded {
    wording: Arc<RuleWording>,
    held: WordingRef,
}

impl std::ops::Deref for Worded {
    type Target = RuleWording;

    fn deref(&self) -> &RuleWording {
        &self.wording
    }
}

impl Worded {
    #[must_use]
    pub fn new(wording: RuleWording) -> Self {
        let wording = Arc::new(wording);
        let held: WordingRef = Arc::new(Box::new(Arc::clone(&wording)));
        Self { wording, held }
    }

    /// What a finding made from `record` says: this wording and the values of `record`
    /// it reads, nothing else.
    #[must_use]
    pub fn says(&self, record: &Value) -> Says {
        self.says_of(record, |_| None)
    }

    /// As [`Worded::says`], where `shared` may give the one copy of a text value that is
    /// kept elsewhere already (a group's example keeps its texts once).
    #[must_use]
    pub fn says_of(&self, record: &Value, shared: impl Fn(&str) -> Option<Arc<str>>) -> Says {
        let values = self
            .roots
            .iter()
            .enumerate()
            .filter_map(|(at, root)| {
                let at = u32::try_from(at).ok()?;
                let value = Fields::top(record, root, None)?;
                let held = match value {
                    Value::String(text) => shared(text).map(Held::Text),
                    _ => None,
                };
                Some((at, held.unwrap_or_else(|| Held::of(value))))
            })
            .collect();
        Says::Templated {
            wording: Arc::clone(&self.held),
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

    fn fields(&self) -> &[Arc<str>] {
        &self.roots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::EventStats;
    use serde_json::json;

    fn wording(message: &str, fix: &[&str]) -> Worded {
        let parse = |text: &str| Template::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        Worded::new(RuleWording::new(
            parse(message),
            fix.iter().map(|step| parse(step)).collect(),
        ))
    }

    #[test]
    fn a_finding_keeps_only_the_fields_its_record_has_by_their_place() {
        let w = wording("{user} failed {count} times: {message}", &["Ask {owner}."]);
        let says = w.says(&json!({"message": "Bad Request", "user": "ann", "other": 1}));
        let Says::Templated { values, .. } = &says else {
            panic!("a rule's finding is templated");
        };
        // Fields in template order: user 0, count 1, message 2, owner 3.
        let places: Vec<u32> = values.iter().map(|(at, _)| *at).collect();
        assert_eq!(places, [0, 2]);
        let named: Vec<(&str, Value)> = says
            .named_values()
            .map(|(name, held)| (name, held.to_value()))
            .collect();
        assert_eq!(
            named,
            [("user", json!("ann")), ("message", json!("Bad Request"))]
        );
        assert_eq!(says.message(None), "ann failed (none) times: Bad Request");
        assert_eq!(says.fix(None), ["Ask (none)."]);
    }

    #[test]
    fn a_kept_value_wins_over_the_events_and_an_absent_one_leaves_them() {
        let w = wording("{count} by {user_count}: {user}", &[]);
        let events = EventStats {
            count: 7,
            users: 2,
            user_names: vec!["ann".into(), "bob".into()],
            first_seen: None,
            last_seen: None,
        };
        let peak = w.says(&json!({"count": 3, "user": "ann"}));
        assert_eq!(peak.message(Some(&events)), "3 by 2: ann");
        let plain = w.says(&json!({"user": null}));
        assert_eq!(plain.message(Some(&events)), "7 by 2: (none)");
    }

    #[test]
    fn redaction_changes_the_kept_text_in_place() {
        let w = wording("{user} in {team}", &["Tell {user}."]);
        let shared: Arc<str> = "ann".into();
        let mut says = w.says_of(&json!({"user": "ann", "team": {"name": "ann"}}), |t| {
            (t == "ann").then(|| shared.clone())
        });
        says.map_text(&mut |text| text.replace("ann", "user-1"));
        assert_eq!(
            says.render(None),
            (
                "user-1 in {\"name\":\"user-1\"}".to_owned(),
                vec!["Tell user-1.".to_owned()]
            )
        );
        assert_eq!(&*shared, "ann");
    }
}
