//! Archives as inputs: zip, tar, gzipped tar (and a single gzipped file), told apart by
//! their first bytes, never by their names.
//!
//! Members are unpacked into a private temporary folder, each under a number of its own
//! (never under the name it has in the archive, so no member can write outside that
//! folder), and are then read by the same code that reads the files of a folder: a large
//! log inside is streamed like any large log, a snapshot is held to `--max-file-size`.
//! Each member keeps the name it has in the archive for the user to see:
//! `export.zip!/logs/sync-log.csv`. Unpacking to disk rather than reading members in
//! place is what lets the streamed logs be read twice (the window's end, then the rules)
//! without decompressing them again in memory.
//!
//! Bounds: all members of one archive (nested ones included) unpack to at most
//! [`budget`] bytes, counted as they are written, so a zip bomb stops at the member that
//! passes it; at most [`MAX_MEMBERS`] members; archives nested one level deep are opened,
//! deeper ones are not. Members named with an absolute path or with `..`, links, special
//! files and hidden members are refused; every member not read is reported by name.

use super::Limits;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most members read from one archive (nested archives' members included).
pub const MAX_MEMBERS: usize = 10_000;

/// How many times `--max-file-size` one archive may unpack to in all.
pub const BUDGET_FACTOR: u64 = 8;

/// The most bytes the members of one archive may unpack to: [`BUDGET_FACTOR`] times
/// [`Limits::max_file_bytes`] (2 GiB by default).
#[must_use]
pub fn budget(limits: &Limits) -> u64 {
    limits.max_file_bytes.saturating_mul(BUDGET_FACTOR)
}

/// The kinds of archive read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Zip,
    Tar,
    /// A gzip stream: a tar inside, or a single file.
    Gzip,
}

/// The archive format of the file at `path`, from its first bytes.
#[must_use]
pub fn format_of(path: &Path) -> Option<Format> {
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .ok()?;
    sniff(&head)
}

fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Some(Format::Gzip)
    } else if head.get(257..262) == Some(b"ustar") {
        Some(Format::Tar)
    } else {
        None
    }
}

/// A member unpacked for reading.
#[derive(Debug)]
pub struct Member {
    /// Where it was unpacked.
    pub path: PathBuf,
    /// Its name as the user should see it: `export.zip!/dir/file.csv`.
    pub shown: String,
}

/// An archive or member not read, with the problem name of the summary and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub shown: String,
    pub problem: &'static str,
    pub reason: String,
}

/// An archive unpacked: the folder (removed when this is dropped), the members to read
/// in the order of their names, and what was refused.
#[derive(Debug)]
pub struct Unpacked {
    pub dir: tempfile::TempDir,
    pub members: Vec<Member>,
    pub refused: Vec<Refused>,
}

/// Unpack the archive at `path` (shown as `shown`) within `limits`.
///
/// # Errors
/// The archive as a whole cannot be read (not a readable zip, gzip or tar), or there is
/// no temporary folder to unpack into.
pub fn unpack(
    path: &Path,
    shown: &str,
    format: Format,
    limits: &Limits,
) -> Result<Unpacked, Refused> {
    let dir = tempfile::Builder::new()
        .prefix("synclint-archive-")
        .tempdir()
        .map_err(|e| {
            refused(
                shown,
                "unreadable",
                format!("no folder to unpack into: {e}"),
            )
        })?;
    let mut unpacker = Unpacker {
        dir: dir.path().to_path_buf(),
        next: 0,
        left: budget(limits),
        budget: budget(limits),
        stopped: false,
        members: Vec::new(),
        refused: Vec::new(),
    };
    unpacker.archive(path, shown, format, 0)?;
    let Unpacker {
        mut members,
        refused,
        ..
    } = unpacker;
    members.sort_by(|a, b| a.shown.split('/').cmp(b.shown.split('/')));
    Ok(Unpacked {
        dir,
        members,
        refused,
    })
}

fn refused(shown: &str, problem: &'static str, reason: String) -> Refused {
    Refused {
        shown: shown.to_owned(),
        problem,
        reason,
    }
}

