//! The sound device: opened once, its stream run only while a cue is near.
//!
//! An output stream held open wakes the process for every buffer, all session long, mostly
//! to play silence. Here a small thread keeps the device, starts the stream [`WAKE_AHEAD`]
//! before the next known sound and lets it rest once nothing has sounded or is due for a
//! while. Each start anchors the scheduler afresh from the callbacks' own timing, so resting
//! costs no accuracy. While it runs, its periods are long ([`DEFAULT_PERIOD_FRAMES`]): sounds
//! are placed by sample, so a long buffer costs no accuracy, and what it would cost in
//! response (a pause that lets the buffered sound play, a key's sound behind it) is taken
//! back by [`Device::flush`], which starts the stream afresh.
//!
//! Two ways to the speaker share this: straight to a PulseAudio-protocol sound server
//! ([`super::pulse`], no library loaded) when one answers, and cpal's ALSA output (below)
//! otherwise, or when the `sound_output` setting asks for it.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rodio::cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use rodio::cpal::{self, FromSample, SampleFormat, SizedSample, StreamConfig};

use super::pulse;
use super::quiet::QuietStderr;
use super::scheduler::SchedulerSource;

/// Which way sound goes to the speaker (the `sound_output` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SoundOutput {
    /// Straight to the sound server when one answers, else through ALSA.
    #[default]
    Auto,
    /// Only straight to a PulseAudio-protocol server (PulseAudio, PipeWire's pipewire-pulse).
    PulseAudio,
    /// Only through ALSA's default device.
    Alsa,
}

impl SoundOutput {
    /// Every choice, as the settings file spells it.
    pub const ALL: [(SoundOutput, &'static str); 3] = [
        (SoundOutput::Auto, "auto"),
        (SoundOutput::PulseAudio, "pulseaudio"),
        (SoundOutput::Alsa, "alsa"),
    ];

    pub fn name(self) -> &'static str {
        SoundOutput::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("auto", |(_, name)| name)
    }

    pub fn from_name(name: &str) -> Option<SoundOutput> {
        SoundOutput::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(o, _)| *o)
    }
}

/// How long before a sound is due the stream starts.
pub const WAKE_AHEAD: Duration = Duration::from_secs(2);
/// How long the stream runs on after the last sound ends.
pub const REST_AFTER: Duration = Duration::from_secs(3);
/// Frames per device period unless the settings say otherwise: a quarter of a second at
/// 48 kHz, so a running stream wakes the process a few times a period rather than a hundred
/// times a second (the whole process about 45 times a second with PulseAudio's ALSA plugin,
/// against 380 at 1024 frames).
pub const DEFAULT_PERIOD_FRAMES: u32 = 12_000;
/// How long opening the device may take before unknot goes on without sound.
const OPEN_TIMEOUT: Duration = Duration::from_secs(5);

/// What the stream must be awake for: spans of time a sound may play in.
#[derive(Default)]
pub(super) struct Wake {
    /// `(start, end)` of each known sound, pending or playing.
    pub spans: Vec<(Instant, Instant)>,
    /// What the device holds is to be thrown away: the stream starts afresh.
    pub flush: bool,
    pub quit: bool,
}

/// What the session side and the sound thread share.
pub(super) struct Shared {
    pub wake: Mutex<Wake>,
    changed: Condvar,
    /// A sound thread that sleeps in `poll` rather than on `changed` is woken by a byte here.
    waker: Option<UnixStream>,
    /// Until when the running stream has sound in hand (rendered into the device's buffer),
    /// in nanoseconds after `base`; 0 while it rests. Written by the output callback, read
    /// without a lock, so that asking never costs the callback its turn.
    buffered_until: AtomicU64,
    base: Instant,
    /// A flush is asked for and the stream not yet dropped: its callbacks play silence and
    /// leave the source alone, so that no sound is taken into a buffer about to be thrown
    /// away (it plays in the new stream instead).
    pub flushing: AtomicBool,
}

impl Shared {
    pub fn new(waker: Option<UnixStream>) -> Shared {
        Shared {
            wake: Mutex::new(Wake::default()),
            changed: Condvar::new(),
            waker,
            buffered_until: AtomicU64::new(0),
            base: Instant::now(),
            flushing: AtomicBool::new(false),
        }
    }

    /// Tells the sound thread that what it must do has changed.
    fn notify(&self) {
        self.changed.notify_all();
        if let Some(waker) = &self.waker {
            // Non-blocking: a full socket already holds a wake-up.
            let _ = (&*waker).write(&[1]);
        }
    }

