//! Message and fix-step templates: literal text with `{field.path}` placeholders.
//! `{{` and `}}` stand for literal braces.

use super::path::{FieldPath, Fields};
use serde_json::Value;

/// A compiled template.
#[derive(Debug, Clone)]
pub struct Template {
    pieces: Vec<Piece>,
    text: String,
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Field(FieldPath),
}

impl Template {
    /// Parse a template.
    ///
    /// # Errors
    /// The byte offset within `text` and a message, for an unclosed brace or a bad path.
    pub fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let rest = &text[at + 1..];
                    let end = rest
                        .find('}')
                        .ok_or_else(|| (at, "`{` has no closing `}`".to_owned()))?;
                    let path = FieldPath::parse_expr(&rest[..end]).map_err(|e| (at, e))?;
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Field(path));
                    for _ in 0..rest[..=end].chars().count() {
                        chars.next();
                    }
                }
                '}' => return Err((at, "a lone `}` (write `}}` for a brace)".to_owned())),
                other => literal.push(other),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Self {
            pieces,
            text: text.to_owned(),
        })
    }

    /// The template as written.
    #[must_use]
    pub fn source_text(&self) -> &str {
        &self.text
    }

    /// The literal text between the placeholders.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Text(text) => Some(text.as_str()),
            Piece::Field(_) => None,
        })
    }

    /// The field paths the template reads.
    pub fn fields(&self) -> impl Iterator<Item = &FieldPath> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Field(path) => Some(path),
            Piece::Text(_) => None,
        })
    }

    /// Fill the placeholders from `record`: several values are joined with `, `,
    /// a missing value reads `(none)`.
    #[must_use]
    pub fn render<F: Fields + ?Sized>(&self, record: &F) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Field(path) => {
                    out.push_str(&path.with_values(record, None, join_values));
                }
            }
        }
        // Rendered text is kept in findings, tens of thousands of them: no spare room.
        out.shrink_to_fit();
        out
    }
}

/// The values of a path as one display string.
#[must_use]
pub fn join_values(values: &[&Value]) -> String {
    if values.is_empty() {
        return "(none)".to_owned();
    }
    let parts: Vec<String> = values.iter().map(|v| display_value(v)).collect();
    parts.join(", ")
}

/// A scalar as plain text (strings without quotes).
#[must_use]
pub fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_placeholders() {
        let t = Template::parse("Group {group} maps to {roles} {{literal}}").unwrap();
        let out = t.render(&json!({"group": "Sales", "roles": ["a", "b"]}));
        assert_eq!(out, "Group Sales maps to a, b {literal}");
    }

    #[test]
    fn missing_values_say_none() {
        let t = Template::parse("{nope}").unwrap();
        assert_eq!(t.render(&json!({})), "(none)");
    }

    #[test]
    fn reports_unclosed_and_lone_braces() {
        assert_eq!(Template::parse("abc {x").unwrap_err().0, 4);
        assert!(Template::parse("a } b").is_err());
        assert!(Template::parse("a {} b").is_err());
    }
}
