//! `[sounds]`: which cue sounds what, a built-in sound or a file next to the routine.

use std::path::Path;

use super::super::checker::{Checker, Value, did_you_mean};
use super::super::model::{BuiltinSound, SoundCue, SoundOverrides, SoundSource};
use super::super::rules::{SOUND_FILE_EXTENSIONS as FILE_EXTENSIONS, listed};
use super::super::source::{ParseOptions, Source};
use super::super::text::{quoted, shown_path};
use super::as_table;

/// ".wav, .ogg or .flac", for messages.
fn file_kinds() -> String {
    let dotted: Vec<String> = FILE_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    let dotted: Vec<&str> = dotted.iter().map(String::as_str).collect();
    listed(&dotted, "or")
}

pub(crate) fn read_sounds(
    checker: &mut Checker<'_>,
    value: &Value<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<SoundOverrides> {
    let table = as_table(checker, "sounds", value)?;
    let mut sounds = SoundOverrides::default();
    let mut ok = true;
    for (key, value) in table {
        let Some(cue) = SoundCue::from_key(key.get_ref()) else {
            let cues: Vec<&str> = SoundCue::ALL.iter().map(|c| c.key()).collect();
            checker.unknown_key(key, "`[sounds]` (its keys are cues)", &cues);
            ok = false;
            continue;
        };
        match read_sound(checker, cue, value, source, options) {
            Some(sound) => sounds.entries.push((cue, sound)),
            None => ok = false,
        }
    }
    sounds.entries.sort_by_key(|(cue, _)| *cue);
    ok.then_some(sounds)
}

fn read_sound(
    checker: &mut Checker<'_>,
    cue: SoundCue,
    value: &Value<'_>,
    source: &Source,
    options: &ParseOptions,
) -> Option<SoundSource> {
    let key = cue.key();
    // A path is shown in messages: no control characters or bidi overrides in it either.
    let text = checker.text(key, value, false)?;
    let text = text.as_str();
    if let Some(builtin) = BuiltinSound::from_name(text) {
        return Some(SoundSource::Builtin(builtin));
    }
    let names: Vec<&str> = BuiltinSound::ALL.iter().map(|s| s.name()).collect();
    let extension = Path::new(text)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let looks_like_path = extension.is_some() || text.contains('/') || text.contains('\\');
    if !looks_like_path {
        let listed = names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        checker.error_with(
            value.span(),
            format!(
                "the sound for `{key}` is {}, which is not a built-in sound; expected one of {listed}, or a {} file",
                quoted(text),
                file_kinds()
            ),
            "unknown sound",
            did_you_mean(text, names.iter().copied()).map(|s| format!("did you mean \"{s}\"?")),
        );
        return None;
    }
    if !extension
        .as_deref()
        .is_some_and(|e| FILE_EXTENSIONS.contains(&e))
    {
        checker.error(
            value.span(),
            format!(
                "the sound for `{key}` is {}; a sound file must be a {} file",
                quoted(text),
                file_kinds()
            ),
            format!("expected {}", file_kinds()),
        );
        return None;
    }
    let Some(base_dir) = &source.base_dir else {
        checker.error(
            value.span(),
            format!(
                "the sound for `{key}` is the file {}, but a built-in routine can only use built-in sounds",
                quoted(text)
            ),
            "no files in built-in routines",
        );
        return None;
    };
    let written = base_dir.join(text);
    let checked = checker
        .reads
        .resolve(options.files, base_dir, text)
        .map_err(|problem| (problem.describe(), problem.label(&problem.describe())))
        .and_then(|resolved| {
            options
                .files
                .check_sound(&resolved)
                .map(|()| resolved)
                .map_err(|why| (why.clone(), why))
        });
    match checked {
        Ok(resolved) => Some(SoundSource::File(resolved)),
        Err((why, label)) => {
            checker.error(
                value.span(),
                format!(
                    "the sound file for `{key}`, {} (looked for at {}), cannot be used: {why}",
                    quoted(text),
                    quoted(&shown_path(&written))
                ),
                label,
            );
            None
        }
    }
}
