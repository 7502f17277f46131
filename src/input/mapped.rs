//! Logs read through a user's log mapping file (`--log-mapping`): loading and checking
//! the mapping, and reading a log with the first mapping that fits it.

use super::{csv_rows, events, open, read, syntax, Limits};
use crate::diagnostic::Problem;
use crate::model::{Record, Skipped};
use std::path::Path;

/// A log read through a [`events::generic::LogMapping`].
#[derive(Debug, Clone)]
pub struct MappedLog {
    /// The mapping's name.
    pub mapping: String,
    pub records: Vec<Record>,
    pub skipped: Vec<Skipped>,
}

/// Read `path` through the first of `mappings` whose `detect` keys its first record has;
/// None when the file cannot be read as records or no mapping fits.
#[must_use]
pub fn load_mapped(
    path: &Path,
    display: &str,
    mappings: &[events::generic::LogMapping],
    limits: &Limits,
) -> Option<MappedLog> {
    let bytes = open::read_within(path, display, limits).ok()?;
    load_mapped_bytes(&bytes, display, mappings, limits)
}

/// [`load_mapped`] over a file's bytes already read.
#[must_use]
pub fn load_mapped_bytes(
    bytes: &[u8],
    display: &str,
    mappings: &[events::generic::LogMapping],
    limits: &Limits,
) -> Option<MappedLog> {
    let decoded = read::decode(bytes, display);
    if csv_rows::too_wide(&decoded.text, limits.max_columns).is_some() {
        return None;
    }
    let doc = syntax::parse(&decoded.text, display, limits.max_depth).ok()?;
    let first = &doc.items.first()?.value;
    let mapping = mappings.iter().find(|m| m.matches(first))?;
    let mut sink = mapping.normalize(doc.items, display);
    let records = sink.take_records();
    let mut skipped = decoded.warnings;
    skipped.extend(doc.skipped);
    skipped.extend(sink.skipped);
    skipped.sort_by_key(|s| (s.location.line, s.location.column));
    Some(MappedLog {
        mapping: mapping.name.clone(),
        records,
        skipped,
    })
}

/// The code of every problem in a log mapping file.
pub const MAPPING_CODE: &str = "synclint::log_mapping";

/// Read and check a log mapping file.
///
/// # Errors
/// Every problem, each a [`Problem`] at its line (shown as `path:line: message`).
pub fn load_mapping(path: &Path) -> Result<events::generic::LogMapping, Vec<Problem>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![Problem::new(MAPPING_CODE, &shown, (0, 0), e.to_string())])?;
    parse_mapping(&text, &shown)
}

/// Parse and check the text of a log mapping file; `shown` names it in messages.
///
/// # Errors
/// As [`load_mapping`].
pub fn parse_mapping(text: &str, shown: &str) -> Result<events::generic::LogMapping, Vec<Problem>> {
    // Every structural mistake of the file at once, not only the first.
    let file: events::generic::MappingFile =
        crate::yaml::from_str_all(text, shown).map_err(|errors| {
            let problem = |e: crate::yaml::YamlError| {
                let mut problem = Problem::new(MAPPING_CODE, shown, (e.line, e.column), e.message)
                    .with_help(e.help);
                problem.src = e.src;
                problem.span = e.span;
                problem
            };
            errors.all().into_iter().map(problem).collect::<Vec<_>>()
        })?;
    events::generic::LogMapping::check(file.log_mapping).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                let label = p.message.split(':').next().unwrap_or("here").to_owned();
                Problem::new(MAPPING_CODE, shown, (p.line, 0), p.message)
                    .in_text(text, 0)
                    .with_label(label)
            })
            .collect()
    })
}
