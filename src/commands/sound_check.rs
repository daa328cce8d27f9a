//! `unknot sound-check [ROUTINE]`: every cue's sound, one a second, each named as it plays,
//! so a runner can set the volume and learn the sounds before a session.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use super::failure::Failure;
use crate::audio::output::FLASH_AND_BELL;
use crate::audio::synth::describe;
use crate::audio::{AudioOptions, AudioOutput};
use crate::cli::SoundCheckArgs;
use crate::plan::Plan;
use crate::routine::{SoundCue, SoundOverrides};
use crate::{config, library};

/// Time between two cues.
const GAP: Duration = Duration::from_secs(1);
/// Time before the first cue, for the sound stream to start.
const FIRST_AFTER: Duration = Duration::from_millis(500);

pub fn run(args: &SoundCheckArgs) -> Result<(), Failure> {
    let settings = config::load()?;
    let mut names = (String::from("Calf roll"), String::from("Hamstring stretch"));
    let overrides = match &args.routine {
        None => SoundOverrides::default(),
        Some(arg) => {
            let (_, routine) = library::load(arg)?;
            let mut steps = routine.steps.iter().map(|s| s.name.clone());
            if let Some(first) = steps.next() {
                names = (first.clone(), steps.next().unwrap_or(first));
            }
            routine.sounds
        }
    };
    let audio = match AudioOutput::open(&AudioOptions::from_config(&settings, args.voice)) {
        Ok((mut audio, voice_notice)) => {
            if let Some(notice) = voice_notice {
                eprintln!("unknot: {notice}");
            }
            let plan = Plan {
                name: String::new(),
                segments: Vec::new(),
                total: Duration::ZERO,
                countdown: 0,
            };
            for problem in audio.prepare(&overrides, &plan) {
                eprintln!("unknot: built-in sound used instead: {problem}");
            }
            Some(audio)
        }
        Err(no_sound) => {
            // Nothing to play the sounds on: say so, and what a session does instead.
            eprintln!(
                "unknot: {no_sound}: nothing can be heard here. In a session, {FLASH_AND_BELL}"
            );
            None
        }
    };
    let played = if args.voice {
        speak_all(audio.as_ref(), &overrides, &names)
    } else {
        play_all(audio.as_ref(), &overrides)
    };
    match played {
        Ok(()) => {
            if let Some(audio) = audio {
                audio.finish();
            }
            Ok(())
        }
        // Whoever read the names went away: stop.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::Invalid(err.to_string())),
    }
}

/// Places every cue's sound one second apart, then names each as it sounds. Without a sound
/// device each name comes with the terminal bell.
fn play_all(audio: Option<&AudioOutput>, overrides: &SoundOverrides) -> io::Result<()> {
    let start = Instant::now() + FIRST_AFTER;
    let at = |k: usize| start + GAP * k as u32;
    if let Some(audio) = audio {
        audio.schedule(
            SoundCue::ALL
                .into_iter()
                .enumerate()
                .map(|(k, cue)| (at(k), cue))
                .collect(),
        );
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for (k, cue) in SoundCue::ALL.into_iter().enumerate() {
        let left = at(k).saturating_duration_since(Instant::now());
        std::thread::sleep(left);
        let silent = audio.is_some_and(|a| a.sound_of(cue).is_none());
        let what = match (overrides.get(cue), silent) {
            (_, true) => "silent in this routine".to_string(),
            (Some(source), false) => format!("this routine's {}", source_name(source)),
            (None, false) => describe(cue).to_string(),
        };
        let bell = if audio.is_none() { "\x07" } else { "" };
        writeln!(out, "{bell}{:<12} {what}", cue.key())?;
        out.flush()?;
    }
    Ok(())
}

/// Speaks a sample of every phrase in the routine's language, each named as it is said.
fn speak_all(
    audio: Option<&AudioOutput>,
    overrides: &SoundOverrides,
    (step, next): &(String, String),
) -> io::Result<()> {
    let Some(voice) = audio.and_then(AudioOutput::voice) else {
        // The notice above said why nothing can speak.
        return Ok(());
    };
    let words = voice.set_words(&overrides.speech);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for notice in voice.take_notices() {
        eprintln!("unknot: {notice}");
    }
    for (key, text) in words.samples(step, next) {
        let Some(sound) = voice.speak_now(&text) else {
            continue;
        };
        writeln!(out, "{key:<12} {}", crate::routine::shown(&text))?;
        out.flush()?;
        let length = Duration::from_secs_f64(
            sound.len() as f64 / f64::from(audio.map_or(1, |a| a.rate()).max(1)),
        );
        if let Some(audio) = audio {
            audio.play_sound_now(sound);
        }
        std::thread::sleep(length + Duration::from_millis(400));
        for notice in voice.take_notices() {
            eprintln!("unknot: {notice}");
        }
    }
    Ok(())
}

fn source_name(source: &crate::routine::SoundSource) -> String {
    match source {
        crate::routine::SoundSource::Builtin(b) => format!("\"{}\"", b.name()),
        crate::routine::SoundSource::File(path) => crate::routine::shown_path(path),
    }
}
