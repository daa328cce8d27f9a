//! Every file unknot reads goes through here: routines and their blocks, sound files, the
//! settings, the history, a time-zone file named by `TZ`.
//!
//! Files come from strangers (a routine shared by a trainer, a block it includes) and paths can
//! name anything: a FIFO that never delivers a byte, `/dev/zero` that never ends, a terminal, a
//! file of gigabytes. So a file is opened without blocking (`O_NONBLOCK`, and `O_NOCTTY` so a
//! terminal never becomes ours), the opened handle is checked to be a regular file of at most
//! its kind's limit, and at most limit + 1 bytes are read, in case it grows while it is read.
//! Every refusal says precisely why.

mod time_zone;

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::routine::{ParseOptions, SourceFiles};

pub use time_zone::guard_time_zone;
// Why a file was not read is said by the core, which reports it in a routine's diagnostics.
pub use unknot_core::read_error::{ReadError, size_text};

/// What a file is for; each kind has its own size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A routine or a block it includes: the format's limit, 1 MiB
    /// ([`crate::routine::rules::MAX_FILE_BYTES`]).
    Routine,
    /// A `[sounds]` file: 16 MiB. Only the first 20 seconds are kept; 20 s of uncompressed
    /// 48 kHz stereo 32-bit WAV is 7.7 MB, so no playable cue needs more.
    Sound,
    /// The settings file: 64 KiB. Every setting with its comment is under 3 KB.
    Settings,
    /// The history: 64 MiB. A session's record is about 300 bytes: two hundred thousand
    /// sessions, centuries of daily rolling.
    History,
    /// A compiled time-zone file (TZif) named by `TZ`: 256 KiB. The largest in the system's
    /// time-zone database are under 4 KB.
    TimeZone,
    /// A small token the system keeps: a sound server's cookie (256 bytes), the D-Bus machine
    /// id (33 bytes): 4 KiB.
    Token,
}

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub const fn limit(self) -> u64 {
        match self {
            Kind::Routine => crate::routine::rules::MAX_FILE_BYTES,
            Kind::Sound => 16 << 20,
            Kind::Settings => 64 << 10,
            Kind::History => 64 << 20,
            Kind::TimeZone => 256 << 10,
            Kind::Token => 4 << 10,
        }
    }
}

/// The error of a failed system call, said precisely.
pub fn read_error(error: &io::Error) -> ReadError {
    match error.raw_os_error() {
        Some(libc::ELOOP) => return ReadError::SymlinkLoop,
        Some(libc::ENOENT | libc::ENOTDIR) => return ReadError::NotFound,
        Some(libc::EACCES | libc::EPERM) => return ReadError::PermissionDenied,
        Some(libc::ENXIO | libc::ENODEV) => {
            return ReadError::NotRegular("a device or FIFO");
        }
        _ => {}
    }
    match error.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound,
        io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
        _ => ReadError::Other(error.to_string()),
    }
}

/// What a file that is not a regular file is, for "not a regular file (a FIFO)".
fn not_regular(meta: &Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a directory")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

/// Checks what `meta` describes: a regular file within `kind`'s limit.
fn check(meta: &Metadata, kind: Kind) -> Result<u64, ReadError> {
    if let Some(what) = not_regular(meta) {
        return Err(ReadError::NotRegular(what));
    }
    let size = meta.len();
    if size > kind.limit() {
        return Err(ReadError::TooLarge {
            size,
            limit: kind.limit(),
        });
    }
    Ok(size)
}

/// Opens `path` for reading if it is a regular file within `kind`'s limit. Nothing about the
/// open can block, and a device is never opened at all (opening some has side effects).
pub fn open(path: &Path, kind: Kind) -> Result<(File, u64), ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    // Looked at before opening, so that a device or FIFO is not even opened; checked again on
    // the handle, which is what is read, in case the name now points elsewhere.
    let before = std::fs::metadata(path).map_err(|e| read_error(&e))?;
    check(&before, kind)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| read_error(&e))?;
    let meta = file.metadata().map_err(|e| read_error(&e))?;
    let size = check(&meta, kind)?;
    Ok((file, size))
}

/// The bytes of the file at `path`, a regular file within `kind`'s limit.
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, ReadError> {
    let (file, size) = open(path, kind)?;
    let limit = kind.limit();
    let capacity = usize::try_from(size.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_error(&e))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::Grew { limit });
    }
    Ok(bytes)
}

/// The absolute path of `path` with every symbolic link resolved.
pub fn canonicalize(path: &Path) -> Result<PathBuf, ReadError> {
    std::fs::canonicalize(path).map_err(|e| read_error(&e))
}

/// A routine's files on the disk, for the parser: routines and blocks through [`read`],
/// sound files checked by decoding them.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskFiles;

/// Options that read a routine and the files it reaches from the disk, through [`DiskFiles`].
pub const ON_DISK: ParseOptions = ParseOptions { files: &DiskFiles };

impl SourceFiles for DiskFiles {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        read(path, Kind::Routine)
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, ReadError> {
        canonicalize(path)
    }

    fn check_sound(&self, path: &Path) -> Result<(), String> {
        crate::audio::check_sound_file(path)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "format = 1\n").unwrap();
        assert_eq!(read(&path, Kind::Routine).unwrap(), b"format = 1\n");
    }

    #[test]
    fn what_is_not_a_regular_file_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid, NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        assert_eq!(
            read(&fifo, Kind::Routine),
            Err(ReadError::NotRegular("a FIFO"))
        );
        assert_eq!(
            read(Path::new("/dev/zero"), Kind::Routine),
            Err(ReadError::NotRegular("a character device"))
        );
        assert_eq!(
            read(dir.path(), Kind::Routine),
            Err(ReadError::NotRegular("a directory"))
        );
        assert_eq!(
            read(&fifo, Kind::Routine).unwrap_err().to_string(),
            "not a regular file (a FIFO)"
        );
    }

    #[test]
    fn a_file_over_its_limit_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let file = File::create(&path).unwrap();
        file.set_len(2_200_000_000).unwrap();
        let error = read(&path, Kind::Routine).unwrap_err();
        assert_eq!(
            error.to_string(),
            "too large: 2.0 GiB, the limit is 1 MiB",
            "{error:?}"
        );
        file.set_len(Kind::Settings.limit()).unwrap();
        assert_eq!(read(&path, Kind::Settings).unwrap().len(), 64 << 10);
        file.set_len(Kind::Settings.limit() + 1).unwrap();
        assert!(matches!(
            read(&path, Kind::Settings),
            Err(ReadError::TooLarge { .. })
        ));
    }

    #[test]
    fn missing_loops_and_permissions_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read(&dir.path().join("nope"), Kind::Routine),
            Err(ReadError::NotFound)
        );
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert_eq!(read(&a, Kind::Routine), Err(ReadError::SymlinkLoop));
        assert_eq!(canonicalize(&a), Err(ReadError::SymlinkLoop));
        assert_eq!(ReadError::SymlinkLoop.to_string(), "symbolic link loop");
        assert_eq!(
            read_error(&io::Error::from_raw_os_error(libc::EACCES)).to_string(),
            "permission denied"
        );
    }

    #[test]
    fn limits_are_ordered_by_what_the_files_need() {
        assert_eq!(Kind::Routine.limit(), 1 << 20);
        assert!(Kind::Settings.limit() < Kind::Routine.limit());
        assert!(Kind::Routine.limit() < Kind::Sound.limit());
        assert!(Kind::Sound.limit() < Kind::History.limit());
    }
}
