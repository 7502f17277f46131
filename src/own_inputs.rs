//! Refusing to write a report over one of the run's own inputs: `check export/ -o
//! export/sync-log.csv` would replace the log being checked with the report about it, and
//! `-o synclint.yaml` the configuration. A report file that is in an input folder but was not
//! read as an input (last run's report, say) may be written over, as before.

use crate::error::Error;
use crate::report::Summary;
use std::path::{Path, PathBuf};

/// The paths a check read: the files of its summary (found in folders or named) and the
/// files named on the command line (an archive's own path is not in the summary, its
/// members are).
pub(crate) fn read_paths<'a>(
    summary: &'a Summary,
    named: impl IntoIterator<Item = &'a PathBuf>,
) -> Vec<&'a Path> {
    let found = summary.inputs.iter().map(|i| Path::new(i.path.as_str()));
    found
        .chain(named.into_iter().map(PathBuf::as_path))
        .collect()
}

/// A usage error when `output` is the same file as one of `inputs`.
///
/// # Errors
/// [`Error::Usage`] naming the file and what it was read as.
pub(crate) fn refuse(output: &Path, inputs: &[&Path]) -> Result<(), Error> {
    let Some(target) = identity(output) else {
        return Ok(());
    };
    let Some(input) = inputs.iter().find(|input| identity(input) == Some(target)) else {
        return Ok(());
    };
    let spelt = if *input == output {
        String::new()
    } else {
        format!(" (read as {})", input.display())
    };
    Err(Error::Usage(format!(
        "{} is an input of this run{spelt}; writing there would replace it, so nothing was \
         written: write to another file or folder",
        output.display()
    )))
}

/// Whether two paths name the same place: the same file when one is there (by [`identity`]),
/// else the same name in the same folder once links and `.` or `..` are resolved (as far
/// as the folder exists).
pub(crate) fn same_place(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (identity(a), identity(b)) {
        return x == y;
    }
    let resolved = |p: &Path| {
        let folder = p.parent().filter(|f| !f.as_os_str().is_empty());
        let folder = std::fs::canonicalize(folder.unwrap_or(Path::new(".")));
        folder.ok().zip(p.file_name()).map(|(f, n)| f.join(n))
    };
    resolved(a).is_some_and(|x| Some(x) == resolved(b))
}

/// What tells one file from another: device and inode (hard links and other spellings of the
/// path are the same file), or elsewhere the canonical path. `None` for a path naming no
/// regular file (nothing there yet, a device, a pipe: nothing to lose).
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_another_path_or_link_is_refused_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("sync-log.csv");
        std::fs::write(&log, "x").unwrap();
        let other = dir.path().join("report.json");
        std::fs::write(&other, "old report").unwrap();
        let linked = dir.path().join("hard-link.csv");
        std::fs::hard_link(&log, &linked).unwrap();
        let dotted = dir.path().join(".").join("sync-log.csv");
        let inputs = [log.as_path()];
        for same in [&log, &linked, &dotted] {
            let err = refuse(same, &inputs).unwrap_err().to_string();
            assert!(err.contains("an input of this run"), "{err}");
        }
        assert!(refuse(&other, &inputs).is_ok());
        assert!(refuse(&dir.path().join("new.json"), &inputs).is_ok());
        assert!(refuse(Path::new("/dev/null"), &inputs).is_ok());
    }

    #[test]
    fn the_same_place_by_any_spelling_whether_or_not_a_file_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let new = sub.join("report.json");
        let spelt = dir
            .path()
            .join("sub")
            .join("..")
            .join("sub")
            .join("report.json");
        assert!(same_place(&new, &spelt), "not there yet");
        std::fs::write(&new, "x").unwrap();
        assert!(same_place(&new, &spelt), "there");
        assert!(!same_place(&new, &sub.join("report.sarif")));
        assert!(!same_place(&new, &dir.path().join("report.json")));
    }
}
