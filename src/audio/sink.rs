//! A session's cues, heard: [`SoundSink`] places the sounds of the cues the driver hands out
//! ahead on their exact samples, plays at once the ones it could not place (a key moved the
//! session), and without a sound device rings the terminal bell (where there is a terminal)
//! after one notice. The same output serves the full-screen player and headless play.

use std::collections::BTreeSet;
use std::io::Write;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::output::{AudioOptions, AudioOutput};
use super::scheduler::Placed;
use crate::plan::Plan;
use crate::play_loop::{CueSink, Lost, Timed};
use crate::routine::{Routine, SoundOverrides};

/// A device being opened in the background, and what it said.
type Opening = JoinHandle<(Option<AudioOutput>, Option<String>)>;

/// Sound, spoken words and the bell for a session.
pub struct SoundSink {
    audio: Option<AudioOutput>,
    /// The device being opened while the intro shows.
    opening: Option<Opening>,
    /// What opening the device needs, kept while a muted session has not asked for sound:
    /// a muted session never pays for a device it does not use.
    unopened: Option<(SoundOverrides, Plan, AudioOptions)>,
    notice: Option<String>,
    /// What the voice had to say about itself (an engine that failed, a language without
    /// its own phrases), shown when the device has nothing to say.
    voice_notice: Option<String>,
    /// Ring the terminal bell when there is no sound device.
    bell: bool,
    muted: bool,
    speed: f64,
    /// Words placed and not yet said, by instant: a phrase found both from a part's start and
    /// from its end is said once.
    words: BTreeSet<(Instant, usize)>,
}

impl SoundSink {
    /// The sound of a routine's session on screen: the device is opened on another thread
    /// (the intro shows meanwhile and keys are answered); muted, it waits until sound is
    /// turned on.
    pub fn open_in_background(
        routine: &Routine,
        plan: &Plan,
        options: &AudioOptions,
        bell: bool,
        muted: bool,
        speed: f64,
    ) -> SoundSink {
        let mut sink = SoundSink {
            audio: None,
            opening: None,
            unopened: Some((routine.sounds.clone(), plan.clone(), options.clone())),
            notice: None,
            voice_notice: None,
            bell,
            muted,
            speed,
            words: BTreeSet::new(),
        };
        if !muted && let Some((sounds, plan, options)) = sink.unopened.take() {
            let opening = std::thread::Builder::new()
                .name("unknot-sound-open".into())
                .spawn(move || open(&sounds, &plan, &options));
            match opening {
                Ok(handle) => sink.opening = Some(handle),
                Err(_) => sink.notice = Some(super::NoSound::NoDevice.in_player()),
            }
        }
        sink
    }

    /// The sound of a headless session, on a device already open (or none): no bell.
    pub fn with_output(audio: Option<AudioOutput>, speed: f64) -> SoundSink {
        SoundSink {
            audio,
            opening: None,
            unopened: None,
            notice: None,
            voice_notice: None,
            bell: false,
            muted: false,
            speed,
            words: BTreeSet::new(),
        }
    }

    /// Waits for the device being opened in the background, if it is.
    fn settle_opening(&mut self) {
        if let Some(opening) = self.opening.take() {
            let (audio, notice) = opening
                .join()
                .unwrap_or((None, Some(super::NoSound::NoDevice.in_player())));
            self.audio = audio;
            self.notice = notice;
            if let Some(audio) = self.audio.as_mut() {
                audio.set_muted(self.muted);
            }
        }
    }

    fn open_device(&mut self) {
        self.settle_opening();
        let Some((sounds, plan, options)) = self.unopened.take() else {
            return;
        };
        let (audio, notice) = open(&sounds, &plan, &options);
        self.audio = audio;
        self.notice = notice;
    }

    fn ring_bell(&self) {
        let mut out = std::io::stdout();
        // A failed bell is not worth interrupting the session for.
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
    }

