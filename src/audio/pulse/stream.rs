//! The sound thread with a sound server: one connection, a playback stream only while a
//! sound is near.
//!
//! The thread sleeps in `poll` on the server's socket and on a wake-up socket the session
//! side writes to when its plan changes. While a stream exists the server asks for data a
//! period at a time; each answer fills the scheduler source, after telling it when the
//! answer's first frame will be heard ([`PlayClock`]), and asks the server for its latency
//! again, which keeps that clock true. A flush asks the server to drop what it holds; resting
//! deletes the stream, so an idle player has no stream and no wake-ups.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use pulseaudio::protocol::stream::BufferAttr;
use pulseaudio::protocol::{
    ChannelMap, Command, LatencyParams, PlaybackLatency, PlaybackStreamParams, Prop, Props,
    SampleFormat, SampleSpec,
};

use super::connect::{Connection, IO_TIMEOUT, Message, reply_reader, usable_rate};
use super::timing::{PlayClock, Query, Report, next_chunk, to_bytes};
use crate::audio::device::{Opened, REST_AFTER, Shared, awake, lock};
use crate::audio::scheduler::SchedulerSource;

/// The stream is 32-bit float mono: four bytes a frame.
const FRAME_BYTES: u64 = 4;
/// What the sink itself holds ahead of the speaker: what a pause cannot take back, since the
/// server has already mixed it. The stream's own buffer, two periods, is dropped by a flush.
const SINK_LATENCY: Duration = Duration::from_millis(25);
/// The largest piece of sound data sent at once.
const MAX_CHUNK: u64 = 64 * 1024;
/// The most the server may have asked for and not had: more is garbage.
const MAX_OWED: u64 = 4 * 1024 * 1024;
/// A report this far from where the source has its anchor moves the anchor at once.
const REANCHOR: Duration = Duration::from_millis(2);
/// A report whose question and answer took longer than this is not exact: the answer's
/// moment is known to half of it.
const EXACT_ROUND_TRIP: Duration = Duration::from_millis(1);
/// After a stream could not be made, how long before trying again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Connects to the server at `socket`, proves it takes a stream, and starts the sound
/// thread; all within `timeout`, or an error (the caller then tries ALSA or goes silent).
/// The scheduler source is made by `make_source` at the server's rate.
pub fn open(
    socket: PathBuf,
    buffer_frames: u32,
    timeout: Duration,
    make_source: &mut dyn FnMut(u32) -> SchedulerSource,
) -> Result<Opened, String> {
    let (wake_tx, wake_rx) =
        UnixStream::pair().map_err(|e| format!("cannot start the sound thread ({e})"))?;
    for end in [&wake_tx, &wake_rx] {
        end.set_nonblocking(true)
            .map_err(|e| format!("cannot start the sound thread ({e})"))?;
    }
    let shared = Arc::new(Shared::new(Some(wake_tx)));
    let (ready_tx, ready_rx) = channel::<Result<u32, String>>();
    let (source_tx, source_rx) = channel::<Arc<Mutex<SchedulerSource>>>();
    let thread_shared = shared.clone();
    let thread = std::thread::Builder::new()
        .name("unknot-sound".into())
        .stack_size(256 * 1024)
        .spawn(move || {
            let deadline = Instant::now() + timeout;
            let proved = Connection::open(&socket, deadline).and_then(|mut connection| {
                prove(&mut connection, buffer_frames, deadline).map(|()| connection)
            });
            let connection = match proved {
                Ok(c) => c,
                Err(why) => {
                    let _ = ready_tx.send(Err(why));
                    return;
                }
            };
            let rate = connection.rate;
            if ready_tx.send(Ok(rate)).is_err() {
                return;
            }
            let Ok(source) = source_rx.recv_timeout(timeout) else {
                return;
            };
            let runner = Runner {
                socket,
                connection: Some(connection),
                stream: None,
                source,
                shared: thread_shared,
                waker: wake_rx,
                rate,
                period_bytes: period_bytes(buffer_frames),
                retry_at: None,
                mono: Vec::new(),
                bytes: Vec::new(),
            };
            runner.run();
        })
        .map_err(|e| format!("cannot start the sound thread ({e})"))?;
    // A thread that does not answer in time is left to end on its own deadline.
    let rate = ready_rx
        .recv_timeout(timeout)
        .map_err(|_| "the sound server did not answer".to_string())
        .and_then(|r| r)?;
    let source = Arc::new(Mutex::new(make_source(rate)));
    source_tx
        .send(source.clone())
        .map_err(|_| "the sound thread ended".to_string())?;
    Ok(Opened {
        shared,
        thread,
        rate,
        channels: 1,
        source,
    })
}

