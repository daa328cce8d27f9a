//! The session: the state machine that plays a plan.
//!
//! Pure: it never reads a clock, sleeps or prints. The caller passes the current instant of its own
//! monotonic clock, already in session time (scaled by `--speed`), and gets back the cues that fell due.

use std::sync::Arc;
use std::time::Duration;

use crate::cue::{Cue, Direction};
use crate::plan::Plan;
use crate::routine::Side;

/// What the runner can do during a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    TogglePause,
    Next,
    Back,
    Extend,
    Shorten,
    Confirm,
    /// How tender the spot of the current part is, 1–5; other values are ignored.
    Rate(u8),
    Quit,
}

/// A plan being played.
#[derive(Debug, Clone)]
pub struct Session {
    plan: Arc<Plan>,
}

/// What the session looks like at an instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub segment: usize,
    pub segment_length: Duration,
    pub elapsed_in_segment: Duration,
    pub remaining: Duration,
    pub elapsed: Duration,
    pub paused: bool,
    pub waiting: bool,
    pub rep: Option<(u16, u16)>,
    pub direction: Option<Direction>,
    pub release: Option<ReleaseState>,
    pub finished: bool,
    pub quit: bool,
}

/// Where a hold range stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseState {
    In(Duration),
    Allowed,
}

/// The end-of-session figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub elapsed: Duration,
    pub planned: Duration,
    pub parts_done: usize,
    pub parts_skipped: usize,
    pub total_parts: usize,
    pub finished: bool,
}

/// How tender a spot was, as rated by the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpotRating {
    pub segment: usize,
    pub step: usize,
    pub side: Option<Side>,
    pub spot: Option<u8>,
    pub value: u8,
}

impl Session {
    pub fn new(plan: Plan, _now: Duration) -> Session {
        Session {
            plan: Arc::new(plan),
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn advance(&mut self, _now: Duration) -> Vec<Cue> {
        Vec::new()
    }

    pub fn handle(&mut self, _input: Input, now: Duration) -> Vec<Cue> {
        self.advance(now)
    }

    pub fn next_deadline(&self) -> Option<Duration> {
        None
    }

    pub fn upcoming(&self, _now: Duration, _horizon: Duration) -> Vec<Cue> {
        Vec::new()
    }

    pub fn status(&self, _now: Duration) -> Status {
        Status {
            segment: 0,
            segment_length: Duration::ZERO,
            elapsed_in_segment: Duration::ZERO,
            remaining: Duration::ZERO,
            elapsed: Duration::ZERO,
            paused: false,
            waiting: false,
            rep: None,
            direction: None,
            release: None,
            finished: false,
            quit: false,
        }
    }

    pub fn summary(&self, _now: Duration) -> Summary {
        Summary {
            elapsed: Duration::ZERO,
            planned: self.plan.total,
            parts_done: 0,
            parts_skipped: 0,
            total_parts: 0,
            finished: false,
        }
    }

    pub fn ratings(&self) -> &[SpotRating] {
        &[]
    }
}
