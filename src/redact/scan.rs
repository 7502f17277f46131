//! Finding what to replace in one string: the learned values that stand there as whole
//! words, and email addresses, less whatever lies inside a name or text to keep.

use super::names::{fold_text, Kind};
pub(super) use super::network::What;
use super::Redactor;
use std::ops::Range;

/// One learned value, by the automaton's pattern number.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub person: Option<Kind>,
    pub keep: bool,
    /// The person the value is tied to (see [`super::people`]).
    pub owner: Option<u32>,
    /// A name part that is a common word (see [`super::words`]).
    pub common: bool,
}

/// The byte ranges of `text` to replace, and what each is, in order, not overlapping.
pub(super) fn spans(r: &Redactor, text: &str) -> Vec<(Range<usize>, What)> {
    let mut keep: Vec<Range<usize>> = Vec::new();
    let mut replace: Vec<(Range<usize>, What)> = Vec::new();
    if let Some(matcher) = &r.matcher {
        let folded = fold_text(text);
        let mut hits: Vec<(Range<usize>, Entry)> = Vec::new();
        for m in matcher.find_overlapping_iter(folded.as_ref()) {
            let Some(entry) = r.entries.get(m.pattern().as_usize()) else {
                continue;
            };
            let span = m.start()..m.end();
            if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
                continue;
            }
            let person = entry.person.filter(|kind| stands_alone(text, &span, *kind));
            match person {
                // A whole value wins over a kept name spelled the same.
                Some(Kind::Whole) => hits.push((span, *entry)),
                Some(Kind::Part) if !entry.keep => hits.push((span, *entry)),
                _ if entry.keep => keep.push(span),
                _ => {}
            }
        }
        replace.extend(named(text, &hits).into_iter().map(|s| (s, What::Person)));
    }
    if text.contains('@') {
        for m in r.email.find_iter(text) {
            let start = m.start()
                + (m.as_str().len() - m.as_str().trim_start_matches(['.', '\'', '-']).len());
            if !m.as_str().ends_with(super::TOKEN_DOMAIN) && start < m.end() {
                replace.push((start..m.end(), What::Person));
            }
        }
    }
    if has_encoded_at(text) {
        for m in r.encoded_email.find_iter(text) {
            let start = m.start() + encoded_local_start(m.as_str());
            if start < m.end() {
                replace.push((start..m.end(), What::Person));
            }
        }
    }
    r.network.spans(text, &mut replace);
    outside(replace, keep)
}

/// The learned values found in `text` to replace: all but a name part that is a common
/// word and stands alone, which is replaced only next to another value of its person.
fn named(text: &str, hits: &[(Range<usize>, Entry)]) -> Vec<Range<usize>> {
    hits.iter()
        .filter(|(span, entry)| !entry.common || beside_own(text, span, entry.owner, hits))
        .map(|(span, _)| span.clone())
        .collect()
}

/// Whether another value of the person `owner` stands right before or after `span`.
fn beside_own(
    text: &str,
    span: &Range<usize>,
    owner: Option<u32>,
    hits: &[(Range<usize>, Entry)],
) -> bool {
    let Some(owner) = owner else {
        return false;
    };
    hits.iter().any(|(other, entry)| {
        entry.owner == Some(owner)
            && other != span
            && (adjacent(text, other.end, span.start) || adjacent(text, span.end, other.start))
    })
}

/// Whether what lies between `from` and `to` joins two parts of a name: space, a comma
/// (`Read, Max`) or an initial (`Max J. Read`).
fn adjacent(text: &str, from: usize, to: usize) -> bool {
    let Some(gap) = text.get(from..to) else {
        return false;
    };
    let gap = gap.trim();
    let mut chars = gap.chars();
    let initial = matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.') | None, None) if c.is_uppercase()
    );
    gap.is_empty() || gap == "," || initial
}

/// Whether `text` holds a percent-encoded `@`.
fn has_encoded_at(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| w == b"%40")
}

/// Where the address starts in a match of the encoded address pattern: after the last
/// escape, before its `%40`, of a character an address cannot hold (in
/// `userName%20eq%20%22ann%40corp.example`, the space and the quote).
fn encoded_local_start(found: &str) -> usize {
    let local = found
        .find("%40")
        .map_or(found, |at| found.get(..at).unwrap_or(found));
    let bytes = local.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes.get(at) == Some(&b'%') {
            let in_address = escaped(bytes, at)
                .is_some_and(|c| c.is_ascii_alphanumeric() || b"._+'-".contains(&c));
            if !in_address {
                start = at + 3;
            }
            at += 3;
        } else {
            at += 1;
        }
    }
    start
}

/// The byte a `%XX` escape at `at` stands for.
fn escaped(bytes: &[u8], at: usize) -> Option<u8> {
    let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
    u8::from_str_radix(hex, 16).ok()
}