/// One period in bytes (what the server asks for at a time), within what a request can be.
fn period_bytes(buffer_frames: u32) -> u32 {
    buffer_frames.clamp(32, 65_536) * FRAME_BYTES as u32
}

/// The stream to make: mono float at the server's rate, two periods of buffer plus the
/// sink's share, asked for a period at a time.
fn stream_params(rate: u32, period_bytes: u32) -> PlaybackStreamParams {
    let sink_bytes = (u64::from(rate) * FRAME_BYTES * SINK_LATENCY.as_millis() as u64 / 1000)
        .try_into()
        .unwrap_or(u32::MAX);
    let mut props = Props::new();
    props.set(Prop::MediaName, c"cues");
    props.set(Prop::MediaRole, c"event");
    PlaybackStreamParams {
        sample_spec: SampleSpec {
            format: SampleFormat::Float32Le,
            channels: 1,
            sample_rate: rate,
        },
        channel_map: ChannelMap::mono(),
        buffer_attr: BufferAttr {
            max_length: u32::MAX,
            // Without "adjust latency" the server gives the sink what the target leaves
            // beyond two requests: the sink's share.
            target_length: period_bytes.saturating_mul(2).saturating_add(sink_bytes),
            pre_buffering: u32::MAX,
            minimum_request_length: period_bytes,
            fragment_size: u32::MAX,
        },
        props,
        ..PlaybackStreamParams::default()
    }
}

/// What we use of the server's answer to a new stream.
struct Created {
    channel: u32,
    /// How many bytes it wants now.
    requested: u32,
    /// The rate it plays the stream at (the sink's, when asked to follow it).
    rate: u32,
}

/// Reads the server's answer to a new stream as far as we use it (the rest, with its format
/// properties, is not read).
fn created(body: &[u8], version: u16) -> Result<Created, String> {
    reply_reader(body, version, |ts| {
        let channel = ts.read_u32()?;
        let _index = ts.read_u32()?;
        let requested = ts.read_u32()?;
        // The buffer the server chose: maximum, target, pre-buffering, request size.
        for _ in 0..4 {
            ts.read_u32()?;
        }
        let spec: SampleSpec = ts.read()?;
        Ok(Created {
            channel,
            requested,
            rate: spec.sample_rate,
        })
    })
}

fn latency_report(body: &[u8], version: u16) -> Result<Report, String> {
    reply_reader(body, version, |ts| ts.read::<PlaybackLatency>()).map(|l| Report {
        sink_usec: l.sink_usec,
        playing: l.playing,
        write_offset: l.write_offset,
        read_offset: l.read_offset,
    })
}

/// Makes a stream that follows the sink's rate and deletes it: the server takes ours, and
/// says the rate to make ours at, so that it never resamples our sounds.
fn prove(connection: &mut Connection, buffer_frames: u32, deadline: Instant) -> Result<(), String> {
    let mut params = stream_params(connection.rate, period_bytes(buffer_frames));
    params.flags.fix_rate = true;
    let body = connection.call_with(&Command::CreatePlaybackStream(params), deadline, |_| {})?;
    let stream = created(&body, connection.version)?;
    connection.call_with(
        &Command::DeletePlaybackStream(stream.channel),
        deadline,
        |_| {},
    )?;
    connection.rate = usable_rate(stream.rate);
    Ok(())
}

