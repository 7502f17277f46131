//! A file read line by line: each line with its 1-based number and its line end, as
//! text, a UTF-8 byte-order mark dropped and invalid UTF-8 replaced (noted once per line,
//! as a whole-file read does).

use crate::input::read::invalid_text;
use crate::model::{Location, Skipped};
use std::io::BufRead;

/// Lines of a file, each with its 1-based number and its line end, as text: a UTF-8
/// byte-order mark dropped, invalid UTF-8 replaced and noted once per line.
pub(super) struct Lines<'a, R> {
    reader: R,
    display: &'a str,
    number: u32,
    pending: Option<(u32, String)>,
    /// Notes about lines read so far (`warning: invalid UTF-8 replaced`), and lines
    /// skipped for being longer than `max_line`.
    pub(super) warnings: Vec<Skipped>,
    capacity: usize,
    max_line: usize,
}

impl<'a, R: BufRead> Lines<'a, R> {
    pub(super) fn new(reader: R, display: &'a str, max_line: usize) -> Self {
        Self {
            reader,
            display,
            number: 0,
            pending: None,
            warnings: Vec::new(),
            capacity: 256,
            max_line,
        }
    }

    /// Append the next line (with its `\n`) to `out`, unless it is longer than
    /// `max_line`: then it is passed over without being kept, a bare `\n` stands in for
    /// it and it is noted as skipped. False at the end of the file.
    fn read_line(&mut self, out: &mut Vec<u8>) -> std::io::Result<bool> {
        let start = out.len();
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', available) {
                Some(at) => (at + 1, true),
                None => (available.len(), false),
            };
            if !too_long && out.len() - start + take > self.max_line.saturating_add(1) {
                too_long = true;
                out.truncate(start);
            }
            if !too_long {
                out.extend_from_slice(available.get(..take).unwrap_or_default());
            }
            self.reader.consume(take);
            if done {
                break;
            }
        }
        if !any {
            return Ok(false);
        }
        self.number = self.number.saturating_add(1);
        if too_long {
            out.push(b'\n');
            self.warnings.push(Skipped {
                location: Location::new(self.display, self.number, 1),
                reason: format!(
                    "line longer than {} bytes (the limit; see --max-line-length); skipped",
                    self.max_line
                ),
            });
        }
        Ok(true)
    }

    /// Whether the file starts with a UTF-16 byte-order mark.
    pub(super) fn utf16(&mut self) -> std::io::Result<bool> {
        let head = self.reader.fill_buf()?;
        Ok(head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF"))
    }

    /// The next line, with its line end.
    pub(super) fn next(&mut self) -> std::io::Result<Option<(u32, String)>> {
        if let Some(line) = self.pending.take() {
            return Ok(Some(line));
        }
        let mut bytes = Vec::with_capacity(self.capacity);
        if !self.read_line(&mut bytes)? {
            return Ok(None);
        }
        self.capacity = bytes.len().clamp(64, 1 << 20);
        if self.number == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        let text = String::from_utf8(bytes).unwrap_or_else(|err| {
            self.warnings.push(invalid_text(self.display, self.number));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        });
        Ok(Some((self.number, text)))
    }

    /// Whole lines, as raw bytes, until at least `size` bytes or the end of the file:
    /// the number of the first line and the bytes (`None` at the end). A line given back
    /// by [`Self::unread`] comes first, as text. Lines too long are noted in `warnings`.
    pub(super) fn next_block(&mut self, size: usize) -> std::io::Result<Option<(u32, Vec<u8>)>> {
        let mut bytes = Vec::with_capacity(size.saturating_add(size / 8));
        let mut first = self.number.saturating_add(1);
        if let Some((number, line)) = self.pending.take() {
            first = number;
            bytes.extend_from_slice(line.as_bytes());
        }
        while bytes.len() < size {
            if !self.read_line(&mut bytes)? {
                break;
            }
        }
        Ok((!bytes.is_empty()).then_some((first, bytes)))
    }

    /// The first line that is not blank (blank ones are passed over).
    pub(super) fn first_significant(&mut self) -> std::io::Result<Option<(u32, String)>> {
        while let Some((number, line)) = self.next()? {
            if !line.trim().is_empty() {
                return Ok(Some((number, line)));
            }
        }
        Ok(None)
    }

    /// Give a line back, to be read again next.
    pub(super) fn unread(&mut self, number: u32, line: String) {
        self.pending = Some((number, line));
    }
}

/// A line without its `\n` or `\r\n`.
pub(super) fn trim_eol(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}
