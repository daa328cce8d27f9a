//! Reading `config.toml`: every mistake is reported with its file, line and column, a snippet,
//! and for a misspelt key the closest real one, in the same form as mistakes in routines.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, Key};
use crate::routine::duration::{MAX_DURATION, parse_duration};
use crate::routine::{self, Diagnostic, Diagnostics, Side, describe};

/// The settings in `text` (the contents of `path`), or every mistake in it.
pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostics> {
    let mut reader = Reader {
        path,
        text: Arc::from(text),
        diagnostics: Vec::new(),
    };
    let mut config = Config::default();
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let message = error.message().trim().to_string();
            reader.error(
                error.span().unwrap_or(0..0),
                format!("this is not valid TOML: {message}"),
                "TOML syntax error",
            );
        }
        return Err(reader.finish());
    }
    for (key, value) in document.get_ref() {
        let name = key.get_ref().as_ref();
        if name == "hooks" {
            reader.hooks(&mut config, value);
            continue;
        }
        let Some(known) = Key::from_name(name) else {
            reader.unknown_key(key);
            continue;
        };
        if reader.read(&mut config, known, value) {
            config.from_file.insert(known);
        }
    }
    if reader.diagnostics.is_empty() {
        Ok(config)
    } else {
        Err(reader.finish())
    }
}

