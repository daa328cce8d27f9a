//! [`AudioOutput`]: the one thing the player talks to for sound.
//!
//! Open it once, before the terminal switches to the alternate screen. Hand it the cues to
//! come with their real instants whenever the plan of what is to come changes (every redraw
//! and after every key is fine: it replaces, never duplicates), and it places each sound on
//! its exact sample. Without a device (or over SSH) there is no `AudioOutput`, only a notice
//! to show once; the player then flashes and rings the terminal bell.

use std::num::NonZero;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::bank::SoundBank;
use super::device::{DEFAULT_PERIOD_FRAMES, Device, SoundOutput};
use super::scheduler::{Placed, SchedulerHandle, SchedulerSource, Sound};
use super::voice::{Voice, VoiceSettings, phrases_of};
use crate::clock::SessionClock;
use crate::cue::Cue;
use crate::plan::Plan;
use crate::routine::{SoundCue, SoundOverrides};

/// How a session wants its sound.
#[derive(Debug, Clone)]
pub struct AudioOptions {
    /// Frames per device period. Sounds due sooner than the device's buffer reaches start
    /// the stream afresh, so a long period costs no response.
    pub buffer_frames: u32,
    /// Which way sound goes to the speaker.
    pub output: SoundOutput,
    /// Speak step names and changes.
    pub voice: bool,
    /// How the voice speaks, and what it says.
    pub speaking: VoiceSettings,
    /// Open the device even over SSH.
    pub force: bool,
    /// Linear volume, 0.0–1.0.
    pub volume: f32,
}

impl Default for AudioOptions {
    fn default() -> Self {
        AudioOptions {
            buffer_frames: DEFAULT_PERIOD_FRAMES,
            output: SoundOutput::Auto,
            voice: false,
            speaking: VoiceSettings::default(),
            force: std::env::var_os("UNKNOT_FORCE_AUDIO").is_some_and(|v| !v.is_empty()),
            volume: 1.0,
        }
    }
}

impl AudioOptions {
    /// The options the settings file and the `--voice` flag ask for.
    pub fn from_config(config: &crate::config::Config, voice_flag: bool) -> AudioOptions {
        AudioOptions {
            buffer_frames: config.buffer_frames.unwrap_or(DEFAULT_PERIOD_FRAMES),
            output: config.sound_output,
            voice: voice_flag || config.voice,
            speaking: VoiceSettings::from_config(config),
            volume: f32::from(config.volume.min(100)) / 100.0,
            ..AudioOptions::default()
        }
    }
}

/// Why a session has no sound: the first half of every notice about it, which each command
/// ends with what it does instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NoSound {
    #[error("No sound device")]
    NoDevice,
    #[error("Over SSH, sound would play on the other machine")]
    OverSsh,
}

/// What a player with a screen does instead of sound.
pub const FLASH_AND_BELL: &str = "cues show as a flash and the terminal bell.";

impl NoSound {
    /// The notice in the player: cues flash on screen and ring the bell instead.
    pub fn in_player(self) -> String {
        format!("{self}: {FLASH_AND_BELL}")
    }
}

/// How long [`AudioOutput::warm_up`] waits for the stream.
const WARM_UP_TIMEOUT: Duration = Duration::from_secs(1);
/// The longest lead a warmed-up device asks for: its buffer (two long periods) and one more.
const MAX_LEAD: Duration = Duration::from_millis(900);
/// A sound due this much before the device's buffer ends is not worth a fresh stream: it
/// starts that much late at worst, and a stream's start costs more.
const FLUSH_SLACK: Duration = Duration::from_millis(5);

/// Sound output for a session.
pub struct AudioOutput {
    device: Device,
    /// The source the output callback pulls, to see when its stream runs.
    source: Arc<Mutex<SchedulerSource>>,
    scheduler: SchedulerHandle,
    bank: SoundBank,
    voice: Option<Voice>,
    muted: bool,
}

