//! Baselines around a check: `--write-baseline` records the findings, `--baseline` leaves
//! out the known ones.

use crate::error::Error;
use crate::options::CheckOptions;
use crate::redact::Redactor;
use crate::report::Report;

/// Apply `--write-baseline` and `--baseline`. Both work on the real subjects, so a
/// baseline matches whatever the `--redact-key`; with `--redact`, the messages written to
/// the baseline are redacted.
///
/// # Errors
/// A baseline that cannot be written, read or understood.
pub fn apply(
    args: &CheckOptions,
    report: &mut Report,
    redactor: Option<&Redactor>,
) -> Result<(), Error> {
    if let Some(path) = &args.write_baseline {
        let mut baseline = crate::gate::Baseline::of(&report.findings);
        if let Some(r) = redactor {
            for entry in &mut baseline.findings {
                entry.message = r.text(&entry.message);
            }
        }
        let text = serde_json::to_string_pretty(&baseline).unwrap_or_default();
        std::fs::write(path, text + "\n").map_err(|source| Error::Output {
            path: path.display().to_string(),
            source,
        })?;
    }
    if let Some(path) = &args.baseline {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("--baseline {shown}: {e}")))?;
        let baseline: crate::gate::Baseline = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "--baseline {shown}: not a synclint baseline ({e}); make one with --write-baseline"
            ))
        })?;
        crate::gate::against_baseline(&mut report.findings, &baseline, &mut report.summary.gate);
    }
    Ok(())
}
