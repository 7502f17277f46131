//! A JSON array log read as a stream: the elements of a top-level array, or of the records
//! array of a wrapper object (`{"value": [...]}` and the like), are cut out one at a time
//! by a byte scanner and parsed alone, so a 250 MB array costs one element of memory, not
//! a tree of the whole file. Elements keep the line and column of their first byte, as a
//! whole-file load gives them.

use super::pieces::Piece;
use super::stream::{Batcher, SAMPLE};
use crate::input::detect::{self, Shape};
use crate::input::keys::loose;
use crate::input::syntax::{self, Document, Item, Syntax};
use crate::input::{InputError, InputKind, Limits};
use crate::model::{Location, Skipped};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// Keys (loose form) of a wrapper object whose array holds the records.
const RECORD_KEYS: &[&str] = &["value", "records", "resources", "users"];

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

/// Hand every element of the records array of `reader` to `on_element`, in order.
/// `max_bytes` bounds one element; a longer one is handed over without its text.
pub(super) fn read<R: BufRead, E>(
    reader: R,
    max_bytes: usize,
    on_element: &mut dyn FnMut(Element) -> Result<(), E>,
) -> Result<Result<(), E>, Stop> {
    let mut scan = Scanner::new(reader);
    scan.skip_bom()?;
    scan.skip_ws()?;
    match scan.peek()? {
        Some(b'[') => scan.bump()?,
        Some(b'{') => {
            scan.bump()?;
            scan.find_records()?;
        }
        _ => return Err(Stop::NotAnArray),
    }
    loop {
        scan.skip_ws()?;
        if scan.peek()? == Some(b']') {
            return Ok(Ok(()));
        }
        let element = scan.element(max_bytes)?;
        if let Err(err) = on_element(element) {
            return Ok(Err(err));
        }
        scan.skip_ws()?;
        match scan.next()? {
            Some(b',') => {}
            Some(b']') => return Ok(Ok(())),
            _ => return Err(scan.broken("expected `,` or `]` after an element")),
        }
    }
}

/// Reads bytes one at a time from a buffered reader, counting lines and columns.
struct Scanner<R> {
    reader: R,
    line: u32,
    /// Characters before the next byte on its line.
    chars: u32,
}

impl<R: BufRead> Scanner<R> {
    fn new(reader: R) -> Self {
        Self {
            reader,
            line: 1,
            chars: 0,
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
            let records = RECORD_KEYS.contains(&loose(&String::from_utf8_lossy(&key)).as_str());
            if records && self.peek()? == Some(b'[') {
                return Ok(self.bump()?);
            }
            self.value(&mut None, usize::MAX)?;
            self.skip_ws()?;
            match self.next()? {
                Some(b',') => {}
                Some(b'}') => return Err(Stop::NotAnArray),
                _ => return Err(self.broken("expected `,` or `}` after a value")),
            }
        }
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

/// Stream the records array of the file at `path` through a [`Batcher`]; a file that
/// holds no records array (a lone object) is read whole instead.
pub(super) fn stream(
    path: &Path,
    display: &str,
    kind: Option<InputKind>,
    limits: &Limits,
    on_piece: &mut dyn FnMut(Piece),
) -> Result<InputKind, InputError> {
    let unreadable = |source| InputError::Unreadable {
        path: display.to_owned(),
        source,
    };
    let file = File::open(path).map_err(unreadable)?;
    let mut batcher = Batcher::new(display, kind, on_piece);
    let read = read(
        BufReader::with_capacity(1 << 16, file),
        limits.max_line_bytes,
        &mut |element| {
            if element.repaired {
                let note = crate::input::read::invalid_text(display, element.line);
                batcher.skipped.push(note);
            }
            batcher.push(item(element, display, limits))
        },
    );
    match read {
        Ok(Ok(())) => batcher.finish(),
        Ok(Err(err)) => Err(err),
        Err(Stop::Io(source)) => Err(unreadable(source)),
        Err(Stop::NotAnArray) => {
            drop(batcher);
            super::stream::whole(path, display, kind, limits, on_piece)
        }
        Err(Stop::Broken { line, column, what }) => Err(InputError::Malformed {
            path: display.to_owned(),
            line,
            column,
            reason: what,
        }),
    }
}

/// The candidate record of an element, or why it is skipped; a repaired element is noted.
fn item(element: Element, display: &str, limits: &Limits) -> Result<Item, Skipped> {
    let Some(text) = element.text else {
        return Err(Skipped {
            location: Location::new(display, element.line, element.column),
            reason: format!(
                "an element longer than {} bytes (--max-line-length), skipped unread",
                limits.max_line_bytes
            ),
        });
    };
    let shift = element.column.saturating_sub(1);
    let mut found = syntax::json_line(&text, element.line, display, limits.max_depth);
    match &mut found {
        Ok(item) => item.column = element.column,
        Err(skipped) if skipped.location.line == element.line => {
            skipped.location.column = skipped.location.column.saturating_add(shift);
        }
        Err(_) => {}
    }
    found
}

/// The kind of a JSON array (or wrapper) log told from the first elements in `head`, the
/// first bytes of a file too large to parse whole; `None` when they do not tell.
#[must_use]
pub fn sniff_kind(head: &[u8], display: &str, limits: &Limits) -> Option<InputKind> {
    let mut items = Vec::new();
    let _ = read(head, limits.max_line_bytes, &mut |element| {
        if let Ok(item) = item(element, display, limits) {
            items.push(item);
        }
        if items.len() >= SAMPLE {
            Err(())
        } else {
            Ok(())
        }
    });
    let doc = Document {
        syntax: Syntax::JsonArray,
        shape: Shape::List,
        items,
        skipped: Vec::new(),
        columns: Vec::new(),
        paging: None,
    };
    detect::classify(&doc, None).ok()
}