struct Reader<'p> {
    path: &'p Path,
    text: Arc<str>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(
        &mut self,
        span: std::ops::Range<usize>,
        message: String,
        label: &str,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::at(self.path, self.text.clone(), span, message, label);
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    fn finish(self) -> Diagnostics {
        let mut diagnostics = Diagnostics(self.diagnostics);
        diagnostics.sort();
        diagnostics
    }

    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>) {
        let name = key.get_ref().as_ref();
        let suggestion = did_you_mean(name).map(|k| format!("did you mean `{}`?", k.name()));
        let known: Vec<String> = Key::ALL.iter().map(|k| format!("`{}`", k.name())).collect();
        let diagnostic = self.error(
            key.span(),
            format!(
                "unknown setting `{}`; the settings are {}",
                name.escape_default(),
                known.join(", ")
            ),
            "not a setting",
        );
        diagnostic.suggestion = suggestion;
    }

    /// Reads `[hooks]`: each hook a non-empty array of strings, a program and its arguments.
    fn hooks(&mut self, config: &mut Config, value: &Spanned<DeValue<'_>>) {
        let DeValue::Table(table) = value.get_ref() else {
            let found = describe(value.get_ref());
            let diagnostic = self.error(
                value.span(),
                format!("`hooks` must be a table of programs, found {found}"),
                "not a table",
            );
            diagnostic.suggestion = Some("write it as a [hooks] section".to_string());
            return;
        };
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if !crate::hooks::Hooks::NAMES.contains(&name) {
                let suggestion = routine::did_you_mean(name, crate::hooks::Hooks::NAMES)
                    .map(|known| format!("did you mean `{known}`?"));
                let known: Vec<String> = crate::hooks::Hooks::NAMES
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect();
                let diagnostic = self.error(
                    key.span(),
                    format!(
                        "unknown hook `{}`; the hooks are {}",
                        name.escape_default(),
                        known.join(", ")
                    ),
                    "not a hook",
                );
                diagnostic.suggestion = suggestion;
                continue;
            }
            let command: Option<Vec<String>> = match value.get_ref() {
                DeValue::Array(items) if !items.is_empty() => items
                    .iter()
                    .map(|item| match item.get_ref() {
                        DeValue::String(s) if !s.is_empty() => Some(s.to_string()),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            };
            match command {
                Some(command) => {
                    config.hooks.set(name, command);
                }
                None => {
                    let found = describe(value.get_ref());
                    let diagnostic = self.error(
                        value.span(),
                        format!(
                            "`{name}` must be a program and its arguments, as an array of \
                             strings, found {found}"
                        ),
                        "invalid value",
                    );
                    diagnostic.suggestion = match value.get_ref() {
                        DeValue::String(s) => Some(format!(
                            "write it as an array, with no shell: [{}]",
                            s.split_whitespace()
                                .map(|word| format!("{word:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                        _ => None,
                    };
                }
            }
        }
    }

    /// Reads one setting into `config`; false (with a diagnostic) if its value is wrong.
    fn read(&mut self, config: &mut Config, key: Key, value: &Spanned<DeValue<'_>>) -> bool {
        let span = value.span();
        let found = describe(value.get_ref());
        let result: Result<(), String> = match key {
            Key::Volume => integer(value.get_ref())
                .filter(|v| (0..=100).contains(v))
                .map(|v| config.volume = v as u8)
                .ok_or_else(|| format!("`volume` must be a whole number from 0 to 100, found {found}")),
            Key::Mute => boolean(value.get_ref(), &mut config.mute, key, &found),
            Key::Voice => boolean(value.get_ref(), &mut config.voice, key, &found),
            Key::Colors => boolean(value.get_ref(), &mut config.colors, key, &found),
            Key::BellFallback => boolean(value.get_ref(), &mut config.bell_fallback, key, &found),
            Key::Focus => boolean(value.get_ref(), &mut config.focus, key, &found),
            Key::CheckIn => boolean(value.get_ref(), &mut config.check_in, key, &found),
            Key::WeeklyTarget => integer(value.get_ref())
                .filter(|v| (1..=super::MAX_WEEKLY_TARGET).contains(v))
                .map(|v| config.weekly_target = Some(v as u32))
                .ok_or_else(|| {
                    format!(
                        "`weekly_target` must be a whole number of sessions a week, from 1 to {}, found {found}",
                        super::MAX_WEEKLY_TARGET
                    )
                }),
            Key::MediaControls => {
                boolean(value.get_ref(), &mut config.media_controls, key, &found)
            }
            Key::BufferFrames => integer(value.get_ref())
                .filter(|v| (super::MIN_BUFFER_FRAMES..=super::MAX_BUFFER_FRAMES).contains(v))
                .map(|v| config.buffer_frames = Some(v as u32))
                .ok_or_else(|| {
                    format!(
                        "`buffer_frames` must be a whole number of frames from {} to {}, found {found}",
                        super::MIN_BUFFER_FRAMES,
                        super::MAX_BUFFER_FRAMES
                    )
                }),
            Key::SpokenCountdown => {
                boolean(value.get_ref(), &mut config.spoken_countdown, key, &found)
            }
            Key::VoiceRate => integer(value.get_ref())
                .filter(|v| (super::MIN_VOICE_RATE..=super::MAX_VOICE_RATE).contains(v))
                .map(|v| config.voice_rate = v as u32)
                .ok_or_else(|| {
                    format!(
                        "`voice_rate` must be a whole number of words per minute from {} to {}, found {found}",
                        super::MIN_VOICE_RATE,
                        super::MAX_VOICE_RATE
                    )
                }),
            Key::VoiceName => voice_name(value.get_ref(), &found).map(|v| config.voice_name = Some(v)),
            Key::VoiceCommand => {
                voice_command(value.get_ref(), &found).map(|c| config.voice_command = Some(c))
            }
            Key::VoiceAnnounce => {
                voice_announce(value.get_ref(), &found).map(|a| config.voice_announce = a)
            }
            Key::LeadIn => lead_in(value.get_ref(), &found).map(|d| config.lead_in = Some(d)),
            Key::FirstSide => match value.get_ref() {
                DeValue::String(s) if s.as_ref() == "left" => {
                    config.first_side = Some(Side::Left);
                    Ok(())
                }
                DeValue::String(s) if s.as_ref() == "right" => {
                    config.first_side = Some(Side::Right);
                    Ok(())
                }
                _ => Err(format!("`first_side` must be \"left\" or \"right\", found {found}")),
            },
        };
        match result {
            Ok(()) => true,
            Err(message) => {
                let suggestion = correction(key, value.get_ref());
                let diagnostic = self.error(span, message, "invalid value");
                diagnostic.suggestion = suggestion;
                false
            }
        }
    }
}

fn boolean(value: &DeValue<'_>, target: &mut bool, key: Key, found: &str) -> Result<(), String> {
    match value {
        DeValue::Boolean(b) => {
            *target = *b;
            Ok(())
        }
        _ => Err(format!(
            "`{}` must be true or false, found {found}",
            key.name()
        )),
    }
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

/// A voice's name: short, printable, no leading dash (it is an argument to espeak-ng).
fn voice_name(value: &DeValue<'_>, found: &str) -> Result<String, String> {
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
            "`voice_name` must be a voice such as \"de\" or \"de+f3\" (letters, digits, + - _ .), found {found}"
        )),
    }
}

/// The engine: a program and its arguments, as an array of strings.
fn voice_command(value: &DeValue<'_>, found: &str) -> Result<Vec<String>, String> {
    let expected = format!(
        "`voice_command` must be an array of strings, the program first, such as [\"piper\", \"--model\", \"de.onnx\", \"--output_file\", \"-\"]; found {found}"
    );
    let DeValue::Array(items) = value else {
        return Err(expected);
    };
    let mut words = Vec::new();
    for item in items {
        match item.get_ref() {
            DeValue::String(s) if !s.contains('\0') && s.len() <= 4096 => words.push(s.to_string()),
            _ => return Err(expected),
        }
    }
    if words.first().is_none_or(|p| p.trim().is_empty()) || words.len() > 64 {
        return Err(expected);
    }
    Ok(words)
}

/// Which announcements are spoken: names from [`crate::speech::Announce`], each once.
fn voice_announce(
    value: &DeValue<'_>,
    found: &str,
) -> Result<Vec<crate::speech::Announce>, String> {
    use crate::speech::Announce;
    let names: Vec<String> = Announce::ALL
        .iter()
        .map(|a| format!("\"{}\"", a.name()))
        .collect();
    let expected = format!(
        "`voice_announce` must be an array of {}, found {found}",
        names.join(", ")
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
                return Err(format!(
                    "`voice_announce` names \"{}\" twice",
                    s.escape_default()
                ));
            }
            None => {
                let hint = routine::did_you_mean(s, Announce::ALL.iter().map(|a| a.name()))
                    .map(|n| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "`voice_announce` has \"{}\", which is not an announcement{hint}; {}",
                    s.escape_default(),
                    expected
                ));
            }
        }
    }
    Ok(announce)
}

