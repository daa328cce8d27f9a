//! `TZ` may name a time-zone file, which the time library would read whole, whatever it is
//! (`TZ=/dev/zero` never ends, a FIFO never answers). A file it names is read here first,
//! through the bounded reader, and checked to be a time-zone file; when it is not, `TZ` is set
//! aside and the system's time zone is used.
//!
//! Names (`Europe/Paris`) and rules (`CET-1CEST`) are looked up in the system's time-zone
//! database or parsed, never read from a path they spell, so they are left alone.

use std::path::Path;

use super::{Kind, ReadError, read};

/// Makes `TZ` safe for the rest of the run; the warning to show when it was set aside.
///
/// Must be called before any other thread starts (it may change the environment): first
/// thing in the command dispatch.
pub fn guard_time_zone() -> Option<String> {
    let value = std::env::var_os("TZ")?;
    let problem = match value.to_str() {
        None => Some("it is not valid UTF-8".to_string()),
        Some(text) => file_problem(text),
    }?;
    // SAFETY: called before any other thread exists (see above), so nothing reads the
    // environment at the same time.
    unsafe { std::env::remove_var("TZ") };
    Some(format!(
        "TZ is set to {}, which cannot be used as a time zone ({problem}); using the system's time zone",
        crate::routine::quoted(&value.to_string_lossy())
    ))
}

/// Why the time-zone file that `tz` names cannot be used; `None` when it names no file or a
/// good one.
pub fn file_problem(tz: &str) -> Option<String> {
    let path = tz.strip_prefix(':').unwrap_or(tz);
    if !path.starts_with('/') {
        return None;
    }
    match read(Path::new(path), Kind::TimeZone) {
        Err(error) => Some(error.to_string()),
        Ok(bytes) => match jiff::tz::TimeZone::tzif(path, &bytes) {
            Ok(_) => None,
            Err(_) => Some(ReadError::Other("not a time-zone file".into()).to_string()),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_and_rules_are_not_files() {
        assert_eq!(file_problem("Europe/Paris"), None);
        assert_eq!(file_problem("CET-1CEST"), None);
        assert_eq!(file_problem("UTC"), None);
    }

    #[test]
    fn a_device_or_missing_file_is_refused() {
        assert_eq!(
            file_problem("/dev/zero").as_deref(),
            Some("not a regular file (a character device)")
        );
        assert_eq!(
            file_problem(":/no/such/zone").as_deref(),
            Some("no such file")
        );
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("zone");
        std::fs::write(&junk, "not TZif").unwrap();
        assert_eq!(
            file_problem(junk.to_str().unwrap()).as_deref(),
            Some("not a time-zone file")
        );
    }

    #[test]
    fn a_real_zone_file_is_kept() {
        let utc = Path::new("/usr/share/zoneinfo/UTC");
        if !utc.is_file() {
            eprintln!("skipped: no {} here", utc.display());
            return;
        }
        assert_eq!(file_problem("/usr/share/zoneinfo/UTC"), None);
    }
}
