//! The words `--redact` does not take for a name when they stand alone: common English
//! words and the words of directory sync (`common_words.txt`, lowercase). A given or
//! family name that is one of them (`Read`, `New`, `Sales`, `Support`) is replaced only
//! where it stands next to another part of the same person's name (`Max Read`, `Read,
//! Max`, `Max J. Read`), or inside a value that is replaced whole (an address, a
//! username, a display name); at the start of a sentence, in a title or as a menu label
//! it is the word.

use std::collections::HashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("common_words.txt");

/// Whether `word`, folded (see [`super::fold`]), is a common word.
pub(super) fn is_common(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| LIST.split_whitespace().collect())
        .contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_the_words_names_are_made_of_and_no_capitals() {
        for word in [
            "read", "new", "left", "sales", "support", "admin", "will", "grace",
        ] {
            assert!(is_common(word), "{word}");
        }
        for name in ["alice", "okonkwo", "zoë", "Read"] {
            assert!(!is_common(name), "{name}");
        }
        assert!(LIST
            .split_whitespace()
            .all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
    }
}
