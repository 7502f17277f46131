//! Files given twice: one path named twice (a file and the folder that holds it), or the
//! same bytes under two names (a browser's `export (1).json` next to `export.json`, one
//! export copied into two folders). Reading a log twice counts each of its events twice,
//! which can make a rule fire that would not (three failures where there were two), so
//! only the first is read and each copy is reported as not used, saying which file it
//! repeats.
//!
//! Only files of the same size are compared, so a run over files of distinct sizes reads
//! nothing here. Two logs that overlap without being the same file (two exports of
//! overlapping days) are not copies: their events are read as given.

use crate::input::InputKind;
use crate::report::{InputProblem, Summary};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The problem name of a file left out as a copy of another.
pub const COPY: &str = "duplicate";

type File = (PathBuf, Option<InputKind>);

/// `files` without the copies of an earlier one, each reported in `summary`.
#[must_use]
pub fn drop_copies(files: Vec<File>, summary: &mut Summary) -> Vec<File> {
    let sizes: Vec<Option<u64>> = files.iter().map(|(p, _)| size_of(p)).collect();
    let mut same_size: HashMap<u64, usize> = HashMap::new();
    for size in sizes.iter().flatten() {
        *same_size.entry(*size).or_default() += 1;
    }
    let mut paths: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut digests: HashMap<(u64, [u8; 32]), PathBuf> = HashMap::new();
    let mut kept = Vec::with_capacity(files.len());
    for (file, size) in files.into_iter().zip(sizes) {
        let repeats = match size.filter(|s| same_size.get(s).is_some_and(|n| *n > 1)) {
            Some(size) => first_of(&file.0, size, &mut paths, &mut digests),
            None => None,
        };
        match repeats {
            Some((first, why)) => summary.problems.push(copy_problem(&file.0, &first, why)),
            None => kept.push(file),
        }
    }
    kept
}

/// The size of a regular, non-empty file (others, and `-` for standard input, are left to
/// the readers).
fn size_of(path: &Path) -> Option<u64> {
    if crate::input::stdin::is_stdin(path) {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    (meta.is_file() && meta.len() > 0).then_some(meta.len())
}

/// Why `path` is not read: the earlier file it repeats and how (`None` when it is the
/// first of its kind, or cannot be read here: its reader then says why).
fn first_of(
    path: &Path,
    size: u64,
    paths: &mut HashMap<PathBuf, PathBuf>,
    digests: &mut HashMap<(u64, [u8; 32]), PathBuf>,
) -> Option<(PathBuf, &'static str)> {
    let real = std::fs::canonicalize(path).ok()?;
    if let Some(first) = paths.get(&real) {
        return Some((first.clone(), "the same file, named twice"));
    }
    paths.insert(real, path.to_path_buf());
    let key = (size, digest(path)?);
    if let Some(first) = digests.get(&key) {
        return Some((first.clone(), "the same bytes"));
    }
    digests.insert(key, path.to_path_buf());
    None
}

/// The SHA-256 of a file's bytes.
fn digest(path: &Path) -> Option<[u8; 32]> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(buffer.get(..n)?),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(hasher.finalize().into())
}

fn copy_problem(path: &Path, first: &Path, why: &str) -> InputProblem {
    let (shown, first) = (super::inputs::display(path), super::inputs::display(first));
    InputProblem {
        path: shown,
        problem: COPY,
        reason: format!(
            "{why} as {first}, which is read: a copy is left out so that its records \
             are not counted twice"
        ),
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path, names: &[&str]) -> Vec<File> {
        names.iter().map(|n| (dir.join(n), None)).collect()
    }

    #[test]
    fn a_copy_under_another_name_is_left_out_and_reported() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in [
            ("log.json", "[1]"),
            ("log (1).json", "[1]"),
            ("other.json", "[2]"),
            ("empty-a.json", ""),
            ("empty-b.json", ""),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let names = [
            "log.json",
            "log (1).json",
            "other.json",
            "empty-a.json",
            "empty-b.json",
            "log.json",
        ];
        let mut summary = Summary::default();
        let kept = drop_copies(files(dir.path(), &names), &mut summary);
        let kept: Vec<_> = kept.iter().filter_map(|(p, _)| p.file_name()).collect();
        assert_eq!(
            kept,
            ["log.json", "other.json", "empty-a.json", "empty-b.json"]
        );
        let said: Vec<(&str, &str)> = summary
            .problems
            .iter()
            .map(|p| (p.problem, p.reason.split(" as ").next().unwrap_or("")))
            .collect();
        assert_eq!(
            said,
            [
                (COPY, "the same bytes"),
                (COPY, "the same file, named twice")
            ]
        );
        assert!(summary.problems[0].path.ends_with("log (1).json"));
        assert!(!summary.problems[0].is_unusable());
    }
}