fn lead_in(value: &DeValue<'_>, found: &str) -> Result<Duration, String> {
    let text = match value {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(_) => match integer(value) {
            Some(seconds) if seconds >= 0 => format!("{seconds}s"),
            _ => String::new(),
        },
        _ => {
            return Err(format!(
                "`lead_in` must be a duration such as \"10s\", found {found}"
            ));
        }
    };
    match parse_duration(&text) {
        Ok(duration) if duration <= MAX_DURATION => Ok(duration),
        Ok(_) => Err(format!(
            "`lead_in` may be at most {}, found {found}",
            routine::rules::in_words(MAX_DURATION)
        )),
        Err(problem) => Err(format!(
            "`lead_in` must be a duration such as \"10s\" or \"0s\"; {found} {}",
            problem.message
        )),
    }
}

/// A corrected spelling for a value that is close to a valid one.
fn correction(key: Key, value: &DeValue<'_>) -> Option<String> {
    match (key, value) {
        (Key::FirstSide, DeValue::String(s)) => {
            let lower = s.trim().to_lowercase();
            ["left", "right"]
                .into_iter()
                .find(|side| lower == *side || strsim::damerau_levenshtein(&lower, side) <= 2)
                .map(|side| format!("did you mean \"{side}\"?"))
        }
        (
            Key::Mute
            | Key::Voice
            | Key::Colors
            | Key::BellFallback
            | Key::Focus
            | Key::CheckIn
            | Key::MediaControls
            | Key::SpokenCountdown,
            DeValue::String(s),
        ) => match s.trim().to_lowercase().as_str() {
            "true" | "yes" | "on" => Some("write it without quotes: true".to_string()),
            "false" | "no" | "off" => Some("write it without quotes: false".to_string()),
            _ => None,
        },
        (
            Key::Volume | Key::BufferFrames | Key::WeeklyTarget | Key::VoiceRate,
            DeValue::String(s),
        ) if s.trim().parse::<i64>().is_ok() => {
            Some(format!("write the number without quotes: {}", s.trim()))
        }
        (Key::LeadIn, DeValue::String(s)) => parse_duration(s)
            .err()
            .and_then(|problem| problem.corrected)
            .map(|c| format!("did you mean \"{c}\"?")),
        _ => None,
    }
}

