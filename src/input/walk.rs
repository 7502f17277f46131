//! Finding the input files below a folder, and saying what was passed over.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What a folder holds for reading.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files to read, sorted by path.
    pub files: Vec<PathBuf>,
    /// Entries not read, each with the problem name and why (sorted by path).
    pub passed_over: Vec<PassedOver>,
}

/// An entry of a folder that is not read.
#[derive(Debug)]
pub struct PassedOver {
    pub path: PathBuf,
    /// `not-a-file`, `unreadable`, or `not-followed` (a link out of the folder, or to a
    /// folder): the first two fail the run as a file named on the command line would.
    pub problem: &'static str,
    pub reason: String,
}

/// The regular files below `dir` (recursively), skipping hidden files and folders
/// (names starting with `.`). A link is read when it leads to a regular file inside
/// `dir`; links to folders are not followed (so a loop cannot trap the walk), and a link
/// out of `dir` is not read (an export should not reach other files of the machine; name
/// such a file on the command line to read it). FIFOs, devices, sockets and broken links
/// are passed over. Everything passed over is listed, never silently dropped.
///
/// # Errors
/// Any error reading `dir` or a folder below it.
pub fn discover(dir: &Path) -> io::Result<Walk> {
    let root = fs::canonicalize(dir)?;
    let mut walk = Walk::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file() {
                walk.files.push(path);
            } else if file_type.is_symlink() {
                match link(&path, &root) {
                    Ok(()) => walk.files.push(path),
                    Err(skip) => walk.passed_over.push(skip),
                }
            } else {
                walk.passed_over.push(PassedOver {
                    reason: format!(
                        "{}, not a regular file; only regular files are read",
                        crate::input::open::what_it_is(&file_type)
                    ),
                    path,
                    problem: "not-a-file",
                });
            }
        }
    }
    walk.files.sort();
    walk.passed_over.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walk)
}

/// Whether the link at `path` leads to a regular file inside `root`, or why it is not read.
fn link(path: &Path, root: &Path) -> Result<(), PassedOver> {
    let skip = |problem, reason: String| PassedOver {
        path: path.to_path_buf(),
        problem,
        reason,
    };
    let Ok(target) = fs::canonicalize(path) else {
        return Err(skip(
            "unreadable",
            "a link to nothing: its target does not exist".to_owned(),
        ));
    };
    let meta = fs::metadata(&target).map_err(|e| skip("unreadable", e.to_string()))?;
    if meta.is_dir() {
        return Err(skip(
            "not-followed",
            "a link to a folder; links to folders are not followed".to_owned(),
        ));
    }
    if !meta.is_file() {
        let what = crate::input::open::what_it_is(&meta.file_type());
        return Err(skip(
            "not-a-file",
            format!("a link to {what}, not to a regular file"),
        ));
    }
    if !target.starts_with(root) {
        return Err(skip(
            "not-followed",
            "a link to a file outside the folder; name that file on the command line to read it"
                .to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_files_sorted_and_skips_hidden_ones() -> io::Result<()> {
        let root = tempfile::tempdir()?;
        let base = root.path();
        for dir in ["b", "a/deeper", ".git", "c/.cache"] {
            fs::create_dir_all(base.join(dir))?;
        }
        for file in [
            "z.json",
            "b/users.csv",
            "a/deeper/groups.json",
            "a/roles.json",
            ".hidden.yaml",
            ".git/config",
            "c/.cache/x.json",
            "c/.env",
        ] {
            fs::write(base.join(file), "x")?;
        }
        let found: Vec<String> = discover(base)?
            .files
            .iter()
            .filter_map(|p| p.strip_prefix(base).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(
            found,
            vec![
                "a/deeper/groups.json",
                "a/roles.json",
                "b/users.csv",
                "z.json"
            ]
        );
        Ok(())
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let root = tempfile::tempdir().ok();
        let missing = root.as_ref().map(|r| r.path().join("nope"));
        let err = missing.map(|m| discover(&m));
        assert!(matches!(err, Some(Err(e)) if e.kind() == io::ErrorKind::NotFound));
    }
}
