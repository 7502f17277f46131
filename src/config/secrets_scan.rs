//! The scanner behind [`super::mask`]: it walks YAML text without parsing it and finds
//! the ranges of secret keys and their values (see the parent module for what counts).

use super::{is_secret_key, is_secret_name_key};
use std::ops::Range;

/// What a scan found: the values to mask and the keys they belong to, in text order.
pub(super) struct Found {
    pub(super) values: Vec<Range<usize>>,
    pub(super) keys: Vec<Range<usize>>,
}

pub(super) struct Scanner<'a> {
    b: &'a [u8],
    depth: usize,
    /// Whether the values of keys that name a secret's place are masked too.
    names: bool,
    found: Found,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str, names: bool) -> Self {
        Self {
            b: text.as_bytes(),
            depth: 0,
            names,
            found: Found {
                values: Vec::new(),
                keys: Vec::new(),
            },
        }
    }

    pub(super) fn run(mut self) -> Found {
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
        let k = self.skip_properties(k);
        let (name, key_end, colon) = match self.b.get(k)? {
            q @ (b'"' | b'\'') => {
                let end = self.quoted_end(k);
                let raw = std::str::from_utf8(self.b.get(k + 1..end.saturating_sub(1))?).ok()?;
                let name = crate::yaml::unquote(raw, *q == b'"')?;
                let colon = self.skip_blank(end);
                (self.b.get(colon) == Some(&b':')).then_some((name, end, colon))?
            }
            _ => self.plain_key(k)?,
        };
        let secret = is_secret_key(&name) || (self.names && is_secret_name_key(&name));
        if !secret {
            return None;
        }
        self.found.keys.push(k..key_end);
        let v = self.skip_blank(colon + 1);
        Some(self.mask_value(v, column))
    }

    /// Past an anchor (`&a`) or a tag (`!t`) written before a key.
    fn skip_properties(&self, mut k: usize) -> usize {
        while matches!(self.b.get(k), Some(b'&' | b'!')) {
            let end = k + self.b[k..]
                .iter()
                .take_while(|c| !c.is_ascii_whitespace())
                .count();
            k = self.skip_blank(end);
        }
        k
    }

    /// A plain (unquoted) key at `k`: its name, where the name ends and where its colon
    /// is. A colon counts when a space, a line end or (in a flow collection) anything
    /// follows it, or when the name before it is a secret key (`password:value` is read
    /// as a key, so that its value is masked too).
    fn plain_key(&self, k: usize) -> Option<(String, usize, usize)> {
        if matches!(
            self.b.get(k)?,
            b'[' | b']'
                | b'{'
                | b'}'
                | b','
                | b'#'
                | b'|'
                | b'>'
                | b'*'
                | b'?'
                | b'%'
                | b'@'
                | b'`'
        ) {
            return None;
        }
        let mut i = k;
        loop {
            match *self.b.get(i)? {
                b'\n' | b'\r' => return None,
                b'#' if i > k && is_space(&self.b[i - 1]) => return None,
                b',' | b'[' | b']' | b'{' | b'}' if self.depth > 0 => return None,
                b':' if i > k => {
                    let raw = std::str::from_utf8(self.b.get(k..i)?).ok()?;
                    let name = raw.trim_end_matches([' ', '\t']);
                    let next = self.b.get(i + 1).copied();
                    let spaced = next.is_none_or(|c| c.is_ascii_whitespace()) || self.depth > 0;
                    if spaced || is_secret_key(name) {
                        return Some((name.to_owned(), k + name.len(), i));
                    }
                }
                _ => {}
            }
            i += 1;
        }
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
                self.found.values.push(v + 1..inner_end);
                end
            }
            Some(b'[' | b'{') => {
                let end = self.bracket_end(v);
                self.found.values.push(v..end);
                end
            }
            Some(b'|' | b'>') if self.depth == 0 => {
                let end = self.indented_end(self.line_end(v), column);
                self.found.values.push(self.line_end(v)..end);
                end
            }
            None | Some(b'\n' | b'\r' | b'#') if self.depth == 0 => {
                let from = self.line_end(v);
                let end = self.indented_end(from, column);
                self.found.values.push(from..end);
                end
            }
            Some(_) if self.depth == 0 => {
                let end = self.plain_end(v, |_| false);
                let more = self.indented_end(self.line_end(end), column);
                self.found.values.push(v..more);
                more
            }
            Some(_) => {
                let end = self.plain_end(v, |c| matches!(c, b',' | b']' | b'}'));
                self.found.values.push(v..end);
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
