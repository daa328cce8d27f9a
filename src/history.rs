//! The session log: every session, finished or quit early, is remembered in
//! `$XDG_DATA_HOME/unknot/history.jsonl` (one JSON object per line), so that `unknot history`
//! can show streaks, weekly minutes and how tender spots change over the weeks.
//!
//! The records and the totals over them are pure ([`record`], [`stats`], [`spots`], [`chart`]);
//! only [`record()`], [`load`] and [`log::read`] touch the disk.

pub mod chart;
pub mod check_in;
pub mod export;
pub mod focus;
pub mod log;
pub mod record;
pub mod report;
pub mod spots;
pub mod stats;
pub mod trainer;

use std::io;
use std::path::PathBuf;

pub use check_in::CheckIn;
pub use log::Loaded;
pub use record::{Ending, RecordedRating, RoutineRef, SessionRecord, SkippedRecord};

use crate::storage;

/// Why the history could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Neither `XDG_DATA_HOME` nor a home directory is known.
    #[error("no place for the history: set XDG_DATA_HOME or HOME")]
    NoDataDir,
    #[error("{}: {source}", crate::routine::shown_path(.path))]
    Io { path: PathBuf, source: io::Error },
    #[error("could not encode the session: {0}")]
    Encode(#[source] serde_json::Error),
}

/// Where the history is kept: `$XDG_DATA_HOME/unknot/history.jsonl`, else the platform's data
/// directory.
pub fn path() -> Result<PathBuf, HistoryError> {
    storage::history_file().ok_or(HistoryError::NoDataDir)
}

/// Appends a session to the history (durably; see [`storage::append_line`]) and returns the
/// file's path.
pub fn record(record: &SessionRecord) -> Result<PathBuf, HistoryError> {
    let path = path()?;
    append_to(&path, record)?;
    Ok(path)
}

/// Appends a session to the history file at `path`.
pub fn append_to(path: &std::path::Path, record: &SessionRecord) -> Result<(), HistoryError> {
    let line = record.to_json_line().map_err(HistoryError::Encode)?;
    storage::append_line(path, &line).map_err(|source| HistoryError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Replaces the line of `previous` (the last line written for it) by `updated`, when the
/// check-in after a session is answered on its summary. The file is rewritten in one piece
/// (see [`storage::write_atomic`]); if the line is gone, `updated` is appended instead.
pub fn amend(previous: &SessionRecord, updated: &SessionRecord) -> Result<PathBuf, HistoryError> {
    let path = path()?;
    let io_error = |source| HistoryError::Io {
        path: path.clone(),
        source,
    };
    let old = previous.to_json_line().map_err(HistoryError::Encode)?;
    let new = updated.to_json_line().map_err(HistoryError::Encode)?;
    let bytes = match crate::files::read(&path, crate::files::Kind::History) {
        Ok(bytes) => bytes,
        Err(crate::files::ReadError::NotFound) => Vec::new(),
        Err(error) => return Err(io_error(error.into())),
    };
    match replace_last_line(&bytes, &old, &new) {
        Some(contents) => storage::write_atomic(&path, &contents).map_err(io_error)?,
        None => append_to(&path, updated)?,
    }
    Ok(path)
}

/// `bytes` with the last line equal to `old` replaced by `new`; `None` if there is none. Pure.
pub fn replace_last_line(bytes: &[u8], old: &str, new: &str) -> Option<Vec<u8>> {
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let at = lines.iter().rposition(|line| *line == old.as_bytes())?;
    let mut out = Vec::with_capacity(bytes.len() + new.len());
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(if index == at { new.as_bytes() } else { line });
    }
    Some(out)
}

/// Every session in the history, with a warning for each line that could not be read.
pub fn load() -> Result<Loaded, HistoryError> {
    let path = path()?;
    log::read(&path).map_err(|source| HistoryError::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_matching_line_is_replaced_and_the_rest_kept_byte_for_byte() {
        let bytes = b"a\nold\nb\nold\ntorn";
        let out = replace_last_line(bytes, "old", "new").unwrap_or_default();
        assert_eq!(out, b"a\nold\nb\nnew\ntorn");
        assert_eq!(replace_last_line(b"a\nb\n", "old", "new"), None);
    }
}
