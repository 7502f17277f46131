//! The same person listed more than once across the snapshots read (overlapping pages,
//! one export saved twice). The join reads them as one person; this says so, one note per
//! repeated copy, so nothing is merged without a word.

use crate::model::{dataset, Datasets, Location, Record, Skipped};
use std::collections::HashMap;

/// A note for every record of IdP users (by `id`) and console users (by `userId`, else
/// `username`) whose key an earlier record already had.
#[must_use]
pub fn notes(datasets: &Datasets) -> Vec<Skipped> {
    let idp = repeated(datasets.get(dataset::IDP_USERS), &["id"], "IdP user");
    let console = repeated(
        datasets.get(dataset::CONSOLE_USERS),
        &["userId", "username"],
        "console user",
    );
    idp.into_iter().chain(console).collect()
}

fn repeated(records: &[Record], keys: &[&str], what: &str) -> Vec<Skipped> {
    let mut first: HashMap<String, &Location> = HashMap::new();
    let mut notes = Vec::new();
    for record in records {
        let Some((key, value)) = keys.iter().find_map(|k| {
            let text = record.value.get(*k)?.as_str()?.trim();
            (!text.is_empty()).then_some((*k, text))
        }) else {
            continue;
        };
        let Some(location) = &record.location else {
            continue;
        };
        match first.get(&value.to_lowercase()) {
            None => {
                first.insert(value.to_lowercase(), location);
            }
            Some(earlier) => notes.push(Skipped {
                location: location.clone(),
                reason: format!(
                    "warning: {what} with {key} `{value}` listed again (first at {earlier}): \
                     read as one {what}; this copy's fields are not used"
                ),
            }),
        }
    }
    notes
}