/// The setting closest to a misspelt key, if it is close enough to be a typo.
fn did_you_mean(word: &str) -> Option<Key> {
    let spelt = word.replace('-', "_");
    let name = routine::did_you_mean(&spelt, Key::ALL.iter().map(|key| key.name()))?;
    Key::ALL.into_iter().find(|key| key.name() == name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::config::template;

    fn errors(text: &str) -> Vec<Diagnostic> {
        parse(Path::new("config.toml"), text).unwrap_err().0
    }

    #[test]
    fn an_empty_file_means_defaults() {
        let config = parse(Path::new("config.toml"), "# nothing\n").unwrap();
        assert_eq!(config, Config::default());
    }

    #[test]
    fn every_setting_is_read_and_remembered_as_from_the_file() {
        let text = "volume = 35\nmute = true\nvoice = true\nbuffer_frames = 2_048\n\
                    lead_in = \"1m30s\"\nfirst_side = \"left\"\ncolors = false\nbell_fallback = false\n\
                    focus = true\ncheck_in = false\nweekly_target = 3\nmedia_controls = false\n\
                    voice_name = \"de+f3\"\nvoice_rate = 140\nspoken_countdown = true\n\
                    voice_command = [\"piper\", \"--output_file\", \"-\"]\n\
                    voice_announce = [\"steps\", \"sides\"]\n";
        let config = parse(Path::new("config.toml"), text).unwrap();
        assert_eq!(config.volume, 35);
        assert!(config.mute && config.voice);
        assert_eq!(config.buffer_frames, Some(2048));
        assert_eq!(config.lead_in, Some(Duration::from_secs(90)));
        assert_eq!(config.first_side, Some(Side::Left));
        assert!(!config.colors && !config.bell_fallback && !config.media_controls);
        assert!(config.focus && !config.check_in);
        assert_eq!(config.weekly_target, Some(3));
        assert_eq!(config.from_file.len(), Key::ALL.len());
    }

    #[test]
    fn a_weekly_target_out_of_range_or_quoted_is_explained() {
        let found = errors("weekly_target = 0\n");
        assert_eq!((found[0].line, found[0].column), (1, 17));
        assert!(
            found[0].message.contains("from 1 to 14"),
            "{}",
            found[0].message
        );
        let found = errors("weekly_target = \"3\"\ncheck_in = \"no\"\n");
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("write the number without quotes: 3")
        );
        assert_eq!(
            found[1].suggestion.as_deref(),
            Some("write it without quotes: false")
        );
    }

    #[test]
    fn a_misspelt_key_gets_its_position_and_a_suggestion() {
        let found = errors("mute = true\nvolum = 50\n");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (2, 1));
        assert!(
            found[0].message.contains("unknown setting `volum`"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("did you mean `volume`?")
        );
        let rendered = Diagnostics(found).render(false);
        assert!(rendered.contains("config.toml:2:1"), "{rendered}");
        assert!(rendered.contains("^^^^^ not a setting"), "{rendered}");
        assert!(
            rendered.contains("help: did you mean `volume`?"),
            "{rendered}"
        );
    }

    #[test]
    fn british_spelling_points_to_the_real_key() {
        let found = errors("colours = false\n");
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("did you mean `colors`?")
        );
    }

    #[test]
    fn wrong_values_quote_what_was_found() {
        let found = errors(
            "volume = 150\nmute = \"yes\"\nfirst_side = \"lefft\"\nlead_in = \"10 s\"\nbuffer_frames = 3\n",
        );
        let messages: Vec<_> = found.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert_eq!(
            messages[0],
            (
                1,
                "`volume` must be a whole number from 0 to 100, found the number 150"
            )
        );
        assert_eq!(
            messages[1],
            (2, "`mute` must be true or false, found the string \"yes\"")
        );
        assert_eq!(
            found[1].suggestion.as_deref(),
            Some("write it without quotes: true")
        );
        assert_eq!(
            found[2].suggestion.as_deref(),
            Some("did you mean \"left\"?")
        );
        assert!(
            messages[3].1.starts_with("`lead_in` must be a duration"),
            "{}",
            messages[3].1
        );
        assert_eq!(
            found[3].suggestion.as_deref(),
            Some("did you mean \"10s\"?")
        );
        assert!(
            messages[4].1.contains("from 32 to 16384"),
            "{}",
            messages[4].1
        );
        assert_eq!(found[3].column, 11);
    }

    #[test]
    fn a_zero_lead_in_and_a_bare_number_of_seconds_are_accepted() {
        let config = parse(Path::new("c.toml"), "lead_in = \"0s\"\n").unwrap();
        assert_eq!(config.lead_in, Some(Duration::ZERO));
        let config = parse(Path::new("c.toml"), "lead_in = 15\n").unwrap();
        assert_eq!(config.lead_in, Some(Duration::from_secs(15)));
        assert_eq!(errors("lead_in = \"3h\"\n").len(), 1);
    }

    #[test]
    fn a_syntax_error_is_located() {
        let found = errors("volume = 50\nmute = tru\n");
        assert!(
            found[0].message.starts_with("this is not valid TOML"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].line, 2);
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_settings_or_located_mistakes(text in "\\PC{0,200}") {
            if let Err(found) = parse(Path::new("c.toml"), &text) {
                proptest::prop_assert!(!found.is_empty());
                for diagnostic in found.iter() {
                    proptest::prop_assert!(diagnostic.span.end <= text.len());
                }
            }
        }

        #[test]
        fn edits_of_a_valid_file_never_panic(
            cut in 0usize..200,
            insert in "[a-z_=\"\\[\\] 0-9.\n-]{0,6}",
        ) {
            let text = template::TEMPLATE.replace("# ", "");
            let valid: String = text.lines().filter(|l| l.contains(" = ")).collect::<Vec<_>>().join("\n");
            let at = cut.min(valid.len());
            let at = (0..=at).rev().find(|i| valid.is_char_boundary(*i)).unwrap_or(0);
            let edited = format!("{}{insert}{}", &valid[..at], &valid[at..]);
            let _ = parse(Path::new("c.toml"), &edited);
        }
    }

    #[test]
    fn hooks_are_read_and_their_mistakes_located() {
        let config = parse(
            Path::new("c.toml"),
            "[hooks]\npart_start = [\"notify-send\", \"unknot\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.hooks.part_start,
            Some(vec!["notify-send".to_string(), "unknot".to_string()])
        );
        let found = errors("[hooks]\npart_strat = [\"x\"]\nsession_end = \"notify-send done\"\n");
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("unknown hook `part_strat`"));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("did you mean `part_start`?")
        );
        assert!(found[1].message.contains("`session_end` must be a program"));
        assert_eq!(
            found[1].suggestion.as_deref(),
            Some("write it as an array, with no shell: [\"notify-send\", \"done\"]")
        );
    }

    #[test]
    fn a_table_is_not_a_setting() {
        let found = errors("[audio]\nvolume = 50\n");
        assert!(
            found[0].message.contains("unknown setting `audio`"),
            "{}",
            found[0].message
        );
    }
}
