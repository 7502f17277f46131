//! The byte scanner under [`super::array_feed`]: it steps through a top-level JSON array,
//! or the records array of a wrapper object (`{"value": [...]}` and the like; several of
//! either one after another are pages saved in turn, read as one list), and cuts
//! out one element at a time with the line and column of its first byte; the wrapper's
//! other short members (its paging fields, say) are kept to be read.

use crate::input::keys::loose;
use serde_json::{Map, Value};
use std::io::{self, BufRead};

/// Keys (loose form) of a wrapper object whose array holds the records.
const RECORD_KEYS: &[&str] = &["value", "records", "resources", "users"];

/// The longest member of a wrapper (besides its records) that is kept to be read.
const MEMBER_BYTES: usize = 4096;

/// One element of the records array.
pub(super) struct Element {
    /// Its text, or `None` when it was longer than the limit (not held in memory).
    pub text: Option<String>,
    /// Whether bytes that were not UTF-8 were replaced.
    pub repaired: bool,
    pub line: u32,
    pub column: u32,
}

/// Why the array could not be read to its end.
pub(super) enum Stop {
    Io(io::Error),
    /// Not an array of records (a lone object, or a wrapper without a records array).
    NotAnArray,
    /// The JSON ends early or is not JSON, at this line and column.
    Broken {
        line: u32,
        column: u32,
        what: String,
    },
}

impl From<io::Error> for Stop {
    fn from(err: io::Error) -> Self {
        Stop::Io(err)
    }
}

/// Hand every element of the records array of `reader` to `on_element`, in order, and
/// give the small members of a wrapper object around it (its paging fields, say; none
/// for a top-level array). `max_bytes` bounds one element; a longer one is handed over
/// without its text.
pub(super) fn read<R: BufRead, E>(
    reader: R,
    max_bytes: usize,
    on_element: &mut dyn FnMut(Element) -> Result<(), E>,
) -> Result<Result<Map<String, Value>, E>, Stop> {
    let mut scan = Scanner::new(reader);
    scan.skip_bom()?;
    scan.skip_ws()?;
    let wrapper = match scan.peek()? {
        Some(b'[') => {
            scan.bump()?;
            false
        }
        Some(b'{') => {
            scan.bump()?;
            scan.find_records()?;
            true
        }
        _ => return Err(Stop::NotAnArray),
    };
    loop {
        if let Err(err) = scan.elements(max_bytes, on_element)? {
            return Ok(Err(err));
        }
        if wrapper {
            scan.rest_of_members();
        }
        // Pages saved one after another (Okta's System Log API answers an array at a
        // time, Graph a wrapper object): their records make one list, and the paging
        // fields that count are the last page's.
        scan.skip_ws()?;
        match (scan.next()?, wrapper) {
            (None, _) => break,
            (Some(b'['), false) => {}
            (Some(b'{'), true) => {
                scan.members.clear();
                if let Err(stop) = scan.find_records() {
                    return Err(match stop {
                        Stop::NotAnArray => scan.broken("a page without a records array"),
                        other => other,
                    });
                }
            }
            (Some(_), false) => return Err(scan.broken("expected another array or the end")),
            (Some(_), true) => return Err(scan.broken("expected another page or the end")),
        }
    }
    Ok(Ok(scan.members))
}

/// Reads bytes one at a time from a buffered reader, counting lines and columns.
struct Scanner<R> {
    reader: R,
    line: u32,
    /// Characters before the next byte on its line.
    chars: u32,
    /// The wrapper object's members other than the records, when short.
    members: Map<String, Value>,
}