    /// Places the sounds of the cues in `cues` at their instants: the cue's own sound (the
    /// first of those with one, when `one_sound`, at once when its instant has passed) and
    /// its words, each said once.
    fn place(&mut self, plan: &Plan, cues: &[Timed], one_sound: bool) {
        let Some(audio) = &self.audio else {
            return;
        };
        let now = Instant::now();
        let mut sounded = false;
        for timed in cues {
            let own = timed.cue.sound(plan).and_then(|cue| audio.sound_of(cue));
            for (index, placed) in audio
                .placements(plan, &timed.cue, timed.at, self.speed)
                .into_iter()
                .enumerate()
            {
                if index == 0 && own.is_some() {
                    if one_sound && sounded {
                        continue;
                    }
                    sounded = true;
                    if placed.at > now {
                        audio.add(placed);
                    } else {
                        audio.play_sound_now(placed.sound);
                    }
                } else if placed.at > now && self.words.insert((placed.at, sound_id(&placed))) {
                    audio.add(placed);
                }
            }
        }
    }

    /// Lets the last sounds ring out (a headless session that reached its end), then closes
    /// the device.
    pub fn ring_out(mut self) {
        if let Some(audio) = self.audio.take() {
            audio.finish();
        }
    }

    /// Stops every sound, playing or placed (the session was ended early).
    pub fn silence(&self) {
        if let Some(audio) = &self.audio {
            audio.silence();
        }
    }
}

/// Opens the device and loads the routine's sounds; the notice to show, if any.
fn open(
    sounds: &SoundOverrides,
    plan: &Plan,
    options: &AudioOptions,
) -> (Option<AudioOutput>, Option<String>) {
    match AudioOutput::open(options) {
        Ok((mut audio, mut notice)) => {
            let problems = audio.prepare(sounds, plan);
            if let Some(first) = problems.first() {
                notice = Some(format!("Built-in sound used instead: {first}"));
            }
            (Some(audio), notice)
        }
        Err(no_sound) => (None, Some(no_sound.in_player())),
    }
}

fn sound_id(placed: &Placed) -> usize {
    placed.sound.as_ptr() as usize
}

impl CueSink for SoundSink {
    fn ready(&mut self) -> Duration {
        self.settle_opening();
        match &self.audio {
            Some(audio) if !self.muted => audio.warm_up(),
            _ => Duration::ZERO,
        }
    }

    fn ahead(&mut self, plan: &Plan, cues: &[Timed]) {
        if let Some(audio) = &self.audio {
            for notice in audio.voice_notices() {
                self.voice_notice = Some(match self.voice_notice.take() {
                    Some(before) => format!("{before} {notice}"),
                    None => notice,
                });
            }
        }
        self.place(plan, cues, false);
    }

    fn retract(&mut self) {
        self.words.clear();
        if let Some(audio) = &self.audio {
            audio.retract();
        }
    }

    fn due(&mut self, plan: &Plan, cues: &[Timed]) -> Result<(), Lost> {
        let now = Instant::now();
        // Words whose moment has passed are forgotten.
        self.words = self.words.split_off(&(now, 0));
        if self.audio.is_some() {
            // Cues not handed ahead (a key moved the session): one sound says them, now.
            let fresh: Vec<Timed> = cues.iter().filter(|t| !t.handed).copied().collect();
            self.place(plan, &fresh, true);
            return Ok(());
        }
        let no_device = self.unopened.is_none() && self.opening.is_none();
        if no_device && self.bell && !self.muted && cues.iter().any(|t| t.cue.sound(plan).is_some())
        {
            self.ring_bell();
        }
        Ok(())
    }

    fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        if !muted {
            self.open_device();
        }
        if let Some(audio) = self.audio.as_mut() {
            audio.set_muted(muted);
        }
    }

    fn notice(&self) -> Option<String> {
        self.notice.clone().or_else(|| self.voice_notice.clone())
    }
}
