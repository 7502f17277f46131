//! Findings for tests of the code that stores them: a wording that repeats its values,
//! two rules that use it, and a finding of either with every part filled in.

use super::{Cause, EventStats, Finding, Held, RuleText, Says, Severity, Wording};
use crate::model::path::Fields;
use crate::model::Location;
use chrono::DateTime;
use serde_json::{json, Value};
use std::sync::Arc;

/// A wording that says every value it is given, so two findings render alike only when
/// their values are alike.
#[derive(Debug)]
pub struct Echo(pub Vec<Arc<str>>);

impl Echo {
    /// Each field with the value it reads, `name=value`.
    fn said(&self, values: &dyn Fields) -> String {
        let said = |name: &Arc<str>| {
            let value = values
                .top(name, None)
                .map_or_else(|| "-".to_owned(), Value::to_string);
            format!("{name}={value}")
        };
        self.0.iter().map(said).collect::<Vec<_>>().join(" ")
    }
}

impl Wording for Echo {
    fn message(&self, values: &dyn Fields) -> String {
        self.said(values)
    }
    fn fix(&self, values: &dyn Fields) -> Vec<String> {
        vec![format!("fix {}", self.said(values))]
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
        wording: Arc::new(Box::new(Echo(
            [
                "user",
                "detail",
                "count",
                "user_count",
                "first_seen",
                "last_seen",
                "sample_users",
            ]
            .map(Arc::from)
            .to_vec(),
        ))),
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
