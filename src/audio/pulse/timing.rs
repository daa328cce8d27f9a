//! Where in real time each byte written to the stream is heard, from what the server reports.
//!
//! We count the bytes we write. Asked for the stream's latency, the server answers with how
//! long what its sink is reading now takes to be heard (`sink_usec`) and its read and write
//! offsets in the stream: what we had written when the question left is heard the sink's
//! latency plus what was queued ahead of it after the moment the server answered (taken as
//! half-way through the round trip, a fraction of a millisecond on a local socket). Every
//! later byte follows at the stream's rate. Counting in our own bytes, rather than the
//! server's offsets, keeps the sum right across a flush, which moves the server's.

use std::time::{Duration, Instant};

/// The server's answer to a latency question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sink_usec: u64,
    /// Whether the server is reading the stream (it is not before the first data, or when a
    /// flush or an underrun has emptied it).
    pub playing: bool,
    pub write_offset: i64,
    pub read_offset: i64,
}

/// A latency question in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub tag: u32,
    pub sent: Instant,
    /// How many bytes we had written when it was sent.
    pub written: u64,
}

/// A sink latency longer than this is not believed.
const MAX_SINK_LATENCY: Duration = Duration::from_secs(10);
/// Nor a stream buffer longer than this.
const MAX_QUEUED_SECS: f64 = 30.0;

/// Which byte of the stream is heard when.
#[derive(Debug, Clone)]
pub struct PlayClock {
    bytes_per_second: f64,
    /// Byte `.0` (of those we wrote) is heard at `.1`.
    anchor: Option<(u64, Instant)>,
}

impl PlayClock {
    pub fn new(bytes_per_second: u32) -> PlayClock {
        PlayClock {
            bytes_per_second: f64::from(bytes_per_second.max(1)),
            anchor: None,
        }
    }

    /// When byte `written` (counting what we wrote) is heard; `None` until a report came.
    pub fn heard_at(&self, written: u64) -> Option<Instant> {
        let (index, at) = self.anchor?;
        Some(shift(
            at,
            (written as f64 - index as f64) / self.bytes_per_second,
        ))
    }

    /// The stream was flushed or made afresh: what it reported before no longer holds.
    pub fn forget(&mut self) {
        self.anchor = None;
    }

    /// Takes a report that answers `query`, received at `received`. A report of a stream that
    /// is not playing is taken only as the start of one (`starting`): its data will play from
    /// the moment it arrives. Returns whether it was taken (a nonsensical one is not).
    pub fn measured(
        &mut self,
        query: &Query,
        received: Instant,
        report: &Report,
        starting: bool,
    ) -> bool {
        let sink = Duration::from_micros(report.sink_usec);
        let queued =
            report.write_offset.saturating_sub(report.read_offset) as f64 / self.bytes_per_second;
        let sensible = sink <= MAX_SINK_LATENCY && queued.abs() <= MAX_QUEUED_SECS;
        if !sensible || !(report.playing || starting) || received < query.sent {
            return false;
        }
        let answered = query.sent + (received - query.sent) / 2;
        self.anchor = Some((query.written, shift(answered + sink, queued)));
        true
    }
}

/// How many bytes to write next of the `owed` the server asked for: whole frames, at most
/// `max` (a long request is written in pieces, so that no piece is a large allocation).
pub fn next_chunk(owed: u64, frame_bytes: u64, max: u64) -> u64 {
    let frame_bytes = frame_bytes.max(1);
    let n = owed.min(max.max(frame_bytes));
    n - n % frame_bytes
}

/// Mono samples as the stream's bytes (32-bit float, little-endian).
pub fn to_bytes(samples: &[f32], out: &mut Vec<u8>) {
    out.clear();
    out.extend(samples.iter().flat_map(|s| s.to_le_bytes()));
}