    pub fn set_buffered_until(&self, at: Option<Instant>) {
        let nanos = at.map_or(0, |at| {
            u64::try_from(at.saturating_duration_since(self.base).as_nanos())
                .unwrap_or(u64::MAX)
                .max(1)
        });
        self.buffered_until.store(nanos, Ordering::Relaxed);
    }

    fn buffered_until(&self) -> Option<Instant> {
        match self.buffered_until.load(Ordering::Relaxed) {
            0 => None,
            nanos => self.base.checked_add(Duration::from_nanos(nanos)),
        }
    }
}

/// A sound thread started, with what the device is made of.
pub(super) struct Opened {
    pub shared: Arc<Shared>,
    pub thread: std::thread::JoinHandle<()>,
    pub rate: u32,
    pub channels: u16,
    pub source: Arc<Mutex<SchedulerSource>>,
}

/// The open device and the thread that runs its stream.
pub struct Device {
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
    pub rate: u32,
    pub channels: u16,
    pub buffer_frames: u32,
}

impl Device {
    /// Opens the sound output `output` asks for and proves it plays: with `Auto`, straight
    /// to the sound server when one answers, else ALSA's default device. The scheduler
    /// source is created at the output's rate by `make_source` (again, if the first way
    /// failed after making one).
    pub fn open(
        output: SoundOutput,
        buffer_frames: u32,
        mut make_source: impl FnMut(u32) -> SchedulerSource,
    ) -> Result<(Device, Arc<Mutex<SchedulerSource>>), String> {
        let server = match output {
            SoundOutput::Alsa => None,
            SoundOutput::PulseAudio => {
                Some(pulse::server_socket().ok_or_else(|| "no sound server".to_string())?)
            }
            SoundOutput::Auto => pulse::server_socket(),
        };
        let opened = match server {
            Some(socket) => {
                match pulse::open(socket, buffer_frames, OPEN_TIMEOUT, &mut make_source) {
                    Ok(opened) => Ok(opened),
                    Err(why) if output == SoundOutput::PulseAudio => Err(why),
                    Err(_) => open_alsa(buffer_frames, &mut make_source),
                }
            }
            None => open_alsa(buffer_frames, &mut make_source),
        }?;
        let source = opened.source.clone();
        let device = Device {
            shared: opened.shared,
            thread: Some(opened.thread),
            rate: opened.rate,
            channels: opened.channels,
            buffer_frames,
        };
        Ok((device, source))
    }
}

/// Opens ALSA's default output device through cpal and plays one stream start to prove it
/// works.
fn open_alsa(
    buffer_frames: u32,
    make_source: &mut dyn FnMut(u32) -> SchedulerSource,
) -> Result<Opened, String> {
    let (device, config, format) = {
        let _quiet = QuietStderr::new();
        let device = cpal::default_host()
            .default_output_device()
            .ok_or_else(|| "no sound device".to_string())?;
        let supported = device
            .default_output_config()
            .map_err(|e| format!("the sound device has no usable output ({e})"))?;
        let config = StreamConfig {
            channels: supported.channels(),
            sample_rate: supported.sample_rate(),
            buffer_size: cpal::BufferSize::Fixed(buffer_frames),
        };
        (device, config, supported.sample_format())
    };
    let rate = config.sample_rate;
    let channels = config.channels;
    let source = Arc::new(Mutex::new(make_source(rate)));
    let shared = Arc::new(Shared::new(None));
    let (ready_tx, ready_rx) = channel();
    let runner = Runner {
        device,
        config,
        format,
        source: source.clone(),
        shared: shared.clone(),
    };
    let thread = std::thread::Builder::new()
        .name("unknot-sound".into())
        .spawn(move || runner.run(ready_tx))
        .map_err(|e| format!("cannot start the sound thread ({e})"))?;
    let opened = ready_rx
        .recv_timeout(OPEN_TIMEOUT)
        .map_err(|_| "the sound device did not answer".to_string())
        .and_then(|r| r);
    let opened = opened.map(|()| Opened {
        shared: shared.clone(),
        thread,
        rate,
        channels,
        source,
    });
    if opened.is_err() {
        // The thread ends on its own; it is not waited for.
        lock(&shared.wake).quit = true;
        shared.notify();
    }
    opened
}

impl Device {
    /// A sound may play from `start` to `end`: the stream is awake for it.
    pub fn expect(&self, start: Instant, end: Instant) {
        let mut wake = lock(&self.shared.wake);
        wake.spans.push((start, end));
        drop(wake);
        self.shared.notify();
    }

