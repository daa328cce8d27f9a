//! The kinds of value a setting takes: how each is read from the file (with the message that
//! says what was expected), how `unknot config` and the starter file print it, and what
//! correction is offered for a value close to a valid one.

use std::marker::PhantomData;
use std::time::Duration;

use toml::de::DeValue;

use crate::audio::device::SoundOutput;
use crate::routine::duration::{MAX_DURATION, format_duration, parse_duration};
use crate::routine::{self, Side};
use crate::speech::Announce;

/// One kind of setting value.
pub trait Kind {
    type Value;

    /// The value in the file, or what was expected instead: a message about the setting
    /// `name`, quoting what was `found`.
    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Self::Value, String>;

    /// The value as `unknot config` and the starter file show it.
    fn show(&self, value: &Self::Value) -> String;

    /// A corrected spelling for a wrong value that is close to a valid one.
    fn correction(&self, _value: &DeValue<'_>) -> Option<String> {
        None
    }
}

/// `true` or `false`.
pub struct Flag;

impl Kind for Flag {
    type Value = bool;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<bool, String> {
        match value {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(format!("`{name}` must be true or false, found {found}")),
        }
    }

    fn show(&self, value: &bool) -> String {
        value.to_string()
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        let DeValue::String(s) = value else {
            return None;
        };
        match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "on" => Some("write it without quotes: true".to_string()),
            "false" | "no" | "off" => Some("write it without quotes: false".to_string()),
            _ => None,
        }
    }
}

/// A whole number from `min` to `max`, of something (`of`, such as " of frames").
pub struct Whole<T> {
    min: i64,
    max: i64,
    of: &'static str,
    into: PhantomData<T>,
}

impl<T> Whole<T> {
    pub const fn new(min: i64, max: i64, of: &'static str) -> Whole<T> {
        Whole {
            min,
            max,
            of,
            into: PhantomData,
        }
    }
}

impl<T: TryFrom<i64> + ToString> Kind for Whole<T> {
    type Value = T;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<T, String> {
        integer(value)
            .filter(|v| (self.min..=self.max).contains(v))
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| {
                format!(
                    "`{name}` must be a whole number{} from {} to {}, found {found}",
                    self.of, self.min, self.max
                )
            })
    }

    fn show(&self, value: &T) -> String {
        value.to_string()
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        match value {
            DeValue::String(s) if s.trim().parse::<i64>().is_ok() => {
                Some(format!("write the number without quotes: {}", s.trim()))
            }
            _ => None,
        }
    }
}

/// A setting that may be left out: `absent` says what holds then.
pub struct Optional<K> {
    kind: K,
    absent: &'static str,
}

impl<K> Optional<K> {
    pub const fn new(kind: K, absent: &'static str) -> Optional<K> {
        Optional { kind, absent }
    }
}

impl<K: Kind> Kind for Optional<K> {
    type Value = Option<K::Value>;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Self::Value, String> {
        self.kind.read(name, value, found).map(Some)
    }

    fn show(&self, value: &Self::Value) -> String {
        value
            .as_ref()
            .map_or(self.absent.to_string(), |value| self.kind.show(value))
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        self.kind.correction(value)
    }
}

/// A duration such as "10s", or a whole number of seconds; at most two hours.
pub struct DurationText;

impl Kind for DurationText {
    type Value = Duration;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Duration, String> {
        let text = match value {
            DeValue::String(s) => s.to_string(),
            DeValue::Integer(_) => match integer(value) {
                Some(seconds) if seconds >= 0 => format!("{seconds}s"),
                _ => String::new(),
            },
            _ => {
                return Err(format!(
                    "`{name}` must be a duration such as \"10s\", found {found}"
                ));
            }
        };
        match parse_duration(&text) {
            Ok(duration) if duration <= MAX_DURATION => Ok(duration),
            Ok(_) => Err(format!(
                "`{name}` may be at most {}, found {found}",
                crate::routine::rules::in_words(MAX_DURATION)
            )),
            Err(problem) => Err(format!(
                "`{name}` must be a duration such as \"10s\" or \"0s\"; {found} {}",
                problem.message
            )),
        }
    }

    fn show(&self, value: &Duration) -> String {
        format!("\"{}\"", format_duration(*value))
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        let DeValue::String(s) = value else {
            return None;
        };
        parse_duration(s)
            .err()
            .and_then(|problem| problem.corrected)
            .map(|c| format!("did you mean \"{c}\"?"))
    }
}

/// "left" or "right".
pub struct SideName;

impl Kind for SideName {
    type Value = Side;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Side, String> {
        match value {
            DeValue::String(s) if s.as_ref() == "left" => Ok(Side::Left),
            DeValue::String(s) if s.as_ref() == "right" => Ok(Side::Right),
            _ => Err(format!(
                "`{name}` must be \"left\" or \"right\", found {found}"
            )),
        }
    }

