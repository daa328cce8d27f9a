//! The one place where the player's cues go out of the event loop.
//!
//! The loop calls [`CueSink::cues`] with every cue the session emits, the moment it falls due
//! (whether or not it was announced ahead), and [`CueSink::upcoming`] whenever the schedule may
//! have changed — the session started, a key moved it, cues fired — with the cues due within
//! the next [`SCHEDULE_AHEAD`] of session time and the real instant each falls on. An output that
//! places sounds ahead (to start them on the exact sample) uses the latter and then skips those
//! cues in `cues`; an empty list means nothing is coming (paused, waiting): cancel what was placed.
//! `m` and `--mute` reach the sink through [`CueSink::set_muted`]; the sink decides what muting
//! means for it (sound off, the terminal bell kept or not).

use std::time::{Duration, Instant};

use crate::cue::Cue;
use crate::plan::Plan;

/// How far ahead, in session time, [`CueSink::upcoming`] announces cues.
pub const SCHEDULE_AHEAD: Duration = Duration::from_secs(2);

/// A cue announced ahead, with the real instant it falls on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduledCue {
    pub cue: Cue,
    pub at: Instant,
}

/// An output for cues: sound, the terminal bell, spoken words.
pub trait CueSink {
    /// The cues that just fell due, in the order the session emitted them.
    fn cues(&mut self, plan: &Plan, cues: &[Cue]);

    /// The cues due within [`SCHEDULE_AHEAD`], replacing any announced before.
    fn upcoming(&mut self, _plan: &Plan, _cues: &[ScheduledCue]) {}

    /// The runner turned the sound off (`true`) or back on.
    fn set_muted(&mut self, _muted: bool) {}

    /// One line for the runner about the output itself ("no sound device: using the terminal
    /// bell"), shown on the player screen; the loop asks after every wake-up.
    fn notice(&self) -> Option<String> {
        None
    }
}

/// A sink that drops every cue: the screen alone tells the runner what happens.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl CueSink for Silent {
    fn cues(&mut self, _plan: &Plan, _cues: &[Cue]) {}
}
