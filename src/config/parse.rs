//! Reading `config.toml`: every mistake is reported with its file, line and column, a snippet,
//! and for a misspelt key the closest real one, in the same form as mistakes in routines.

use std::path::Path;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Config, Key};
use crate::routine::{self, Diagnostic, Diagnostics, describe};

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
            super::hooks::read(&mut reader, &mut config, value);
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

/// Reads the file's settings, gathering every mistake.
pub(super) struct Reader<'p> {
    path: &'p Path,
    text: Arc<str>,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// A mistake at `span`, said by `message` and pointed at by `label`; returns it, for a
    /// suggestion to be added.
    pub(super) fn error(
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

    /// Reads one setting into `config`; false (with a diagnostic) if its value is wrong.
    fn read(&mut self, config: &mut Config, key: Key, value: &Spanned<DeValue<'_>>) -> bool {
        let found = describe(value.get_ref());
        match config.read(key, value.get_ref(), &found) {
            Ok(()) => true,
            Err(message) => {
                let diagnostic = self.error(value.span(), message, "invalid value");
                diagnostic.suggestion = key.correction(value.get_ref());
                false
            }
        }
    }
}

/// The setting closest to a misspelt key, if it is close enough to be a typo.
fn did_you_mean(word: &str) -> Option<Key> {
    let spelt = word.replace('-', "_");
    let name = routine::did_you_mean(&spelt, Key::ALL.iter().map(|key| key.name()))?;
    Key::from_name(name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::config::template;
    use crate::routine::Side;

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
                    voice_announce = [\"steps\", \"sides\"]\nsound_output = \"alsa\"\n";
        let config = parse(Path::new("config.toml"), text).unwrap();
        assert_eq!(config.volume, 35);
        assert!(config.mute && config.voice);
        assert_eq!(config.buffer_frames, Some(2048));
        assert_eq!(config.lead_in, Some(Duration::from_secs(90)));
        assert_eq!(config.first_side, Some(Side::Left));
        assert!(!config.colors && !config.bell_fallback && !config.media_controls);
        assert!(config.focus && !config.check_in);
        assert_eq!(config.weekly_target, Some(3));
        assert_eq!(config.sound_output, crate::audio::device::SoundOutput::Alsa);
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
            let text = template::text().replace("# ", "");
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
