//! `play --events PATH`: the headless event lines, appended to a file or a FIFO while the
//! player runs, never holding the player up.
//!
//! The path is opened without blocking. A FIFO with no reader yet cannot be opened for
//! writing: opening is tried again with each later line, and lines written while nobody reads
//! are dropped (a reader sees the session from when it arrived). Writes never block: when the
//! pipe is full a line waits in a small buffer, and lines that do not fit are dropped and
//! counted. A reader that goes away (EPIPE) only means lines are dropped until another one
//! opens the FIFO. Whole lines only: a line is dropped whole or written whole.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::JsonLines;
use crate::plan::Plan;
use crate::play_loop::{CueSink, Lost, Timed};

/// At most this much waits for a slow reader; lines beyond it are dropped.
const BACKLOG: usize = 64 * 1024;

/// A file or FIFO that takes event lines without ever blocking.
pub struct EventsFile {
    path: PathBuf,
    file: Option<File>,
    /// Lines (or the rest of one) not written yet.
    pending: Vec<u8>,
    /// The lines being formed since the last flush.
    forming: Vec<u8>,
    dropped: u64,
}

impl EventsFile {
    /// Opens `path` for appending (created if missing), or a FIFO without waiting for a
    /// reader. Fails for what can never take lines (a directory, a path that cannot be made).
    pub fn open(path: &Path) -> io::Result<EventsFile> {
        let mut events = EventsFile {
            path: path.to_path_buf(),
            file: None,
            pending: Vec::new(),
            forming: Vec::new(),
            dropped: 0,
        };
        match events.try_open() {
            Ok(()) => Ok(events),
            // A FIFO with no reader yet: try again with the next lines.
            Err(error) if error.raw_os_error() == Some(libc::ENXIO) => Ok(events),
            Err(error) => Err(error),
        }
    }

    /// How many lines were dropped: nobody reading, or a reader too slow.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    fn try_open(&mut self) -> io::Result<()> {
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
            .open(&self.path)?;
        if file.metadata()?.is_dir() {
            return Err(io::Error::from(io::ErrorKind::IsADirectory));
        }
        self.file = Some(file);
        Ok(())
    }

    /// Writes what waits, as far as the file takes it now.
    fn drain(&mut self) {
        if self.file.is_none() && self.try_open().is_err() {
            return;
        }
        let Some(file) = self.file.as_mut() else {
            return;
        };
        while !self.pending.is_empty() {
            match file.write(&self.pending) {
                Ok(0) => break,
                Ok(written) => {
                    self.pending.drain(..written);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(_) => {
                    // The reader went away: what waits for it is lost, and the FIFO is opened
                    // again when another one comes.
                    self.dropped += count_lines(&self.pending);
                    self.pending.clear();
                    self.file = None;
                    break;
                }
            }
        }
    }
}

fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

impl Write for EventsFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.forming.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Never fails: lines that cannot be written now wait or are dropped.
    fn flush(&mut self) -> io::Result<()> {
        self.drain();
        let forming = std::mem::take(&mut self.forming);
        for line in forming.split_inclusive(|b| *b == b'\n') {
            if self.file.is_none() || self.pending.len() + line.len() > BACKLOG {
                self.dropped += 1;
            } else {
                self.pending.extend_from_slice(line);
            }
        }
        self.drain();
        Ok(())
    }
}

/// The events file as an output of the loop.
pub struct EventsSink {
    lines: JsonLines<EventsFile>,
}

impl EventsSink {
    pub fn new(file: EventsFile) -> EventsSink {
        EventsSink {
            lines: JsonLines::new(file),
        }
    }

    pub fn dropped(&self) -> u64 {
        self.lines.writer().dropped()
    }
}

impl CueSink for EventsSink {
    fn begin(&mut self, plan: &Plan, start: Duration) {
        self.lines.begin(plan, start);
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        // The file never fails the session: the writer drops instead.
        let _ = self.lines.due(plan, cues);
        Ok(())
    }

    fn notice(&self) -> Option<String> {
        match self.dropped() {
            0 => None,
            n => Some(format!(
                "--events: {n} lines dropped (no reader, or a slow one)"
            )),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_without_reader_opens_and_drops_until_one_comes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string and mode.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let mut file = EventsFile::open(&path).unwrap();
        writeln!(file, "one").unwrap();
        file.flush().unwrap();
        assert_eq!(file.dropped(), 1);
        let mut reader = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
            .unwrap();
        writeln!(file, "two").unwrap();
        file.flush().unwrap();
        let mut got = String::new();
        io::Read::read_to_string(&mut reader, &mut got).ok();
        assert_eq!(got, "two\n");
        drop(reader);
        writeln!(file, "three").unwrap();
        file.flush().unwrap();
        assert_eq!(file.dropped(), 2);
    }

    #[test]
    fn a_full_pipe_drops_whole_lines_and_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string and mode.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let _reader = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
            .unwrap();
        let mut file = EventsFile::open(&path).unwrap();
        for i in 0..20_000 {
            writeln!(file, "{{\"line\":{i}}}").unwrap();
            file.flush().unwrap();
        }
        assert!(file.dropped() > 0);
        assert!(file.pending.len() <= BACKLOG);
    }
}