    fn show(&self, value: &Side) -> String {
        format!("\"{}\"", value.as_str())
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        let DeValue::String(s) = value else {
            return None;
        };
        let lower = s.trim().to_lowercase();
        ["left", "right"]
            .into_iter()
            .find(|side| lower == *side || strsim::damerau_levenshtein(&lower, side) <= 2)
            .map(|side| format!("did you mean \"{side}\"?"))
    }
}

/// How sound reaches the speaker: "auto", "pulseaudio" or "alsa".
pub struct SoundOutputName;

impl Kind for SoundOutputName {
    type Value = SoundOutput;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<SoundOutput, String> {
        match value {
            DeValue::String(s) => SoundOutput::from_name(s.as_ref()),
            _ => None,
        }
        .ok_or_else(|| {
            format!("`{name}` must be \"auto\", \"pulseaudio\" or \"alsa\", found {found}")
        })
    }

    fn show(&self, value: &SoundOutput) -> String {
        format!("\"{}\"", value.name())
    }

    fn correction(&self, value: &DeValue<'_>) -> Option<String> {
        let DeValue::String(s) = value else {
            return None;
        };
        let lower = s.trim().to_lowercase();
        SoundOutput::ALL
            .iter()
            .map(|(_, name)| *name)
            .find(|name| lower == *name || strsim::damerau_levenshtein(&lower, name) <= 2)
            .map(|name| format!("did you mean \"{name}\"?"))
    }
}

/// A voice's name: short, printable, no leading dash (it is an argument to espeak-ng).
pub struct VoiceId;

impl Kind for VoiceId {
    type Value = String;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<String, String> {
        match value {
            DeValue::String(s)
                if !s.is_empty()
                    && s.len() <= 64
                    && !s.starts_with('-')
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-_.".contains(c)) =>
            {
                Ok(s.to_string())
            }
            _ => Err(format!(
                "`{name}` must be a voice such as \"de\" or \"de+f3\" (letters, digits, + - _ .), \
                 found {found}"
            )),
        }
    }

    fn show(&self, value: &String) -> String {
        routine::quoted(value)
    }
}

/// A program and its arguments, as an array of strings (run directly, never by a shell).
pub struct Command;

impl Kind for Command {
    type Value = Vec<String>;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Vec<String>, String> {
        let expected = format!(
            "`{name}` must be an array of strings, the program first, such as [\"piper\", \
             \"--model\", \"de.onnx\", \"--output_file\", \"-\"]; found {found}"
        );
        let DeValue::Array(items) = value else {
            return Err(expected);
        };
        let mut words = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) if !s.contains('\0') && s.len() <= 4096 => {
                    words.push(s.to_string());
                }
                _ => return Err(expected),
            }
        }
        if words.first().is_none_or(|p| p.trim().is_empty()) || words.len() > 64 {
            return Err(expected);
        }
        Ok(words)
    }

    fn show(&self, value: &Vec<String>) -> String {
        let words: Vec<String> = value.iter().map(|word| routine::quoted(word)).collect();
        format!("[{}]", words.join(", "))
    }
}

/// Which announcements are spoken: names from [`Announce`], each once.
pub struct Announcements;

impl Kind for Announcements {
    type Value = Vec<Announce>;

    fn read(&self, name: &str, value: &DeValue<'_>, found: &str) -> Result<Vec<Announce>, String> {
        let expected = format!(
            "`{name}` must be an array of {}, found {found}",
            quoted_names(&Announce::ALL)
        );
        let DeValue::Array(items) = value else {
            return Err(expected);
        };
        let mut announce = Vec::new();
        for item in items {
            let DeValue::String(s) = item.get_ref() else {
                return Err(expected);
            };
            match Announce::from_name(s) {
                Some(a) if !announce.contains(&a) => announce.push(a),
                Some(_) => {
                    return Err(format!("`{name}` names \"{}\" twice", s.escape_default()));
                }
                None => {
                    let hint = routine::did_you_mean(s, Announce::ALL.iter().map(|a| a.name()))
                        .map(|n| format!(" (did you mean \"{n}\"?)"))
                        .unwrap_or_default();
                    return Err(format!(
                        "`{name}` has \"{}\", which is not an announcement{hint}; {expected}",
                        s.escape_default()
                    ));
                }
            }
        }
        Ok(announce)
    }

    fn show(&self, value: &Vec<Announce>) -> String {
        format!("[{}]", quoted_names(value))
    }
}

/// `"steps", "sides"`: announcements' names, quoted, as the file writes them.
fn quoted_names(announce: &[Announce]) -> String {
    let names: Vec<String> = announce
        .iter()
        .map(|a| format!("\"{}\"", a.name()))
        .collect();
    names.join(", ")
}

/// A TOML integer in any radix, or `None` for anything else (or one too large).
fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits
                .strip_prefix("0x")
                .or_else(|| digits.strip_prefix("0o"))
                .or_else(|| digits.strip_prefix("0b"))
                .unwrap_or(&digits);
            i64::from_str_radix(digits, i.radix()).ok()
        }
        _ => None,
    }
}
