//! Finding and reading the input files: folders expanded, each file read by the loader for
//! its content; large log files are left to be streamed, never loaded whole; archives are
//! unpacked and their members read the same way (see [`crate::input::archive`]).

pub use super::problems::{from_input_error, problem};
use crate::input::events::generic::LogMapping;
use crate::input::{self, InputError, InputKind, Limits, LoadedInput};
use crate::model::dataset;
use crate::report::{InputSummary, Summary};
use std::io::Read;
use std::path::{Path, PathBuf};

/// How much of a large file is read to tell what it is.
const SNIFF_BYTES: u64 = 256 * 1024;

/// Files above this size are checked for being a log by their first bytes and, if they
/// are, streamed in batches instead of loaded. A log loaded whole is held as parsed
/// JSON values, about thirty times its size in memory (a 4.6 MB log took 134 MB), so
/// only a log that fits in the sniffed head is loaded whole.
pub const STREAM_ABOVE: u64 = SNIFF_BYTES;

/// What was read.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files loaded whole (snapshots, configurations, small logs).
    pub loaded: Vec<LoadedInput>,
    /// Large log files, streamed later: (path, shown path, kind).
    pub streams: Vec<(PathBuf, String, InputKind)>,
    /// Events of logs read through a log mapping.
    pub mapped: Vec<Vec<crate::model::Record>>,
    /// The bounds the files were read within (and the streams are to be read within).
    pub limits: Limits,
    /// The folders archives were unpacked into: the streams and loaded members name files
    /// there, so keep these until the logs are read (dropping one removes its folder).
    pub unpacked: Vec<tempfile::TempDir>,
    /// Bytes of the files read whole so far, held against [`Limits::max_total_bytes`].
    pub whole_bytes: u64,
}

/// The path as the user should see it.
#[must_use]
pub fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Read the `--log-mapping` files.
///
/// # Errors
/// Every problem in every mapping.
pub fn mappings(paths: &[PathBuf]) -> Result<Vec<LogMapping>, crate::error::Error> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match input::load_mapping(path) {
            Ok(m) => found.push(m),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(crate::error::Error::Mapping { problems })
    }
}

/// Expand folders and read every file; problems go to the summary. A file no loader
/// recognises is tried with the log mappings before it is reported.
pub fn read(
    inputs: &[(PathBuf, Option<InputKind>)],
    mappings: &[LogMapping],
    limits: &Limits,
    summary: &mut Summary,
) -> Inputs {
    let mut out = Inputs {
        limits: *limits,
        ..Inputs::default()
    };
    let ctx = Ctx { mappings, limits };
    let mut stdin_read = false;
    for (path, kind) in super::copies::drop_copies(expand(inputs, summary), summary) {
        if input::stdin::is_stdin(&path) {
            read_stdin(
                std::mem::replace(&mut stdin_read, true),
                kind,
                &ctx,
                &mut out,
                summary,
            );
            continue;
        }
        let shown = display(&path);
        if let Err(err) = input::regular_file(&path, &shown) {
            summary.problems.push(from_input_error(err));
            continue;
        }
        read_named(&path, shown, kind, &ctx, &mut out, summary);
    }
    judge_pages(&mut out.loaded, summary);
    out
}

/// Read a regular file: unpacked when it is an archive, else read as itself.
fn read_named(
    path: &Path,
    shown: String,
    kind: Option<InputKind>,
    ctx: &Ctx<'_>,
    out: &mut Inputs,
    summary: &mut Summary,
) {
    match input::archive::format_of(path) {
        Some(format) => unpack(path, &shown, (format, kind), ctx, out, summary),
        None => read_file(path, shown, kind, ctx, out, summary),
    }
}

/// Read standard input (`-`) from a copy of it; a second `-` is reported, since the
/// first took every byte.
fn read_stdin(
    already: bool,
    kind: Option<InputKind>,
    ctx: &Ctx<'_>,
    out: &mut Inputs,
    summary: &mut Summary,
) {
    let shown = input::stdin::SHOWN;
    if already {
        let reason = "`-` is named more than once; standard input is read once".to_owned();
        summary
            .problems
            .push(problem(shown, super::copies::COPY, reason, None));
        return;
    }
    match input::stdin::copy(ctx.limits) {
        Ok(copied) => {
            read_named(&copied.path, shown.to_owned(), kind, ctx, out, summary);
            out.unpacked.push(copied.dir);
        }
        Err(refused) => {
            let problem = problem(&refused.shown, refused.problem, refused.reason, None);
            summary.problems.push(problem);
        }
    }
}

/// Judge the files that are pages of one list together (see [`input::paging::judge`]),
/// and give each file's verdict to its lines in the summary.
fn judge_pages(loaded: &mut [LoadedInput], summary: &mut Summary) {
    input::paging::judge(loaded);
    for file in loaded.iter().filter(|f| f.paging.is_some()) {
        let kinds: Vec<&str> = file.parts().map(|(k, _)| k.name()).collect();
        let lines = summary.inputs.iter_mut();
        for line in lines.filter(|i| i.path == file.path && kinds.contains(&i.kind.as_str())) {
            line.page.clone_from(&file.page);
        }
    }
}

/// How every file is read.
struct Ctx<'a> {
    mappings: &'a [LogMapping],
    limits: &'a Limits,
}

