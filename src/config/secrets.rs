//! Masking secrets in configuration text before anything parses, quotes or renders it.
//!
//! A small scanner walks the YAML text (block and flow style, quoted strings, comments,
//! block scalars) and finds every mapping key whose name says it holds a secret
//! (`password`, `pass`, `secret`, `token`, `api_key`, ...). The key's value, whatever its
//! style (plain, quoted over several lines, literal, folded, a flow collection, or lines
//! indented under the key), has each non-blank character replaced by `x`, one per byte,
//! so byte offsets, lines and the document's structure stay as they were. Keys that only
//! *name* a secret (`password_env`, `password_file`) are left alone.

use std::borrow::Cow;
use std::ops::Range;

/// Key names (lowercase, `-` read as `_`) whose value is a secret.
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "passphrase",
    "secret",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
    "auth_token",
    "api_key",
    "apikey",
    "private_key",
    "credentials",
];

/// Whether a key's value is a secret: a listed name, or one ending in `_password`,
/// `_secret`, `_token` or `_api_key`.
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase().replace('-', "_");
    SECRET_KEYS.contains(&key.as_str())
        || ["_password", "_secret", "_token", "_api_key", "_apikey"]
            .iter()
            .any(|s| key.ends_with(s))
}

/// `text` with every secret value masked (see the module documentation).
#[must_use]
pub fn mask(text: &str) -> Cow<'_, str> {
    let ranges = Scanner::new(text).run();
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(text.get(at..r.start).unwrap_or_default());
        for c in text.get(r.clone()).unwrap_or_default().chars() {
            if c.is_whitespace() {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n('x', c.len_utf8()));
            }
        }
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Cow::Owned(out)
}