    /// Throws away what the device holds and has not played yet, now: a running stream is
    /// stopped (which drops its buffer) and, if sounds are still due, started afresh. A long
    /// device buffer costs few wake-ups, and this keeps it from costing response: a pause
    /// silences what was already buffered, and a sound due sooner than the buffer reaches
    /// starts on time in the new stream.
    pub fn flush(&self) {
        self.shared.flushing.store(true, Ordering::Release);
        lock(&self.shared.wake).flush = true;
        self.shared.notify();
    }

    /// Until when the running stream has its sound rendered (what is placed before then can
    /// no longer start on its sample in it); `None` while the stream rests.
    pub fn buffered_until(&self) -> Option<Instant> {
        self.shared.buffered_until()
    }

    /// When the last known sound ends.
    pub fn busy_until(&self) -> Option<Instant> {
        lock(&self.shared.wake)
            .spans
            .iter()
            .map(|(_, end)| *end)
            .max()
    }

    /// Replaces the spans still to come; spans already begun are kept.
    pub fn expect_only(&self, spans: impl IntoIterator<Item = (Instant, Instant)>) {
        let now = Instant::now();
        let mut wake = lock(&self.shared.wake);
        wake.spans.retain(|(start, _)| *start <= now);
        wake.spans.extend(spans);
        drop(wake);
        self.shared.notify();
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        lock(&self.shared.wake).quit = true;
        self.shared.notify();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Whether the stream must run at `now` for sounds spanning `spans`, and when that answer
/// next changes: it runs from [`WAKE_AHEAD`] before a sound until [`REST_AFTER`] after it.
pub(super) fn awake(spans: &[(Instant, Instant)], now: Instant) -> (bool, Option<Instant>) {
    let wake_at = |start: Instant| start.checked_sub(WAKE_AHEAD).unwrap_or(start);
    let active =
        |&&(start, end): &&(Instant, Instant)| wake_at(start) <= now && now < end + REST_AFTER;
    let needed = spans.iter().any(|span| active(&span));
    let next_change = spans
        .iter()
        .map(|&(start, end)| {
            if wake_at(start) > now {
                wake_at(start)
            } else {
                end + REST_AFTER
            }
        })
        .filter(|at| *at > now)
        .min();
    (needed, next_change)
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The ALSA sound thread: owns the device and its stream.
struct Runner {
    device: cpal::Device,
    config: StreamConfig,
    format: SampleFormat,
    source: Arc<Mutex<SchedulerSource>>,
    shared: Arc<Shared>,
}

impl Runner {
    fn run(self, ready: Sender<Result<(), String>>) {
        // Prove the device plays: start a stream once, then let it rest until needed.
        match self.start() {
            Ok(stream) => {
                let _ = ready.send(Ok(()));
                self.stop(stream);
            }
            Err(err) => {
                let _ = ready.send(Err(err));
                return;
            }
        }
        let mut stream: Option<cpal::Stream> = None;
        let mut wake = lock(&self.shared.wake);
        loop {
            if wake.quit {
                break;
            }
            let now = Instant::now();
            wake.spans.retain(|(_, end)| *end + REST_AFTER > now);
            if std::mem::take(&mut wake.flush) {
                let running = stream.take();
                drop(wake);
                if let Some(s) = running {
                    self.stop(s);
                }
                self.shared.flushing.store(false, Ordering::Release);
                wake = lock(&self.shared.wake);
                continue;
            }
            let (needed, next_change) = awake(&wake.spans, now);
            match (needed, stream.is_some()) {
                (true, false) => {
                    drop(wake);
                    // A device that fails to start now stays silent until the next cue.
                    stream = self.start().ok();
                    wake = lock(&self.shared.wake);
                    continue;
                }
                (false, true) => {
                    drop(wake);
                    if let Some(s) = stream.take() {
                        self.stop(s);
                    }
                    wake = lock(&self.shared.wake);
                    continue;
                }
                _ => {}
            }
            let timeout = next_change
                .map(|at| at.saturating_duration_since(now) + Duration::from_millis(1))
                .unwrap_or(Duration::from_secs(3600));
            wake = match self.shared.changed.wait_timeout(wake, timeout) {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        drop(wake);
        if let Some(s) = stream.take() {
            self.stop(s);
        }
    }

    fn start(&self) -> Result<cpal::Stream, String> {
        let _quiet = QuietStderr::new();
        lock(&self.source).unanchor();
        let stream = match self.format {
            SampleFormat::I16 => self.build::<i16>(),
            SampleFormat::I32 => self.build::<i32>(),
            SampleFormat::U16 => self.build::<u16>(),
            _ => self.build::<f32>(),
        }?;
        stream
            .play()
            .map_err(|e| format!("the sound device would not play ({e})"))?;
        Ok(stream)
    }

    fn stop(&self, stream: cpal::Stream) {
        let _quiet = QuietStderr::new();
        drop(stream);
        self.shared.set_buffered_until(None);
        lock(&self.source).unanchor();
    }

    fn build<T>(&self) -> Result<cpal::Stream, String>
    where
        T: SizedSample + FromSample<f32>,
    {
        let source = self.source.clone();
        let shared = self.shared.clone();
        let channels = usize::from(self.config.channels).max(1);
        let rate = f64::from(self.config.sample_rate.max(1));
        let buffer_latency = match self.config.buffer_size {
            cpal::BufferSize::Fixed(frames) => Duration::from_secs_f64(f64::from(frames) / rate),
            cpal::BufferSize::Default => Duration::ZERO,
        };
        let mut mono: Vec<f32> = Vec::with_capacity(8192);
        let callback = move |data: &mut [T], info: &cpal::OutputCallbackInfo| {
            let now = Instant::now();
            let stamp = info.timestamp();
            // When the first frame of this buffer reaches the speaker: the device's own
            // estimate, or one buffer where it gives none.
            let reported = stamp.playback.duration_since(stamp.callback);
            let latency = if reported.is_zero() {
                buffer_latency
            } else {
                reported
            };
            let frames = data.len() / channels;
            mono.resize(frames, 0.0);
            if shared.flushing.load(Ordering::Acquire) {
                data.iter_mut().for_each(|s| *s = T::from_sample(0.0));
                return;
            }
            match source.try_lock() {
                Ok(mut src) => {
                    src.observe(now + latency);
                    src.fill(&mut mono);
                    shared.set_buffered_until(src.instant_of(src.position()));
                }
                // Never wait in the audio thread: a lost race costs one buffer of silence.
                Err(_) => mono.iter_mut().for_each(|v| *v = 0.0),
            }
            for (frame, value) in data.chunks_mut(channels).zip(&mono) {
                let sample = T::from_sample(*value);
                frame.iter_mut().for_each(|s| *s = sample);
            }
        };
        let build = |config: StreamConfig| {
            let cb = callback.clone();
            // Errors after the start (an unplugged device, an underrun) are not printed:
            // the session goes on, and the next start tries again.
            self.device
                .build_output_stream::<T, _, _>(config, cb, |_err| {}, None)
        };
        build(self.config)
            .or_else(|_| {
                build(StreamConfig {
                    buffer_size: cpal::BufferSize::Default,
                    ..self.config
                })
            })
            .map_err(|e| format!("the sound device would not open ({e})"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_stream_has_buffered_reads_back_exactly_and_as_nothing_at_rest() {
        let shared = Shared::new(None);
        assert_eq!(shared.buffered_until(), None);
        let at = shared.base + Duration::from_nanos(1_234_567_891);
        shared.set_buffered_until(Some(at));
        assert_eq!(shared.buffered_until(), Some(at));
        // An instant before the device was opened still reads as buffered, never as rest.
        shared.set_buffered_until(shared.base.checked_sub(Duration::from_secs(1)));
        assert!(shared.buffered_until().is_some());
        shared.set_buffered_until(None);
        assert_eq!(shared.buffered_until(), None);
    }

    #[test]
    fn the_stream_runs_only_around_its_sounds() {
        let t0 = Instant::now();
        let s = |secs: u64| t0 + Duration::from_secs(secs);
        // A tick at 10 s (lasting a second) and a rep at 30 s.
        let spans = [(s(10), s(11)), (s(30), s(31))];
        // Quiet until two seconds before the tick; wake then.
        assert_eq!(awake(&spans, s(0)), (false, Some(s(8))));
        // Awake through the tick and three seconds after it.
        assert_eq!(awake(&spans, s(8)), (true, Some(s(14))));
        assert_eq!(awake(&spans, s(12)), (true, Some(s(14))));
        // Resting between, until two seconds before the rep.
        assert_eq!(awake(&spans, s(14)), (false, Some(s(28))));
        assert_eq!(awake(&spans, s(29)), (true, Some(s(34))));
        assert_eq!(awake(&spans, s(40)), (false, None));
        // Sounds a second apart keep it running without a break.
        let reps: Vec<_> = (0..5)
            .map(|k| (s(10 + k), s(10 + k) + Duration::from_millis(30)))
            .collect();
        for k in 8..17 {
            assert!(awake(&reps, s(k)).0, "asleep at {k} s");
        }
        assert!(!awake(&reps, s(18)).0);
    }
}
