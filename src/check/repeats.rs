//! The same person listed more than once across the snapshots read (overlapping pages,
//! two exports of one directory made at different times; a file saved twice byte for byte
//! is left out before this, see `copies`). The join reads them as one person (by the keys
//! `model::join_sides` defines); this says so, one note per repeated copy, so nothing is merged
//! without a word.

use crate::model::join_sides::{console_key, idp_key};
use crate::model::{dataset, Datasets, Location, Record, Skipped};
use std::collections::HashMap;

/// A note for every IdP user and console user whose key an earlier record already had.
#[must_use]
pub fn notes(datasets: &Datasets) -> Vec<Skipped> {
    let idp = repeated(datasets.get(dataset::IDP_USERS), idp_key, "IdP user");
    let console = repeated(
        datasets.get(dataset::CONSOLE_USERS),
        console_key,
        "console user",
    );
    idp.into_iter().chain(console).collect()
}

type Key = fn(&Record) -> Option<(&'static str, String)>;

fn repeated(records: &[Record], key_of: Key, what: &str) -> Vec<Skipped> {
    let mut first: HashMap<String, &Location> = HashMap::new();
    let mut notes = Vec::new();
    for record in records {
        let (Some((key, value)), Some(location)) = (key_of(record), &record.location) else {
            continue;
        };
        match first.get(&value) {
            None => {
                first.insert(value, location);
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