/// Unpack an archive and read its members as the files of a folder; every member not
/// read is reported under its name in the archive.
fn unpack(
    path: &Path,
    shown: &str,
    (format, kind): (input::archive::Format, Option<InputKind>),
    ctx: &Ctx<'_>,
    out: &mut Inputs,
    summary: &mut Summary,
) {
    let unpacked = match input::archive::unpack(path, shown, format, ctx.limits) {
        Ok(unpacked) => unpacked,
        Err(refused) => {
            let problem = problem(&refused.shown, refused.problem, refused.reason, None);
            summary.problems.push(problem);
            return;
        }
    };
    summary.problems.extend(
        unpacked
            .refused
            .into_iter()
            .map(|r| problem(&r.shown, r.problem, r.reason, None)),
    );
    for member in unpacked.members {
        read_file(&member.path, member.shown, kind, ctx, out, summary);
    }
    out.unpacked.push(unpacked.dir);
}

/// Read one regular file: through a log mapping, streamed as a large log, or whole.
fn read_file(
    path: &Path,
    shown: String,
    kind: Option<InputKind>,
    ctx: &Ctx<'_>,
    out: &mut Inputs,
    summary: &mut Summary,
) {
    let (mappings, limits) = (ctx.mappings, ctx.limits);
    if kind.is_none()
        && !mappings.is_empty()
        && read_mapped(path, &shown, (mappings, limits), out, summary)
    {
        return;
    }
    match large_log(path, &shown, kind, limits) {
        Ok(Some(kind)) => {
            out.streams.push((path.to_path_buf(), shown, kind));
            return;
        }
        Ok(None) => {}
        Err(err) => {
            summary.problems.push(from_input_error(err));
            return;
        }
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if out.whole_bytes.saturating_add(size) > limits.max_total_bytes {
        let reason = format!(
            "reading its {size} bytes whole would take the files read whole in this run past \
             {} bytes (--max-total-size); the files before it were read",
            limits.max_total_bytes
        );
        summary
            .problems
            .push(problem(&shown, "over-budget", reason, None));
        return;
    }
    out.whole_bytes += size;
    match input::load_file_with(path, &shown, kind, limits) {
        Ok(file) => {
            let not_provisioning = file.not_provisioning.count;
            summary
                .inputs
                .extend(file.parts().map(|(kind, records)| InputSummary {
                    page: file.page.clone(),
                    ..InputSummary::new(shown.clone(), kind.name(), records.len(), not_provisioning)
                }));
            summary.skipped.extend(file.skipped.iter().cloned());
            out.loaded.push(file);
        }
        Err(err) => summary.problems.push(from_input_error(err)),
    }
}

/// Read a file through the first log mapping that fits it; false when none does.
fn read_mapped(
    path: &Path,
    shown: &str,
    (mappings, limits): (&[LogMapping], &Limits),
    out: &mut Inputs,
    summary: &mut Summary,
) -> bool {
    let Some(log) = input::load_mapped(path, shown, mappings, limits) else {
        return false;
    };
    summary.inputs.push(InputSummary::new(
        shown.to_owned(),
        &format!("log:{}", log.mapping),
        log.records.len(),
        0,
    ));
    summary.skipped.extend(log.skipped);
    out.mapped.push(log.records);
    true
}

fn expand(
    inputs: &[(PathBuf, Option<InputKind>)],
    summary: &mut Summary,
) -> Vec<(PathBuf, Option<InputKind>)> {
    let mut files = Vec::new();
    for (path, kind) in inputs {
        if !input::stdin::is_stdin(path) && path.is_dir() {
            match input::discover(path) {
                Ok(found) => {
                    files.extend(found.files.into_iter().map(|f| (f, *kind)));
                    summary.problems.extend(
                        found
                            .passed_over
                            .into_iter()
                            .map(|p| problem(&display(&p.path), p.problem, p.reason, None)),
                    );
                }
                Err(e) => summary.problems.push(problem(
                    &display(path),
                    "unreadable",
                    e.to_string(),
                    None,
                )),
            }
        } else {
            files.push((path.clone(), *kind));
        }
    }
    files
}

/// The log kind of a file too large to load whole, judged from its first bytes; a CSV
/// header too wide to read is told from them too, before the file is read whole.
fn large_log(
    path: &Path,
    shown: &str,
    forced: Option<InputKind>,
    limits: &Limits,
) -> Result<Option<InputKind>, InputError> {
    let Some(size) = std::fs::metadata(path).ok().map(|m| m.len()) else {
        return Ok(None);
    };
    if size <= STREAM_ABOVE {
        return Ok(None);
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
    if read.is_err() {
        return Ok(None);
    }
    let kind = match input::load_text_with(&head, shown, None, limits) {
        Ok(loaded) => forced.unwrap_or(loaded.kind),
        Err(InputError::TooWide {
            path: sniffed,
            line,
            columns,
            limit,
        }) => {
            let columns = input::csv_header_width(path).unwrap_or(columns);
            return Err(InputError::TooWide {
                path: sniffed,
                line,
                columns,
                limit,
            });
        }
        // A JSON array or wrapper cut short by the sniff: its first whole elements tell.
        Err(_) => match forced.or_else(|| input::events::sniff_kind(&head, shown, limits)) {
            Some(kind) => kind,
            None => return Ok(None),
        },
    };
    Ok((kind.dataset() == Some(dataset::EVENTS)).then_some(kind))
}
