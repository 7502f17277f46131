//! `synclint plan`: run the check (suppressions, baseline and rule selection applied),
//! build the plan and write its files into the plan folder.

use super::{build, files, BULK_FILES};
use crate::error::Error;
use crate::exit;
use crate::options::{CheckOptions, PlanOptions};
use std::io::Write;

/// Run `plan`: the files written are listed on `out`, each input that could not be used
/// on `err` (with exit 4: the plan then leaves out what that input holds).
///
/// # Errors
/// `--redact`, a bad command line, configuration or rules, or a plan folder that cannot
/// be written.
pub fn run(args: &PlanOptions, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    if args.redact {
        return Err(Error::Usage(
            "plan: --redact is refused, because the plan's files must name the real users for the Incydr CLI to act on them".to_owned(),
        ));
    }
    let mut check = CheckOptions::quiet(
        args.input.clone(),
        args.config.clone(),
        args.rules.clone(),
        args.now,
    );
    check.whole_users = true;
    check.select = args.select.clone();
    check.ignore = args.ignore.clone();
    check.baseline = args.baseline.clone();
    let mut outcome = crate::check::run(&check)?;
    crate::check::baseline::apply(&check, &mut outcome.report, None)?;
    outcome
        .report
        .findings
        .load()
        .map_err(Error::findings_lost)?;
    let plan = build(outcome.report.findings.loaded(), &outcome.datasets);
    let dir = args.out.display().to_string();
    let failed = |path: &std::path::Path| {
        let shown = path.display().to_string();
        move |source| Error::Output {
            path: shown,
            source,
        }
    };
    std::fs::create_dir_all(&args.out).map_err(failed(&args.out))?;
    let written = files(&plan, &dir);
    let touched = written.iter().map(|(name, _)| name.as_str());
    refuse_own_inputs(args, &outcome.report.summary, touched.chain(BULK_FILES))?;
    let mut summary = String::new();
    // A bulk file of an earlier plan that this one has no rows for would be run by mistake.
    for stale in BULK_FILES
        .iter()
        .filter(|n| !written.iter().any(|(w, _)| w == *n))
    {
        let path = args.out.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(failed(&path))?;
            summary += &format!("removed {} (nothing to do now)\n", path.display());
        }
    }
    for (name, text) in written {
        let path = args.out.join(&name);
        crate::atomic_file::write(&path, text.as_bytes()).map_err(failed(&path))?;
        summary += &format!("wrote {}\n", path.display());
    }
    out.write_all(summary.as_bytes())
        .map_err(failed(std::path::Path::new("standard output")))?;
    crate::report::human::write_problems(&outcome.report.summary, err)
        .map_err(failed(std::path::Path::new("standard error")))?;
    Ok(if outcome.unreadable {
        exit::INPUT
    } else {
        exit::OK
    })
}

/// A usage error when a file the plan writes or removes in its folder is one the check read
/// (`--out` naming the export's own folder, which holds a `move.csv`, say), before any is
/// touched.
fn refuse_own_inputs<'a>(
    args: &PlanOptions,
    summary: &crate::report::Summary,
    touched: impl Iterator<Item = &'a str>,
) -> Result<(), Error> {
    use crate::own_inputs;
    let named = args.input.named();
    let read = own_inputs::read_paths(summary, named.chain(args.config.iter()));
    for name in touched {
        own_inputs::refuse(&args.out.join(name), &read)?;
    }
    Ok(())
}
