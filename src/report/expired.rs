//! Expired suppressions, said the same way in every format: a suppression in
//! synclint.yaml whose `expires` date has passed no longer hides its findings, and the
//! team should renew or remove it. CI formats show it too, since CI is where people look.

use crate::gate::ExpiredSuppression;

/// The heading or title used for them.
pub const TITLE: &str = "Expired suppression";

/// One sentence: which rule, since when, why it was suppressed and what to do.
#[must_use]
pub fn sentence(e: &ExpiredSuppression) -> String {
    format!(
        "the suppression of {} expired on {} (reason given: {}); its findings are reported again: renew or remove it",
        e.rule,
        e.expired,
        e.reason.trim()
    )
}