/// `text` with its `%XX` escapes decoded (those that do not make UTF-8 are left).
pub(super) fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match escaped(bytes, at).filter(|_| b == b'%') {
            Some(c) => {
                out.push(c);
                at += 3;
            }
            None => {
                out.push(b);
                at += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Whether `text[span]` is a word of its own: not part of a longer word, number or
/// address, and, for a name part, written with a capital.
fn stands_alone(text: &str, span: &Range<usize>, kind: Kind) -> bool {
    let before = text.get(..span.start).unwrap_or_default();
    let after = text.get(span.end..).unwrap_or_default();
    let mut back = before.chars().rev();
    if continues(back.next(), back.next()) || continues_after(after) {
        return false;
    }
    kind == Kind::Whole
        || text
            .get(span.clone())
            .and_then(|s| s.chars().next())
            .is_some_and(|c| !c.is_lowercase())
}

/// Whether a word goes on through `next` (and `then`, the character beyond it): letters,
/// digits and the characters of an address do; a dot, hyphen or apostrophe does when a
/// letter or digit follows it (`alice.admin`, `Anne-Marie`), not at the end of a sentence.
fn continues(next: Option<char>, then: Option<char>) -> bool {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '@' | '%' | '+');
    match next {
        Some(c) if word(c) => true,
        Some('.' | '-' | '\'' | '\u{2019}') => then.is_some_and(word),
        _ => false,
    }
}

/// Whether a word goes on into `after`; a possessive `'s` ends it (`Alice's groups`).
fn continues_after(after: &str) -> bool {
    let mut ahead = after.chars();
    let (next, then) = (ahead.next(), ahead.next());
    let possessive = matches!(next, Some('\'' | '\u{2019}'))
        && matches!(then, Some('s' | 'S'))
        && !continues(ahead.next(), ahead.next());
    !possessive && continues(next, then)
}

/// The ranges of `replace` not inside one of `keep`, leftmost and longest first, none
/// overlapping another.
fn outside<T>(
    mut replace: Vec<(Range<usize>, T)>,
    mut keep: Vec<Range<usize>>,
) -> Vec<(Range<usize>, T)> {
    if replace.is_empty() {
        return replace;
    }
    replace.sort_by(|(a, _), (b, _)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    keep.sort_by_key(|k| k.start);
    let mut kept = keep.iter().peekable();
    let mut kept_to = 0;
    let mut taken_to = 0;
    let mut out = Vec::new();
    for (span, what) in replace {
        while let Some(k) = kept.next_if(|k| k.start <= span.start) {
            kept_to = kept_to.max(k.end);
        }
        if span.start < taken_to || span.end <= kept_to {
            continue;
        }
        taken_to = span.end;
        out.push((span, what));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_inside_a_kept_one_is_left_and_overlaps_go_to_the_leftmost_longest() {
        let tagged = |v: Vec<Range<usize>>| v.into_iter().map(|r| (r, ())).collect::<Vec<_>>();
        let out = outside(
            tagged(vec![4..9, 0..3, 0..9, 12..20, 14..16]),
            vec![10..22, 2..5],
        );
        assert_eq!(out, vec![(0..9, ())]);
        assert_eq!(
            outside(tagged(vec![3..8, 9..12]), vec![0..5, 9..10]),
            tagged(vec![3..8, 9..12]),
            "only partly kept"
        );
    }

    #[test]
    fn words_end_at_spaces_and_sentence_ends_not_inside_names_or_addresses() {
        assert!(!continues(Some(' '), Some('x')));
        assert!(!continues(Some('.'), None));
        assert!(!continues(Some('.'), Some(' ')));
        assert!(continues(Some('.'), Some('a')));
        assert!(continues(Some('-'), Some('M')));
        assert!(continues(Some('ü'), None));
        assert!(continues(Some('@'), None));
        assert!(!continues(Some('`'), Some('a')));
    }

    #[test]
    fn an_encoded_address_starts_after_the_escapes_it_cannot_hold() {
        let found = "userName%20eq%20%22Ann.Lee%2Bx%40corp.example";
        let start = encoded_local_start(found);
        assert_eq!(found.get(start..), Some("Ann.Lee%2Bx%40corp.example"));
        assert_eq!(
            percent_decoded("ann.lee%2bx%40corp.example"),
            "ann.lee+x@corp.example"
        );
        assert_eq!(percent_decoded("100%"), "100%");
    }

    #[test]
    fn a_possessive_ends_a_name_and_other_apostrophes_do_not() {
        assert!(!continues_after("'s groups"));
        assert!(!continues_after("\u{2019}s."));
        assert!(!continues_after("'s"));
        assert!(continues_after("'shea"));
        assert!(continues_after("'Brien"));
        assert!(!continues_after("' said"));
    }
}
