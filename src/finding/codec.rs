//! A finding written as bytes and read back without loss, for findings that wait outside
//! memory (`check` keeps the findings of a long log's settling in a temporary file while
//! the groups they come from are still held; `docs/performance.md`, "Eleventh round").
//!
//! What every finding of a rule shares (its id, title, category and wording) is written
//! as the rule's place in a table both sides hold; the rest is written field by field,
//! numbers as LEB128 varints and texts as a length and their UTF-8 bytes. Reading back
//! shares repeated texts again (a user named by many findings, a failure message
//! thousands repeat), so the findings read back take no more memory than those written.
//! No I/O here: the caller owns the file.

use super::{Cause, EventStats, Finding, Held, Label, Says, Severity, Subjects, Text, WordingRef};
use crate::model::Location;
use crate::wire::{invalid, put_number, put_text, put_time, Input, WireError};
use std::collections::HashSet;
use std::sync::Arc;

/// What the findings of one rule share, in the table the codec names rules by.
#[derive(Debug, Clone)]
pub struct RuleText {
    pub id: Label,
    pub title: Label,
    pub category: Label,
    /// The wording every templated finding of the rule holds.
    pub wording: WordingRef,
}

const HAS_LOCATION: u8 = 1;
const HAS_EVENTS: u8 = 2;
const HAS_CAUSE: u8 = 4;
const FIXED_TEXT: u8 = 8;

/// Append `finding`, made by the rule at `rule` in the table, to `out`. `None` (and
/// nothing written) when the finding is not the rule's to name by place: its id, title
/// or category differ from the rule's, or its wording is not the rule's.
#[must_use]
pub fn encode(finding: &Finding, rule: usize, table: &[RuleText], out: &mut Vec<u8>) -> Option<()> {
    let text = table.get(rule)?;
    let own = finding.rule == text.id && finding.title == text.title;
    if !own || finding.category != text.category {
        return None;
    }
    if let Says::Templated { wording, .. } = &finding.says {
        Arc::ptr_eq(wording, &text.wording).then_some(())?;
    }
    let flag = |on: bool, bit: u8| if on { bit } else { 0 };
    let flags = flag(finding.location.is_some(), HAS_LOCATION)
        | flag(finding.events.is_some(), HAS_EVENTS)
        | flag(finding.cause.is_some(), HAS_CAUSE)
        | flag(matches!(finding.says, Says::Fixed(_)), FIXED_TEXT);
    put_number(out, rule as u64);
    out.push(flags);
    out.push(severity_byte(finding.severity));
    put_says(out, &finding.says);
    put_subjects(out, &finding.subjects);
    if let Some(at) = &finding.location {
        put_text(out, &at.path);
        put_number(out, u64::from(at.line));
        put_number(out, u64::from(at.column));
    }
    if let Some(events) = &finding.events {
        put_events(out, events);
    }
    if let Some(cause) = &finding.cause {
        put_text(out, &cause.rule);
        put_subjects(out, &cause.subjects);
    }
    Some(())
}

/// Reads findings back, sharing the texts they repeat (unless made for a stream).
#[derive(Debug)]
pub struct Decoder<'t> {
    table: &'t [RuleText],
    texts: HashSet<Text>,
    share: bool,
}

impl<'t> Decoder<'t> {
    #[must_use]
    pub fn new(table: &'t [RuleText]) -> Self {
        Self {
            table,
            texts: HashSet::new(),
            share: true,
        }
    }

    /// A decoder for findings read one at a time and let go: it shares no text, so
    /// it holds nothing between findings.
    #[must_use]
    pub fn streaming(table: &'t [RuleText]) -> Self {
        Self {
            share: false,
            ..Self::new(table)
        }
    }

    /// The finding `bytes` hold (one record, as [`encode`] wrote it, all of it).
    pub fn decode(&mut self, bytes: &[u8]) -> Result<Finding, WireError> {
        let mut input = Input(bytes);
        let rule = usize::try_from(input.number()?).map_err(|_| invalid("a rule out of range"))?;
        let text = self.table.get(rule).ok_or(invalid("a rule out of range"))?;
        let flags = input.byte()?;
        let severity = severity_of(input.byte()?)?;
        let says = if flags & FIXED_TEXT == 0 {
            self.templated(&mut input, &text.wording)?
        } else {
            fixed(&mut input)?
        };
        let subjects = read_subjects(&mut input)?;
        let location = if flags & HAS_LOCATION == 0 {
            None
        } else {
            let path = self.shared(input.text()?);
            Some(Location::new(path, input.small()?, input.small()?))
        };
        let events = if flags & HAS_EVENTS == 0 {
            None
        } else {
            Some(self.events(&mut input)?)
        };
        let cause = if flags & HAS_CAUSE == 0 {
            None
        } else {
            let rule = input.text()?.to_owned();
            Some(Box::new(Cause {
                rule,
                subjects: read_subjects(&mut input)?,
            }))
        };
        input.done()?;
        Ok(Finding {
            rule: text.id.clone(),
            severity,
            title: text.title.clone(),
            category: text.category.clone(),
            says,
            subjects,
            location,
            events,
            cause,
        })
    }

