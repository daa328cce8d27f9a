//! The scheduler source: a `rodio::Source` that knows the instants of the cues to come and
//! places each sound at the exact sample of the output stream where its instant falls.
//!
//! Appending a sound to a sink when its cue fires starts it one buffer late, give or take a
//! buffer: the onset jitters by the buffer length. Here the output callback tells the source,
//! every time it runs, when the next sample it yields will be heard; that anchors the
//! source's sample counter to the monotonic clock, and a cue due at instant `t` starts at
//! sample `anchor.sample + (t - anchor.at) × rate`, whatever the buffer boundaries.
//!
//! The anchor follows the device slowly (a small correction per callback), so scheduling
//! noise in the callback does not move the beat, while the drift of a sound card's clock is
//! still followed over minutes.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// The loudest any sound may be, and the loudest the mix may be before the volume: half of
/// full scale. Every sound is capped at it when it is made; the mix is clamped to it at the
/// last step, whatever its sounds hold, so that no input can play louder.
pub const PEAK: f32 = 0.5;

/// A sound: mono samples at the output's rate, shared between the plan and the voices.
pub type Sound = Arc<[f32]>;

/// A sound due at an instant.
#[derive(Debug, Clone)]
pub struct Placed {
    pub at: Instant,
    pub sound: Sound,
}

/// Commands from the session's side to the source in the audio thread.
enum Command {
    /// Replaces every sound still to come.
    Schedule(Vec<Placed>),
    /// Adds one sound to what is to come.
    Add(Placed),
    /// Starts a sound at the next sample.
    PlayNow(Sound),
    Volume(f32),
    Mute(bool),
    /// Stops what is playing and forgets what is to come.
    Silence,
}

/// How many samples pass between two looks at the command channel.
const POLL_EVERY: u64 = 64;
/// How much of the measured error the anchor takes per callback, once settled.
const ANCHOR_GAIN: f64 = 0.02;
/// An error larger than this is a new start (a stream restart, an underrun), not noise.
const ANCHOR_JUMP: f64 = 0.030;
/// A cue more late than this is dropped rather than played out of place.
const TOO_LATE: Duration = Duration::from_secs(1);

/// The session's side of the scheduler: cheap to clone, never blocks.
#[derive(Clone)]
pub struct SchedulerHandle {
    commands: Sender<Command>,
}

impl SchedulerHandle {
    /// Replaces the plan of what is to come. A sound already started plays on, and a cue that
    /// is both already started and in the new plan is not started twice.
    pub fn schedule(&self, cues: Vec<Placed>) {
        self.send(Command::Schedule(cues));
    }

    /// Adds one sound to the plan.
    pub fn add(&self, cue: Placed) {
        self.send(Command::Add(cue));
    }

    /// Plays a sound as soon as possible.
    pub fn play_now(&self, sound: Sound) {
        self.send(Command::PlayNow(sound));
    }

    /// Linear gain, 0.0–1.0.
    pub fn set_volume(&self, volume: f32) {
        self.send(Command::Volume(volume.clamp(0.0, 1.0)));
    }

    pub fn set_muted(&self, muted: bool) {
        self.send(Command::Mute(muted));
    }

    pub fn silence(&self) {
        self.send(Command::Silence);
    }

    fn send(&self, command: Command) {
        // The source is gone only when the output is: nothing left to tell it.
        let _ = self.commands.send(command);
    }
}

/// Which sample is heard at which instant.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    sample: u64,
    at: Instant,
}

struct Voice {
    sound: Sound,
    next: usize,
}

/// The source itself, pulled by the output callback (or directly, in tests).
pub struct SchedulerSource {
    commands: Receiver<Command>,
    rate: NonZero<u32>,
    position: u64,
    anchor: Option<Anchor>,
    /// Observations since the anchor was set afresh: the first ones are averaged, since a
    /// stream that just started reports a latency still filling up.
    observations: u32,
    /// Sorted by instant.
    pending: Vec<Placed>,
    /// The sample at which the first pending sound starts, under the current anchor.
    next_start: Option<u64>,
    voices: Vec<Voice>,
    /// Sounds started lately, so a new plan that still holds them does not start them again.
    started: Vec<(Instant, usize)>,
    volume: f32,
    muted: bool,
}

impl SchedulerSource {
    pub fn new(rate: NonZero<u32>) -> (SchedulerSource, SchedulerHandle) {
        let (tx, rx) = channel();
        let source = SchedulerSource {
            commands: rx,
            rate,
            position: 0,
            anchor: None,
            observations: 0,
            pending: Vec::new(),
            next_start: None,
            voices: Vec::new(),
            started: Vec::new(),
            volume: 1.0,
            muted: false,
        };
        (source, SchedulerHandle { commands: tx })
    }

    pub fn rate(&self) -> NonZero<u32> {
        self.rate
    }

    /// How many samples this source has yielded.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// The next sample yielded will be heard at `heard_at`, exactly: a fresh start.
    pub fn anchor(&mut self, heard_at: Instant) {
        self.observations = 0;
        self.anchor = Some(Anchor {
            sample: self.position,
            at: heard_at,
        });
        self.replan();
    }

    /// The next sample yielded will be heard at about `heard_at` (as measured by an output
    /// callback, with its scheduling noise): the anchor moves a little towards it, or jumps
    /// when the stream clearly restarted.
    pub fn observe(&mut self, heard_at: Instant) {
        let Some(predicted) = self.instant_of(self.position) else {
            self.anchor(heard_at);
            return;
        };
        let error = signed_secs(heard_at, predicted);
        if error.abs() > ANCHOR_JUMP {
            self.anchor(heard_at);
            return;
        }
        // A running mean at first, then a slow follower.
        self.observations = self.observations.saturating_add(1);
        let gain = (1.0 / f64::from(self.observations + 1)).max(ANCHOR_GAIN);
        let at = shift(predicted, error * gain);
        self.anchor = Some(Anchor {
            sample: self.position,
            at,
        });
        self.replan();
    }

