//! Where unknot keeps its files, and how it writes them so that a crash or a power cut never
//! leaves a half-written settings file or a history that cannot be read.
//!
//! Two ways of writing, for two kinds of file:
//! - the settings file is replaced whole, atomically ([`write_atomic`], [`write_new_atomic`]):
//!   the new text goes to a temporary file in the same directory (made by `tempfile`, which
//!   removes it again on any failure), is flushed to the disk, then renamed over the old one (a
//!   rename within one directory is atomic), and the directory itself is flushed so the rename
//!   survives a power cut. A reader sees the old file or the new one, never a mix.
//! - the history is a log that only grows, so it is appended to ([`append_line`]): one `write` of
//!   the whole line on a file opened with `O_APPEND`, then `fsync`. Rewriting the whole history
//!   after every session would cost more the longer someone uses unknot, and an append can at worst
//!   leave a torn last line after a crash in the middle of the write; readers skip such a line with
//!   a warning, and the next append first ends the torn line with a newline so that only the torn
//!   fragment is lost, never a good record.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// The name of unknot's directory inside the configuration and data directories.
const APP_DIR: &str = "unknot";

/// unknot's configuration directory: `$XDG_CONFIG_HOME/unknot`, else `~/.config/unknot`.
///
/// The XDG variable is read here explicitly (on every platform) so that tests and users can
/// point unknot at any directory. `None` only when no home directory can be found.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = absolute_env_dir("XDG_CONFIG_HOME") {
        return Some(dir.join(APP_DIR));
    }
    let base = directories::BaseDirs::new()?;
    Some(base.home_dir().join(".config").join(APP_DIR))
}

/// unknot's data directory: `$XDG_DATA_HOME/unknot`, else the platform's data directory
/// (`~/.local/share/unknot` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = absolute_env_dir("XDG_DATA_HOME") {
        return Some(dir.join(APP_DIR));
    }
    let base = directories::BaseDirs::new()?;
    Some(base.data_dir().join(APP_DIR))
}

/// unknot's cache directory (rendered speech): `$XDG_CACHE_HOME/unknot`, else the
/// platform's cache directory (`~/.cache/unknot` on Linux).
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = absolute_env_dir("XDG_CACHE_HOME") {
        return Some(dir.join(APP_DIR));
    }
    let base = directories::BaseDirs::new()?;
    Some(base.cache_dir().join(APP_DIR))
}

/// The settings file: `config.toml` in [`config_dir`].
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("config.toml"))
}

/// The session log: `history.jsonl` in [`data_dir`].
pub fn history_file() -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("history.jsonl"))
}

/// An XDG base directory variable, if set to an absolute path (the XDG specification says a
/// relative one must be ignored).
fn absolute_env_dir(name: &str) -> Option<PathBuf> {
    let value = std::env::var_os(name).filter(|v| !v.is_empty())?;
    let path = PathBuf::from(value);
    path.is_absolute().then_some(path)
}

/// Replaces `path` with `contents` atomically and durably, creating its directory if needed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = write_temp_sibling(path, contents)?;
    // On failure the temporary file comes back in the error and is removed as it drops.
    temp.persist(path).map_err(|error| error.error)?;
    sync_parent(path)
}

/// Writes `contents` to `path` atomically and durably, but only if `path` does not exist yet:
/// fails with [`io::ErrorKind::AlreadyExists`] otherwise, even if another process creates the
/// file at the same moment.
pub fn write_new_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = write_temp_sibling(path, contents)?;
    // A rename that refuses to replace (or, where the file system lacks it, a hard link) makes
    // "create if absent" atomic; the complete file appears under its name at once.
    match temp.persist_noclobber(path) {
        Ok(_) => {}
        Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => return Err(error.error),
        Err(error) => {
            // Some file systems have neither: check, then rename. The window between the two
            // is only a problem if two processes create the file at the same instant.
            if path.exists() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} already exists", path.display()),
                ));
            }
            error.file.persist(path).map_err(|error| error.error)?;
        }
    }
    sync_parent(path)
}

/// Appends `line` and a newline to `path` (created with its directory if needed), durably.
///
/// `line` must not contain a newline itself. If the file does not end with a newline (a torn
/// line left by a crash), one is written first so the new line stands on its own.
pub fn append_line(path: &Path, line: &str) -> io::Result<()> {
    if line.contains('\n') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a log line cannot contain a newline",
        ));
    }
    create_parent(path)?;
    let existed = path.exists();
    let mut file = open_append(path)?;
    let mut buffer = Vec::with_capacity(line.len() + 2);
    if !ends_with_newline(&mut file)? {
        buffer.push(b'\n');
    }
    buffer.extend_from_slice(line.as_bytes());
    buffer.push(b'\n');
    // One write call for the whole line: with O_APPEND the kernel places it at the end in one
    // piece, so two sessions ending at once cannot interleave their lines.
    let written = file.write(&buffer)?;
    if written < buffer.len() {
        // A short write to a regular file means the disk is full or a limit was hit; finish
        // the line so the file stays line-structured, and report it if that fails too.
        file.write_all(&buffer[written..])?;
    }
    file.sync_data()?;
    if !existed {
        sync_parent(path)?;
    }
    Ok(())
}

