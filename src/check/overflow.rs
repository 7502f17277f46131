//! Where a check keeps the groups the rule engine has no room for (see
//! [`crate::engine::overflow`]): every run in one unnamed temporary file in the system's
//! temporary folder (`TMPDIR` on Unix), made when the first run is written (a check
//! whose groups stay under the bound never touches the disk) and removed by the system
//! as soon as it is closed, even after a crash. Runs are appended one after another and
//! read back by their place in the file.

use crate::engine::overflow::{Overflow, OverflowError};
use crate::report::InputProblem;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Runs kept in one unnamed temporary file.
#[derive(Debug, Default)]
pub struct TempRuns {
    /// The folder the file is made in; the system's temporary folder if none.
    folder: Option<PathBuf>,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    file: Option<File>,
    /// Each run's first byte and length.
    runs: Vec<(u64, u64)>,
    /// Where the next run starts: the end of the last run written whole.
    end: u64,
}

impl TempRuns {
    /// Runs kept in a file made in `folder`.
    #[cfg(test)]
    #[must_use]
    pub fn in_folder(folder: PathBuf) -> Self {
        Self {
            folder: Some(folder),
            inner: Mutex::default(),
        }
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The file the runs are in, once one was written (for tests that damage it).
    #[cfg(test)]
    pub(crate) fn file(&self) -> Option<File> {
        self.inner().file.as_ref().and_then(|f| f.try_clone().ok())
    }

    /// How many runs were written.
    #[cfg(test)]
    pub(crate) fn runs(&self) -> usize {
        self.inner().runs.len()
    }
}

impl Overflow for TempRuns {
    fn keep(&self, run: &[u8]) -> io::Result<usize> {
        let mut inner = self.inner();
        let end = inner.end;
        let file = match &mut inner.file {
            Some(file) => file,
            empty => empty.insert(match &self.folder {
                Some(folder) => tempfile::tempfile_in(folder)?,
                None => tempfile::tempfile()?,
            }),
        };
        // A run that failed halfway is written over by the next one.
        file.seek(SeekFrom::Start(end))?;
        file.write_all(run)?;
        let len = run.len() as u64;
        inner.runs.push((end, len));
        inner.end = end + len;
        Ok(inner.runs.len() - 1)
    }

    fn read(&self, run: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let mut inner = self.inner();
        let Some(&(start, len)) = inner.runs.get(run) else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no run {run}"),
            ));
        };
        let Some(file) = &mut inner.file else {
            return Ok(0);
        };
        let left = usize::try_from(len.saturating_sub(offset)).unwrap_or(usize::MAX);
        let Some(buf) = buf.get_mut(..left.min(buf.len())).filter(|b| !b.is_empty()) else {
            return Ok(0);
        };
        file.seek(SeekFrom::Start(start + offset))?;
        file.read(buf)
    }
}

/// What went wrong keeping groups in the temporary file, as problems of the run: groups
/// lost make the results incomplete (`unreadable`, exit 4); groups kept in memory after
/// all are said (`not-written`) and change no result.
#[must_use]
pub fn problems(troubles: Vec<OverflowError>) -> Vec<InputProblem> {
    troubles
        .into_iter()
        .map(|trouble| {
            let (problem, reason) = if trouble.lost() {
                ("unreadable", trouble.to_string())
            } else {
                let folder = std::env::temp_dir();
                let reason = format!("{trouble} (temporary folder: {})", folder.display());
                ("not-written", reason)
            };
            crate::check::problems::problem("(groups of the logs)", problem, reason, None)
        })
        .collect()
}

#[cfg(test)]
#[path = "overflow_tests.rs"]
mod tests;