/// Tells the source when its next sample is heard. The server's reports are exact, unlike an
/// output callback's clock, whose noise the source averages away: after a fresh report that
/// came back quickly and moved by more than [`REANCHOR`], the source takes it at once (the sink's latency settles
/// in the first seconds of a stream, and a slow follower would lag it by many milliseconds).
fn set_anchor(source: &mut SchedulerSource, heard_at: Instant, fresh_report: bool) {
    let next = SchedulerSource::position(source);
    let moved = source.instant_of(next).is_none_or(|predicted| {
        let error = if predicted > heard_at {
            predicted - heard_at
        } else {
            heard_at - predicted
        };
        error > REANCHOR
    });
    if fresh_report && moved {
        source.anchor(heard_at);
    } else {
        source.observe(heard_at);
    }
}

/// The playback stream while it exists.
struct Stream {
    channel: u32,
    /// Bytes the server asked for and has not had yet.
    owed: u64,
    /// Bytes written so far.
    written: u64,
    clock: PlayClock,
    /// The latency question in flight, if any.
    query: Option<Query>,
    /// A report came since the last write: the next write sets the source's anchor by it.
    reported: bool,
}

struct Runner {
    socket: PathBuf,
    connection: Option<Connection>,
    stream: Option<Stream>,
    source: Arc<Mutex<SchedulerSource>>,
    shared: Arc<Shared>,
    /// Readable when the session side changed what the stream must do.
    waker: UnixStream,
    rate: u32,
    period_bytes: u32,
    /// No stream is tried again before then (the last try failed).
    retry_at: Option<Instant>,
    mono: Vec<f32>,
    bytes: Vec<u8>,
}

impl Runner {
    fn run(mut self) {
        loop {
            let now = Instant::now();
            let (quit, flush, needed, next_change) = {
                let mut wake = lock(&self.shared.wake);
                wake.spans.retain(|(_, end)| *end + REST_AFTER > now);
                let (needed, next_change) = awake(&wake.spans, now);
                (
                    wake.quit,
                    std::mem::take(&mut wake.flush),
                    needed,
                    next_change,
                )
            };
            if quit {
                break;
            }
            if flush {
                self.flush();
                self.shared.flushing.store(false, Ordering::Release);
            }
            let may_try = self.retry_at.is_none_or(|at| now >= at);
            match (needed, self.stream.is_some()) {
                (true, false) if may_try => {
                    if let Err(_why) = self.start() {
                        // Silent until the next try, on a fresh connection (this one may
                        // be dead); the session goes on.
                        self.stop();
                        self.disconnect();
                    }
                }
                (false, true) => self.stop(),
                _ => {}
            }
            if !needed {
                self.retry_at = None;
            }
            let mut until = next_change.map(|at| at + Duration::from_millis(1));
            if needed && self.stream.is_none() {
                until = until.into_iter().chain(self.retry_at).min();
            }
            self.wait(until);
        }
        self.stop();
    }

    /// Sleeps until `until`, the session side's word or the server's; handles what the
    /// server said.
    fn wait(&mut self, until: Option<Instant>) {
        let timeout_ms = until.map_or(3_600_000, |at| {
            let left = at.saturating_duration_since(Instant::now());
            i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
        });
        let server = self.connection.as_ref().map_or(-1, Connection::fd);
        let mut fds = [
            libc::pollfd {
                fd: self.waker.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: server,
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, timeout_ms) };
        if ready <= 0 {
            return;
        }
        if fds[0].revents != 0 {
            let mut sink = [0u8; 64];
            while matches!((&self.waker).read(&mut sink), Ok(n) if n > 0) {}
        }
        if fds[1].revents != 0 {
            let received = self
                .connection
                .as_mut()
                .map(|c| c.receive(Instant::now() + IO_TIMEOUT));
            match received {
                Some(Ok(message)) => {
                    self.handle(message);
                    if self.write_owed().is_err() {
                        self.disconnect();
                    }
                }
                Some(Err(_)) => self.disconnect(),
                None => {}
            }
        }
    }