struct Scanner<'a> {
    b: &'a [u8],
    depth: usize,
    found: Vec<Range<usize>>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            b: text.as_bytes(),
            depth: 0,
            found: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Range<usize>> {
        let mut i = 0;
        while i < self.b.len() {
            if self.depth == 0 && (i == 0 || self.b[i - 1] == b'\n') {
                let mut j = self.skip_blank(i);
                while self.b.get(j) == Some(&b'-') && self.b.get(j + 1).is_some_and(is_space) {
                    j = self.skip_blank(j + 1);
                }
                if let Some(end) = self.secret_at(j, j - i) {
                    i = end;
                    continue;
                }
                if j > i {
                    i = j;
                    continue;
                }
            }
            i = self.step(i);
        }
        self.found
    }

    /// Handle the byte at `i`; returns where to go on.
    fn step(&mut self, i: usize) -> usize {
        let c = self.b[i];
        let start = i == 0 || matches!(self.b[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        let token = start || matches!(self.b[i - 1], b':' | b',' | b'[' | b'{' | b'-');
        match c {
            b'#' if start => self.line_end(i),
            b'"' | b'\'' if token => self.quoted_end(i),
            b'{' | b'[' => {
                self.depth += 1;
                self.flow_key(i + 1)
            }
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                i + 1
            }
            b',' if self.depth > 0 => self.flow_key(i + 1),
            b'|' | b'>' if token && self.depth == 0 => {
                let indent = self.indent_of_line(i);
                self.indented_end(self.line_end(i), indent)
            }
            _ => i + 1,
        }
    }

    /// After `{`, `[` or `,`: a secret key there has its value masked.
    fn flow_key(&mut self, i: usize) -> usize {
        let j = self.skip_space(i);
        self.secret_at(j, 0).unwrap_or(j.max(i))
    }

    /// When a secret key starts at `k` (whose column is `column`), mask its value and
    /// return the end of it.
    fn secret_at(&mut self, k: usize, column: usize) -> Option<usize> {
        let (name, after, quoted) = match self.b.get(k)? {
            b'"' | b'\'' => {
                let end = self.quoted_end(k);
                (self.b.get(k + 1..end.saturating_sub(1))?, end, true)
            }
            _ => {
                let end = k + self.b[k..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.'))
                    .count();
                (self.b.get(k..end)?, end, false)
            }
        };
        if !is_secret_key(std::str::from_utf8(name).ok()?) {
            return None;
        }
        let colon = self.skip_blank(after);
        if self.b.get(colon) != Some(&b':') {
            return None;
        }
        let next = self.b.get(colon + 1).copied();
        let adjacent_ok = quoted || self.depth > 0;
        if !(next.is_none_or(|c| is_space(&c) || c == b'\n' || c == b'\r') || adjacent_ok) {
            return None;
        }
        let v = self.skip_blank(colon + 1);
        Some(self.mask_value(v, column))
    }

    /// Mask the value starting at `v` of a key at `column`; returns its end.
    fn mask_value(&mut self, v: usize, column: usize) -> usize {
        match self.b.get(v).copied() {
            Some(q @ (b'"' | b'\'')) => {
                let end = self.quoted_end(v);
                let inner_end = if self.b.get(end - 1) == Some(&q) && end > v + 1 {
                    end - 1
                } else {
                    end
                };
                self.found.push(v + 1..inner_end);
                end
            }
            Some(b'[' | b'{') => {
                let end = self.bracket_end(v);
                self.found.push(v..end);
                end
            }
            Some(b'|' | b'>') if self.depth == 0 => {
                let end = self.indented_end(self.line_end(v), column);
                self.found.push(self.line_end(v)..end);
                end
            }
            None | Some(b'\n' | b'\r' | b'#') if self.depth == 0 => {
                let from = self.line_end(v);
                let end = self.indented_end(from, column);
                self.found.push(from..end);
                end
            }
            Some(_) if self.depth == 0 => {
                let end = self.plain_end(v, |_| false);
                let more = self.indented_end(self.line_end(end), column);
                self.found.push(v..more);
                more
            }
            Some(_) => {
                let end = self.plain_end(v, |c| matches!(c, b',' | b']' | b'}'));
                self.found.push(v..end);
                end
            }
            None => v,
        }
    }

    /// The end of a plain scalar's first line: before ` #` or the line end (or `stop`).
    fn plain_end(&self, v: usize, stop: impl Fn(u8) -> bool) -> usize {
        let mut i = v;
        while let Some(&c) = self.b.get(i) {
            if c == b'\n' || stop(c) || (c == b'#' && i > v && is_space(&self.b[i - 1])) {
                break;
            }
            i += 1;
        }
        i
    }

    /// From `from` (a line end or the text's end), past every following line that is
    /// blank or indented deeper than `column`; returns where the first other line starts
    /// (less its line break).
    fn indented_end(&self, from: usize, column: usize) -> usize {
        let mut end = from;
        let mut i = from;
        while i < self.b.len() {
            let line = if self.b[i] == b'\n' { i + 1 } else { i };
            let text_at = self.skip_blank(line);
            let blank = matches!(self.b.get(text_at), None | Some(b'\n' | b'\r'));
            if !blank && text_at - line <= column {
                break;
            }
            let next = self.line_end(line);
            if !blank {
                end = next;
            }
            if next >= self.b.len() {
                break;
            }
            i = next;
        }
        end
    }

    /// The end of the quoted string opening at `q` (just past its closing quote, or the
    /// text's end when it never closes).
    fn quoted_end(&self, q: usize) -> usize {
        let quote = self.b[q];
        let mut i = q + 1;
        while let Some(&c) = self.b.get(i) {
            if quote == b'"' && c == b'\\' {
                i += 2;
                continue;
            }
            if c == quote {
                if quote == b'\'' && self.b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i += 1;
        }
        self.b.len()
    }

    /// The end of the flow collection opening at `o` (past its closing bracket).
    fn bracket_end(&self, o: usize) -> usize {
        let mut depth = 0usize;
        let mut i = o;
        while let Some(&c) = self.b.get(i) {
            match c {
                b'"' | b'\'' => {
                    i = self.quoted_end(i);
                    continue;
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.b.len()
    }

    fn line_end(&self, i: usize) -> usize {
        self.b[i.min(self.b.len())..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |p| i + p)
    }

    fn indent_of_line(&self, i: usize) -> usize {
        let start = self.b[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        self.skip_blank(start) - start
    }

    fn skip_blank(&self, i: usize) -> usize {
        i + self.b[i.min(self.b.len())..]
            .iter()
            .take_while(|c| is_space(c))
            .count()
    }

    fn skip_space(&self, i: usize) -> usize {
        i + self.b[i.min(self.b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count()
    }
}

fn is_space(c: &u8) -> bool {
    matches!(c, b' ' | b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_stay_and_names_of_secrets_stay() {
        let text = "a:\n  password: \"s3 cret\"\n  password_env: PW\n  b: 1\n";
        let masked = mask(text);
        assert_eq!(masked.len(), text.len());
        assert!(masked.contains("password: \"xx xxxx\"\n  password_env: PW\n  b: 1"));
        let block = "s:\n  token: |\n    hunter2\n\n    more\n  port: 25\n";
        let masked = mask(block);
        assert!(!masked.contains("hunter2") && !masked.contains("more"));
        assert!(masked.contains("  port: 25"));
        assert_eq!(mask("a: b\n"), "a: b\n");
        let flow = "s: {host: h, pass: p1, port: 2}\n";
        assert_eq!(mask(flow), "s: {host: h, pass: xx, port: 2}\n");
        let note = "note: \"password: not a key\"\n";
        assert_eq!(mask(note), note);
    }
}
