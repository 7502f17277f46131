//! Baselines around a check: `--write-baseline` records the findings, `--baseline` leaves
//! out the known ones.
//!
//! A fingerprint is a hash of a finding's rule and subjects. Without `--redact` the
//! subjects are the real ones. With `--redact` the report is redacted first, so the
//! fingerprints are hashes of the pseudonyms, which are keyed with the redaction key: a
//! redacted baseline says nothing a redacted report does not, and nobody can confirm a
//! guessed email against it. Such a baseline matches only redacted runs with the same
//! key, and the two kinds of baseline are never mixed.

use crate::error::Error;
use crate::gate::{Baseline, RedactedBaseline};
use crate::options::CheckOptions;
use crate::redact::Redactor;
use crate::report::Report;

/// Apply `--write-baseline` and `--baseline`. With a redactor, `report` must be redacted
/// already. The baseline to leave out is read before the new one is written, so the two
/// may be one file: the run shows what is new since the last, then records this one.
///
/// # Errors
/// A baseline that cannot be written, read or understood; `--write-baseline` with
/// `--redact` but no fixed key; a baseline written with or without `--redact` (or with
/// another key) that cannot match this run.
pub fn apply(
    args: &CheckOptions,
    report: &mut Report,
    redactor: Option<&Redactor>,
) -> Result<(), Error> {
    let redacted = redactor.map(|r| RedactedBaseline {
        key_check: r.key_check(),
    });
    let known = match &args.baseline {
        Some(path) => Some(read(path, redacted.as_ref(), redactor)?),
        None => None,
    };
    if let Some(path) = &args.write_baseline {
        write(path, report, redacted.clone(), redactor)?;
    }
    if let Some(baseline) = known {
        let findings = std::mem::take(&mut report.findings);
        report.findings =
            crate::gate::against_baseline(findings, &baseline, &mut report.summary.gate);
    }
    Ok(())
}

/// The baseline at `path`, if this run can use it.
fn read(
    path: &std::path::Path,
    redacted: Option<&RedactedBaseline>,
    redactor: Option<&Redactor>,
) -> Result<Baseline, Error> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("--baseline {shown}: {e}")))?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "--baseline {shown}: not a synclint baseline ({e}); make one with --write-baseline"
        ))
    })?;
    if let Some(reason) = mismatch(baseline.redacted.as_ref(), redacted, redactor) {
        return Err(Error::Usage(format!("--baseline {shown}: {reason}")));
    }
    Ok(baseline)
}

/// Record the findings of `report` at `path`, whole or not at all.
fn write(
    path: &std::path::Path,
    report: &Report,
    redacted: Option<RedactedBaseline>,
    redactor: Option<&Redactor>,
) -> Result<(), Error> {
    if redactor.is_some_and(|r| !r.key_is_fixed()) {
        return Err(Error::Usage(format!(
            "--write-baseline {} with --redact needs --redact-key (or SYNCLINT_REDACT_KEY): \
             the fingerprints of a redacted run are keyed with the redaction key, and \
             without one the key is random, so no later run could match the baseline",
            path.display()
        )));
    }
    let mut baseline = Baseline::of(report.findings.iter());
    baseline.redacted = redacted;
    let text = serde_json::to_string_pretty(&baseline).unwrap_or_default();
    crate::atomic_file::write(path, (text + "\n").as_bytes()).map_err(|source| Error::Output {
        path: path.display().to_string(),
        source,
    })
}

/// Why a baseline cannot be used by this run, if it cannot.
fn mismatch(
    baseline: Option<&RedactedBaseline>,
    run: Option<&RedactedBaseline>,
    redactor: Option<&Redactor>,
) -> Option<String> {
    match (baseline, run) {
        (None, None) => None,
        (Some(b), Some(r)) if b == r => None,
        (Some(_), None) => Some(
            "it was written with --redact, so its fingerprints are of pseudonyms and never \
             match a run without --redact; run with --redact and the key it was written with"
                .to_owned(),
        ),
        (Some(_), Some(_)) if redactor.is_some_and(|r| !r.key_is_fixed()) => Some(
            "it was written with --redact and a fixed key, and this run has none (its key is \
             random); give the same --redact-key or SYNCLINT_REDACT_KEY"
                .to_owned(),
        ),
        (Some(_), Some(_)) => Some(
            "it was written with another --redact-key, so none of its fingerprints can match; \
             use the key it was written with, or write a new baseline"
                .to_owned(),
        ),
        (None, Some(_)) => Some(
            "it was written without --redact: its fingerprints are plain hashes of people's \
             values, which a redacted run neither matches nor may show; write one with \
             --redact --redact-key KEY --write-baseline FILE"
                .to_owned(),
        ),
    }
}
