//! Where a check keeps the groups the rule engine has no room for (see
//! [`crate::engine::overflow`]): each run in a temporary file of its own, which the
//! system removes as soon as the file is closed (it has no name), so nothing is left
//! behind, not even after a crash. The folder is the system's temporary folder
//! (`TMPDIR` on Unix).

use crate::engine::overflow::{Overflow, Trouble};
use crate::report::InputProblem;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, Write};
use std::sync::{Mutex, PoisonError};

/// Runs kept in unnamed temporary files.
#[derive(Debug, Default)]
pub struct TempRuns {
    files: Mutex<Vec<File>>,
}

impl Overflow for TempRuns {
    fn keep(&self, run: &[u8]) -> io::Result<usize> {
        let mut file = tempfile::tempfile()?;
        file.write_all(run)?;
        file.flush()?;
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files.push(file);
        Ok(files.len() - 1)
    }

    fn read(&self, id: usize) -> io::Result<Box<dyn BufRead + Send>> {
        let files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let file = files
            .get(id)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no run {id}")))?;
        let mut file = file.try_clone()?;
        file.rewind()?;
        Ok(Box::new(BufReader::with_capacity(64 * 1024, file)))
    }
}

/// What went wrong keeping groups in temporary files, as problems of the run: groups
/// lost make the run's results incomplete (`unreadable`, exit 4); groups only kept in
/// memory after all are said (`not-written`) and change no result.
#[must_use]
pub fn problems(troubles: Vec<Trouble>) -> Vec<InputProblem> {
    let folder = std::env::temp_dir().display().to_string();
    troubles
        .into_iter()
        .map(|t| InputProblem {
            path: format!("{folder} (temporary files)"),
            problem: if t.lost { "unreadable" } else { "not-written" },
            reason: format!("rule {}: {}", t.rule, t.what),
            location: None,
        })
        .collect()
}
