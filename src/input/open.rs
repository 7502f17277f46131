//! Opening input files safely: only regular files are opened (a FIFO would wait for a
//! writer forever, a device would read without end), and a file is measured before it
//! is read, so the size limit is kept without reading past it.

use super::{InputError, Limits};
use std::io::Read;
use std::path::Path;

/// The size of the regular file at `path` (links followed), or why it is not one.
///
/// # Errors
/// [`InputError::Unreadable`] when it cannot be looked at, [`InputError::NotAFile`]
/// for a FIFO, a device, a socket or a folder.
pub fn regular_file(path: &Path, display: &str) -> Result<u64, InputError> {
    let meta = std::fs::metadata(path).map_err(|source| InputError::Unreadable {
        path: display.to_owned(),
        source,
    })?;
    if meta.is_file() {
        return Ok(meta.len());
    }
    Err(InputError::NotAFile {
        path: display.to_owned(),
        what: what_it_is(&meta.file_type()).to_owned(),
    })
}

/// A short description of a file type that is not a regular file.
pub(crate) fn what_it_is(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "neither a file nor a folder"
    }
}

/// The bytes of a regular file no larger than [`Limits::max_file_bytes`].
///
/// # Errors
/// As [`regular_file`], and [`InputError::TooLarge`] for a file past the limit, told
/// from its size before it is read, or from one byte past the limit when the file grew.
pub(crate) fn read_within(
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<Vec<u8>, InputError> {
    let (file, size) = open_within(path, display, limits)?;
    let room = usize::try_from(size.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(room);
    let mut file = file;
    file.read_to_end(&mut bytes)
        .map_err(|source| unreadable(display, source))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(display, limits));
    }
    Ok(bytes)
}

/// The file at `path` opened to be read up to one byte past `limits.max_file_bytes`
/// (a reader that gets that byte knows the file grew past the limit), and its size.
///
/// # Errors
/// As [`regular_file`], [`InputError::TooLarge`] for a file past the limit by its size,
/// and [`InputError::Unreadable`] when it cannot be opened.
pub(crate) fn open_within(
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<(std::io::Take<std::fs::File>, u64), InputError> {
    let size = regular_file(path, display)?;
    if size > limits.max_file_bytes {
        return Err(too_large(display, limits));
    }
    let file = std::fs::File::open(path).map_err(|source| unreadable(display, source))?;
    Ok((file.take(limits.max_file_bytes.saturating_add(1)), size))
}

/// The error for a file past the size limit.
pub(crate) fn too_large(display: &str, limits: &Limits) -> InputError {
    InputError::TooLarge {
        path: display.to_owned(),
        limit: limits.max_file_bytes,
    }
}

fn unreadable(display: &str, source: std::io::Error) -> InputError {
    InputError::Unreadable {
        path: display.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_measured_and_a_folder_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let file = dir.path().join("a.json");
        std::fs::write(&file, "[]").unwrap_or_else(|e| unreachable!("{e}"));
        assert!(matches!(regular_file(&file, "a.json"), Ok(2)));
        let err = regular_file(dir.path(), "dir");
        assert!(matches!(err, Err(InputError::NotAFile { what, .. }) if what == "a folder"));
    }

    #[test]
    fn a_file_past_the_limit_is_refused_from_its_size() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let file = dir.path().join("big.json");
        std::fs::write(&file, "[1,2,3]").unwrap_or_else(|e| unreachable!("{e}"));
        let limits = Limits {
            max_file_bytes: 6,
            ..Limits::default()
        };
        let err = read_within(&file, "big.json", &limits);
        assert!(matches!(err, Err(InputError::TooLarge { limit: 6, .. })));
        let limits = Limits {
            max_file_bytes: 7,
            ..Limits::default()
        };
        assert_eq!(
            read_within(&file, "big.json", &limits).ok(),
            Some(b"[1,2,3]".to_vec())
        );
    }
}