/// Opens the log for appending, creating it. Without blocking: a FIFO put where the history
/// belongs would otherwise hang the end of a session; and only a regular file is written to.
fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|error| io::Error::from(crate::files::read_error(&error)))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "a FIFO, a device or a socket"
        };
        return Err(io::Error::from(crate::files::ReadError::NotRegular(what)));
    }
    Ok(file)
}

/// True if the file is empty or its last byte is a newline.
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(length - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Writes `contents` to a new temporary file next to `path` and flushes it to the disk. The
/// file is removed when the returned handle drops without being persisted, and on any error here.
fn write_temp_sibling(path: &Path, contents: &[u8]) -> io::Result<NamedTempFile> {
    create_parent(path)?;
    remove_stale_temps(path);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file path", path.display()),
        )
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // `.config.toml.<pid>.<random>.tmp`: the process id lets a later write tell a temporary
    // file left by a killed process from one being written right now.
    let prefix = format!(".{}.{}.", name.to_string_lossy(), std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // The mode a file written with `fs::write` gets (0666 less the umask), not tempfile's
        // owner-only default: the settings file keeps the permissions it always had.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// A temporary file older than this whose writer is gone was left by a kill or a crash.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Removes the temporary files that earlier writes of `path` left behind when they were killed
/// between writing and renaming (`.config.toml.<pid>.<random>.tmp`): those whose process is gone,
/// or that are more than an hour old. A write in progress in another process is left alone.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(listing) = fs::read_dir(dir) else {
        return;
    };
    for item in listing.flatten() {
        let file_name = item.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(middle) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = middle
            .split_once('.')
            .filter(|(_, random)| {
                !random.is_empty() && random.bytes().all(|b| b.is_ascii_alphanumeric())
            })
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let old = item
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if pid != std::process::id() && (old || !process_exists(pid)) {
            let _ = fs::remove_file(item.path());
        }
    }
}

/// Whether a process with this id is running.
#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

fn create_parent(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => fs::create_dir_all(parent),
        _ => Ok(()),
    }
}

/// Flushes the directory holding `path`, so that a new name or a rename in it is on the disk.
fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    sync_dir(parent)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Directories cannot be opened as files here; the rename is as durable as the system makes it.
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn write_atomic_creates_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("config.toml");
        write_atomic(&path, b"volume = 10\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "volume = 10\n");
        write_atomic(&path, b"volume = 20\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "volume = 20\n");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("config.toml")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_gets_the_mode_of_an_ordinary_write() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.toml");
        fs::write(&plain, "volume = 10\n").unwrap();
        let path = dir.path().join("config.toml");
        write_atomic(&path, b"volume = 10\n").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
        let fresh = dir.path().join("new.toml");
        write_new_atomic(&fresh, b"volume = 10\n").unwrap();
        assert_eq!(mode(&fresh), mode(&plain));
    }

    #[test]
    fn temporary_files_left_by_a_killed_write_are_removed_on_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        // No process has the largest pid there can be; a write in progress here has ours.
        let stale = dir.path().join(".config.toml.4194304.0.tmp");
        let stale_random = dir.path().join(".config.toml.4194304.aZ3k9Q.tmp");
        let ours = dir
            .path()
            .join(format!(".config.toml.{}.99.tmp", std::process::id()));
        let other = dir.path().join(".other.toml.4194304.0.tmp");
        for file in [&stale, &stale_random, &ours, &other] {
            fs::write(file, "volume = ").unwrap();
        }
        write_atomic(&path, b"volume = 10\n").unwrap();
        assert!(!stale.exists() && !stale_random.exists());
        assert!(ours.exists() && other.exists());
    }

    #[test]
    fn a_fifo_in_place_of_the_log_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let error = append_line(&path, "{}").unwrap_err();
        assert!(
            error.to_string().starts_with("not a regular file"),
            "{error}"
        );
    }

    #[test]
    fn write_new_atomic_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        write_new_atomic(&path, b"first\n").unwrap();
        let error = write_new_atomic(&path, b"second\n").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "first\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn append_line_adds_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("history.jsonl");
        append_line(&path, "{\"a\":1}").unwrap();
        append_line(&path, "{\"a\":2}").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "{\"a\":1}\n{\"a\":2}\n");
    }

    #[test]
    fn append_line_isolates_a_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        fs::write(&path, "{\"a\":1}\n{\"a\":").unwrap();
        append_line(&path, "{\"a\":3}").unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "{\"a\":1}\n{\"a\":\n{\"a\":3}\n"
        );
    }

    #[test]
    fn append_line_refuses_a_line_with_a_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let error = append_line(&path, "one\ntwo").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(!path.exists());
    }
}
