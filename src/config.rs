//! The runner's settings, from `$XDG_CONFIG_HOME/unknot/config.toml` (normally
//! `~/.config/unknot/config.toml`): sound, voice, lead-in, first side, colours. A missing file
//! means the defaults; a file with a mistake is an error as precise as one in a routine.
//! Flags on the command line win over the file.

pub mod parse;
pub mod template;

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::routine::{Diagnostics, Side};
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

/// The effective settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Sound volume, 0–100.
    pub volume: u8,
    /// No sound at all (as `play --mute`).
    pub mute: bool,
    /// Speak step names and changes (as `play --voice`).
    pub voice: bool,
    /// Audio buffer size in frames; `None` lets the sound device choose.
    pub buffer_frames: Option<u32>,
    /// Replaces every routine's own lead-in; `None` keeps the routine's.
    pub lead_in: Option<Duration>,
    /// Which side two-sided steps start on; `None` keeps the routine's.
    pub first_side: Option<Side>,
    /// Colours on screen (`NO_COLOR` turns them off whatever this says).
    pub colors: bool,
    /// Ring the terminal bell for cues when there is no sound device.
    pub bell_fallback: bool,
    /// Play every routine with `--focus`: more time for tender spots.
    pub focus: bool,
    /// Ask "How do your legs feel?" on the intro and the summary.
    pub check_in: bool,
    /// Sessions a week to aim for; `history` shows the run of weeks that reached it.
    pub weekly_target: Option<u32>,
    /// Be a media player on the session bus while a session plays (media keys, headphones).
    pub media_controls: bool,
    /// Programs run as a session goes (`[hooks]`).
    pub hooks: crate::hooks::Hooks,
    /// The voice that speaks (an espeak-ng voice such as `de+f3`, or the engine's own);
    /// `None` lets the routine's language choose.
    pub voice_name: Option<String>,
    /// How fast the voice speaks, in words per minute.
    pub voice_rate: u32,
    /// A speech engine that reads text on stdin and writes a WAV on stdout: the program and
    /// its arguments. `None` means espeak-ng.
    pub voice_command: Option<Vec<String>>,
    /// Say "three, two, one" instead of the countdown's ticks.
    pub spoken_countdown: bool,
    /// Which announcements the voice makes.
    pub voice_announce: Vec<crate::speech::Announce>,
    /// The settings that the file set; every other one is a default.
    pub from_file: BTreeSet<Key>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            volume: 80,
            mute: false,
            voice: false,
            buffer_frames: None,
            lead_in: None,
            first_side: None,
            colors: true,
            bell_fallback: true,
            focus: false,
            check_in: true,
            weekly_target: None,
            media_controls: true,
            hooks: crate::hooks::Hooks::default(),
            voice_name: None,
            voice_rate: DEFAULT_VOICE_RATE,
            voice_command: None,
            spoken_countdown: false,
            voice_announce: crate::speech::Announce::ALL.to_vec(),
            from_file: BTreeSet::new(),
        }
    }
}

/// The name of each setting in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Volume,
    Mute,
    Voice,
    BufferFrames,
    LeadIn,
    FirstSide,
    Colors,
    BellFallback,
    Focus,
    CheckIn,
    WeeklyTarget,
    MediaControls,
    VoiceName,
    VoiceRate,
    VoiceCommand,
    SpokenCountdown,
    VoiceAnnounce,
}

impl Key {
    pub const ALL: [Key; 17] = [
        Key::Volume,
        Key::Mute,
        Key::Voice,
        Key::BufferFrames,
        Key::LeadIn,
        Key::FirstSide,
        Key::Colors,
        Key::BellFallback,
        Key::Focus,
        Key::CheckIn,
        Key::WeeklyTarget,
        Key::MediaControls,
        Key::VoiceName,
        Key::VoiceRate,
        Key::VoiceCommand,
        Key::SpokenCountdown,
        Key::VoiceAnnounce,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Volume => "volume",
            Key::Mute => "mute",
            Key::Voice => "voice",
            Key::BufferFrames => "buffer_frames",
            Key::LeadIn => "lead_in",
            Key::FirstSide => "first_side",
            Key::Colors => "colors",
            Key::BellFallback => "bell_fallback",
            Key::Focus => "focus",
            Key::CheckIn => "check_in",
            Key::WeeklyTarget => "weekly_target",
            Key::MediaControls => "media_controls",
            Key::VoiceName => "voice_name",
            Key::VoiceRate => "voice_rate",
            Key::VoiceCommand => "voice_command",
            Key::SpokenCountdown => "spoken_countdown",
            Key::VoiceAnnounce => "voice_announce",
        }
    }

    pub fn from_name(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }
}

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

    /// A setting's effective value, as `unknot config` shows it.
    pub fn display_value(&self, key: Key) -> String {
        match key {
            Key::Volume => self.volume.to_string(),
            Key::Mute => self.mute.to_string(),
            Key::Voice => self.voice.to_string(),
            Key::BufferFrames => self
                .buffer_frames
                .map_or("chosen by the sound device".to_string(), |f| f.to_string()),
            Key::LeadIn => self.lead_in.map_or("the routine's own".to_string(), |d| {
                format!("\"{}\"", crate::routine::duration::format_duration(d))
            }),
            Key::FirstSide => self
                .first_side
                .map_or("the routine's own".to_string(), |s| {
                    format!("\"{}\"", s.as_str())
                }),
            Key::Colors => self.colors.to_string(),
            Key::BellFallback => self.bell_fallback.to_string(),
            Key::Focus => self.focus.to_string(),
            Key::CheckIn => self.check_in.to_string(),
            Key::WeeklyTarget => self
                .weekly_target
                .map_or("none".to_string(), |n| n.to_string()),
            Key::MediaControls => self.media_controls.to_string(),
            Key::VoiceName => self
                .voice_name
                .as_ref()
                .map_or("the routine's language".to_string(), |v| {
                    crate::routine::quoted(v)
                }),
            Key::VoiceRate => self.voice_rate.to_string(),
            Key::VoiceCommand => self
                .voice_command
                .as_ref()
                .map_or("espeak-ng".to_string(), |c| {
                    let words: Vec<String> = c.iter().map(|w| crate::routine::quoted(w)).collect();
                    format!("[{}]", words.join(", "))
                }),
            Key::SpokenCountdown => self.spoken_countdown.to_string(),
            Key::VoiceAnnounce => {
                let words: Vec<String> = self
                    .voice_announce
                    .iter()
                    .map(|a| format!("\"{}\"", a.name()))
                    .collect();
                format!("[{}]", words.join(", "))
            }
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
    storage::write_new_atomic(path, template::TEMPLATE.as_bytes())
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
        for key in Key::ALL {
            let line = format!("# {} = ", key.name());
            assert!(template::TEMPLATE.contains(&line), "{line} missing");
        }
        // Uncommenting every example gives a valid file.
        let uncommented: String = template::TEMPLATE
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
