//! Findings for tests of the code that stores them: a wording that repeats its values,
//! two rules that use it, and a finding of either with every part filled in.

use super::{Cause, EventStats, Finding, Held, RuleText, Says, Severity, Wording};
use crate::model::Location;
use chrono::DateTime;
use serde_json::{json, Value};
use std::sync::Arc;

/// A wording that says every value it is given, so two findings render alike only when
/// their values are alike.
#[derive(Debug)]
pub struct Echo(pub Vec<Arc<str>>);

impl Wording for Echo {
    fn message(&self, values: &Value) -> String {
        values.to_string()
    }
    fn fix(&self, values: &Value) -> Vec<String> {
        vec![format!("fix {values}")]
    }
    fn fields(&self) -> &[Arc<str>] {
        &self.0
    }
}

/// Two rules, `first-rule` and `second-rule`, each with its own [`Echo`].
pub fn table() -> Vec<RuleText> {
    let rule = |id: &str| RuleText {
        id: id.into(),
        title: format!("{id} title").into(),
        category: "sync".into(),
        wording: Arc::new(Box::new(Echo(vec!["user".into(), "detail".into()]))),
    };
    vec![rule("first-rule"), rule("second-rule")]
}

/// A finding of the rule at `rule` about `user`, with a location, event counts and a
/// cause.
pub fn templated(table: &[RuleText], rule: usize, user: &str) -> Finding {
    let text = &table[rule];
    let values: Vec<(u32, Held)> = vec![
        (0, Held::Text(user.into())),
        (1, Held::Json(Box::new(json!({"n": 3, "list": [1.5, "x"]})))),
    ];
    Finding {
        rule: text.id.clone(),
        severity: Severity::Warning,
        title: text.title.clone(),
        category: text.category.clone(),
        says: Says::Templated {
            wording: Arc::clone(&text.wording),
            values: values.into_boxed_slice(),
        },
        subjects: [("user".to_owned(), user.to_owned())].into(),
        location: Some(Location::new("logs/sync.jsonl", 41, 7)),
        events: Some(EventStats {
            count: 300,
            users: 2,
            user_names: vec![user.into(), "zed@example.com".into()],
            first_seen: DateTime::from_timestamp(1_764_000_000, 123_456_789),
            last_seen: DateTime::from_timestamp(-86_400, 0),
        }),
        cause: Some(Box::new(Cause {
            rule: "role-unavailable".to_owned(),
            subjects: [("role".to_owned(), "analyst".to_owned())].into(),
        })),
    }
}