fn shift(at: Instant, secs: f64) -> Instant {
    let d = Duration::try_from_secs_f64(secs.abs()).unwrap_or_default();
    if secs >= 0.0 {
        at.checked_add(d).unwrap_or(at)
    } else {
        at.checked_sub(d).unwrap_or(at)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    const BPS: u32 = 48_000 * 4;

    fn report(sink_ms: u64, playing: bool, write: i64, read: i64) -> Report {
        Report {
            sink_usec: sink_ms * 1000,
            playing,
            write_offset: write,
            read_offset: read,
        }
    }

    #[test]
    fn what_was_written_is_heard_after_the_sink_and_what_is_queued_before_it() {
        let t0 = Instant::now();
        let mut clock = PlayClock::new(BPS);
        assert_eq!(clock.heard_at(0), None);
        // Asked at t0 with 96000 bytes written, answered 2 ms later: the sink is 25 ms
        // behind, and half a second (96000 bytes) is queued ahead of it.
        let query = Query {
            tag: 1,
            sent: t0,
            written: 96_000,
        };
        let r = report(25, true, 96_000, 0);
        assert!(clock.measured(&query, t0 + Duration::from_millis(2), &r, false));
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        // The question was answered at t0 + 1 ms: the byte then written is heard 525 ms on.
        assert_eq!(clock.heard_at(96_000), Some(at(526)));
        // A quarter of a second later in the stream is a quarter of a second later.
        assert_eq!(clock.heard_at(96_000 + 48_000), Some(at(776)));
        assert_eq!(clock.heard_at(48_000), Some(at(276)));
    }

    #[test]
    fn our_count_holds_across_a_flush_that_moves_the_servers() {
        let t0 = Instant::now();
        let mut clock = PlayClock::new(BPS);
        // After a flush the server's offsets are its own (both at the read point), while
        // we have written 1 MB: the next byte we write is heard after the sink alone.
        let query = Query {
            tag: 4,
            sent: t0,
            written: 1_000_000,
        };
        let r = report(20, false, 5_000_000, 5_000_000);
        assert!(!clock.measured(&query, t0, &r, false), "not playing");
        assert!(clock.measured(&query, t0, &r, true), "a start");
        assert_eq!(
            clock.heard_at(1_000_000),
            Some(t0 + Duration::from_millis(20))
        );
        clock.forget();
        assert_eq!(clock.heard_at(1_000_000), None);
    }

    #[test]
    fn a_stream_run_dry_places_what_comes_after_its_read_point() {
        // The server read 10 ms past what was written (an underrun with no pre-buffering):
        // data written now is already 10 ms late.
        let t0 = Instant::now();
        let mut clock = PlayClock::new(BPS);
        let query = Query {
            tag: 2,
            sent: t0,
            written: 500,
        };
        assert!(clock.measured(&query, t0, &report(0, true, 100, 100 + 1920), false));
        assert_eq!(
            clock.heard_at(500),
            t0.checked_sub(Duration::from_millis(10))
        );
    }

    #[test]
    fn nonsense_reports_are_not_taken() {
        let t0 = Instant::now();
        let mut clock = PlayClock::new(BPS);
        let query = Query {
            tag: 3,
            sent: t0,
            written: 0,
        };
        let later = t0 + Duration::from_millis(1);
        assert!(!clock.measured(&query, later, &report(60_000, true, 0, 0), false));
        assert!(!clock.measured(&query, later, &report(10, true, i64::MAX, i64::MIN), false));
        assert!(!clock.measured(
            &query,
            t0.checked_sub(Duration::from_millis(1)).unwrap(),
            &report(10, true, 0, 0),
            false
        ));
        assert_eq!(clock.heard_at(0), None);
    }

    #[test]
    fn requests_are_written_in_whole_frames_of_bounded_pieces() {
        assert_eq!(next_chunk(48_000, 4, 65_536), 48_000);
        assert_eq!(next_chunk(200_000, 4, 65_536), 65_536);
        assert_eq!(next_chunk(7, 4, 65_536), 4);
        assert_eq!(next_chunk(3, 4, 65_536), 0);
        // A maximum under a frame still moves a frame at a time.
        assert_eq!(next_chunk(10, 4, 0), 4);
        // Ten pieces and a remainder for a request of 10.5 maxima.
        let (mut owed, mut pieces) = (10 * 1024 + 512, 0);
        while next_chunk(owed, 4, 1024) > 0 {
            owed -= next_chunk(owed, 4, 1024);
            pieces += 1;
        }
        assert_eq!((owed, pieces), (0, 11));
    }

    #[test]
    fn samples_go_out_as_little_endian_floats() {
        let mut out = vec![9];
        to_bytes(&[0.5, -1.0], &mut out);
        assert_eq!(out, [0, 0, 0, 63, 0, 0, 128, 191]);
    }
}
