//! Writing a file so that readers see the old file or the whole new one, never a part:
//! the content goes to a temporary file in the same folder, is flushed to disk and
//! renamed over the target.
//!
//! Only a plain file (or nothing) is replaced that way. A device, a pipe or a socket
//! (`/dev/null`, a FIFO another program reads) is written through, as a shell's `>` would:
//! renaming over it would put a plain file where the device was (as root, `--output
//! /dev/null` would replace the system's `/dev/null`). A symbolic link stays a link: the
//! file it leads to is replaced, unless the link leads into `/proc` (`/dev/stdout`,
//! `/dev/fd/1`: the file standard output was opened on, which the shell may still be
//! writing to), which is written through.

use std::fs::OpenOptions;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
enum Way {
    /// Nothing there, or a plain file: write a temporary file beside this path and rename
    /// it over (for a link, the path of the file it leads to).
    Replace(PathBuf),
    /// A device, pipe or socket, a link into `/proc` or a link to nothing: open it and
    /// write into it.
    Through,
}

fn way(path: &Path) -> Way {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Way::Replace(path.to_path_buf());
    };
    if meta.file_type().is_file() {
        return Way::Replace(path.to_path_buf());
    }
    if !meta.file_type().is_symlink() || into_proc(path) {
        return Way::Through;
    }
    match std::fs::canonicalize(path) {
        Ok(target) if std::fs::metadata(&target).is_ok_and(|m| m.is_file()) => Way::Replace(target),
        _ => Way::Through,
    }
}

/// Whether the link at `path` leads into `/proc`, where a process's open files are
/// (`/dev/stdout -> /proc/self/fd/1`, or `/dev/fd/1` in a folder that resolves there).
fn into_proc(path: &Path) -> bool {
    let proc = Path::new("/proc");
    let text = std::fs::read_link(path).is_ok_and(|t| t.starts_with(proc));
    let folder = path.parent().filter(|f| !f.as_os_str().is_empty());
    let folder = folder.and_then(|f| std::fs::canonicalize(f).ok());
    text || folder.is_some_and(|f| f.starts_with(proc))
}

/// Write `path` from what `fill` writes (buffered, so large reports stream to disk).
///
/// # Errors
/// Any error from creating, writing or renaming; the temporary file is then removed.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let path = match way(path) {
        Way::Through => return write_through(path, fill),
        Way::Replace(path) => path,
    };
    let path = path.as_path();
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map_or_else(|| "output".to_owned(), |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut file = BufWriter::with_capacity(1 << 16, std::fs::File::create(&temp)?);
        fill(&mut file)?;
        let file = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if let Some(dir) = dir {
        // Make the rename itself durable; not every platform can open a folder.
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Write into what is at `path` (a device, pipe, socket or link) without replacing it. A
/// plain file reached through `/proc` is emptied first, as a shell's `>` does; a device or
/// pipe is not truncated (it cannot be).
fn write_through(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let plain = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(plain)
        .open(path)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    fill(&mut out)?;
    out.flush()
}

/// [`write_with`] of bytes already in memory.
///
/// # Errors
/// As [`write_with`].
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("report.json");
        write(&path, b"first").unwrap();
        write_with(&path, |out| out.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let failed = write_with(&path, |out| {
            out.write_all(b"half")?;
            Err(std::io::Error::other("renderer failed"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(
            entries(path.parent().unwrap()),
            1,
            "the temporary file is removed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_into_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("reader");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo");
        let reading = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe").unwrap();
        // Asked before joining: had the pipe been replaced, the reader would wait forever.
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(
            !kind.is_file(),
            "the pipe is still a pipe, not a plain file"
        );
        assert_eq!(reading.join().unwrap(), b"through the pipe");
        assert_eq!(
            entries(dir.path()),
            1,
            "no temporary file is left beside it"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_file_gets_the_content() {
        let (dir, real, link) = link_to("latest.json");
        std::fs::write(&real, b"an older and longer report").unwrap();
        let before = inode(&real);
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_ne!(
            inode(&real),
            before,
            "the file was replaced whole, not written over"
        );
        assert_eq!(entries(dir.path()), 2, "no temporary file is left");
    }

    /// A new folder with `report.json`, a link to `name` beside it (not made): (folder,
    /// the file, the link).
    #[cfg(unix)]
    fn link_to(name: &str) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join(name);
        let link = dir.path().join("report.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        (dir, real, link)
    }

    /// How many entries `dir` holds.
    fn entries(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn standard_output_by_name_is_written_through() {
        for name in ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert_eq!(way(Path::new(name)), Way::Through, "{name}");
        }
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.json");
        assert_eq!(
            way(&plain),
            Way::Replace(plain.clone()),
            "nothing there yet"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_creates_the_file_it_names() {
        let (_dir, real, link) = link_to("made.json");
        write(&link, b"made").unwrap();
        assert_eq!(std::fs::read(&real).unwrap(), b"made");
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        std::fs::create_dir(&folder).unwrap();
        assert!(write(&folder, b"x").is_err());
        assert!(folder.is_dir());
    }
}
