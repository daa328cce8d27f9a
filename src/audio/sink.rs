//! The player's cues, heard: [`SoundSink`] places the sounds of the cues the loop announces
//! ahead on their exact samples, plays at once the ones it could not announce (a key moved
//! the session), and without a sound device rings the terminal bell after one notice.

use std::io::Write;
use std::time::{Duration, Instant};

use super::output::{AudioOptions, AudioOutput};
use super::scheduler::Placed;
use crate::cue::{Cue, CueEvent};
use crate::plan::Plan;
use crate::routine::{Routine, SoundOverrides};
use crate::tui::app::{CueSink, ScheduledCue};

/// Words placed further ahead than this past their cue (halfway, ten seconds) are kept across
/// reschedules, since the loop announces only the next couple of seconds.
const FAR: Duration = Duration::from_secs(3);

/// Sound, spoken words and the bell for the full-screen player.
pub struct SoundSink {
    audio: Option<AudioOutput>,
    /// What opening the device needs, kept while a muted session has not asked for sound:
    /// a muted session never pays for a device it does not use.
    unopened: Option<(SoundOverrides, Plan, AudioOptions)>,
    notice: Option<String>,
    /// Ring the terminal bell when there is no sound device.
    bell: bool,
    muted: bool,
    speed: f64,
    /// The cues announced last: when they fall due, they are already placed.
    announced: Vec<Cue>,
    /// Words due well after the cue that placed them.
    later: Vec<Placed>,
}

impl SoundSink {
    /// Opens the sound device (or settles for the bell) for a routine's session; muted, it
    /// waits until sound is turned on.
    pub fn open(
        routine: &Routine,
        plan: &Plan,
        options: &AudioOptions,
        bell: bool,
        muted: bool,
        speed: f64,
    ) -> SoundSink {
        let mut sink = SoundSink {
            audio: None,
            unopened: Some((routine.sounds.clone(), plan.clone(), options.clone())),
            notice: None,
            bell,
            muted,
            speed,
            announced: Vec::new(),
            later: Vec::new(),
        };
        if !muted {
            sink.open_device();
        }
        sink
    }

    fn open_device(&mut self) {
        let Some((sounds, plan, options)) = self.unopened.take() else {
            return;
        };
        let (mut audio, mut notice) = AudioOutput::open(&options);
        if let Some(audio) = audio.as_mut() {
            audio.set_muted(self.muted);
            let problems = audio.prepare(&sounds, &plan);
            if let Some(first) = problems.first() {
                notice = Some(format!("Built-in sound used instead: {first}"));
            }
        }
        self.audio = audio;
        self.notice = notice;
    }

    fn ring_bell(&self) {
        let mut out = std::io::stdout();
        // A failed bell is not worth interrupting the session for.
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
    }
}

impl CueSink for SoundSink {
    fn cues(&mut self, plan: &Plan, cues: &[Cue]) {
        let fresh: Vec<&Cue> = cues
            .iter()
            .filter(|cue| !self.announced.contains(cue))
            .collect();
        if fresh.iter().any(|c| c.event == CueEvent::Start) {
            // A key moved the session to another part: its words from before no longer apply.
            self.later.clear();
        }
        match &self.audio {
            Some(audio) => {
                let now = Instant::now();
                let mut sounds = fresh.iter().filter_map(|c| c.sound(plan));
                // One sound says it when several cues fall on the same instant.
                if let Some(sound) = sounds.next() {
                    audio.play_now(sound);
                }
                for cue in &fresh {
                    for placed in audio.placements(plan, cue, now, self.speed) {
                        if placed.at > now + FAR {
                            self.later.push(placed.clone());
                        }
                        if placed.at > now {
                            audio.add(placed);
                        }
                    }
                }
            }
            None => {
                let no_device = self.unopened.is_none();
                if no_device
                    && self.bell
                    && !self.muted
                    && cues.iter().any(|c| c.sound(plan).is_some())
                {
                    self.ring_bell();
                }
            }
        }
    }

    fn upcoming(&mut self, plan: &Plan, cues: &[ScheduledCue]) {
        self.announced = cues.iter().map(|s| s.cue).collect();
        let Some(audio) = &self.audio else {
            return;
        };
        if cues.is_empty() {
            // Paused or waiting: nothing is coming, and the words planned ahead are stale.
            self.later.clear();
        }
        let now = Instant::now();
        self.later.retain(|p| p.at > now);
        let mut placed: Vec<Placed> = Vec::new();
        for scheduled in cues {
            for p in audio.placements(plan, &scheduled.cue, scheduled.at, self.speed) {
                if p.at > scheduled.at + FAR {
                    self.later.push(p);
                } else {
                    placed.push(p);
                }
            }
        }
        self.later.sort_by_key(|p| p.at);
        self.later
            .dedup_by(|a, b| std::sync::Arc::ptr_eq(&a.sound, &b.sound) && a.at == b.at);
        placed.extend(self.later.iter().cloned());
        audio.schedule_placed(placed);
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
        self.notice.clone()
    }
}
