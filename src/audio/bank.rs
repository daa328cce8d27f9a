//! The sound of each cue for one routine: the built-in cue sounds, with the routine's
//! `[sounds]` overrides (a built-in name, `none`, or a decoded file) put in their place.

use std::collections::HashMap;

use super::decode::decode_file;
use super::scheduler::Sound;
use super::synth::{builtin_sound, cue_sound};
use crate::routine::{BuiltinSound, SoundCue, SoundOverrides, SoundSource};

/// The samples of every cue, at one output rate.
#[derive(Clone)]
pub struct SoundBank {
    sounds: HashMap<SoundCue, Option<Sound>>,
    rate: u32,
    /// The built-in cue sounds made so far, shared by the banks made from this one.
    builtin: HashMap<SoundCue, Sound>,
}

impl SoundBank {
    /// The built-in cue sounds.
    pub fn builtin(rate: u32) -> SoundBank {
        SoundBank::with_overrides(rate, &SoundOverrides::default()).0
    }

    /// The cue sounds with a routine's overrides. A file that cannot be decoded (it was
    /// checked when the routine was loaded, but may have changed since) keeps the built-in
    /// sound; the messages say which.
    pub fn with_overrides(rate: u32, overrides: &SoundOverrides) -> (SoundBank, Vec<String>) {
        SoundBank::made(rate, overrides, HashMap::new())
    }

    /// Like [`SoundBank::with_overrides`] at this bank's rate, sharing the built-in sounds
    /// this bank already made instead of making them again (a routine's bank replaces the
    /// built-in one: making them afresh would hold both in memory for a moment, and the heap
    /// keeps that peak).
    pub fn overridden(&self, overrides: &SoundOverrides) -> (SoundBank, Vec<String>) {
        SoundBank::made(self.rate, overrides, self.builtin.clone())
    }

    fn made(
        rate: u32,
        overrides: &SoundOverrides,
        mut builtin: HashMap<SoundCue, Sound>,
    ) -> (SoundBank, Vec<String>) {
        let mut problems = Vec::new();
        let mut builtin_of = |cue: SoundCue| {
            builtin
                .entry(cue)
                .or_insert_with(|| Sound::from(cue_sound(cue, rate)))
                .clone()
        };
        let sounds = SoundCue::ALL
            .into_iter()
            .map(|cue| {
                let sound = match overrides.get(cue) {
                    None => Some(builtin_of(cue)),
                    Some(SoundSource::Builtin(BuiltinSound::None)) => None,
                    Some(SoundSource::Builtin(b)) => Some(Sound::from(builtin_sound(*b, rate))),
                    Some(SoundSource::File(path)) => match decode_file(path, rate) {
                        Ok(samples) => Some(Sound::from(samples)),
                        Err(err) => {
                            problems.push(format!("{}: {err}", crate::routine::shown_path(path)));
                            Some(builtin_of(cue))
                        }
                    },
                };
                (cue, sound)
            })
            .collect();
        (
            SoundBank {
                sounds,
                rate,
                builtin,
            },
            problems,
        )
    }

    pub fn get(&self, cue: SoundCue) -> Option<Sound> {
        self.sounds.get(&cue).cloned().flatten()
    }

    pub fn rate(&self) -> u32 {
        self.rate
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_routines_bank_shares_the_builtin_sounds_and_never_a_routines_files() {
        let builtin = SoundBank::builtin(48_000);
        let silent_rep = SoundOverrides {
            entries: vec![(SoundCue::Rep, SoundSource::Builtin(BuiltinSound::None))],
            ..SoundOverrides::default()
        };
        let (routine, _) = builtin.overridden(&silent_rep);
        let tick = |b: &SoundBank| b.get(SoundCue::Tick).unwrap();
        assert!(Sound::ptr_eq(&tick(&builtin), &tick(&routine)));
        assert!(routine.get(SoundCue::Rep).is_none());
        // The next routine without overrides has the built-in rep again, the same one.
        let (next, _) = routine.overridden(&SoundOverrides::default());
        let rep = |b: &SoundBank| b.get(SoundCue::Rep).unwrap();
        assert!(Sound::ptr_eq(&rep(&builtin), &rep(&next)));
    }

    #[test]
    fn overrides_replace_silence_or_keep_the_builtin_sound() {
        let overrides = SoundOverrides {
            entries: vec![
                (SoundCue::Tick, SoundSource::Builtin(BuiltinSound::None)),
                (SoundCue::Done, SoundSource::Builtin(BuiltinSound::Gong)),
                (
                    SoundCue::Rep,
                    SoundSource::File("/nonexistent/rep.wav".into()),
                ),
            ],
            ..SoundOverrides::default()
        };
        let (bank, problems) = SoundBank::with_overrides(48_000, &overrides);
        assert!(bank.get(SoundCue::Tick).is_none());
        assert_eq!(
            &bank.get(SoundCue::Done).unwrap()[..],
            &builtin_sound(BuiltinSound::Gong, 48_000)[..]
        );
        assert_eq!(
            &bank.get(SoundCue::Rep).unwrap()[..],
            &cue_sound(SoundCue::Rep, 48_000)[..]
        );
        assert_eq!(problems, vec!["/nonexistent/rep.wav: no such file"]);
        assert_eq!(
            &bank.get(SoundCue::Start).unwrap()[..],
            &cue_sound(SoundCue::Start, 48_000)[..]
        );
    }
}
