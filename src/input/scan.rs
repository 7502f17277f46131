//! Where do the records of a JSON document start?
//!
//! `serde_json` reports no positions for values, so this walks the text once more
//! (after `serde_json` accepted it), following strings, escapes and bracket depth,
//! and collects the byte offset at which each element of the records array starts.
//! It never recurses and never indexes out of bounds; on anything unexpected it
//! gives up with `None`, and the caller falls back to line 1.

/// Byte offsets of the elements of the records array: the top-level array when
/// `key` is `None`, else the array under the top-level key `key` (its last
/// occurrence, as `serde_json` keeps the last of duplicate keys).
pub(crate) fn element_offsets(text: &str, key: Option<&str>) -> Option<Vec<usize>> {
    let mut cursor = Cursor::new(text);
    cursor.skip_ws();
    match key {
        None => cursor.array_elements(),
        Some(key) => cursor.member_elements(key),
    }
}

/// Byte offsets of the elements of the array under `key` of the object under the
/// top-level key `outer` (a py42 `{"data": {"users": [...]}}`).
pub(crate) fn nested_element_offsets(text: &str, outer: &str, key: &str) -> Option<Vec<usize>> {
    let mut cursor = Cursor::new(text);
    cursor.skip_ws();
    cursor.member_value(outer)?;
    cursor.member_elements(key)
}

/// Byte offset of the value under the top-level key `key` (its first occurrence).
pub(crate) fn member_value_offset(text: &str, key: &str) -> Option<usize> {
    let mut cursor = Cursor::new(text);
    cursor.skip_ws();
    cursor.member_value(key)?;
    Some(cursor.pos)
}

/// Byte offset of the first non-whitespace character, where a lone object starts.
pub(crate) fn first_value(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// A position in a JSON text, moved by bytes (other readers of JSON text add their own
/// steps, as `input::events::flat` does).
pub(crate) struct Cursor<'a> {
    pub(crate) text: &'a str,
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Step over JSON white space.
    pub(crate) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// At a `"`: move past the closing quote.
    fn skip_string(&mut self) -> Option<()> {
        if !self.eat(b'"') {
            return None;
        }
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// At `{` or `[`: move past the matching close bracket.
    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => self.skip_container(),
            _ => {
                let start = self.pos;
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    /// At `[`: the start offsets of its elements; the cursor ends past `]`.
    fn array_elements(&mut self) -> Option<Vec<usize>> {
        if !self.eat(b'[') {
            return None;
        }
        let mut starts = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Some(starts);
        }
        loop {
            self.skip_ws();
            starts.push(self.pos);
            self.skip_value()?;
            self.skip_ws();
            if self.eat(b']') {
                return Some(starts);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// At `{`: move to the start of the value under `key` (its first occurrence).
    fn member_value(&mut self, key: &str) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        loop {
            self.skip_ws();
            let start = self.pos;
            self.skip_string()?;
            let name: String = serde_json::from_str(self.text.get(start..self.pos)?).ok()?;
            self.skip_ws();
            if !self.eat(b':') {
                return None;
            }
            self.skip_ws();
            if name == key {
                return Some(());
            }
            self.skip_value()?;
            self.skip_ws();
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// At `{`: the element offsets of the array under `key`.
    fn member_elements(&mut self, key: &str) -> Option<Vec<usize>> {
        if !self.eat(b'{') {
            return None;
        }
        let mut found = None;
        loop {
            self.skip_ws();
            if self.eat(b'}') {
                return found;
            }
            let start = self.pos;
            self.skip_string()?;
            let name: String = serde_json::from_str(self.text.get(start..self.pos)?).ok()?;
            self.skip_ws();
            if !self.eat(b':') {
                return None;
            }
            self.skip_ws();
            if name == key && self.peek() == Some(b'[') {
                found = Some(self.array_elements()?);
            } else {
                self.skip_value()?;
            }
            self.skip_ws();
            if self.eat(b'}') {
                return found;
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str, offsets: &[usize]) -> Vec<usize> {
        offsets
            .iter()
            .map(|o| text[..*o].matches('\n').count() + 1)
            .collect()
    }

    #[test]
    fn top_level_array_elements() {
        let text = "[\n  {\"a\": \"x]}\\\"\"},\n  {\"b\": [1, {\"c\": 2}]},\n  3,\n  \"s\"\n]\n";
        let offsets = element_offsets(text, None).unwrap_or_default();
        assert_eq!(lines_of(text, &offsets), vec![2, 3, 4, 5]);
        assert_eq!(&text[offsets[0]..=offsets[0]], "{");
    }

    #[test]
    fn elements_under_a_key_last_occurrence_wins() {
        let text =
            "{\"orgs\": [{}],\n \"totalCount\": 2,\n \"orgs\": [\n {\"x\": 1},\n {\"y\": 2}\n]}";
        let offsets = element_offsets(text, Some("orgs")).unwrap_or_default();
        assert_eq!(lines_of(text, &offsets), vec![4, 5]);
    }

    #[test]
    fn escaped_key_and_empty_array() {
        let text = r#"{"us\u0065rs": []}"#;
        assert_eq!(element_offsets(text, Some("users")), Some(vec![]));
        assert_eq!(element_offsets("  []", None), Some(vec![]));
    }

    #[test]
    fn elements_and_values_inside_an_envelope() {
        let text = "{\"data\": {\"totalCount\": 2,\n \"users\": [\n {\"a\": 1},\n {\"b\": 2}]}}";
        let offsets = nested_element_offsets(text, "data", "users").unwrap_or_default();
        assert_eq!(lines_of(text, &offsets), vec![3, 4]);
        assert_eq!(member_value_offset(text, "data"), Some(9));
        assert_eq!(member_value_offset(text, "nope"), None);
    }

    #[test]
    fn gives_up_on_broken_text() {
        assert_eq!(element_offsets("[{\"a\": 1}", None), None);
        assert_eq!(element_offsets("{\"a\" 1}", Some("a")), None);
        assert_eq!(element_offsets("{}", None), None);
        assert_eq!(element_offsets("[\"\\", None), None);
    }
}
