//! The history file, `history.jsonl`: one record per line, appended after every session.
//!
//! Reading is forgiving on purpose: a line torn by a crash, edited by hand or written by a newer
//! unknot is skipped with a warning, and every other session is still there.

use std::io;
use std::path::Path;

use super::SessionRecord;

/// What the history file holds, with a warning for every line that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// In file order (oldest first, as they were appended).
    pub records: Vec<SessionRecord>,
    pub warnings: Vec<String>,
}

/// Reads the records in `bytes`, the contents of a history file. Pure.
pub fn parse(bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let ends_with_newline = bytes.last().is_none_or(|b| *b == b'\n');
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let last = lines.len().saturating_sub(1);
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let problem = match std::str::from_utf8(line) {
            Err(_) => "it is not valid UTF-8".to_string(),
            Ok(text) => match SessionRecord::from_json_line(text.trim()) {
                Ok(record) => {
                    loaded.records.push(record);
                    continue;
                }
                Err(error) if index == last && !ends_with_newline => {
                    format!("it was cut short, probably by a crash while it was written ({error})")
                }
                Err(error) => error,
            },
        };
        loaded
            .warnings
            .push(format!("line {number} skipped: {problem}"));
    }
    loaded
}

/// Reads a history file; a missing file is an empty history. It is read through the bounded
/// reader: a regular file of at most 64 MiB, never a FIFO or a device.
pub fn read(path: &Path) -> io::Result<Loaded> {
    match crate::files::read(path, crate::files::Kind::History) {
        Ok(bytes) => {
            let mut loaded = parse(&bytes);
            for warning in &mut loaded.warnings {
                *warning = format!("{}: {warning}", crate::routine::shown_path(path));
            }
            Ok(loaded)
        }
        Err(crate::files::ReadError::NotFound) => Ok(Loaded::default()),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::fs;

    const GOOD: &str = r#"{"version":1,"start":"2026-11-24T20:00:00+01:00","end":"2026-11-24T20:15:00+01:00","routine":{"name":"Hamstrings","file":"hamstrings","sha256":"00"},"planned_seconds":912.0,"actual_seconds":900.0,"parts":{"done":20,"skipped":0,"total":20},"ended":"finished","ratings":[]}"#;

    #[test]
    fn reads_every_good_line() {
        let text = format!("{GOOD}\n{GOOD}\n");
        let loaded = parse(text.as_bytes());
        assert_eq!(loaded.records.len(), 2);
        assert!(loaded.warnings.is_empty());
    }

    #[test]
    fn a_torn_last_line_is_skipped_with_a_warning() {
        let text = format!("{GOOD}\n{}", &GOOD[..40]);
        let loaded = parse(text.as_bytes());
        assert_eq!(loaded.records.len(), 1);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].starts_with("line 2 skipped: it was cut short"));
    }

    #[test]
    fn corrupt_lines_in_the_middle_are_skipped_and_the_rest_kept() {
        let text = format!("{GOOD}\nnot json\n\u{0}\u{0}\n\n{GOOD}\n");
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\n");
        bytes.extend_from_slice(GOOD.as_bytes());
        let loaded = parse(&bytes);
        assert_eq!(loaded.records.len(), 3);
        let lines: Vec<_> = loaded
            .warnings
            .iter()
            .map(|w| w.split(' ').nth(1).unwrap())
            .collect();
        assert_eq!(lines, ["2", "3", "6"]);
        assert!(loaded.warnings[2].contains("UTF-8"));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_load_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let loaded = parse(&bytes);
            let lines = bytes.split(|b| *b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
            proptest::prop_assert_eq!(loaded.records.len() + loaded.warnings.len(), lines);
        }

        #[test]
        fn a_good_log_cut_anywhere_keeps_every_whole_line(cut in 0usize..2000) {
            let text = format!("{GOOD}\n{GOOD}\n{GOOD}\n");
            let cut = cut.min(text.len());
            let loaded = parse(&text.as_bytes()[..cut]);
            let whole_lines = text[..cut].matches('\n').count();
            proptest::prop_assert!(loaded.records.len() >= whole_lines);
            proptest::prop_assert!(loaded.warnings.len() <= 1);
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = read(&dir.path().join("history.jsonl")).unwrap();
        assert_eq!(loaded, Loaded::default());
    }

    #[test]
    fn warnings_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        fs::write(&path, format!("oops\n{GOOD}\n")).unwrap();
        let loaded = read(&path).unwrap();
        assert_eq!(loaded.records.len(), 1);
        assert!(loaded.warnings[0].starts_with(&path.display().to_string()));
    }
}
