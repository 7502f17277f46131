//! A rule's message and fix steps: templates every finding of the rule shares, rendered
//! from the few values a finding keeps (see [`crate::finding::Says`]), and the handle
//! through which the findings share them ([`Worded`]).

use super::template::Template;
use crate::finding::{Held, Says, Wording, WordingRef};
use crate::model::derive::Func;
use crate::model::path::{FieldPath, Fields};
use crate::model::prune::prune;
use serde_json::Value;
use std::sync::Arc;

/// The message and fix-step templates of one rule, and the top-level fields they read.
#[derive(Debug, Clone)]
pub struct RuleWording {
    pub message: Template,
    pub fix: Vec<Template>,
    /// The top-level fields (as written) the templates read, each once.
    roots: Vec<Arc<str>>,
    /// For each root, in the same order, the keys below it that the templates read, or
    /// `None` when one reads the root whole: a finding keeps only that part of it.
    reach: Vec<Option<Vec<Vec<String>>>>,
}

impl RuleWording {
    #[must_use]
    pub fn new(message: Template, fix: Vec<Template>) -> Self {
        let mut roots: Vec<Arc<str>> = Vec::new();
        let mut reach: Vec<Option<Vec<Vec<String>>>> = Vec::new();
        for path in std::iter::once(&message)
            .chain(&fix)
            .flat_map(Template::fields)
            .flat_map(paths_read)
        {
            let Some((root, below)) = path.keys().split_first() else {
                continue;
            };
            let at = roots.iter().position(|r| **r == **root).unwrap_or_else(|| {
                roots.push(root.as_str().into());
                reach.push(Some(Vec::new()));
                roots.len() - 1
            });
            match reach.get_mut(at) {
                // Read whole somewhere: kept whole.
                Some(slot) if below.is_empty() => *slot = None,
                Some(Some(paths)) if !paths.iter().any(|p| p.as_slice() == below) => {
                    paths.push(below.to_vec());
                }
                _ => {}
            }
        }
        Self {
            message,
            fix,
            roots,
            reach,
        }
    }

    /// Every template, the message first.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        std::iter::once(&self.message).chain(&self.fix)
    }
}

/// The paths a template placeholder reads in its record: its own, and the one a
/// `days_to` function measures to.
fn paths_read(path: &FieldPath) -> impl Iterator<Item = &FieldPath> {
    std::iter::once(path).chain(path.funcs().iter().filter_map(|func| match func {
        Func::DaysTo(other) => Some(other),
        _ => None,
    }))
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

    /// The handle every templated finding of the rule holds.
    #[must_use]
    pub fn handle(&self) -> &crate::finding::WordingRef {
        &self.held
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
                let reach = self
                    .reach
                    .get(usize::try_from(at).ok()?)
                    .and_then(Option::as_ref);
                let held = match (value, reach) {
                    (Value::String(text), _) => shared(text).map(Held::Text),
                    (Value::Object(_) | Value::Array(_), Some(below)) => {
                        let below: Vec<&[String]> = below.iter().map(Vec::as_slice).collect();
                        Some(Held::Json(Box::new(prune(value, &below))))
                    }
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
    fn message(&self, values: &dyn Fields) -> String {
        self.message.render(values)
    }

    fn fix(&self, values: &dyn Fields) -> Vec<String> {
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

    /// The values a finding keeps, by the field names they are read under.
    fn named(says: &Says) -> Vec<(&str, Value)> {
        says.named_values()
            .map(|(name, held)| (name, held.to_value()))
            .collect()
    }

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
        assert_eq!(
            named(&says),
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

    #[test]
    fn a_finding_keeps_only_the_part_of_a_record_its_templates_read() {
        let w = wording(
            "{user} has {console.roles}, expected {expected.roles}",
            &["Groups: {idp.groups.display}; seen {idp.lastSync | days_to(console.lastLogin)} days apart; {expected}"],
        );
        let record = json!({
            "user": "ann",
            "console": {
                "roles": ["desktop-user"], "lastLogin": "2026-11-03T00:00:00Z",
                "raw": {"notes": "x".repeat(400)}, "orgName": "Staff",
            },
            "expected": {"roles": ["alert-emails"], "organization": "Staff"},
            "idp": {
                "groups": [{"value": "g1", "display": "Team 1"}, {"value": "g2", "display": "Team 2"}],
                "lastSync": "2026-11-01T00:00:00Z",
                "raw": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]},
            },
        });
        let says = w.says(&record);
        assert_eq!(
            named(&says),
            [
                ("user", json!("ann")),
                (
                    "console",
                    json!({"roles": ["desktop-user"], "lastLogin": "2026-11-03T00:00:00Z"})
                ),
                // Read whole by `{expected}`, so kept whole.
                (
                    "expected",
                    json!({"roles": ["alert-emails"], "organization": "Staff"})
                ),
                (
                    "idp",
                    json!({"groups": [{"display": "Team 1"}, {"display": "Team 2"}], "lastSync": "2026-11-01T00:00:00Z"})
                ),
            ]
        );
        // The same text as rendered from the whole record.
        let whole = |t: &Template| t.render(&record);
        assert_eq!(says.message(None), whole(&w.message));
        assert_eq!(says.fix(None), w.fix.iter().map(whole).collect::<Vec<_>>());
        let fix = says.fix(None);
        assert!(
            fix[0].starts_with("Groups: Team 1, Team 2; seen 2.0 days apart"),
            "{fix:?}"
        );
    }
}
