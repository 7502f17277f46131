//! A message cut short: an error kind of the directory sync report, cut to
//! [`MESSAGE_CHARS`] while the logs were read (or cut so in the log itself). Its end may
//! be the start of a person's value that no longer reads as one (`Mary Ann` of `Mary Ann
//! Smith`, `jane.doe@acm` of an address). What happens there is decided here, by the
//! redactor, which knows every person the inputs name: so it does not depend on kinds
//! being made before the people were learned, and a last word that starts no one's
//! value stays as written.

use super::names::fold_key;
use super::{words, Redactor};
use crate::syncreport::kinds::MESSAGE_CHARS;

/// How many words at the end of a message are looked at as the start of a value.
const LAST_WORDS: usize = 4;

/// The pseudonym of a cut value that starts more than one person's value.
const SOMEONE: &str = "user-redacted";

impl Redactor {
    /// `head`, the text of a message before the mark that it was cut, redacted; and
    /// whether its end was replaced or dropped. The last words are replaced by the
    /// pseudonym of the value they start when they start one (a name at its word
    /// boundary, written as a name; anything, when the last word may have been cut in its
    /// middle). A last word cut in its middle that starts no value is dropped: it is
    /// longer than half the message, so it is an address, a URL or an id, never a word.
    #[must_use]
    pub fn cut_text(&self, head: &str) -> (String, bool) {
        let head = head.trim_end();
        let starts = word_starts(head);
        let Some(&last) = starts.last() else {
            return (self.text(head), false);
        };
        let split = head.chars().count() + 4 >= MESSAGE_CHARS && last <= head.len() / 2 + 1;
        let first = starts.len().saturating_sub(LAST_WORDS);
        for &start in starts.iter().skip(first) {
            let tail = head.get(start..).unwrap_or_default();
            if let Some(pseudonym) = self.completion(tail, split) {
                let before = head.get(..start).unwrap_or_default();
                return (format!("{}{pseudonym}", self.text(before)), true);
            }
        }
        if split {
            let before = head.get(..last).unwrap_or_default().trim_end();
            return (self.text(before), true);
        }
        (self.text(head), false)
    }

    /// The pseudonym of the learned value `tail` is the cut start of, if it is one.
    fn completion(&self, tail: &str, split: bool) -> Option<String> {
        let folded = fold_key(tail);
        let folded = folded.as_ref();
        if !split && !reads_as_a_name(tail) {
            return None;
        }
        let from = self.sorted.partition_point(|v| v.as_str() < folded);
        let mut found = self
            .sorted
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|v| v.starts_with(folded))
            .filter(|v| {
                let next = v.get(folded.len()..).and_then(|r| r.chars().next());
                next.is_some_and(|c| split || c.is_whitespace() || c == ',')
            });
        let one = found.next()?;
        Some(match found.next() {
            None => self.token(one),
            Some(_) => SOMEONE.to_owned(),
        })
    }
}

/// Whether words cut at a space may be the start of a name: written with a capital (or
/// in a script without case), and not one common word alone (`Read` of `Read Max`).
fn reads_as_a_name(tail: &str) -> bool {
    let capital = tail.chars().next().is_some_and(|c| !c.is_lowercase());
    let one_common = !tail.contains(char::is_whitespace) && words::is_common(&fold_key(tail));
    capital && !one_common
}

/// Where each word of `text` starts.
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut in_space = true;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            starts.push(at);
            in_space = false;
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Names;

    fn redactor() -> Redactor {
        let mut names = Names::default();
        names.record(
            &["mary.ann.smith@acme.example", "masmith"],
            &["Mary Ann Smith", "Mary", "Smith"],
        );
        names.record(&["jane.doe@acme.example"], &["Jane Doe"]);
        names.record(&["jane.dorsey@acme.example"], &["Jane Dorsey"]);
        Redactor::new(Some("k"), &names).unwrap()
    }

    #[test]
    fn a_last_word_that_starts_no_value_stays() {
        let r = redactor();
        let head =
            "Automatic provisioning of user Mary Ann Smith failed: Error while trying to push";
        let (out, changed) = r.cut_text(head);
        assert!(
            !changed && out.ends_with("Error while trying to push"),
            "{out}"
        );
        assert!(!out.contains("Mary"), "{out}");
    }

    #[test]
    fn words_that_start_a_name_become_its_pseudonym() {
        let r = redactor();
        let (out, changed) = r.cut_text("Could not update the profile of Mary Ann");
        assert!(changed, "{out}");
        assert_eq!(
            out,
            format!(
                "Could not update the profile of {}",
                r.token("Mary Ann Smith")
            )
        );
        let (out, changed) = r.cut_text("Could not update Jane and Read");
        assert!(
            !changed && out.ends_with(" and Read"),
            "a common word alone: {out}"
        );
    }

    #[test]
    fn a_word_cut_in_its_middle_is_its_values_pseudonym_or_goes() {
        let value = format!("svc.{}@acme.example", "provisioning".repeat(8));
        let mut names = Names::default();
        names.person(&value);
        let r = Redactor::new(Some("k"), &names).unwrap();
        let head = format!("Failed for {}", value.get(..88).unwrap());
        assert_eq!(
            r.cut_text(&head),
            (format!("Failed for {}", r.token(&value)), true)
        );
        let url =
            "https://scim.example.org/scim/v2/Users?filter=userName%20eq%20%22someone".repeat(2);
        let head = format!("Failed: {}", url.get(..91).unwrap());
        assert_eq!(r.cut_text(&head), ("Failed:".to_owned(), true));
        let head = format!("Failed {} jane.doe@acme.ex", "x".repeat(40));
        let (out, changed) = r.cut_text(&head);
        assert!(!changed && !out.contains("jane"), "{out}");
    }
}
