//! A finding as formats write it: its message and fix steps rendered in place.

use super::Finding;
use serde::ser::{Serialize, SerializeStruct, Serializer};

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (message, fix) = self.render();
        let optional = [
            self.location.is_some(),
            self.events.is_some(),
            self.cause.is_some(),
        ];
        let fields = 7 + optional.iter().filter(|&&set| set).count();
        let mut out = serializer.serialize_struct("Finding", fields)?;
        out.serialize_field("rule", &self.rule)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("title", &self.title)?;
        out.serialize_field("category", &self.category)?;
        out.serialize_field("message", &message)?;
        out.serialize_field("fix", &fix)?;
        out.serialize_field("subjects", &self.subjects)?;
        if let Some(location) = &self.location {
            out.serialize_field("location", location)?;
        }
        if let Some(events) = &self.events {
            out.serialize_field("events", events)?;
        }
        if let Some(cause) = &self.cause {
            out.serialize_field("cause", cause)?;
        }
        out.end()
    }
}