    /// Acts on one message from the server.
    fn handle(&mut self, message: Message) {
        let Some(stream) = &mut self.stream else {
            return;
        };
        match message {
            Message::Request { channel, bytes } if channel == stream.channel => {
                stream.owed = (stream.owed + u64::from(bytes)).min(MAX_OWED);
            }
            Message::Reply { tag, body } if stream.query.is_some_and(|q| q.tag == tag) => {
                let received = Instant::now();
                let version = self.connection.as_ref().map_or(0, |c| c.version);
                if let (Some(query), Ok(report)) =
                    (stream.query.take(), latency_report(&body, version))
                {
                    let taken = stream.clock.measured(&query, received, &report, false);
                    // Only an answer that came back quickly is exact enough to move the
                    // anchor at once; the others are averaged in.
                    stream.reported = taken && received - query.sent <= EXACT_ROUND_TRIP;
                }
            }
            Message::Failed { tag, .. } if stream.query.is_some_and(|q| q.tag == tag) => {
                stream.query = None;
            }
            Message::Killed { channel } if channel == stream.channel => {
                self.stop();
                self.retry_at = Some(Instant::now() + RETRY_AFTER);
            }
            _ => {}
        }
    }

    /// Makes the stream (connecting first if need be), learns when its first byte will be
    /// heard, and writes what the server asks for.
    fn start(&mut self) -> Result<(), String> {
        if self.connection.is_none() {
            let deadline = Instant::now() + IO_TIMEOUT * 2;
            self.connection = Some(Connection::open(&self.socket, deadline)?);
        }
        let params = stream_params(self.rate, self.period_bytes);
        let connection = self.connection()?;
        let body = connection.call_with(
            &Command::CreatePlaybackStream(params),
            Instant::now() + IO_TIMEOUT,
            |_| {},
        )?;
        let Created {
            channel, requested, ..
        } = created(&body, connection.version)?;
        self.stream = Some(Stream {
            channel,
            owed: u64::from(requested).min(MAX_OWED),
            written: 0,
            clock: PlayClock::new(self.rate.saturating_mul(FRAME_BYTES as u32)),
            query: None,
            reported: false,
        });
        lock(&self.source).unanchor();
        self.anchor_afresh()?;
        self.write_owed()
    }

    /// Throws away what the server holds of the stream and starts its clock afresh.
    fn flush(&mut self) {
        let Some(channel) = self.stream.as_ref().map(|s| s.channel) else {
            return;
        };
        if let Some(stream) = &mut self.stream {
            stream.clock.forget();
            stream.query = None;
        }
        self.shared.set_buffered_until(None);
        lock(&self.source).unanchor();
        let flushed = self
            .connection()
            .and_then(|c| c.send(&Command::FlushPlaybackStream(channel)))
            .and_then(|_| self.anchor_afresh())
            .and_then(|()| self.write_owed());
        if flushed.is_err() {
            self.disconnect();
        }
    }

