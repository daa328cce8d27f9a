//! The one loop every way of playing runs: time and events from a [`Source`], the session
//! played by the [`Driver`], what it hands out carried to the outputs ([`CueSink`]).
//!
//! ```text
//!   terminal keys, resize --+                                  +--> screen (a Front)
//!   signals ----------------+--> loop: Driver::catch_up(now) --+--> sound, placed ahead
//!   scripted clock (tests) -+                                  +--> bell, JSON lines
//! ```
//!
//! What differs between the full-screen player and headless play is a [`Front`]: how events
//! become inputs, what else wakes the loop (the displayed second turning), and when it is
//! over. The loop sleeps until the earliest thing due, and never runs long between two looks
//! at its events: the driver hands out a bounded batch per call, and while it has more, the
//! loop only peeks at the events before going on.

#[cfg(test)]
pub mod script;
pub mod signals;
pub mod sink;
pub mod source;

use std::time::{Duration, Instant};

pub use sink::{CueSink, Lost, Outputs, Owned, Silent, Timed, deliver};
pub use source::{Event, Events, Live, Source, Timeline};

use crate::driver::{Batch, Driver, Due};
use crate::plan::Plan;

/// How far ahead, in real time, cues are handed to the outputs: a sound device must know of
/// a sound before it starts its stream for it, and places it on its sample from then on.
pub const LOOK_AHEAD: Duration = Duration::from_secs(2);

/// Why the loop woke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woke {
    /// The first time round.
    Start,
    /// A deadline came, with no event.
    Deadline,
    /// An event was answered.
    Event,
    /// The driver had more to hand out at once.
    Busy,
}

/// The part of a way of playing that is its own.
pub trait Front {
    type Outcome;
    type Error;

    /// The session under way, if any (the screen has an intro and a summary without one).
    fn driver(&mut self) -> Option<&mut Driver>;

    /// After the session caught up with `now` (`due` went out to the outputs): react to it
    /// (flash, summary), draw. An outcome ends the loop.
    fn settle(
        &mut self,
        now: Duration,
        due: &[Due],
        woke: Woke,
        out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Self::Error>;

    /// When the front wants to wake by itself (the displayed time turns, a flash ends).
    fn next_wake(&self, now: Duration) -> Option<Duration>;

    /// Answers an event. An outcome ends the loop.
    fn event(
        &mut self,
        event: Event,
        now: Duration,
        out: &mut Out,
    ) -> Result<Option<Self::Outcome>, Self::Error>;

    /// An output can take no more cues: the session ends.
    fn lost(&mut self, lost: Lost, now: Duration, out: &mut Out) -> Self::Outcome;
}

/// What a front reaches while it answers: the clock and the outputs.
pub struct Out<'a> {
    source: &'a dyn Source,
    pub sink: &'a mut dyn CueSink,
    lost: Option<Lost>,
}

impl Out<'_> {
    /// The session's clock now.
    pub fn now(&self) -> Duration {
        self.source.now()
    }

    pub fn instant_at(&self, at: Duration) -> Instant {
        self.source.instant_at(at)
    }

    /// Carries a batch of the driver to the outputs.
    pub fn send(&mut self, plan: &Plan, batch: &Batch) {
        let timeline: &dyn Timeline = self.source;
        if let Err(lost) = deliver(plan, batch, timeline, self.sink) {
            self.lost.get_or_insert(lost);
        }
    }
}

/// Runs `front` until it has an outcome.
pub fn run<F: Front>(
    front: &mut F,
    source: &mut dyn Source,
    sink: &mut dyn CueSink,
) -> Result<F::Outcome, F::Error> {
    let mut woke = Woke::Start;
    loop {
        let now = source.now();
        let mut out = Out {
            source: &*source,
            sink: &mut *sink,
            lost: None,
        };
        let (due, more) = match front.driver() {
            Some(driver) => {
                let batch = driver.catch_up(now);
                out.send(driver.plan(), &batch);
                (batch.due, batch.more)
            }
            None => (Vec::new(), false),
        };
        if let Some(lost) = out.lost.take() {
            return Ok(front.lost(lost, now, &mut out));
        }
        if let Some(outcome) = front.settle(now, &due, woke, &mut out)? {
            return Ok(outcome);
        }
        let session = front.driver().map(|driver| driver.session());
        out.sink.state(session, now);
        if let Some(lost) = out.lost.take() {
            return Ok(front.lost(lost, now, &mut out));
        }
        let event = if more {
            source.poll()
        } else {
            let driver_wake = front.driver().and_then(|driver| driver.next_wake());
            let wake = [driver_wake, front.next_wake(now)]
                .into_iter()
                .flatten()
                .min();
            source.wait(wake)
        };
        woke = match event {
            None if more => Woke::Busy,
            None => Woke::Deadline,
            Some(event) => {
                let now = source.now();
                let mut out = Out {
                    source: &*source,
                    sink: &mut *sink,
                    lost: None,
                };
                if let Some(outcome) = front.event(event, now, &mut out)? {
                    return Ok(outcome);
                }
                if let Some(lost) = out.lost.take() {
                    return Ok(front.lost(lost, now, &mut out));
                }
                Woke::Event
            }
        };
    }
}
