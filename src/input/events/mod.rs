//! TEMPORARY: replaced by the event log readers.
use super::{InputError, InputKind};
use crate::model::{Record, Skipped};
use std::path::Path;

/// What a streamed file held.
pub struct StreamSummary {
    pub kind: InputKind,
    pub records: u64,
    pub skipped: u64,
}

/// Stream a log file in batches.
///
/// # Errors
/// Always, for now.
pub fn stream_events(
    _path: &Path,
    display: &str,
    _kind: Option<InputKind>,
    _batch: usize,
    _on_batch: &mut dyn FnMut(Vec<Record>, Vec<Skipped>),
) -> Result<StreamSummary, InputError> {
    Err(InputError::Unrecognized {
        path: display.to_owned(),
        reason: "not yet".to_owned(),
    })
}
