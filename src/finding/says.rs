//! What a finding says: its message and fix steps. They are not kept as text. A finding
//! keeps its rule's wording (shared by every finding of the rule) and the few values the
//! wording reads, each under its place in the wording's field list rather than a name of
//! its own, and the text is rendered when a format writes it: a long log gives tens of
//! thousands of findings, and their rendered fix steps used to be most of the memory a
//! run took.

use super::EventStats;
use crate::model::path::Fields;
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

/// A rule's message and fix-step templates, rendered from a finding's values.
pub trait Wording: fmt::Debug + Send + Sync {
    /// The message for `values` (the fields the templates read).
    fn message(&self, values: &dyn Fields) -> String;
    /// The fix steps for `values`, in order.
    fn fix(&self, values: &dyn Fields) -> Vec<String>;
    /// The top-level fields the templates read, each once. A finding names the value it
    /// keeps for a field by the field's place in this list.
    fn fields(&self) -> &[Arc<str>];
}

/// A rule's wording as each of its findings holds it: a pointer of 8 bytes (an
/// `Arc<dyn Wording>` takes 16) to the one copy the rule made.
pub type WordingRef = Arc<Box<dyn Wording>>;

/// A shared wording words as the wording it shares.
impl<W: Wording + ?Sized> Wording for Arc<W> {
    fn message(&self, values: &dyn Fields) -> String {
        (**self).message(values)
    }

    fn fix(&self, values: &dyn Fields) -> Vec<String> {
        (**self).fix(values)
    }

    fn fields(&self) -> &[Arc<str>] {
        (**self).fields()
    }
}

/// The message and fix steps of one finding.
#[derive(Debug, Clone)]
pub enum Says {
    /// Rendered when asked, from the rule's wording and the values it reads: the place
    /// of the field in [`Wording::fields`] and its value, in field order, only for the
    /// fields the finding's record has (24 bytes each, where a name and a value took 40).
    Templated {
        wording: WordingRef,
        values: Box<[(u32, Held)]>,
    },
    /// Text fixed when the finding was made (tests, and findings not made by a rule);
    /// boxed, so the common case above decides the size of every finding.
    Fixed(Box<FixedText>),
}

/// A message and fix steps fixed as text.
#[derive(Debug, Clone)]
pub struct FixedText {
    pub message: Box<str>,
    pub fix: Box<[Box<str>]>,
}

/// One value a finding keeps for its wording, in about a third of the room a `Value`
/// takes. Most are text, often the very text the finding's group kept (a user, a
/// failure message that thousands of findings share), so it is shared, not copied.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    Text(Arc<str>),
    Json(Box<Value>),
}

impl Held {
    /// A copy of `value`.
    #[must_use]
    pub fn of(value: &Value) -> Self {
        match value {
            Value::String(text) => Self::Text(text.as_str().into()),
            other => Self::Json(Box::new(other.clone())),
        }
    }

    /// The value as JSON, for templates to read.
    #[must_use]
    pub fn to_value(&self) -> Value {
        match self {
            Self::Text(text) => Value::String(text.to_string()),
            Self::Json(value) => (**value).clone(),
        }
    }
}

impl Says {
    /// Text fixed now.
    #[must_use]
    pub fn fixed(message: impl Into<String>, fix: Vec<String>) -> Self {
        Self::Fixed(Box::new(FixedText {
            message: message.into().into_boxed_str(),
            fix: fix.into_iter().map(String::into_boxed_str).collect(),
        }))
    }