    /// Asks the stream's latency and waits for the answer: a stream just made or flushed
    /// starts playing when its first data arrives, after the sink's latency.
    fn anchor_afresh(&mut self) -> Result<(), String> {
        let channel = self.stream.as_ref().map(|s| s.channel).ok_or("no stream")?;
        let written = self.stream.as_ref().map_or(0, |s| s.written);
        let connection = self.connection()?;
        let sent = Instant::now();
        let tag = connection.send(&Command::GetPlaybackLatency(LatencyParams {
            channel,
            now: SystemTime::now(),
        }))?;
        let deadline = sent + IO_TIMEOUT;
        loop {
            let connection = self.connection()?;
            let version = connection.version;
            match connection.receive(deadline)? {
                Message::Reply { tag: t, body } if t == tag => {
                    let report = latency_report(&body, version)?;
                    let query = Query { tag, sent, written };
                    let stream = self.stream.as_mut().ok_or("no stream")?;
                    if stream.clock.measured(&query, Instant::now(), &report, true) {
                        return Ok(());
                    }
                    return Err("the sound server's timing makes no sense".into());
                }
                Message::Failed { tag: t, code } if t == tag => {
                    return Err(format!("the sound server refused (error {code})"));
                }
                other => self.handle(other),
            }
            if self.stream.is_none() {
                return Err("the stream ended".into());
            }
        }
    }

    /// Writes what the server asked for, each piece placed by the clock, then asks the
    /// latency again if no question is in flight.
    fn write_owed(&mut self) -> Result<(), String> {
        let Some(stream) = &mut self.stream else {
            return Ok(());
        };
        let Some(connection) = &mut self.connection else {
            return Err("no connection".into());
        };
        let mut wrote = false;
        loop {
            let n = next_chunk(stream.owed, FRAME_BYTES, MAX_CHUNK);
            if n == 0 {
                break;
            }
            self.mono.clear();
            self.mono.resize((n / FRAME_BYTES) as usize, 0.0);
            // A flush is on its way: what would be taken from the source now would be thrown
            // away with the buffer, so silence goes instead and the sounds wait for it.
            if !self.shared.flushing.load(Ordering::Acquire) {
                let mut source = lock(&self.source);
                if let Some(at) = stream.clock.heard_at(stream.written) {
                    set_anchor(&mut source, at, std::mem::take(&mut stream.reported));
                }
                source.fill(&mut self.mono);
                self.shared
                    .set_buffered_until(source.instant_of(source.position()));
            }
            to_bytes(&self.mono, &mut self.bytes);
            connection.send_data(stream.channel, &self.bytes)?;
            stream.written += n;
            stream.owed -= n;
            wrote = true;
        }
        if wrote && stream.query.is_none() {
            let sent = Instant::now();
            let tag = connection.send(&Command::GetPlaybackLatency(LatencyParams {
                channel: stream.channel,
                now: SystemTime::now(),
            }))?;
            stream.query = Some(Query {
                tag,
                sent,
                written: stream.written,
            });
        }
        Ok(())
    }

    /// Deletes the stream, if any: the player rests.
    fn stop(&mut self) {
        if let Some(stream) = self.stream.take()
            && let Some(connection) = &mut self.connection
            && connection
                .send(&Command::DeletePlaybackStream(stream.channel))
                .is_err()
        {
            self.connection = None;
        }
        self.shared.set_buffered_until(None);
        lock(&self.source).unanchor();
    }

    /// The server went away or spoke garbage: forget it; the next sound connects afresh.
    fn disconnect(&mut self) {
        self.stream = None;
        self.connection = None;
        self.shared.set_buffered_until(None);
        lock(&self.source).unanchor();
        self.retry_at = Some(Instant::now() + RETRY_AFTER);
    }

    fn connection(&mut self) -> Result<&mut Connection, String> {
        self.connection
            .as_mut()
            .ok_or_else(|| "no connection to the sound server".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_asks_a_period_at_a_time_and_leaves_the_sink_its_share() {
        let params = stream_params(48_000, period_bytes(12_000));
        let attr = params.buffer_attr;
        assert_eq!(attr.minimum_request_length, 48_000);
        // Two periods and 25 ms of sink.
        assert_eq!(attr.target_length, 96_000 + 4_800);
        assert_eq!(params.sample_spec.channels, 1);
        assert_eq!(period_bytes(0), 128);
        assert_eq!(period_bytes(u32::MAX), 262_144);
    }
}
