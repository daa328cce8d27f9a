//! The session driver: what is due when, and what to hand each output ahead of time.
//!
//! Every way of playing a session (the full-screen player, headless play, `watch` previews)
//! goes through one [`Driver`]. It owns the [`Session`] and, beside it, a look-ahead: a copy of
//! the session run ahead by a horizon, whose cues are handed out before their instant so a
//! sound can be placed on its exact sample. When the session itself reaches a cue, the driver
//! says whether it was handed ahead, so no output sounds it twice; when an input moves the
//! session (pause, skip, extend, back, quit), what was handed and is not yet due is retracted
//! and the look-ahead starts again from the session as it now is.
//!
//! Pure: no terminal, sound, files or clock. The caller passes the current instant of its own
//! clock (session time, as the session takes it) and carries the [`Batch`] it gets back to
//! its outputs. Work is linear in the cues: the look-ahead is a cursor, never a scan, and each
//! call does a bounded amount of it ([`BUDGET`]), so a caller can look at its keys and signals
//! between calls however many cues fall due at once.

mod lookahead;
#[cfg(test)]
mod tests;

use std::time::Duration;

use crate::cue::Cue;
use crate::plan::Plan;
use crate::session::{Input, Session};
use lookahead::Lookahead;

/// How many cues one call to [`Driver::catch_up`] hands out at most, due and ahead together.
pub const BUDGET: usize = 256;

/// How a session is played.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Answer a placement that waits at once (headless play reads no keys).
    pub answer_waits: bool,
    /// How far ahead of the present, in session time, cues are handed out. Zero hands out
    /// nothing ahead.
    pub horizon: Duration,
}

/// A cue that fell due, and whether it was handed out ahead of its instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Due {
    pub cue: Cue,
    pub handed: bool,
}

/// What one call of the driver asks of the outputs, in this order: take the cues now due,
/// forget what was handed ahead and is still to come (`retract`), take the cues handed ahead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    /// Everything handed ahead and not yet due is void: the session was moved.
    pub retract: bool,
    pub due: Vec<Due>,
    pub ahead: Vec<Cue>,
    /// The budget ran out with work left: call again at once (after a look at the input).
    pub more: bool,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        !self.retract && self.due.is_empty() && self.ahead.is_empty()
    }

    fn absorb(&mut self, other: Batch) {
        self.retract |= other.retract;
        self.due.extend(other.due);
        self.ahead.extend(other.ahead);
        self.more |= other.more;
    }
}

/// A session being played, with its look-ahead.
#[derive(Debug, Clone)]
pub struct Driver {
    session: Session,
    /// The instant the session starts (it may lie a little in the future, so that its first
    /// cue can be handed out ahead too).
    start: Duration,
    ahead: Lookahead,
    policy: Policy,
}

impl Driver {
    /// A session of `plan` that starts at `start` on the caller's clock.
    pub fn new(plan: Plan, start: Duration, policy: Policy) -> Driver {
        Driver::from_session(Session::new(plan, start), start, policy)
    }

    /// Plays a session made elsewhere (one that knows which steps may be rated), which starts
    /// at `start`.
    pub fn from_session(session: Session, start: Duration, policy: Policy) -> Driver {
        let ahead = Lookahead::fork(&session);
        Driver {
            session,
            start,
            ahead,
            policy,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn plan(&self) -> &Plan {
        self.session.plan()
    }

    /// The instant the session starts on the caller's clock.
    pub fn start(&self) -> Duration {
        self.start
    }

    /// Plays the session on to `now`: the cues due by then, deadline by deadline (a wait
    /// answered on its instant when the policy says so), then the cues within the horizon
    /// handed out ahead; at most [`BUDGET`] cues in all.
    pub fn catch_up(&mut self, now: Duration) -> Batch {
        let mut batch = Batch::default();
        let mut left = BUDGET;
        while left > 0 {
            let Some(deadline) = self.session.next_deadline() else {
                break;
            };
            if deadline > now {
                break;
            }
            let mut cues = self.session.advance_at_most(deadline, left);
            if self.policy.answer_waits {
                while self.session.status(deadline).waiting {
                    cues.extend(self.session.handle(Input::Confirm, deadline));
                }
            }
            left = left.saturating_sub(cues.len().max(1));
            self.emitted(cues, &mut batch);
        }
        if left == 0 && self.session.next_deadline().is_some_and(|d| d <= now) {
            batch.more = true;
            return batch;
        }
        let until = now.max(self.start).saturating_add(self.policy.horizon);
        if !self.policy.horizon.is_zero() {
            batch.ahead = self
                .ahead
                .extend(until, left, self.policy.answer_waits, &mut batch.more);
        }
        batch
    }

    /// Applies an input at `now` (the session catches up with `now` first; an input before
    /// the start counts at the start). An input that moves the session retracts what was
    /// handed ahead; the look-ahead goes on from the session as it now is.
    pub fn input(&mut self, input: Input, now: Duration) -> Batch {
        let now = now.max(self.start);
        let mut batch = Batch::default();
        let cues = self.session.handle(input, now);
        self.emitted(cues, &mut batch);
        if !matches!(input, Input::Rate(_)) {
            batch.retract |= self.ahead.has_handed();
            self.ahead = Lookahead::fork(&self.session);
        }
        batch.absorb(self.catch_up(now));
        batch
    }

    /// The next instant at which [`Driver::catch_up`] has something to do: a cue falls due,
    /// or the next cue comes within half the horizon and is to be handed out ahead.
    pub fn next_wake(&self) -> Option<Duration> {
        let due = self.session.next_deadline();
        let hand = match self.policy.horizon {
            horizon if horizon.is_zero() => None,
            horizon => self
                .ahead
                .next_deadline()
                .map(|at| at.saturating_sub(horizon / 2).max(self.start)),
        };
        [due, hand].into_iter().flatten().min()
    }

    /// Sorts the session's fresh cues into handed ahead or not; a cue the look-ahead did not
    /// foresee (it cannot happen without an input, but the outputs must never be misled)
    /// starts the look-ahead afresh.
    fn emitted(&mut self, cues: Vec<Cue>, batch: &mut Batch) {
        let mut foreseen = true;
        for cue in cues {
            let (handed, as_foreseen) = self.ahead.emitted(&cue);
            foreseen &= as_foreseen;
            batch.due.push(Due { cue, handed });
        }
        if !foreseen {
            batch.retract |= self.ahead.has_handed();
            self.ahead = Lookahead::fork(&self.session);
        }
    }
}
