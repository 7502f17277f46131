//! "Did you mean": the known name nearest to a misspelt one. Every message that names an
//! unknown operator, key, rule, category, dataset or function asks here, so they all
//! agree on what counts as a typo.

/// How many edits (a transposition counts as one) still make a typo of a word this long:
/// one for a short word (`in`, `like` is not `lte`), two for most, more for a long rule id.
fn limit(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 1,
        5..=11 => 2,
        n => 3.max(n / 4),
    }
}

/// The candidate nearest to `word` (case ignored) when it is near enough to be a typo;
/// of two equally near, the first.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), c))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= limit(word) && *d < word.chars().count())
        .map(|(_, c)| c)
}

/// "did you mean `NAME`?" for the nearest candidate, if one is near enough.
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// As [`did_you_mean`], or else the list of every candidate (for short lists).
#[must_use]
pub fn or_list<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    did_you_mean(word, candidates.clone()).unwrap_or_else(|| {
        let all: Vec<&str> = candidates.into_iter().collect();
        format!("expected one of: {}", all.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPS: [&str; 5] = ["equals", "in", "contains", "regex", "exists"];

    #[test]
    fn a_typo_finds_its_word() {
        assert_eq!(closest("equls", OPS), Some("equals"));
        assert_eq!(closest("Regexp", OPS), Some("regex"));
        assert_eq!(closest("on", OPS), Some("in"));
        assert_eq!(closest("exsits", OPS), Some("exists"));
        assert_eq!(
            closest("sync-eror-brust", ["sync-error-burst", "role-unavailable"]),
            Some("sync-error-burst")
        );
    }

    #[test]
    fn a_different_word_finds_nothing() {
        assert_eq!(closest("xyz", OPS), None);
        assert_eq!(closest("between", OPS), None);
        assert_eq!(closest("like", ["lte", "gte"]), None);
        assert_eq!(did_you_mean("anything", []), None);
    }

    #[test]
    fn without_a_near_word_every_candidate_is_listed() {
        assert_eq!(or_list("equls", OPS), "did you mean `equals`?");
        assert_eq!(or_list("between", ["gt", "lt"]), "expected one of: gt, lt");
    }
}