    /// Forgets the anchor: the stream stopped, and the next callback anchors afresh.
    pub fn unanchor(&mut self) {
        self.anchor = None;
        self.next_start = None;
    }

    /// The sample of the stream heard at `at`, under the current anchor.
    pub fn sample_at(&self, at: Instant) -> Option<i128> {
        let anchor = self.anchor?;
        let rate = i128::from(self.rate.get());
        let nanos = |d: Duration| d.as_nanos() as i128;
        let offset = if at >= anchor.at {
            (nanos(at - anchor.at) * rate + 500_000_000) / 1_000_000_000
        } else {
            -((nanos(anchor.at - at) * rate + 500_000_000) / 1_000_000_000)
        };
        Some(anchor.sample as i128 + offset)
    }

    /// The instant at which sample `sample` is heard, under the current anchor.
    pub fn instant_of(&self, sample: u64) -> Option<Instant> {
        let anchor = self.anchor?;
        let secs = (sample as f64 - anchor.sample as f64) / f64::from(self.rate.get());
        Some(shift(anchor.at, secs))
    }

    /// Whether anything is playing or waiting to play.
    pub fn is_idle(&self) -> bool {
        self.voices.is_empty() && self.pending.is_empty()
    }

    /// Fills `out` with the next samples.
    pub fn fill(&mut self, out: &mut [f32]) {
        self.poll();
        for sample in out.iter_mut() {
            *sample = self.next_sample();
        }
    }

    fn next_sample(&mut self) -> f32 {
        if self.position.is_multiple_of(POLL_EVERY) {
            self.poll();
        }
        while self.next_start.is_some_and(|s| s <= self.position) {
            self.start_first_pending();
        }
        let mut mixed = 0.0;
        for voice in &mut self.voices {
            mixed += voice.sound.get(voice.next).copied().unwrap_or(0.0);
            voice.next += 1;
        }
        self.voices.retain(|v| v.next < v.sound.len());
        self.position += 1;
        if self.muted {
            0.0
        } else {
            at_most_peak(mixed) * self.volume
        }
    }

    fn poll(&mut self) {
        while let Ok(command) = self.commands.try_recv() {
            match command {
                Command::Schedule(mut cues) => {
                    cues.retain(|c| !self.already_started(c));
                    cues.sort_by_key(|c| c.at);
                    self.pending = cues;
                }
                Command::Add(cue) => {
                    let at = self.pending.partition_point(|c| c.at <= cue.at);
                    self.pending.insert(at, cue);
                }
                Command::PlayNow(sound) => self.voices.push(Voice { sound, next: 0 }),
                Command::Volume(v) => {
                    self.volume = if v.is_nan() { 0.0 } else { v.clamp(0.0, 1.0) }
                }
                Command::Mute(m) => self.muted = m,
                Command::Silence => {
                    self.pending.clear();
                    self.voices.clear();
                }
            }
            self.replan();
        }
    }

    fn already_started(&self, cue: &Placed) -> bool {
        let id = sound_id(&cue.sound);
        self.started
            .iter()
            .any(|(at, s)| *s == id && abs_diff(*at, cue.at) < Duration::from_millis(1))
    }

    fn start_first_pending(&mut self) {
        if self.pending.is_empty() {
            self.next_start = None;
            return;
        }
        let cue = self.pending.remove(0);
        let late = self
            .instant_of(self.position)
            .map(|now| now.saturating_duration_since(cue.at))
            .unwrap_or_default();
        if late <= TOO_LATE {
            self.remember_started(&cue);
            self.voices.push(Voice {
                sound: cue.sound,
                next: 0,
            });
        }
        self.replan();
    }

    fn remember_started(&mut self, cue: &Placed) {
        if self.started.len() >= 64 {
            self.started.remove(0);
        }
        self.started.push((cue.at, sound_id(&cue.sound)));
    }

    /// Recomputes where the first pending sound starts.
    fn replan(&mut self) {
        self.next_start = self.pending.first().and_then(|c| {
            let sample = self.sample_at(c.at)?;
            Some(sample.max(0) as u64)
        });
    }
}

impl Iterator for SchedulerSource {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        Some(self.next_sample())
    }
}

impl rodio::Source for SchedulerSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::<u16>::MIN
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// The mix within ±[`PEAK`]; anything that is not a number is silence.
fn at_most_peak(mixed: f32) -> f32 {
    if mixed.is_nan() {
        0.0
    } else {
        mixed.clamp(-PEAK, PEAK)
    }
}

fn sound_id(sound: &Sound) -> usize {
    sound.as_ptr() as usize
}

fn abs_diff(a: Instant, b: Instant) -> Duration {
    if a >= b { a - b } else { b - a }
}

/// `a - b` in seconds, signed.
fn signed_secs(a: Instant, b: Instant) -> f64 {
    if a >= b {
        (a - b).as_secs_f64()
    } else {
        -(b - a).as_secs_f64()
    }
}

fn shift(at: Instant, secs: f64) -> Instant {
    let d = Duration::from_secs_f64(secs.abs());
    if secs >= 0.0 {
        at.checked_add(d).unwrap_or(at)
    } else {
        at.checked_sub(d).unwrap_or(at)
    }
}

#[cfg(test)]
#[path = "scheduler_tests.rs"]
mod tests;