    /// The values the wording reads: what the finding kept, over what its events say
    /// (`count`, `user_count`, `first_seen`, `last_seen`, `sample_users`), which a
    /// finding about a group of events need not keep twice. Only the wording's own
    /// fields are made, each once.
    fn values<'w>(
        wording: &'w dyn Wording,
        values: &[(u32, Held)],
        events: Option<&EventStats>,
    ) -> Named<'w> {
        let mut named = Vec::with_capacity(wording.fields().len());
        for (at, name) in wording.fields().iter().enumerate() {
            let held = values
                .iter()
                .find(|(place, _)| usize::try_from(*place).ok() == Some(at));
            let value = match held {
                Some((_, held)) => Some(held.to_value()),
                None => events.and_then(|e| e.value_of(name)),
            };
            named.extend(value.map(|v| (&**name, v)));
        }
        Named(named)
    }

    /// The values a templated finding keeps, each with the field it is the value of
    /// (none for fixed text).
    pub fn named_values(&self) -> impl Iterator<Item = (&str, &Held)> {
        let kept = match self {
            Self::Templated { wording, values } => Some(named(&***wording, values)),
            Self::Fixed(_) => None,
        };
        kept.into_iter().flatten()
    }

    /// The message, for a finding whose events (if any) are `events`.
    #[must_use]
    pub fn message(&self, events: Option<&EventStats>) -> String {
        match self {
            Self::Templated { wording, values } => {
                wording.message(&Self::values(&***wording, values, events))
            }
            Self::Fixed(text) => text.message.to_string(),
        }
    }

    /// The fix steps, in order.
    #[must_use]
    pub fn fix(&self, events: Option<&EventStats>) -> Vec<String> {
        match self {
            Self::Templated { wording, values } => {
                wording.fix(&Self::values(&***wording, values, events))
            }
            Self::Fixed(text) => text.fix.iter().map(ToString::to_string).collect(),
        }
    }

    /// Both rendered at once (one copy of the values).
    #[must_use]
    pub fn render(&self, events: Option<&EventStats>) -> (String, Vec<String>) {
        match self {
            Self::Templated { wording, values } => {
                let values = Self::values(&***wording, values, events);
                (wording.message(&values), wording.fix(&values))
            }
            Self::Fixed(_) => (self.message(events), self.fix(events)),
        }
    }

    /// Change every text value the wording reads (and fixed text) with `change`: how
    /// `--redact` hides people without touching the rule's own words.
    pub fn map_text(&mut self, change: &mut dyn FnMut(&str) -> String) {
        match self {
            Self::Templated { values, .. } => {
                for (_, value) in values.iter_mut() {
                    match value {
                        Held::Text(text) => *text = change(text).into(),
                        Held::Json(value) => map_value(value, change),
                    }
                }
            }
            Self::Fixed(text) => {
                text.message = change(&text.message).into_boxed_str();
                for step in text.fix.iter_mut() {
                    *step = change(step).into_boxed_str();
                }
            }
        }
    }
}

/// The values a wording reads, each under its field's name: a few, looked up in order
/// (the exact name first, then one that differs only in ASCII case, as in a record).
struct Named<'w>(Vec<(&'w str, Value)>);

impl Fields for Named<'_> {
    fn top(&self, key: &str, _slot: Option<usize>) -> Option<&Value> {
        let exact = self.0.iter().find(|(name, _)| *name == key);
        exact
            .or_else(|| {
                self.0
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(key))
            })
            .map(|(_, value)| value)
    }
}

/// Each kept value with the name of its field. A place past the end of the field list is
/// never made (see `Worded::says_of` in the rules), so none is passed over here in practice.
fn named<'a>(
    wording: &'a dyn Wording,
    values: &'a [(u32, Held)],
) -> impl Iterator<Item = (&'a str, &'a Held)> {
    let fields = wording.fields();
    values.iter().filter_map(move |(at, value)| {
        let name = fields.get(usize::try_from(*at).ok()?)?;
        Some((&**name, value))
    })
}

fn map_value(value: &mut Value, change: &mut dyn FnMut(&str) -> String) {
    match value {
        Value::String(text) => *text = change(text),
        Value::Array(items) => items.iter_mut().for_each(|v| map_value(v, change)),
        Value::Object(map) => map.values_mut().for_each(|v| map_value(v, change)),
        _ => {}
    }
}

impl PartialEq for Says {
    fn eq(&self, other: &Self) -> bool {
        self.render(None) == other.render(None)
    }
}