impl<R: BufRead> Scanner<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            line: 1,
            chars: 0,
            members: Map::new(),
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    fn next(&mut self) -> io::Result<Option<u8>> {
        let byte = self.peek()?;
        if let Some(b) = byte {
            self.reader.consume(1);
            if b == b'\n' {
                self.line = self.line.saturating_add(1);
                self.chars = 0;
            } else if b & 0xC0 != 0x80 {
                self.chars = self.chars.saturating_add(1);
            }
        }
        Ok(byte)
    }

    /// Hand each element of the array whose `[` was just read to `on_element`, through
    /// its `]`.
    fn elements<E>(
        &mut self,
        max_bytes: usize,
        on_element: &mut dyn FnMut(Element) -> Result<(), E>,
    ) -> Result<Result<(), E>, Stop> {
        loop {
            self.skip_ws()?;
            if self.peek()? == Some(b']') {
                self.bump()?;
                return Ok(Ok(()));
            }
            let element = self.element(max_bytes)?;
            if let Err(err) = on_element(element) {
                return Ok(Err(err));
            }
            self.skip_ws()?;
            match self.next()? {
                Some(b',') => {}
                Some(b']') => return Ok(Ok(())),
                _ => return Err(self.broken("expected `,` or `]` after an element")),
            }
        }
    }

    fn bump(&mut self) -> io::Result<()> {
        self.next().map(|_| ())
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        if self.reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.reader.consume(3);
        }
        Ok(())
    }

    fn skip_ws(&mut self) -> io::Result<()> {
        while matches!(self.peek()?, Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump()?;
        }
        Ok(())
    }

    fn broken(&self, what: &str) -> Stop {
        Stop::Broken {
            line: self.line,
            column: self.chars.saturating_add(1),
            what: what.to_owned(),
        }
    }

    /// Step through the members of a wrapper object up to the `[` of its records array.
    fn find_records(&mut self) -> Result<(), Stop> {
        loop {
            self.skip_ws()?;
            match self.next()? {
                Some(b'"') => {}
                Some(b'}') => return Err(Stop::NotAnArray),
                _ => return Err(self.broken("expected a key")),
            }
            let mut key = Vec::new();
            self.string(&mut Some(&mut key), usize::MAX, true)?;
            key.pop(); // the closing quote
            self.skip_ws()?;
            if self.next()? != Some(b':') {
                return Err(self.broken("expected `:` after a key"));
            }
            self.skip_ws()?;
            let key = String::from_utf8_lossy(&key).into_owned();
            if RECORD_KEYS.contains(&loose(&key).as_str()) && self.peek()? == Some(b'[') {
                return Ok(self.bump()?);
            }
            self.member(key)?;
            self.skip_ws()?;
            match self.next()? {
                Some(b',') => {}
                Some(b'}') => return Err(Stop::NotAnArray),
                _ => return Err(self.broken("expected `,` or `}` after a value")),
            }
        }
    }

    /// A member's value, kept among [`Self::members`] when it is short.
    fn member(&mut self, key: String) -> Result<(), Stop> {
        let mut bytes = Vec::new();
        if self.value(&mut Some(&mut bytes), MEMBER_BYTES)? {
            if let Ok(value) = serde_json::from_slice(&bytes) {
                self.members.insert(key, value);
            }
        }
        Ok(())
    }

    /// The members after the records array, up to the wrapper's `}`. What follows the
    /// records is only looked at, so a member that does not read stops the look quietly.
    fn rest_of_members(&mut self) {
        let mut more = || -> Result<bool, Stop> {
            self.skip_ws()?;
            if self.next()? != Some(b',') {
                return Ok(false);
            }
            self.skip_ws()?;
            if self.next()? != Some(b'"') {
                return Ok(false);
            }
            let mut key = Vec::new();
            self.string(&mut Some(&mut key), usize::MAX, true)?;
            key.pop();
            self.skip_ws()?;
            if self.next()? != Some(b':') {
                return Ok(false);
            }
            self.skip_ws()?;
            self.member(String::from_utf8_lossy(&key).into_owned())?;
            Ok(true)
        };
        while matches!(more(), Ok(true)) {}
    }

    /// One element, its bytes kept while they fit in `max_bytes`.
    fn element(&mut self, max_bytes: usize) -> Result<Element, Stop> {
        let (line, column) = (self.line, self.chars.saturating_add(1));
        let mut bytes = Vec::new();
        let kept = self.value(&mut Some(&mut bytes), max_bytes)?;
        let (text, repaired) = if kept {
            match String::from_utf8(bytes) {
                Ok(text) => (Some(text), false),
                Err(err) => (
                    Some(String::from_utf8_lossy(err.as_bytes()).into_owned()),
                    true,
                ),
            }
        } else {
            (None, false)
        };
        Ok(Element {
            text,
            repaired,
            line,
            column,
        })
    }

    /// Step over one JSON value, copying its bytes into `out` while they fit in `max`;
    /// false when they did not (the copy is then dropped).
    fn value(&mut self, out: &mut Option<&mut Vec<u8>>, max: usize) -> Result<bool, Stop> {
        let mut depth = 0usize;
        let mut fits = true;
        loop {
            let Some(byte) = self.peek()? else {
                return Err(self.broken("the JSON ends before this value does"));
            };
            if depth == 0 && matches!(byte, b',' | b']' | b'}') {
                return Ok(fits);
            }
            self.bump()?;
            fits = keep(out, byte, max, fits);
            match byte {
                b'"' => fits = self.string(out, max, fits)?,
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(fits);
                    }
                }
                _ => {}
            }
        }
    }

    /// Step over the rest of a string (its opening quote read), copying as [`Self::value`]
    /// (the closing quote included).
    fn string(
        &mut self,
        out: &mut Option<&mut Vec<u8>>,
        max: usize,
        mut fits: bool,
    ) -> Result<bool, Stop> {
        let mut escaped = false;
        loop {
            let Some(byte) = self.next()? else {
                return Err(self.broken("the JSON ends inside a string"));
            };
            fits = keep(out, byte, max, fits);
            if byte == b'"' && !escaped {
                return Ok(fits);
            }
            escaped = byte == b'\\' && !escaped;
        }
    }
}

/// Copy `byte` into `out` while the copy stays within `max`; drop the copy past it.
fn keep(out: &mut Option<&mut Vec<u8>>, byte: u8, max: usize, fits: bool) -> bool {
    let Some(buf) = out.as_deref_mut() else {
        return fits;
    };
    if !fits || buf.len() >= max {
        buf.clear();
        buf.shrink_to_fit();
        return false;
    }
    buf.push(byte);
    true
}
