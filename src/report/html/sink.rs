//! Where the page goes: written piece by piece to the caller's writer, each piece a maud
//! `Markup` (so every value from an input was escaped by the engine), and every piece
//! cleaned of control and bidirectional-override characters (terminal escapes, NUL, ...),
//! which become U+FFFD so they show up instead of acting. Also the Content-Security-Policy
//! hashes of the page's own inline style and script.

use base64::Engine as _;
use maud::{Markup, PreEscaped};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{self, Write};

/// Marks where an element's children go when the element is written around a stream of
/// pieces (see [`Sink::wrap`]). Escaped text never holds a `<`, so it cannot be forged.
const HOLE_TEXT: &str = "<!--synclint:children-->";
/// [`HOLE_TEXT`] as markup, to put inside an element given to [`Sink::wrap`].
pub const HOLE: PreEscaped<&str> = PreEscaped(HOLE_TEXT);

/// A writer of HTML pieces.
pub struct Sink<'w> {
    out: &'w mut dyn Write,
}

impl<'w> Sink<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        Self { out }
    }

    /// Write one piece.
    ///
    /// # Errors
    /// Any error from writing.
    pub fn put(&mut self, piece: Markup) -> io::Result<()> {
        self.raw(&piece.into_string())
    }

    /// Write `element` (which holds [`HOLE`] once) with what `children` writes in place of
    /// the hole, so a long list is written item by item rather than held whole.
    ///
    /// # Errors
    /// Any error from writing.
    pub fn wrap(
        &mut self,
        element: Markup,
        children: impl FnOnce(&mut Self) -> io::Result<()>,
    ) -> io::Result<()> {
        let text = element.into_string();
        let (open, close) = text.split_once(HOLE_TEXT).unwrap_or((&text, ""));
        self.raw(open)?;
        children(self)?;
        self.raw(close)
    }

    fn raw(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(neutralize(text).as_bytes())
    }
}

/// `markup` with every control character but newline and tab, and every bidirectional
/// override, replaced by U+FFFD. (The page's own text has none of them.)
#[must_use]
pub fn neutralize(markup: &str) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    if !markup.chars().any(bad) {
        return Cow::Borrowed(markup);
    }
    Cow::Owned(
        markup
            .chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// Characters that reorder the text around them (and could disguise it).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The CSP source for an inline element whose text is `body`: `'sha256-BASE64'`.
#[must_use]
pub fn csp_hash(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use maud::html;

    #[test]
    fn controls_and_bidi_overrides_become_visible() {
        assert_eq!(neutralize("\u{1b}[31mred\u{0}"), "\u{FFFD}[31mred\u{FFFD}");
        assert_eq!(neutralize("abc\u{202E}txt"), "abc\u{FFFD}txt");
        assert_eq!(neutralize("line\nnext\tcol"), "line\nnext\tcol");
    }

    #[test]
    fn children_are_written_inside_the_element() {
        let mut out = Vec::new();
        let mut sink = Sink::new(&mut out);
        let name = "x\"><b>";
        sink.wrap(html! { ul data-name=(name) { (HOLE) } }, |s| {
            s.put(html! { li { "one" } })?;
            s.put(html! { li { (name) } })
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<ul data-name=\"x&quot;&gt;&lt;b&gt;\"><li>one</li><li>x&quot;&gt;&lt;b&gt;</li></ul>"
        );
    }

    #[test]
    fn hashes_like_a_browser() {
        // The hash Chromium names for `console.log("a log");` when a CSP blocks it.
        assert_eq!(
            csp_hash("console.log(\"a log\");"),
            "'sha256-tfyiMUN/nA/xDuE5vb7bkM9H0Hv2cd+XxMFCH4ozOa4='"
        );
    }
}
