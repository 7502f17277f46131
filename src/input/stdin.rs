//! Standard input as an input, named `-` on the command line:
//! `zcat sync-log.jsonl.gz | synclint check -`.
//!
//! The bytes are copied to their end into a private temporary folder first and then read
//! like any named file: told apart by their content (an archive is unpacked), and a large
//! log is streamed from the copy, which is what lets it be read twice (the window's end,
//! then the rules). The copy is bounded like an archive's members (8 × `--max-file-size`).
//! A terminal is refused rather than waited on, since nothing would ever end it.

use super::archive::{budget, Refused};
use super::Limits;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// How a report names the standard input (grep says it the same way).
pub const SHOWN: &str = "(standard input)";

/// Whether `path` is `-`, the name for standard input.
#[must_use]
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The standard input, copied.
#[derive(Debug)]
pub struct Copied {
    /// The private folder (removed when this is dropped).
    pub dir: tempfile::TempDir,
    /// The copy, in that folder.
    pub path: PathBuf,
}

/// Copy this process's standard input to its end.
///
/// # Errors
/// Standard input is a terminal, cannot be read, holds more than the bound, or there is
/// no temporary folder to copy it into.
pub fn copy(limits: &Limits) -> Result<Copied, Refused> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(refused(
            "not-a-file",
            "standard input is a terminal; pipe an export in (`cat sync-log.csv | synclint \
             check -`) or name its file"
                .to_owned(),
        ));
    }
    copy_from(stdin.lock(), budget(limits))
}

/// Copy `from` to its end into a new private folder, refusing more than `bound` bytes.
///
/// # Errors
/// As [`copy`].
pub fn copy_from(from: impl Read, bound: u64) -> Result<Copied, Refused> {
    let dir = tempfile::Builder::new()
        .prefix("synclint-stdin-")
        .tempdir()
        .map_err(|e| refused("unreadable", format!("no folder to copy it into: {e}")))?;
    let path = dir.path().join("0");
    let written = write_bounded(from, &path, bound)
        .map_err(|e| refused("unreadable", format!("reading it failed: {e}")))?;
    if written > bound {
        let reason = format!(
            "more than {bound} bytes (8 × --max-file-size); save it to a file and name the \
             file, or raise --max-file-size"
        );
        return Err(refused("too-large", reason));
    }
    Ok(Copied { dir, path })
}

/// Write at most `bound` + 1 bytes of `from` to a new file at `path`; how many were written.
fn write_bounded(from: impl Read, path: &Path, bound: u64) -> io::Result<u64> {
    let mut file = io::BufWriter::new(std::fs::File::create(path)?);
    let written = io::copy(&mut from.take(bound.saturating_add(1)), &mut file)?;
    file.flush()?;
    Ok(written)
}

fn refused(problem: &'static str, reason: String) -> Refused {
    Refused {
        shown: SHOWN.to_owned(),
        problem,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_lone_dash_names_standard_input() {
        assert!(is_stdin(Path::new("-")));
        assert!(!is_stdin(Path::new("./-")));
        assert!(!is_stdin(Path::new("--")));
        assert!(!is_stdin(Path::new("/dev/stdin")));
    }

    #[test]
    fn the_bytes_are_copied_whole_into_a_private_folder() {
        let copied = copy_from(&b"time,status\n"[..], 100).unwrap();
        assert_eq!(std::fs::read(&copied.path).unwrap(), b"time,status\n");
        let folder = copied.dir.path().to_path_buf();
        drop(copied);
        assert!(!folder.exists(), "the folder goes with the copy");
    }

    #[test]
    fn up_to_the_bound_is_copied_and_one_byte_more_is_refused() {
        assert!(copy_from(&[b'x'; 10][..], 10).is_ok());
        let err = copy_from(&[b'x'; 11][..], 10).unwrap_err();
        assert_eq!(err.problem, "too-large");
        assert_eq!(err.shown, SHOWN);
        assert!(err.reason.contains("more than 10 bytes"), "{}", err.reason);
    }

    #[test]
    fn a_read_that_fails_is_reported_as_unreadable() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("the writer went away"))
            }
        }
        let err = copy_from(Broken, 10).unwrap_err();
        assert_eq!(err.problem, "unreadable");
        assert!(
            err.reason.contains("the writer went away"),
            "{}",
            err.reason
        );
    }
}