struct Unpacker {
    dir: PathBuf,
    next: usize,
    left: u64,
    budget: u64,
    /// The budget or the member count ran out: nothing more is unpacked.
    stopped: bool,
    members: Vec<Member>,
    refused: Vec<Refused>,
}

impl Unpacker {
    fn archive(
        &mut self,
        path: &Path,
        shown: &str,
        format: Format,
        depth: u8,
    ) -> Result<(), Refused> {
        let open = || File::open(path).map_err(|e| refused(shown, "unreadable", e.to_string()));
        match format {
            Format::Zip => self.zip(open()?, shown, depth),
            Format::Tar => self.tar(open()?, shown, depth),
            Format::Gzip => {
                let mut head = Vec::with_capacity(512);
                let sniffed = flate2::read::GzDecoder::new(open()?)
                    .take(512)
                    .read_to_end(&mut head);
                sniffed.map_err(|e| damaged(shown, "gzip", &e))?;
                let decoder = flate2::read::GzDecoder::new(open()?);
                if sniff(&head) == Some(Format::Tar) {
                    self.tar(decoder, shown, depth)
                } else {
                    let name = gzip_name(&decoder, shown);
                    self.member(decoder, shown, &name, depth);
                    Ok(())
                }
            }
        }
    }

    fn zip(&mut self, file: File, shown: &str, depth: u8) -> Result<(), Refused> {
        let mut zip = zip::ZipArchive::new(file).map_err(|e| damaged(shown, "zip", &e))?;
        for index in 0..zip.len() {
            if self.stopped {
                break;
            }
            match zip.by_index(index) {
                Err(e) => self.refused.push(refused(
                    &format!("{shown}!/#{}", index + 1),
                    "unreadable",
                    format!("member {} cannot be read: {e}", index + 1),
                )),
                Ok(entry) if entry.is_dir() => {}
                Ok(entry) if entry.is_symlink() => {
                    let at = format!("{shown}!/{}", entry.name());
                    self.refused
                        .push(refused(&at, "not-followed", LINK.to_owned()));
                }
                Ok(entry) => {
                    let name = entry.name().to_owned();
                    self.member(entry, shown, &name, depth);
                }
            }
        }
        Ok(())
    }

    fn tar<R: Read>(&mut self, reader: R, shown: &str, depth: u8) -> Result<(), Refused> {
        let mut tar = tar::Archive::new(reader);
        let entries = tar.entries().map_err(|e| damaged(shown, "tar", &e))?;
        let mut last = None;
        for entry in entries {
            if self.stopped {
                break;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let after = last.map_or_else(String::new, |n| format!(" after `{n}`"));
                    let reason = format!(
                        "the archive is damaged{after}: {e}; the members before it are read"
                    );
                    self.refused.push(refused(shown, "malformed", reason));
                    break;
                }
            };
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let kind = entry.header().entry_type();
            let at = format!("{shown}!/{name}");
            if kind.is_dir() || kind.is_pax_global_extensions() {
            } else if kind.is_symlink() || kind.is_hard_link() {
                self.refused
                    .push(refused(&at, "not-followed", LINK.to_owned()));
            } else if kind.is_file() || kind.is_contiguous() {
                self.member(entry, shown, &name, depth);
            } else {
                let reason = "not a regular file (a device, a FIFO or another special entry); \
                              only regular files are read"
                    .to_owned();
                self.refused.push(refused(&at, "not-followed", reason));
            }
            last = Some(name);
        }
        Ok(())
    }

    /// Unpack one member named `name` of the archive shown as `archive`.
    fn member<R: Read>(&mut self, reader: R, archive: &str, name: &str, depth: u8) {
        let raw = format!("{archive}!/{name}");
        if self.members.len() + self.refused.len() >= MAX_MEMBERS {
            self.stopped = true;
            let reason = format!(
                "more than {MAX_MEMBERS} members; unpacking stopped here and the rest are not read"
            );
            self.refused.push(refused(&raw, "too-large", reason));
            return;
        }
        let clean = match clean_name(name) {
            Ok(clean) => clean,
            Err(reason) => return self.refused.push(refused(&raw, "not-followed", reason)),
        };
        let shown = format!("{archive}!/{clean}");
        if clean.split('/').any(|part| part.starts_with('.')) {
            let reason = "a hidden member (a name starting with `.`), passed over as in a folder";
            return self
                .refused
                .push(refused(&shown, "not-followed", reason.to_owned()));
        }
        let Some(dest) = self.write(reader, &shown) else {
            return;
        };
        match format_of(&dest) {
            None => self.members.push(Member { path: dest, shown }),
            Some(format) if depth == 0 => {
                if let Err(problem) = self.archive(&dest, &shown, format, 1) {
                    self.refused.push(problem);
                }
                let _ = std::fs::remove_file(&dest);
            }
            Some(_) => {
                let _ = std::fs::remove_file(&dest);
                let reason = "an archive inside an archive inside an archive; only archives \
                              nested one level deep are opened"
                    .to_owned();
                self.refused.push(refused(&shown, "not-followed", reason));
            }
        }
    }

    /// Write a member into the folder within what is left of the budget; `None` when it
    /// could not be written or passed the budget (reported).
    fn write<R: Read>(&mut self, reader: R, shown: &str) -> Option<PathBuf> {
        self.next += 1;
        let dest = self.dir.join(format!("{:06}", self.next));
        let copied = File::create(&dest)
            .and_then(|mut out| io::copy(&mut reader.take(self.left.saturating_add(1)), &mut out));
        let written = match copied {
            Ok(written) => written,
            Err(e) => {
                let _ = std::fs::remove_file(&dest);
                let reason = format!("cannot be unpacked: {e}");
                self.refused.push(refused(shown, "unreadable", reason));
                return None;
            }
        };
        if written > self.left {
            let _ = std::fs::remove_file(&dest);
            self.stopped = true;
            let reason = format!(
                "unpacking stopped at this member: the archive's members come to more than {} \
                 bytes uncompressed, the limit for one archive ({BUDGET_FACTOR} times \
                 --max-file-size); the members after it are not read",
                self.budget
            );
            self.refused.push(refused(shown, "too-large", reason));
            return None;
        }
        self.left -= written;
        Some(dest)
    }
}

