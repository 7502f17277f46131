//! Finding the input files below a folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The regular files below `dir` (recursively), sorted by path, skipping hidden
/// files and folders (names starting with `.`). Symbolic links to files are
/// included; links to folders are not followed, so a link loop cannot trap the walk.
///
/// # Errors
/// Any error reading `dir` or a folder below it.
pub fn discover(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
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
            } else if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
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