impl AudioOutput {
    /// Opens the default sound device, with what the voice had to say of itself if it could
    /// not start; or why cues will be silent. Prints nothing.
    pub fn open(options: &AudioOptions) -> Result<(AudioOutput, Option<String>), NoSound> {
        let over_ssh = ["SSH_CONNECTION", "SSH_TTY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
        if over_ssh && !options.force {
            return Err(NoSound::OverSsh);
        }
        let mut handle = None;
        let opened = Device::open(options.output, options.buffer_frames.max(64), |rate| {
            let rate = NonZero::new(rate).unwrap_or(NonZero::<u32>::MIN);
            let (source, h) = SchedulerSource::new(rate);
            handle = Some(h);
            source
        });
        let (device, source, scheduler) = match (opened, handle) {
            (Ok((device, source)), Some(scheduler)) => (device, source, scheduler),
            _ => return Err(NoSound::NoDevice),
        };
        scheduler.set_volume(options.volume);
        let bank = SoundBank::builtin(device.rate);
        let (voice, notice) = if options.voice {
            match Voice::start(device.rate, &options.speaking) {
                Ok(v) => (Some(v), None),
                Err(notice) => (None, Some(notice)),
            }
        } else {
            (None, None)
        };
        let output = AudioOutput {
            device,
            source,
            scheduler,
            bank,
            voice,
            muted: false,
        };
        Ok((output, notice))
    }

    /// Takes a routine's `[sounds]` and renders what its plan will say. Returns what could not
    /// be loaded (a file gone since the routine was checked), one line each.
    pub fn prepare(&mut self, overrides: &SoundOverrides, plan: &Plan) -> Vec<String> {
        let (bank, problems) = self.bank.overridden(overrides);
        self.bank = bank;
        if let Some(voice) = &self.voice {
            voice.prepare(&overrides.speech, plan);
        }
        problems
    }

    /// Starts the stream now and waits (a second at most) until it runs, so that a session
    /// whose clock starts next finds the device ready. Returns how long before its instant a
    /// sound must be placed to start on its sample: the time until the stream's next sample is
    /// heard, one buffer more, and a margin.
    pub fn warm_up(&self) -> Duration {
        let started = Instant::now();
        // A span of nothing: the stream wakes for it and rests again if no sound follows.
        self.device.expect(started, started);
        let buffer = Duration::from_secs_f64(
            f64::from(self.device.buffer_frames) / f64::from(self.rate().max(1)),
        );
        let margin = Duration::from_millis(30);
        while started.elapsed() < WARM_UP_TIMEOUT {
            let heard_next = self
                .source
                .lock()
                .ok()
                .and_then(|source| source.instant_of(source.position()));
            if let Some(heard_next) = heard_next {
                let latency = heard_next.saturating_duration_since(Instant::now());
                return (latency + buffer + margin).min(MAX_LEAD);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // A stream that did not start in time: as far ahead as is ever needed.
        MAX_LEAD
    }

    /// The output's sample rate.
    pub fn rate(&self) -> u32 {
        self.device.rate
    }

    /// The sound a cue makes with this routine, if any.
    pub fn sound_of(&self, cue: SoundCue) -> Option<Sound> {
        self.bank.get(cue)
    }

    /// Replaces everything still to come with `cues`, each at its real instant.
    pub fn schedule(&self, cues: Vec<(Instant, SoundCue)>) {
        let placed: Vec<Placed> = cues
            .into_iter()
            .filter_map(|(at, cue)| {
                Some(Placed {
                    at,
                    sound: self.bank.get(cue)?,
                })
            })
            .collect();
        self.schedule_placed(placed);
    }

    /// Replaces everything still to come with the sounds (and, with a voice, the words) of
    /// the session's upcoming cues, mapped to real instants through `clock`.
    pub fn schedule_cues(&self, plan: &Plan, cues: &[Cue], clock: &SessionClock) {
        let mut placed: Vec<Placed> = Vec::new();
        for cue in cues {
            for p in self.placements(plan, cue, clock.instant_at(cue.at), clock.speed) {
                // A phrase found both from a part's start and from its end is said once.
                let twice = placed.iter().any(|q| {
                    std::sync::Arc::ptr_eq(&q.sound, &p.sound)
                        && q.at.max(p.at) - q.at.min(p.at) < Duration::from_millis(50)
                });
                if !twice {
                    placed.push(p);
                }
            }
        }
        self.schedule_placed(placed);
    }

    /// Adds one cue's sound (and words) at its real instant, keeping what is already planned.
    pub fn cue_at(&self, plan: &Plan, cue: &Cue, at: Instant, speed: f64) {
        for placed in self.placements(plan, cue, at, speed) {
            self.add(placed);
        }
    }

    /// Adds one placed sound, keeping what is already planned.
    pub fn add(&self, placed: Placed) {
        let end = placed.at + duration_of(&placed.sound, self.rate());
        self.flush_if_before_the_buffer_ends(placed.at);
        self.device.expect(placed.at, end);
        self.scheduler.add(placed);
    }

    /// Plays a cue's sound at once (a key press that has its own sound).
    pub fn play_now(&self, cue: SoundCue) {
        if let Some(sound) = self.bank.get(cue) {
            self.play_sound_now(sound);
        }
    }

    /// Plays any sound at once.
    pub fn play_sound_now(&self, sound: Sound) {
        let now = Instant::now();
        self.flush_if_before_the_buffer_ends(now);
        self.device
            .expect(now, now + duration_of(&sound, self.rate()));
        self.scheduler.play_now(sound);
    }

    /// A sound due at `at`, before what the running stream has buffered is played out, would
    /// start late by the rest of the buffer: the stream starts afresh instead, and the sound
    /// is placed in the new one on its sample.
    fn flush_if_before_the_buffer_ends(&self, at: Instant) {
        if self
            .device
            .buffered_until()
            .is_some_and(|end| at + FLUSH_SLACK < end)
        {
            self.device.flush();
        }
    }

    /// Waits until every sound planned so far has been heard (the last cue of a session
    /// rings out before the program ends), then closes the device.
    pub fn finish(self) {
        if let Some(end) = self.device.busy_until() {
            // Sounds are placed on the instant they are heard; a period more for a device
            // that misreports its latency.
            let tail = Duration::from_secs_f64(
                f64::from(self.device.buffer_frames) / f64::from(self.rate().max(1)),
            ) + Duration::from_millis(100);
            let until = end + tail;
            let left = until.saturating_duration_since(Instant::now());
            if left < Duration::from_secs(30) {
                std::thread::sleep(left);
            }
        }
    }

    /// Stops every sound, playing or planned (the session ended or was quit), what the device
    /// has buffered included.
    pub fn silence(&self) {
        self.scheduler.silence();
        self.device.expect_only([]);
        self.device.flush();
    }

    /// Takes back every sound to come, what the device has buffered included (the session
    /// paused or moved): the stream starts afresh for the sounds placed next.
    pub fn retract(&self) {
        self.schedule_placed(Vec::new());
        self.device.flush();
    }

    pub fn is_muted(&self) -> bool {
        self.muted
    }

    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        self.scheduler.set_muted(muted);
    }

    /// Flips mute; returns whether sound is now muted.
    pub fn toggle_mute(&mut self) -> bool {
        self.set_muted(!self.muted);
        self.muted
    }

    pub fn set_volume(&self, volume: f32) {
        self.scheduler.set_volume(volume);
    }

    /// Replaces everything still to come with these sounds.
    pub fn schedule_placed(&self, placed: Vec<Placed>) {
        let rate = self.rate();
        if let Some(first) = placed.iter().map(|p| p.at).min() {
            self.flush_if_before_the_buffer_ends(first);
        }
        self.device.expect_only(
            placed
                .iter()
                .map(|p| (p.at, p.at + duration_of(&p.sound, rate)))
                .collect::<Vec<_>>(),
        );
        self.scheduler.schedule(placed);
    }

    /// The sounds of one cue due at `at`: its own, then its words (at `speed`, for the words
    /// said into a part).
    pub fn placements(&self, plan: &Plan, cue: &Cue, at: Instant, speed: f64) -> Vec<Placed> {
        let mut placed = Vec::new();
        let words = self.voice.as_ref().map(|v| (v, v.words()));
        // A spoken countdown says its numbers in place of the ticks (once they are rendered).
        let spoken_tick = match (&words, cue.event) {
            (Some((voice, words)), crate::cue::CueEvent::Tick { remaining }) if words.countdown => {
                voice.get(&words.number(remaining)).is_some()
            }
            _ => false,
        };
        let sound = cue
            .sound(plan)
            .filter(|_| !spoken_tick)
            .and_then(|c| self.bank.get(c));
        let after_sound = sound.as_ref().map_or(Duration::ZERO, |s| {
            duration_of(s, self.rate()) + Duration::from_millis(60)
        });
        if let Some(sound) = sound {
            placed.push(Placed { at, sound });
        }
        if let Some((voice, words)) = &words {
            let speed = if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                1.0
            };
            let now = Instant::now();
            let after_sound = if spoken_tick {
                Duration::ZERO
            } else {
                after_sound
            };
            for (offset, phrase) in phrases_of(words, plan, cue) {
                let Some(words) = voice.get(&phrase) else {
                    continue;
                };
                let real = Duration::try_from_secs_f64(offset.abs() / speed).unwrap_or_default();
                let when = if offset == 0.0 {
                    at.checked_add(after_sound)
                } else if offset > 0.0 {
                    at.checked_add(real)
                } else {
                    at.checked_sub(real)
                };
                // Words whose moment has passed are not said late.
                if let Some(when) = when.filter(|w| *w >= now) {
                    placed.push(Placed {
                        at: when,
                        sound: words,
                    });
                }
            }
        }
        placed
    }
}

impl AudioOutput {
    /// The voice, when the session speaks.
    pub fn voice(&self) -> Option<&Voice> {
        self.voice.as_ref()
    }

    /// What the voice has to tell the runner since last asked, each once.
    pub fn voice_notices(&self) -> Vec<String> {
        self.voice
            .as_ref()
            .map(Voice::take_notices)
            .unwrap_or_default()
    }
}

fn duration_of(sound: &Sound, rate: u32) -> Duration {
    Duration::from_secs_f64(sound.len() as f64 / f64::from(rate.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_players_notices_end_with_the_flash_and_the_bell() {
        assert_eq!(
            NoSound::NoDevice.in_player(),
            "No sound device: cues show as a flash and the terminal bell."
        );
        assert_eq!(
            NoSound::OverSsh.in_player(),
            "Over SSH, sound would play on the other machine: cues show as a flash and the \
             terminal bell."
        );
    }
}