    fn shared(&mut self, text: &str) -> Text {
        if !self.share {
            return text.into();
        }
        if let Some(known) = self.texts.get(text) {
            return Arc::clone(known);
        }
        let text: Text = text.into();
        self.texts.insert(Arc::clone(&text));
        text
    }

    fn templated(
        &mut self,
        input: &mut Input<'_>,
        wording: &WordingRef,
    ) -> Result<Says, WireError> {
        let count = input.count(1)?;
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            let at = input.small()?;
            let value = match input.byte()? {
                0 => Held::Text(self.shared(input.text()?)),
                1 => {
                    let json = serde_json::from_str(input.text()?)
                        .map_err(|_| invalid("a value that is not JSON"))?;
                    Held::Json(Box::new(json))
                }
                _ => return Err(invalid("an unknown kind of value")),
            };
            values.push((at, value));
        }
        Ok(Says::Templated {
            wording: Arc::clone(wording),
            values: values.into_boxed_slice(),
        })
    }

    fn events(&mut self, input: &mut Input<'_>) -> Result<EventStats, WireError> {
        let count = input.number()?;
        let users = input.number()?;
        let names = input.count(1)?;
        let mut user_names = Vec::with_capacity(names);
        for _ in 0..names {
            let name = input.text()?;
            user_names.push(self.shared(name));
        }
        Ok(EventStats {
            count,
            users,
            user_names,
            first_seen: input.time()?,
            last_seen: input.time()?,
        })
    }
}

fn fixed(input: &mut Input<'_>) -> Result<Says, WireError> {
    let message = input.text()?.to_owned();
    let steps = input.count(1)?;
    let mut fix = Vec::with_capacity(steps);
    for _ in 0..steps {
        fix.push(input.text()?.to_owned());
    }
    Ok(Says::fixed(message, fix))
}

fn read_subjects(input: &mut Input<'_>) -> Result<Subjects, WireError> {
    let count = input.count(1)?;
    let mut pairs = Vec::with_capacity(count);
    for _ in 0..count {
        let kind = input.text()?;
        pairs.push((kind, input.text()?.to_owned()));
    }
    Ok(pairs.into_iter().collect())
}

fn put_says(out: &mut Vec<u8>, says: &Says) {
    match says {
        Says::Templated { values, .. } => {
            put_number(out, values.len() as u64);
            for (at, value) in values.iter() {
                put_number(out, u64::from(*at));
                match value {
                    Held::Text(text) => {
                        out.push(0);
                        put_text(out, text);
                    }
                    Held::Json(json) => {
                        out.push(1);
                        put_text(out, &json.to_string());
                    }
                }
            }
        }
        Says::Fixed(text) => {
            put_text(out, &text.message);
            put_number(out, text.fix.len() as u64);
            for step in text.fix.iter() {
                put_text(out, step);
            }
        }
    }
}

fn put_subjects(out: &mut Vec<u8>, subjects: &Subjects) {
    put_number(out, subjects.len() as u64);
    for (kind, name) in subjects {
        put_text(out, kind);
        put_text(out, name);
    }
}

fn put_events(out: &mut Vec<u8>, events: &EventStats) {
    put_number(out, events.count);
    put_number(out, events.users);
    put_number(out, events.user_names.len() as u64);
    for name in &events.user_names {
        put_text(out, name);
    }
    put_time(out, events.first_seen);
    put_time(out, events.last_seen);
}

fn severity_byte(severity: Severity) -> u8 {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

fn severity_of(byte: u8) -> Result<Severity, WireError> {
    match byte {
        0 => Ok(Severity::Info),
        1 => Ok(Severity::Warning),
        2 => Ok(Severity::Error),
        _ => Err(invalid("an unknown severity")),
    }
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
