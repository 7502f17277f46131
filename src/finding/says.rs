//! What a finding says: its message and fix steps. They are not kept as text. A finding
//! keeps its rule's wording (shared by every finding of the rule) and the few values the
//! wording reads, and the text is rendered when a format writes it: a long log gives
//! tens of thousands of findings, and their rendered fix steps used to be most of the
//! memory a run took.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

/// A rule's message and fix-step templates, rendered from a finding's values.
pub trait Wording: fmt::Debug + Send + Sync {
    /// The message for `values` (an object of the fields the templates read).
    fn message(&self, values: &Value) -> String;
    /// The fix steps for `values`, in order.
    fn fix(&self, values: &Value) -> Vec<String>;
}

/// The message and fix steps of one finding.
#[derive(Debug, Clone)]
pub enum Says {
    /// Rendered when asked, from the rule's wording and the values it reads.
    Templated {
        wording: Arc<dyn Wording>,
        values: Box<[(Arc<str>, Value)]>,
    },
    /// Text fixed when the finding was made (tests, and findings not made by a rule).
    Fixed {
        message: Box<str>,
        fix: Box<[Box<str>]>,
    },
}

impl Says {
    /// Text fixed now.
    #[must_use]
    pub fn fixed(message: impl Into<String>, fix: Vec<String>) -> Self {
        Self::Fixed {
            message: message.into().into_boxed_str(),
            fix: fix.into_iter().map(String::into_boxed_str).collect(),
        }
    }

    fn values(values: &[(Arc<str>, Value)]) -> Value {
        let map: Map<String, Value> = values
            .iter()
            .map(|(name, value)| (name.to_string(), value.clone()))
            .collect();
        Value::Object(map)
    }

    /// The message.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::Templated { wording, values } => wording.message(&Self::values(values)),
            Self::Fixed { message, .. } => message.to_string(),
        }
    }

    /// The fix steps, in order.
    #[must_use]
    pub fn fix(&self) -> Vec<String> {
        match self {
            Self::Templated { wording, values } => wording.fix(&Self::values(values)),
            Self::Fixed { fix, .. } => fix.iter().map(ToString::to_string).collect(),
        }
    }

    /// Both rendered at once (one copy of the values).
    #[must_use]
    pub fn render(&self) -> (String, Vec<String>) {
        match self {
            Self::Templated { wording, values } => {
                let values = Self::values(values);
                (wording.message(&values), wording.fix(&values))
            }
            Self::Fixed { .. } => (self.message(), self.fix()),
        }
    }

    /// Change every text value the wording reads (and fixed text) with `change`: how
    /// `--redact` hides people without touching the rule's own words.
    pub fn map_text(&mut self, change: &mut dyn FnMut(&str) -> String) {
        match self {
            Self::Templated { values, .. } => {
                for (_, value) in values.iter_mut() {
                    map_value(value, change);
                }
            }
            Self::Fixed { message, fix } => {
                *message = change(message).into_boxed_str();
                for step in fix.iter_mut() {
                    *step = change(step).into_boxed_str();
                }
            }
        }
    }
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
        self.render() == other.render()
    }
}

/// Written as the `message` and `fix` fields of the finding that holds it.
impl Serialize for Says {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (message, fix) = self.render();
        let mut out = serializer.serialize_struct("Says", 2)?;
        out.serialize_field("message", &message)?;
        out.serialize_field("fix", &fix)?;
        out.end()
    }
}
