//! The runner's settings, from `$XDG_CONFIG_HOME/unknot/config.toml` (normally
//! `~/.config/unknot/config.toml`): sound, voice, lead-in, first side, colours. A missing file
//! means the defaults; a file with a mistake is an error as precise as one in a routine.
//! Flags on the command line win over the file.

mod declare;
mod hooks;
pub mod parse;
pub mod settings;
pub mod template;
pub mod values;

pub use settings::{Config, Group, Key};

use std::io;
use std::path::{Path, PathBuf};

use crate::routine::Diagnostics;
use crate::storage;

/// The smallest and largest audio buffer a runner may ask for, in frames.
pub const MIN_BUFFER_FRAMES: i64 = 32;
pub const MAX_BUFFER_FRAMES: i64 = 16384;
/// The most sessions a week a runner may aim for (two a day).
pub const MAX_WEEKLY_TARGET: i64 = 14;
/// How fast the voice may speak, in words per minute, and how fast it does by default.
pub const MIN_VOICE_RATE: i64 = 80;
pub const MAX_VOICE_RATE: i64 = 450;
pub const DEFAULT_VOICE_RATE: u32 = 165;

/// Where a setting's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Default,
    File,
}

impl Config {
    pub fn origin(&self, key: Key) -> Origin {
        if self.from_file.contains(&key) {
            Origin::File
        } else {
            Origin::Default
        }
    }
}

/// Why the settings could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Neither `XDG_CONFIG_HOME` nor a home directory is known.
    #[error("no place for the settings: set XDG_CONFIG_HOME or HOME")]
    NoConfigDir,
    #[error("{}: {source}", crate::routine::shown_path(.path))]
    Io { path: PathBuf, source: io::Error },
    /// The file has mistakes; each is located and explained.
    #[error("{}", .0.render(false).trim_end())]
    Invalid(Diagnostics),
}

/// The settings file's path.
pub fn path() -> Result<PathBuf, ConfigError> {
    storage::config_file().ok_or(ConfigError::NoConfigDir)
}

/// The effective settings: the file's, or the defaults where it says nothing or is missing.
pub fn load() -> Result<Config, ConfigError> {
    load_from(&path()?)
}

/// The settings in the file at `path`; a missing file means the defaults. It is read through
/// the bounded reader: a regular file of at most 64 KiB, never a FIFO or a device.
pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
    match crate::files::read(path, crate::files::Kind::Settings) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                ConfigError::Invalid(Diagnostics(vec![crate::routine::Diagnostic::whole_file(
                    path,
                    "the settings file is not valid UTF-8 text",
                )]))
            })?;
            parse::parse(path, &text).map_err(ConfigError::Invalid)
        }
        Err(crate::files::ReadError::NotFound) => Ok(Config::default()),
        Err(error) => Err(ConfigError::Io {
            path: path.to_path_buf(),
            source: error.into(),
        }),
    }
}

/// Writes the commented starter file at `path`, atomically; never replaces an existing file
/// (the error is then [`io::ErrorKind::AlreadyExists`]).
pub fn init_at(path: &Path) -> io::Result<()> {
    storage::write_new_atomic(path, template::text().as_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_means_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let config = load_from(&dir.path().join("config.toml")).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(config.origin(Key::Volume), Origin::Default);
    }

    #[test]
    fn the_starter_file_reads_back_as_the_defaults_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unknot").join("config.toml");
        init_at(&path).unwrap();
        assert_eq!(load_from(&path).unwrap(), Config::default());
        std::fs::write(&path, "volume = 10\n").unwrap();
        let error = init_at(&path).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        let config = load_from(&path).unwrap();
        assert_eq!(config.volume, 10);
        assert_eq!(config.origin(Key::Volume), Origin::File);
        assert_eq!(config.origin(Key::Mute), Origin::Default);
    }

    #[test]
    fn every_key_in_the_starter_file_is_a_real_setting() {
        let template = template::text();
        for key in Key::ALL {
            let line = format!("# {} = ", key.name());
            assert!(template.contains(&line), "{line} missing");
        }
        // Uncommenting every example gives a valid file.
        let uncommented: String = template
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.contains(" = "))
            .map(|l| format!("{l}\n"))
            .collect();
        let config = parse::parse(Path::new("c.toml"), &uncommented).unwrap();
        assert_eq!(config.from_file.len(), Key::ALL.len());
    }

    #[test]
    fn a_file_that_is_not_text_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, b"volume = \xff\n").unwrap();
        assert!(matches!(load_from(&path), Err(ConfigError::Invalid(_))));
    }
}