const LINK: &str = "a link; links inside an archive are not followed";

fn damaged(shown: &str, what: &str, err: &dyn std::fmt::Display) -> Refused {
    refused(
        shown,
        "malformed",
        format!("not a readable {what} archive: {err}"),
    )
}

/// The name a gzipped single file is shown under: the one its header records, else the
/// archive's own name without `.gz`.
fn gzip_name<R>(decoder: &flate2::read::GzDecoder<R>, shown: &str) -> String {
    let recorded = decoder
        .header()
        .and_then(|h| h.filename())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    recorded.unwrap_or_else(|| {
        let base = shown.rsplit(['/', '\\', '!']).next().unwrap_or(shown);
        base.strip_suffix(".gz").unwrap_or(base).to_owned()
    })
}

/// A member's name as a relative path with `/` between its parts, or why it is refused.
fn clean_name(name: &str) -> Result<String, String> {
    let name = name.replace('\\', "/");
    let drive = name.as_bytes().get(1) == Some(&b':')
        && name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if name.starts_with('/') || drive {
        return Err("an absolute path; a member must lie inside its archive".to_owned());
    }
    let parts: Vec<&str> = name
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err("a path that climbs out of the archive (`..`); not unpacked".to_owned());
    }
    if parts.is_empty() {
        return Err("a member without a name".to_owned());
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_or_refused() {
        assert_eq!(clean_name("./a//b.csv"), Ok("a/b.csv".to_owned()));
        assert_eq!(clean_name("dir\\x.json"), Ok("dir/x.json".to_owned()));
        assert!(clean_name("../etc/passwd").is_err());
        assert!(clean_name("a/../../b").is_err());
        assert!(clean_name("/etc/passwd").is_err());
        assert!(clean_name("C:\\Windows\\x").is_err());
        assert!(clean_name("./").is_err());
    }

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Format::Zip));
        assert_eq!(sniff(&[0x1f, 0x8b, 8, 0]), Some(Format::Gzip));
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(sniff(&tar), Some(Format::Tar));
        assert_eq!(sniff(b"user_id,username\n"), None);
        assert_eq!(sniff(b"PK"), None);
    }
}
