//! The source text shown under a diagnostic, made fit to print: a line longer than
//! [`MAX_CHARS`] is cut to an excerpt (up to a little after the labelled place on its own
//! line), and
//! control characters become U+FFFD. Lines are never added or removed, so the line numbers
//! miette prints stay those of the file, and the label's span is moved to the same place in
//! the text as shown.

use miette::{NamedSource, SourceSpan};

/// The most characters of one line shown in a snippet.
pub const MAX_CHARS: usize = 200;
/// Characters kept after the labelled column when its line is cut.
const AFTER: usize = 140;
/// A labelled column up to this far into its line keeps the whole start of the line, so the
/// column miette prints is the file's.
const KEEP_BEFORE: usize = 600;
/// Characters kept before a labelled column further in than [`KEEP_BEFORE`].
const BEFORE: usize = 60;

/// A named source for `text` and the span moved onto it (see the module docs).
#[must_use]
pub fn fit(
    path: &str,
    text: &str,
    span: Option<SourceSpan>,
) -> (NamedSource<String>, Option<SourceSpan>) {
    let (shown, moved) = fit_text(text, span);
    (NamedSource::new(path, shown), moved)
}

/// [`fit`] without the name: the text as shown and the span moved onto it.
#[must_use]
pub fn fit_text(text: &str, span: Option<SourceSpan>) -> (String, Option<SourceSpan>) {
    let target = span.map(|s| (s.offset(), s.len()));
    let mut shown = String::with_capacity(text.len().min(1 << 16));
    let mut moved = None;
    let mut start = 0usize;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let eol = &line[content.len()..];
        let here = target.filter(|(offset, _)| {
            *offset >= start && (*offset < end || (*offset == end && end == text.len()))
        });
        let column = here.map(|(offset, _)| {
            let within = (offset - start).min(content.len());
            content.get(..within).map_or(0, |s| s.chars().count())
        });
        let (cut, shift) = excerpt(content, column);
        let excerpt = crate::text::inert(&cut);
        if let (Some((_, len)), Some(column)) = (here, column) {
            let at_char = column - shift;
            let at = excerpt
                .char_indices()
                .nth(at_char)
                .map_or(excerpt.len(), |(byte, _)| byte);
            let len = len
                .min(excerpt.len().saturating_sub(at))
                .max(usize::from(len > 0));
            moved = Some(SourceSpan::new((shown.len() + at).into(), len));
        }
        shown.push_str(&excerpt);
        shown.push_str(eol);
        start = end;
    }
    (shown, moved.or(span.filter(|_| text.is_empty())))
}

/// A line cut to [`MAX_CHARS`] characters, or when `column` (the label's) lies further
/// on, to what comes before it and [`AFTER`] characters after it; only a column past
/// [`KEEP_BEFORE`] loses the start of its line too (then miette's column counts from the
/// cut). Returns the excerpt and how many characters before what is kept were replaced by
/// the leading `…` (less one for the `…` itself).
fn excerpt(content: &str, column: Option<usize>) -> (String, usize) {
    let count = content.chars().count();
    if count <= MAX_CHARS {
        return (content.to_owned(), 0);
    }
    let (from, to) = match column {
        Some(c) if c > KEEP_BEFORE => (c - BEFORE, c + AFTER),
        Some(c) => (0, (c + AFTER).max(MAX_CHARS)),
        None => (0, MAX_CHARS),
    };
    let to = to.min(count);
    let mut out = String::new();
    let mut shift = from;
    if from > 0 {
        out.push('…');
        shift -= 1;
    }
    out.extend(content.chars().skip(from).take(to - from));
    if to < count {
        out.push('…');
    }
    (out, shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, span: SourceSpan) -> &str {
        &text[span.offset()..span.offset() + span.len()]
    }

    #[test]
    fn short_text_is_kept_and_the_span_stays() {
        let text = "a: 1\nb: two\n";
        let span = SourceSpan::new(8.into(), 3);
        let (shown, moved) = fit_text(text, Some(span));
        assert_eq!(shown, text);
        assert_eq!(moved, Some(span));
    }

    #[test]
    fn a_long_line_is_cut_around_the_label_and_the_others_kept() {
        let long = format!("key: {}X{}", "[".repeat(5_000), "]".repeat(5_000));
        let text = format!("first: 1\n{long}\nlast: 3\n");
        let offset = text.find('X').unwrap_or_default();
        let (shown, moved) = fit_text(&text, Some(SourceSpan::new(offset.into(), 1)));
        let moved = moved.unwrap_or_else(|| SourceSpan::new(0.into(), 0));
        assert_eq!(label(&shown, moved), "X");
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], "first: 1");
        assert_eq!(lines[2], "last: 3");
        assert!(lines[1].starts_with('…') && lines[1].ends_with('…'));
        assert!(lines[1].chars().count() <= MAX_CHARS + 2);
    }

    #[test]
    fn a_long_line_without_the_label_keeps_its_start() {
        let text = format!("{}\nkey: value\n", "y".repeat(1_000));
        let offset = text.find("value").unwrap_or_default();
        let (shown, moved) = fit_text(&text, Some(SourceSpan::new(offset.into(), 5)));
        let moved = moved.unwrap_or_else(|| SourceSpan::new(0.into(), 0));
        assert_eq!(label(&shown, moved), "value");
        assert!(shown.starts_with(&"y".repeat(MAX_CHARS)));
        assert!(shown.len() < 300);
    }

    #[test]
    fn control_characters_are_shown_inert_and_crlf_kept() {
        let text = "a: \u{1b}[2J\r\nb: 2\r\n";
        let offset = text.find("b:").unwrap_or_default();
        let (shown, moved) = fit_text(text, Some(SourceSpan::new(offset.into(), 1)));
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.contains("\r\n"));
        let moved = moved.unwrap_or_else(|| SourceSpan::new(0.into(), 0));
        assert_eq!(label(&shown, moved), "b");
    }
}
